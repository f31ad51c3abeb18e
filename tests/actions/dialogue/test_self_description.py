"""A request that describes who asks and names no topic gets the form's question (issue 13,
context, session 14). An adviser asking for a client ("I have a client who needs partners", "für
einen Kunden", "w imieniu klienta") names who is helped, not what is searched, alike.

"we are a small company and we need some partners", "jesteśmy małą firmą i szukamy partnerów":
the words of being, size, age and kind of company name the one who asks
(actions/dialogue/request_words.py), so the partner form asks what partners should work on
instead of searching "small company". A topic named beside them is still the topic. Written from
each language's grammar, not from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest

from actions.dialogue.forms import form_topic
from actions.partners.forms import ValidatePartnerSearchForm
from tests.actions.dialogue.test_forms import run
from tests.actions.support import conversation

SELF_DESCRIPTIONS = [
    ("we are a small company and we need some partners", None),
    ("we are a young startup looking for partners", None),
    ("wir sind ein kleines Unternehmen und suchen Partner", "de"),
    ("wir sind ein mittelständischer Betrieb und brauchen Partner", "de"),
    ("nous sommes une petite entreprise et cherchons des partenaires", "fr"),
    ("somos una pequeña empresa y buscamos socios", "es"),
    ("siamo una piccola impresa e cerchiamo partner", "it"),
    ("jesteśmy małą firmą i szukamy partnerów", "pl"),
    ("wij zijn een kleine onderneming en zoeken partners", "nl"),
    ("somos uma pequena empresa e procuramos parceiros", "pt"),
]
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
WHO_ASKS = SELF_DESCRIPTIONS + FOR_A_CLIENT


@pytest.mark.parametrize(("text", "language"), WHO_ASKS)
def test_who_asks_is_no_topic(text, language):
    assert form_topic(text, [], language) is None


@pytest.mark.parametrize(("text", "language"), WHO_ASKS)
async def test_the_partner_form_asks_for_the_topic(dispatcher, text, language):
    tracker = conversation(text, "find_partners", language=language, said_in=language)
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] is None


@pytest.mark.parametrize(
    ("text", "language", "word"),
    [
        ("we are a small food company looking for partners", None, "food"),
        ("wir sind ein kleines Unternehmen für Medizintechnik und suchen Partner", "de", "Medizin"),
        ("somos una pequeña empresa textil y buscamos socios", "es", "textil"),
        ("jesteśmy małą firmą z branży drzewnej i szukamy partnerów", "pl", "drzewnej"),
        ("I have a client making medical devices who needs partners", None, "medical"),
        ("wir suchen Partner für einen Kunden aus der Textilbranche", "de", "Textil"),
        ("tengo un cliente de energía solar que busca socios", "es", "solar"),
        ("w imieniu klienta z branży meblowej szukam partnerów", "pl", "meblowej"),
    ],
)
def test_a_topic_beside_the_self_description_is_kept(text, language, word):
    topic = form_topic(text, [], language)
    assert topic is not None and word in topic
