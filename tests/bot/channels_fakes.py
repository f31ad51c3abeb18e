"""Local fakes of the services the Slack and Teams connectors talk to, for tests.

- :class:`FakeSlackApi`: Slack's Web API (``chat.postMessage``, ``auth.test``), recording calls.
- :class:`FakeBotFramework`: Microsoft's identity provider (OpenID metadata, a JWKS with RSA keys
  generated here, the client-credentials token endpoint) and the Bot Connector service recording
  the activities the bot sends. :meth:`FakeBotFramework.mint` signs inbound tokens.
- :func:`serve_channel`: runs one Rasa input channel's Sanic blueprint on a free port inside the
  test's event loop, the way ``rasa run`` mounts it (``/webhooks/<name>/...``).

The fakes run an aiohttp server in a thread with its own loop, on 127.0.0.1 only, so they serve a
Rasa server in another process as well as code in the test's own loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from sanic import Sanic

from scripts.stack import free_port

ISSUER = "https://api.botframework.com"


class ThreadedServer:
    """An aiohttp application served from a background thread on 127.0.0.1."""

    def __init__(self) -> None:
        self.port = free_port()
        self.lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def start(self) -> ThreadedServer:
        started = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            self.routes(app)
            self._runner = web.AppRunner(app)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", self.port)
            self._loop.run_until_complete(site.start())
            started.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert started.wait(10), "fake server did not start"
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.05) -> bool:
    """Polls ``predicate`` until it is true or ``timeout`` passes (blocking; for sync tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


async def async_wait_until(predicate, timeout: float = 10.0, interval: float = 0.05) -> bool:
    """Like :func:`wait_until`, without blocking the test's event loop."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(interval)
    return bool(predicate())


class FakeSlackApi(ThreadedServer):
    """Slack's Web API: records ``chat.postMessage`` calls (with the token used)."""

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[dict[str, Any]] = []
        self.tokens: list[str] = []
        self._ts = itertools.count(1)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/api/chat.postMessage", self._post_message)
        app.router.add_post("/api/auth.test", self._auth_test)

    async def _post_message(self, request: web.Request) -> web.Response:
        if request.content_type == "application/json":
            body = await request.json()
        else:
            body = dict(await request.post())
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        with self.lock:
            self.posts.append(body)
            self.tokens.append(request.headers.get("Authorization", ""))
        return web.json_response({"ok": True, "channel": body.get("channel"), "ts": ts})

    async def _auth_test(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "user_id": "UBOT", "bot_id": "BBOT"})


@dataclass
class SigningKey:
    """An RSA key pair and its public JWK."""

    kid: str
    private: rsa.RSAPrivateKey
    endorsements: list[str] = field(default_factory=lambda: ["msteams"])

    @classmethod
    def generate(cls, kid: str | None = None, **kwargs) -> SigningKey:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(kid or uuid.uuid4().hex, key, **kwargs)

    def jwk(self) -> dict[str, Any]:
        data = jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        data.update(kid=self.kid, use="sig", endorsements=self.endorsements)
        return data


