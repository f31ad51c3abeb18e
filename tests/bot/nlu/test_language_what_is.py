"""A short "what is <programme>" question in one of the sixteen languages without replies of
their own is read in its language (bot.nlu.language_votes.WHAT_IS_FORMS), not left undecided
(then read as English) nor given a neighbour's language (Romanian "ce este" read French).

Own examples, written for this test from the catalogue's instrument names.
"""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from bot.nlu.language import detect_language, identify_language
from bot.nlu.language_votes import WHAT_IS_FORMS, what_is_language

WHAT_IS = {
    "bg": "какво е ECCP",
    "cs": "co je INNOSUP-1",
    "da": "hvad er Euroclusters",
    "et": "mis on ECCP",
    "fi": "mikä on Euroclusters",
    "ga": "cad é Euroclusters",
    "hr": "što je ECCP",
    "hu": "mi az Euroclusters",
    "lt": "kas yra COSME",
    "lv": "kas ir Euroclusters",
    "mt": "x'inhu COSME",
    "ro": "ce este Enterprise Europe Network",
    "sk": "čo je Euroclusters",
    "sl": "kaj je COSME",
    "sv": "vad är ECCP",
}


@pytest.mark.parametrize(("code", "text"), sorted(WHAT_IS.items()))
def test_a_short_what_is_question_is_read_in_its_language(code: str, text: str) -> None:
    assert detect_language(text) == code


def test_every_form_belongs_to_one_language() -> None:
    owners: dict[str, str] = {}
    for code, forms in WHAT_IS_FORMS.items():
        for form in forms:
            assert owners.setdefault(form, code) == code, form


@pytest.mark.parametrize(
    "text",
    [
        "what is Euroclusters",
        "was ist Euroclusters",
        "qu'est-ce que COSME",
        "wat is ECCP",
        "co to jest COSME",
        "mission on Mars",  # "mis on" only as whole words
        "cadence of calls",
    ],
)
def test_no_other_opening_is_taken_for_one(text: str) -> None:
    assert what_is_language(text) is None


def test_a_long_message_is_left_to_lingua() -> None:
    text = (
        "mis on selle programmi eesmärk ja kes saab taotleda toetust meie klastri "
        "rahvusvahelistumiseks järgmisel aastal"
    )
    assert identify_language(text) == "et"
