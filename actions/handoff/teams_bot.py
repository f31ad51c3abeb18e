"""The action server's Bot Framework client: the bot's token and Bot Connector requests.

Used by the Teams adviser channel (:mod:`actions.handoff.teams_adviser`: threads in the adviser
channel) and by the delivery of adviser messages to an SME who talks to the assistant in Teams
(:mod:`actions.handoff.sme_outlet`: proactive messages from the SME's stored conversation
reference). The token comes from the client-credentials flow of the bot's app registration
(``CLUSTER_ADVISER_TEAMS_APP_ID`` / ``_APP_PASSWORD`` / ``_TENANT``), cached until shortly
before it expires.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import aiohttp

SCOPE = "https://api.botframework.com/.default"
TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"


class TeamsError(RuntimeError):
    """A Bot Connector or token call that failed."""


class TeamsBot:
    """The bot's identity towards the Bot Connector service.

    Args:
        app_id: The bot's app id.
        app_password: Its client secret.
        tenant: The app's tenant (single-tenant registrations get tokens there).
        session: Returns the action server's shared aiohttp session.
        token_url: The client-credentials endpoint (default: the tenant's).
        scope: What the token is for (default the Bot Connector; Microsoft Graph for
            :mod:`actions.handoff.teams_graph`).
    """

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant: str,
        session: Callable[[], Any],
        token_url: str | None = None,
        scope: str = SCOPE,
    ) -> None:
        self.app_id, self.app_password, self.tenant = app_id, app_password, tenant
        self.scope = scope
        self._session = session
        self.token_url = token_url or TOKEN_URL.format(tenant=quote(tenant, safe=""))
        self._token: tuple[float, str] | None = None
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        """The bot's access token (client credentials), cached until shortly before expiry."""
        async with self._lock:
            if self._token and time.monotonic() < self._token[0]:
                return self._token[1]
            form = {"grant_type": "client_credentials", "client_id": self.app_id,
                    "client_secret": self.app_password, "scope": self.scope}  # fmt: skip
            try:
                async with self._session().post(self.token_url, data=form) as resp:
                    body = await resp.json(content_type=None)
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                raise TeamsError(f"token: {type(exc).__name__}") from exc
            if resp.status != 200 or "access_token" not in body:
                raise TeamsError(f"token endpoint answered {resp.status}")
            lifetime = float(body.get("expires_in") or 3600)
            self._token = (
                time.monotonic() + lifetime - min(300.0, lifetime / 2),
                body["access_token"],
            )
            return self._token[1]

    async def call(
        self, method: str, service_url: str, path: str, payload: dict | None = None
    ) -> tuple[int, dict]:
        """One request to ``<service_url>/v3/conversations<path>``; its status and JSON body.

        Raises:
            TeamsError: on a network error, an unreadable answer or a 5xx status.
        """
        headers = {"Authorization": f"Bearer {await self.token()}"}
        url = f"{service_url.rstrip('/')}/v3/conversations{path}"
        try:
            async with self._session().request(method, url, json=payload, headers=headers) as resp:
                body = await resp.json(content_type=None) if resp.content_length != 0 else {}
                status = resp.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise TeamsError(f"{method} {path}: {type(exc).__name__}") from exc
        if status >= 500:
            raise TeamsError(f"{method} {path}: {status}")
        return status, body if isinstance(body, dict) else {}

    async def send(self, service_url: str, conversation_id: str, activity: dict) -> bool:
        """Posts an activity into a conversation (a proactive message); whether it arrived."""
        path = f"/{quote(conversation_id, safe='')}/activities"
        try:
            status, _ = await self.call("POST", service_url, path, activity)
        except TeamsError:
            return False
        return status < 300
