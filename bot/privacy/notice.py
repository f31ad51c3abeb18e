"""The privacy notice the website widget shows: what is kept, for how long, how to delete it.

The words are the catalogues' (``privacy.notice`` and the ``privacy.period_*`` keys, in
:mod:`i18n`), filled with the configured retention periods (read by ``bot.settings``, parsed by
:func:`contracts.privacy.retention_policy`). The served widget script carries the notice in every
reply language as its ``widget.privacy`` string (``bot/channels/web_assets.py``), so it follows the
widget's language; the web channel's history endpoint also returns it in the conversation's
language (``bot/channels/web.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import i18n
from bot.settings import read_env
from contracts.privacy import retention_policy


def _period(days: int, language: str) -> str:
    if days == 0:
        return i18n.text("privacy.period_never", language)
    return i18n.plural("privacy.period_days", days, language)


def privacy_notice(
    language: Any = i18n.DEFAULT_LANGUAGE, env: Mapping[str, str] | None = None
) -> str:
    """The notice with this deployment's retention periods, in one reply language.

    Args:
        language: The widget's or conversation's language code (English when not a reply
            language).
        env: Explicit environment (wins over the process's), as for ``bot.settings.read_env``.
    """
    policy = retention_policy(read_env(env))
    return i18n.text(
        "privacy.notice",
        language,
        conversations=_period(policy.conversations, language),
        tickets=_period(policy.tickets, language),
        feedback=_period(policy.feedback, language),
    )


def privacy_notices(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """:func:`privacy_notice` in every reply language, by language code."""
    return {code: privacy_notice(code, env) for code in i18n.REPLY_LANGUAGES}
