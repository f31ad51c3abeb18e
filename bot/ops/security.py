"""The Rasa server's guards, installed on the Sanic app ``rasa run`` builds (``rasa_patches``).

- a body size cap (Sanic answers 413 above ``CLUSTER_MAX_BODY_BYTES``);
- Rasa's HTTP API (every route outside ``/webhooks/``, ``/socket.io/``, ``/`` and ``/metrics``)
  answers loopback clients only; Rasa itself checks its token (``--auth-token``);
- ``GET /health``: whether a model is loaded (what ``scripts/stack.py`` waits for);
- REST messages rate-limited per sender and per client address with a friendly reply, the message
  is then not processed, so the conversation stays as it was; the widget asks :func:`allow_widget`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sanic import response
from sanic.request import Request

from bot.ops import metrics
from bot.ops.lockdown import Lockdown, is_loopback, read_lockdown
from bot.ops.ratelimit import MessageLimiter
from bot.ops.replies import guard_reply, metadata_language

logger = logging.getLogger(__name__)

REST_PATH = "/webhooks/rest/webhook"
OPEN_PREFIXES = ("/webhooks/", "/socket.io")
OPEN_PATHS = {"/", "/metrics", "/health"}

_limiter: MessageLimiter | None = None


def limiter() -> MessageLimiter:
    """This process's message limiter, built from the environment on first use."""
    global _limiter
    if _limiter is None:
        settings = read_lockdown()
        _limiter = MessageLimiter(settings.per_sender, settings.per_address)
    return _limiter


def allow_widget(sender_id: str, address: str) -> bool:
    """True when the widget session ``sender_id`` at ``address`` may send one more message."""
    allowed = limiter().allow("web", sender_id, address)
    if not allowed:
        metrics.RATE_LIMITED.labels(channel="web").inc()
    return allowed


def rate_limited_reply(metadata: Any = None) -> str:
    """The text a throttled person gets, in the language the message's metadata names.

    Args:
        metadata: The refused message's metadata (English when it names no reply language;
            the message itself is not read, so refusing stays cheap).
    """
    return guard_reply("rate_limited", metadata_language(metadata))


def _sender_of(request: Request) -> tuple[str, Any]:
    """The REST message's sender and metadata."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return "", None
    if not isinstance(body, dict):
        return "default", None
    sender = body.get("sender")
    return (str(sender) if sender is not None else "default"), body.get("metadata")


def install(app: Any, settings: Lockdown | None = None) -> None:
    """Installs the guards on ``app`` (Rasa's Sanic app)."""
    global _limiter
    settings = settings or read_lockdown()
    _limiter = MessageLimiter(settings.per_sender, settings.per_address)
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes

    @app.middleware("request")
    async def cluster_guard(request: Request) -> Any:
        path = request.path
        if path == REST_PATH and request.method == "POST":
            sender, metadata = _sender_of(request)
            if not limiter().allow("rest", sender, request.ip):
                metrics.RATE_LIMITED.labels(channel="rest").inc()
                reply = rate_limited_reply(metadata)
                return response.json([{"recipient_id": sender, "text": reply}])
            return None
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return None
        if not is_loopback(request.ip):
            return response.json({"error": "Rasa's HTTP API answers local clients only"}, 403)
        return None

    @app.route("/health", methods=["GET"], name="cluster_health")
    async def health(request: Request) -> Any:
        agent = getattr(request.app.ctx, "agent", None)
        ready = bool(agent is not None and agent.is_ready())
        return response.json({"status": "ok" if ready else "no model", "model_loaded": ready})

    logger.info(
        "guards: body cap %d bytes, API %s, rate limits per sender %s, per address %s",
        settings.max_body_bytes,
        "on (token, loopback clients)" if settings.api_on else "off",
        settings.per_sender,
        settings.per_address,
    )
