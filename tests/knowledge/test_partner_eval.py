"""Retrieval quality with the real packaged model on the labelled set (slow: ~1 minute).

Asserts on the held-out ``test`` half only: the fusion weights were chosen on the ``tune`` half.
"""

import pytest

from bench.eval_partners import EVAL_SET, load_queries, real_searcher, summary
from knowledge.config import DEFAULT_PROFILES
from knowledge.records import load_profiles


def test_labelled_set_is_well_formed() -> None:
    queries = load_queries(EVAL_SET, known_ids=(p.id for p in load_profiles(DEFAULT_PROFILES)))
    assert len(queries) >= 40
    assert {q.split for q in queries} == {"tune", "test"}
    assert sum(q.split == "test" for q in queries) >= 20
    assert any(q.filters for q in queries)


@pytest.mark.slow
def test_hybrid_beats_each_single_method_on_held_out_queries() -> None:
    searcher, _ = real_searcher()
    queries = [q for q in load_queries(EVAL_SET) if q.split == "test"]
    scores = summary(searcher, queries)
    best_single = max(scores["keyword"].ndcg10, scores["dense"].ndcg10)
    assert scores["hybrid"].ndcg10 >= best_single + 0.03, {m: s.ndcg10 for m, s in scores.items()}
    assert scores["hybrid"].r10 >= max(scores["keyword"].r10, scores["dense"].r10)
