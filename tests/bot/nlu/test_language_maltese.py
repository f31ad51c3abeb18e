"""Maltese written without its own letters is still Maltese (bot/nlu/language.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("lingua")

from bot.nlu.language import identify_language


@pytest.mark.parametrize(
    "text",
    [
        "Qed nfittxu kumpaniji tal-ikel f'Għawdex",  # with its letters
        "qed nfittxu kumpaniji tal-ikel f'Ghawdex",  # a keyboard without them
        "informazzjoni dwar il-programm tal-Unjoni",
        "x'inhu l-baġit ta' dan il-programm",
    ],
)
def test_maltese_articles_and_apostrophes_make_maltese(text):
    assert identify_language(text) == "mt"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("s'il vous plaît, j'ai besoin d'aide pour l'hydrogène", "fr"),
        ("dell'idrogeno e dell'energia nell'industria", "it"),
        ("we need a partner for e-mobility and co-design", "en"),
    ],
)
def test_other_languages_with_apostrophes_and_hyphens_stay_theirs(text, language):
    assert identify_language(text) == language
