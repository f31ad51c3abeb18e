"""validate_partner_search_form / validate_call_search_form: ask only for what is missing."""

from __future__ import annotations

import pytest

from actions.funding.forms import ValidateCallSearchForm
from actions.partners.forms import ValidatePartnerSearchForm
from tests.actions.support import entity, make_tracker

DOMAIN = {
    "slots": {
        "partner_query": {"mappings": [{"type": "custom"}]},
        "call_topic": {"mappings": [{"type": "custom"}]},
        "country": {"mappings": [{"type": "from_entity", "entity": "country"}]},
    },
    "forms": {
        "partner_search_form": {"required_slots": ["partner_query"]},
        "call_search_form": {"required_slots": ["call_topic"]},
    },
}


def tracker_for(text, intent, entities=None, events=None, said_in=None, **slots):
    tracker = make_tracker(text, entities, said_in=said_in, **slots)
    tracker.latest_message["intent"] = {"name": intent}
    tracker.events = events or []
    return tracker


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def run(form, dispatcher, tracker):
    return slot_events(await form.run(dispatcher, tracker, DOMAIN))


async def test_topic_in_the_opening_message_completes_the_form(dispatcher):
    text = "clusters doing hydrogen storage in Bavaria"
    tracker = tracker_for(
        text, "find_partners", [entity(text, "region", "Bavaria")], region="Bavaria", country="FR"
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] == "clusters doing hydrogen storage in"
    # A new request keeps the region it names and forgets the older country filter.
    assert slots["region"] == "Bavaria" and slots["country"] is None


async def test_no_topic_leaves_the_slot_empty_so_the_form_asks(dispatcher):
    tracker = tracker_for(
        "find me some partners please", "find_partners", partner_query="old topic"
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] is None


async def test_place_only_after_a_search_keeps_the_previous_topic(dispatcher):
    text = "partners in Italy"
    last = {"kind": "partners", "query": "hydrogen storage", "filters": {}, "ids": []}
    tracker = tracker_for(
        text, "find_partners", [entity(text, "country", "Italy")], last_search=last
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] == "hydrogen storage"


async def test_answer_to_the_question_fills_the_topic(dispatcher):
    tracker = tracker_for("precision farming sensors", "inform", requested_slot="partner_query")
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] == "precision farming sensors"


