"""A fragment that names only the other feature right after a result list ("and calls?" after
partners, "a partnerzy?" after calls) asks for that feature on the same topic, whatever NLU
called it (issue 13, context, session 14).

actions/dialogue/continuation.py ``asks_for_other_feature`` decides; the follow-up opens the
other feature's form, which takes the last search's topic over (``implicit_topic``). Written from
the grammar of the eight reply languages, not from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest

from actions.dialogue.continuation import asks_for_other_feature
from actions.dialogue.follow_up import follow_up_kind, unsure_kind
from actions.funding.forms import ValidateCallSearchForm
from actions.partners.forms import ValidatePartnerSearchForm
from tests.actions.dialogue.test_forms import run
from tests.actions.support import conversation

PARTNERS = {
    "kind": "partners",
    "query": "wood construction clusters",
    "filters": {"country": "AT"},
    "ids": ["a"],
    "offset": 0,
    "page_size": 5,
    "total": 1,
}
CALLS = {"kind": "calls", "query": "calls on wood construction", "filters": {}, "ids": ["x"]}

AFTER_PARTNERS = [
    ("and calls?", None),
    ("und Ausschreibungen?", "de"),
    ("et des appels ?", "fr"),
    ("y convocatorias?", "es"),
    ("e i bandi?", "it"),
    ("a nabory?", "pl"),
    ("en oproepen?", "nl"),
    ("e concursos?", "pt"),
]
AFTER_CALLS = [
    ("and partners?", None),
    ("und Partner?", "de"),
    ("et des partenaires ?", "fr"),
    ("y socios?", "es"),
    ("e i partner?", "it"),
    ("a partnerzy?", "pl"),
    ("en partners?", "nl"),
    ("e parceiros?", "pt"),
]


def after(text, language, last, intent="out_of_scope"):
    history = ["action_search_partners"] if last is PARTNERS else ["action_search_calls"]
    return conversation(
        text,
        intent,
        ranking=[(intent, 0.5)],
        language=language,
        said_in=language,
        history=history,
        last_search=last,
    )


@pytest.mark.parametrize(("text", "language"), AFTER_PARTNERS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_calls_fragment_after_partners(text, language, intent):
    tracker = after(text, language, PARTNERS, intent)
    assert asks_for_other_feature(tracker) == "find_calls"
    kind = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert kind == "ask_calls"


@pytest.mark.parametrize(("text", "language"), AFTER_CALLS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_partners_fragment_after_calls(text, language, intent):
    tracker = after(text, language, CALLS, intent)
    assert asks_for_other_feature(tracker) == "find_partners"
    kind = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert kind == "ask_partners"


@pytest.mark.parametrize(("text", "language"), AFTER_PARTNERS[:4])
async def test_the_calls_form_takes_the_partner_topic(dispatcher, text, language):
    tracker = after(text, language, PARTNERS, "find_calls")
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert "wood" in (slots["call_topic"] or "")


@pytest.mark.parametrize(("text", "language"), AFTER_CALLS[:4])
async def test_the_partner_form_takes_the_calls_topic(dispatcher, text, language):
    tracker = after(text, language, CALLS, "find_partners")
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert "wood" in (slots["partner_query"] or "")


@pytest.mark.parametrize(
    ("text", "language", "last"),
    [
        ("and partners?", None, PARTNERS),  # the same feature: nothing to take over
        ("und Ausschreibungen zu Wasserstoff?", "de", PARTNERS),  # a topic of its own
        ("and what calls are open?", None, PARTNERS),  # a question of its own
        ("and the weather?", None, PARTNERS),  # names no feature
        ("are there calls for this", None, PARTNERS),  # no continuation opener
    ],
)
def test_what_is_no_bare_fragment_of_the_other_feature(text, language, last):
    assert asks_for_other_feature(after(text, language, last)) is None


def test_not_after_an_instrument_answer():
    tracker = conversation(
        "and calls?",
        "out_of_scope",
        ranking=[("out_of_scope", 0.5)],
        history=["action_explain_instrument"],
        last_search=PARTNERS,
    )
    assert asks_for_other_feature(tracker) is None


@pytest.mark.parametrize(
    ("text", "language"), [("y socios para eso?", "es"), ("and partners for that?", None)]
)
def test_a_back_reference_searches_on_the_carried_topic(text, language):
    tracker = after(text, language, CALLS)
    assert asks_for_other_feature(tracker) is None
    assert unsure_kind(tracker) == "partners"
