"""Follow-ups on partner results: refine, show more, describe one, find similar."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.dialogue.navigation import (
    ActionFindSimilar,
    ActionRefineSearch,
    ActionSelectResult,
    ActionShowMore,
    last_search,
)
from actions.partners.search import PAGE_SIZE, ActionSearchPartners
from tests.actions.support import entity, make_tracker


def tracker_with(text, entities=None, intent="inform", **slots) -> Tracker:
    tracker = make_tracker(text, entities, **slots)
    tracker.latest_message["intent"] = {"name": intent}
    return tracker


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def payloads(messages):
    return [m["custom"] for m in messages if m.get("custom")]


async def first_search(dispatcher, text="hydrogen storage", **slots):
    tracker = tracker_with(text, intent="find_partners", partner_query=text, **slots)
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    return slots_of(events)["last_search"]


async def test_search_remembers_last_search_and_asks_for_feedback(services, dispatcher):
    last = await first_search(dispatcher, country="DE")
    assert last["kind"] == "partners"
    assert last["query"] == "hydrogen storage"
    assert last["filters"] == {"country": "DE"}
    assert last["offset"] == 0 and last["page_size"] == PAGE_SIZE
    [payload] = payloads(dispatcher.messages)
    assert last["ids"] == [item["id"] for item in payload["items"]]
    question = next(m for m in dispatcher.messages if m.get("buttons"))
    assert [b["payload"] for b in question["buttons"]] == [
        '/feedback{"feedback_value": "useful"}',
        '/feedback{"feedback_value": "not_useful"}',
    ]


async def test_show_more_pages_on_without_repeating(services, dispatcher):
    last = await first_search(dispatcher)
    dispatcher.messages.clear()
    events = await ActionShowMore().run(dispatcher, tracker_with("more", last_search=last), {})
    new_last = slots_of(events)["last_search"]
    [payload] = payloads(dispatcher.messages)
    assert payload["page"] == 2
    page_two = [item["id"] for item in payload["items"]]
    assert page_two and not set(page_two) & set(last["ids"])
    assert new_last["offset"] == PAGE_SIZE
    assert new_last["ids"] == last["ids"] + page_two
    # Numbering goes on from the first page.
    assert f"{PAGE_SIZE + 1}. " in dispatcher.messages[0]["text"]


async def test_show_more_before_any_search_says_so(services, dispatcher):
    events = await ActionShowMore().run(dispatcher, tracker_with("more"), {})
    assert events == []
    assert "haven't shown you any results" in dispatcher.messages[0]["text"]


async def test_show_more_past_the_end(services, dispatcher):
    last = {
        "kind": "partners",
        "query": "x",
        "filters": {},
        "offset": 5,
        "ids": ["a"] * 10,
        "page_size": 5,
        "total": 10,
    }
    events = await ActionShowMore().run(dispatcher, tracker_with("next", last_search=last), {})
    assert events == []
    assert "all 10 results" in dispatcher.messages[0]["text"]


async def test_select_result_describes_the_second_one_with_source(services, dispatcher, profiles):
    last = await first_search(dispatcher)
    dispatcher.messages.clear()
    text = "tell me more about the second one"
    tracker = tracker_with(
        text, [entity(text, "ordinal", "second") | {"value": "2"}], last_search=last
    )
    events = await ActionSelectResult().run(dispatcher, tracker, {})
    assert slots_of(events) == {"selected_id": last["ids"][1]}
    profile = next(p for p in profiles if p.id == last["ids"][1])
    reply = dispatcher.messages[0]["text"]
    assert reply.startswith(f"2. {profile.name}")
    if profile.source_url:
        assert profile.source_url in reply
    [payload] = payloads(dispatcher.messages)
    assert payload == {"type": "partner_profile", "item": profile.to_dict()}


async def test_select_result_last_and_out_of_range(services, dispatcher):
    last = await first_search(dispatcher)
    dispatcher.messages.clear()
    events = await ActionSelectResult().run(
        dispatcher,
        tracker_with("the last one", [{"entity": "ordinal", "value": "-1"}], last_search=last),
        {},
    )
    assert slots_of(events) == {"selected_id": last["ids"][-1]}
    dispatcher.messages.clear()
    events = await ActionSelectResult().run(
        dispatcher,
        tracker_with("number 9", [{"entity": "ordinal", "value": "9"}], last_search=last),
        {},
    )
    assert events == []
    assert f"shown {len(last['ids'])} results" in dispatcher.messages[0]["text"]


async def test_typed_garbage_ordinal_and_last_search_do_not_crash(services, dispatcher):
    bad = {"kind": "partners", "query": 5, "filters": "x", "offset": -3, "ids": [1, None]}
    for value in ("999999", "DROP TABLE", {"a": 1}, None, "0"):
        tracker = tracker_with(
            "/select_result", [{"entity": "ordinal", "value": value}], last_search=bad
        )
        assert await ActionSelectResult().run(dispatcher, tracker, {}) == []
    assert last_search(tracker_with("x", last_search="nonsense")) is None


async def test_find_similar_uses_the_chosen_profile_and_leaves_it_out(services, dispatcher):
    last = await first_search(dispatcher)
    dispatcher.messages.clear()
    text = "more like number 2"
    tracker = tracker_with(text, [{"entity": "ordinal", "value": "2"}], last_search=last)
    events = await ActionFindSimilar().run(dispatcher, tracker, {})
    slots = slots_of(events)
    chosen = last["ids"][1]
    assert slots["selected_id"] == chosen
    assert slots["last_search"]["similar_to"] == chosen
    [payload] = payloads(dispatcher.messages)
    ids = [item["id"] for item in payload["items"]]
    assert ids and chosen not in ids
    expected = services.partners.similar_to(chosen, None, k=PAGE_SIZE)
    assert ids == [m.profile.id for m in expected.matches]


async def test_find_similar_in_another_country(services, dispatcher):
    last = await first_search(dispatcher)
    text = "more like number 2 but in Italy"
    tracker = tracker_with(
        text,
        [{"entity": "ordinal", "value": "2"}, entity(text, "country", "Italy")],
        last_search=last,
    )
    dispatcher.messages.clear()
    await ActionFindSimilar().run(dispatcher, tracker, {})
    [payload] = payloads(dispatcher.messages)
    assert {item["country"] for item in payload["items"]} <= {"IT"}


async def test_refine_with_a_country_reruns_the_last_query(services, dispatcher):
    last = await first_search(dispatcher, country="DE")
    dispatcher.messages.clear()
    text = "and in Italy?"
    tracker = tracker_with(text, [entity(text, "country", "Italy")], last_search=last)
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    slots = slots_of(events)
    assert slots["last_search"]["query"] == "hydrogen storage"
    assert slots["last_search"]["filters"] == {"country": "IT"}
    [payload] = payloads(dispatcher.messages)
    assert {item["country"] for item in payload["items"]} <= {"IT"}


@pytest.mark.parametrize(
    ("text", "place", "language", "code"),
    [
        ("hoe zit dat in Italië", "Italië", "nl", "IT"),
        ("und wie sieht es damit in Italien aus", "Italien", "de", "IT"),
        ("et qu'en est-il en Italie", "Italie", "fr", "IT"),
        ("what about Italy then", "Italy", None, "IT"),
    ],
)
async def test_a_what_about_refinement_keeps_the_last_topic(
    services, dispatcher, text, place, language, code
):
    last = await first_search(dispatcher, country="DE")
    dispatcher.messages.clear()
    found = [entity(text, "country", place)]
    if language:
        found.append({"entity": "language", "value": language})
    tracker = make_tracker(text, found, said_in=language, intent="inform", last_search=last)
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert new["query"] == "hydrogen storage" and new["filters"] == {"country": code}


async def test_refine_any_country_clears_the_filter(services, dispatcher):
    last = await first_search(dispatcher, country="DE")
    tracker = tracker_with("any country is fine", last_search=last)
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    assert slots_of(events)["last_search"]["filters"] == {}


async def test_refine_with_a_new_topic_keeps_the_filters(services, dispatcher):
    last = await first_search(dispatcher, country="DE")
    tracker = tracker_with("battery recycling", last_search=last)
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert new["query"] == "battery recycling" and new["filters"] == {"country": "DE"}


async def test_refine_with_typed_unknown_country_suggests(services, dispatcher):
    last = await first_search(dispatcher)
    dispatcher.messages.clear()
    tracker = tracker_with(
        '/inform{"country": "Germny"}', [{"entity": "country", "value": "Germny"}], last_search=last
    )
    assert await ActionRefineSearch().run(dispatcher, tracker, {}) == []
    assert "did you mean Germany?" in dispatcher.messages[0]["text"]


async def test_refine_before_any_search_without_topic_asks(services, dispatcher):
    assert await ActionRefineSearch().run(dispatcher, tracker_with("ok"), {}) == []
    assert "What should they work on" in dispatcher.messages[0]["text"]


async def test_refine_with_a_label_keeps_query_and_place(services, dispatcher, profiles):
    last = await first_search(dispatcher, "cluster", country="FR")
    dispatcher.messages.clear()
    text = "only gold-labelled ones"
    entities = [{**entity(text, "label", "gold-labelled"), "value": "gold label"}]
    events = await ActionRefineSearch().run(
        dispatcher, tracker_with(text, entities, last_search=last), {}
    )
    new = slots_of(events)["last_search"]
    assert new["query"] == last["query"]  # "cluster" alone names no topic: ""
    assert new["filters"] == {"country": "FR", "label": "gold"}
    [payload] = payloads(dispatcher.messages)
    expected = {
        p.id
        for p in profiles
        if p.country == "FR" and p.label and "gold" in p.label.casefold().split()
    }
    assert payload["total"] == len(expected)
    assert {item["id"] for item in payload["items"]} <= expected


async def test_drop_filter_button_reruns_without_that_filter(services, dispatcher):
    # Cyprus's one profile has no excellence label (a region or sector that empties a search in
    # a country is dropped at once: tests/actions/partners/test_partners.py)
    last = await first_search(dispatcher, "aquaculture", label="gold", country="CY")
    assert last["filters"] == {"country": "CY", "label": "gold"} and last["total"] == 0
    assert "without the label filter" in str(dispatcher.messages)
    dispatcher.messages.clear()
    payload_text = '/inform{"drop_filter": "label"}'
    tracker = tracker_with(
        payload_text, [{"entity": "drop_filter", "value": "label"}], last_search=last
    )
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert new["query"] == "aquaculture" and new["filters"] == {"country": "CY"}
    [payload] = payloads(dispatcher.messages)
    assert payload["items"] and {item["country"] for item in payload["items"]} == {"CY"}


async def test_drop_filter_with_an_unknown_name_changes_nothing(services, dispatcher):
    last = await first_search(dispatcher, "hydrogen", country="DE")
    tracker = tracker_with(
        '/inform{"drop_filter": "partner_query"}',
        [{"entity": "drop_filter", "value": "partner_query"}],
        last_search=last,
    )
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    assert slots_of(events)["last_search"]["filters"] == {"country": "DE"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("any more in Germany?", "Germany"),
        ("noch weitere in Deutschland?", "Deutschland"),
        ("altri in Germania?", "Germania"),
        ("więcej w Niemczech?", "Niemczech"),
    ],
)
async def test_more_in_the_place_already_searched_is_the_next_page(
    services, dispatcher, text, place
):
    """Session 18: "any more in Italy?" after Italian results pages on, never repeats."""
    last = await first_search(dispatcher, country="DE")
    dispatcher.messages.clear()
    entities = [{**entity(text, "country", place), "value": "DE"}]
    tracker = tracker_with(text, entities, last_search=last)
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new_last = slots_of(events)["last_search"]
    [payload] = payloads(dispatcher.messages)
    page_two = [item["id"] for item in payload["items"]]
    assert new_last["offset"] == PAGE_SIZE
    assert not set(page_two) & set(last["ids"])
