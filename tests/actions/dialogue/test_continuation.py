"""Short messages that continue the result list just shown (issue 13, context, session 13).

actions/dialogue/continuation.py is the one owner: right after partner or call results, "und für
textilien?", "y para textil?", "a dla rolnictwa?", "et en bretagne" refine that list whatever
NLU made of them (out_of_scope, nlu_fallback, ask_instrument, find_calls); an off-topic fragment,
a question of its own, a programme question or a message naming the other feature keeps its own
answer. The topics are the profiles' sectors (textiles, agri-food, wood, logistics, maritime),
the places CLDR/NUTS names; written from the grammar of each language, never from data/nlu or
tests/eval.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import latest_context
from actions.dialogue.continuation import continues_results
from actions.dialogue.follow_up import follow_up_kind, unsure_kind
from actions.dialogue.navigation import ActionRefineSearch
from actions.funding.calls import ActionCallStatus, ActionSearchCalls
from actions.funding.instruments import ActionExplainInstrument
from tests.actions.support import conversation, entity, slots_of

PARTNERS = {
    "kind": "partners",
    "query": "aerospace clusters",
    "filters": {"country": "FR", "sector": "Aerospace & Space"},
    "ids": ["a", "b"],
    "offset": 0,
    "page_size": 5,
    "total": 2,
}
CALLS = {"kind": "calls", "query": "calls on hydrogen", "filters": {}, "ids": ["x"]}
AFTER_PARTNERS = ["action_search_partners"]
AFTER_CALLS = ["action_search_calls"]


@pytest.fixture
def knowledge(fact_services):
    """The catalogue, with the fact answerer installed (tests/actions/conftest.py)."""
    return fact_services


def after(text, intent="out_of_scope", *, entities=None, language=None, last=None, history=None):
    """The tracker of ``text`` said right after a result list (partners unless ``last``)."""
    found = list(entities or [])
    return conversation(
        text,
        intent,
        ranking=[(intent, 0.5)],
        entities=found,
        language=language,
        said_in=language,
        history=AFTER_PARTNERS if history is None else history,
        last_search=PARTNERS if last is None else last,
    )


# -- 1. a new topic or place after a partner list, in the eight reply languages ---------------

TOPIC_FOLLOW_UPS = [
    ("und für textilien?", "de"),
    ("y para textil?", "es"),
    ("a dla rolnictwa?", "pl"),
    ("et pour le bois ?", "fr"),
    ("e per il tessile?", "it"),
    ("en voor logistiek?", "nl"),
    ("e para o setor marítimo?", "pt"),
    ("what about food processing", None),
    ("and for maritime?", None),
]


@pytest.mark.parametrize(("text", "language"), TOPIC_FOLLOW_UPS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_a_new_topic_after_partner_results_refines_them(knowledge, text, language, intent):
    tracker = after(text, intent, language=language)
    assert continues_results(tracker)
    kind = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert kind == "refine"


PLACE_FOLLOW_UPS = [
    ("und in österreich?", "österreich", "country", "de"),
    ("et en bretagne", "bretagne", "region", "fr"),
    ("a w czechach?", "czechach", "country", "pl"),
    ("en dan in vlaanderen", "vlaanderen", "region", "nl"),
    ("y en cataluña", "cataluña", "region", "es"),
    ("e in lombardia?", "lombardia", "region", "it"),
    ("e só em portugal", "portugal", "country", "pt"),
    ("what about sweden", "sweden", "country", None),
]


@pytest.mark.parametrize(("text", "place", "kind", "language"), PLACE_FOLLOW_UPS)
def test_a_new_place_after_partner_results_refines_them(knowledge, text, place, kind, language):
    tracker = after(text, entities=[entity(text, kind, place)], language=language)
    assert continues_results(tracker)
    assert unsure_kind(tracker) == "refine"


# -- 2. what keeps its own answer -----------------------------------------------------------

KEEP_THEIR_ANSWER = [
    ("and the weather tomorrow?", None),  # off topic
    ("y el fútbol?", "es"),
    ("a pogoda jutro?", "pl"),
    ("raconte moi une blague", "fr"),
    ("und wie spät ist es?", "de"),  # a question of its own
    ("et quelle heure est-il ?", "fr"),
    ("and calls on that?", None),  # names the other feature
    ("y convocatorias para eso?", "es"),
    ("and how much funding does it have?", None),  # a programme question
    ("and in town?", None),  # an unknown place
    ("thanks a lot, bye", None),
]


@pytest.mark.parametrize(("text", "language"), KEEP_THEIR_ANSWER)
def test_off_topic_questions_and_requests_after_results_keep_their_answer(
    knowledge, text, language
):
    assert not continues_results(after(text, language=language))


@pytest.mark.parametrize(("text", "language"), TOPIC_FOLLOW_UPS[:4])
def test_without_results_before_a_fragment_is_no_refinement(knowledge, text, language):
    tracker = conversation(
        text, "out_of_scope", language=language, said_in=language, history=["utter_greet"]
    )
    assert not continues_results(tracker)


def test_after_a_call_list_only_a_new_topic_continues(knowledge):
    assert continues_results(after("and for textiles?", last=CALLS, history=AFTER_CALLS))
    label = "gold"
    text = "only gold-labelled ones"
    tracker = after(text, entities=[entity(text, "label", label)], last=CALLS, history=AFTER_CALLS)
    assert not continues_results(tracker)


# -- 3. what the refinement searches ----------------------------------------------------------


async def test_a_new_topic_replaces_the_old_topic_and_its_sector_and_keeps_the_country(knowledge):
    dispatcher = CollectingDispatcher()
    tracker = after("et pour le bois ?", "inform", language="fr")
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert "bois" in new["query"] and "aerospace" not in new["query"]
    assert new["filters"].get("country") == "FR"
    assert "sector" not in new["filters"]


async def test_a_new_country_replaces_the_old_one(knowledge):
    dispatcher = CollectingDispatcher()
    text = "y en españa?"
    last = dict(PARTNERS, filters={"country": "PT"}, query="textile clusters")
    tracker = conversation(
        text,
        "inform",
        entities=[entity(text, "country", "españa")],
        language="es",
        said_in="es",
        history=AFTER_PARTNERS,
        last_search=last,
    )
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert new["filters"]["country"] == "ES" and new["query"] == "textile clusters"


async def test_a_calls_reading_of_a_partner_fragment_searches_partners(knowledge):
    dispatcher = CollectingDispatcher()
    tracker = after("und für textilien?", "find_calls", language="de")
    events = await ActionSearchCalls().run(dispatcher, tracker, {})
    assert slots_of(events)["last_search"]["kind"] == "partners"
    types = [(m.get("custom") or {}).get("type") for m in dispatcher.messages]
    assert "partner_results" in types and "call_results" not in types


async def test_an_instrument_reading_of_a_partner_fragment_refines_the_list(knowledge):
    dispatcher = CollectingDispatcher()
    tracker = after("y para textil?", "ask_instrument", language="es")
    events = await ActionExplainInstrument().run(dispatcher, tracker, {})
    slots = slots_of(events)
    assert slots["last_search"]["kind"] == "partners" and "textil" in slots["last_search"]["query"]
    assert slots["follow_up"] == "search"  # the conversation is about a list now, not a card
    types = [(m.get("custom") or {}).get("type") for m in dispatcher.messages]
    assert "partner_results" in types and "fact_answer" not in types


# -- 4. an FAQ answer naming an instrument is about it ----------------------------------------


def faq_about(name: str) -> list[dict]:
    return [
        {"event": "user", "text": f"what is {name}?", "parse_data": {}},
        {"event": "slot", "name": "instrument", "value": name},
        {"event": "action", "name": "action_follow_up"},
        {"event": "action", "name": "utter_faq"},
        {"event": "action", "name": "action_listen"},
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [("c'est encore ouvert ?", "fr"), ("is it still running?", None), ("läuft das noch?", "de")],
)
async def test_is_it_still_open_after_an_faq_answer_is_about_its_instrument(
    knowledge, text, language
):
    tracker = conversation(
        text,
        "ask_call_status",
        language=language,
        said_in=language,
        history=faq_about("Euroclusters"),
        instrument="Euroclusters",
    )
    assert latest_context(tracker) == "instrument"
    dispatcher = CollectingDispatcher()
    await ActionCallStatus().run(dispatcher, tracker, {})
    [card] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert card["instrument"] == "euroclusters" and card["aspect"] == "status"


def test_an_faq_answer_naming_nothing_is_no_instrument_context():
    history = [
        {"event": "user", "text": "what is a cluster?", "parse_data": {}},
        {"event": "action", "name": "utter_faq"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "and ESCP?", "parse_data": {}},
        {"event": "action", "name": "action_search_partners"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "what is a cluster label?", "parse_data": {}},
        {"event": "action", "name": "utter_faq"},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = conversation("who can apply?", "faq", history=history)
    assert latest_context(tracker) == "search"


# -- 5. partners on the calls' topic when NLU read the request as calls -----------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("who could we team up with on this?", None),
        ("con quién podríamos colaborar en esto?", "es"),
        ("met wie kunnen we samenwerken?", "nl"),
        ("z kim możemy współpracować?", "pl"),
    ],
)
async def test_a_partner_request_read_as_calls_after_calls_searches_partners(
    knowledge, text, language
):
    dispatcher = CollectingDispatcher()
    tracker = after(text, "find_calls", language=language, last=CALLS, history=AFTER_CALLS)
    events = await ActionSearchCalls().run(dispatcher, tracker, {})
    slots = slots_of(events)
    assert slots["partner_query"] == "hydrogen"
    assert slots["last_search"]["kind"] == "partners"


async def test_a_label_refinement_keeps_the_sector(knowledge):
    dispatcher = CollectingDispatcher()
    text = "keep only those with a gold label"
    tracker = after(text, "inform", entities=[entity(text, "label", "gold label")])
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    filters = slots_of(events)["last_search"]["filters"]
    assert filters.get("sector") == "Aerospace & Space" and filters.get("label") == "gold"


@pytest.mark.parametrize(
    ("text", "language"),
    [("tylko na Pomorzu Zachodnim", "pl"), ("just the ones near the coast", None)],
)
async def test_a_refinement_without_a_topic_preposition_keeps_the_sector(knowledge, text, language):
    dispatcher = CollectingDispatcher()
    events = await ActionRefineSearch().run(
        dispatcher, after(text, "inform", language=language), {}
    )
    assert slots_of(events)["last_search"]["filters"].get("sector") == "Aerospace & Space"
