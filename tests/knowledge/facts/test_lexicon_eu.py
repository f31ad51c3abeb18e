"""The lexicon in the 24 EU languages: what a question asks, read in English words (session 11).

The phrases are written here from each language's grammar and the cards' aspects (who can take
part, how to apply, the budget, a share, vouchers, what it is, contact); none comes from an
evaluation set.
"""

from __future__ import annotations

import pytest

from knowledge.facts.asking import question_language
from knowledge.facts.lexicon import load_lexicon
from knowledge.facts.question import card_aspects, wanted_kind
from taxonomy.languages import EU_LANGUAGES


def test_every_eu_language_but_english_has_cues():
    lexicon = load_lexicon()
    assert set(lexicon.languages) == set(EU_LANGUAGES) - {"en"}
    for code, entry in lexicon.languages.items():
        assert entry.questions and entry.function and entry.programme_words, code
        assert len(entry.cues) >= 40, code


@pytest.mark.parametrize(
    ("language", "text", "aspect"),
    [
        ("cs", "Kdo se může přihlásit do programu?", "who"),
        ("sk", "Ako sa dá podať žiadosť?", "how_to_apply"),
        ("sl", "Kolikšen je skupni proračun?", "budget"),
        ("hr", "Tko može sudjelovati?", "who"),
        ("hu", "Hogyan lehet jelentkezni?", "how_to_apply"),
        ("ro", "Care este bugetul total?", "budget"),
        ("bg", "Кой може да участва?", "who"),
        ("el", "Ποιος μπορεί να συμμετάσχει;", "who"),
        ("fi", "Mikä on kokonaisbudjetti?", "budget"),
        ("sv", "Hur ansöker man?", "how_to_apply"),
        ("da", "Hvem kan deltage?", "who"),
        ("et", "Kuidas taotleda?", "how_to_apply"),
        ("lv", "Kāds ir kopējais budžets?", "budget"),
        ("lt", "Kas gali dalyvauti?", "who"),
        ("ga", "Conas iarratas a chur isteach?", "how_to_apply"),
        ("mt", "Min jista' japplika?", "who"),
        ("de", "Für wen ist das Programm gedacht?", "who"),
        ("nl", "Voor wie is de regeling bedoeld?", "who"),
        ("it", "A chi si rivolge il programma?", "who"),
    ],
)
def test_the_aspect_of_a_question_in_its_language(language, text, aspect):
    gloss = load_lexicon().gloss(text, language)
    assert aspect in card_aspects(gloss), (text, gloss)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("cs", "Jaký podíl rozpočtu dostanou podniky?"),
        ("sv", "Hur stor andel går till företagen?"),
        ("el", "Τι ποσοστό πηγαίνει στις επιχειρήσεις;"),
        ("de", "Welcher Anteil geht an die Unternehmen?"),
    ],
)
def test_a_share_is_asked_as_a_share(language, text):
    gloss = load_lexicon().gloss(text, language)
    assert wanted_kind(f" {gloss} ") == "share", gloss


def test_only_reply_languages_decide_a_short_questions_language():
    lexicon = load_lexicon()
    from knowledge.facts.asking import SubjectNames

    subjects = SubjectNames(["Enterprise Europe Network"])
    # Polish and Slovak share "kto": the Polish question stays Polish
    assert (
        question_language("Kto może dołączyć do Enterprise Europe Network?", lexicon, subjects)
        == "pl"
    )
    # a Slovak question is no reply language's: undecided here (the detector decides)
    assert question_language("Kto sa môže zapojiť?", lexicon, subjects) in (None, "pl")


def test_a_compound_ending_in_a_programme_word_is_a_programme_name():
    lexicon = load_lexicon()
    assert lexicon.programme_word_in("klusterfond", "sv") == "fond"
    assert lexicon.programme_word_in("fond", "sv") == "fond"
    assert lexicon.programme_word_in("bonde", "sv") is None


# Session 14: "how many" in the sixteen other languages is a count (the cards' counts: labelled
# clusters, SMEs supported, countries); the words that also mean "how much" gloss "how many" (as
# Polish "ile": the answerer reads money when a money word follows), with "how much money" for
# the phrase with the money word itself.
@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("cs", "Kolik klastrů získalo značku?", "count"),
        ("sk", "Koľko MSP podporil program?", "count"),
        ("hr", "Koliko zemalja ima označene klastere?", "count"),
        ("lt", "Kiek klasterių buvo paženklinta?", "count"),
        ("fi", "Kuinka monta maata on mukana?", "count"),
        ("sv", "Hur många kluster har fått märkning?", "count"),
        ("da", "Hvor mange lande deltager?", "count"),
        ("et", "Mitu klastrit on märgisega?", "count"),
        ("cs", "Kolik peněz dostane projekt?", "money"),
        ("lv", "Cik naudas ir programmai?", "money"),
    ],
)
def test_how_many_is_a_count_in_the_other_languages(language, text, kind):
    gloss = f" {load_lexicon().gloss(text, language)} "
    assert wanted_kind(gloss) == kind, gloss


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("hr", "Koliko klastera ima europsku oznaku?"),
        ("cs", "Kolik klastrů má evropskou značku?"),
        ("lt", "Kiek klasterių turi ženklą?"),
        ("sv", "Hur många kluster har märkning?"),
        ("ro", "Câte clustere au o etichetă?"),
    ],
)
def test_labels_are_read_in_the_other_languages(language, text):
    assert "label" in load_lexicon().gloss(text, language).split()
