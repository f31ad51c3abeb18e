"""A local fake of Slack's Web API (the methods the adviser app calls) and a signer for
Events API / interactivity requests, for tests and the end-to-end handoff.

The fake answers like Slack: ``{"ok": true, ...}`` or ``{"ok": false, "error": ...}``; it checks
the bot token on every call and keeps every posted message so that a test can read the channel.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from aiohttp.test_utils import TestServer

from actions.handoff.slack_routes import signature

TOKEN = "xoxb-fake-adviser"
SECRET = "fake-signing-secret"
CHANNEL = "CADVISERS"
WORKSPACE_URL = "https://een-fake.slack.com"


@dataclass
class FakeSlack:
    """Slack's Web API for one workspace: ``members`` of :data:`CHANNEL`, ``names`` of users."""

    members: list[str] = field(default_factory=lambda: ["UANNA", "UBOB"])
    names: dict[str, str] = field(
        default_factory=lambda: {"UANNA": "Anna Adviser", "UBOB": "Bob", "UEVE": "Eve"}
    )
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    server: TestServer | None = None
    #: Every thread as Slack keeps it: root ts -> its messages (the root first), bot posts included.
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: ``conversations.replies`` calls still to fail (Slack's ``ratelimited``).
    failing_reads: int = 0
    _ts: Any = field(default_factory=lambda: itertools.count(1))

    def write(self, user: str, text: str, thread_ts: str, at: float | None = None) -> dict:
        """A person's reply written in a thread (Slack keeps it whether or not the action server
        got its event); returns it as ``conversations.replies`` shows it."""
        ts = f"{time.time() if at is None else at:.6f}"
        message = {"type": "message", "user": user, "text": text, "ts": ts,
                   "thread_ts": thread_ts, "client_msg_id": f"m-{ts}"}  # fmt: skip
        self.threads.setdefault(thread_ts, []).append(message)
        return message

    def _replies(self, query: dict[str, Any]) -> dict[str, Any]:
        if self.failing_reads > 0:
            self.failing_reads -= 1
            return {"ok": False, "error": "ratelimited"}
        if query.get("channel") != CHANNEL or query.get("ts") not in self.threads:
            return {"ok": False, "error": "thread_not_found"}
        thread = sorted(self.threads[query["ts"]], key=lambda m: float(m["ts"]))
        start, limit = int(query.get("cursor") or 0), int(query.get("limit") or 1000)
        following = start + limit if start + limit < len(thread) else ""
        return {"ok": True, "messages": thread[start : start + limit],
                "response_metadata": {"next_cursor": str(following)}}  # fmt: skip

    async def _handle(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        method = request.match_info["method"]
        if request.method == "GET":
            body: dict[str, Any] = dict(request.query)
        elif request.content_type == "application/json":
            body = await request.json()
        else:  # slack_sdk (Rasa's Slack connector) may post form fields
            body = dict(await request.post())
        self.calls.append((method, body))
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "url": WORKSPACE_URL + "/"}
            )
        if method == "chat.postMessage":
            ts = f"{1_800_000_000 + next(self._ts)}.000100"
            post = {"type": "message", "bot_id": "BBOT", "text": body.get("text"), "ts": ts}
            if body.get("thread_ts"):
                self.threads.setdefault(str(body["thread_ts"]), []).append(
                    {**post, "thread_ts": body["thread_ts"]}
                )
            else:
                self.threads[ts] = [post]
            return web.json_response({"ok": True, "channel": body["channel"], "ts": ts})
        if method == "conversations.replies":
            return web.json_response(self._replies(body))
        if method in ("chat.update", "chat.postEphemeral", "views.publish"):
            return web.json_response({"ok": True})
        if method == "conversations.members":
            return web.json_response(
                {"ok": True, "members": self.members, "response_metadata": {"next_cursor": ""}}
            )
        if method == "users.info":
            name = self.names.get(body.get("user", ""))
            if name is None:
                return web.json_response({"ok": False, "error": "user_not_found"})
            return web.json_response({"ok": True, "user": {"profile": {"display_name": name}}})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def _response_url(self, request: web.Request) -> web.Response:
        self.calls.append(("response_url", await request.json()))
        return web.Response(text="ok")

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        app.router.add_route("POST", "/response/{id}", self._response_url)
        self.server = TestServer(app, host="127.0.0.1", port=0)
        await self.server.start_server()
        return self

    @property
    def api_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/api"

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    @property
    def response_url(self) -> str:
        """Where slash-command follow-ups go (Slack's ``response_url``)."""
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/response/1"

    def posts(self, method: str = "chat.postMessage") -> list[dict[str, Any]]:
        """The bodies of every call of one method, oldest first."""
        return [body for name, body in self.calls if name == method]

    def thread(self, ts: str) -> list[str]:
        """The texts posted as replies in the thread rooted at ``ts``."""
        return [p["text"] for p in self.posts() if p.get("thread_ts") == ts]


def signed_headers(body: bytes, secret: str = SECRET, at: int | None = None) -> dict[str, str]:
    """The headers Slack sends with a request body (signature and timestamp)."""
    timestamp = str(int(time.time()) if at is None else at)
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(secret, timestamp, body),
    }


def message_event(user: str, text: str, thread_ts: str, *, channel: str = CHANNEL) -> bytes:
    """An Events API envelope of a thread reply."""
    ts = f"{time.time():.6f}"
    event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
             "thread_ts": thread_ts, "client_msg_id": f"m-{ts}"}  # fmt: skip
    return json.dumps({"type": "event_callback", "event": event}).encode()


def button_press(user: str, action_id: str, ticket_id: int, *, channel: str = CHANNEL) -> bytes:
    """An interactivity request body (form-encoded ``payload``) of a button press."""
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": channel},
        "actions": [{"action_id": action_id, "value": str(ticket_id)}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()
