"""The one line in each of the sixteen EU languages the assistant does not reply in (issue 13:
"the reply is English with one line in the user's language")."""

from __future__ import annotations

import pytest

from i18n.english_reply import LINES, english_reply_line, says_line
from taxonomy.languages import ENGLISH_REPLY_LANGUAGES, REPLY_LANGUAGES

#: Letters only these languages' lines may use (a line pasted into the wrong language fails).
_SCRIPT = {"bg": "абвгдежзийклмнопрстуфхцчшщъьюя", "el": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώς"}


def test_every_one_of_the_sixteen_languages_has_its_line_and_no_reply_language_has_one():
    assert len(ENGLISH_REPLY_LANGUAGES) == 16
    assert sorted(LINES) == sorted(ENGLISH_REPLY_LANGUAGES)
    for code in REPLY_LANGUAGES:
        assert english_reply_line(code) is None


@pytest.mark.parametrize("code", ENGLISH_REPLY_LANGUAGES)
def test_each_line_is_a_sentence_in_its_own_script(code):
    line = english_reply_line(code.upper())
    assert line and line == LINES[code] and line.endswith(".")
    assert len(set(LINES.values())) == 16  # no line copied into another language
    letters = {c for c in line.lower() if c.isalpha()}
    if code in _SCRIPT:
        assert letters <= set(_SCRIPT[code])
    else:
        assert not letters & set(_SCRIPT["bg"] + _SCRIPT["el"])


def test_lookups_never_crash_and_a_turn_that_said_the_line_is_recognised():
    for value in (None, 3, "", "xx", ["sv"]):
        assert english_reply_line(value) is None
    assert says_line(f"{LINES['sv']}\n\nThat is outside what I can help with.")
    assert not says_line("That is outside what I can help with.")
    assert not says_line(None)
