"""The website channel: history from tracker events, custom payloads, session checks, assets."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from bot.channels.web import (
    ASSETS,
    SOCKETIO_CLIENT,
    WebChatInput,
    WebChatOutput,
    bot_messages,
    history_messages,
    valid_session_id,
    widget_custom,
)
from bot.ops.replies import guard_reply

SESSION = "0123456789abcdef0123456789abcdef"
PARTNERS = {
    "type": "partner_results",
    "query": "hydrogen storage",
    "filters": {"country": "DE"},
    "items": [{"id": "p1", "name": "H2 Cluster", "country": "DE", "why": "hydrogen"}],
}
# What the widget receives: the payload with its display, worded by bot.channels.cards.
SHOWN = widget_custom(PARTNERS)


def test_result_payloads_reach_the_widget_with_their_display():
    display = SHOWN["display"]
    assert {k: v for k, v in SHOWN.items() if k != "display"} == PARTNERS
    assert display["title"] == "hydrogen storage · DE" and display["language"] == "en"
    assert display["cards"][0]["name"] == "H2 Cluster" and display["cards"][0]["why"] == "hydrogen"
    assert display["chips"][0]["payload"] == '/inform{"drop_filter": "country"}'
    calls = widget_custom({"type": "call_results", "items": [], "total": 0, "language": "it"})
    assert calls["display"]["count"] == "0 bandi"


def test_session_ids_are_only_the_channels_own():
    assert valid_session_id(SESSION)
    for bad in (None, 42, "", "alice", SESSION.upper(), SESSION + "0", "../" + SESSION[3:]):
        assert not valid_session_id(bad)


def test_bot_messages_split_text_like_the_live_channel_and_keep_payloads():
    messages = bot_messages(
        "Here are partners.\n\nWant more?",
        {"buttons": [{"title": "More", "payload": "/show_more"}], "custom": PARTNERS},
    )
    assert messages == [
        {"text": "Here are partners."},
        {
            "text": "Want more?",
            "quick_replies": [{"content_type": "text", "title": "More", "payload": "/show_more"}],
        },
        {"custom": SHOWN},
    ]
    assert bot_messages(None, {"custom": PARTNERS}) == [{"custom": SHOWN}]
    # Result lists are shown as cards only; other custom payloads keep their text.
    assert bot_messages("1. H2 Cluster", {"custom": PARTNERS}) == [{"custom": SHOWN}]
    other = {"type": "handoff"}
    assert bot_messages("ok", {"custom": other}) == [{"text": "ok"}, {"custom": other}]


def test_history_shows_user_and_bot_turns_with_button_titles():
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "user", "text": "hello <b>there</b>", "metadata": {}},
        {
            "event": "bot",
            "text": "Hi!",
            "data": {"buttons": [{"title": "Yes", "payload": "/affirm"}]},
        },
        {"event": "user", "text": "/affirm", "metadata": {"display_text": "Yes"}},
        {"event": "slot", "name": "country", "value": "DE"},
        {"event": "bot", "text": None, "data": {"custom": PARTNERS}},
    ]
    assert history_messages(events) == [
        {"from": "user", "text": "hello <b>there</b>"},
        {
            "from": "bot",
            "text": "Hi!",
            "quick_replies": [{"content_type": "text", "title": "Yes", "payload": "/affirm"}],
        },
        {"from": "user", "text": "Yes"},
        {"from": "bot", "custom": SHOWN},
    ]
    long = [{"event": "user", "text": str(i)} for i in range(10)]
    assert [m["text"] for m in history_messages(long, limit=3)] == ["7", "8", "9"]


class FakeSio:
    """Records what the channel emits and which rooms sockets join."""

    def __init__(self):
        self.emitted: list[tuple] = []
        self.joined: dict[str, set[str]] = {}
        self.handlers: dict[str, dict] = {}
        self.eio = SimpleNamespace(cors_allowed_origins=[])  # the channel sets the origins

    def get_environ(self, sid, namespace=None):
        return {"sanic.request": SimpleNamespace(ip="127.0.0.1")}

    def on(self, event, namespace=None):
        def register(handler):
            self.handlers.setdefault(namespace or "/", {})[event] = handler
            return handler

        return register

    async def emit(self, event, data=None, room=None, namespace=None):
        self.emitted.append((event, data, room))

    async def enter_room(self, sid, room, namespace=None):
        self.joined.setdefault(sid, {sid}).add(room)

    def rooms(self, sid, namespace=None):
        return list(self.joined.get(sid, {sid}))


def test_custom_payloads_are_sent_as_one_custom_message():
    sio = FakeSio()
    output = WebChatOutput(sio, "bot_uttered")
    asyncio.run(output.send_response(SESSION, {"text": "Found 1.", "custom": dict(PARTNERS)}))
    assert sio.emitted == [("bot_uttered", {"custom": SHOWN}, SESSION)]
    sio.emitted.clear()
    other = {"type": "handoff", "ticket": 7}
    asyncio.run(output.send_response(SESSION, {"text": "Passed on.", "custom": dict(other)}))
    assert sio.emitted == [
        ("bot_uttered", {"text": "Passed on."}, SESSION),
        ("bot_uttered", {"custom": other}, SESSION),
    ]


def test_an_advisers_message_carries_the_advisers_name():
    """Rasa merges a bot event's metadata into the message; the relay sets ``handoff_adviser``."""
    sio = FakeSio()
    output = WebChatOutput(sio, "bot_uttered")
    message = {"text": "Bonjour, je regarde.", "timestamp": 1.0, "handoff_adviser": "Anna"}
    asyncio.run(output.send_response(SESSION, message))
    assert sio.emitted == [
        ("bot_uttered", {"text": "Bonjour, je regarde.", "adviser": "Anna"}, SESSION)
    ]
    events = [
        {"event": "bot", "text": "Bonjour, je regarde.", "metadata": {"handoff_adviser": "Anna"}},
        {
            "event": "bot",
            "text": "Anna a rejoint la conversation.",
            "metadata": {"handoff_message": 1},
        },
    ]
    assert history_messages(events) == [
        {"from": "bot", "text": "Bonjour, je regarde.", "adviser": "Anna"},
        {"from": "bot", "text": "Anna a rejoint la conversation."},
    ]


