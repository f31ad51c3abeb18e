"""Dictated fact questions, dictated unknown programmes and corrected aspects in the fact routing
(session 18).

Speech-to-text writes questions without punctuation or capitals, after fillers, with acronyms
spelt as heard ("inno sup one", "e s c p quatre i", "kosme"). NLU often takes them for out of
scope or falls back; the fact routing answers them from the instrument's cards. A dictated name
nothing knows is admitted as unknown, a known one never is. "Not the budget, the projects": the
asked aspect decides. Written from the cards and the catalogue; none from an evaluation set. The
answerer uses the fake embedder.
"""

from __future__ import annotations

import pytest

from actions.funding.instruments import unknown_programme
from actions.funding.off_topic import names_instrument
from actions.funding.routing import fact_route
from knowledge.facts.question import card_aspects
from taxonomy.text import fold


@pytest.mark.parametrize(
    ("text", "language", "cards"),
    [
        ("um so like what was the budget of inno sup one", None, {"innosup-1-budget"}),
        ("okay so who is allowed to join e c c p", None, {"eccp-who", "eccp-how-to-apply"}),
        ("no więc kto może się zgłosić do inno sup jeden", "pl", {"innosup-1-who"}),
        ("pues eh cuánto dinero tenía el programa kosme", "es", {"cosme-budget"}),
        ("ähm also wer kann bei euro clusters mitmachen", "de", {"euroclusters-who"}),
        ("ovaj pa koliki je proračun e s c p s tri", "hr", {"escp-s3-budget"}),
        (
            "deci cine poate aplica la e s c p patru i",
            "ro",
            {"escp-4i-who", "escp-4i-how-to-apply"},
        ),
    ],
)
def test_a_dictated_fact_question_is_answered_whatever_nlu_picked(
    answerer, floor, text, language, cards
):
    assert names_instrument(answerer, text)
    for intent, confidence in (("out_of_scope", 0.9), ("nlu_fallback", 0.3)):
        route = fact_route(answerer, text, language, intent, confidence)
        assert route is not None and route.answer is not None, intent
        assert route.answer["card_id"] in cards, intent


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("um so what is the budget of the inno grow seven programme", None, "inno grow seven"),
        ("pues eh cuánto dinero tiene el programa euro granjas verdes", "es", "Euro Granjas"),
        ("ähm wer kann beim programm alpen kluster boost mitmachen", "de", "Alpen Kluster"),
    ],
)
def test_a_dictated_unknown_programme_is_admitted(answerer, floor, text, language, name):
    found = unknown_programme(text, answerer, language)
    assert found is not None and found.startswith(name)
    route = fact_route(answerer, text, language, "out_of_scope", 0.9)
    assert route is not None and route.unknown_name == found


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("so what is the budget of the inno sup one programme", None),
        ("um what does the cosme programme fund", None),
        ("pues cuánto dinero tenía el programa kosme", "es"),
        ("qué programa financia clusters de hidrógeno", "es"),  # a question word, no name
        ("o programa cosme para pme ainda existe", "pt"),
    ],
)
def test_a_dictated_known_or_generic_programme_is_not_unknown(answerer, text, language):
    assert unknown_programme(text, answerer, language) is None


@pytest.mark.parametrize(
    ("text", "language", "card"),
    [
        (
            "not the budget of INNOSUP-1, I mean how many projects it funded",
            None,
            "innosup-1-projects",
        ),
        ("No quiero el presupuesto de COSME, sino cuándo terminó", "es", "cosme-period"),
        ("Nie chodzi mi o budżet ESCP-4i, tylko kto mógł się zgłosić", "pl", "escp-4i-who"),
    ],
)
def test_the_asked_aspect_decides_not_the_negated_one(answerer, text, language, card):
    assert answerer.answer(text, language=language)["card_id"] == card


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How many years did ESCP-S3 last?", None),
        ("Ile lat trwał ESCP-S3?", "pl"),
        ("Колко години продължи ESCP-S3?", "bg"),
        ("Quantos anos durou o ESCP-S3?", "pt"),
        ("Kolik let trval ESCP-S3?", "cs"),
        ("Hvor mange år varede ESCP-S3?", "da"),
    ],
)
def test_how_many_years_asks_the_period(answerer, text, language):
    cues = f" {answerer.cue_text(text, language)} "
    assert card_aspects(fold(cues))[0] == "period"
    assert answerer.answer(text, language=language)["card_id"] == "escp-s3-period"


def test_how_many_projects_still_counts(answerer):
    assert card_aspects(" how many projects did escp s3 fund ") == ("results",)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ci sono bandi europei aperti sulle batterie al sodio?", "it"),
        ("fammi vedere i bandi sulla fotonica", "it"),
        ("appels ouverts sur les dispositifs photoniques intégrés", "fr"),
        ("hay convocatorias abiertas sobre turismo sostenible", "es"),
        ("gibt es offene ausschreibungen zur kreislaufwirtschaft", "de"),
    ],
)
def test_a_lower_case_calls_request_names_no_unknown_programme(answerer, text, language):
    assert unknown_programme(text, answerer, language) is None
