"""The website channel: Rasa's Socket.IO connector with session persistence, plus the widget's files.

One Rasa server port serves both the page assets and the socket:

- ``/socket.io/``                     the Socket.IO endpoint (python-socketio, protocol v5)
- ``/webhooks/web/``                  health check of the channel (``{"status": "ok"}``)
- ``/webhooks/web/demo``              a demo page that embeds the widget
- ``/webhooks/web/widget.js``, ``widget.css``   the widget, from ``bot/web/``
- ``/webhooks/web/socket.io.min.js``  the pinned ``socket.io-client`` build, from ``bot/web/node_modules``
- ``/webhooks/web/history/<session>`` the current session's messages, read from the tracker store,
  and the privacy notice (``bot/privacy/notice.py``)

Differences from Rasa 3.6's ``SocketIOInput``, each fixing something the widget needs:

- ``custom`` payloads (``partner_results``, ``call_results``, ``fact_answer`` with its
  ``display``) are sent as ``{"custom": {...}}``;
  Rasa's ``SocketIOOutput`` passes the payload's keys as keyword arguments to ``emit``, which fails
  for any payload that is not ``{"data": ...}``.
- Session ids are the server's own (32 hex characters); a client that offers anything else gets a
  new one, so a widget can never write into a REST, Slack or Teams conversation.
- A message is accepted only from a socket that joined its session with ``session_request``.
- With several Rasa servers (credential ``message_queue``, a Redis URL) emits go through Redis,
  so a reply sent by any server reaches the socket (``bot/channels/web_queue.py``).

Enabled in ``credentials.yml`` under the key ``bot.channels.web.WebChatInput`` (written by
``bot/ops/runtime_config.py``); ``session_persistence`` defaults to true.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

import i18n
from bot.channels.cards import call_view, partner_view
from bot.channels.payloads import fact_display
from bot.channels.web_assets import widget_script
from bot.channels.web_queue import attach_message_queue
from bot.nlg import tracker_language
from bot.ops.lockdown import read_lockdown
from bot.ops.security import allow_widget, rate_limited_reply
from bot.privacy.notice import privacy_notices
from contracts.handoff import ADVISER_KEY
from contracts.payloads import CALL_RESULTS, CARD_TYPES, FACT_ANSWER, PARTNER_RESULTS

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
SOCKETIO_CLIENT = WEB_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"

SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_MESSAGE_CHARS = 2000
HISTORY_LIMIT = 200

# URL path (after the channel prefix) -> (file, content type)
WIDGET_JS = WEB_DIR / "widget.js"  # served with its parts joined (web_assets.widget_script)
ASSETS: dict[str, tuple[Path, str]] = {
    "widget.js": (WIDGET_JS, "text/javascript; charset=utf-8"),
    "widget.css": (WEB_DIR / "widget.css", "text/css; charset=utf-8"),
    "socket.io.min.js": (SOCKETIO_CLIENT, "text/javascript; charset=utf-8"),
    "demo": (WEB_DIR / "demo.html", "text/html; charset=utf-8"),
    "demo.css": (WEB_DIR / "demo.css", "text/css; charset=utf-8"),
}

# The demo page needs nothing but its own origin; a page that embeds the widget sets its own policy.
DEMO_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)


def valid_session_id(value: Any) -> bool:
    """True for a session id this channel issued (32 lowercase hex characters)."""
    return isinstance(value, str) and bool(SESSION_ID.match(value))


def new_session_id() -> str:
    """A fresh, unguessable session id."""
    return uuid.uuid4().hex


def split_text(text: str) -> list[str]:
    """Splits bot text into the parts Rasa's Socket.IO output sends as separate messages."""
    parts = [part for part in text.strip().split("\n\n") if part.strip()]
    return parts or [text]


def shown_as_cards(custom: Any) -> bool:
    """True for a result payload the widget renders as cards."""
    return isinstance(custom, dict) and custom.get("type") in CARD_TYPES


