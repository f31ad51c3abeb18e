"""Every action wing replies in the conversation's language: a German or Polish conversation
gets German or Polish sentences (the message catalogues'), data that exists only in English
(profile names, call titles, fact statements) is shown as it is, and a conversation that
switched back to English gets English again.

The conversation's language is read from the user events' parse data, as Rasa sends them
(``i18n.conversation``); ``tests.actions.support.make_tracker(..., said_in=...)`` builds that.
"""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import i18n
from actions.dialogue.fallback import ActionDefaultAskAffirmation
from actions.dialogue.feedback import ActionStoreFeedback
from actions.dialogue.navigation import ActionShowMore
from actions.dialogue.texts import language_of
from actions.funding.calls import ActionSearchCalls
from actions.funding.instruments import ActionExplainInstrument
from actions.handoff.store import Ticket
from actions.handoff.texts import handed_over_text, notice_text, should_send_notice
from actions.partners.search import ActionSearchPartners
from tests.actions.funding import test_calls_actions as calls_tests
from tests.actions.support import entity, make_tracker

# The calls tests' fixtures (portal snapshot with a fixed clock); the catalogue and fact cards
# come from tests/actions/conftest.py (instrument_services).
snapshot_store = calls_tests.snapshot_store
clock = calls_tests.clock
calls_services = calls_tests.calls_services

#: Words only the German or the Polish frame sentences use (never a profile's or call's data).
GERMAN = ("Hier sind die", "Treffer", "Cluster-Organisationen")
POLISH = ("Oto", "najlepiej dopasowan", "organizacji klastrowych")


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def conversation(*turns: tuple[str, str | None]) -> Tracker:
    """A tracker whose user said each ``(text, detected language)`` in turn."""
    tracker = make_tracker(turns[-1][0], said_in=turns[-1][1])
    tracker.events = [
        {
            "event": "user",
            "text": text,
            "parse_data": {"text": text, "language": {"detected": code, "requested": None}},
        }
        for text, code in turns
    ]
    return tracker


def test_the_language_is_the_last_clear_one_and_short_messages_keep_it():
    assert language_of(conversation(("Wir suchen Partner für Wasserstoff", "de"))) == "de"
    assert language_of(conversation(("Wir suchen Partner", "de"), ("ok", None))) == "de"
    assert language_of(conversation(("Szukamy partnerów", "pl"), ("Berlin", None))) == "pl"
    back = conversation(("Wir suchen Partner", "de"), ("show me the clusters in Austria", "en"))
    assert language_of(back) == "en"
    # an EU language the assistant does not reply in: English
    assert language_of(conversation(("Hledáme partnery pro strojírenství", "cs"))) == "en"
    assert language_of(make_tracker("hello")) == "en"


@pytest.mark.parametrize(("code", "words"), [("de", GERMAN), ("pl", POLISH)])
async def test_partner_search_replies_in_the_conversation_language(services, code, words):
    text = "Wasserstoffspeicherung in Deutschland" if code == "de" else "magazynowanie wodoru"
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, [entity(text, "technology", text.split()[0])], said_in=code)
    await ActionSearchPartners().run(dispatcher, tracker, {})
    reply, question = texts(dispatcher)[:2]
    assert all(word in reply for word in words), reply
    assert question == i18n.text("dialogue.ask_feedback", code)
    buttons = next(m for m in dispatcher.messages if m.get("buttons"))["buttons"]
    assert buttons[0]["title"] == i18n.text("dialogue.ask_feedback.button_1", code)
    assert buttons[0]["payload"] == '/feedback{"feedback_value": "useful"}'
    # the same search in English has none of those words
    dispatcher = CollectingDispatcher()
    await ActionSearchPartners().run(dispatcher, make_tracker(text, said_in="en"), {})
    assert not any(word in texts(dispatcher)[0] for word in words)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("de", "Das war alles"), ("pl", "To wszystko"), ("en", "That's all")],
)
async def test_navigation_replies_in_the_conversation_language(services, code, expected):
    last = {"kind": "partners", "query": "x", "filters": {}, "offset": 0, "ids": ["a"]}
    tracker = make_tracker("mehr", said_in=code, last_search={**last, "page_size": 5, "total": 3})
    dispatcher = CollectingDispatcher()
    await ActionShowMore().run(dispatcher, tracker, {})
    assert texts(dispatcher)[0].startswith(expected)


