"""What the handoff relay (action server) and the channels (Rasa) agree on about relayed messages.

An adviser's message reaches the SME as a Rasa ``bot`` event appended through Rasa's HTTP API;
its metadata carries :data:`ADVISER_KEY` (the adviser's display name) and :data:`MESSAGE_KEY`
(the relay's message number). Rasa merges a bot event's metadata into the message it gives the
output channel, so the web channel can show the name (``{"text", "adviser"}`` to the widget).
"""

from __future__ import annotations

#: Metadata key of a relayed bot message: the adviser's display name (absent for notices).
ADVISER_KEY = "handoff_adviser"
#: Metadata key of a relayed bot message: the relay's message number.
MESSAGE_KEY = "handoff_message"

#: Metadata key of a user message that came from Microsoft Teams (set by the Rasa Teams
#: connector, ``bot/channels/teams.py``): ``{"service_url", "conversation_id", "tenant_id",
#: "user_id", ...}``, the conversation reference the action server needs to send the SME an
#: adviser's message proactively. The ``service_url`` is the one the connector validated.
TEAMS_METADATA_KEY = "teams"
#: The input channel name of those messages.
TEAMS_CHANNEL = "teams"

#: Commands an adviser writes to the bot in a Teams personal chat (the Teams connector hands
#: them to the action server's relay; from anyone outside the adviser channel's team they are
#: ordinary messages to the assistant): the inbox of live tickets, and a private question.
STAFF_COMMANDS = ("inbox", "ask")


def staff_command(text: str | None) -> tuple[str, str] | None:
    """``("inbox", "")`` or ``("ask", "<question>")`` for a staff command, else None.

    The command is the first word, with or without a leading ``/`` (``/ask what is ...``);
    ``ask`` needs a question.
    """
    words = (text or "").strip().split(maxsplit=1)
    if not words:
        return None
    name, rest = words[0].lower().lstrip("/"), (words[1].strip() if len(words) > 1 else "")
    if name == "inbox" and not rest:
        return name, ""
    if name == "ask" and rest:
        return name, rest
    return None
