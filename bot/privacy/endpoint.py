"""The tracker-store endpoint with privacy: Rasa's SQL store swapped for ours (standard library).

:func:`privacy_tracker_store` takes the ``tracker_store`` section ``bot.ops.runtime_config``
builds (``type: SQL``, SQLite or PostgreSQL) and points it at
:class:`bot.privacy.tracker_store.PrivacyTrackerStore`, a subclass of Rasa's ``SQLTrackerStore``
with the same settings. Rasa hands a custom store the endpoint's ``url`` as ``host``, so a
``host`` entry moves to ``url``; everything else (dialect, db, port, username, password, query)
passes through unchanged.
"""

from __future__ import annotations

from typing import Any

PRIVACY_TRACKER_STORE = "bot.privacy.tracker_store.PrivacyTrackerStore"
#: Section types served by the privacy store: Rasa's SQL store and the strict one of a scaled
#: deployment (bot.ops.scale_endpoints), which the privacy store extends.
SQL_TYPES = ("sql", "bot.ops.strict_tracker.strictsqltrackerstore")


def privacy_tracker_store(store: dict[str, Any], retention_days: int) -> dict[str, Any]:
    """The same SQL tracker-store section, served by the privacy store.

    Args:
        store: A ``tracker_store`` endpoint section.
        retention_days: Days an inactive conversation is kept (0: forever).

    Returns:
        A new section; one that is not ``type: SQL`` is returned unchanged (only SQL stores can
        be swept and erased by this project).
    """
    if str(store.get("type", "")).lower() not in SQL_TYPES:
        return dict(store)
    section = {key: value for key, value in store.items() if key != "type"}
    if "host" in section and "url" not in section:
        section["url"] = section.pop("host")
    return {"type": PRIVACY_TRACKER_STORE, **section, "retention_days": int(retention_days)}
