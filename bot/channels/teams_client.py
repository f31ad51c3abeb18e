"""The Teams connector's outbound side: the bot's access token and the Bot Connector client.

The bot gets a client-credentials token from its tenant's token endpoint (Bot Framework's for a
multi-tenant bot), cached until shortly before it expires, and posts activities to the validated
``serviceUrl`` of the conversation.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from urllib.parse import quote

import aiohttp

from bot.channels.teams_http import HttpSessions, TeamsConnectorError

BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
TOKEN_URL_TEMPLATE = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
MULTI_TENANT = "botframework.com"


def token_url_for(tenant_id: str | None) -> str:
    """The client-credentials endpoint: the bot's tenant, or Bot Framework's for multi-tenant."""
    return TOKEN_URL_TEMPLATE.format(tenant=quote(tenant_id or MULTI_TENANT, safe=""))


class BotToken:
    """Client-credentials token for the Bot Connector service, cached until shortly before expiry."""

    def __init__(
        self,
        app_id: str,
        app_password: str,
        token_url: str,
        http: HttpSessions,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.token_url = token_url
        self.http = http
        self.clock = clock
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def get(self) -> str:
        """A valid access token, fetched only when the cached one is (nearly) expired."""
        if self._token and self.clock() < self._renew_at:
            return self._token
        async with self._lock:
            if self._token and self.clock() < self._renew_at:
                return self._token
            form = {
                "grant_type": "client_credentials",
                "client_id": self.app_id,
                "client_secret": self.app_password,
                "scope": BOT_FRAMEWORK_SCOPE,
            }
            try:
                async with self.http.get().post(self.token_url, data=form) as resp:
                    body = await resp.json(content_type=None)
                    if resp.status != 200 or "access_token" not in body:
                        raise TeamsConnectorError(
                            f"token endpoint {self.token_url} answered {resp.status}: "
                            f"{body.get('error_description') or body.get('error') or body}; "
                            "check TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID"
                        )
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as err:
                raise TeamsConnectorError(f"token endpoint {self.token_url}: {err!r}") from None
            lifetime = float(body.get("expires_in") or 3600)
            self._token = body["access_token"]
            self._renew_at = self.clock() + lifetime - min(300.0, lifetime / 2)
            self.fetches += 1
            return self._token


class BotConnector:
    """Sends activities to a conversation on the Bot Connector service."""

    def __init__(self, token: BotToken, http: HttpSessions) -> None:
        self.token = token
        self.http = http

    async def send(self, service_url: str, conversation_id: str, activity: dict, reply_to=None):
        """POSTs an activity; as a reply to ``reply_to`` when given."""
        url = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}"
        url += "/activities" + (f"/{quote(reply_to, safe='')}" if reply_to else "")
        headers = {"Authorization": f"Bearer {await self.token.get()}"}
        try:
            async with self.http.get().post(url, json=activity, headers=headers) as resp:
                if resp.status >= 300:
                    text = await resp.text()
                    raise TeamsConnectorError(f"{url} answered {resp.status}: {text[:300]}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as err:
            raise TeamsConnectorError(f"{url}: {err!r}") from None
