"""Token buckets of the REST and widget rate limits."""

from __future__ import annotations

import pytest

from bot.ops.ratelimit import MessageLimiter, Rate, TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_is_read_from_count_per_seconds():
    default = Rate(30, 60.0)
    assert Rate.parse("5/10", default) == Rate(5, 10.0)
    assert Rate.parse("7", default) == Rate(7, 60.0)
    assert Rate.parse("", default) == default
    assert Rate.parse(None, default) == default
    assert Rate.parse("off", default) is None
    for bad in ("x/1", "5/y", "-1/10", "3/0"):
        with pytest.raises(ValueError):
            Rate.parse(bad, default)


def test_a_burst_is_allowed_then_refused_then_refilled_over_time():
    clock = Clock()
    buckets = TokenBuckets(Rate(3, 30.0), clock=clock)
    assert [buckets.allow("a") for _ in range(4)] == [True, True, True, False]
    assert buckets.allow("b")  # another key has its own bucket
    clock.now += 9.9  # one token every 10 s
    assert not buckets.allow("a")
    clock.now += 0.2
    assert buckets.allow("a")
    assert not buckets.allow("a")


def test_forgotten_keys_start_full_and_memory_is_bounded():
    clock = Clock()
    buckets = TokenBuckets(Rate(1, 60.0), max_keys=2, clock=clock)
    assert buckets.allow("a") and buckets.allow("b") and buckets.allow("c")
    assert len(buckets._buckets) == 2
    assert buckets.allow("a")  # "a" was the least recently used, forgotten


def test_a_sender_and_an_address_are_limited_separately():
    limiter = MessageLimiter(Rate(2, 60.0), Rate(3, 60.0))
    assert limiter.allow("rest", "s1", "10.0.0.1")
    assert limiter.allow("rest", "s1", "10.0.0.1")
    assert not limiter.allow("rest", "s1", "10.0.0.1")  # sender s1 is out
    assert not limiter.allow("rest", "s2", "10.0.0.1")  # address is out (3 taken)
    assert limiter.allow("rest", "s2", "10.0.0.2")
    assert limiter.allow(
        "web", "s1", "10.0.0.3"
    )  # the same id on another channel is another sender
    unlimited = MessageLimiter(None, None)
    assert all(unlimited.allow("rest", "s", "a") for _ in range(1000))
