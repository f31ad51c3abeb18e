"""The privacy notice the website widget shows: what is kept, for how long, how to delete it.

One constant (:data:`PRIVACY_NOTICE`), filled with the configured retention periods (read by
``bot.settings``, parsed by :func:`contracts.privacy.retention_policy`). The web channel sends it
with the widget's history (``bot/channels/web.py``). Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.settings import read_env
from contracts.privacy import retention_policy

PRIVACY_NOTICE = (
    "Privacy: this conversation is stored so that it can continue later and to improve the "
    "service, and deleted {conversations} after your last message. If you ask for an adviser, "
    "your e-mail and the conversation go into a ticket that is deleted {tickets} after the "
    "adviser closes it; \u201cuseful / not useful\u201d feedback is deleted after {feedback}. "
    "Type \u201cdelete my data\u201d at any time to erase all of it."
)


def _period(days: int) -> str:
    if days == 0:
        return "never (kept until you delete it)"
    return "1 day" if days == 1 else f"{days} days"


def privacy_notice(env: Mapping[str, str] | None = None) -> str:
    """The notice with this deployment's retention periods.

    Args:
        env: Explicit environment (wins over the process's), as for ``bot.settings.read_env``.
    """
    policy = retention_policy(read_env(env))
    return PRIVACY_NOTICE.format(
        conversations=_period(policy.conversations),
        tickets=_period(policy.tickets),
        feedback=_period(policy.feedback),
    )
