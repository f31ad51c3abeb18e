"""Off-topic questions that share a word with the fact cards get no card (issue 13, held-out
class: "an off-topic question answered with a FACT card").

Written for this test in twelve languages from everyday SME questions (taxes, VAT, payroll,
insurance, the weather, football); none is copied from data/nlu or tests/eval.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services as composition
from actions.funding.instruments import ActionClusterFacts, ActionExplainInstrument
from actions.funding.off_topic import names_instrument, off_topic_words, outside_cards
from actions.funding.routing import fact_route
from tests.actions.support import make_tracker

OFF_TOPIC = [
    ("en", "What is the EU VAT rate for SMEs selling software?"),
    ("en", "Will it rain during the European Cluster Week in Brussels?"),
    ("de", "Wie hoch ist die Mehrwertsteuer für kleine Unternehmen in der EU?"),
    ("de", "Welche Versicherung braucht ein KMU für seine Lagerhalle?"),
    ("fr", "Quel est le taux de TVA pour une PME en France ?"),
    ("fr", "Quelle météo pour Bruxelles demain ?"),
    ("es", "¿Cuánto impuesto paga una pyme en España?"),
    ("it", "Quante tasse paga una PMI in Italia?"),
    ("pl", "Jaki podatek płaci małe przedsiębiorstwo w Polsce?"),
    ("nl", "Hoeveel btw betaalt een kleine onderneming in België?"),
    ("pt", "Qual é o imposto sobre as PME em Portugal?"),
    ("sv", "Hur mycket moms betalar ett litet företag i Sverige?"),
    ("cs", "Kolik daní platí malá firma v Česku?"),
    ("da", "Hvor meget skat betaler en lille virksomhed i Danmark?"),
]
#: Fact questions and searches that use the same words on topic (no off-topic word), or name
#: an instrument (then the cards answer them).
ON_TOPIC = [
    ("en", "are wages higher in strong clusters?"),
    ("fr", "une entreprise de 60 salariés est-elle une PME ?"),
    ("es", "con 8 millones de facturación seguimos siendo pyme?"),
    ("de", "Wer ist in der Kommission für die Clusterpolitik zuständig?"),
    ("en", "umbrella organisations of clusters in Spain"),
    ("de", "Cluster für Steuerungstechnik in Bayern"),
    ("nl", "Wat is het budget van het EEN?"),
]


@pytest.mark.parametrize(("language", "text"), OFF_TOPIC)
def test_off_topic_words_in_twelve_languages(language, text):
    assert off_topic_words(text, language)


@pytest.mark.parametrize(("language", "text"), ON_TOPIC)
def test_on_topic_words_are_not_off_topic(language, text, answerer):
    assert not outside_cards(answerer, text, language)


def test_no_card_answers_an_off_topic_question_even_about_an_instrument(answerer):
    assert outside_cards(answerer, "is the VAT refundable on costs?", None)
    assert outside_cards(answerer, "is the VAT refundable in INNOSUP-1 projects?", None)
    assert not outside_cards(answerer, "what costs does INNOSUP-1 refund?", None)


def test_short_names_count_only_as_names(answerer):
    # the Dutch article "een" and "etc." are no instrument (EEN, ETC for Interreg)
    assert not names_instrument(answerer, "wat is het btw-tarief voor een restaurant")
    assert not names_instrument(answerer, "taxes, VAT, payroll etc.")
    assert names_instrument(answerer, "Wat doet het EEN voor kleine bedrijven?")


@pytest.mark.parametrize(("language", "text"), OFF_TOPIC)
@pytest.mark.parametrize(
    ("intent", "confidence"),
    [("out_of_scope", 0.9), ("nlu_fallback", 0.3), ("faq", 0.6), ("find_calls", 0.5)],
)
def test_the_fact_routing_never_answers_an_off_topic_question(
    language, text, intent, confidence, answerer
):
    code = None if language == "en" else language
    assert fact_route(answerer, text, code, intent, confidence) is None


@pytest.fixture
def fact_services(fake_services, catalogue, answerer):
    services = dataclasses.replace(
        fake_services, instruments=catalogue, facts=answerer, today=lambda: date(2026, 11, 21)
    )
    composition.install(services)
    yield services
    composition.install(None)


@pytest.mark.parametrize(("language", "text"), OFF_TOPIC)
@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionExplainInstrument, "ask_instrument"), (ActionClusterFacts, "ask_cluster_facts")],
)
def test_fact_actions_give_the_out_of_scope_reply_and_no_card(
    language, text, action, intent, fact_services
):
    dispatcher = CollectingDispatcher()
    said_in = None if language == "en" else language
    found = [{"entity": "language", "value": said_in}] if said_in else []
    tracker = make_tracker(text, found, intent=intent, confidence=0.9, said_in=said_in)
    events = asyncio.run(action().run(dispatcher, tracker, {}))
    assert events == []
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]
    assert not any(m.get("custom") or m.get("json_message") for m in dispatcher.messages)
