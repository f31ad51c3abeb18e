"""``python -m bot.privacy retention|erase`` (Rasa environment): the tracker store, from cron.

* ``retention``: deletes conversations inactive for longer than
  ``CLUSTER_RETENTION_CONVERSATION_DAYS`` (the Rasa server also does it hourly);
* ``erase <conversation_id>``: deletes one sender's conversation directly in the database (for
  when the Rasa server is down; ``python -m actions.privacy erase`` also removes tickets and
  feedback and is what staff normally use).

The store is the one ``make run`` configures (``CLUSTER_TRACKER_URL`` or ``CLUSTER_TRACKER_DB``).
"""

from __future__ import annotations

import argparse
import logging

from bot.ops.runtime_config import build_run_config


def open_store(endpoint: dict | None = None):
    """The privacy tracker store of this deployment (no background job outside a server).

    Args:
        endpoint: A ``tracker_store`` endpoint section; default: the run configuration's.
    """
    from bot.privacy.tracker_store import PrivacyTrackerStore

    section = dict(endpoint or build_run_config().endpoints["tracker_store"])
    section.pop("type", None)
    return PrivacyTrackerStore(host=section.pop("url", None), **section)


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
