"""Telegraphic requests, counts to confirm and FAQ money questions in the fact routing (session 17).

"Presupuesto Euroclusters." (no question word; the detector undecided: the programme's name
outvotes the one Spanish word), "Eligibility ESCP-4i pls", "is it true that 20 million people
work in clusters?" reach the cards whatever NLU picked; "can Euroclusters money reach small
firms?" asks no amount and stays with the FAQ. Written from the cards and the FAQ topics; none
from an evaluation set. The answerer uses the fake embedder.
"""

from __future__ import annotations

import pytest

from actions.funding.fact_questions import asks_for_figure, asks_statistic, asks_telegraphic
from actions.funding.instruments import fact_languages
from actions.funding.routing import fact_route
from tests.actions.support import make_tracker


@pytest.mark.parametrize(
    ("text", "said_in", "expected"),
    [
        ("Presupuesto Euroclusters.", None, ("es", "es")),
        ("Wyniki ESCP-4i.", None, ("pl", "pl")),
        # Polish or Latvian: read as one of them, the reply language stays the conversation's
        ("Budżet Cluster Excellence Programme", None, ("en", "pl")),
        ("Bugetul ESCP-S3.", None, ("en", "ro")),
        ("Budget Euroclusters", None, ("en", None)),
        ("Eligibility ESCP-4i pls", None, ("en", None)),
    ],
)
def test_a_telegraphic_request_is_read_in_its_language(fact_services, text, said_in, expected):
    assert fact_languages(make_tracker(text, said_in=said_in, intent="nlu_fallback")) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Eligibility ESCP-4i pls", None),
        ("Budget Euroclusters", None),
        ("Presupuesto Euroclusters.", "es"),
        ("Wyniki INNOSUP-1", "pl"),
        ("Rozpočet COSME", "cs"),
    ],
)
def test_telegraphic_aspect_requests(answerer, text, language):
    assert asks_telegraphic(answerer, text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Euroclusters", None),  # no aspect asked
        ("calls Euroclusters budget", None),  # calls
        ("Budget for a new cluster of bakeries in Lyon", None),  # no instrument named
        ("what is Euroclusters", None),  # only "what is"
        ("funding Euroclusters for SMEs", None),  # funding: a calls search
        ("how can our little bakery find partners through Euroclusters for a project", None),
    ],
)
def test_not_telegraphic_aspect_requests(answerer, text, language):
    assert not asks_telegraphic(answerer, text, language)


def test_a_telegraphic_request_is_answered_whatever_nlu_picked(answerer, floor):
    for intent, confidence in (("nlu_fallback", 0.3), ("find_calls", 0.9)):
        route = fact_route(answerer, "Eligibility ESCP-4i pls", None, intent, confidence)
        assert route is not None and route.answer is not None, intent
        assert route.answer["card_id"] == "escp-4i-who"


@pytest.mark.parametrize(
    ("text", "language", "figure"),
    [
        ("how much money did Euroclusters get?", None, True),
        ("what was the budget of ESCP-S3?", None, True),
        ("is it true that 5,000 SMEs took part in INNOSUP-1?", None, True),
        ("Czy to prawda, że w klastrach pracuje 20 milionów osób?", "pl", True),
        ("can Euroclusters money reach small firms through open calls?", None, False),
        ("how do I apply for a grant as a small company?", None, False),
        ("is it true that the observatory is still running?", None, False),
    ],
)
def test_a_figure_is_an_amount_a_date_or_a_count_to_confirm(answerer, text, language, figure):
    assert asks_for_figure(text, answerer, language) is figure


def test_a_faq_money_question_without_an_amount_stays_with_the_faq(answerer, floor):
    text = "can Euroclusters money reach small firms through open calls?"
    assert fact_route(answerer, text, None, "faq", 0.8) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("is it true that 50 million people work in strong clusters?", None),
        ("Czy to prawda, że w klastrach pracuje 20 milionów osób?", "pl"),
        ("¿Es verdad que hay unos 5.000 clústeres fuertes en Europa?", "es"),
    ],
)
def test_a_count_to_confirm_is_a_statistic(answerer, text, language):
    assert asks_statistic(answerer, text, language)
