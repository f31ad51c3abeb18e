"""The understood request's title reads as the user would say it, in every reply language.

Over the labelled partner queries (English) and the cross-lingual set's partner and calls texts
in the seven other reply languages: no title word is a function word of the message's language
(the ``stop-words`` package's own list, read here directly) or an English stop word.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from stop_words import get_stop_words

from actions.partners import cards
from knowledge.partners.query import PartnerFilters
from taxonomy.stopwords import _TOPIC_WORDS, PARTNER_SEARCH_STOPWORDS
from taxonomy.text import fold

EVAL = Path(__file__).resolve().parents[2] / "eval"
LANGUAGES = ("de", "fr", "es", "it", "pl", "nl", "pt")


def _stop(language: str) -> set[str]:
    keep = set(_TOPIC_WORDS.get(language, "").split())
    own = (
        {fold(w) for w in get_stop_words(language) if w not in keep} if language != "en" else set()
    )
    return own | set(PARTNER_SEARCH_STOPWORDS)


def _title_words(query: str, language: str) -> list[str]:
    """The title's words, folded whole ("IT-beveiliging" is one word); acronyms left out."""
    title = cards.request_of(query, PartnerFilters(), language)["text"]
    return [fold(w) for w in title.split() if len(fold(w)) > 1 and not w.isupper()]


def test_labelled_english_queries_keep_no_stop_word() -> None:
    queries = yaml.safe_load((EVAL / "partner_queries.yml").read_text(encoding="utf-8"))["queries"]
    stop = _stop("en")
    for query in queries:
        kept = [w for w in _title_words(query["query"], "en") if w in stop]
        assert not kept, (query["query"], kept)


@pytest.mark.parametrize("language", LANGUAGES)
def test_cross_lingual_texts_keep_no_function_word(language: str) -> None:
    queries = yaml.safe_load((EVAL / "crosslingual.yml").read_text(encoding="utf-8"))["queries"]
    stop = _stop(language)
    texts = [q["texts"][language] for q in queries if language in q["texts"]]
    assert len(texts) >= 60
    for message in texts:
        words = _title_words(message, language)
        assert words, message  # a topic is left
        kept = [w for w in words if w in stop]
        assert not kept, (message, kept)


def test_german_request_with_country_reads_as_said() -> None:
    request = cards.request_of(
        "Wir suchen Partner für Textilrecycling in", PartnerFilters(country="DE"), "de"
    )
    assert request["text"] == "Textilrecycling · Deutschland"
    french = cards.request_of("stockage de l'hydrogène", PartnerFilters(region="ES21"), "fr")
    assert french["text"] == "stockage hydrogène · País Vasco"
    assert cards.topic_of("clusters pour avions", "fr") == "avions"
    assert cards.topic_of("AI clusters in Italia", "it") == "AI Italia"  # an acronym stays
    assert cards.request_of("hydrogen", PartnerFilters(region="Bayern"), "en")["text"] == (
        "hydrogen · Bavaria"
    )
