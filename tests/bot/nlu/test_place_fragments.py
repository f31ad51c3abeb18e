"""Places written where the older rules missed them (issue 13 part 2, session 21): after an
article and a word for "region" ("in de regio Eindhoven"), a name several regions share
("Brabant": every reading, no guessed country), and a town in a short fragment with no
preposition ("hightech cluster Eindhoven")."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from bot.nlu.places import find_places, grammar_words, place_index


def _found(text: str, language: str | None) -> list[tuple[str, str]]:
    return [(p.label, p.value) for p in find_places(text, language) if p.label == "region"]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Welke clusters zitten er in de regio Eindhoven?", "nl", "Eindhoven"),
        ("Cluster in der Region Ingolstadt für Fahrzeugbau", "de", "Ingolstadt"),
        ("clusters in the region Leiria for moulds", "en", "Leiria"),
    ],
)
def test_a_town_after_an_article_and_a_region_word(text, language, value):
    assert _found(text, language) == [("region", value)]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Wij zoeken een cluster voor fotonische chips in Brabant", "nl", "Brabant"),
        ("clusters uit Limburg voor chemie", "nl", "Limburg"),
        ("a food cluster in Brabant", "en", "Brabant"),
    ],
)
def test_a_shared_region_name_is_found_after_a_preposition(text, language, value):
    assert _found(text, language) == [("region", value)]


def test_a_shared_name_is_no_place_without_a_preposition():
    assert _found("Brabant Development is our partner", "en") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hightech cluster Eindhoven", "Eindhoven"),
        ("fotonica Eindhoven", "Eindhoven"),
        ("Kuopio food cluster", "Kuopio"),
        ("clusters Toulouse aerospace", "Toulouse"),
    ],
)
def test_a_town_in_a_short_fragment(text, value):
    assert _found(text, None) == [("region", value)]


def test_a_fragment_without_a_search_noun_needs_a_topic():
    assert place_index().fragment_towns("Eindhoven robotics", grammar_words()) == []
    [town] = place_index().fragment_towns("Eindhoven robotics", grammar_words(), topic=True)
    assert town.value == "Eindhoven"


@pytest.mark.parametrize(
    "text",
    [
        "Eindhoven",  # a lone name is no request
        "eindhoven photonics cluster",  # no capital: not written as a name
        "we are a photonics company and our office is close to the Eindhoven airport",  # long
        "Horizon Europe calls",
        "Nice one, more like that",  # no search: a town-named word of feedback
        "Great Nice thanks",
    ],
)
def test_no_fragment_town(text):
    assert place_index().fragment_towns(text, grammar_words()) == []
