"""Rasa's REST channel with a friendly reply when a turn fails.

Rasa's own REST channel logs any error raised while a message is handled (tracker store or lock
store unreachable, action server down) and answers an empty list: the user sees silence. Here the
same failure answers one short "please try again" message, so a client can tell a failure from a
paused conversation (which is silent on purpose) and retry. Nothing was saved for the failed turn:
Rasa stores the tracker only after the turn's last action, so a retry is counted once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from bot.nlu.language import identify_language
from bot.ops.replies import guard_reply, metadata_language
from bot.ops.strict_tracker import TrackerStoreUnavailable

logger = logging.getLogger(__name__)


def try_again_text(message: UserMessage) -> str:
    """The "please try again" text in the failed message's language.

    The language is the one the message's metadata names (``language``), else the one the
    message is clearly written in (:func:`bot.nlu.language.identify_language`: the detector
    the NLU pipeline has already loaded, run once per failed turn), else English.
    """
    language = metadata_language(message.metadata) or identify_language(message.text)
    return guard_reply("try_again", language)


def safe_handler(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[None]]:
    """``on_new_message`` that answers :func:`try_again_text` instead of raising."""

    async def handle(message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except (Exception, TrackerStoreUnavailable):
            logger.exception("turn of %s failed; asked the user to try again", message.sender_id)
            await message.output_channel.send_text_message(
                message.sender_id, try_again_text(message)
            )

    return handle


class SafeRestInput(RestInput):
    """The ``rest`` channel (``/webhooks/rest/webhook``) that never fails silently."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's REST blueprint around :func:`safe_handler`."""
        return super().blueprint(safe_handler(on_new_message))