@pytest.fixture
def channel(monkeypatch):
    fake = FakeSio()
    monkeypatch.setattr("rasa.core.channels.socketio.AsyncServer", lambda **_: fake)
    received = []

    async def on_new_message(message):
        received.append(message)

    channel = WebChatInput.from_credentials({"session_persistence": True})
    blueprint = channel.blueprint(on_new_message)
    return channel, fake, received, blueprint


def test_sessions_and_messages_are_checked(channel):
    channel, sio, received, _ = channel
    assert channel.session_persistence  # on by default
    handlers = sio.handlers["/"]

    # A made-up session id is replaced by a fresh one; a valid one is kept.
    asyncio.run(handlers["session_request"]("sid1", {"session_id": "someone-else"}))
    (event, issued, room) = sio.emitted[-1]
    assert event == "session_confirm" and room == "sid1"
    assert valid_session_id(issued) and issued != "someone-else"
    asyncio.run(handlers["session_request"]("sid2", {"session_id": SESSION}))
    assert sio.emitted[-1] == ("session_confirm", SESSION, "sid2")

    # Only a socket that joined the session may talk in it.
    asyncio.run(handlers["user_uttered"]("sid1", {"message": "hi", "session_id": SESSION}))
    assert received == []
    asyncio.run(
        handlers["user_uttered"](
            "sid2",
            {"message": "/affirm", "session_id": SESSION, "metadata": {"display_text": "Yes"}},
        )
    )
    (message,) = received
    assert message.sender_id == SESSION
    assert message.text == "/affirm"
    assert message.metadata == {"display_text": "Yes"}
    assert message.input_channel == "web"
    assert isinstance(message.output_channel, WebChatOutput)

    # Junk is ignored, long text is cut.
    for junk in (None, "text", {"message": 5, "session_id": SESSION}, {"session_id": SESSION}):
        asyncio.run(handlers["user_uttered"]("sid2", junk))
    assert len(received) == 1
    asyncio.run(handlers["user_uttered"]("sid2", {"message": "x" * 5000, "session_id": SESSION}))
    assert len(received[-1].text) == 2000


