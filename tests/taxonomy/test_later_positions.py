"""Positions six to ten and "the one before the last" in the 24 EU languages (the table of
contracts/ordinals.py, read by taxonomy/references.py), and "similar to the second one"."""

from __future__ import annotations

import pytest

from contracts.ordinals import FROM_END, LAST, ORDINAL_FORMS, PENULTIMATE
from taxonomy.references import asks_similar, position_in

#: One turn per language pointing at the sixth card (after "show more").
SIXTH = {
    "de": "der sechste",
    "fr": "le sixième",
    "es": "el sexto",
    "it": "il sesto",
    "pt": "o sexto",
    "nl": "de zesde",
    "pl": "szósty",
    "cs": "ten šestý",
    "sk": "ten šiesty",
    "sl": "šesti",
    "hr": "šesti klaster",
    "hu": "a hatodik",
    "ro": "al șaselea",
    "bg": "шестия",
    "el": "το έκτο",
    "fi": "kuudes",
    "et": "kuues",
    "lv": "sestais",
    "lt": "šeštasis",
    "sv": "den sjätte",
    "da": "den sjette",
    "ga": "an séú ceann",
    "mt": "is-sitt",
}


@pytest.mark.parametrize(("lang", "text"), sorted(SIXTH.items()))
def test_the_sixth_in_every_language(lang, text):
    assert position_in(text) == 6, (lang, text)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("la septième", 7),
        ("parlez-moi du septième", 7),
        ("was macht der siebte?", 7),
        ("a ten siódmy?", 7),
        ("vertel me over de negende", 9),
        ("el décimo resultado", 10),
        ("l'ottavo cluster", 8),
        ("fale-me do sexto", 6),
        ("el último", LAST),
        ("ostatni", LAST),
        ("o penúltimo", PENULTIMATE),
        ("der vorletzte bitte", PENULTIMATE),
        ("the second last one", PENULTIMATE),
        ("l'avant-dernier", PENULTIMATE),
        ("il penultimo", PENULTIMATE),
        ("przedostatni", PENULTIMATE),
        ("de voorlaatste", PENULTIMATE),
        ("az utolsó előtti", PENULTIMATE),
    ],
)
def test_later_positions_and_the_one_before_the_last(text, position):
    assert position_in(text) == position


@pytest.mark.parametrize(
    "text",
    [
        "ich achte auf die Kosten",  # "achte": a verb here
        "the tenth anniversary of the programme",
        "sexto programa marco",
        "sitt klasters",  # Maltese cardinal "six", no ordinal without its article
        "a noua generație de clustere",
        "la septième édition du forum",
        "¿tienes alguno más en la lista?",  # "lista": one edit from Swedish "sista" (last)
        "tem mais alguns na lista?",
        "steht das in der Liste?",
    ],
)
def test_ordinary_words_are_no_later_position(text):
    assert position_in(text) is None


def test_every_language_has_positions_six_to_ten():
    for lang, table in ORDINAL_FORMS.items():
        if lang == "en":
            continue  # the gazetteer's English words (contracts.ordinals.ORDINALS)
        assert {6, 7, 8, 9, 10} <= set(table), lang


def test_positions_from_the_end():
    assert FROM_END == {LAST: 1, PENULTIMATE: 2}


@pytest.mark.parametrize(
    "text",
    [
        "any similar to the second one?",
        "gibt es ähnliche wie den ersten?",
        "des clusters similaires au deuxième",
        "¿hay otros parecidos al primero?",
        "altri simili al secondo",
        "há organizações semelhantes à primeira?",
        "coś podobnego do trzeciego?",
        "vergelijkbare clusters als de tweede",
        "more like the third",
        "d'autres comme le deuxième ?",
        "gibt es andere wie den dritten?",
        "otros como el primero",
        "altri come il secondo",
        "inne jak ten drugi?",
        "andere zoals de tweede",
        "outros como o primeiro",
    ],
)
def test_asks_for_similar_ones(text):
    assert asks_similar(text)


@pytest.mark.parametrize(
    "text",
    ["the second one", "le deuxième", "drugi", "why this one?", "so wie der zweite aussieht"],
)
def test_a_plain_position_asks_for_no_similar_ones(text):
    assert not asks_similar(text)
