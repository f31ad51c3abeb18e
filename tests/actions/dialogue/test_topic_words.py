"""Filters alone are a valid partner search in every reply language (issue 13, section 3)."""

from __future__ import annotations

import pytest

from actions.dialogue.parsing import has_topic, partner_request


def _entities(text: str, spans: list[tuple[str, str, str]]) -> list[dict]:
    out = []
    for entity, span, value in spans:
        start = text.index(span)
        out.append({"entity": entity, "start": start, "end": start + len(span), "value": value})
    return out


@pytest.mark.parametrize(
    ("text", "language", "spans"),
    [
        ("clusters with a gold label in Germany", None, [("label", "gold label", "gold label"), ("country", "Germany", "DE")]),
        ("Welche Cluster mit Goldlabel gibt es in Bayern?", "de", [("label", "Goldlabel", "gold label"), ("region", "Bayern", "Bayern")]),
        ("Clusters labellisés or en France", "fr", [("label", "labellisés or", "gold label"), ("country", "France", "FR")]),
        ("clústeres con sello de oro en España", "es", [("label", "sello de oro", "gold label"), ("country", "España", "ES")]),
        ("Cluster con marchio d'oro in Italia", "it", [("label", "marchio d'oro", "gold label"), ("country", "Italia", "IT")]),
        ("Klastry ze złotym certyfikatem w Polsce", "pl", [("label", "złotym certyfikatem", "gold label"), ("country", "Polsce", "PL")]),
        ("Clusters met een gouden label in Nederland", "nl", [("label", "gouden label", "gold label"), ("country", "Nederland", "NL")]),
        ("Existem clusters com selo de ouro em Portugal?", "pt", [("label", "selo de ouro", "gold label"), ("country", "Portugal", "PT")]),
    ],
)  # fmt: skip
def test_filters_alone_name_no_topic(text: str, language: str | None, spans) -> None:
    request = partner_request(text, _entities(text, spans))
    assert request.filters.label == "gold"
    assert not has_topic(request.query, language), request.query


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("Wasserstoff-Cluster in", "de"),
        ("pôles de l'hydrogène en", "fr"),
        ("clústeres de robótica en", "es"),
        ("hydrogen clusters in", None),
    ],
)
def test_a_topic_word_is_still_a_topic(query: str, language: str | None) -> None:
    assert has_topic(query, language)
