"""Short messages lingua cannot decide are read by the function words of one reply language.

Own examples (short questions about the catalogue's instruments and everyday replies), not from
an evaluation set; the training data's English messages stay unmarked
(``test_language_detector.test_english_training_examples_are_not_marked`` runs the whole rule).
"""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from bot.nlu.language import detect_language, identify_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Czym jest program COSME?", "pl"),
        ("Co to jest EEN?", "pl"),
        ("Was ist COSME?", "de"),
        ("Wat is COSME?", "nl"),
        ("cluster della moda e della pelle", "it"),
    ],
)
def test_short_questions_get_their_language(text, code):
    assert identify_language(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "what is COSME?",
        "talk to agent",  # "to" is Polish too, but no evidence
        "go on",
        "in flanders or wallonia",  # "or" is French, "in" is English
        "bot or human?",
        "ok thanks",
        "is it open?",
    ],
)
def test_short_english_stays_undecided(text):
    assert detect_language(text) is None


def test_words_of_two_languages_stay_undecided():
    # "o", "que", "e" belong to Spanish, Portuguese and Italian alike once the accent is gone
    assert identify_language("O que e o COSME?") is None


def test_an_accent_only_one_language_writes_decides():
    # session 16: "é" as a word is Portuguese only (Italian writes "è", Spanish "es")
    assert identify_language("O que é o COSME?") == "pt"
