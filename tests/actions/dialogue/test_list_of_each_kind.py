"""The list of each kind a reference means (actions/dialogue/references.py, ``meant_list``):
partners shown, then calls, then "why the first cluster?" / "back to the partners: why the
first?" / "the third cluster" are about the PARTNER list, and "why that call?" after partners
about the CALL list (issue #13, the twelfth set's BACK and BUILD conversations)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from actions import services as composition
from actions.dialogue.navigation import ActionSelectResult
from actions.dialogue.references import ActionExplainMatch, meant_list, shown_lists
from actions.partners.forms import ValidatePartnerSearchForm
from actions.partners.search import ActionSearchPartners
from knowledge.calls import Call
from tests.actions.dialogue.test_forms import run
from tests.actions.support import conversation, make_tracker, slots_of


def payloads(messages):
    return [m["custom"] for m in messages if m.get("custom")]


def _call(call_id: str) -> Call:
    return Call(
        id=call_id,
        title=f"Topic {call_id} on circular textiles",
        url=f"https://example.org/{call_id}",
        programme="Horizon Europe",
        programme_code="HORIZON",
        action_type="RIA",
        deadlines=(date(2027, 2, 1),),
        deadline_model="single-stage",
        source_status="open",
    )


class _Store:
    def __init__(self, calls):
        self.calls = {c.id: c for c in calls}
        self.as_of = date(2026, 12, 1)

    def get(self, call_id):
        return self.calls.get(call_id)


CALLS = {
    "kind": "calls",
    "query": "circular textiles",
    "filters": {},
    "offset": 0,
    "ids": [f"TOPIC-{n}" for n in range(1, 6)],
    "page_size": 5,
}


@pytest.fixture
def both(fake_services, dispatcher):
    """A partner list, then a calls list, as the tracker's events set them."""
    calls = [_call(i) for i in CALLS["ids"]]
    composition.install(dataclasses.replace(fake_services, calls=_Store(calls)))
    yield dispatcher
    composition.install(None)


async def _partners(dispatcher) -> dict:
    tracker = make_tracker("textile clusters", intent="find_partners", partner_query="textile")
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    dispatcher.messages.clear()
    return slots_of(events)["last_search"]


def _after(text: str, first: dict, then: dict, said_in: str | None = None, **slots):
    """``text`` said after ``first`` was shown, then ``then`` (``then`` is the slot now)."""
    history = [
        {"event": "slot", "name": "last_search", "value": first},
        {"event": "slot", "name": "last_search", "value": then},
    ]
    return conversation(
        text, "explain_match", said_in=said_in, history=history, last_search=then, **slots
    )


async def test_each_kind_keeps_its_last_list(both):
    partners = await _partners(both)
    tracker = _after("ok", partners, CALLS)
    lists = shown_lists(tracker)
    assert lists["partners"]["ids"] == partners["ids"] and lists["calls"]["ids"] == CALLS["ids"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Back to the partners: why did you suggest the first one?", "en"),
        ("Zurück zu den Clustern, warum der erste?", "de"),
        ("Revenons aux partenaires : pourquoi le premier ?", "fr"),
        ("Volvamos a los clústeres, ¿por qué el primero?", "es"),
        ("Torniamo ai cluster: perché il primo?", "it"),
        ("Wróćmy do klastrów - dlaczego pierwszy?", "pl"),
        ("Terug naar de clusters, waarom de eerste?", "nl"),
        ("Voltando aos parceiros, porquê o primeiro?", "pt"),
    ],
)
async def test_why_after_a_return_explains_the_partner_list(both, text, lang):
    partners = await _partners(both)
    events = await ActionExplainMatch().run(both, _after(text, partners, CALLS, lang), {})
    [payload] = payloads(both.messages)
    assert payload["type"] == "match_reason" and payload["result_kind"] == "partner"
    assert payload["id"] == partners["ids"][0] and payload["position"] == 1
    # the return makes the partner list the current one again: "the third one" next reads it
    assert slots_of(events)["last_search"]["kind"] == "partners"
    assert slots_of(events)["last_search"]["ids"] == partners["ids"]


async def test_a_position_with_a_return_word_in_polish_reads_after_it(both):
    partners = await _partners(both)
    tracker = _after("Wróćmy do klastrów - dlaczego drugi?", partners, CALLS, "pl")
    await ActionExplainMatch().run(both, tracker, {})
    [payload] = payloads(both.messages)
    assert (payload["id"], payload["position"]) == (partners["ids"][1], 2)


