"""Negated places (taxonomy/negation.py): a place after a word of exclusion is left out, in the
reply languages and some of the other EU languages; a place without one, or after "not only",
"no," (an answer) or Portuguese "no" (in the), is not."""

from __future__ import annotations

import pytest

from taxonomy.negation import negated, negation_span


def _at(text: str, place: str) -> tuple[int, int]:
    start = text.index(place)
    return start, start + len(place)


NEGATED = [
    ("hydrogen partners in the Nordics but not Sweden", "Sweden"),
    ("battery clusters, not in Germany please", "Germany"),
    ("we want a partner outside France", "France"),
    ("anywhere except Spain", "Spain"),
    ("no Italian clusters please", "Italian"),
    ("other than Austria, who works on wood construction?", "Austria"),
    ("Cluster für Robotik, aber nicht in Deutschland", "Deutschland"),
    ("Partner außerhalb von Österreich", "Österreich"),
    ("Wasserstoff-Cluster in Europa, Deutschland ausgenommen", "Deutschland"),
    ("keine deutschen Cluster bitte", "deutschen"),
    ("des clusters textiles hors de France", "France"),
    ("des partenaires en Europe sauf la Belgique", "Belgique"),
    ("pas de clusters en France", "France"),
    ("clústeres de energía excepto España", "España"),
    ("socios fuera de España", "España"),
    ("no en España, por favor", "España"),
    ("partner per l'idrogeno tranne l'Italia", "Italia"),
    ("cluster fuori dall'Italia", "Italia"),
    ("klastry poza Polską", "Polską"),
    ("partnerzy z wyjątkiem Niemiec", "Niemiec"),
    ("clusters behalve Nederland", "Nederland"),
    ("partners buiten België", "België"),
    ("geen Duitse clusters", "Duitse"),
    ("parceiros exceto Portugal", "Portugal"),
    ("clusters fora de Portugal", "Portugal"),
    ("klastry mimo Česko", "Česko"),  # Czech "outside"
    ("kluster utom Sverige", "Sverige"),  # Swedish "except"
    ("klaszterek, kivéve Ausztriát", "Ausztriát"),  # Hungarian "except"
]

NOT_NEGATED = [
    ("hydrogen clusters in Germany", "Germany"),
    ("not only in Germany, also in Austria", "Germany"),
    ("non, en France", "France"),
    ("no, in Spain", "Spain"),
    ("parceiros no Porto", "Porto"),
    ("I'm not sure, but partners in Germany", "Germany"),
    ("nicht nur in Deutschland", "Deutschland"),
    ("wir haben nicht viele Partner in Deutschland", "Deutschland"),
    ("Cluster in Bayern, nicht in Baden-Württemberg", "Bayern"),
]


@pytest.mark.parametrize(("text", "place"), NEGATED)
def test_a_place_after_a_word_of_exclusion_is_negated(text, place):
    assert negated(text, *_at(text, place))


@pytest.mark.parametrize(("text", "place"), NOT_NEGATED)
def test_a_place_without_an_exclusion_is_not(text, place):
    assert not negated(text, *_at(text, place))


def test_the_span_covers_the_cue_so_the_topic_loses_it():
    text = "textile clusters anywhere except Spain"
    start, end = negation_span(text, *_at(text, "Spain"))
    assert text[start:end] == "except Spain"
    text = "Cluster in Europa, Deutschland ausgenommen"
    start, end = negation_span(text, *_at(text, "Deutschland"))
    assert text[start:end] == "Deutschland ausgenommen"


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 2), (0, 999), (0, 0)])
def test_bad_spans_are_no_negation(start, end):
    assert not negated("not in Germany", start, end)
    assert not negated(None, 0, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("clusters de cortiça em Portugal, mas não no Alentejo", "Alentejo"),
        ("parceiros em Espanha, não na Galiza", "Galiza"),
        ("empresas de calçado, exceto no Norte", "Norte"),
    ],
)
def test_a_cue_before_portuguese_no_still_negates(text, place):
    # "no" is Portuguese "in the": a weak cue itself, but no stop for the cue before it
    start = text.index(place)
    assert negated(text, start, start + len(place))


def test_portuguese_no_alone_still_names_the_place():
    text = "procuramos parceiros no Porto"
    start = text.index("Porto")
    assert not negated(text, start, start + len("Porto"))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("otsime puidutööstuse partnereid Eestis, aga mitte Tartus", "Tartus"),
        ("etsimme kumppaneita Suomesta, ei Oulussa", "Oulussa"),
        ("partnerek Magyarországon, de nem Debrecenben", "Debrecenben"),
        ("partneri Latvijā, bet ne Rīgā", "Rīgā"),
        ("hledáme partnery v Česku, ale ne v Brně", "Brně"),
        ("συνεργάτες στην Ελλάδα, όχι στην Αθήνα", "Αθήνα"),
        ("klasteri v Bulgaria, но не в София", "София"),
    ],
)
def test_the_plain_not_of_the_languages_read_in_case_forms(text, place):
    # session 18: an excluded town in a case form became the region filter (tenth set, et)
    start = text.index(place)
    assert negated(text, start, start + len(place))


@pytest.mark.parametrize(
    ("text", "place"),
    [("clusters in Tartu", "Tartu"), ("partnerek Debrecenben", "Debrecenben")],
)
def test_a_town_without_the_plain_not_stays_the_place(text, place):
    start = text.index(place)
    assert not negated(text, start, start + len(place))
