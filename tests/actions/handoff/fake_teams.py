"""A local fake of Microsoft's side of a Teams bot: token endpoint, Connector API, signing keys.

One server for the whole team, as one ``serviceUrl`` serves a tenant: the adviser channel's
threads (new conversations, replies, card updates, members) and the SMEs' personal chats
(replies to their activities, proactive messages). With ``identity`` it also publishes the
OpenID metadata and the JWKS whose key signs inbound activities
(:mod:`tests.actions.handoff.fake_identity`), so the real Rasa Teams connector validates them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

APP_ID, PASSWORD, TENANT = "adviser-app", "adviser-secret", "tenant-1"
CHANNEL = "19:advisers@thread.tacv2"
ACCESS_TOKEN = "fake-bot-token"


@dataclass
class FakeConnector:
    """Token endpoint + Connector: records activities; ``members`` are the team's user ids."""

    members: set[str] = field(default_factory=lambda: {"29:anna", "29:bob"})
    #: conversations whose posts fail with 503 (a Bot Connector outage)
    failing: set[str] = field(default_factory=set)
    calls: list[tuple[str, str, Any]] = field(default_factory=list)
    tokens_issued: int = 0
    server: TestServer | None = None
    _ids: Any = field(default_factory=lambda: itertools.count(100))
    #: the key that signs inbound activities (published at /openid -> /keys), if any
    identity: Any = None

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if (form.get("client_id"), form.get("client_secret")) != (APP_ID, PASSWORD):
            return web.json_response({"error": "invalid_client"}, status=401)
        self.tokens_issued += 1
        return web.json_response({"access_token": ACCESS_TOKEN, "expires_in": 3600})

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {ACCESS_TOKEN}"

    async def _create(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({}, status=401)
        body = await request.json()
        self.calls.append(("create", "", body))
        activity_id = str(next(self._ids))
        channel = body["channelData"]["channel"]["id"]
        return web.json_response(
            {"id": f"{channel};messageid={activity_id}", "activityId": activity_id}, status=201
        )

    async def _activity(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({}, status=401)
        if request.match_info["conversation"] in self.failing:
            return web.json_response({"error": "unavailable"}, status=503)
        kind = "update" if request.method == "PUT" else "reply"
        self.calls.append((kind, request.match_info["conversation"], await request.json()))
        return web.json_response({"id": str(next(self._ids))})

    async def _member(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({}, status=401)
        if request.match_info["conversation"] != CHANNEL:
            return web.json_response({"error": "not found"}, status=404)
        user = request.match_info["user"]
        if user not in self.members:
            return web.json_response(
                {"error": {"code": "MemberNotFoundInConversation"}}, status=404
            )
        return web.json_response({"id": user, "name": user})

    async def _openid(self, request: web.Request) -> web.Response:
        return web.json_response({"issuer": "https://api.botframework.com",
                                  "jwks_uri": f"{self.url}/keys"})  # fmt: skip

    async def _keys(self, request: web.Request) -> web.Response:
        keys = [self.identity.jwk()] if self.identity is not None else []
        return web.json_response({"keys": keys})

    async def start(self) -> FakeConnector:
        app = web.Application()
        app.router.add_post("/token", self._token)
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{id}", self._activity)
        app.router.add_post("/v3/conversations/{conversation}/activities/{id}", self._activity)
        app.router.add_get("/openid", self._openid)
        app.router.add_get("/keys", self._keys)
        app.router.add_get("/v3/conversations/{conversation}/members/{user}", self._member)
        self.server = TestServer(app, host="127.0.0.1", port=0)
        await self.server.start_server()
        return self

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}"

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    def replies(self, conversation: str) -> list[str]:
        """Texts posted into one thread or chat (typing indicators left out)."""
        return [body.get("text") for kind, conv, body in self.calls
                if kind == "reply" and conv == conversation
                and body.get("type", "message") == "message"]  # fmt: skip
