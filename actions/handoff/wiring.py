"""Builds the adviser relay of a handoff service and installs its routes and delivery loop.

Called by :mod:`actions.services` (the relay) and :mod:`actions.handoff.routes` (the routes):

* ``POST /handoff/slack/events``, ``/interactivity`` and ``/commands`` when the adviser Slack
  app is configured (token, signing secret, channel), else, when the Teams adviser channel is
  (app id and password, tenant, service URL, channel), ``POST /handoff/teams/messages`` (the
  adviser bot's own messaging endpoint, JWT-validated) and ``/handoff/teams/activity`` and
  ``/command`` (what the Rasa server's connector hands over when SMEs and advisers share a bot);
* ``GET /handoff/<conversation_id>/messages?after=<id>`` (bearer ``CLUSTER_HANDOFF_TOKEN``): the
  adviser messages of a conversation for REST clients, which have no socket to be pushed to;
* a delivery loop that retries pending messages every :data:`FLUSH_INTERVAL_S` seconds, so
  messages written while Rasa, Slack or this server was down arrive once they are back, and
  reads the live tickets' SME messages from Rasa at start and every half minute (those Rasa
  kept while this server was down);
* with the advisers' own Teams bot and ``CLUSTER_ADVISER_TEAMS_TEAM_ID``, a loop that reads the
  live tickets' thread replies back through Microsoft Graph at start and every
  ``CLUSTER_ADVISER_TEAMS_POLL_S`` seconds (:mod:`actions.handoff.teams_graph`): replies Teams
  sent while this server was down; with Slack, the same through ``conversations.replies`` every
  ``CLUSTER_ADVISER_SLACK_POLL_S`` seconds (:mod:`actions.handoff.slack_readback`): replies and
  commands written while this server was down longer than Slack's retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import Any

from actions.handoff.readback import ThreadReadBack
from actions.handoff.relay import Relay
from actions.handoff.relay_store import TO_SME
from actions.handoff.service import HandoffService
from actions.handoff.slack_adviser import SlackAdviserChannel
from actions.handoff.slack_readback import SlackThreadReader
from actions.handoff.slack_routes import SlackAdviserApp, install_slack_routes
from actions.handoff.sme_outlet import RasaOutlet
from actions.handoff.staff_helper import ask_assistant
from actions.handoff.teams_adviser import TeamsAdviserChannel
from actions.handoff.teams_bot import TeamsBot
from actions.handoff.teams_graph import graph_reader
from actions.handoff.teams_messaging import (
    TeamsMessaging,
    install_teams_messaging,
    token_validator,
)
from actions.handoff.teams_routes import TeamsAdviserApp, install_teams_routes

logger = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 2.0
#: Every how many delivery rounds the SME messages of live tickets are read from Rasa again.
CATCH_UP_EVERY = 15


def build_relay(service: HandoffService) -> Relay:
    """The relay of a handoff service: Slack or Teams threads when configured, Rasa's API (and
    proactive Teams messages when a Teams app is configured) to the SME."""
    settings = service.settings
    teams_bot = None
    sme_app = settings.sme_teams_credentials()
    if sme_app and settings.teams_tenant:
        teams_bot = TeamsBot(
            *sme_app, settings.teams_tenant, service.session, settings.teams_token_url
        )
    adviser: Any = None
    if settings.slack_enabled:
        adviser = SlackAdviserChannel(
            settings.slack_token or "",
            settings.slack_channel or "",
            settings.slack_api_url,
            service.session,
        )
    elif settings.teams_enabled:
        adviser = TeamsAdviserChannel(
            settings.teams_app_id or "",
            settings.teams_app_password or "",
            settings.teams_tenant or "",
            settings.teams_service_url or "",
            settings.teams_channel or "",
            service.session,
            settings.teams_token_url,
            bot=teams_bot if teams_bot and teams_bot.app_id == settings.teams_app_id else None,
        )
    return Relay(service.store, adviser, RasaOutlet(service, teams_bot), service.release)


def pending_for_sme(service: HandoffService, conversation_id: str, after: int) -> list[dict]:
    """The messages an adviser relay sent to a conversation after message ``after``."""
    out = []
    for ticket in service.store.for_conversation(conversation_id):
        for message in service.store.messages(ticket.id, after):
            if message.direction == TO_SME:
                out.append(
                    {
                        "id": message.id,
                        "ticket": ticket.id,
                        "author": message.author,
                        "text": message.text,
                        "at": message.created_at,
                    }
                )
    return sorted(out, key=lambda m: m["id"])


def _authorised(service: HandoffService, header: str | None) -> bool:
    expected = service.settings.token
    scheme, _, given = (header or "").partition(" ")
    return bool(
        expected
        and scheme.lower() == "bearer"
        and hmac.compare_digest(given.strip().encode(), expected.encode())
    )


def install_relay(app: Any, service: HandoffService) -> None:
    """Adds the relay's routes and its delivery loop to the action server's Sanic app."""
    from sanic import response

    relay: Relay | None = service.relay
    if relay is None:
        return
    settings = service.settings

    async def ask(adviser_id: str, question: str) -> str:
        return await ask_assistant(service.session(), settings.rasa_url, adviser_id, question)

    reader: ThreadReadBack | None = None
    poll_s = 0.0

    if isinstance(relay.adviser, SlackAdviserChannel):
        secret = service.settings.slack_signing_secret or ""
        slack = SlackAdviserApp(relay, relay.adviser, ask)
        install_slack_routes(app, slack, secret)
        logger.info("handoff: Slack adviser threads in channel %s", relay.adviser.channel)
        if settings.slack_poll_s > 0:
            reader, poll_s = SlackThreadReader(slack), settings.slack_poll_s
            logger.info("handoff: missed Slack thread replies read back every %g s", poll_s)
    if isinstance(relay.adviser, TeamsAdviserChannel):
        teams = TeamsAdviserApp(relay, relay.adviser, ask)
        install_teams_routes(app, teams, settings.token)  # handed over by the Rasa server
        validator = token_validator(
            relay.adviser.app_id, service.session, settings.teams_openid_url
        )
        install_teams_messaging(app, TeamsMessaging(teams, validator, relay.adviser.bot))
        logger.info("handoff: Teams adviser threads in channel %s", relay.adviser.channel)
        if settings.teams_team_id and settings.teams_poll_s > 0:
            poll_s = settings.teams_poll_s
            reader = graph_reader(
                teams, service.session, settings.teams_team_id, settings.teams_graph_url,
                settings.teams_token_url,
            )  # fmt: skip
            logger.info(
                "handoff: missed Teams thread replies read through Graph every %g s",
                settings.teams_poll_s,
            )
        else:
            logger.warning(
                "handoff: Teams thread replies written while this server is down are not read "
                "back (set CLUSTER_ADVISER_TEAMS_TEAM_ID, docs/channels-teams.md)"
            )

    async def messages(request: Any, conversation_id: str) -> Any:
        if not _authorised(service, request.headers.get("authorization")):
            return response.json({"error": "missing or wrong bearer token"}, status=401)
        try:
            after = int(request.args.get("after", "0"))
        except ValueError:
            return response.json({"error": "'after' must be a message id"}, status=400)
        found = await asyncio.to_thread(pending_for_sme, service, conversation_id, after)
        return response.json({"conversation_id": conversation_id, "messages": found})

    app.add_route(
        messages,
        "/handoff/<conversation_id:str>/messages",
        methods=["GET"],
        name="handoff_messages",
    )

    remind_after_s = service.settings.remind_after_min * 60

    async def deliver_forever() -> None:
        rounds = 0
        while True:
            with contextlib.suppress(Exception):
                if rounds % CATCH_UP_EVERY == 0:  # at start (a restart), then every 30 s
                    await relay.catch_up(service.conversation_events)
                await relay.remind(remind_after_s)
                await relay.flush()
            rounds += 1
            await asyncio.sleep(FLUSH_INTERVAL_S)

    async def read_threads_forever(reader: ThreadReadBack) -> None:
        while True:  # at start (replies written while this server was down), then every N s
            await reader.poll()
            await asyncio.sleep(poll_s)

    tasks: set[asyncio.Task] = set()

    async def start_loop(*_args: Any) -> None:
        tasks.add(asyncio.create_task(deliver_forever(), name="handoff_relay_delivery"))
        if reader is not None:
            tasks.add(asyncio.create_task(read_threads_forever(reader), name="handoff_read_back"))

    async def stop_loop(*_args: Any) -> None:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        tasks.clear()

    app.register_listener(start_loop, "after_server_start")
    app.register_listener(stop_loop, "before_server_stop")
