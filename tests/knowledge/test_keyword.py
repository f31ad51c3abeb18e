"""BM25F keyword index: field weights, acronyms, compounds, typos, incremental changes."""

import math
import random

import numpy as np
import pytest

from knowledge.errors import KnowledgeError
from knowledge.partners.keyword import (
    FieldWeights,
    KeywordIndex,
    profile_fields,
    query_terms,
    stem,
    tokens,
)
from knowledge.records import ClusterProfile


def ranked(index: KeywordIndex, query: str, profiles: list[ClusterProfile]) -> list[str]:
    scores, _ = index.scores(query_terms(query))
    return [profiles[row].id for row, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))]


def test_tokens_fold_stem_and_drop_stop_words() -> None:
    assert tokens("The Batteries & Fuel-Cells of Île-de-France") == [
        "battery",
        "fuel",
        "cell",
        "ile",
        "de",
        "france",
    ]
    assert stem("systems") == "system" and stem("process") == "process" and stem("bus") == "bus"


def test_technologies_get_joined_compounds(real_profiles: list[ClusterProfile]) -> None:
    cyber = next(p for p in real_profiles if p.id == "cybernorth")
    assert "cybersecurity" in profile_fields(cyber)["technologies"]


def test_acronym_counts_and_rare_terms_weigh_more(real_profiles: list[ClusterProfile]) -> None:
    index = KeywordIndex.build(enumerate(real_profiles))
    mro = ranked(index, "MRO", real_profiles)
    assert set(mro[:2]) == {"hamburg-aviation", "andalucia-aerospace"}
    # "mro" is rarer than "energy", so its idf is higher.
    assert index.idf("mro") > index.idf("energy") > 0


def test_technology_field_outweighs_description(real_profiles: list[ClusterProfile]) -> None:
    index = KeywordIndex.build(enumerate(real_profiles))
    top = ranked(index, "desalination", real_profiles)
    assert top[0] == "catalan-water-partnership"
    only_description = KeywordIndex.build(
        enumerate(real_profiles), FieldWeights(technologies=0.0, name=0.0, sectors=0.0)
    )
    assert only_description.scores(["mro"])[0].keys() <= index.scores(["mro"])[0].keys()


def test_compound_written_as_one_word_matches_two_words(
    real_profiles: list[ClusterProfile],
) -> None:
    index = KeywordIndex.build(enumerate(real_profiles))
    one_word = set(ranked(index, "cybersecurity", real_profiles))
    # These write "cyber security" (two words) and nothing else cyber-related as one word.
    assert {"cybernorth", "cyber-ireland", "scotlandis"} <= one_word


def test_typos_and_prefixes_expand_to_the_vocabulary(real_profiles: list[ClusterProfile]) -> None:
    index = KeywordIndex.build(enumerate(real_profiles))
    assert index.expand("hydorgen") == [("hydrogen", 0.7)]
    assert ("robotic", 0.8) in index.expand("robot") or index.expand("robot")[0][1] == 1.0
    assert index.expand("zzzzzzzz") == [] and index.expand("qq") == []
    assert "tenerrdis" in ranked(index, "hydorgen fuel cells", real_profiles)[:3]


def test_scores_are_normalisable_and_respect_rows(real_profiles: list[ClusterProfile]) -> None:
    index = KeywordIndex.build(enumerate(real_profiles))
    terms = query_terms("offshore wind supply chain")
    scores, bound = index.scores(terms)
    assert scores and all(0 < s < bound for s in scores.values())
    some = [row for row in list(scores)[:3]]
    import numpy as np

    limited, _ = index.scores(terms, np.asarray(some))
    assert set(limited) == set(some)
    assert index.scores(["zzzzzzzz"]) == ({}, 0.0)


def test_add_and_remove_are_incremental(real_profiles: list[ClusterProfile]) -> None:
    full = KeywordIndex.build(enumerate(real_profiles))
    partial = KeywordIndex.build(enumerate(real_profiles[:-1]))
    last = len(real_profiles) - 1
    partial.add(last, real_profiles[-1])
    terms = query_terms("software development outsourcing hemp")
    a, _ = full.scores(terms)
    b, _ = partial.scores(terms)
    assert a.keys() == b.keys() and all(math.isclose(a[r], b[r]) for r in a)
    partial.remove(last)
    assert last not in partial and len(partial) == last
    assert last not in partial.scores(terms)[0]
    partial.remove(last)  # no-op


