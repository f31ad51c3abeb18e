"""Contract of the KeywordRetriever seam, run against every implementation.

Implementations: :class:`knowledge.partners.keyword.KeywordIndex` (partner search). The calls
keyword search (``knowledge.calls.store.CallStore``, SQLite FTS5 built from a whole file with
string ids and no add/remove) does not fit the protocol and is not run here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from knowledge.config import DEFAULT_PROFILES
from knowledge.partners.keyword import KeywordIndex, KeywordRetriever
from knowledge.records import ClusterProfile, load_profiles

Factory = Callable[[list[tuple[int, ClusterProfile]]], KeywordRetriever]
#: name -> (build from (id, profile) pairs, load from a saved path)
IMPLEMENTATIONS: dict[str, tuple[Factory, Callable[[Path], KeywordRetriever]]] = {
    "KeywordIndex": (KeywordIndex.build, KeywordIndex.load),
}

QUERIES = (
    "hydrogen storage electrolysers",
    "textile recycling circular",
    "cyber security ai",
    "aerospace mro",
    "hydorgen",
    "robot",
    "offshore wind supply chain",
)
ODD_QUERIES = (
    "",
    "   ",
    "!!! ??? ...",
    "x" * 100_000,
    "hydrogen " * 5_000,
    "水素 燃料電池 クラスター",
    "водород хранение энергии",
    "هيدروجين",
    "🚀🔋🌍",
    "\x00\x01\ufeff",
    "the and of a",
)


@pytest.fixture(scope="module")
def profiles() -> list[ClusterProfile]:
    return load_profiles(DEFAULT_PROFILES)[:120]


@pytest.fixture(params=sorted(IMPLEMENTATIONS), scope="module")
def implementation(request: pytest.FixtureRequest) -> tuple[Factory, Callable]:
    return IMPLEMENTATIONS[request.param]


@pytest.fixture(scope="module")
def retriever(implementation, profiles) -> KeywordRetriever:
    build, _ = implementation
    return build(list(enumerate(profiles)))


def _unique_probe() -> ClusterProfile:
    return ClusterProfile(
        id="contract-probe",
        name="Zyxquantorium Cluster",
        country="DE",
        sectors=("Energy",),
        technologies=("zyxquantorium smelting",),
        description="The only profile that mentions zyxquantorium.",
    )


def test_implements_the_protocol(retriever) -> None:
    assert isinstance(retriever, KeywordRetriever)


def test_exact_term_matches_rank_first(implementation, profiles) -> None:
    build, _ = implementation
    exact_row, near_row = len(profiles) + 5, len(profiles) + 6
    near = ClusterProfile(
        id="contract-near",
        name="Zyxquantorim Network",  # one letter off: a typo-level neighbour only
        country="FR",
        sectors=("Energy",),
        technologies=("zyxquantorim smelting", "zyxquantoriumite alloys"),
        description="Mentions zyxquantorim and zyxquantoriumite, never the exact word.",
    )
    index = build(
        [*enumerate(profiles), (exact_row, _unique_probe()), (near_row, near)],
    )
    hits = index.search("zyxquantorium", k=5)
    assert hits and hits[0][0] == exact_row
    assert all(score < hits[0][1] for row, score in hits[1:])
    # A word of the vocabulary matches exactly the profiles that hold it (no near matches).
    hydrogen = {row for row, _ in index.search("hydrogen", k=len(profiles))}
    holders = {
        row
        for row, p in enumerate(profiles)
        if {"hydrogen", "hydrogens"}
        & set(
            re.findall(
                r"\w+", " ".join((p.name, *p.technologies, *p.sectors, p.description)).lower()
            )
        )
    }
    assert holders and hydrogen == holders


def test_hits_are_positive_sorted_and_bounded_by_k(retriever) -> None:
    for query in QUERIES:
        for k in (1, 3, 10):
            hits = retriever.search(query, k=k)
            assert len(hits) <= k
            scores = [score for _, score in hits]
            assert all(score > 0 for score in scores)
            assert scores == sorted(scores, reverse=True)
            assert len({row for row, _ in hits}) == len(hits)
    assert retriever.search("hydrogen", k=0) == []


def test_allowed_ids_never_leak(retriever, profiles) -> None:
    rng = np.random.default_rng(7)
    for query in QUERIES:
        allowed = rng.choice(len(profiles), size=len(profiles) // 4, replace=False)
        hits = retriever.search(query, k=len(profiles), allowed=allowed)
        assert {row for row, _ in hits} <= set(allowed.tolist())
        assert retriever.search(query, k=10, allowed=[]) == []
        # Ids the retriever never saw may be allowed; they never come back either.
        assert retriever.search(query, k=10, allowed=[10**6, 10**6 + 1]) == []
    unrestricted = dict(retriever.search("hydrogen", k=len(profiles)))
    restricted = dict(retriever.search("hydrogen", k=len(profiles), allowed=list(unrestricted)))
    assert restricted.keys() == unrestricted.keys()


def test_removed_ids_never_return(implementation, profiles) -> None:
    build, _ = implementation
    index = build(list(enumerate(profiles)))
    before = {row for query in QUERIES for row, _ in index.search(query, k=len(profiles))}
    removed = sorted(before)[::3]
    for row in removed:
        index.remove(row)
        assert row not in index
    index.remove(removed[0])  # removing twice is a no-op
    assert len(index) == len(profiles) - len(removed)
    for query in QUERIES:
        rows = {row for row, _ in index.search(query, k=len(profiles))}
        assert not rows & set(removed)
        allowed = {row for row, _ in index.search(query, k=len(profiles), allowed=removed)}
        assert not allowed
    # Added back under a new id, a removed profile is found under that id only.
    new_row = len(profiles) + 100
    index.add(new_row, profiles[removed[0]])
    name_hits = {row for row, _ in index.search(profiles[removed[0]].name, k=len(profiles))}
    assert new_row in name_hits and removed[0] not in name_hits


def test_add_replaces_what_an_id_held(implementation, profiles) -> None:
    build, _ = implementation
    index = build(list(enumerate(profiles[:30])))
    index.add(3, _unique_probe())
    assert len(index) == 30
    assert [row for row, _ in index.search("zyxquantorium", k=5)] == [3]
    index.add(3, profiles[3])
    assert index.search("zyxquantorium", k=5) == []


def test_save_and_load_round_trip(implementation, profiles, tmp_path: Path) -> None:
    build, load = implementation
    index = build(list(enumerate(profiles)))
    index.remove(4)
    index.add(len(profiles) + 1, _unique_probe())
    path = tmp_path / "keywords.npz"
    index.save(path)
    loaded = load(path)
    assert len(loaded) == len(index)
    for query in (*QUERIES, "zyxquantorium", *ODD_QUERIES[:3]):
        assert loaded.search(query, k=25) == index.search(query, k=25)
        allowed = list(range(0, len(profiles), 2))
        assert loaded.search(query, k=25, allowed=allowed) == index.search(
            query, k=25, allowed=allowed
        )


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_empty_huge_and_non_latin_queries_do_not_crash(retriever, query: str) -> None:
    hits = retriever.search(query, k=10)
    assert isinstance(hits, list) and len(hits) <= 10
    assert all(score > 0 for _, score in hits)


def test_an_empty_retriever_answers_nothing(implementation) -> None:
    build, _ = implementation
    index = build([])
    assert len(index) == 0
    for query in (*QUERIES, *ODD_QUERIES):
        assert index.search(query, k=5) == []
