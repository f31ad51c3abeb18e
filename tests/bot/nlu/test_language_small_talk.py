"""A greeting, thanks or goodbye alone is evidence of its language (issue 13 part 2, session 17):
"Hallo 👋", "Cześć 🙂" were answered in English because one word is too little for lingua.
The decision is the weakest there is: any earlier language of the conversation, or the widget's,
is kept. Texts written for this test from each language's everyday greetings."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import LanguageDetector, message_language
from i18n.conversation import conversation_language

GREETINGS = {
    "Hallo 👋": "de",
    "Guten Tag 🙂": "de",
    "Danke 👍": "de",
    "Bonjour 👋": "fr",
    "Coucou 🙂": "fr",
    "Buenas 👋": "es",
    "Ciao 🙂": "it",
    "Buongiorno ☀️": "it",
    "Cześć 🙂": "pl",
    "Dzień dobry!": "pl",
    "Hoi 👋": "nl",
    "Goedemorgen 🙂": "nl",
    "Olá 🙂": "pt",
    "Bom dia 👋": "pt",
}


def _parse(text: str, page: str | None = None) -> dict:
    message = Message(data={"text": text, "metadata": {"language": page} if page else {}})
    LanguageDetector({}).process([message])
    return message.as_dict_nlu() | {"language": message.get("language")}


@pytest.mark.parametrize(("text", "code"), GREETINGS.items())
def test_a_greeting_alone_decides_its_language(text, code):
    assert message_language(text, [])[0] == code
    assert conversation_language([_parse(text)]) == code


@pytest.mark.parametrize("text", ["hi 👋", "Hello!", "salut", "hej 😊", "ok 👍", "🙂", "👋👋"])
def test_shared_or_english_small_talk_decides_nothing(text):
    assert message_language(text, []) == (None, ())


def test_the_conversation_keeps_its_earlier_language():
    earlier = _parse("We are looking for partners in battery recycling in Austria")
    assert conversation_language([_parse("Ciao 🙂"), earlier]) == "en"
    german = _parse("Wir suchen Partner für Batterierecycling in Österreich")
    assert conversation_language([_parse("Hoi 👋"), german]) == "de"


def test_the_widget_language_beats_a_greeting():
    assert conversation_language([_parse("Hallo 👋", page="nl")]) == "nl"


# --- a telegraphic request's one free word (own_word_language) -------------------------------

from bot.nlu.language import identify_language  # noqa: E402


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Calls Kernfusion?", "de"),
        ("Wasserstoff?", "de"),
        ("Calls Drohnen", "de"),
        ("calls aquacultuur 🐟", "nl"),
        ("Calls luchtkwaliteit", "nl"),
    ],
)
def test_one_own_content_word_decides_its_language(text, code):
    assert identify_language(text) == code


@pytest.mark.parametrize(
    "text",
    ["Calls fusion?", "hydrogen?", "calls drones", "Berlin", "Budget COSME?", "calls recycling"],
)
def test_one_word_of_english_or_of_several_languages_decides_nothing(text):
    assert identify_language(text) is None
