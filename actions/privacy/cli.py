"""``python -m actions.privacy erase|export|retention|token``: personal data, for staff and cron.

* ``erase <conversation_id>``: deletes tickets and feedback, then the tracker through Rasa's API
  (the Rasa server must run; exit 1 when it did not take the erasure: run it again);
* ``export <conversation_id> [--out FILE]``: everything kept about the sender as JSON;
* ``retention``: deletes tickets and feedback past their period (for cron; the action server also
  runs it hourly). Conversations are swept by the Rasa server itself, and from cron by
  ``.venv/rasa/bin/python -m bot.privacy retention``;
* ``token``: prints the staff API token (creating ``var/privacy.token`` when none is configured).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

from actions.privacy.service import PrivacyError, PrivacyService
from actions.privacy.settings import PrivacySettings, ensure_token
from actions.services import build_privacy


async def _erase(service: PrivacyService, conversation_id: str) -> int:
    try:
        erasure = await service.erase(conversation_id)
    finally:
        await service.close()
    print(json.dumps(erasure.to_dict(), ensure_ascii=False))
    if not erasure.ok:
        print(
            "the tracker was not erased: is the Rasa server running? run erase again",
            file=sys.stderr,
        )
        return 1
    return 0


async def _export(service: PrivacyService, conversation_id: str, out: Path | None) -> int:
    try:
        document = await service.export(conversation_id)
    except PrivacyError as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 1
    finally:
        await service.close()
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if out is None:
        print(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {out}: {len(document['events'])} events, {len(document['tickets'])} tickets")
    return 0


def main(argv: list[str] | None = None, service: PrivacyService | None = None) -> int:
    """Runs one privacy command.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).
        service: The privacy service; default: one built from the settings.

    Returns:
        The exit code: 0 on success, 1 on failure.
    """
    parser = argparse.ArgumentParser(
        prog="python -m actions.privacy", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    erase = sub.add_parser("erase", help="delete a sender's tickets, feedback and conversation")
    erase.add_argument("conversation_id", help="the conversation (Rasa sender id)")
    export = sub.add_parser("export", help="everything kept about a sender, as JSON")
    export.add_argument("conversation_id", help="the conversation (Rasa sender id)")
    export.add_argument("--out", type=Path, help="write to this file instead of stdout")
    sub.add_parser("retention", help="delete tickets and feedback past their retention period")
    sub.add_parser("token", help="print the staff API token")
    args = parser.parse_args(argv)
    logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")

    if args.command == "token":
        print(ensure_token(PrivacySettings.from_env()))
        return 0
    service = service or build_privacy()
    if args.command == "retention":
        deleted = service.sweep()
        print(f"retention ({service.policy.describe()}): deleted {json.dumps(deleted)}")
        return 0
    if args.command == "erase":
        return asyncio.run(_erase(service, args.conversation_id))
    return asyncio.run(_export(service, args.conversation_id, args.out))
