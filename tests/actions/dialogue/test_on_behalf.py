"""An adviser asking for a client names no topic by naming the client (issue 13, context,
session 14).

Enterprise Europe Network advisers write for someone else: "I have a client who needs partners",
"wir suchen Partner für einen Kunden", "w imieniu klienta szukam partnerów". The client is who is
helped, not what is searched (actions/dialogue/request_words.py), so the partner form asks what the
partners should work on instead of searching profiles for "client". A topic named beside the
client is still the topic. Written from each language's grammar, not from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest

from actions.dialogue.forms import form_topic
from actions.partners.forms import ValidatePartnerSearchForm
from tests.actions.dialogue.test_forms import run
from tests.actions.support import conversation

FOR_A_CLIENT = [
    ("I have a client who needs partners", None),
    ("looking for partners on behalf of a customer", None),
    ("one of our members wants to find partners", None),
    ("wir suchen Partner für einen Kunden", "de"),
    ("ich habe einen Mandanten, der Partner sucht", "de"),
    ("je cherche des partenaires pour le compte d'un client", "fr"),
    ("tengo un cliente que busca socios", "es"),
    ("ho un cliente che cerca partner", "it"),
    ("w imieniu klienta szukam partnerów", "pl"),
    ("ik zoek partners namens een klant", "nl"),
    ("tenho um cliente que procura parceiros", "pt"),
]


@pytest.mark.parametrize(("text", "language"), FOR_A_CLIENT)
def test_the_client_is_no_topic(text, language):
    assert form_topic(text, [], language) is None


@pytest.mark.parametrize(("text", "language"), FOR_A_CLIENT)
async def test_the_partner_form_asks_for_the_topic(dispatcher, text, language):
    tracker = conversation(text, "find_partners", language=language, said_in=language)
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] is None


@pytest.mark.parametrize(
    ("text", "language", "word"),
    [
        ("I have a client making medical devices who needs partners", None, "medical"),
        ("wir suchen Partner für einen Kunden aus der Textilbranche", "de", "Textil"),
        ("tengo un cliente de energía solar que busca socios", "es", "solar"),
        ("w imieniu klienta z branży meblowej szukam partnerów", "pl", "meblowej"),
    ],
)
def test_a_topic_beside_the_client_is_kept(text, language, word):
    topic = form_topic(text, [], language)
    assert topic is not None and word.lower() in topic.lower()
