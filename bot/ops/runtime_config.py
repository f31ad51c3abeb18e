"""Assembles the credentials and endpoints files a Rasa server run uses.

Rasa 3.6 raises at start-up when a ``${VAR}`` in credentials.yml or endpoints.yml is unset, so the
committed files cannot reference optional secrets. Instead this module writes the two files for one
run from the environment: the REST channel is always on, other channels only when their settings
are present, and the log says which channels are on and why the others are off.

The files are written as JSON, which is valid YAML, so this module needs only the standard library
and can run in either Python environment. Environment variables are read by ``bot.settings``.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.ops.lockdown import ACTION_SECRET_HEADER
from bot.ops.scale_endpoints import scale_endpoints, web_message_queue
from bot.privacy.endpoint import privacy_tracker_store
from bot.settings import DEFAULT_ACTION_URL, DEFAULT_RUN_DIR, DEFAULT_TRACKER_DB, read_env
from contracts.privacy import retention_policy

# Renders the domain's responses from the message catalogues (bot/nlg.py).
NLG_CLASS = "bot.nlg.CatalogueNaturalLanguageGenerator"

# The website widget's Socket.IO channel needs no secrets, so it is always on (bot/channels/web.py).
WEB_CONNECTOR = "bot.channels.web.WebChatInput"
WEB_SETTINGS = {"session_persistence": True}
# Rasa's REST channel, answering "please try again" instead of an empty list when a turn fails
# (bot/channels/rest_safe.py); same URL, /webhooks/rest/webhook.
REST_CONNECTOR = "bot.channels.rest_safe.SafeRestInput"

# channel name -> (Rasa connector key, {credential key: environment variable})
OPTIONAL_CHANNELS: dict[str, tuple[str, dict[str, str]]] = {
    "slack": (
        "bot.channels.slack.SlackInput",
        {"slack_token": "SLACK_BOT_TOKEN", "slack_signing_secret": "SLACK_SIGNING_SECRET"},
    ),
    "teams": (
        "bot.channels.teams.TeamsInput",
        {"app_id": "TEAMS_APP_ID", "app_password": "TEAMS_APP_PASSWORD"},
    ),
}

# channel name -> {credential key: environment variable} passed on when set (tenant, test URLs)
CHANNEL_OPTIONS: dict[str, dict[str, str]] = {
    "slack": {"api_url": "SLACK_API_URL", "bot_user_id": "SLACK_BOT_USER_ID"},
    "teams": {
        "tenant_id": "TEAMS_TENANT_ID",
        "openid_metadata_url": "TEAMS_OPENID_METADATA_URL",
        "token_url": "TEAMS_TOKEN_URL",
        # the handoff's Teams adviser channel: its activities go to the action server
        "adviser_channel": "CLUSTER_ADVISER_TEAMS_CHANNEL",
        "handoff_token": "CLUSTER_HANDOFF_TOKEN",
        "action_url": "CLUSTER_ACTION_URL",
    },
}


@dataclass
class RunConfig:
    """What one Rasa server run is configured with."""

    credentials: dict
    endpoints: dict
    channels_on: list[str] = field(default_factory=list)
    channels_off: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the log: which channels are on, which are off and why."""
        parts = [f"channels on: {', '.join(self.channels_on)}"]
        if self.channels_off:
            off = "; ".join(f"{name} ({why})" for name, why in sorted(self.channels_off.items()))
            parts.append(f"off: {off}")
        return " | ".join(parts)


def build_run_config(env: Mapping[str, str] | None = None) -> RunConfig:
    """Builds credentials and endpoints from environment variables.

    Args:
        env: The environment to read (wins over the process's); defaults to the process
            environment, read by ``bot.settings.read_env``.

    Returns:
        The run configuration, with the list of enabled and disabled channels.
    """
    env = read_env(env)
    credentials: dict = {REST_CONNECTOR: None, WEB_CONNECTOR: dict(WEB_SETTINGS)}
    # several Rasa servers: widget messages go through Redis (bot/channels/web_queue.py)
    credentials[WEB_CONNECTOR].update(web_message_queue(env))
    channels_on = ["rest", "web"]
    channels_off: dict[str, str] = {}

    for name, (connector, keys) in OPTIONAL_CHANNELS.items():
        missing = [var for var in keys.values() if not env.get(var)]
        if missing:
            channels_off[name] = f"set {' and '.join(missing)} to enable"
            continue
        credentials[connector] = {key: env[var] for key, var in keys.items()}
        options = CHANNEL_OPTIONS.get(name, {})
        credentials[connector].update({key: env[v] for key, v in options.items() if env.get(v)})
        channels_on.append(name)

    endpoints: dict = {
        "action_endpoint": {"url": env.get("CLUSTER_ACTION_URL") or DEFAULT_ACTION_URL},
        # Domain responses in the conversation's language, from the message catalogues.
        "nlg": {"type": NLG_CLASS},
    }
    if env.get("CLUSTER_ACTION_SECRET"):  # the action server answers only who sends it
        endpoints["action_endpoint"]["headers"] = {
            ACTION_SECRET_HEADER: env["CLUSTER_ACTION_SECRET"]
        }
    db = Path(env.get("CLUSTER_TRACKER_DB") or DEFAULT_TRACKER_DB).resolve()
    endpoints["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": str(db)}
    # PostgreSQL tracker, Redis lock store, SQL event broker when their URLs are set
    endpoints.update(scale_endpoints(env))
    # Erasure on request and the conversation retention sweep (bot/privacy/tracker_store.py),
    # over whichever SQL store was chosen above (SQLite, or PostgreSQL when scaled).
    endpoints["tracker_store"] = privacy_tracker_store(
        endpoints["tracker_store"], retention_policy(env).conversations
    )

    return RunConfig(credentials, endpoints, channels_on, channels_off)


def write_run_config(out_dir: Path, config: RunConfig) -> tuple[Path, Path]:
    """Writes ``credentials.yml`` and ``endpoints.yml`` into ``out_dir``.

    The tracker database's folder is created too, since SQLite does not create folders.

    Args:
        out_dir: Folder for the two files; created if missing.
        config: What to write.

    Returns:
        The paths of the credentials file and of the endpoints file.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    store = config.endpoints["tracker_store"]
    if store.get("dialect") == "sqlite":
        Path(store["db"]).parent.mkdir(parents=True, exist_ok=True)
    credentials = out_dir / "credentials.yml"
    endpoints = out_dir / "endpoints.yml"
    for path, content in ((credentials, config.credentials), (endpoints, config.endpoints)):
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o600)  # may hold secrets
        os.replace(tmp, path)
    return credentials, endpoints


def main(argv: list[str] | None = None) -> int:
    """Command line: write the run's files and print the channel summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_RUN_DIR, help="folder for the two files"
    )
    args = parser.parse_args(argv)
    config = build_run_config()
    credentials, endpoints = write_run_config(args.out, config)
    print(f"wrote {credentials} and {endpoints}; {config.summary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
