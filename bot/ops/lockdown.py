"""What the Rasa server exposes, read once from the environment, and the generated secrets.

Standard library only: ``scripts/stack.py`` (action environment) uses it to decide the Rasa
command line and the secrets both servers share; the Rasa process uses it for its guards.

Defaults are closed: Rasa's HTTP API is off unless ``CLUSTER_RASA_API=on`` or the handoff release
(which resumes conversations through it) is configured; when on, it needs a token
(``CLUSTER_RASA_TOKEN``, else one generated once into ``var/secrets/rasa_api_token``, mode 0600)
and answers loopback clients only. The action server gets a shared secret the same way.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.ops.ratelimit import Rate
from bot.settings import REPO_ROOT, read_env

SECRETS_DIR = REPO_ROOT / "var" / "secrets"
DEFAULT_SENDER_RATE = Rate(30, 60.0)
DEFAULT_ADDRESS_RATE = Rate(300, 60.0)
DEFAULT_MAX_BODY_BYTES = 64 * 1024
ACTION_SECRET_HEADER = "X-Cluster-Action-Secret"
TRUE = {"1", "on", "true", "yes"}


def ensure_secret(path: Path) -> str:
    """The secret kept in ``path``; generated (256 bits, mode 0600) when the file is missing.

    Raises:
        PermissionError: when the file is readable by others (it must be 0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            raise PermissionError(f"{path} is readable by others; chmod 600 it") from None
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    return path.read_text(encoding="utf-8").strip()


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1 (and IPv4-mapped loopback)."""
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


@dataclass(frozen=True)
class Lockdown:
    """What one Rasa server run exposes and how it is guarded."""

    api_on: bool
    api_token: str | None
    widget_origins: tuple[str, ...]
    action_secret: str | None
    per_sender: Rate | None
    per_address: Rate | None
    max_body_bytes: int
    log_json: bool
    speedups: bool


def read_lockdown(
    env: Mapping[str, str] | None = None,
    *,
    demo_origin: str | None = None,
    secrets_dir: Path | None = None,
) -> Lockdown:
    """Reads the lock-down settings; with ``secrets_dir``, missing secrets are generated there.

    Args:
        env: The environment (default the process's), read through ``bot.settings.read_env``.
        demo_origin: The demo page's origin (e.g. ``http://127.0.0.1:5005``), allowed by default.
        secrets_dir: Where generated secrets are kept; None: do not generate (use what is set).

    Raises:
        ValueError: for a malformed rate or size.
    """
    values = read_env(env)
    api_on = values.get("CLUSTER_RASA_API", "").lower() in TRUE or bool(
        values.get("CLUSTER_HANDOFF_TOKEN")
    )
    token = values.get("CLUSTER_RASA_TOKEN")
    if api_on and not token and secrets_dir is not None:
        token = ensure_secret(secrets_dir / "rasa_api_token")
    action_secret = values.get("CLUSTER_ACTION_SECRET")
    if not action_secret and secrets_dir is not None:
        action_secret = ensure_secret(secrets_dir / "action_secret")
    origins = values.get("CLUSTER_WIDGET_ORIGINS", "").replace(",", " ").split()
    if not origins and demo_origin:
        origins = [demo_origin]
        if "://127.0.0.1:" in demo_origin:
            origins.append(demo_origin.replace("://127.0.0.1:", "://localhost:"))
    max_body = values.get("CLUSTER_MAX_BODY_BYTES")
    return Lockdown(
        api_on=api_on,
        api_token=token,
        widget_origins=tuple(origins),
        action_secret=action_secret,
        per_sender=Rate.parse(values.get("CLUSTER_RATE_LIMIT_SENDER"), DEFAULT_SENDER_RATE),
        per_address=Rate.parse(values.get("CLUSTER_RATE_LIMIT_ADDRESS"), DEFAULT_ADDRESS_RATE),
        max_body_bytes=int(max_body) if max_body else DEFAULT_MAX_BODY_BYTES,
        log_json=values.get("CLUSTER_LOG_JSON", "").lower() in TRUE,
        speedups=values.get("CLUSTER_RASA_SPEEDUPS", "on").lower() not in {"off", "0", "false"},
    )
