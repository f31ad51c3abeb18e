"""A request for a person NLU could not place starts the handoff (session 21).

Twelfth held-out set, a HUMAN conversation (kinds only, issue 13): a Dutch request to talk to a
person got "did you mean ...?" instead of the handoff's consent question. Own examples in the
eight reply languages, written from everyday words for advisers and talking.
"""

from __future__ import annotations

import pytest

from actions.dialogue.follow_up import ActionFollowUp
from actions.dialogue.person_request import asks_for_person
from tests.actions.support import conversation

PERSON = [
    "can I talk to one of your advisers about this?",
    "ich würde das gern mit jemandem von Ihnen besprechen",
    "je préférerais parler à un conseiller",
    "¿puedo hablar con un asesor?",
    "vorrei parlare con un consulente della rete",
    "czy mogę porozmawiać z doradcą?",
    "kan ik dit liever met een adviseur bespreken?",
    "posso falar com um consultor?",
]
NOT_PERSON = [
    "clusters with someone in Spain",
    "contact details of the wood cluster in Austria",
    "partners for human health research",
    "who can I contact about Euroclusters?",
    "",
]


@pytest.mark.parametrize("text", PERSON)
def test_a_request_for_a_person_in_eight_languages(text):
    assert asks_for_person(text)


@pytest.mark.parametrize("text", NOT_PERSON)
def test_a_contact_or_a_person_word_alone_is_no_request_for_a_person(text):
    assert not asks_for_person(text)


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope"])
async def test_an_unsure_request_for_a_person_starts_the_handoff(dispatcher, intent):
    tracker = conversation(PERSON[6], intent, ranking=[("nlu_fallback", 0.4)], said_in="nl")
    events = await ActionFollowUp().run(dispatcher, tracker, {})
    assert {"event": "followup", "name": "handoff_form", "timestamp": None} in events
    assert not dispatcher.messages  # the form asks for consent


async def test_a_search_nlu_was_unsure_of_is_no_handoff(dispatcher):
    tracker = conversation("contact details of the wood cluster in Austria", "out_of_scope")
    events = await ActionFollowUp().run(dispatcher, tracker, {})
    assert all(e.get("event") != "followup" for e in events)


@pytest.mark.parametrize(
    "text", ["is there a contact person?", "¿hay una persona de contacto?", "Ansprechpartner?"]
)
def test_a_programmes_contact_person_is_a_fact_question(text):
    assert not asks_for_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "ho sentito che qualcuno ha ottenuto un bando sull'idrogeno, ce ne sono altri?",
        "un collega mi ha parlato di un bando chiamato Euroclusters, è aperto?",
        "alguien me habló de una convocatoria llamada INNOSUP",
        "is there a call someone mentioned on hydrogen valleys?",
    ],
)
def test_hearing_of_or_naming_a_call_is_no_request_for_a_person(text):
    assert not asks_for_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "kan ik iemand van jullie bellen?",
        "ik wil graag contact met een adviseur",
        "kann ich einen Berater anrufen?",
        "puis-je joindre un conseiller ?",
    ],
)
def test_phoning_or_getting_in_touch_with_a_person_is_a_request_for_one(text):
    assert asks_for_person(text)
