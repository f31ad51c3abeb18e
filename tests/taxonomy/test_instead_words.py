"""The words of replacing ("rather", "lieber", "plutôt", "em vez") have one owner,
taxonomy.turns.INSTEAD_WORDS: a correction marker there and a swap word of taxonomy.loosening."""

from __future__ import annotations

import inspect
import re

import pytest

from taxonomy import loosening, turns
from taxonomy.loosening import SWAP_WORDS, without_swap_words
from taxonomy.text import fold
from taxonomy.turns import INSTEAD_WORDS


@pytest.mark.parametrize("word", INSTEAD_WORDS)
def test_every_instead_word_is_a_swap_word_and_a_correction_marker(word):
    assert tuple(word.split()) in SWAP_WORDS
    assert turns._MARKER.search(fold(f"ok {word} partners"))


def test_loosening_writes_no_instead_word_of_its_own():
    """The swap table's own block repeats none of them (it had 18 of them before)."""
    source = inspect.getsource(loosening)
    block = source[source.index("SWAP_WORDS = ") : source.index("def without_swap_words")]
    own = {tuple(fold(p).split()) for p in re.split(r"[|\n]", block.split('"""')[1])}
    assert not own & {tuple(w.split()) for w in INSTEAD_WORDS}


def test_a_plain_ascii_polish_swap_word_is_dropped_too():
    assert without_swap_words("wlasciwie Francja") == "Francja"
    assert without_swap_words("właściwie Francja") == "Francja"