def widget_custom(custom: dict) -> dict:
    """A custom payload as the widget receives it: result payloads get their ``display``.

    The widget draws the display, worded here once (:mod:`bot.channels.cards` for partner and
    call cards, the same views Slack and Teams draw).
    """
    if custom.get("type") == FACT_ANSWER:
        return {**custom, "display": fact_display(custom)}
    if custom.get("type") == PARTNER_RESULTS:
        return {**custom, "display": partner_view(custom)}
    if custom.get("type") == CALL_RESULTS:
        return {**custom, "display": call_view(custom)}
    return custom


def bot_messages(text: str | None, data: dict | None) -> list[dict]:
    """The messages the widget receives for one bot utterance, in the order the channel sends them.

    Args:
        text: The utterance's text, if any.
        data: The utterance's extra data (``buttons``, ``quick_replies``, ``custom``, ...).

    Returns:
        Widget messages: ``{"text"}``, ``{"text", "quick_replies"}`` or ``{"custom"}``.
    """
    data = data or {}
    messages: list[dict] = []
    buttons = data.get("quick_replies") or data.get("buttons") or []
    if shown_as_cards(data.get("custom")) and not buttons:
        text = None  # the cards carry the same results; the text is for text-only channels
    if text:
        messages = [{"text": part} for part in split_text(text)]
        if buttons:
            messages[-1]["quick_replies"] = [
                {"content_type": "text", "title": b.get("title"), "payload": b.get("payload")}
                for b in buttons
                if isinstance(b, dict)
            ]
    if isinstance(data.get("custom"), dict):
        messages.append({"custom": widget_custom(data["custom"])})
    return messages


def history_messages(events: Iterable[dict], limit: int = HISTORY_LIMIT) -> list[dict]:
    """Turns tracker events into the widget's message list (user and bot turns only).

    A user message sent by a quick-reply button is shown with the button's title, which the widget
    sends as ``metadata.display_text``; otherwise the text the user typed.

    Args:
        events: Tracker events as dictionaries (``tracker.events`` ``as_dict()``).
        limit: Keep at most this many of the latest messages.

    Returns:
        ``{"from": "user", "text": ...}`` and ``{"from": "bot", ...}`` messages, oldest first.
    """
    out: list[dict] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            metadata = event.get("metadata") or {}
            shown = metadata.get("display_text") if isinstance(metadata, dict) else None
            text = shown if isinstance(shown, str) and shown else event.get("text")
            if text:
                out.append({"from": "user", "text": text})
        elif kind == "bot":
            adviser = (event.get("metadata") or {}).get(ADVISER_KEY)
            if isinstance(adviser, str) and adviser and event.get("text"):
                out.append({"from": "bot", "text": event["text"], "adviser": adviser})
                continue
            for message in bot_messages(event.get("text"), event.get("data")):
                out.append({"from": "bot", **message})
    return out[-limit:]


