"""The Teams connector's HTTP session and errors, shared by its token validation and its client."""

from __future__ import annotations

import aiohttp

HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15, connect=5)


class TeamsError(Exception):
    """Root of this connector's errors."""


class TeamsAuthError(TeamsError):
    """An inbound request's token is missing or not valid; the request gets 401."""


class TeamsConnectorError(TeamsError):
    """The token endpoint or the Bot Connector service refused or failed."""


class HttpSessions:
    """One lazily created ``aiohttp`` session, made inside the server's running loop."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        """The open session, created on first use (or after it was closed)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=HTTP_TIMEOUT)
        return self._session

    async def close(self) -> None:
        """Closes the session if one is open."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
