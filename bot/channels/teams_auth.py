"""Validation of inbound Teams requests: the Bot Connector JWT and the activity it covers.

Every request must carry a Bot Connector JWT (``Authorization: Bearer ...``) that is: signed (RS256)
by a key from the OpenID metadata's JWKS (cached; refetched when an unknown ``kid`` arrives, at
most once per ``key_refresh_seconds``, and at least daily), endorsed for the activity's
``channelId`` when the key lists endorsements, issued by ``https://api.botframework.com``, for this
bot (``aud`` = app id), within its validity (small leeway), and whose ``serviceUrl`` claim equals
the activity's ``serviceUrl`` (:func:`authenticate_activity`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import jwt

from bot.channels.teams_http import HttpSessions, TeamsAuthError

logger = logging.getLogger("bot.channels.teams")

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_LEEWAY_SECONDS = 300  # the clock skew Microsoft's own SDKs allow
DEFAULT_KEY_REFRESH_SECONDS = 300  # at most one JWKS refetch per 5 minutes on unknown kids
KEY_MAX_AGE_SECONDS = 24 * 3600


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


async def authenticate_activity(
    validator: TokenValidator, authorization: str | None, body: bytes
) -> dict[str, Any]:
    """The activity of a request whose token is valid for it.

    Args:
        validator: The bot's token validator.
        authorization: The request's ``Authorization`` header.
        body: The request's body (the activity as JSON).

    Returns:
        The activity.

    Raises:
        TeamsAuthError: when the token is not valid, the body is not an activity, the token's
            ``serviceUrl`` is not the activity's, or the key is not endorsed for its channel.
    """
    claims, endorsements = await validator.validate(authorization)
    try:
        activity = json.loads(body)
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
