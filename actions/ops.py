"""The action server's door and meters: who may call it, Prometheus metrics, JSON logs.

- ``/webhook`` and ``/actions`` answer only the Rasa server: a request must carry the shared
  secret (``CLUSTER_ACTION_SECRET``, sent by Rasa as the ``X-Cluster-Action-Secret`` header, see
  ``bot/ops/runtime_config.py``); without a configured secret, only loopback clients are served.
  ``/health`` stays open; the handoff release route has its own bearer token.
- ``GET /metrics`` (loopback clients only): action latency by action, search latency, handoffs.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
import zlib
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

from bot.ops.lockdown import ACTION_SECRET_HEADER as SECRET_HEADER
from bot.ops.lockdown import is_loopback

logger = logging.getLogger(__name__)

GUARDED_PATHS = ("/webhook", "/actions")
SEARCH_ACTIONS = frozenset({"action_search_partners", "action_search_calls", "action_find_similar"})
HANDOFF_ACTIONS = frozenset({"action_handoff"})
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

ACTION_SECONDS = Histogram(
    "cluster_action_seconds", "Time to run a custom action", ["action"], buckets=BUCKETS
)
SEARCH_SECONDS = Histogram(
    "cluster_search_seconds",
    "Time of a search action (partners, calls)",
    ["action"],
    buckets=BUCKETS,
)
HANDOFFS = Counter("cluster_handoffs_total", "Handoffs to a human adviser requested")
REFUSED = Counter("cluster_action_refused_total", "Action server requests refused", ["reason"])


def admitted(path: str, address: str | None, sent_secret: str | None, secret: str | None) -> str:
    """Why a request is refused, or ``""`` when it may pass.

    Args:
        path: The request path.
        address: The client address.
        sent_secret: The value of the secret header, if any.
        secret: The configured shared secret, if any.
    """
    if not path.startswith(GUARDED_PATHS):
        return ""
    if secret:
        ok = sent_secret is not None and hmac.compare_digest(sent_secret.encode(), secret.encode())
        return "" if ok else "secret"
    return "" if is_loopback(address) else "address"


def _action_name(request: Any) -> str:
    try:
        body = request.body or b""
        if request.headers.get("Content-Encoding") == "deflate":
            body = zlib.decompress(body)
        return str(json.loads(body).get("next_action") or "unknown")
    except (ValueError, AttributeError, zlib.error):
        return "unknown"


def install(app: Any, secret: str | None) -> None:
    """Installs the door check, the latency meters and ``GET /metrics`` on the action server."""
    from sanic import response

    @app.on_request
    async def action_door(request: Any) -> Any:
        reason = admitted(request.path, request.ip, request.headers.get(SECRET_HEADER), secret)
        if reason:
            REFUSED.labels(reason=reason).inc()
            return response.json(
                {"error": "this server answers the assistant's Rasa server only"}, 403
            )
        if request.path == "/webhook":
            request.ctx.cluster_action = (_action_name(request), time.perf_counter())
        return None

    @app.on_response
    async def action_meter(request: Any, _response: Any) -> None:
        started = getattr(request.ctx, "cluster_action", None)
        if started is None:
            return
        name, start = started
        elapsed = time.perf_counter() - start
        ACTION_SECONDS.labels(action=name).observe(elapsed)
        if name in SEARCH_ACTIONS:
            SEARCH_SECONDS.labels(action=name).observe(elapsed)
        if name in HANDOFF_ACTIONS:
            HANDOFFS.inc()

    @app.get("/metrics", name="cluster_metrics")
    async def metrics_route(request: Any) -> Any:
        if not is_loopback(request.ip):
            return response.json({"error": "metrics answer local clients only"}, 403)
        return response.raw(generate_latest(), content_type=CONTENT_TYPE_LATEST)

    logger.info(
        "action server answers %s; metrics at /metrics (loopback)",
        "requests carrying the shared secret" if secret else "loopback clients only",
    )
