"""Spoken fillers at the start of a dictated message (session 18)."""

from __future__ import annotations

import pytest

from taxonomy.fillers import is_filler, without_leading_fillers
from taxonomy.text import fold


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("um so like what was the budget", "what"),
        ("ähm also wer kann mitmachen", "wer"),
        ("euh alors c'est quoi", "c"),
        ("pues eh cuánto dinero", "cuanto"),
        ("no więc ile wynosił", "ile"),
        ("allora ehm qual era", "qual"),
        ("então hum qual é", "qual"),
        ("ehmmm okay who can apply", "who"),
        ("what is COSME", "what"),
    ],
)
def test_leading_fillers_are_dropped(text, first):
    assert without_leading_fillers(fold(text).split())[0] == first


def test_only_fillers_are_kept_and_words_are_not_fillers():
    assert without_leading_fillers(["um", "so"]) == ["um", "so"]
    assert not is_filler("budget") and not is_filler("what") and is_filler(fold("ääh"))


def test_turn_openers_and_spoken_fillers_are_two_lists_of_one_module():
    from taxonomy.fillers import FILLERS, TURN_OPENERS

    # "and" opens a dictated question ("and what is the budget") but carries a chat turn on.
    assert "and" in FILLERS and "and" not in TURN_OPENERS
    # "great", "noch" open a turn ("great, more?", "noch weitere?") and are no hesitation.
    assert {"great", "noch"} <= TURN_OPENERS
    assert not is_filler("great") and not is_filler("noch")
