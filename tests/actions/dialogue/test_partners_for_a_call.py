"""Partners for the call just shown (issue 13, context, session 14).

Right after a calls search, "which clusters could be partners for this call?" names both a
partner noun and a call noun; the call is the one shown (a determiner points at it), what is
asked for is partners on the calls' topic (actions/dialogue/forms.py ``requested_feature``,
read by actions/funding/calls.py and actions/dialogue/follow_up.py). Whatever intent NLU gave it
(``find_calls``, ``nlu_fallback``, ``out_of_scope``), the answer is a partner list. Written from
each language's grammar; the topic (hydrogen) is one of the open calls' topics.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.follow_up import follow_up_kind, unsure_kind
from actions.dialogue.forms import requested_feature
from actions.funding.calls import ActionSearchCalls
from tests.actions.dialogue.test_continuation import AFTER_CALLS, after
from tests.actions.support import slots_of

CALLS = {"kind": "calls", "query": "hydrogen", "filters": {}, "ids": ["x"]}

PARTNERS_FOR_THE_CALL = [
    ("which clusters could be partners for this call?", None),
    ("Welche Cluster kämen als Partner für diese Ausschreibung in Frage?", "de"),
    ("quels clusters pourraient être partenaires sur cet appel ?", "fr"),
    ("¿qué clústeres podrían ser socios para esta convocatoria?", "es"),
    ("quali cluster potrebbero essere partner per questo bando?", "it"),
    ("jakie klastry mogłyby być partnerami w tym naborze?", "pl"),
    ("welke clusters kunnen partner zijn voor deze oproep?", "nl"),
    ("que clusters poderiam ser parceiros neste concurso?", "pt"),
]


@pytest.mark.parametrize(("text", "language"), PARTNERS_FOR_THE_CALL)
def test_a_partner_noun_beside_the_call_shown_asks_for_partners(text, language):
    assert requested_feature(text) == "find_partners"


@pytest.mark.parametrize(
    "text", ["calls and partners on hydrogen", "find partners and funding for batteries"]
)
def test_both_requests_named_on_their_own_stay_undecided(text):
    assert requested_feature(text) is None


@pytest.mark.parametrize(("text", "language"), PARTNERS_FOR_THE_CALL)
async def test_a_calls_reading_after_calls_searches_partners_on_their_topic(
    fact_services, text, language
):
    dispatcher = CollectingDispatcher()
    tracker = after(text, "find_calls", language=language, last=CALLS, history=AFTER_CALLS)
    events = await ActionSearchCalls().run(dispatcher, tracker, {})
    last = slots_of(events)["last_search"]
    assert last["kind"] == "partners" and "hydrogen" in last["query"]
    types = [(m.get("custom") or {}).get("type") for m in dispatcher.messages]
    assert "partner_results" in types and "call_results" not in types


@pytest.mark.parametrize(("text", "language"), PARTNERS_FOR_THE_CALL)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_an_unsure_reading_after_calls_is_a_partner_search(fact_services, text, language, intent):
    tracker = after(text, intent, language=language, last=CALLS, history=AFTER_CALLS)
    kind = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert kind == "partners"
