"""A dictated question is a question: spoken fillers before its question word (session 18)."""

from __future__ import annotations

import pytest

from knowledge.facts.asking import is_question
from knowledge.facts.lexicon import load_lexicon


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("um so like what was the budget of inno sup one", None),
        ("okay so who is allowed to join e c c p", None),
        ("no więc ile wynosił budżet inno sup jeden", "pl"),
        ("pues eh cuánto dinero tenía el programa kosme", "es"),
        ("ähm also wer kann bei euro clusters mitmachen", "de"),
        ("eh dus wat biedt het e e n eigenlijk aan bedrijven", "nl"),
    ],
)
def test_a_dictated_question_is_a_question(text, language):
    assert is_question(text, language, load_lexicon())


def test_a_statement_with_fillers_is_no_question():
    assert not is_question("um so we make bread in lyon", None, load_lexicon())
