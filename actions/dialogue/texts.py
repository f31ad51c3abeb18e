"""Fixed texts of the dialogue wing: the "I answer in English" notice in the user's language.

Both :mod:`actions.dialogue.language` and the partner search (:mod:`actions.partners.search`)
use them; keeping them here, below both, is what keeps those two modules free of an import
cycle.
"""

from __future__ import annotations

from typing import Any

NOTICES: dict[str, str] = {
    "de": "Ich antworte derzeit nur auf Englisch. Ich versuche trotzdem, Ihnen zu helfen.",
    "fr": "Je réponds pour l'instant uniquement en anglais. J'essaie quand même de vous aider.",
    "es": "Por ahora solo respondo en inglés. Aun así, intentaré ayudarle.",
    "it": "Al momento rispondo solo in inglese. Provo comunque ad aiutarla.",
    "pl": "Obecnie odpowiadam tylko po angielsku. Mimo to spróbuję pomóc.",
}
ENGLISH_HINT = (
    'I currently answer in English. For example, ask "clusters doing hydrogen storage in '
    'Bavaria" or "how do I get a cluster label?".'
)


def notice(code: Any) -> str | None:
    """The fixed "I answer in English" sentence in that language, or ``None``."""
    return NOTICES.get(code.lower()) if isinstance(code, str) else None
