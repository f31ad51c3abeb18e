"""A short place-only follow-up written in English decides English (session 17, s17-ctx17).

"what about Italy?" after a Spanish conversation used to be answered in Spanish: English never
decided a short message, so the conversation kept its language although every word of the
message is English. A place-only turn whose free words are all English words, one at least
English only ("what", "about", "and", "how"), now decides English; the same turns in the other
reply languages keep deciding their language, and a turn of shared words only ("in France?")
decides nothing (the conversation keeps its language).
"""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from bot.nlu.language import message_language
from i18n.conversation import conversation_language

#: Place-only follow-ups in English; the place is the country entity's span.
ENGLISH = [
    ("what about Italy?", "Italy"),
    ("and Belgium?", "Belgium"),
    ("how about Spain?", "Spain"),
    ("and in Austria?", "Austria"),
    ("and what about Germany then?", "Germany"),
    ("and for Portugal?", "Portugal"),
]
#: The same turns in other reply languages: their own language, not English.
OTHERS = [
    ("und in Österreich?", "Österreich", "de"),
    ("e in Italia?", "Italia", "it"),
    ("y en Francia?", "Francia", "es"),
    ("a w Polsce?", "Polsce", "pl"),
]


def _span(text: str, place: str) -> list[tuple[int, int, str]]:
    start = text.index(place)
    return [(start, start + len(place), "country")]


@pytest.mark.parametrize(("text", "place"), ENGLISH)
def test_an_english_place_turn_decides_english(text, place):
    code, candidates = message_language(text, _span(text, place))
    assert code == "en"
    assert candidates in ((), ("en",))


@pytest.mark.parametrize(("text", "place", "code"), OTHERS)
def test_the_other_languages_place_turns_keep_theirs(text, place, code):
    assert message_language(text, _span(text, place))[0] == code


@pytest.mark.parametrize("text", ["in France?", "Spain"])
def test_shared_or_no_words_decide_nothing(text):
    place = text.split()[-1].strip("?")
    assert message_language(text, _span(text, place)) == (None, ())


def test_without_a_place_english_words_alone_do_not_decide():
    assert message_language("and the budget?", []) == (None, ())


def test_the_conversation_switches_to_english_on_such_a_turn():
    code, candidates = message_language("what about Italy?", _span("what about Italy?", "Italy"))
    newest = {"language": {"detected": code, "requested": None, "candidates": list(candidates)}}
    spanish = {"language": {"detected": "es", "requested": None}}
    assert conversation_language([newest, spanish]) == "en"
