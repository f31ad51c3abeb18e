"""The adviser's release route on the action server: ``POST /handoff/<conversation_id>/release``."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from actions.handoff.service import HandoffService, ReleaseResult
from actions.handoff.wiring import install_relay
from actions.services import get_services

logger = logging.getLogger(__name__)


def _handoff() -> HandoffService:
    return get_services().handoff_service()


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


async def handle_release(
    service: HandoffService, conversation_id: str, authorization: str | None
) -> ReleaseResult:
    """Checks the bearer token (constant time), then releases the conversation.

    Returns:
        401 without a bearer token, 403 with a wrong one, else :meth:`HandoffService.release`.
    """
    expected = service.settings.token
    if not expected:
        return ReleaseResult(503, {"error": "release is disabled: CLUSTER_HANDOFF_TOKEN is unset"})
    given = _bearer(authorization)
    if given is None:
        return ReleaseResult(401, {"error": "missing 'Authorization: Bearer <token>' header"})
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return ReleaseResult(403, {"error": "wrong token"})
    return await service.release(conversation_id, released_by="http")


def install_routes(app: Any) -> bool:
    """Adds ``POST /handoff/<conversation_id>/release`` to the action server's Sanic app.

    Also closes the handoff client session when the server stops. The route is not added when
    ``CLUSTER_HANDOFF_TOKEN`` is unset (a log line says so).

    Returns:
        Whether the release route was added.
    """
    from sanic import response

    async def close_session(*_args: Any) -> None:
        await _handoff().close()

    app.register_listener(close_session, "after_server_stop")
    install_relay(app, _handoff())  # Slack threads, REST messages route, delivery loop
    settings = _handoff().settings
    if not settings.token:
        logger.warning(
            "handoff release route disabled: CLUSTER_HANDOFF_TOKEN is not set "
            "(advisers can still release with `python -m actions.handoff release <id>`)"
        )
        return False

    async def release(request: Any, conversation_id: str) -> Any:
        try:
            result = await handle_release(
                _handoff(), conversation_id, request.headers.get("authorization")
            )
        except Exception:
            logger.exception("release of %s failed", conversation_id)
            result = ReleaseResult(500, {"error": "internal error; see the action-server log"})
        headers = {"WWW-Authenticate": "Bearer"} if result.status == 401 else None
        return response.json(result.body, status=result.status, headers=headers)

    app.add_route(
        release, "/handoff/<conversation_id:str>/release", methods=["POST"], name="handoff_release"
    )
    logger.info(
        "handoff: release route on, tickets in %s, adviser webhook %s, Rasa API %s",
        _handoff().store.path,
        settings.webhook_kind if settings.webhook_url else "not configured",
        settings.rasa_url,
    )
    return True
