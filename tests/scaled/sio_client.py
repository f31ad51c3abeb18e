"""A minimal Socket.IO v5 client (Engine.IO 4, WebSocket transport) over aiohttp, for the tests.

The actions environment has aiohttp but not python-socketio; the widget speaks only plain events,
so this is enough: connect to the default namespace, answer pings, emit and collect events.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp


class SocketIOClient:
    """One Socket.IO connection to ``base_url`` (``http://host:port``)."""

    def __init__(self, base_url: str) -> None:
        self.url = base_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.session: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None

    async def __aenter__(self) -> SocketIOClient:
        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(self.url, timeout=10)
        opened = await self._packet(5)
        assert opened.startswith("0"), opened  # Engine.IO open
        await self.ws.send_str("40")  # Socket.IO connect, default namespace
        connected = await self._packet(5)
        assert connected.startswith("40"), connected
        return self

    async def __aexit__(self, *_exc: Any) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.session is not None:
            await self.session.close()

    async def _packet(self, timeout: float) -> str:
        """The next Engine.IO packet that is not a ping (pings are answered)."""
        assert self.ws is not None
        while True:
            message = await self.ws.receive(timeout=timeout)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"socket closed: {message.type}")
            if message.data == "2":
                await self.ws.send_str("3")
                continue
            return message.data

    async def emit(self, event: str, data: Any) -> None:
        assert self.ws is not None
        await self.ws.send_str("42" + json.dumps([event, data]))

    async def receive(self, event: str, timeout: float = 30.0) -> Any:
        """The data of the next ``event`` within ``timeout`` seconds (other events are skipped).

        Raises:
            TimeoutError: none arrived in time.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (left := deadline - loop.time()) > 0:
            packet = await self._packet(left)
            if packet.startswith("42"):
                name, *args = json.loads(packet[2:])
                if name == event:
                    return args[0] if args else None
        raise TimeoutError(f"no {event!r} within {timeout} s")