@pytest.mark.parametrize(
    ("code", "frame"),
    [
        ("de", "Ich habe {} Ausschreibungen"),
        ("pl", "Znalazłem {} nabor"),
        ("en", "I found {} calls"),
    ],
)
async def test_calls_search_replies_in_the_conversation_language(calls_services, code, frame):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("open calls on hydrogen", said_in=code)
    await ActionSearchCalls().run(dispatcher, tracker, {})
    [reply] = texts(dispatcher)
    [payload] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert reply.startswith(frame.format(payload["total"])), reply
    first = payload["items"][0]
    assert first["title"] in reply  # the call's own (English) title, as it is
    if code == "de":
        assert "Portaldaten vom 10. August 2026" in reply  # dates the German way
    if code == "en":
        assert "Portal data as of 2026-08-10" in reply


@pytest.mark.parametrize(
    ("code", "expected"),
    [("de", "kenne ich nicht"), ("pl", "Nie znam"), ("en", "I don't know")],
)
async def test_instrument_answers_say_not_known_in_the_conversation_language(
    instrument_services, code, expected
):
    dispatcher = CollectingDispatcher()
    text = "Tell me about the EU Hydrogen Cluster Voucher Scheme 2027"
    tracker = make_tracker(
        text, [entity(text, "instrument", "EU Hydrogen Cluster Voucher Scheme 2027")], said_in=code
    )
    await ActionExplainInstrument().run(dispatcher, tracker, {})
    [reply] = texts(dispatcher)
    assert expected in reply, reply


async def test_fact_answers_name_their_source_in_the_conversation_language(instrument_services):
    dispatcher = CollectingDispatcher()
    text = "How many SMEs did INNOSUP-1 support directly?"
    await ActionExplainInstrument().run(dispatcher, make_tracker(text, said_in="de"), {})
    [reply] = texts(dispatcher)
    assert "nearly 500 SMEs" in reply  # the fact card's statement, as it is
    assert "Quelle: European Commission, „EU Cluster Policies and challenges ahead“" in reply
    assert "22. Februar 2018" in reply


@pytest.mark.parametrize(
    ("code", "question", "button"),
    [
        ("de", "Meinten Sie", "Cluster-Partner finden"),
        ("pl", "Czy chodziło o", "Znaleźć klastry partnerskie"),
    ],
)
async def test_dialogue_wing_replies_in_the_conversation_language(code, question, button):
    tracker = make_tracker("???", said_in=code)
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback"}, {"name": "find_partners"}]
    dispatcher = CollectingDispatcher()
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert question in message["text"]
    assert message["buttons"][0]["title"] == button
    assert message["buttons"][-1]["title"] == i18n.text("dialogue.something_else", code)


async def test_feedback_thanks_in_the_conversation_language(services):
    tracker = make_tracker(
        "nützlich", [{"entity": "feedback_value", "value": "useful"}], said_in="de"
    )
    dispatcher = CollectingDispatcher()
    await ActionStoreFeedback().run(dispatcher, tracker, {})
    assert texts(dispatcher) == [i18n.text("dialogue.feedback_useful", "de")]


def test_handoff_texts_in_the_conversation_language():
    ticket = Ticket(id=7, conversation_id="s", created_at="", status="open", email="a@b.eu")
    german = handed_over_text(ticket, True, "de")
    assert german.startswith("Erledigt:") and "#7" in german and "a@b.eu" in german
    polish = notice_text(ticket, "pl")
    assert polish.startswith("Rozmową zajmuje się doradca (zgłoszenie nr 7)")
    # an earlier notice in any reply language counts as sent
    events = [{"event": "bot", "text": polish, "timestamp": 1000.0}]
    assert not should_send_notice(events, 1010.0)