def test_widget_routes_are_on_the_channels_blueprint(channel):
    *_, blueprint = channel
    uris = {route.uri for route in blueprint._future_routes}
    for name in ASSETS:
        assert f"/{name}" in uris
    assert "/history/<session_id>" in uris
    for path, _ in ASSETS.values():
        if path != SOCKETIO_CLIENT:  # installed by bot/web/setup.sh, not committed
            assert path.is_file(), path


def test_widget_js_is_served_as_one_script_of_its_parts(tmp_path):
    from bot.channels.web_assets import WIDGET_PARTS, widget_script

    script = widget_script().decode("utf-8")
    assert script.startswith("(function () {") and script.rstrip().endswith("})();")
    positions = [script.index(path.read_text(encoding="utf-8")) for path in WIDGET_PARTS]
    assert positions == sorted(positions)  # the core (widget.js) comes after its parts
    assert "parts.dom = function" in script and "parts.cards = function" in script


def test_a_flooding_widget_session_gets_a_friendly_reply_and_is_not_processed(channel, monkeypatch):
    from bot.ops import security
    from bot.ops.ratelimit import MessageLimiter, Rate

    monkeypatch.setattr(security, "_limiter", MessageLimiter(Rate(2, 60.0), None))
    channel, sio, received, _ = channel
    handlers = sio.handlers["/"]
    asyncio.run(handlers["session_request"]("sid9", {"session_id": SESSION}))
    for text in ("one", "two", "three"):
        asyncio.run(handlers["user_uttered"]("sid9", {"message": text, "session_id": SESSION}))
    assert [m.text for m in received] == ["one", "two"]
    assert sio.emitted[-1] == ("bot_uttered", {"text": security.rate_limited_reply()}, "sid9")
    # The widget sends the language it shows: the refusal is written in it.
    german = {"message": "vier", "session_id": SESSION, "metadata": {"language": "de"}}
    asyncio.run(handlers["user_uttered"]("sid9", german))
    assert [m.text for m in received] == ["one", "two"]
    assert sio.emitted[-1][1]["text"] == guard_reply("rate_limited", "de")


def test_with_a_redis_url_the_socket_server_shares_its_messages_through_redis():
    from socketio import AsyncRedisManager

    from bot.channels.web_queue import CHANNEL
    from bot.ops.runtime_config import WEB_CONNECTOR, build_run_config
    from bot.ops.scale_endpoints import EndpointError, web_message_queue

    async def on_new_message(_message):
        return None

    scaled = build_run_config({"CLUSTER_LOCK_STORE_URL": "rediss://:pw@redis.internal:6380/1"})
    credentials = scaled.credentials[WEB_CONNECTOR]
    assert credentials["message_queue"] == "rediss://:pw@redis.internal:6380/1"
    channel = WebChatInput.from_credentials(credentials)
    channel.blueprint(on_new_message)
    manager = channel.sio.manager
    assert isinstance(manager, AsyncRedisManager) and manager.server is channel.sio
    assert (manager.redis_url, manager.channel) == (credentials["message_queue"], CHANNEL)
    assert web_message_queue({"CLUSTER_LOCK_STORE_URL": "redis.internal"}) == {
        "message_queue": "redis://redis.internal"
    }
    with pytest.raises(EndpointError):
        web_message_queue({"CLUSTER_LOCK_STORE_URL": "http://redis.internal"})

    embedded = build_run_config({}).credentials[WEB_CONNECTOR]  # make run: one process
    assert "message_queue" not in embedded
    single = WebChatInput.from_credentials(embedded)
    single.blueprint(on_new_message)
    assert not isinstance(single.sio.manager, AsyncRedisManager)