async def test_a_kind_word_picks_that_list_and_makes_it_current(both):
    partners = await _partners(both)
    tracker = _after("why did you suggest the second cluster?", partners, CALLS)
    events = await ActionExplainMatch().run(both, tracker, {})
    [payload] = payloads(both.messages)
    assert payload["result_kind"] == "partner" and payload["id"] == partners["ids"][1]
    assert slots_of(events)["last_search"]["ids"] == partners["ids"]  # "and the third?" next


async def test_the_list_shown_last_stays_current(both):
    partners = await _partners(both)
    tracker = _after("why did you suggest the second one?", partners, CALLS)
    events = await ActionExplainMatch().run(both, tracker, {})
    assert "last_search" not in slots_of(events)


async def test_why_that_call_after_partners_explains_the_call_list(both):
    partners = await _partners(both)
    tracker = _after("and why that call?", CALLS, partners, selected_id="TOPIC-3")
    await ActionExplainMatch().run(both, tracker, {})
    [payload] = payloads(both.messages)
    assert payload["result_kind"] == "call" and payload["id"] == "TOPIC-3"
    assert payload["position"] == 3


async def test_without_a_kind_word_the_list_shown_last(both):
    partners = await _partners(both)
    tracker = _after("why this one?", partners, CALLS)
    await ActionExplainMatch().run(both, tracker, {})
    [payload] = payloads(both.messages)
    assert payload["result_kind"] == "call" and payload["id"] == "TOPIC-1"
    assert meant_list(tracker) == (CALLS, False)


async def test_the_third_cluster_after_calls_is_a_partner_profile(both):
    partners = await _partners(both)
    history = [
        {"event": "slot", "name": "last_search", "value": partners},
        {"event": "slot", "name": "last_search", "value": CALLS},
    ]
    tracker = conversation(
        "le troisième cluster", "select_result", history=history, last_search=CALLS
    )
    await ActionSelectResult().run(both, tracker, {})
    [payload] = payloads(both.messages)
    assert payload["type"] == "partner_profile" and payload["item"]["id"] == partners["ids"][2]
    both.messages.clear()
    tracker = conversation("the second call", "select_result", history=history, last_search=CALLS)
    await ActionSelectResult().run(both, tracker, {})
    [payload] = payloads(both.messages)
    assert payload["type"] == "call_results" and payload["items"][0]["id"] == "TOPIC-2"


async def test_a_kind_never_shown_falls_back_to_the_list_shown_last(both):
    tracker = _after("why the first cluster?", CALLS, CALLS)
    assert meant_list(tracker) == (CALLS, False)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("partners for the first call", "TOPIC-1"),
        ("Partner für die zweite Ausschreibung", "TOPIC-2"),
        ("klastry do trzeciego naboru", "TOPIC-3"),
    ],
)
async def test_partners_for_a_shown_call_keep_the_conversation_place(both, text, wanted):
    partners = {**CALLS, "kind": "partners", "filters": {"country": "AT"}, "ids": ["x"]}
    history = [
        {"event": "slot", "name": "last_search", "value": partners},
        {"event": "slot", "name": "last_search", "value": CALLS},
    ]
    tracker = conversation(text, "find_partners", history=history, last_search=CALLS)
    slots = await run(ValidatePartnerSearchForm(), both, tracker)
    assert slots["partner_query"] == f"Topic {wanted} on circular textiles"
    assert slots["country"] == "AT" and slots["sector"] is None


async def test_a_place_named_with_the_call_wins(both):
    partners = {**CALLS, "kind": "partners", "filters": {"country": "AT"}, "ids": ["x"]}
    history = [
        {"event": "slot", "name": "last_search", "value": partners},
        {"event": "slot", "name": "last_search", "value": CALLS},
    ]
    text = "partners in Spain for the first call"
    entities = [{"entity": "country", "value": "Spain", "start": 12, "end": 17}]
    tracker = conversation(
        text, "find_partners", entities=entities, history=history, last_search=CALLS, country="ES"
    )
    slots = await run(ValidatePartnerSearchForm(), both, tracker)
    assert slots["partner_query"] == "Topic TOPIC-1 on circular textiles"
    assert slots["country"] == "ES"
