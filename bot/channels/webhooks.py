"""What the project's own webhook connectors (Slack, Teams) share, with one owner each.

- :func:`add_health_route`: ``GET /webhooks/<channel>/`` answers ``{"status": "ok"}``.
- :func:`run_in_background`: a message is processed after the webhook has answered (Slack wants
  its answer within 3 s, Teams retries after 15 s), its task kept until done.
- :class:`RenderedOutput`: how a channel turns Rasa's responses into its own format: text,
  buttons (quick replies are buttons) and custom payloads through the channel's renderer module;
  a custom payload the renderer does not know is logged (on the channel's logger) and dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from types import ModuleType
from typing import Any

from rasa.core.channels.channel import OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse


def add_health_route(blueprint: Blueprint) -> None:
    """Adds the channel's health check, ``GET /`` -> ``{"status": "ok"}``.

    Args:
        blueprint: The channel's webhook blueprint.
    """

    @blueprint.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})


def run_in_background(
    tasks: set[asyncio.Task], coroutine: Coroutine[Any, Any, Any]
) -> asyncio.Task:
    """Starts ``coroutine`` as a task held in ``tasks`` until it is done.

    Args:
        tasks: The connector's set of tasks in flight (a reference keeps a task alive).
        coroutine: The processing of one message.

    Returns:
        The started task.
    """
    task = asyncio.create_task(coroutine)
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return task


class RenderedOutput(OutputChannel):
    """An output channel that renders responses with a renderer module and delivers them.

    Subclasses set :attr:`renderer` (a module with ``text_message(text)``,
    ``buttons_message(text, buttons)`` and ``custom_message(payload)``, the last returning
    ``None`` for a payload it cannot draw) and implement :meth:`deliver`.
    """

    renderer: ModuleType

    async def deliver(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Sends one rendered message (never raises for a failed delivery: it logs it)."""
        raise NotImplementedError

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Sends a text message."""
        await self.deliver(recipient_id, self.renderer.text_message(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Sends a text with buttons."""
        await self.deliver(recipient_id, self.renderer.buttons_message(text, buttons))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Sends quick replies, drawn as buttons."""
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """Sends a custom payload as the renderer draws it; logs and drops an unknown one."""
        message = self.renderer.custom_message(json_message)
        if message is None:
            logging.getLogger(f"bot.channels.{self.name()}").warning(
                "%s: no rendering for custom payload %r", self.name(), json_message.get("type")
            )
            return
        await self.deliver(recipient_id, message)
