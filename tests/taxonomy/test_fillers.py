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
