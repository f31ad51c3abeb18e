"""``python -m actions.handoff list|show|release``: handoff tickets for advisers."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys

from actions.handoff.service import HandoffService
from actions.handoff.store import Ticket
from actions.services import build_handoff


def _print_tickets(tickets: list[Ticket]) -> None:
    if not tickets:
        print("no tickets")
        return
    for t in tickets:
        print(
            f"#{t.id:<5} {t.state:<8} {t.created_at}  {t.conversation_id}  "
            f"e-mail: {t.email or '-'}  notified: {t.notified or '-'}"
        )


async def _release_cli(service: HandoffService, conversation_id: str) -> int:
    try:
        result = await service.release(conversation_id, released_by="cli")
    finally:
        await service.close()
    if result.status == 200:
        numbers = ", ".join(f"#{n}" for n in result.body["released"])
        print(f"released {conversation_id} (tickets {numbers}); the assistant answers it again")
        return 0
    print(f"release failed: {result.body['error']}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None, service: HandoffService | None = None) -> int:
    """``python -m actions.handoff list|show|release``: handoff tickets for advisers.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).
        service: The handoff service to use; default: one built from the settings.

    Returns:
        The exit code: 0 on success, 1 when the ticket or the release failed.
    """
    parser = argparse.ArgumentParser(
        prog="python -m actions.handoff", description="Human-handoff tickets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="list the newest tickets")
    listing.add_argument("--status", choices=["open", "released"], help="only these tickets")
    listing.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    show = sub.add_parser(
        "show", help="print one ticket as JSON (transcript, context, the human part's messages)"
    )
    show.add_argument("ticket", type=int, help="ticket number")
    release = sub.add_parser(
        "release", help="hand a conversation back to the assistant (needs the Rasa server)"
    )
    release.add_argument("conversation_id", help="the conversation (Rasa sender id)")
    args = parser.parse_args(argv)
    logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")

    service = service or build_handoff()
    store = service.store
    if args.command == "list":
        _print_tickets(store.recent(args.status, args.limit))
        return 0
    if args.command == "show":
        ticket = store.get(args.ticket)
        if ticket is None:
            print(f"no ticket #{args.ticket} in {store.path}", file=sys.stderr)
            return 1
        shown = {**ticket.to_dict(), "human_part": [m.to_dict() for m in store.messages(ticket.id)]}
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        return 0
    return asyncio.run(_release_cli(service, args.conversation_id))
