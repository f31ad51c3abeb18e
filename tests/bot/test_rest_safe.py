"""The REST channel answers "try again" when a turn fails, and is Rasa's ``rest`` channel otherwise."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.rest_safe import SafeRestInput, safe_handler
from bot.ops.replies import guard_reply


def test_is_the_rest_channel_at_the_same_url():
    assert SafeRestInput.name() == "rest"
    assert SafeRestInput().url_prefix() == "rest"  # mounted at /webhooks/rest/
    blueprint = SafeRestInput().blueprint(safe_handler(lambda message: None))
    assert {route.uri for route in blueprint._future_routes} == {"/", "/webhook"}


def test_a_failed_turn_gets_a_friendly_reply():
    async def broken(message: UserMessage) -> None:
        raise ConnectionError("tracker store is down")

    out = CollectingOutputChannel()
    asyncio.run(safe_handler(broken)(UserMessage("hello", out, "s-1")))
    assert [m["text"] for m in out.messages] == [guard_reply("try_again")]
    assert "send it again" in out.messages[0]["text"]
    assert out.messages[0]["recipient_id"] == "s-1"


def test_the_try_again_reply_is_in_the_language_of_the_failed_message():
    async def broken(message: UserMessage) -> None:
        raise ConnectionError("tracker store is down")

    def reply_to(text: str, metadata: dict | None = None) -> str:
        out = CollectingOutputChannel()
        asyncio.run(safe_handler(broken)(UserMessage(text, out, "s-1", metadata=metadata)))
        return out.messages[0]["text"]

    german = reply_to("Ich suche Partner für Wasserstoffspeicher in Bayern und Österreich")
    assert german == guard_reply("try_again", "de") and "erneut" in german
    # The client's language wins; a message too short to tell falls back to English.
    assert reply_to("ok", {"language": "fr"}) == guard_reply("try_again", "fr")
    assert reply_to("ok") == guard_reply("try_again", "en")


def test_a_good_turn_is_passed_through_untouched():
    async def echo(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "hi")

    out = CollectingOutputChannel()
    asyncio.run(safe_handler(echo)(UserMessage("hello", out, "s-1")))
    assert [m["text"] for m in out.messages] == ["hi"]


def test_a_silent_turn_stays_silent():
    """A paused (handed-off) conversation answers nothing on purpose: no "try again" then."""

    async def paused(message: UserMessage) -> None:
        return None

    out = CollectingOutputChannel()
    asyncio.run(safe_handler(paused)(UserMessage("hello", out, "s-1")))
    assert out.messages == []


def test_scale_endpoints_build_rasa_stores():
    """The endpoint dicts are accepted by Rasa's own factories (nothing is contacted)."""
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.utils.endpoints import EndpointConfig

    from bot.ops.scale_endpoints import lock_store

    store = LockStore.create(EndpointConfig.from_dict(lock_store("redis://:pw@127.0.0.1:6390/3")))
    assert isinstance(store, RedisLockStore)
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["port"], kwargs["db"], kwargs["password"]) == (6390, 3, "pw")
    assert kwargs["socket_timeout"] == 2


@pytest.mark.parametrize("bad", ["http://redis:6379", "redis://host:port/1", "redis://h/x"])
def test_bad_lock_store_urls_are_refused(bad):
    from bot.ops.scale_endpoints import EndpointError, lock_store

    with pytest.raises(EndpointError):
        lock_store(bad)
