"""The keyword index saved with the partner index: used when it fits, rebuilt when it does not.

Why it matters: at a million profiles building the BM25F index takes ~10 minutes of Python
tokenising, which an action server would otherwise spend on its first query after a start or an
index reload. A saved copy that no longer fits (other tokeniser, other rows, damaged) must never
be used: the index then builds it as before.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from knowledge.embedding import FakeEmbedder
from knowledge.errors import KnowledgeError
from knowledge.partners.index import PartnerIndex
from knowledge.partners.keyword import KeywordIndex, query_terms
from knowledge.partners.keyword import analysis as keyword_module
from knowledge.partners.manifest import KEYWORDS, MANIFEST
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile

QUERIES = (
    "hydrogen storage electrolysers",
    "textile recycling circular",
    "precision farming sensors agrifood",
    "cyber security ai",
    "aerospace mro",
    "hydorgen",
    "robot",
)
FRESH_BUILD = KeywordIndex.build  # bound before any test patches it


def assert_scores_like_fresh(index: PartnerIndex) -> None:
    """The index's keyword side scores, expands and explains like one built from its profiles."""
    fresh = FRESH_BUILD((row, index.profile_at(row)) for row in index.live_rows().tolist())
    kept = index.keywords
    assert len(kept) == len(fresh) == len(index)
    np.testing.assert_array_equal(kept.live_rows(), index.live_rows())
    for text in QUERIES:
        terms = query_terms(text)
        a, total_a = kept.scores(terms)
        b, total_b = fresh.scores(terms)
        assert a.keys() == b.keys(), text
        assert all(math.isclose(a[r], b[r], rel_tol=1e-9) for r in a), text
        assert math.isclose(total_a, total_b), text
        assert [kept.expand(t) for t in terms] == [fresh.expand(t) for t in terms], text
        for row in list(a)[:10]:
            assert kept.matched_terms(row, terms) == fresh.matched_terms(row, terms), text


@pytest.fixture
def no_keyword_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any build of a keyword index from profiles fail the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the keyword index was rebuilt from the profiles")

    monkeypatch.setattr(KeywordIndex, "build", classmethod(refuse))


@pytest.fixture
def saved(tmp_path: Path, real_profiles: list[ClusterProfile]) -> tuple[Path, FakeEmbedder]:
    embedder = FakeEmbedder(dim=32)
    PartnerIndex.build(real_profiles, embedder, progress=False).save(tmp_path / "idx")
    return tmp_path / "idx", embedder


def test_save_writes_the_keyword_index_and_load_uses_it(
    saved: tuple[Path, FakeEmbedder], request: pytest.FixtureRequest
) -> None:
    path, embedder = saved
    manifest = json.loads((path / MANIFEST).read_text("utf-8"))
    assert manifest["keywords"]["file"] == KEYWORDS and (path / KEYWORDS).is_file()
    assert manifest["keywords"]["count"] == manifest["count"]
    request.getfixturevalue("no_keyword_builds")  # from here on, building would fail
    loaded = PartnerIndex.load(path, embedder)
    result = PartnerSearcher(loaded, embedder).search("hydrogen storage", k=5)
    assert result.matches and "hydrogen" in result.matches[0].why
    assert_scores_like_fresh(loaded)


def test_edits_and_compaction_keep_the_saved_keywords_exact(
    saved: tuple[Path, FakeEmbedder], real_profiles: list[ClusterProfile], no_keyword_builds
) -> None:
    path, embedder = saved
    index = PartnerIndex.load(path, embedder)
    removed = [p.id for p in real_profiles[:120]]  # a third: save() compacts
    index.remove(removed)
    changed = real_profiles[200].__class__.from_dict(
        real_profiles[200].to_dict() | {"technologies": ["quantum sensing", "photonics"]}
    )
    index.update([changed], embedder)
    rows_before = index.row_count
    index.save(path)
    assert index.row_count < rows_before and index.deleted == 0  # compacted, rows renumbered
    reloaded = PartnerIndex.load(path, embedder)
    assert reloaded.row_of(changed.id) == index.row_of(changed.id)
    assert reloaded.row_of(removed[0]) is None
    assert_scores_like_fresh(index)
    assert_scores_like_fresh(reloaded)
    hits, _ = reloaded.keywords.scores(query_terms("quantum sensing"))
    assert reloaded.row_of(changed.id) in hits


