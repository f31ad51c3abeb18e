"""Greek asks with ";" (the Greek question mark, U+037E, typed as a semicolon) at a sentence's end."""

from __future__ import annotations

import pytest

from taxonomy.questions import is_question


@pytest.mark.parametrize(
    "text",
    [
        "Πόσες θέσεις εργασίας αντιστοιχούν στα clusters;",
        "Υπάρχουν ανοιχτές προσκλήσεις για υδρογόνο\u037e",
        "Ποιος μπορεί να κάνει αίτηση; ",
    ],
)
def test_a_greek_sentence_ending_with_the_greek_question_mark_asks(text):
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "Είμαι δημοσιογράφος σε οικονομική εφημερίδα.",
        "Είμαστε εταιρεία; φτιάχνουμε έπιπλα.",  # a semicolon inside a sentence asks nothing
        "we make furniture; we export to Italy;",  # not Greek
        "",
    ],
)
def test_a_semicolon_elsewhere_asks_nothing(text):
    assert not is_question(text)
