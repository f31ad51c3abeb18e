"""Privacy settings of the action server: retention periods and the staff API token.

Values come from :func:`knowledge.config.privacy_env`; the retention rule itself is
:func:`contracts.privacy.retention_policy`. The token is ``CLUSTER_PRIVACY_TOKEN`` when set, else
the content of ``var/privacy.token``, which :func:`ensure_token` creates (random, mode 0600) when
the server starts without one.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from contracts.privacy import RetentionPolicy, retention_policy
from knowledge.config import DEFAULT_PRIVACY_TOKEN_FILE, privacy_env


@dataclass(frozen=True)
class PrivacySettings:
    """Retention and staff-API token of one action-server process.

    Attributes:
        policy: Days each kind of personal data is kept.
        token: The configured token (``CLUSTER_PRIVACY_TOKEN``), or None to use ``token_file``.
        token_file: Where the generated token lives when none is configured.
    """

    policy: RetentionPolicy
    token: str | None = None
    token_file: Path = DEFAULT_PRIVACY_TOKEN_FILE

    @classmethod
    def from_env(cls) -> PrivacySettings:
        """Reads the environment (raises ``RetentionError`` on a malformed period)."""
        env = privacy_env()
        return cls(retention_policy(env), env.get("CLUSTER_PRIVACY_TOKEN"))


def ensure_token(settings: PrivacySettings) -> str:
    """The staff API token: the configured one, else the token file's, created if missing.

    The file is created with mode 0600 (readable by the server's user only) and never logged.
    """
    if settings.token:
        return settings.token
    path = settings.token_file
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    os.chmod(path, 0o600)
    return token
