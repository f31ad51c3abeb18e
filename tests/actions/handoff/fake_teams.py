"""A local fake of Microsoft's side of a Teams bot: token endpoint, Connector API, signing keys.

One server for the whole team, as one ``serviceUrl`` serves a tenant: the adviser channel's
threads (new conversations, replies, card updates, members) and the SMEs' personal chats
(replies to their activities, proactive messages). Microsoft Graph's view of the threads is
served under ``/graph`` (``GET /graph/teams/<team>/channels/<channel>/messages/<root>/replies``,
paged, app-only token of scope ``https://graph.microsoft.com/.default``): every reply the bot
posts into a thread is there as the application's message, and a person's reply is added with
:meth:`FakeConnector.thread_reply` (as Teams keeps it, whether or not the bot was told). With ``identity`` it also publishes the
OpenID metadata and the JWKS whose key signs inbound activities
(:mod:`tests.actions.handoff.fake_identity`), so the real Rasa Teams connector validates them.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

APP_ID, PASSWORD, TENANT = "adviser-app", "adviser-secret", "tenant-1"
CHANNEL = "19:advisers@thread.tacv2"
TEAM = "0f6c2b1e-team-group-id"
ACCESS_TOKEN = "fake-bot-token"
GRAPH_TOKEN = "fake-graph-token"
#: Microsoft Entra object ids (how Graph names users) of the Teams users of the tests.
ENTRA = {"29:anna": "e-anna", "29:bob": "e-bob", "29:eve": "e-eve"}


def _html(text: str) -> str:
    """A message as Teams' HTML body (an ``<at>`` mention gets its ``id``, as in Graph)."""
    escaped = html.escape(text, quote=False)
    return escaped.replace("&lt;at&gt;", '<at id="0">').replace("&lt;/at&gt;", "</at>")


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
    #: Graph's replies of each thread, by root message id (in the order they were written)
    graph: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: how many of the next Graph requests fail with 503 (an outage)
    graph_failing: int = 0
    graph_requests: int = 0
    graph_page_size: int = 2

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if (form.get("client_id"), form.get("client_secret")) != (APP_ID, PASSWORD):
            return web.json_response({"error": "invalid_client"}, status=401)
        self.tokens_issued += 1
        graph = form.get("scope") == "https://graph.microsoft.com/.default"
        token = GRAPH_TOKEN if graph else ACCESS_TOKEN
        return web.json_response({"access_token": token, "expires_in": 3600})

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
        conversation, body = request.match_info["conversation"], await request.json()
        self.calls.append((kind, conversation, body))
        posted = str(next(self._ids))
        root = conversation.partition(";messageid=")[2]
        if kind == "reply" and root and body.get("type", "message") == "message":
            sender = {"application": {"id": APP_ID, "displayName": "Cluster assistant",
                                      "applicationIdentityType": "bot"}, "user": None}  # fmt: skip
            self._graph_add(root, posted, sender, str(body.get("text") or ""))
        return web.json_response({"id": posted})

    def _graph_add(self, root: str, message_id: str, sender: dict, text: str, at=None) -> None:
        created = at or datetime.now(timezone.utc)
        self.graph.setdefault(root, []).append({
            "id": message_id, "replyToId": root, "messageType": "message",
            "createdDateTime": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "deletedDateTime": None, "from": sender,
            "body": {"contentType": "html", "content": f"<p>{_html(text)}</p>"},
        })  # fmt: skip

    def thread_reply(self, thread: str, user: str, name: str, text: str, **kw: Any) -> str:
        """A person's reply in a thread as Graph shows it; its message id.

        Args:
            thread: The thread's conversation id (``<channel>;messageid=<root>``).
            user: The Teams user id (``29:...``); Graph names them by :data:`ENTRA`.
            kw: ``message_id`` (default: a new one), ``at`` (a datetime, default now).
        """
        message_id = kw.get("message_id") or str(next(self._ids))
        sender = {"application": None,
                  "user": {"id": ENTRA.get(user, user), "displayName": name}}  # fmt: skip
        self._graph_add(thread.partition(";messageid=")[2], message_id, sender, text, kw.get("at"))
        return message_id

    async def _replies(self, request: web.Request) -> web.Response:
        self.graph_requests += 1
        if self.graph_failing > 0:
            self.graph_failing -= 1
            return web.json_response({"error": {"code": "ServiceUnavailable"}}, status=503)
        if request.headers.get("Authorization") != f"Bearer {GRAPH_TOKEN}":
            return web.json_response({"error": {"code": "InvalidAuthenticationToken"}}, status=401)
        info = request.match_info
        if (info["team"], info["channel"]) != (TEAM, CHANNEL):
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        replies = self.graph.get(info["message"], [])
        start = int(request.query.get("$skiptoken", "0"))
        page = {"value": replies[start : start + self.graph_page_size]}
        if start + self.graph_page_size < len(replies):
            skip = start + self.graph_page_size
            page["@odata.nextLink"] = str(request.url.update_query({"$skiptoken": str(skip)}))
        return web.json_response(page)

    async def _member(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({}, status=401)
        if request.match_info["conversation"] != CHANNEL:
            return web.json_response({"error": "not found"}, status=404)
        user = request.match_info["user"]
        user = {entra: teams for teams, entra in ENTRA.items()}.get(user, user)  # by Entra id too
        if user not in self.members:
            return web.json_response(
                {"error": {"code": "MemberNotFoundInConversation"}}, status=404
            )
        return web.json_response({"id": user, "name": user, "aadObjectId": ENTRA.get(user)})

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
        app.router.add_get(
            "/graph/teams/{team}/channels/{channel}/messages/{message}/replies", self._replies
        )
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