class WebChatOutput(SocketIOOutput):
    """Rasa's Socket.IO output, with custom payloads sent as one ``{"custom": ...}`` message."""

    @classmethod
    def name(cls) -> str:
        return WebChatInput.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Sends result lists as cards only: their text twin is for text-only channels.

        An adviser's message (relayed by the action server's handoff relay, metadata
        ``handoff_adviser``) is sent as one ``{"text", "adviser"}`` message: the widget shows
        the adviser's name with it.
        """
        adviser = message.get(ADVISER_KEY)
        if isinstance(adviser, str) and adviser and message.get("text"):
            await self._send_message(recipient_id, {"text": message["text"], "adviser": adviser})
            return
        if shown_as_cards(message.get("custom")) and not message.get("buttons"):
            message = {k: v for k, v in message.items() if k != "text"}
        await super().send_response(recipient_id, message)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": widget_custom(json_message)})


def _asset(path: Path, content_type: str, headers: dict[str, str] | None = None) -> HTTPResponse:
    try:
        body = widget_script() if path == WIDGET_JS else path.read_bytes()
    except FileNotFoundError:
        hint = ""
        if path == SOCKETIO_CLIENT:
            hint = " Run `bot/web/setup.sh` (npm ci) to install the pinned socket.io-client."
        logger.error("web channel: %s is missing.%s", path, hint)
        return response.text(f"{path.name} is missing on the server.{hint}", status=503)
    return response.raw(
        body,
        content_type=content_type,
        headers={
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
            **(headers or {}),
        },
    )


class WebChatInput(SocketIOInput):
    """The website widget's channel (Socket.IO with session persistence, and the widget's files)."""

    @classmethod
    def name(cls) -> str:
        return "web"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", True),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
        )
        channel.message_queue = credentials.get("message_queue")
        return channel

    message_queue: str | None = None  # Redis URL shared by the Rasa servers, if several

    def get_output_channel(self) -> WebChatOutput | None:
        if self.sio is None:
            return None
        return WebChatOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's Socket.IO blueprint with this channel's handlers and the widget's routes."""
        bp = super().blueprint(on_new_message)
        sio = self.sio
        if self.message_queue:
            attach_message_queue(sio, self.message_queue)
        # Socket.IO accepts only the configured widget origins (None: the page's own origin only).
        sio.eio.cors_allowed_origins = list(read_lockdown().widget_origins) or None
        namespace = self.namespace
        logger.info(
            "web channel: widget demo at /webhooks/%s/demo, socket at %s (session persistence %s)",
            self.name(),
            self.socketio_path,
            "on" if self.session_persistence else "off",
        )

        # Re-registering an event replaces the handler Rasa's blueprint registered.
        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any) -> None:
            wanted = data.get("session_id") if isinstance(data, dict) else None
            session_id = wanted if valid_session_id(wanted) else new_session_id()
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)
            logger.debug("web channel: socket %s joined session %s", sid, session_id)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            text = data.get("message")
            if not isinstance(text, str) or not text.strip():
                return
            if self.session_persistence:
                session_id = data.get("session_id")
                if not valid_session_id(session_id) or session_id not in sio.rooms(
                    sid, namespace=namespace
                ):
                    logger.warning(
                        "web channel: ignored a message from socket %s for a session it has not "
                        "joined (send session_request first)",
                        sid,
                    )
                    return
                sender_id = session_id
            else:
                sender_id = sid
            request = (sio.get_environ(sid, namespace=namespace) or {}).get("sanic.request")
            if not allow_widget(sender_id, getattr(request, "ip", "") or ""):
                reply = {"text": rate_limited_reply(data.get(self.metadata_key))}
                await sio.emit(self.bot_message_evt, reply, room=sid, namespace=namespace)
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            await on_new_message(
                UserMessage(
                    text[:MAX_MESSAGE_CHARS],
                    WebChatOutput(sio, self.bot_message_evt),
                    sender_id,
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )

        def serve(name: str, path: Path, content_type: str) -> None:
            headers = {"Content-Security-Policy": DEMO_CSP} if name == "demo" else None

            async def handler(_: Request) -> HTTPResponse:
                return _asset(path, content_type, headers)

            bp.add_route(handler, f"/{name}", methods=["GET"], name=f"web_{name.replace('.', '_')}")

        for name, (path, content_type) in ASSETS.items():
            serve(name, path, content_type)

        notices = privacy_notices()

        @bp.route("/history/<session_id>", methods=["GET"])
        async def history(request: Request, session_id: str) -> HTTPResponse:
            if not valid_session_id(session_id):
                return response.json({"error": "unknown session id"}, status=404)
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or agent.tracker_store is None:
                return response.json({"error": "the assistant is not ready"}, status=503)
            tracker = await agent.tracker_store.retrieve(session_id)
            events = [e.as_dict() for e in tracker.events] if tracker else []
            language = tracker_language(tracker) if tracker else i18n.DEFAULT_LANGUAGE
            return response.json(
                {
                    "session_id": session_id,
                    "messages": history_messages(events),
                    "privacy": notices.get(language, notices[i18n.DEFAULT_LANGUAGE]),
                },
                headers={"Cache-Control": "no-store"},
            )

        return bp