class FakeBotFramework(ThreadedServer):
    """Identity provider and Bot Connector service in one local server.

    Routes: ``/openid`` (metadata), ``/keys`` (JWKS of :attr:`published`), ``/token``
    (client credentials, recorded in :attr:`token_requests`), and
    ``/v3/conversations/{conversation}/activities[/{activity}]`` (recorded in :attr:`activities`).
    """

    def __init__(self, app_id: str = "app-123", password: str = "s3cret") -> None:
        super().__init__()
        self.app_id = app_id
        self.password = password
        self.published: list[SigningKey] = [SigningKey.generate()]
        self.metadata_requests = 0
        self.jwks_requests = 0
        self.token_requests: list[dict[str, str]] = []
        self.activities: list[dict[str, Any]] = []
        self.tokens_issued = itertools.count(1)

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/openid"

    @property
    def token_url(self) -> str:
        return f"{self.url}/tenant-1/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.url}/teams-service/"

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/openid", self._metadata)
        app.router.add_get("/keys", self._keys)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_post(
            "/teams-service/v3/conversations/{conversation}/activities", self._activity
        )
        app.router.add_post(
            "/teams-service/v3/conversations/{conversation}/activities/{reply_to}", self._activity
        )

    async def _metadata(self, request: web.Request) -> web.Response:
        with self.lock:
            self.metadata_requests += 1
        return web.json_response(
            {
                "issuer": ISSUER,
                "jwks_uri": f"{self.url}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        with self.lock:
            self.jwks_requests += 1
            keys = [key.jwk() for key in self.published]
        return web.json_response({"keys": keys})

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        with self.lock:
            self.token_requests.append({"tenant": request.match_info["tenant"], **form})
        if form.get("client_id") != self.app_id or form.get("client_secret") != self.password:
            return web.json_response(
                {"error": "invalid_client", "error_description": "AADSTS7000215: bad secret"},
                status=401,
            )
        token = f"bot-token-{next(self.tokens_issued)}"
        return web.json_response(
            {"token_type": "Bearer", "expires_in": 3599, "access_token": token}
        )

    async def _activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        with self.lock:
            self.activities.append(
                {
                    "conversation": request.match_info["conversation"],
                    "reply_to": request.match_info.get("reply_to"),
                    "authorization": request.headers.get("Authorization"),
                    "activity": body,
                }
            )
        return web.json_response({"id": uuid.uuid4().hex})

    def mint(
        self,
        key: SigningKey | None = None,
        *,
        audience: str | None = None,
        issuer: str = ISSUER,
        service_url: str | None = None,
        lifetime: float = 3600,
        **extra: Any,
    ) -> str:
        """A Bot Connector token as Teams would send it, signed with ``key``."""
        now = int(time.time())
        claims = {
            "iss": issuer,
            "aud": audience or self.app_id,
            "serviceUrl": service_url or self.service_url,
            "nbf": now - 5,
            "iat": now - 5,
            "exp": int(now + lifetime),
            **extra,
        }
        key = key or self.published[0]
        return jwt.encode(claims, key.private, algorithm="RS256", headers={"kid": key.kid})

    def activity(self, text: str = "hello", **overrides: Any) -> dict[str, Any]:
        """A Teams ``message`` activity from a user to the bot."""
        activity = {
            "type": "message",
            "id": f"act-{uuid.uuid4().hex[:8]}",
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": {"id": "29:user-1", "name": "Ada Adviser", "aadObjectId": "aad-1"},
            "recipient": {"id": f"28:{self.app_id}", "name": "Cluster assistant"},
            "conversation": {"id": "a:conv-1;messageid=42", "conversationType": "personal"},
            "channelData": {"tenant": {"id": "tenant-1"}},
            "text": text,
        }
        activity.update(overrides)
        return activity


@contextlib.asynccontextmanager
async def serve_channel(channel, on_new_message):
    """Serves ``channel``'s blueprint at ``/webhooks/<name>`` and yields the base URL."""
    Sanic.test_mode = True  # several apps in one process (Sanic's TouchUp otherwise breaks)
    app = Sanic(f"channel_test_{uuid.uuid4().hex[:8]}", configure_logging=False)
    app.blueprint(channel.blueprint(on_new_message), url_prefix=f"/webhooks/{channel.name()}")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}/webhooks/{channel.name()}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


SLACK_SECRET = "live-test-signing-secret"
TEAMS_TENANT = "tenant-1"


def slack_env(api: FakeSlackApi) -> dict[str, str]:
    """The variables that turn the Slack channel on against ``api``."""
    return {
        "SLACK_BOT_TOKEN": "xoxb-live-test",
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": api.api_url,
    }


def teams_env(fake: FakeBotFramework) -> dict[str, str]:
    """The variables that turn the Teams channel on against ``fake``."""
    return {
        "TEAMS_APP_ID": fake.app_id,
        "TEAMS_APP_PASSWORD": fake.password,
        "TEAMS_TENANT_ID": TEAMS_TENANT,
        "TEAMS_OPENID_METADATA_URL": fake.metadata_url,
        "TEAMS_TOKEN_URL": fake.token_url,
    }