async def test_digression_extracts_nothing(dispatcher):
    text = "wait, what is INNOSUP?"
    tracker = tracker_for(
        text,
        "ask_instrument",
        [entity(text, "instrument", "INNOSUP")],
        requested_slot="partner_query",
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert "partner_query" not in slots and "country" not in slots


async def test_unknown_country_is_refused_with_a_suggestion(dispatcher):
    events = [{"event": "user"}, {"event": "slot", "name": "country", "value": "Germny"}]
    tracker = tracker_for(
        '/find_partners{"country": "Germny"}',
        "find_partners",
        [{"entity": "country", "value": "Germny"}],
        events=events,
        country="Germny",
        requested_slot="partner_query",
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["country"] is None
    assert "did you mean Germany?" in dispatcher.messages[0]["text"]


async def test_known_country_is_normalised(dispatcher):
    events = [{"event": "user"}, {"event": "slot", "name": "country", "value": "Deutschland"}]
    tracker = tracker_for(
        "in Deutschland",
        "inform",
        events=events,
        country="Deutschland",
        requested_slot="partner_query",
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["country"] == "DE"


async def test_any_country_clears_the_filter(dispatcher):
    tracker = tracker_for(
        "anywhere is fine", "inform", country="DE", requested_slot="partner_query"
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["country"] is None and slots["region"] is None


async def test_call_form_topic_and_generic_request(dispatcher):
    tracker = tracker_for("open calls on battery recycling", "find_calls")
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert slots["call_topic"] == "open calls on battery recycling"
    tracker = tracker_for("show me open calls", "find_calls", call_topic="old")
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert slots["call_topic"] is None


async def test_a_low_confidence_one_word_answer_still_fills_the_topic(dispatcher):
    tracker = tracker_for("robotics", "nlu_fallback", requested_slot="partner_query")
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] == "robotics"
    tracker = tracker_for("semiconductors", "find_calls", requested_slot="call_topic")
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert slots["call_topic"] == "semiconductors"


async def test_the_optional_filters_are_never_requested(dispatcher):
    tracker = tracker_for("clusters doing robotics", "find_partners")
    events = await ValidatePartnerSearchForm().run(dispatcher, tracker, DOMAIN)
    assert not [e for e in events if e.get("name") == "requested_slot"]
    assert slot_events(events)["partner_query"] == "clusters doing robotics"


async def test_label_in_the_opening_message_is_kept_and_normalised(dispatcher):
    text = "gold label clusters doing hydrogen storage"
    entities = [entity(text, "label", "gold label")]
    tracker = tracker_for(text, "find_partners", entities, label="gold label", sector="Energy")
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] == "clusters doing hydrogen storage"
    assert slots["label"] == "gold"
    assert slots["sector"] is None  # an older filter the new request does not name


async def test_new_request_without_a_label_forgets_the_old_one(dispatcher):
    tracker = tracker_for("clusters doing battery recycling", "find_partners", label="gold")
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] == "clusters doing battery recycling"
    assert slots["label"] is None


async def test_label_only_after_a_search_keeps_the_previous_topic(dispatcher):
    text = "only labelled clusters"
    last = {"kind": "partners", "query": "hydrogen storage", "filters": {}, "ids": []}
    entities = [{**entity(text, "label", "labelled clusters"), "value": "any label"}]
    set_by_rasa = [{"event": "slot", "name": "label", "value": "any label"}]
    tracker = tracker_for(
        text, "find_partners", entities, set_by_rasa, last_search=last, label="any label"
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] == "hydrogen storage"
    assert slots["label"] == "any"


async def test_filters_alone_complete_the_partner_form_without_a_topic(dispatcher):
    text = "clusters with a gold label in Germany"
    entities = [entity(text, "label", "gold label"), entity(text, "country", "Germany")]
    tracker = tracker_for(text, "find_partners", entities, label="gold label", country="Germany")
    events = await ValidatePartnerSearchForm().run(dispatcher, tracker, DOMAIN)
    slots = slot_events(events)
    assert slots["partner_query"] is None
    assert slots["requested_slot"] is None  # the form ends: the search runs on the filters


async def test_no_filters_and_no_topic_still_asks(dispatcher):
    events = await ValidatePartnerSearchForm().run(
        dispatcher, tracker_for("I want partners", "find_partners"), DOMAIN
    )
    assert "requested_slot" not in slot_events(events)


async def test_partner_form_takes_the_topic_of_the_last_calls_search(dispatcher):
    last = {"kind": "calls", "query": "battery recycling", "filters": {}, "ids": []}
    tracker = tracker_for("who might work with us on this?", "find_partners", last_search=last)
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots["partner_query"] == "battery recycling"


async def test_call_form_takes_the_topic_of_the_last_partner_search(dispatcher):
    last = {"kind": "partners", "query": "partners for textile recycling", "filters": {}}
    tracker = tracker_for("any open calls about that subject?", "find_calls", last_search=last)
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert slots["call_topic"] == "textile recycling"


async def test_a_calls_request_does_not_answer_the_partner_forms_question(dispatcher):
    text = "hmm, rather open calls on batteries"
    tracker = tracker_for(
        text,
        "find_calls",
        [entity(text, "technology", "batteries")],
        requested_slot="partner_query",
    )
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert "partner_query" not in slots


# Inside a form, a short topic NLU could not place is the answer (written from call topics and
# profile technologies); a question or a greeting is not.
@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("salud del suelo", "out_of_scope", "es"),
        ("Wasserstoffspeicher", "out_of_scope", "de"),
        ("économie circulaire", "faq", "fr"),
        ("cortiça", "nlu_fallback", "pt"),
        ("precision fermentation", "ask_cluster_facts", None),
    ],
)
async def test_a_short_topic_nlu_could_not_place_answers_the_forms_question(
    dispatcher, text, intent, language
):
    tracker = tracker_for(text, intent, requested_slot="call_topic", said_in=language)
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert slots["call_topic"] == text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what is a lump sum grant?", "faq"),
        ("wie funktioniert die Bewertung", "faq"),
        ("tell me a joke about engineers please now", "out_of_scope"),
        ("danke", "thank"),
    ],
)
async def test_a_question_or_longer_message_is_no_answer(dispatcher, text, intent):
    tracker = tracker_for(text, intent, requested_slot="partner_query")
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert "partner_query" not in slots


# A refinement that refers back keeps the last search's topic and its other filters; a new
# country replaces the place (country and region) and only that.
@pytest.mark.parametrize(
    ("text", "filters", "found", "slots", "expected"),
    [
        (
            "only those with a gold label",
            {"country": "NO", "sector": "Health & Medical Devices"},
            ("label", "gold label"),
            {"label": "gold label", "country": "NO"},
            {"country": "NO", "label": "gold", "sector": "Health & Medical Devices"},
        ),
        (
            "and what about those in Austria",
            {"country": "NO", "region": "Oslo"},
            ("country", "Austria"),
            {"country": "Austria"},
            {"country": "AT", "region": None},
        ),
    ],
    ids=["keeps-the-other-filters", "new-country-replaces-the-place"],
)
async def test_a_refinement_that_refers_back(dispatcher, text, filters, found, slots, expected):
    last = {"kind": "partners", "query": "medical imaging", "filters": filters, "ids": ["x"]}
    tracker = tracker_for(text, "find_partners", [entity(text, *found)], last_search=last, **slots)
    tracker.events = [{"event": "action", "name": "action_search_partners"}]
    filled = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert filled["partner_query"] == "medical imaging"
    assert {name: filled[name] for name in expected} == expected


@pytest.mark.parametrize(
    ("text", "intent", "form", "slot"),
    [
        ("Wasserstoffspeicher", "find_partners", ValidateCallSearchForm, "call_topic"),
        ("agricultura de precisão", "find_calls", ValidatePartnerSearchForm, "partner_query"),
    ],
)
async def test_the_other_searchs_intent_on_a_bare_topic_answers_the_question(
    dispatcher, text, intent, form, slot
):
    tracker = tracker_for(text, intent, requested_slot=slot)
    slots = await run(form(), dispatcher, tracker)
    assert slots[slot] == text


async def test_the_other_searchs_intent_naming_its_feature_is_a_new_request(dispatcher):
    tracker = tracker_for("partners for hydrogen", "find_partners", requested_slot="call_topic")
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert "call_topic" not in slots
