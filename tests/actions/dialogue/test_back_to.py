"""A return to an earlier search names no topic: it takes the last search's (issue 13, context,
session 14).

"back to the partners" after a calls search on hydrogen is a partner search on hydrogen, not on
"back"; the same in the eight reply languages ("zurück zu den Partnern", "revenons aux
partenaires", "volviendo a los socios", "torniamo ai partner", "wracając do partnerów", "terug
naar de partners", "voltando aos parceiros"). A topic named after the return is the topic.
Written from each language's grammar, not from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest

from actions.funding.forms import ValidateCallSearchForm
from actions.partners.forms import ValidatePartnerSearchForm
from tests.actions.dialogue.test_forms import run
from tests.actions.support import conversation

PARTNERS = {
    "kind": "partners",
    "query": "battery recycling clusters",
    "filters": {"country": "SE"},
    "ids": ["a"],
    "offset": 0,
    "page_size": 5,
    "total": 1,
}
CALLS = {"kind": "calls", "query": "calls on battery recycling", "filters": {}, "ids": ["x"]}

BACK_TO_PARTNERS = [
    ("back to the partners", None),
    ("ok, let's go back to the partner search", None),
    ("zurück zu den Partnern", "de"),
    ("revenons aux partenaires", "fr"),
    ("volviendo a los socios", "es"),
    ("torniamo ai partner", "it"),
    ("wracając do partnerów", "pl"),
    ("terug naar de partners", "nl"),
    ("voltando aos parceiros", "pt"),
]
BACK_TO_CALLS = [
    ("back to the calls please", None),
    ("zurück zu den Ausschreibungen", "de"),
    ("revenons aux appels", "fr"),
    ("volvamos a las convocatorias", "es"),
    ("voltando aos concursos", "pt"),
]


@pytest.mark.parametrize(("text", "language"), BACK_TO_PARTNERS)
async def test_back_to_partners_after_calls_takes_the_topic(dispatcher, text, language):
    tracker = conversation(
        text,
        "find_partners",
        language=language,
        said_in=language,
        history=["action_search_calls"],
        last_search=CALLS,
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] is not None
    assert "battery" in slots["partner_query"]


@pytest.mark.parametrize(("text", "language"), BACK_TO_CALLS)
async def test_back_to_calls_after_partners_takes_the_topic(dispatcher, text, language):
    tracker = conversation(
        text,
        "find_calls",
        language=language,
        said_in=language,
        history=["action_search_partners"],
        last_search=PARTNERS,
    )
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert slots["call_topic"] is not None
    assert "battery" in slots["call_topic"]


async def test_a_topic_after_the_return_is_the_topic(dispatcher):
    tracker = conversation(
        "back to partners, but for hydrogen storage",
        "find_partners",
        history=["action_search_calls"],
        last_search=CALLS,
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert "hydrogen" in (slots["partner_query"] or "")
