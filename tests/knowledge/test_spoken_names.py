"""Programme names as dictation writes them reach the catalogue's instrument (session 18).

Speech-to-text spells acronyms letter by letter, says digits as words of the speaker's language
and writes what it hears ("kosme"). Written from the catalogue's names; none from an evaluation
set. A dictated name nothing knows stays unknown.
"""

from __future__ import annotations

import pytest

from knowledge.instruments import load_catalogue
from knowledge.instruments.spoken import DIGIT_WORDS, sound, spoken_windows


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.mark.parametrize(
    ("text", "instrument"),
    [
        ("um so like what was the budget of inno sup one", "innosup-1"),
        ("is inno sup zero one still running", "innosup-1"),
        ("no więc ile wynosił budżet inno sup jeden", "innosup-1"),
        ("ehm aký bol rozpočet inno sup jedna", "innosup-1"),
        ("so how many organisations took part in e s c p four i", "escp-4i"),
        ("wer kann bei e s c p vier i mitmachen", "escp-4i"),
        ("qual era il budget di e s c p quattro i", "escp-4i"),
        ("kto może się zgłosić do e s c p cztery i", "escp-4i"),
        ("cine poate aplica la e s c p patru i", "escp-4i"),
        ("c'est quoi le budget de e s c p s trois", "escp-s3"),
        ("koliki je proračun e s c p s tri", "escp-s3"),
        ("what is the e s c p four x about", "escp-4x"),
        ("what does the s three platform do", "s3-platforms"),
        ("who is allowed to join e c c p", "eccp"),
        ("wat biedt het e e n aan bedrijven", "een"),
        ("pues cuánto dinero tenía el programa kosme", "cosme"),
        ("wer kann bei euro clusters mitmachen", "euroclusters"),
        ("what is inter reg", "interreg"),
    ],
)
def test_a_dictated_name_is_the_instrument(catalogue, text, instrument):
    found = catalogue.find_in_text(text)
    assert found is not None and found.id == instrument
    assert [i.id for i in catalogue.find_all_in_text(text)] == [instrument]


@pytest.mark.parametrize(
    "text",
    [
        "um so what is the budget of the inno grow seven programme",
        "wer kann beim programm alpen kluster boost mitmachen",
        "kan een universiteit meedoen",  # the Dutch article, not the EEN
        "what is a s m e",  # spelt, but no instrument's name
        "how many projects got four grants",
        "the cosmos of funding",
    ],
)
def test_words_that_name_no_instrument_stay_unnamed(catalogue, text):
    assert catalogue.find_in_text(text) is None
    assert catalogue.spoken_spans(text) == []


@pytest.mark.parametrize(
    ("name", "instrument"),
    [("inno sup one", "innosup-1"), ("e s c p four i", "escp-4i"), ("kosme", "cosme")],
)
def test_lookup_reads_a_dictated_name(catalogue, name, instrument):
    found = catalogue.lookup(name)
    assert found is not None and found.id == instrument


def test_written_names_are_found_as_before(catalogue):
    assert catalogue.find_in_text("What is ESCP-4i?").id == "escp-4i"
    assert catalogue.find_in_text("Budget INNOSUP-1").id == "innosup-1"
    assert catalogue.spoken_spans("What is ESCP-4i?") == []  # written: name_spans' own
    spans = catalogue.name_spans("ESCP-4i or e s c p s three?")
    assert [i.id for *_, i in spans] == ["escp-4i", "escp-s3"]


def test_digit_words_and_sounds():
    assert (
        DIGIT_WORDS["quatre"] == "4" and DIGIT_WORDS["jeden"] == "1" and DIGIT_WORDS["tri"] == "3"
    )
    assert sound("kosme") == sound("cosme")
    assert sound("innosup") == sound("inosup")
    windows = {joined for *_, joined, _ in spoken_windows("inno sup one", 20)}
    assert {"innosup", "innosup1", "sup1"} <= windows
