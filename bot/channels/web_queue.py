"""The web widget's Socket.IO messages across several Rasa servers, through Redis.

A Socket.IO connection lives in the Rasa process that accepted it. With one server that is the
only process that ever emits to it. With several (``make run-scaled``, docs/deployment.md) a
message for the widget can be emitted elsewhere: an adviser's reply or the release note appended
through Rasa's HTTP API with ``output_channel=latest`` lands on whichever server the load balancer
picks. :func:`attach_message_queue` gives the channel's Socket.IO server python-socketio's Redis
client manager: every emit is delivered to the sockets of this process at once and published on a
Redis channel, and every other server delivers it to the sockets it holds. Rooms (the widget's
session id) stay per process, which is all the channel needs.

The URL is the lock store's (``CLUSTER_LOCK_STORE_URL``, passed by ``bot.ops.runtime_config`` as
the channel's ``message_queue`` credential). Without it nothing changes: ``make run`` keeps
python-socketio's in-process manager. When Redis is down, a reply to a socket of this process is
still delivered; python-socketio logs the failed publish and its listener reconnects by itself.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

CHANNEL = "cluster-web-socketio"
"""The Redis pub/sub channel every Rasa server of a deployment listens on."""
CONNECT_TIMEOUT_S = 2
"""Seconds to connect to Redis; a dead host must not hold a reply (no read timeout: the listener
waits for messages as long as there are none)."""


def attach_message_queue(sio: Any, url: str, channel: str = CHANNEL) -> Any:
    """Replaces ``sio``'s in-process client manager with python-socketio's Redis manager.

    Must run before the server accepted its first connection (the channel's blueprint does it
    right after creating the server); the manager starts its listener on the first connection.

    Args:
        sio: The channel's ``socketio.AsyncServer``.
        url: ``redis://`` or ``rediss://`` URL (credentials, database, TLS files as query).
        channel: The pub/sub channel name, the same on every server.

    Returns:
        The new manager.
    """
    from socketio import AsyncRedisManager

    manager = AsyncRedisManager(
        url, channel=channel, redis_options={"socket_connect_timeout": CONNECT_TIMEOUT_S}
    )
    manager.set_server(sio)
    sio.manager = manager
    sio.manager_initialized = False
    logger.info("web channel: Socket.IO messages shared through Redis (channel %s)", channel)
    return manager
