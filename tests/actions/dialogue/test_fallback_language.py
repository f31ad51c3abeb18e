"""The "did you mean" step of the two-stage fallback, and the line in the user's language."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.dialogue.fallback import (
    GIVE_UP_TEXT,
    ActionDefaultAskAffirmation,
    ActionDefaultFallback,
    affirmation_buttons,
)
from actions.dialogue.language import say_language_line
from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import topic_query
from actions.dialogue.texts import ENGLISH_REPLY_LINES, notice
from actions.partners.search import ActionSearchPartners
from tests.actions.support import make_tracker


def fallback_tracker(active_loop: str | None, intent: str = "nlu_fallback") -> Tracker:
    """A tracker whose latest message had ``intent``, with ``active_loop`` running."""
    return Tracker(
        sender_id="unit-test",
        slots={},
        latest_message={"text": "qwertz blub", "entities": [], "intent": {"name": intent}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


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


async def test_a_german_request_is_searched_with_the_line_first(services, dispatcher):
    text = "wir suchen einen Partner in Österreich"
    entities = [
        {"entity": "language", "value": "de", "start": 0, "end": 3},
        {"entity": "country", "value": "AT", "start": 28, "end": 38},
    ]
    tracker = make_tracker(text, entities, said_in="de")
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    # German is a reply language: no "I answer in English" line, the reply itself is German
    assert notice("de") is None
    head = dispatcher.messages[0]["text"]
    assert head.startswith("Hier sind die")
    [payload] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert payload["filters"] == {"country": "AT"}
    assert any(e["name"] == "last_search" for e in events)


def test_topic_query_keeps_technologies_and_sectors_once():
    entities = [
        {"entity": "sector", "value": "Energy"},
        {"entity": "technology", "value": "hydrogen"},
        {"entity": "technology", "value": "Hydrogen"},
        {"entity": "region", "value": "Bavaria"},
        {"entity": "technology", "value": 7},
    ]
    assert topic_query(entities) == "hydrogen Energy"
    assert topic_query([]) == ""


def test_no_line_for_english_or_unknown_languages(dispatcher):
    assert say_language_line(dispatcher, make_tracker("hydrogen clusters")) is False
    odd = [{"entity": "language", "value": "xx", "start": 0, "end": 2}]
    assert say_language_line(dispatcher, make_tracker("xx yy", odd)) is False
    assert dispatcher.messages == []
    assert notice(None) is None and notice("xx") is None


def test_the_line_is_the_notice_of_the_detected_language(dispatcher):
    swedish = [{"entity": "language", "value": "SV", "start": 0, "end": 3}]
    tracker = make_tracker("Vad är ett kluster?", swedish)
    assert message_language(tracker) == "sv"
    assert say_language_line(dispatcher, tracker) is True
    assert [m["text"] for m in dispatcher.messages] == [ENGLISH_REPLY_LINES["sv"]]


async def test_the_fallback_question_starts_with_the_line(dispatcher):
    danish = [{"entity": "language", "value": "da", "start": 0, "end": 3}]
    tracker = make_tracker("hvad kan du gøre for os", danish)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "help", "confidence": 0.35},
    ]
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == ENGLISH_REPLY_LINES["da"]
    assert dispatcher.messages[1]["buttons"]


async def test_two_stage_fallback_giving_up_leads_to_an_adviser(dispatcher):
    # Rasa calls action_default_fallback from inside action_two_stage_fallback, whose loop is
    # still the active one: the failed message stays (no revert) so the handoff rule matches.
    tracker = fallback_tracker("action_two_stage_fallback", intent="out_of_scope")
    events = await ActionDefaultFallback().run(dispatcher, tracker, {})
    assert events == []
    [message] = dispatcher.messages
    assert message["text"] == GIVE_UP_TEXT
    assert not message.get("buttons")  # handoff_form asks for consent next


async def test_core_fallback_behaves_like_rasas_default(dispatcher):
    for loop in (None, "partner_search_form"):
        dispatcher.messages.clear()
        events = await ActionDefaultFallback().run(dispatcher, fallback_tracker(loop), {})
        assert events == [{"event": "rewind", "timestamp": None}]
        [message] = dispatcher.messages
        assert message["response"] == "utter_default"
        assert not message["text"]


def test_every_eu_language_but_english_has_one_notice_line():
    from actions.dialogue.texts import ENGLISH_REPLY_LINES, NOTICES
    from taxonomy.languages import ENGLISH_REPLY_LANGUAGES, EU_LANGUAGES, REPLY_LANGUAGES

    assert NOTICES == {}  # the reply languages are answered in their language
    assert set(ENGLISH_REPLY_LINES) == set(ENGLISH_REPLY_LANGUAGES)
    assert all(notice(code) for code in ENGLISH_REPLY_LANGUAGES)
    assert not any(notice(code) for code in REPLY_LANGUAGES)
    assert notice("CS") == ENGLISH_REPLY_LINES["cs"] and set(EU_LANGUAGES) > set(NOTICES)
    lines = list(ENGLISH_REPLY_LINES.values())
    assert len(set(lines)) == len(lines)  # no language got another's line by copy and paste
    assert all("\n" not in line for line in ENGLISH_REPLY_LINES.values())


async def test_other_eu_language_gets_its_line_then_the_english_reply(services, dispatcher):
    text = "Hledáme partnery pro strojírenství v Česku"
    entities = [
        {"entity": "language", "value": "cs", "start": 0, "end": 8},
        {"entity": "country", "value": "CZ", "start": 37, "end": 42},
    ]
    await ActionSearchPartners().run(dispatcher, make_tracker(text, entities), {})
    assert dispatcher.messages[0]["text"] == notice("cs")
    assert "anglicky" in dispatcher.messages[0]["text"]
    [payload] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert payload["filters"] == {"country": "CZ"}
