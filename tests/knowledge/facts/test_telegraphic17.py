"""Telegraphic requests, yes/no questions with a figure to confirm (session 17, issue #13).

"<aspect> <programme>" without a question word ("Presupuesto Euroclusters.", "Eligibility ESCP-4i
pls") and "is it true that 5,000 SMEs took part?" were answered with another aspect's card or
"I don't know that programme". Written here from the cards' aspects and figures (budgets,
eligibility, results; the Cluster Panorama's jobs and strong clusters); none comes from an
evaluation set. The answerer uses the fake embedder: the boosts decide.
"""

from __future__ import annotations

import pytest

from knowledge.embedding import FakeEmbedder
from knowledge.facts import build_answerer
from knowledge.facts.asking import telegraphic_language
from knowledge.facts.lexicon import load_lexicon
from knowledge.facts.measure import stated_unit
from knowledge.facts.question import english_cue_words, programme_names
from knowledge.instruments import load_catalogue


@pytest.fixture(scope="module")
def answerer():
    return build_answerer(load_catalogue(), FakeEmbedder(256))


def _telegraphic(answerer, text, decided=None):
    return telegraphic_language(
        text, answerer.lexicon, answerer.subjects, english_cue_words(), decided
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Presupuesto Euroclusters.", ("es", True)),
        ("Bugetul ESCP-S3.", ("ro", True)),
        ("Wyniki ESCP-4i.", ("pl", True)),
        ("Risultati INNOSUP-1 per favore", ("it", True)),
        # "budzet*" is Polish and Latvian: read as one of them, the reply language left alone
        ("Budżet Cluster Excellence Programme", ("pl", False)),
        ("ESCP-S3 budžets", ("pl", False)),
        # "eligib*" is French and Romanian
        ("Éligibilité ESCP-4i svp", ("fr", False)),
    ],
)
def test_a_telegraphic_request_is_read_in_its_language(answerer, text, expected):
    assert _telegraphic(answerer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Budget Euroclusters",  # English cue words tell no other language
        "Eligibility ESCP-4i pls",
        "Euroclusters",
        "hello",
        "¿Cuál es el presupuesto de Euroclusters?",  # a question: question_language reads it
        "Laufzeit des neuen Programms für Cluster in den Alpen und an der Donau",  # not short
    ],
)
def test_no_telegraphic_language(answerer, text):
    assert _telegraphic(answerer, text) is None


def test_the_detected_language_wins_among_the_candidates(answerer):
    assert _telegraphic(answerer, "Rozpočet Euroclusters", decided="sk") == ("sk", False)
    assert _telegraphic(answerer, "Budżet Euroclusters", decided="lv") == ("lv", False)
    # the detector read another language the words do not contradict: left to it
    assert _telegraphic(answerer, "Budżet Euroclusters", decided="fr") is None


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Ergebnisse"),
        ("fr", "Résultats"),
        ("es", "Resultados"),
        ("it", "Risultati"),
        ("pl", "Wyniki"),
        ("nl", "Resultaten"),
        ("pt", "Resultados"),
        ("cs", "Výsledky"),
        ("sk", "Výsledky"),
        ("sl", "Rezultati"),
        ("hr", "Rezultati"),
        ("hu", "Eredmények"),
        ("ro", "Rezultate"),
        ("bg", "Резултати"),
        ("el", "Αποτελέσματα"),
        ("fi", "Tulokset"),
        ("sv", "Resultat"),
        ("da", "Resultater"),
        ("et", "Tulemused"),
        ("lv", "Rezultāti"),
        ("lt", "Rezultatai"),
        ("mt", "Riżultati"),
    ],
)
def test_the_results_noun_of_every_language_is_a_cue(language, text):
    assert "results" in load_lexicon().gloss(f"{text} INNOSUP-1", language).split()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Éligibilité"),
        ("es", "Elegibilidad"),
        ("es", "Requisitos"),
        ("pt", "Elegibilidade"),
        ("it", "Requisiti"),
        ("ro", "Eligibilitate"),
    ],
)
def test_the_eligibility_noun_is_a_cue(language, text):
    assert "eligible" in load_lexicon().gloss(f"{text} INNOSUP-1", language).split()


