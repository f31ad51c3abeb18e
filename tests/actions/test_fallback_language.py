"""The "did you mean" step of the two-stage fallback, and the other-language notice."""

from __future__ import annotations

from actions.fallback import ActionDefaultAskAffirmation, affirmation_buttons
from actions.language import ActionLanguageNotice, notice
from tests.actions.support import make_tracker


def test_affirmation_offers_readable_intents_with_entities():
    parse = {
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.4},
            {"name": "find_partners", "confidence": 0.35},
            {"name": "find_calls", "confidence": 0.3},
            {"name": "help", "confidence": 0.1},
        ],
        "entities": [{"entity": "country", "value": "DE"}, {"entity": "x", "value": "y"}],
    }
    buttons = affirmation_buttons(parse)
    assert buttons == [
        {"title": "Find cluster partners", "payload": '/find_partners{"country": "DE"}'},
        {"title": "Find open funding calls", "payload": '/find_calls{"country": "DE"}'},
        {"title": "Something else", "payload": "/out_of_scope"},
    ]


async def test_affirmation_without_candidates_asks_to_rephrase(dispatcher):
    tracker = make_tracker("???")
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback"}, {"name": 5}]
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert "other words" in message["text"]
    assert message["buttons"] == [{"title": "Something else", "payload": "/out_of_scope"}]


async def test_language_notice_in_german_then_searches(services, dispatcher):
    text = "wir suchen einen Partner in Österreich"
    entities = [
        {"entity": "language", "value": "de", "start": 0, "end": len(text)},
        {"entity": "country", "value": "AT", "start": 28, "end": 38},
    ]
    events = await ActionLanguageNotice().run(dispatcher, make_tracker(text, entities), {})
    assert dispatcher.messages[0]["text"] == notice("de")
    assert "Englisch" in dispatcher.messages[0]["text"]
    [payload] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert payload["filters"] == {"country": "AT"}
    assert any(e["name"] == "last_search" for e in events)


async def test_language_notice_without_a_language_or_entities(services, dispatcher):
    events = await ActionLanguageNotice().run(dispatcher, make_tracker("blah"), {})
    assert events == []
    assert "English" in dispatcher.messages[0]["text"]
    assert notice(None) is None and notice("xx") is None
