"""A country as the object of a Polish "o" (session 16, issue 13 part 3: corrections).

"przepraszam, chodziło mi o Finlandię" ("sorry, I meant Finland") corrects the country of a
search; Polish puts the country after "o" in the accusative ("Finlandię", "Hiszpanię",
"Austrię"), which no locative preposition precedes, so the declined form was not read and the
correction kept the old country. ``bot.nlu.place_index.OBJECT_PREPOSITIONS`` reads it, in Polish
only ("o" is an article in Portuguese and "or" in Italian). Written from Polish grammar.
"""

from __future__ import annotations

import pytest

from bot.nlu.places import find_places


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("przepraszam, chodziło mi o Finlandię", "FI"),
        ("chodzi mi raczej o Hiszpanię", "ES"),
        ("pytam o Austrię", "AT"),
        ("nie, chodziło o Norwegię", "NO"),
    ],
)
def test_a_polish_country_after_o_is_found(text, code):
    assert [p.value for p in find_places(text, "pl") if p.label == "country"] == [code]


@pytest.mark.parametrize(
    ("text", "language"),
    [("chodzi o Finlandię", "cs"), ("o Finlandię", "it")],
)
def test_o_reads_no_declined_country_in_other_languages(text, language):
    assert not [p for p in find_places(text, language) if p.label == "country"]
