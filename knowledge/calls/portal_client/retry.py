"""When and how long to wait before retrying a portal request, and how to name what failed.

The search is a POST only because its Elasticsearch-style query does not fit in a URL: it
reads the index and changes nothing on the server, so sending the same body again cannot create,
duplicate or alter anything. It is idempotent and safe to retry; a page received twice is
harmless (topics are de-duplicated by identifier). Only this request is retried, and only on
429, 5xx, connection errors and timeouts (including a body cut off in transit). Other 4xx answers
and malformed bodies are not retried: sending the same request again would get the same answer.

Retry policy (:class:`Backoff`): at most ``max_attempts`` (default 4) attempts per page; before
attempt ``n + 1`` wait ``uniform(0, min(max_delay, base_delay * 2 ** (n - 1)))`` ("full jitter":
0-0.5 s, 0-1 s, 0-2 s ... capped at 8 s), or the server's ``Retry-After`` (seconds or HTTP date)
capped at ``retry_after_max`` (30 s) when present; stop early when the next wait would take the
page past ``max_elapsed`` (120 s). Each retry is logged at WARNING with ``attempt x/y``.
Sleep, clock and random source are injectable so tests run without real waits.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import aiohttp

#: HTTP statuses worth another attempt (rate limiting and server errors).
RETRY_STATUSES = frozenset({429}) | frozenset(range(500, 600))

Sleep = Callable[[float], Awaitable[Any]]


@dataclass(frozen=True)
class Backoff:
    """Waiting rules between attempts (see the module docstring).

    Attributes:
        base_delay: Ceiling of the first wait, in seconds.
        max_delay: Largest ceiling of an exponential wait.
        retry_after_max: Largest wait a ``Retry-After`` header can impose.
        max_elapsed: Give up on a page rather than wait past this many seconds since its first
            attempt started.
    """

    base_delay: float = 0.5
    max_delay: float = 8.0
    retry_after_max: float = 30.0
    max_elapsed: float = 120.0

    def __post_init__(self) -> None:
        for name in ("base_delay", "max_delay", "retry_after_max", "max_elapsed"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a non-negative number of seconds, got {value!r}")

    def delay(self, attempt: int, rand: Callable[[], float], retry_after: float | None) -> float:
        """Return the wait before the attempt after ``attempt`` (1-based).

        Args:
            attempt: The attempt that just failed.
            rand: Uniform random source in ``[0, 1)``.
            retry_after: The server's ``Retry-After`` in seconds, if it sent one.

        Returns:
            Seconds to wait: the capped ``Retry-After`` when given, else full jitter over the
            capped exponential ceiling.
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_max)
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return min(max(rand(), 0.0), 1.0) * ceiling


def parse_retry_after(value: str | None, server_now: str | None = None) -> float | None:
    """Read a ``Retry-After`` header: delay-seconds or an HTTP date.

    An HTTP date is measured against the response's own ``Date`` header, so the client's clock
    (and any skew between the clocks) plays no part.

    Args:
        value: The ``Retry-After`` header, or ``None``.
        server_now: The response's ``Date`` header, or ``None``.

    Returns:
        Seconds to wait (never negative), or ``None`` when absent or unreadable (a date without a
        ``Date`` header to compare with is unreadable).
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    when, now = _http_date(text), _http_date(server_now)
    if when is None or now is None:
        return None
    return max((when - now).total_seconds(), 0.0)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def describe_error(exc: BaseException) -> str:
    """One short phrase for a client exception (no class names for the common cases)."""
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"cannot resolve host {exc.host} ({exc.os_error.strerror or exc.os_error})"
    if isinstance(exc, aiohttp.ClientConnectorError):
        reason = exc.os_error.strerror or str(exc.os_error) or type(exc.os_error).__name__
        return f"cannot connect to {exc.host}:{exc.port} ({reason})"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
