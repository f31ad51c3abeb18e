"""The endpoints of a scaled deployment: tracker store, lock store and event broker from URLs.

Each part is configured by one URL that carries everything (host, port, credentials, database,
TLS), read by ``bot.settings``:

* ``CLUSTER_TRACKER_URL``: ``postgresql://user:pw@host:5432/rasa?sslmode=verify-full&sslrootcert=...``
  (Rasa's SQL tracker store; any SQLAlchemy URL works).
* ``CLUSTER_LOCK_STORE_URL``: ``redis://[user]:pw@host:6379/1``, ``rediss://`` for TLS; the CA,
  client certificate and key files as ``?ssl_ca_certs=...&ssl_certfile=...&ssl_keyfile=...``.
* ``CLUSTER_EVENT_BROKER_URL``: a PostgreSQL URL; Rasa's SQL event broker writes every event
  into its ``events`` table (the analytics report reads it, ``python -m actions.analytics``).

The same Redis also carries the web widget's Socket.IO messages between the Rasa servers
(:func:`web_message_queue`, used by ``bot/channels/web_queue.py``): a reply emitted by any server
reaches the widget whichever server holds its socket.

Rasa hands an endpoint's ``url`` to these stores as their host, and a URL with ``://`` to the SQL
stores as the whole database URL, so the SQL endpoints keep the URL whole and the Redis endpoint
is split into Rasa's ``RedisLockStore`` arguments. Standard library only.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

# Rasa's default Redis socket timeout is 10 s: a Redis outage would hold each message that long.
LOCK_SOCKET_TIMEOUT_S = 2
REDIS_TLS_FILES = ("ssl_ca_certs", "ssl_certfile", "ssl_keyfile")


class EndpointError(ValueError):
    """A scale-out URL cannot be used (wrong scheme, bad port or database number)."""


def sql_url(url: str, name: str) -> str:
    """The SQLAlchemy URL for Rasa: ``postgres://`` is renamed ``postgresql://`` (SQLAlchemy 1.4
    dropped the alias), anything else must already contain ``://``.

    Raises:
        EndpointError: ``url`` has no scheme.
    """
    if "://" not in url:
        raise EndpointError(f"{name}={url!r} is not a database URL like postgresql://user@host/db")
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://") :]
    return url


TRACKER_STORE_CLASS = "bot.ops.strict_tracker.StrictSQLTrackerStore"


def tracker_store(url: str) -> dict:
    """Rasa's SQL tracker store on the database at ``url``, failing loudly when it is down
    (:mod:`bot.ops.strict_tracker`)."""
    return {"type": TRACKER_STORE_CLASS, "url": sql_url(url, "CLUSTER_TRACKER_URL")}


def event_broker(url: str) -> dict:
    """Rasa's SQL event broker writing into the ``events`` table of the database at ``url``."""
    return {"type": "SQL", "url": sql_url(url, "CLUSTER_EVENT_BROKER_URL")}


def lock_store(url: str) -> dict:
    """Rasa's Redis lock store from a ``redis://`` or ``rediss://`` URL.

    A bare host name (``redis.internal``) is accepted too, with Redis's defaults.

    Raises:
        EndpointError: another scheme, or a port or database number that is not a number.
    """
    if "://" not in url:
        url = f"redis://{url}"
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise EndpointError(f"CLUSTER_LOCK_STORE_URL={url!r} must start with redis:// or rediss://")
    try:
        port = parts.port or 6379
        db_text = parts.path.strip("/")
        db = int(db_text) if db_text else 1
    except ValueError as exc:
        raise EndpointError(f"CLUSTER_LOCK_STORE_URL has a bad port or database: {exc}") from None
    endpoint: dict = {
        "type": "redis",
        "url": parts.hostname or "localhost",
        "port": port,
        "db": db,
        "key_prefix": "cluster",
        "socket_timeout": LOCK_SOCKET_TIMEOUT_S,
    }
    if parts.username:
        endpoint["username"] = unquote(parts.username)
    if parts.password:
        endpoint["password"] = unquote(parts.password)
    if parts.scheme == "rediss":
        endpoint["use_ssl"] = True
    query = parse_qs(parts.query)
    for key in REDIS_TLS_FILES:
        if query.get(key):
            endpoint[key] = query[key][0]
    return endpoint


def web_message_queue(env: dict[str, str]) -> dict:
    """The web channel's Socket.IO message-queue setting: ``{"message_queue": <redis URL>}`` when
    ``CLUSTER_LOCK_STORE_URL`` is set (several Rasa servers), else ``{}`` (one server, in-process).

    Raises:
        EndpointError: the URL is not a Redis URL (checked as for the lock store).
    """
    url = env.get("CLUSTER_LOCK_STORE_URL")
    if not url:
        return {}
    lock_store(url)  # the same checks and errors
    return {"message_queue": url if "://" in url else f"redis://{url}"}


def scale_endpoints(env: dict[str, str]) -> dict:
    """The endpoints the set scale-out variables ask for (an empty dict for ``make run``).

    Args:
        env: The Rasa process's settings (``bot.settings.read_env``).
    """
    endpoints: dict = {}
    if env.get("CLUSTER_TRACKER_URL"):
        endpoints["tracker_store"] = tracker_store(env["CLUSTER_TRACKER_URL"])
    if env.get("CLUSTER_LOCK_STORE_URL"):
        endpoints["lock_store"] = lock_store(env["CLUSTER_LOCK_STORE_URL"])
    if env.get("CLUSTER_EVENT_BROKER_URL"):
        endpoints["event_broker"] = event_broker(env["CLUSTER_EVENT_BROKER_URL"])
    return endpoints
