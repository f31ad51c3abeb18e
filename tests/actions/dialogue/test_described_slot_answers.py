"""A described answer to the form's own question is that slot's value first (session 21).

Twelfth held-out set, SLOT turns (kinds only, issue 13): the form asked what the partners should
work on, and a longer description of them was read as out of scope (or as the other search), so
the form asked again. While the form asks, a statement that names a topic, asks nothing and
names neither partners nor calls is the answer, whatever intent NLU gave it. Own examples,
written from the profiles' sectors (cork, shipbuilding, photonics, furniture, agrifood) in six
languages; never copied from an evaluation set.
"""

from __future__ import annotations

import pytest

from actions.dialogue.forms import described_answer
from actions.funding.forms import ValidateCallSearchForm
from actions.partners.forms import ValidatePartnerSearchForm
from tests.actions.dialogue.test_forms import run, tracker_for

#: (described answer, language, NLU's intent, a topic word the slot keeps)
DESCRIBED = [
    (
        "empresas que trabalham com cortiça e outros materiais naturais para a construção",
        "pt",
        "out_of_scope",
        "cortiça",
    ),
    (
        "empresas que trabalham com cortiça e outros materiais naturais para a construção",
        "pt",
        "find_calls",
        "cortiça",
    ),
    (
        "Firmen aus dem Schiffbau, am liebsten mit Erfahrung bei Elektroantrieben",
        "de",
        "out_of_scope",
        "Schiffbau",
    ),
    (
        "something around photonics and laser machining for small workshops",
        "en",
        "nlu_fallback",
        "photonics",
    ),
    ("fabricantes de muebles que usen madera reciclada", "es", "nlu_fallback", "muebles"),
    (
        "aziende agroalimentari che lavorano con prodotti biologici",
        "it",
        "out_of_scope",
        "biologici",
    ),
]


@pytest.mark.parametrize(("text", "language", "intent", "word"), DESCRIBED)
async def test_a_described_answer_fills_the_partner_topic(dispatcher, text, language, intent, word):
    tracker = tracker_for(text, intent, requested_slot="partner_query", said_in=language)
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert word in (slots.get("partner_query") or "")


async def test_a_described_answer_fills_the_call_topic(dispatcher):
    text = "Kreislaufwirtschaft im Bausektor, vor allem Recycling von Beton"
    tracker = tracker_for(text, "nlu_fallback", requested_slot="call_topic", said_in="de")
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert "Beton" in (slots.get("call_topic") or "")


#: Not answers: a question, a change of mind, a request naming partners or calls, a digression
#: intent, a message of more than twenty words, or one that names no topic.
NOT_ANSWERS = [
    ("what does the Cluster Excellence Programme fund", "faq"),
    ("oh wait, first tell me what lump sum funding means", "faq"),
    ("momentje, wat betekent dat TRL-niveau precies", "faq"),
    ("forget it, who runs the cluster policy", "out_of_scope"),
    ("open calls on shipbuilding and electric propulsion for small yards", "find_calls"),
    ("thanks a lot for all of that", "thank"),
    ("please and thank you", "out_of_scope"),
    (" ".join(["shipbuilding"] * 21), "out_of_scope"),
]


@pytest.mark.parametrize(("text", "intent"), NOT_ANSWERS)
def test_questions_requests_and_empty_statements_are_no_described_answer(text, intent):
    assert not described_answer(intent, text, None, "partner_search_form")


def test_out_of_scope_needs_the_forms_noun_or_a_sector_to_be_an_answer():
    text = "something with shipbuilding and electric propulsion for small yards"
    assert not described_answer("out_of_scope", text, None, "partner_search_form")
    sector = [{"entity": "sector", "value": "Maritime", "start": 15, "end": 27}]
    assert described_answer("out_of_scope", text, None, "partner_search_form", sector)
    assert described_answer("nlu_fallback", text, None, "partner_search_form")


async def test_a_question_while_the_form_asks_still_leaves_the_slot_empty(dispatcher):
    text = "what does the Cluster Excellence Programme fund exactly"
    tracker = tracker_for(text, "faq", requested_slot="partner_query")
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert not slots.get("partner_query")