def test_edits_after_a_build_score_like_a_fresh_build(real_profiles: list[ClusterProfile]) -> None:
    # Base rows removed and re-added, a base row replaced by another profile, new rows: every
    # score, idf, expansion and explanation must equal those of an index built from scratch.
    rng = random.Random(7)
    edited = KeywordIndex.build(enumerate(real_profiles[:300]))
    current = dict(enumerate(real_profiles[:300]))
    for row in rng.sample(range(300), 60):
        edited.remove(row)
        del current[row]
    for row in rng.sample(sorted(current), 20):  # replace in place
        current[row] = real_profiles[rng.randrange(300, len(real_profiles))]
        edited.add(row, current[row])
    for offset, profile in enumerate(real_profiles[300:]):
        edited.add(400 + offset, profile)
        current[400 + offset] = profile
    edited.remove(400)
    del current[400]
    fresh = KeywordIndex.build(sorted(current.items()))

    assert len(edited) == len(fresh) == len(current)
    assert all(row in edited for row in current) and 400 not in edited
    queries = [
        "hydrogen storage electrolysers",
        "textile recycling circular",
        "precision farming sensors agrifood",
        "cyber security ai",
        "hydorgen",
        "robot",
    ]
    for text in queries:
        terms = query_terms(text)
        a, total_a = edited.scores(terms)
        b, total_b = fresh.scores(terms)
        assert a.keys() == b.keys(), text
        assert all(math.isclose(a[r], b[r], rel_tol=1e-9) for r in a), text
        assert math.isclose(total_a, total_b)
        assert [edited.expand(t) for t in terms] == [fresh.expand(t) for t in terms]
        for row in list(a)[:10]:
            assert edited.matched_terms(row, terms) == fresh.matched_terms(row, terms)


def test_removing_every_profile_of_a_word_forgets_the_word(
    real_profiles: list[ClusterProfile],
) -> None:
    index = KeywordIndex.build(enumerate(real_profiles))
    hits, _ = index.scores(["hemp"])
    assert hits
    for row in hits:
        index.remove(row)
    assert index.idf("hemp") == 0.0 and index.scores(["hemp"]) == ({}, 0.0)
    assert all(not w.startswith("hemp") for w, _ in index.expand("hemps"))


def test_saved_index_loads_with_the_same_scores_and_keeps_editing(
    real_profiles: list[ClusterProfile], tmp_path
) -> None:
    index = KeywordIndex.build(enumerate(real_profiles[:-5]))
    index.remove(3)
    index.add(len(real_profiles), real_profiles[-1])  # a delta row, merged into the file
    index.save(tmp_path / "kw.npz")
    loaded = KeywordIndex.load(tmp_path / "kw.npz")
    assert len(loaded) == len(index) and 3 not in loaded and len(real_profiles) in loaded
    for text in ("hydrogen storage", "textile recycling", "hydorgen valley", "aerospace mro"):
        terms = query_terms(text)
        a, total_a = index.scores(terms)
        b, total_b = loaded.scores(terms)
        assert a.keys() == b.keys() and all(math.isclose(a[r], b[r]) for r in a), text
        assert math.isclose(total_a, total_b)
        for row in list(a)[:5]:
            assert loaded.matched_terms(row, terms) == index.matched_terms(row, terms)
    loaded.add(3, real_profiles[3])
    index.add(3, real_profiles[3])
    terms = query_terms("software development outsourcing")
    assert loaded.scores(terms) == index.scores(terms)


def test_unreadable_or_foreign_keyword_files_are_refused(
    real_profiles: list[ClusterProfile], tmp_path
) -> None:
    index = KeywordIndex.build(enumerate(real_profiles[:20]))
    index.save(tmp_path / "kw.npz")
    with pytest.raises(KnowledgeError, match="other field weights"):
        KeywordIndex.load(tmp_path / "kw.npz", FieldWeights(name=5.0))
    (tmp_path / "bad.npz").write_bytes(b"\x00garbage" * 10)
    with pytest.raises(KnowledgeError, match=r"bad\.npz"):
        KeywordIndex.load(tmp_path / "bad.npz")
    with np.load(tmp_path / "kw.npz") as data:
        arrays = {name: data[name] for name in data.files}
    arrays["rows"] = arrays["rows"] + 1000  # rows beyond the table
    np.savez(tmp_path / "cut.npz", **arrays)
    with pytest.raises(KnowledgeError, match="inconsistent"):
        KeywordIndex.load(tmp_path / "cut.npz")
    with pytest.raises(KnowledgeError, match=r"missing\.npz"):
        KeywordIndex.load(tmp_path / "missing.npz")
