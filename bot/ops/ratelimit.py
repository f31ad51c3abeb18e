"""Per-key token buckets: the rate limits of the REST and widget channels.

Standard library only. Why not a library: the one well-kept Python rate-limit library (``limits``)
would be a new dependency of Rasa's pinned environment for ~40 lines, and no maintained limiter
fits Sanic 21 (``sanic-limiter`` is unmaintained since 2017); the limits here also key on the
*sender* read from the body, which a route decorator does not see.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """``count`` messages per ``seconds``, with a burst of ``count``."""

    count: int
    seconds: float

    @classmethod
    def parse(cls, text: str | None, default: Rate | None) -> Rate | None:
        """Reads ``COUNT/SECONDS`` (e.g. ``30/60``); ``off`` gives None, empty the default.

        Raises:
            ValueError: for anything else.
        """
        if text is None or not text.strip():
            return default
        if text.strip().lower() in {"off", "0", "none"}:
            return None
        count, sep, seconds = text.partition("/")
        try:
            rate = cls(int(count), float(seconds) if sep else 60.0)
        except ValueError:
            raise ValueError(f"{text!r} is not COUNT/SECONDS (e.g. 30/60) or off") from None
        if rate.count < 1 or rate.seconds <= 0:
            raise ValueError(f"{text!r}: count and seconds must be positive")
        return rate


class TokenBuckets:
    """One token bucket per key; the least recently used keys are forgotten beyond ``max_keys``."""

    def __init__(
        self, rate: Rate, max_keys: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Takes one token from ``key``'s bucket; False when it is empty."""
        now = self.clock()
        capacity = float(self.rate.count)
        tokens, last = self._buckets.pop(key, (capacity, now))
        tokens = min(capacity, tokens + (now - last) * capacity / self.rate.seconds)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed


class MessageLimiter:
    """The per-sender and per-address limits of one server process."""

    def __init__(self, per_sender: Rate | None, per_address: Rate | None) -> None:
        self.senders = TokenBuckets(per_sender) if per_sender else None
        self.addresses = TokenBuckets(per_address) if per_address else None

    def allow(self, channel: str, sender: str, address: str) -> bool:
        """True when ``sender`` (of ``channel``) and ``address`` may send one more message."""
        ok = self.addresses.allow(address) if self.addresses else True
        if self.senders and not self.senders.allow(f"{channel}:{sender}"):
            ok = False
        return ok
