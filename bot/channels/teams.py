"""Microsoft Teams connector (Bot Framework), for single-tenant and multi-tenant bots.

Registered in the run's credentials as ``bot.channels.teams.TeamsInput``; Teams posts activities
to ``/webhooks/teams/webhook``. Rasa 3.6's ``botframework`` connector is not used because it only
gets tokens from the multi-tenant endpoint (closed to new bots since July 2025; single-tenant bots
get AADSTS700016), does not check the inbound token's signature, and drops card button clicks.

Inbound, every request must carry a Bot Connector JWT (``Authorization: Bearer ...``) that is:
signed (RS256) by a key from the OpenID metadata's JWKS (cached; refetched when an unknown ``kid``
arrives, at most once per ``key_refresh_seconds``, and at least daily), endorsed for the
activity's ``channelId`` when the key lists endorsements, issued by ``https://api.botframework.com``,
for this bot (``aud`` = app id), within its validity (small leeway), and whose ``serviceUrl`` claim
equals the activity's ``serviceUrl``. Anything else gets ``401`` and is never processed. Replies only
ever go to that validated ``serviceUrl``, so a forged activity cannot send the bot's token elsewhere.

Outbound, the bot gets a client-credentials token from its tenant's token endpoint (cached until
shortly before it expires), shows a typing indicator, and replies to the activity. Rendering lives
in :mod:`bot.channels.teams_cards`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import aiohttp
import jwt
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import teams_cards

logger = logging.getLogger(__name__)

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TOKEN_URL_TEMPLATE = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
MULTI_TENANT = "botframework.com"
DEFAULT_LEEWAY_SECONDS = 300  # the clock skew Microsoft's own SDKs allow
DEFAULT_KEY_REFRESH_SECONDS = 300  # at most one JWKS refetch per 5 minutes on unknown kids
KEY_MAX_AGE_SECONDS = 24 * 3600
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15, connect=5)
MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


class TeamsError(Exception):
    """Root of this connector's errors."""


class TeamsAuthError(TeamsError):
    """An inbound request's token is missing or not valid; the request gets 401."""


class TeamsConnectorError(TeamsError):
    """The token endpoint or the Bot Connector service refused or failed."""


def token_url_for(tenant_id: str | None) -> str:
    """The client-credentials endpoint: the bot's tenant, or Bot Framework's for multi-tenant."""
    return TOKEN_URL_TEMPLATE.format(tenant=quote(tenant_id or MULTI_TENANT, safe=""))


