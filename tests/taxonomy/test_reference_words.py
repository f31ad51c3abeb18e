"""Position words, "why this one?" and "the one in <place>" in the 24 EU languages
(taxonomy/references.py, the table of contracts/ordinals.py)."""

from __future__ import annotations

import pytest

from contracts.ordinals import LAST, ORDINAL_FORMS
from taxonomy.references import asks_why, names_shown_one, position_in
from taxonomy.text import fold

#: One turn per language that points at the second result (the eleventh set's POS class).
SECOND = {
    "en": "tell me more about the second one please",
    "de": "mehr über den zweiten bitte",
    "fr": "le deuxième",
    "es": "la segunda",
    "it": "il secondo",
    "pt": "o segundo",
    "nl": "de tweede",
    "pl": "drugi",
    "cs": "ten druhý",
    "sk": "ten druhý",
    "sl": "drugi",
    "hr": "drugi klaster",
    "hu": "a második",
    "ro": "al doilea",
    "bg": "втория",
    "el": "το δεύτερο",
    "fi": "toinen",
    "et": "teine",
    "lv": "otrais",
    "lt": "antrasis",
    "sv": "den andra",
    "da": "den anden",
    "ga": "an dara ceann",
    "mt": "it-tieni",
}


def test_every_language_has_the_first_five_and_the_last():
    assert set(ORDINAL_FORMS) == set(SECOND)
    for lang, table in ORDINAL_FORMS.items():
        if lang != "en":  # English's own are contracts.ordinals.ORDINALS
            # positions 6-10 and the one before the last: tests/taxonomy/test_later_positions.py
            assert {1, 2, 3, 4, 5, LAST} <= set(table), lang


def test_a_folded_word_means_one_position_in_every_language():
    seen: dict[str, int] = {}
    for table in ORDINAL_FORMS.values():
        for position, words in table.items():
            for word in words:
                assert seen.setdefault(fold(word), position) == position, word


@pytest.mark.parametrize("lang", sorted(SECOND))
def test_the_second_one_in_every_language(lang):
    assert position_in(SECOND[lang]) == 2


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("the second one", 2),
        ("number 3", 3),
        ("the first call", 1),
        ("that last cluster", LAST),
        ("der zweite", 2),
        ("il terzo", 3),
        ("what does the third cluster do?", 3),
        ("o primeiro resultado parece bom", 1),
        ("opowiedz więcej o drugim", 2),
        ("tell me about the secnod one", 2),  # typo
        ("the thrid cluster", 3),
        ("Nummer 4 bitte", 4),
        ("le 3e", 3),
        ("la 2ª", 2),
        ("mehr über den 2. bitte", 2),
        ("#5", 5),
        ("7", 7),
        ("l'ultimo", LAST),
        ("a doua", 2),
        ("und was macht der zweite genau?", 2),
        ("e o primeiro, o que faz?", 1),
        ("vorrei sapere di più sull'ultimo", LAST),
        ("a ten trzeci czym się zajmuje?", 3),
        ("le deuxième m'intéresse, vous pouvez m'en dire plus ?", 2),
    ],
)
def test_positions(text, position):
    assert position_in(text) == position


@pytest.mark.parametrize(
    "text",
    [
        "what should we do first?",
        "the first step to apply for a label",
        "la prima volta che partecipiamo",
        "secondo me è utile",
        "erste Schritte mit Horizon Europe",
        "show me the first five",
        "wie won de laatste wedstrijd?",
        "wat is het laatste nieuws",
        "who won the last match",
        "o primeiro fórum europeu de clusters",
        "¿cuándo es el último día para presentar?",
        "last year",
        "3 e 4",
        "2026",
        "and in Austria?",
        "more",
        "hydrogen clusters in Germany",
        "/select_result",
        "",
        None,
    ],
)
def test_not_positions(text):
    assert position_in(text) is None


WHY = [
    "why this one?",
    "why did you suggest the second?",
    "warum dieser Cluster?",
    "pourquoi celui-là ?",
    "¿por qué este?",
    "perché proprio questo?",
    "dlaczego ten?",
    "waarom deze?",
    "porquê este?",
    "why?",
    "and why that one",
    "why is it relevant to us",
    "proč tenhle?",
    "prečo tento?",
    "zakaj ta?",
    "zašto ovaj?",
    "miért ezt?",
    "de ce acesta?",
    "защо този?",
    "γιατί αυτό;",
    "miksi tämä?",
    "miks see?",
    "kāpēc šis?",
    "kodėl šis?",
    "varför den här?",
    "hvorfor denne?",
    "cén fáth seo?",
    "għaliex dan?",
]


@pytest.mark.parametrize("text", WHY)
def test_why_this_one(text):
    assert asks_why(text)


@pytest.mark.parametrize(
    "text",
    [
        "why is it so hard to get funding?",
        "why is this important for SMEs",
        "why clusters?",
        "warum ist das so wichtig",
        "why are there no calls on hydrogen?",
        "what is this cluster about",
        "/explain_match",
        None,
    ],
)
def test_not_why_this_one(text):
    assert not asks_why(text)


@pytest.mark.parametrize(
    "text",
    [
        "the one in Bilbao",
        "tell me about the one from Graz",
        "celui de Lyon",
        "háblame del de Madrid",
        "quello di Torino",
        "ten z Gdańska",
        "der aus Graz",
        "die uit Eindhoven",
    ],
)
def test_one_named_by_place(text):
    assert names_shown_one(text)


@pytest.mark.parametrize("text", ["clusters in Bilbao", "the one thing we need is funding now"])
def test_not_one_named_by_place(text):
    assert not names_shown_one(text)
