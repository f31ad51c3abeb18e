"""Helpers for privacy tests: a fake Rasa HTTP API on 127.0.0.1 and a service over temp stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from actions.dialogue.feedback_store import SQLiteFeedbackStore
from actions.handoff.store import SQLiteTicketStore
from actions.privacy.service import PrivacyService
from contracts.privacy import RetentionPolicy


@dataclass
class FakeRasa:
    """Rasa's tracker endpoints: records appended events, serves stored trackers.

    ``trackers`` maps a conversation to the tracker JSON ``GET .../tracker`` returns; for any
    other conversation it answers as Rasa 3.6 does, with a new tracker holding only a session
    start. ``status`` is the answer to appended events.
    """

    trackers: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: int = 200
    appended: list[dict[str, Any]] = field(default_factory=list)
    server: TestServer | None = None

    async def _append(self, request: web.Request) -> web.Response:
        self.appended.append(
            {
                "conversation": request.match_info["cid"],
                "query": dict(request.query),
                "events": await request.json(),
            }
        )
        return web.json_response({}, status=self.status)

    async def _tracker(self, request: web.Request) -> web.Response:
        tracker = self.trackers.get(request.match_info["cid"]) or {
            "sender_id": request.match_info["cid"],
            "slots": {},
            "events": [
                {"event": "action", "name": "action_session_start"},
                {"event": "session_started"},
                {"event": "action", "name": "action_listen"},
            ],
        }
        assert request.query.get("include_events") == "ALL"
        return web.json_response(tracker)

    async def start(self) -> FakeRasa:
        app = web.Application()
        app.router.add_post("/conversations/{cid}/tracker/events", self._append)
        app.router.add_get("/conversations/{cid}/tracker", self._tracker)
        self.server = TestServer(app, host="127.0.0.1", port=0)
        await self.server.start_server()
        return self

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}"

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()


def make_privacy(tmp_path, rasa_url: str = "http://127.0.0.1:9", **policy: int) -> PrivacyService:
    """A privacy service over temporary ticket and feedback stores, with short timeouts."""
    return PrivacyService(
        tickets=SQLiteTicketStore(tmp_path / "handoff.db"),
        feedback=SQLiteFeedbackStore(tmp_path / "feedback.db"),
        policy=RetentionPolicy(**policy),
        rasa_url=rasa_url,
        rasa_token="rasa-secret",
        timeout=1.0,
    )


def add_data(service: PrivacyService, conversation: str) -> None:
    """One released ticket, one open ticket and two feedback rows for ``conversation``."""
    service.tickets.create(conversation, email="anna@example.org", transcript=[], context={})
    service.tickets.release(conversation, "cli")
    service.tickets.create(conversation, email=None, transcript=[], context={})
    service.feedback.add(conversation, "useful", {"kind": "partners", "query": "hydrogen"})
    service.feedback.add(conversation, "not_useful")
