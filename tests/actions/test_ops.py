"""The action server's door: the shared secret, else loopback clients only."""

from __future__ import annotations

from actions.ops import admitted


def test_with_a_secret_only_requests_carrying_it_pass_from_anywhere():
    assert admitted("/webhook", "10.1.2.3", "s3cret", "s3cret") == ""
    assert admitted("/webhook", "127.0.0.1", None, "s3cret") == "secret"
    assert admitted("/webhook", "127.0.0.1", "guess", "s3cret") == "secret"
    assert admitted("/actions", "10.1.2.3", "", "s3cret") == "secret"


def test_without_a_secret_only_loopback_clients_pass():
    assert admitted("/webhook", "127.0.0.1", None, None) == ""
    assert admitted("/webhook", "::1", None, None) == ""
    assert admitted("/webhook", "192.168.1.5", None, None) == "address"


def test_health_and_the_handoff_release_route_are_not_behind_this_door():
    assert admitted("/health", "10.1.2.3", None, "s3cret") == ""
    assert admitted("/handoff/abc/release", "10.1.2.3", None, "s3cret") == ""