@pytest.mark.parametrize(
    ("language", "text", "card"),
    [
        ("es", "Presupuesto Cluster Internationalisation Programme", "internationalisation-budget"),
        ("fr", "Éligibilité ESCP-4i svp", "escp-4i-who"),
        ("es", "Requisitos INNOSUP-1, gracias", "innosup-1-who"),
        ("ro", "Eligibilitate INNOSUP-1", "innosup-1-who"),
        ("pl", "Budżet Cluster Excellence Programme", "excellence-budget"),
        ("ro", "Bugetul ESCP-S3.", "escp-s3-budget"),
        (None, "Eligibility ESCP-4i pls", "escp-4i-who"),
    ],
)
def test_a_telegraphic_request_gets_the_card_of_its_aspect(answerer, language, text, card):
    answer = answerer.answer(text, language=language)
    assert answer["verdict"] == "answered"
    assert answer["card_id"] == card


def test_aspect_nouns_and_adverbs_are_no_programme_names(answerer):
    assert programme_names("Eligibility ESCP-4i pls") == ["ESCP-4i"]
    assert not any("really" in n for n in programme_names("did ESCP-4i really fund 30 projects?"))
    assert answerer.unknown_name("Eligibility ESCP-4i pls") is None
    assert answerer.unknown_name("did ESCP-4i really fund 30 projects?") is None
    # an invented programme after an aspect noun stays unknown
    assert answerer.unknown_name("Budget Baltic Cluster Fund") == "Baltic Cluster Fund"
    assert answerer.unknown_name("Eligibility Hydrogen Valley Accelerator pls") is not None


def test_an_invented_accelerator_in_another_language_is_unknown(answerer):
    answer = answerer.answer("Laufzeit Alpen-Cluster-Beschleuniger 2029", language="de")
    assert answer["verdict"] == "not_known"


# ------------------------------------------------------------------ a figure to confirm


def test_stated_unit_reads_the_unit_after_a_number():
    assert stated_unit([[["smes"], ["took"]]]) == "smes"
    assert stated_unit([[["million"], ["people"]]]) == "people"
    assert stated_unit([[["clusteres", "clusters"], ["fuertes", "strong"]]]) == "clusters"
    assert stated_unit([[["euros"], ["for"], ["smes"]]]) is None  # money, then another word
    assert stated_unit([]) is None


@pytest.mark.parametrize(
    ("language", "text", "unit"),
    [
        (None, "is it true that 5,000 SMEs took part in INNOSUP-1?", "smes"),
        (None, "do more than 50 million people really work in strong clusters?", "people"),
        ("es", "¿Es verdad que hay unos 5.000 clústeres fuertes?", "clusters"),
        ("pl", "Czy to prawda, że w klastrach pracuje 20 milionów osób?", "people"),
        ("de", "Stimmt es, dass ESCP-4i 20 Projekte hatte?", "projects"),
        (None, "is it true that the observatory had a budget of 5 million?", None),
        (None, "what happened in 2018?", None),
        # an SME's own story and the number of an instrument's name state nothing
        (None, "we are a firm of 35 people, can we join a cluster?", None),
        (None, "our 12 projects need partners, how do we find them?", None),
        (None, "How big is an innovation voucher in INNOSUP-1 projects?", None),
        ("de", "Wir sind ein Betrieb mit 40 Mitarbeitern, gelten wir als KMU?", None),
    ],
)
def test_the_answerer_reads_a_figure_to_confirm(answerer, language, text, unit):
    assert answerer.stated_unit(text, language) == unit


@pytest.mark.parametrize(
    ("language", "text", "cards"),
    [
        (
            None,
            "do more than 50 million people really work in strong clusters?",
            {"facts-jobs", "facts-why-clusters-matter-2019"},
        ),
        (None, "did ESCP-4i really fund 30 projects?", {"escp-4i-projects", "escp-4i-2018-2019"}),
        (
            "de",
            "Stimmt es, dass das Cluster Excellence Programme 20 Projekte hatte?",
            {"excellence-projects"},
        ),
        (
            None,
            "is it true that the European Observatory for Clusters had a budget of 5 million?",
            {"observatory-budget"},
        ),
    ],
)
def test_a_figure_to_confirm_gets_the_card_of_that_count(answerer, language, text, cards):
    answer = answerer.answer(text, language=language)
    assert answer["verdict"] == "answered"
    assert answer["card_id"] in cards
