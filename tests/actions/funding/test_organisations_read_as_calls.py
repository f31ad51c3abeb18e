"""Organisations of a topic in a place, read by NLU as a calls request (session 17, partners17).

"space data and satellite applications organisations in the UK" names no call, but NLU ranks
``find_calls`` first: the calls search answered. A message that names a place, a sector or
technology and organisations (or partners), and no call noun, no instrument and nothing off
topic, asks for partners whatever NLU ranked (:func:`actions.dialogue.placed_request.placed_request`,
read by :class:`actions.funding.calls.ActionSearchCalls` too). Messages written for this test
from the profiles' sectors and countries.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.funding.calls import ActionSearchCalls
from tests.actions.support import make_tracker


def _at(text: str, name: str, surface: str, value: str) -> dict:
    start = text.index(surface)
    return {"entity": name, "value": value, "start": start, "end": start + len(surface)}


def _types(dispatcher: CollectingDispatcher) -> list[str | None]:
    return [(m.get("custom") or {}).get("type") for m in dispatcher.messages]


ORGANISATIONS = [
    (
        "space data and satellite applications organisations in the UK",
        [
            ("technology", "satellite applications", "satellite applications"),
            ("country", "UK", "GB"),
        ],
        None,
    ),
    (
        "Nous sommes une PME près de Toulouse et nous aimerions co-développer un drone avec d'autres entreprises",
        [("region", "Toulouse", "Toulouse"), ("technology", "drone", "drones")],
        "fr",
    ),
    (
        "empresas de energía renovable en el País Vasco",
        [("sector", "energía renovable", "Energy"), ("region", "País Vasco", "Basque Country")],
        "es",
    ),
]


@pytest.mark.parametrize(("text", "found", "language"), ORGANISATIONS)
async def test_organisations_of_a_topic_in_a_place_are_partners(
    fact_services, text, found, language
):
    entities = [_at(text, name, surface, value) for name, surface, value in found]
    tracker = make_tracker(text, entities, said_in=language, intent="find_calls")
    dispatcher = CollectingDispatcher()
    await ActionSearchCalls().run(dispatcher, tracker, {})
    assert "partner_results" in _types(dispatcher)
    assert "call_results" not in _types(dispatcher)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "open calls for companies working on hydrogen in Spain",
            [("technology", "hydrogen", "hydrogen"), ("country", "Spain", "ES")],
        ),
        (
            "funding for SMEs and organisations in renewable energy in Austria",
            [("sector", "renewable energy", "Energy"), ("country", "Austria", "AT")],
        ),
    ],
)
async def test_a_call_noun_keeps_the_calls_search(fact_services, text, found):
    entities = [_at(text, name, surface, value) for name, surface, value in found]
    tracker = make_tracker(text, entities, intent="find_calls")
    dispatcher = CollectingDispatcher()
    await ActionSearchCalls().run(dispatcher, tracker, {})
    assert "partner_results" not in _types(dispatcher)
