"""Personal data: how long each kind is kept, and the erasure marker both processes agree on.

One owner of the retention rule: both settings modules (``bot.settings`` for the Rasa process,
``knowledge.config`` for the action process) read the raw variables and pass them to
:func:`retention_policy`, so the defaults and the parsing live here only.

What is kept, and for how long by default:

* conversations (Rasa tracker events): deleted when the last event is older than
  :data:`DEFAULT_CONVERSATION_DAYS` days (``CLUSTER_RETENTION_CONVERSATION_DAYS``);
* handoff tickets (contact e-mail, transcript): deleted :data:`DEFAULT_TICKET_DAYS` days after an
  adviser released them (``CLUSTER_RETENTION_TICKET_DAYS``); open tickets are kept until released;
* result feedback: deleted :data:`DEFAULT_FEEDBACK_DAYS` days after it was given
  (``CLUSTER_RETENTION_FEEDBACK_DAYS``).

``0`` keeps that kind forever (the job then skips it); anything but a whole number >= 0 is refused.

Erasure: the action ``action_erase_my_data`` (and the staff erase route, through Rasa's HTTP API)
sets the slot :data:`ERASE_SLOT` to True; the Rasa process's tracker store
(``bot.privacy.tracker_store``) then deletes the sender's whole tracker instead of saving it.
Standard library only: both environments import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

ERASE_SLOT = "data_erased"
"""The slot whose ``True`` value tells the tracker store to delete the sender's tracker."""

DEFAULT_CONVERSATION_DAYS = 90
DEFAULT_TICKET_DAYS = 180
DEFAULT_FEEDBACK_DAYS = 180

RETENTION_VARS: dict[str, str] = {
    "conversations": "CLUSTER_RETENTION_CONVERSATION_DAYS",
    "tickets": "CLUSTER_RETENTION_TICKET_DAYS",
    "feedback": "CLUSTER_RETENTION_FEEDBACK_DAYS",
}
"""Kind of personal data -> the environment variable holding its retention in days."""

SWEEP_INTERVAL_SECONDS = 3600.0
"""How often the servers' retention job runs (hourly; the CLI can run it from cron too)."""


class RetentionError(ValueError):
    """A retention setting is not a whole number of days >= 0."""


@dataclass(frozen=True)
class RetentionPolicy:
    """Days each kind of personal data is kept; 0 means kept forever."""

    conversations: int = DEFAULT_CONVERSATION_DAYS
    tickets: int = DEFAULT_TICKET_DAYS
    feedback: int = DEFAULT_FEEDBACK_DAYS

    def days(self, kind: str) -> int:
        """The days for ``conversations``, ``tickets`` or ``feedback``."""
        return int(getattr(self, kind))

    def cutoff(self, kind: str, now: datetime | None = None) -> datetime | None:
        """The moment before which data of this kind is deleted, or None when kept forever.

        Args:
            kind: ``conversations``, ``tickets`` or ``feedback``.
            now: The current time (aware); defaults to the current UTC time.
        """
        days = self.days(kind)
        if days == 0:
            return None
        now = now or datetime.now(timezone.utc)
        return now - timedelta(days=days)

    def describe(self) -> str:
        """One line for logs and the CLI, e.g. ``conversations 90 d, tickets 180 d, ...``."""
        parts = [f"{kind} {self.days(kind) or 'forever'}" for kind in RETENTION_VARS]
        return ", ".join(p if p.endswith("forever") else f"{p} d" for p in parts)


def retention_policy(raw: Mapping[str, str | None]) -> RetentionPolicy:
    """Builds the policy from raw variable values (unset or empty: the default).

    Args:
        raw: Variable name -> value, as read by a settings module.

    Raises:
        RetentionError: A value is not a whole number >= 0 (names the variable and the value).
    """
    values: dict[str, int] = {}
    for kind, var in RETENTION_VARS.items():
        text = (raw.get(var) or "").strip()
        if not text:
            continue
        try:
            days = int(text)
        except ValueError:
            days = -1
        if days < 0:
            raise RetentionError(
                f"{var} must be a whole number of days >= 0 (0: keep), got {text!r}"
            )
        values[kind] = days
    return RetentionPolicy(**values)


def iso_utc(moment: datetime) -> str:
    """``moment`` as the ISO 8601 UTC text the ticket and feedback stores write (seconds)."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
