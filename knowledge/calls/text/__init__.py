"""Pure text helpers for portal data: repair, keywords, programmes and types of action.

Nothing here does I/O. Modules: :mod:`~knowledge.calls.text.repair` (text repair, keyword
splitting, the lookup key), :mod:`~knowledge.calls.text.programmes` (the programme table),
:mod:`~knowledge.calls.text.action_types` (the type-of-action table).
"""

from knowledge.calls.text.action_types import (
    ACTION_TYPES,
    action_type_label,
    normalise_action_type,
    resolve_action_type,
)
from knowledge.calls.text.programmes import (
    PROGRAMMES,
    Programme,
    find_programme,
    normalise_programme,
    resolve_programme,
)
from knowledge.calls.text.repair import lookup_key, repair_text, split_keywords, suggest

__all__ = [
    "ACTION_TYPES",
    "PROGRAMMES",
    "Programme",
    "action_type_label",
    "find_programme",
    "lookup_key",
    "normalise_action_type",
    "normalise_programme",
    "repair_text",
    "resolve_action_type",
    "resolve_programme",
    "split_keywords",
    "suggest",
]