class HttpSessions:
    """One lazily created ``aiohttp`` session, made inside the server's running loop."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=HTTP_TIMEOUT)
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None


class SigningKeys:
    """The OpenID metadata's JWKS, cached by ``kid``.

    Args:
        metadata_url: OpenID configuration document naming the ``jwks_uri``.
        http: Where the HTTP session comes from.
        refresh_seconds: Minimum time between two refetches caused by unknown key ids, so a flood
            of tokens with made-up ``kid`` values cannot hammer the identity provider.
        clock: Monotonic clock, replaceable in tests.
    """

    def __init__(
        self,
        metadata_url: str,
        http: HttpSessions,
        refresh_seconds: float = DEFAULT_KEY_REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.metadata_url = metadata_url
        self.http = http
        self.refresh_seconds = refresh_seconds
        self.clock = clock
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()
        self.fetches = 0

    def _may_refresh(self) -> bool:
        return self._fetched_at is None or self.clock() - self._fetched_at >= self.refresh_seconds

    async def _fetch(self) -> None:
        session = self.http.get()
        try:
            async with session.get(self.metadata_url) as resp:
                resp.raise_for_status()
                metadata = await resp.json(content_type=None)
            async with session.get(metadata["jwks_uri"]) as resp:
                resp.raise_for_status()
                jwks = await resp.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, TypeError, ValueError) as err:
            self._fetched_at = self.clock()  # do not retry on every request while it is down
            raise TeamsAuthError(
                f"signing keys unavailable from {self.metadata_url}: {err!r}"
            ) from None
        keys = {key["kid"]: key for key in jwks.get("keys", []) if key.get("kid")}
        self._keys = keys
        self._fetched_at = self.clock()
        self.fetches += 1
        logger.info("teams: loaded %d signing keys from %s", len(keys), self.metadata_url)

    async def get(self, kid: str) -> dict[str, Any]:
        """The JWK with this key id, refetching the set when the id is unknown or the set old.

        Raises:
            TeamsAuthError: when no such key is known, even after a permitted refetch.
        """
        stale = self._fetched_at is not None and (
            self.clock() - self._fetched_at >= KEY_MAX_AGE_SECONDS
        )
        if kid not in self._keys or stale:
            async with self._lock:
                if (kid not in self._keys and self._may_refresh()) or stale:
                    await self._fetch()
        key = self._keys.get(kid)
        if key is None:
            raise TeamsAuthError(f"unknown signing key id {kid!r}")
        return key


class TokenValidator:
    """Validates Bot Connector tokens on inbound activities."""

    def __init__(
        self,
        app_id: str,
        keys: SigningKeys,
        issuer: str = BOT_FRAMEWORK_ISSUER,
        leeway: float = DEFAULT_LEEWAY_SECONDS,
    ) -> None:
        self.app_id = app_id
        self.keys = keys
        self.issuer = issuer
        self.leeway = leeway

    async def validate(self, authorization: str | None) -> tuple[dict[str, Any], list[str] | None]:
        """Checks signature, issuer, audience and validity of ``Authorization: Bearer <jwt>``.

        Returns:
            The token's claims and the signing key's endorsements (None when it lists none).

        Raises:
            TeamsAuthError: for anything but a valid token.
        """
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise TeamsAuthError("no bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as err:
            raise TeamsAuthError(f"malformed token: {err}") from None
        if header.get("alg") != "RS256":
            raise TeamsAuthError(f"unexpected token algorithm {header.get('alg')!r}")
        jwk = await self.keys.get(str(header.get("kid")))
        try:
            key = jwt.PyJWK(jwk, algorithm="RS256").key
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as err:
            raise TeamsAuthError(f"token rejected: {err}") from None
        endorsements = jwk.get("endorsements")
        return claims, endorsements if isinstance(endorsements, list) else None


def _same_url(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.rstrip("/") == b.rstrip("/") and a != ""


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


class TeamsOutput(OutputChannel):
    """Replies to one inbound activity."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    def __init__(self, connector: BotConnector, activity: dict[str, Any]) -> None:
        self.connector = connector
        self.activity = activity

    def _base(self, kind: str) -> dict[str, Any]:
        activity = self.activity
        base = {
            "type": kind,
            "from": activity.get("recipient"),
            "recipient": activity.get("from"),
            "conversation": activity.get("conversation"),
            "replyToId": activity.get("id"),
        }
        return {key: value for key, value in base.items() if value is not None}

    async def _send(self, fields: dict[str, Any], kind: str = "message") -> None:
        activity = {**self._base(kind), **fields}
        try:
            await self.connector.send(
                self.activity["serviceUrl"],
                self.activity["conversation"]["id"],
                activity,
                reply_to=self.activity.get("id") if kind == "message" else None,
            )
        except TeamsConnectorError as err:
            logger.error("teams: could not send a %s: %s", kind, err)

    async def send_typing(self) -> None:
        """Shows the typing indicator until the next message (or a few seconds)."""
        await self._send({}, kind="typing")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(teams_cards.text_message(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(teams_cards.buttons_message(text, buttons))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send({"attachments": [{"contentType": "image/png", "contentUrl": image}]})

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        fields = teams_cards.custom_message(json_message)
        if fields is None:
            logger.warning("teams: no rendering for custom payload %r", json_message.get("type"))
            return
        await self._send(fields)


def message_text(activity: dict[str, Any]) -> str | None:
    """What the user said: a card submit's payload, else the text without @mentions of the bot."""
    submitted = teams_cards.submitted_text(activity.get("value"))
    if submitted:
        return submitted
    text = MENTION.sub(" ", activity.get("text") or "").strip()
    return text or None


class TeamsInput(InputChannel):
    """Receives Bot Framework activities from Microsoft Teams."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TeamsInput:
        if not credentials or not credentials.get("app_id") or not credentials.get("app_password"):
            cls.raise_missing_credentials_exception()
        return cls(
            app_id=credentials["app_id"],
            app_password=credentials["app_password"],
            tenant_id=credentials.get("tenant_id"),
            openid_metadata_url=credentials.get("openid_metadata_url"),
            token_url=credentials.get("token_url"),
            key_refresh_seconds=float(
                credentials.get("key_refresh_seconds") or DEFAULT_KEY_REFRESH_SECONDS
            ),
        )

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant_id: str | None = None,
        openid_metadata_url: str | None = None,
        token_url: str | None = None,
        key_refresh_seconds: float = DEFAULT_KEY_REFRESH_SECONDS,
        leeway: float = DEFAULT_LEEWAY_SECONDS,
    ) -> None:
        self.app_id = app_id
        self.tenant_id = tenant_id or MULTI_TENANT
        self.http = HttpSessions()
        self.keys = SigningKeys(
            openid_metadata_url or DEFAULT_OPENID_METADATA_URL, self.http, key_refresh_seconds
        )
        self.validator = TokenValidator(app_id, self.keys, leeway=leeway)
        self.token = BotToken(
            app_id, app_password, token_url or token_url_for(tenant_id), self.http
        )
        self.connector = BotConnector(self.token, self.http)
        self._background_tasks: set[asyncio.Task] = set()
        logger.info(
            "teams: app %s, %s, tokens from %s",
            app_id,
            "multi-tenant" if self.tenant_id == MULTI_TENANT else f"tenant {self.tenant_id}",
            self.token.token_url,
        )

    async def close(self) -> None:
        """Waits for replies in flight and closes the HTTP session."""
        if self._background_tasks:
            await asyncio.gather(*self._background_tasks, return_exceptions=True)
        await self.http.close()

    async def _authenticate(self, request: Request) -> dict[str, Any]:
        """The validated activity of a request.

        Raises:
            TeamsAuthError: when the token is not valid for this activity.
        """
        claims, endorsements = await self.validator.validate(request.headers.get("authorization"))
        try:
            activity = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise TeamsAuthError("body is not JSON") from None
        if not isinstance(activity, dict):
            raise TeamsAuthError("body is not an activity")
        if not _same_url(claims.get("serviceUrl"), activity.get("serviceUrl")):
            raise TeamsAuthError(
                f"serviceUrl {activity.get('serviceUrl')!r} does not match the token's "
                f"{claims.get('serviceUrl')!r}"
            )
        if endorsements is not None and activity.get("channelId") not in endorsements:
            raise TeamsAuthError(f"signing key not endorsed for {activity.get('channelId')!r}")
        return activity

    async def _handle(
        self,
        activity: dict[str, Any],
        text: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        output = TeamsOutput(self.connector, activity)
        await output.send_typing()
        sender = activity.get("from") or {}
        conversation = activity.get("conversation") or {}
        metadata = {
            "teams": {
                "conversation_id": conversation.get("id"),
                "conversation_type": conversation.get("conversationType"),
                "tenant_id": (activity.get("channelData") or {}).get("tenant", {}).get("id"),
                "user_name": sender.get("name"),
                "aad_object_id": sender.get("aadObjectId"),
                "value": activity.get("value"),
            }
        }
        message = UserMessage(
            text,
            output,
            sender.get("id"),
            input_channel=self.name(),
            metadata=metadata,
        )
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("teams: handling a message from %s failed", sender.get("id"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams_webhook = Blueprint("teams_webhook", __name__)

        @teams_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                activity = await self._authenticate(request)
            except TeamsAuthError as err:
                logger.warning("teams: rejected a request: %s", err)
                return response.json({"error": "unauthorized"}, status=HTTPStatus.UNAUTHORIZED)

            if activity.get("type") != "message":
                return response.json({}, status=HTTPStatus.OK)
            text = message_text(activity)
            sender_id = (activity.get("from") or {}).get("id")
            if not text or not sender_id or not (activity.get("conversation") or {}).get("id"):
                return response.json({}, status=HTTPStatus.OK)
            # Answer Teams at once (it retries after 15 s); reply through the connector.
            task = asyncio.create_task(self._handle(activity, text, on_new_message))
            self._background_tasks.add(task)
            task.add_done_callback(self._background_tasks.discard)
            return response.json({}, status=HTTPStatus.OK)

        @teams_webhook.listener("after_server_stop")
        async def close_session(*_: Any) -> None:
            await self.close()

        return teams_webhook