@pytest.mark.parametrize("damage", ["stop words", "stemming", "bytes", "other rows", "no entry"])
def test_a_saved_keyword_index_that_does_not_fit_is_rebuilt(
    damage: str,
    saved: tuple[Path, FakeEmbedder],
    real_profiles: list[ClusterProfile],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path, embedder = saved
    manifest_path = path / MANIFEST
    if damage == "stop words":  # the rules changed after the save: "hydrogen" is now ignored
        monkeypatch.setattr(keyword_module, "STOPWORDS", keyword_module.STOPWORDS | {"hydrogen"})
    elif damage == "stemming":  # a code change the fingerprint cannot see
        monkeypatch.setattr(keyword_module, "stem", lambda word: word)
    elif damage == "bytes":
        (path / KEYWORDS).write_bytes((path / KEYWORDS).read_bytes()[:1000])
    elif damage == "other rows":  # the file of another index (a copy left by hand)
        other = PartnerIndex.build(real_profiles[:-3], embedder, progress=False)
        other.save(tmp_path / "other")
        shutil.copy(tmp_path / "other" / KEYWORDS, path / KEYWORDS)
    else:  # an index saved before keyword files existed
        manifest = json.loads(manifest_path.read_text("utf-8"))
        del manifest["keywords"]
        manifest_path.write_text(json.dumps(manifest), "utf-8")

    with caplog.at_level(logging.INFO, logger="knowledge"):
        loaded = PartnerIndex.load(path, embedder)
    assert loaded._keywords is None  # not used: built on first use instead
    assert "keyword index" in caplog.text
    assert_scores_like_fresh(loaded)  # whatever the damage, queries see a correct index
    if damage == "stop words":
        assert loaded.keywords.scores(["hydrogen"]) == ({}, 0.0)
    loaded.save(path)  # the next save writes a fitting file again
    assert PartnerIndex.load(path, embedder)._keywords is not None


def test_compacted_renumbers_rows_like_a_fresh_build(real_profiles: list[ClusterProfile]) -> None:
    index = KeywordIndex.build(enumerate(real_profiles[:200]))
    for row in (0, 5, 6, 199):
        index.remove(row)
    index.add(250, real_profiles[300])  # a delta row
    index.add(251, real_profiles[301])
    index.remove(251)
    rows = index.live_rows()
    assert rows.tolist() == [r for r in [*range(200), 250] if r not in (0, 5, 6, 199)]
    compact = index.compacted(rows)
    profiles = [real_profiles[r] if r < 200 else real_profiles[300] for r in rows.tolist()]
    fresh = KeywordIndex.build(enumerate(profiles))
    np.testing.assert_array_equal(compact.live_rows(), np.arange(len(rows)))
    for text in QUERIES:
        terms = query_terms(text)
        assert compact.scores(terms)[0].keys() == fresh.scores(terms)[0].keys(), text
        a, b = compact.scores(terms)[0], fresh.scores(terms)[0]
        assert all(math.isclose(a[r], b[r]) for r in a), text
        for row in list(a)[:5]:
            assert compact.matched_terms(row, terms) == fresh.matched_terms(row, terms)
    assert len(index) == len(rows) and 250 in index  # the original is left as it was
    with pytest.raises(KnowledgeError, match="compaction rows"):
        index.compacted(rows[1:])


def test_mismatched_rows_names_profiles_that_tokenise_differently(
    real_profiles: list[ClusterProfile],
) -> None:
    index = KeywordIndex.build(enumerate(real_profiles[:10]))
    pairs = list(enumerate(real_profiles[:10]))
    assert index.mismatched_rows(pairs) == []
    assert index.mismatched_rows([(3, real_profiles[4]), (40, real_profiles[0])]) == [3, 40]
