"""A town that only the place index knows is no evidence of the language around it.

The spaCy ruler's entities are left out of language detection; towns come from the place index,
whose component (PlaceFinder) runs after the detector because it reads the detected language.
An English request naming a Dutch town was read as Dutch (issue 13 part 2, session 21).
"""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import LanguageDetector
from bot.nlu.places import town_spans


def _detected(text: str) -> str | None:
    [out] = LanguageDetector({}).process([Message(data={"text": text, "entities": []})])
    return out.get("language")["detected"]


@pytest.mark.parametrize(
    "text",
    [
        "partners in Eindhoven for high tech",
        "we need a partner near Toulouse for drones",
        "any cluster in Leiria doing moulds",
    ],
)
def test_an_english_request_naming_a_town_is_not_the_towns_language(text):
    assert _detected(text) in (None, "en")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ik zoek partners rond Eindhoven voor halfgeleiders", "nl"),
        ("cerco un cluster a Torino per l'automotive", "it"),
        ("nous cherchons un pôle près de Toulouse pour les drones", "fr"),
    ],
)
def test_the_words_around_the_town_still_decide(text, code):
    assert _detected(text) == code


def test_town_spans_are_the_written_names_only():
    text = "partners in Eindhoven for high tech"
    assert [(text[a:b], label) for a, b, label in town_spans(text)] == [("Eindhoven", "region")]
    assert town_spans("") == []
    assert town_spans("high tech please") == []


def test_a_town_blind_reading_never_makes_another_language(monkeypatch):
    import bot.nlu.language as language

    text = "partners in Eindhoven for high tech"
    message = Message(data={"text": text, "entities": []})
    monkeypatch.setattr(language, "_framed_language", lambda *_: ("sv", ()))
    # the reading without the town is Swedish: the reading with it stands
    assert language._town_blind_language(message, text, [], "nl", ("nl",)) == ("nl", ("nl",))
    monkeypatch.setattr(language, "_framed_language", lambda *_: ("en", ()))
    assert language._town_blind_language(message, text, [], "nl", ("nl",)) == ("en", ())


def test_no_town_no_second_reading():
    text = "Ik zoek partners voor halfgeleiders"
    message = Message(data={"text": text, "entities": []})
    from bot.nlu.language import _town_blind_language

    assert _town_blind_language(message, text, [], "nl", ()) == ("nl", ())
