"""Short questions about the last instrument that NLU filed elsewhere (issue 13, context).

actions/dialogue/instrument_follow_up.py and the out-of-scope / FAQ path of
actions/dialogue/follow_up.py. The questions are written from the fact cards' aspects (budget,
who can apply, how to apply, results) in the eight reply languages; the messages that must keep
their own answer name a subject of their own (taxes, the weather, a term to explain). Fake
embedder: the keyword part and the lexicon decide, as they do for the real encoder's cues.
"""

from __future__ import annotations

import dataclasses

import pytest
from rasa_sdk import Tracker

from actions import services as composition
from actions.dialogue.context import FOLLOW_UP_SLOT
from actions.dialogue.follow_up import ActionFollowUp, unsure_kind
from actions.dialogue.instrument_follow_up import (
    conversation_instrument,
    instrument_question,
    own_words,
)
from tests.actions.support import conversation

PARTNERS = {
    "kind": "partners",
    "query": "precision agriculture sensors",
    "filters": {"country": "FR"},
    "ids": ["a", "b"],
}


@pytest.fixture
def knowledge(fake_services, catalogue, answerer):
    composition.install(dataclasses.replace(fake_services, instruments=catalogue, facts=answerer))
    yield catalogue
    composition.install(None)


def tracker(
    text: str,
    intent: str = "out_of_scope",
    language: str | None = None,
    history: list[dict] | None = None,
    entities: list[dict] | None = None,
    **slots,
) -> Tracker:
    return conversation(
        text,
        intent,
        confidence=0.7,
        ranking=[(intent, 0.7)],
        entities=entities,
        language=language,
        history=history,
        sender="instrument-follow-up-test",
        **slots,
    )


def after_answer(name: str = "action_explain_instrument", question: str = "tell me more") -> list:
    return [
        {"event": "user", "text": question, "parse_data": {}},
        {"event": "action", "name": name},
        {"event": "action", "name": "action_listen"},
    ]


@pytest.mark.parametrize(
    ("text", "language", "instrument"),
    [
        ("und wie hoch war das Budget insgesamt", "de", "INNOSUP-1"),
        ("qui peut participer", "fr", "Euroclusters"),
        ("¿cuánto dinero tenía?", "es", "Cluster Excellence Programme"),
        ("e quanti soldi ha a disposizione", "it", "Euroclusters"),
        ("ile pieniędzy na to przeznaczono", "pl", "Euroclusters"),
        ("wie kan er meedoen", "nl", "Euroclusters"),
        ("e quanto recebe cada PME", "pt", "INNOSUP-1"),
        ("and what was its total budget", None, "INNOSUP-1"),
        ("en hoeveel geld was ervoor beschikbaar?", "nl", "Cluster Excellence Programme"),
    ],
)
def test_a_short_aspect_question_after_an_instrument_answer_is_about_it(
    knowledge, text, language, instrument
):
    t = tracker(text, language=language, history=after_answer(), instrument=instrument)
    found = instrument_question(t)
    assert found is not None and found.name == knowledge.lookup(instrument).name


@pytest.mark.parametrize(
    ("text", "language", "instrument"),
    [
        # a Dutch "er" adverb and availability, the programme named generically, a past modal,
        # submitting, function words joined by a hyphen or an apostrophe, taking place
        ("en hoeveel geld was ervoor beschikbaar?", "nl", "Cluster Excellence Programme"),
        ("loopt het programma nog?", "nl", "INNOSUP-1"),
        ("wie mocht meedoen?", "nl", "Cluster Excellence Programme"),
        ("et comment on dépose une candidature ?", "fr", "Euroclusters"),
        ("est-il toujours en cours ?", "fr", "Euroclusters"),
        ("c'est encore ouvert ?", "fr", "INNOSUP-1"),
        ("kto mógł się o to ubiegać?", "pl", "ESCP-4i"),
        ("jak złożyć wniosek?", "pl", "Euroclusters"),
        ("ainda está a decorrer?", "pt", "Euroclusters"),
    ],
)
def test_a_follow_up_names_nothing_of_its_own(knowledge, answerer, text, language, instrument):
    found = knowledge.lookup(instrument)
    assert own_words(text, answerer, language, found) == []


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("quel est le taux de TVA sur les services numériques", "fr", "out_of_scope"),
        ("wie wird das Wetter morgen in Hamburg", "de", "out_of_scope"),
        ("what does cascade funding mean, is it the same as FSTP", None, "faq"),
        ("jaki jest dzisiaj kurs euro do złotego", "pl", "out_of_scope"),
        ("hoeveel kost een treinkaartje naar Utrecht", "nl", "out_of_scope"),
    ],
)
def test_a_message_with_its_own_subject_keeps_its_answer(knowledge, text, language, intent):
    t = tracker(
        text, intent=intent, language=language, history=after_answer(), instrument="Euroclusters"
    )
    assert instrument_question(t) is None


