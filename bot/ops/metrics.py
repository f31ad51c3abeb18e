"""Prometheus metrics of the Rasa server, served at ``/metrics`` (loopback clients only).

Turns and their latency by intent, fallbacks and rate-limited messages. Action latency, search
latency and handoffs are counted where they happen, in the action server (``actions/ops.py``).
``rasa_patches`` wraps Rasa's message handling to call :func:`observe_turn`.
"""

from __future__ import annotations

import contextvars
import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

TURNS = Counter("cluster_turns_total", "User messages answered", ["channel"])
TURN_SECONDS = Histogram(
    "cluster_turn_seconds", "Time to answer a user message", ["intent"], buckets=LATENCY_BUCKETS
)
FALLBACKS = Counter("cluster_fallbacks_total", "Turns whose intent was a fallback", ["intent"])
RATE_LIMITED = Counter(
    "cluster_rate_limited_total", "Messages refused by a rate limit", ["channel"]
)

_turn: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "cluster_turn", default=None
)


def note_intent(parse_data: Any) -> None:
    """Records the parsed intent of the turn being handled (called from ``parse_message``)."""
    holder = _turn.get()
    if holder is not None and isinstance(parse_data, dict):
        holder["intent"] = str((parse_data.get("intent") or {}).get("name") or "none")


async def observe_turn(handle: Any, processor: Any, message: Any) -> Any:
    """Runs ``handle(processor, message)`` and records the turn's latency under its intent."""
    holder: dict[str, str] = {}
    token = _turn.set(holder)
    start = time.perf_counter()
    try:
        return await handle(processor, message)
    finally:
        _turn.reset(token)
        intent = holder.get("intent", "none")
        TURN_SECONDS.labels(intent=intent).observe(time.perf_counter() - start)
        TURNS.labels(channel=str(getattr(message, "input_channel", None) or "none")).inc()
        if intent in FALLBACK_INTENTS:
            FALLBACKS.labels(intent=intent).inc()


def install(app: Any) -> None:
    """Adds ``GET /metrics`` (Prometheus text format, loopback clients only) to ``app``."""
    from sanic import response

    from bot.ops.lockdown import is_loopback

    @app.route("/metrics", methods=["GET"], name="cluster_metrics")
    async def metrics_route(request: Any) -> Any:
        if not is_loopback(request.ip):
            return response.json({"error": "metrics answer local clients only"}, 403)
        return response.raw(generate_latest(), content_type=CONTENT_TYPE_LATEST)
