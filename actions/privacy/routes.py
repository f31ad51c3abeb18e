"""The staff privacy API and the hourly retention job of the action server.

Routes (``Authorization: Bearer <token>``, the token of :func:`actions.privacy.settings.ensure_token`):

* ``POST /privacy/<conversation_id>/erase``: deletes tickets, feedback and the tracker; 200 with
  what was deleted, 502 when Rasa's API did not take the tracker erasure (retry is safe);
* ``GET /privacy/<conversation_id>/export``: everything kept about the sender as JSON (200), 404
  when nothing is kept about it, 502 when the tracker could not be read.

The retention job runs :meth:`PrivacyService.sweep` every
:data:`contracts.privacy.SWEEP_INTERVAL_SECONDS` in the server's event loop (the database work in
a thread), starting at server start. Every action server runs it; the deletions are idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from dataclasses import dataclass
from typing import Any

from actions.privacy.service import PrivacyError, PrivacyService, UnknownConversation
from actions.privacy.settings import PrivacySettings, ensure_token
from actions.services import get_services
from contracts.privacy import SWEEP_INTERVAL_SECONDS

logger = logging.getLogger(__name__)


@dataclass
class Answer:
    """HTTP status and JSON body of a privacy route."""

    status: int
    body: dict[str, Any]


def authorise(expected: str, header: str | None) -> Answer | None:
    """None when ``header`` is ``Bearer <expected>`` (constant-time compare), else 401/403."""
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return Answer(401, {"error": "missing 'Authorization: Bearer <token>' header"})
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        return Answer(403, {"error": "wrong token"})
    return None


async def handle(
    service: PrivacyService, token: str, what: str, conversation_id: str, header: str | None
) -> Answer:
    """Checks the token, then erases (``what="erase"``) or exports (``"export"``)."""
    refused = authorise(token, header)
    if refused is not None:
        return refused
    if what == "erase":
        erasure = await service.erase(conversation_id)
        return Answer(200 if erasure.ok else 502, erasure.to_dict())
    try:
        return Answer(200, await service.export(conversation_id))
    except UnknownConversation as exc:
        return Answer(404, {"error": str(exc)})
    except PrivacyError as exc:
        return Answer(502, {"error": str(exc)})


async def retention_loop(service: PrivacyService, interval: float = SWEEP_INTERVAL_SECONDS) -> None:
    """Runs the retention sweep now and then every ``interval`` seconds until cancelled."""
    while True:
        try:
            deleted = await asyncio.to_thread(service.sweep)
            if any(deleted.values()):
                logger.info("retention: deleted %s", deleted)
        except Exception:  # a database hiccup must not end the job
            logger.exception("retention sweep failed; trying again in %.0f s", interval)
        await asyncio.sleep(interval)


def install_routes(app: Any) -> None:
    """Adds the two staff routes and the retention job to the action server's Sanic app."""
    from sanic import response

    def service() -> PrivacyService:
        return get_services().privacy_service()

    token = ensure_token(PrivacySettings.from_env())
    job: dict[str, asyncio.Task] = {}

    async def start_job(*_args: Any) -> None:
        job["task"] = asyncio.get_running_loop().create_task(retention_loop(service()))

    async def stop_job(*_args: Any) -> None:
        task = job.pop("task", None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await service().close()

    app.register_listener(start_job, "after_server_start")
    app.register_listener(stop_job, "before_server_stop")

    def route(what: str):
        async def serve(request: Any, conversation_id: str) -> Any:
            try:
                answer = await handle(
                    service(), token, what, conversation_id, request.headers.get("authorization")
                )
            except Exception:
                logger.exception("privacy %s failed", what)
                answer = Answer(500, {"error": "internal error; see the action-server log"})
            headers = {"WWW-Authenticate": "Bearer"} if answer.status == 401 else None
            return response.json(answer.body, status=answer.status, headers=headers)

        return serve

    app.add_route(
        route("erase"),
        "/privacy/<conversation_id:str>/erase",
        methods=["POST"],
        name="privacy_erase",
    )
    app.add_route(
        route("export"),
        "/privacy/<conversation_id:str>/export",
        methods=["GET"],
        name="privacy_export",
    )
    logger.info(
        "privacy: staff routes on (token %s), retention %s, swept every %.0f min",
        "configured" if PrivacySettings.from_env().token else "in var/privacy.token",
        service().policy.describe(),
        SWEEP_INTERVAL_SECONDS / 60,
    )
