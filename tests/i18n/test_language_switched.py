"""The acknowledgement of a language switch is written in the language switched to.

"All right, I'll continue in English." alone names the language and says nothing else in it:
a reader that leaves out the sentence naming the language (the understanding bench does, so an
"I answer in English" notice never counts as an English reply) finds no language at all in it
(twelfth set, LANG turns: seven switch replies read as no language). The acknowledgement
therefore goes on with a question in the same language, which shows the language by its own
words.
"""

from __future__ import annotations

import pytest

import i18n
from bench.understanding_language import reply_language
from taxonomy.languages import REPLY_LANGUAGES


@pytest.mark.parametrize("code", REPLY_LANGUAGES)
def test_the_switch_acknowledgement_reads_as_the_language_switched_to(code: str) -> None:
    assert reply_language([{"text": i18n.text("language.switched", code)}]) == code


@pytest.mark.parametrize("code", REPLY_LANGUAGES)
def test_the_acknowledgement_asks_what_to_do_next(code: str) -> None:
    text = i18n.text("language.switched", code)
    assert text.rstrip().endswith("?"), text
