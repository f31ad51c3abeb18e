"""``python -m bot.privacy retention|erase`` (Rasa environment): the tracker store, from cron.

* ``retention``: deletes conversations inactive for longer than
  ``CLUSTER_RETENTION_CONVERSATION_DAYS`` (the Rasa server also does it hourly);
* ``erase <conversation_id>``: deletes one sender's conversation directly in the database, and
  the SQL event broker's copies (for when the Rasa server is down; ``python -m actions.privacy
  erase`` also removes tickets and feedback and is what staff normally use).

The store is the one ``make run`` configures (``CLUSTER_TRACKER_URL`` or ``CLUSTER_TRACKER_DB``),
with the SQL event broker when ``CLUSTER_EVENT_BROKER_URL`` is set.
"""

from __future__ import annotations

import argparse
import logging

from bot.ops.runtime_config import build_run_config


def open_broker(endpoint: dict | None):
    """Rasa's SQL event broker of an ``event_broker`` section, or None (none, or not SQL)."""
    if not endpoint or str(endpoint.get("type", "")).lower() != "sql":
        return None
    from rasa.core.brokers.sql import SQLEventBroker

    section = {key: value for key, value in endpoint.items() if key != "type"}
    return SQLEventBroker(host=section.pop("url", None), **section)


def open_store(endpoint: dict | None = None, broker: dict | None = None):
    """The privacy tracker store of this deployment (no background job outside a server).

    Args:
        endpoint: A ``tracker_store`` endpoint section; default: the run configuration's (and
            then its ``event_broker`` section too).
        broker: An ``event_broker`` section, for an explicit ``endpoint``.
    """
    from bot.privacy.tracker_store import PrivacyTrackerStore

    if endpoint is None:
        endpoints = build_run_config().endpoints
        endpoint, broker = endpoints["tracker_store"], endpoints.get("event_broker")
    section = dict(endpoint)
    section.pop("type", None)
    return PrivacyTrackerStore(
        host=section.pop("url", None), event_broker=open_broker(broker), **section
    )


def main(argv: list[str] | None = None) -> int:
    """Runs one command; returns the exit code (0)."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.privacy", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    retention = sub.add_parser("retention", help="delete conversations past the retention period")
    retention.add_argument("--days", type=int, help="override the configured period")
    erase = sub.add_parser("erase", help="delete one conversation in the tracker database")
    erase.add_argument("conversation_id")
    args = parser.parse_args(argv)
    logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")

    store = open_store()
    if args.command == "erase":
        print(f"erased {store.erase(args.conversation_id)} event(s) of {args.conversation_id}")
        return 0
    if args.days is not None:
        store.retention_days = args.days
    conversations, events = store.sweep()
    days = store.retention_days or "forever (0)"
    print(f"retention {days} days: deleted {conversations} conversation(s), {events} event(s)")
    return 0