def test_without_an_instrument_answer_nothing_is_carried(knowledge):
    t = tracker(
        "qui peut participer",
        language="fr",
        history=after_answer("action_search_partners"),
        last_search=PARTNERS,
    )
    assert instrument_question(t) is None


def test_a_question_naming_another_instrument_is_not_a_follow_up(knowledge):
    t = tracker(
        "what was the budget of INNOSUP-1",
        history=after_answer(),
        instrument="Euroclusters",
    )
    assert instrument_question(t) is None


def test_after_an_faq_answer_the_instrument_the_question_named(knowledge):
    t = tracker(
        "chi può candidarsi",
        language="it",
        history=after_answer("utter_faq", "che cos'è la Enterprise Europe Network"),
    )
    assert conversation_instrument(t, knowledge).name == "Enterprise Europe Network"
    assert instrument_question(t) is not None


async def test_an_out_of_scope_follow_up_is_answered_from_the_instruments_cards(
    knowledge, dispatcher
):
    t = tracker(
        "und wie hoch war das Budget insgesamt",
        language="de",
        history=after_answer(),
        instrument="INNOSUP-1",
    )
    assert unsure_kind(t) == "instrument"
    events = await ActionFollowUp().run(dispatcher, t, {})
    payloads = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert payloads and payloads[-1]["verdict"] == "answered"
    assert payloads[-1]["instrument"] == knowledge.lookup("INNOSUP-1").id
    assert payloads[-1]["aspect"] == "budget"
    assert events[-1] == {
        "event": "slot",
        "timestamp": None,
        "name": FOLLOW_UP_SLOT,
        "value": "instrument",
    }


async def test_an_out_of_scope_message_without_context_gets_the_route_facts_verdict(
    knowledge, dispatcher
):
    t = tracker("wie wird das Wetter morgen in Hamburg", language="de")
    events = await ActionFollowUp().run(dispatcher, t, {})
    assert events[-1]["name"] == FOLLOW_UP_SLOT and events[-1]["value"] == "not_fact"
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("text", "language", "intent", "kind"),
    [
        ("je voudrais trouver des partenaires", "fr", "faq", "ask_partners"),
        ("quiero encontrar socios", "es", "faq", "ask_partners"),
        ("szukam dofinansowania", "pl", "out_of_scope", "ask_calls"),
        ("ich möchte Fördermittel finden", "de", "faq", "ask_calls"),
        ("cerchiamo un partner", "it", "out_of_scope", "ask_partners"),
        ("how do I find partners?", None, "faq", None),
        ("Que ferramentas existem para encontrar parceiros?", "pt", "faq", None),
    ],
)
async def test_a_bare_search_request_filed_as_faq_or_out_of_scope_opens_its_form(
    knowledge, dispatcher, text, language, intent, kind
):
    t = tracker(text, intent=intent, language=language)
    assert unsure_kind(t) == kind


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("et qui pourrait être partenaire là-dessus ?", "fr", "partners"),
        ("welke clusters kunnen daarbij partner zijn?", "nl", "partners"),
        ("¿y hay ayudas abiertas para ese tema?", "es", "calls"),
    ],
)
def test_a_request_on_the_last_topic_filed_as_faq_is_that_search(knowledge, text, language, kind):
    t = tracker(
        text,
        intent="faq",
        language=language,
        history=after_answer("action_search_calls"),
        last_search={"kind": "calls", "query": "soil health monitoring", "filters": {}},
    )
    assert unsure_kind(t) == kind
