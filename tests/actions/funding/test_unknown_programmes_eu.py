"""Programmes nobody knows, asked about in the EU languages: the honest "I don't know" (issue 13
point 4: unknown names in German, Hungarian and Maltese got a real programme's card). The names
are invented for this test; the programme word stands before the name, after it, inflected
("Programms", "Programnak", "ohjelmasta") or behind a Maltese article ("l-Programm")."""

from __future__ import annotations

import pytest

from actions.funding.instruments import unknown_programme

UNKNOWN = [
    ("en", "what is the Baltic Blue Growth Programme?"),
    ("de", "was ist das Programm Digitale Donau"),
    ("de", "Wer kann beim Alpenraum-Wasserstoffprogramms mitmachen?"),
    ("fr", "Qu'est-ce que le programme Horizon Méditerranée Vert ?"),
    ("es", "¿Quién puede solicitar el programa Ibérico Clúster Azul?"),
    ("pl", "Ile pieniędzy ma program Karpaty Innowacje?"),
    ("nl", "wat is het programma Noordzee Groeifonds"),
    ("pt", "o que é o programa Atlântico Digital 2030?"),
    ("hu", "Mi az a Duna Innovációs Program?"),
    ("hu", "mennyi a költségvetése a Pannon Klaszter Programnak"),
    ("mt", "X'inhu l-Programm Mediterran għall-Innovazzjoni Blu?"),
    ("fi", "mikä on Arktinen Innovaatio-ohjelma"),
    ("cs", "Co je program Česká Inovační Síť 2030?"),
    ("sv", "vad är programmet Nordisk Grön Tillväxt"),
    ("da", "hvad er Nordsø Innovationsprogrammet"),
    ("ro", "ce este programul Carpați Verde"),
    ("lt", "kas yra programa Baltijos Inovacijų Tinklas"),
]
KNOWN = [
    ("de", "Wie hoch ist das Budget des Programms COSME?"),
    ("hu", "Mennyi a COSME program költségvetése?"),
    ("mt", "X'inhu l-baġit tal-COSME?"),
    ("fi", "Kuka voi hakea INNOSUP-1-ohjelmasta?"),
    ("en", "what is the Single Market Programme?"),
]


@pytest.mark.parametrize(("language", "text"), UNKNOWN)
def test_an_unknown_programme_is_named_not_answered(answerer, language, text):
    name = unknown_programme(text, answerer, None if language == "en" else language)
    assert name is not None, text
    assert (
        answerer.answer(text, language=None if language == "en" else language)["verdict"]
        == "not_known"
    )


@pytest.mark.parametrize(("language", "text"), KNOWN)
def test_a_known_programme_asked_in_another_language_is_not_unknown(answerer, language, text):
    assert unknown_programme(text, answerer, None if language == "en" else language) is None


@pytest.mark.parametrize(
    ("word", "language", "expected"),
    [
        ("programnak", "hu", "program"),
        ("programjanak", "hu", "programja"),
        ("ohjelmastakin", "fi", "ohjelmasta"),
        ("wasserstoffprogramms", "de", "programms"),
        ("programmet", "da", "programmet"),
        ("programowanie", "pl", None),  # programming, not a programme
        ("programul", "ro", "programul"),
    ],
)
def test_inflected_programme_words(answerer, word, language, expected):
    assert answerer.lexicon.programme_word_in(word, language) == expected


def test_a_programme_word_just_before_a_name_makes_it_a_programme(answerer):
    lexicon = answerer.lexicon
    text = "o que é o programa europeu Atlântico Digital?"
    assert lexicon.programme_word_before(text, "Atlântico Digital", "pt")
    assert not lexicon.programme_word_before("clusters in Atlântico Digital", "Atlântico", "pt")
    assert not lexicon.programme_word_before(text, "Atlântico Digital", None)
