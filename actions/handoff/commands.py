"""The commands an adviser writes in a ticket thread (Slack or Teams): ``claim`` and ``release``.

One owner for both adviser channels. A command is a thread reply like any other, so it also
reaches the action server when a button press cannot: Slack retries a message event it could
not deliver (a button press it does not), and with the advisers' own Teams bot a reply written
while the action server was down is read back from the thread through Microsoft Graph
(:mod:`actions.handoff.teams_graph`, a card button press is not a message and is lost). A
command read back after the fact is applied with the time it was written: ``claim`` takes the
ticket from that moment, so the same adviser's replies written after it, also read back, are
relayed in order; what was refused then is refused now.
"""

from __future__ import annotations

import asyncio

from actions.handoff.relay import Outcome, Relay

CLAIM = "claim"
RELEASE = "release"
#: The words of each command (a leading ``!`` or ``/`` is accepted: ``/release`` in a thread).
COMMANDS = {CLAIM: CLAIM, RELEASE: RELEASE}


def thread_command(text: str) -> str | None:
    """The command a thread reply is (``claim``/``release``), or None for a message to relay."""
    word = text.strip().lower()
    if word[:1] in ("!", "/"):
        word = word[1:]
    return COMMANDS.get(word)


async def run_thread_command(
    relay: Relay,
    thread_key: str,
    command: str,
    adviser_id: str,
    adviser_name: str,
    written_at: str | None = None,
) -> Outcome:
    """Applies ``claim`` or ``release`` to the ticket of the thread it was written in.

    Args:
        written_at: When it was written (ISO 8601) for a command read back after the fact;
            None for one arriving live.
    """
    ticket = await asyncio.to_thread(relay.store.by_thread, thread_key)
    if ticket is None:
        return Outcome(404, "This thread is not a handoff ticket.")
    if command == CLAIM:
        return await relay.claim(ticket.id, adviser_id, adviser_name, written_at)
    return await relay.release(ticket.id, adviser_id)
