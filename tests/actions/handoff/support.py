"""Helpers for handoff tests: a local recording HTTP server, fake trackers, a test service."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
from rasa_sdk import Tracker

from actions import services as composition
from actions.handoff.service import HandoffService
from actions.handoff.settings import HandoffSettings
from actions.handoff.store import SQLiteTicketStore, TicketStore


@dataclass
class Recorder:
    """A local HTTP server (127.0.0.1) that records requests and answers from a script.

    ``script`` holds one entry per request: an HTTP status, or ``"hang"`` to answer after
    ``hang_s`` seconds (a timeout for the client). When it runs out, the server answers 200.

    As Rasa's API, it keeps the events it accepted (2xx, a hang too: Rasa stored them, the
    client gave up) and answers ``GET /conversations/<id>/tracker`` with them (not recorded),
    after ``tracker_delay_s`` seconds (as read when the request came: a slow tracker read).
    """

    script: list[int | str] = field(default_factory=list)
    hang_s: float = 2.0
    tracker_delay_s: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    server: TestServer | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        entry = {"path": request.path, "query": dict(request.query), "json": body,
                 "headers": dict(request.headers)}  # fmt: skip
        self.requests.append(entry)
        step = self.script.pop(0) if self.script else 200
        if step == "hang":
            step = 200
            entry["status"] = step  # stored before the client gives up
            await asyncio.sleep(self.hang_s)
        entry["status"] = int(step)
        return web.json_response({"ok": step < 300}, status=int(step))

    def stored(self, conversation_id: str) -> list[dict[str, Any]]:
        """The events Rasa would hold for a conversation: those of its accepted appends."""
        path = f"/conversations/{conversation_id}/tracker/events"
        return [
            event
            for request in self.requests
            if request["path"] == path and request.get("status", 200) < 300
            for event in (request["json"] if isinstance(request["json"], list) else [])
        ]

    async def _tracker(self, request: web.Request) -> web.Response:
        events = self.stored(request.match_info["conversation"])
        await asyncio.sleep(self.tracker_delay_s)
        return web.json_response({"events": events})

    async def start(self) -> Recorder:
        app = web.Application()
        app.router.add_get("/conversations/{conversation}/tracker", self._tracker)
        app.router.add_route("POST", "/{tail:.*}", self._handle)
        self.server = TestServer(app, host="127.0.0.1", port=0)
        await self.server.start_server()
        return self

    def url(self, path: str = "/hook") -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}{path}"

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()


def unused_port() -> int:
    """A port on 127.0.0.1 where nothing listens (free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_service(tmp_path, store: TicketStore | None = None, **settings: Any) -> HandoffService:
    """A handoff service with fast timeouts and no backoff.

    Args:
        tmp_path: Folder of the SQLite database used when no ``store`` is given.
        store: The ticket store (e.g. a PostgreSQL one from the ``open_store`` fixture).
        **settings: :class:`HandoffSettings` fields.
    """
    return HandoffService(
        HandoffSettings(db_path=str(tmp_path / "handoff.db"), **settings),
        store if store is not None else SQLiteTicketStore(tmp_path / "handoff.db"),
        attempts=3,
        timeout=0.5,
        backoff=0.0,
    )


def teams_service(
    tmp_path, store: TicketStore, rasa: Recorder, connector: Any, *, channel: bool = True,
    **settings: Any,
) -> HandoffService:  # fmt: skip
    """A handoff service whose Teams app is the fake Bot Connector's, with its relay built.

    Args:
        store: The ticket store (``open_store()``; again for a restarted server).
        rasa: The recording fake Rasa API.
        connector: The fake Bot Connector (``tests.actions.handoff.fake_teams``).
        channel: Whether the advisers' channel is in Teams too (False: only Teams SMEs are
            reached through the app, the adviser channel is not configured).
        **settings: Further :class:`HandoffSettings` fields.
    """
    from actions.handoff.wiring import build_relay
    from tests.actions.handoff.fake_teams import APP_ID, CHANNEL, PASSWORD, TENANT

    where = {"teams_service_url": connector.url, "teams_channel": CHANNEL} if channel else {}
    service = make_service(
        tmp_path, store, rasa_url=rasa.url(""), teams_app_id=APP_ID, teams_app_password=PASSWORD,
        teams_tenant=TENANT, teams_token_url=f"{connector.url}/token", **where, **settings,
    )  # fmt: skip
    service.relay = build_relay(service)
    return service


def install_handoff(service: HandoffService | None) -> None:
    """Installs services holding only this handoff service (None: removes them).

    Handoff actions need nothing else from the composition root, so the knowledge services
    (settings, embedder, partner searcher) are left empty here.
    """
    composition.install(
        None if service is None else composition.Services(None, None, None, handoff=service)
    )


def handoff_tracker(
    text: str = "anna@cluster-bavaria.de",
    *,
    intent: str = "inform",
    events: list[dict[str, Any]] | None = None,
    paused: bool = False,
    sender_id: str = "conv-1",
    **slots: Any,
) -> Tracker:
    """A tracker inside or after ``handoff_form``; ``language=`` is the language the detector
    found in the user's message (the conversation's language, ``i18n.conversation``)."""
    language = slots.pop("language", None)
    latest: dict[str, Any] = {"text": text, "entities": [], "intent": {"name": intent}}
    events = list(events or [])
    if language:
        latest["language"] = {"detected": language, "requested": None}
        events.append({"event": "user", "text": text, "parse_data": latest})
    return Tracker(
        sender_id=sender_id,
        slots=slots,
        latest_message=latest,
        events=events,
        paused=paused,
        followup_action=None,
        active_loop={"name": "handoff_form"},
        latest_action_name="action_listen",
    )


def conversation_events(t0: float = 1_786_000_000.0) -> list[dict[str, Any]]:
    """A short conversation: a partner search, results, then a request for a person."""
    return [
        {"event": "action", "name": "action_session_start", "timestamp": t0},
        {"event": "user", "text": "hydrogen storage partners in Germany", "timestamp": t0 + 1},
        {"event": "action", "name": "action_search_partners", "timestamp": t0 + 2},
        {"event": "bot", "text": "Here are 5 clusters: 1. H2 Cluster ...", "timestamp": t0 + 2},
        {"event": "bot", "text": None, "timestamp": t0 + 2,
         "data": {"custom": {"type": "partner_results", "items": [{}, {}, {}]}}},
        {"event": "slot", "name": "country", "value": "DE", "timestamp": t0 + 2},
        {"event": "user", "text": "can I talk to a person?", "timestamp": t0 + 10},
        {"event": "bot", "text": "May I share the conversation?", "timestamp": t0 + 11},
        {"event": "user", "text": "/affirm", "timestamp": t0 + 20},
        {"event": "user", "text": "anna@cluster-bavaria.de", "timestamp": t0 + 30},
    ]  # fmt: skip
