"""Reasons and match strength of partner hits, over the labelled queries, with the real model.

Every hit's reason must name something of the profile that matched: one of its technologies
(by the query's words, or the one closest in meaning), sectors, name words, places or its label;
never a stop word, never a word of the user's sentence that matched no field.
"""

from __future__ import annotations

import pytest

from bench.eval_partners import EVAL_SET, load_queries, real_searcher
from knowledge.partners.keyword import query_terms, stem, tokens
from knowledge.partners.query import PartnerFilters
from knowledge.partners.strength import GOOD, STRONG, match_strength, strength_of
from taxonomy.stopwords import PARTNER_SEARCH_STOPWORDS
from taxonomy.text import fold


def test_strength_words_follow_the_measured_thresholds() -> None:
    assert strength_of(STRONG) == "strong" and strength_of(STRONG - 0.001) == "good"
    assert strength_of(GOOD) == "good" and strength_of(GOOD - 0.001) == "partial"
    assert GOOD < STRONG


@pytest.fixture(scope="module")
def labelled_hits():
    searcher, _ = real_searcher()
    out = []
    for q in load_queries(EVAL_SET):
        result = searcher.search(q.query, PartnerFilters(**q.filters), k=5)
        out += [(q, result, m) for m in result.matches]
    return searcher, out


@pytest.mark.slow
def test_every_reason_names_a_matched_field_of_the_profile(labelled_hits) -> None:
    searcher, labelled_hits = labelled_hits
    assert len(labelled_hits) > 200
    for q, result, m in labelled_hits:
        r, p = m.reason, m.profile
        assert not r.is_empty(), (q.id, p.id)
        assert set(r.technologies) <= set(p.technologies), (q.id, p.id, r)
        assert set(r.related) <= set(p.technologies), (q.id, p.id, r)
        assert set(r.sectors) <= set(p.sectors), (q.id, p.id, r)
        assert set(r.places) <= {p.city, p.region, p.country} - {None}, (q.id, p.id, r)
        assert r.label in (None, p.label)
        name = f" {fold(f'{p.name} {p.acronym or str()}')} "
        for word in r.name:
            assert f" {fold(word)} " in name, (q.id, p.id, word)
            assert fold(word) not in PARTNER_SEARCH_STOPWORDS, (q.id, p.id, word)
        terms = {stem(t) for t in query_terms(q.query)} | {
            w for t in query_terms(q.query) for w, _ in searcher.index.keywords.expand(t)
        }  # the query's words with the spellings they stand for ("hydorgen" -> hydrogen)
        for tech in r.technologies:
            # a technology cited as matched by words shares a word (or its start) with the query
            words = tokens(tech)
            assert any(
                w == t or w.startswith(t[:5]) or t.startswith(w[:5]) for w in words for t in terms
            ) or any(result.filters.sector == s for s in r.sectors), (q.id, p.id, tech)
        if result.filters.country:  # the place the country filter matched is named
            assert r.places and set(r.places) <= {p.city, p.region, p.country}


@pytest.mark.slow
def test_hybrid_hits_have_a_strength_and_strong_ones_are_mostly_relevant(labelled_hits) -> None:
    _, labelled_hits = labelled_hits
    strong = [(q, m) for q, _, m in labelled_hits if match_strength(m) == "strong"]
    assert all(match_strength(m) is not None for _, _, m in labelled_hits if m.keyword is not None)
    relevant = sum(q.relevant.get(m.profile.id, 0) >= 1 for q, m in strong)
    assert strong and relevant / len(strong) >= 0.85, (relevant, len(strong))
