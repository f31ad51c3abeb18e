"""The conversation's language, read from the user's messages (i18n/conversation.py)."""

from __future__ import annotations

import i18n
from i18n.conversation import conversation_language, from_events, message_language


def said(detected=None, requested=None) -> dict:
    return {"language": {"detected": detected, "requested": requested}}


def test_one_message_decides_by_request_then_detection_then_old_entity():
    assert message_language(said("de")) == "de"
    assert message_language(said("en", requested="fr")) == "fr"
    assert message_language(said()) is None
    assert message_language(said("xx")) is None  # not an EU language
    assert message_language({"entities": [{"entity": "language", "value": "PL"}]}) == "pl"
    assert message_language(None) is None and message_language({"language": "de"}) is None


def test_the_newest_deciding_message_wins_and_undecided_ones_keep_it():
    assert conversation_language([said(), said(), said("es"), said("de")]) == "es"
    assert conversation_language([said(requested="en"), said("de")]) == "en"
    assert conversation_language([]) == "en"
    assert conversation_language(iter([said()])) == "en"


def test_from_tracker_events_as_the_action_server_gets_them():
    events = [
        {"event": "user", "text": "Wir suchen Partner", "parse_data": said("de")},
        {"event": "bot", "text": "Hier sind ..."},
        {"event": "user", "text": "ok", "parse_data": said()},
        {"event": "slot", "name": "x", "value": 1},
    ]
    assert from_events(events) == "de"
    events.append({"event": "user", "text": "in English please", "parse_data": said("en", "en")})
    assert from_events(events) == "en"
    # a language without replies maps to English for the reply, stays itself for the notice
    czech = [{"event": "user", "parse_data": said("cs")}]
    assert from_events(czech) == "cs" and i18n.reply_language(from_events(czech)) == "en"


def short(detected, *candidates) -> dict:
    return {"language": {"detected": detected, "requested": None, "candidates": list(candidates)}}


def test_the_earlier_language_is_the_prior_of_a_short_message():
    # a short message read as French that may as well be Spanish keeps a Spanish conversation
    assert conversation_language([short("fr", "fr", "es"), said("es")]) == "es"
    # ... but switches a German one, and decides a first message by itself
    assert conversation_language([short("fr", "fr", "es"), said("de")]) == "fr"
    assert conversation_language([short("fr", "fr", "es")]) == "fr"
    # the prior is the language the older messages decide, through undecided ones
    assert conversation_language([short("it", "it", "pt"), said(), said("pt")]) == "pt"
    # a request to change the language is never overruled by the prior
    request = {"language": {"detected": None, "requested": "de", "candidates": ["en"]}}
    assert conversation_language([request, said("en")]) == "de"


def shown(detected, page, *candidates) -> dict:
    """Parse data of a message sent from the web widget showing ``page``."""
    found = {"detected": detected, "requested": None, "page": page}
    if candidates:
        found["candidates"] = list(candidates)
    return {"language": found}


def test_the_widget_language_decides_only_when_the_messages_decide_nothing():
    # "Wasserstoff" alone on a German page: nothing written decides, the widget's language does
    assert conversation_language([shown(None, "de")]) == "de"
    # clear English written on a German page is English, and stays English through "ok"
    assert conversation_language([shown(None, "de"), shown("en", "de")]) == "en"
    # a short first message that may be Spanish or Portuguese, on a Portuguese page
    assert conversation_language([shown("es", "pt", "es", "pt")]) == "pt"
    # ... but the language the user wrote before outranks the widget's
    assert conversation_language([shown("es", "pt", "es", "pt"), said("es")]) == "es"
    # a page language no candidate shares changes nothing
    assert conversation_language([shown("es", "de", "es", "pt")]) == "es"
