"""Which part of an instrument a question asks about ("how much?" -> budget), and its fields."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, get_args

from knowledge.instruments.names import fold_user_text
from knowledge.instruments.records import Instrument
from taxonomy.text import fold

Aspect = Literal["budget", "eligibility", "how_to_apply", "period", "successor", "funds", "status"]
ASPECTS: tuple[Aspect, ...] = get_args(Aspect)

# Words that point at an aspect. Matched on folded text as whole words or phrases.
_ASPECT_CUES: dict[Aspect, tuple[str, ...]] = {
    "budget": (
        "how much",
        "budget",
        "budgets",
        "money",
        "euro",
        "euros",
        "eur",
        "million",
        "funding rate",
        "grant size",
        "which grant",
        "what grant",
        "amount",
        "cost",
        "worth",
        "funding",
        "size",
        "how big",
        "figures",
        "numbers",
        "envelope",
        "ceiling",
        "cap",
        "allocation",
        "endowment",
        "put into",
        "invest",
        "invests",
        "invested",
        "spend",
        "spends",
        "spent",
        "how many",
        # money in chat words ("how much dosh", "what's the pot")
        "cash",
        "dosh",
        "dough",
        "bucks",
        "moolah",
        "pot",
    ),
    "eligibility": (
        "who can apply",
        "who can",
        "eligible",
        "eligibility",
        "can i apply",
        "can we apply",
        "can my",
        "can our",
        "who is it for",
        "allowed to apply",
        "who may",
        "for whom",
        "applicants",
        "participate",
        "take part",
    ),
    "how_to_apply": (
        "how to apply",
        "how do i apply",
        "how do we apply",
        "how can i apply",
        "how can we apply",
        "apply",
        "application",
        "submit",
        "join",
        "sign up",
        "register",
    ),
    "period": (
        "deadline",
        "deadlines",
        "when",
        "period",
        "how long",
        "duration",
        "until",
        "timeline",
        "dates",
    ),
    "successor": (
        "successor",
        "replaced",
        "replacement",
        "instead",
        "what came after",
        "follow up",
        "follow-up",
        "continues",
        "continued",
        "still exist",
        "still exists",
        "still running",
        "ended",
    ),
    "funds": (
        "what does it fund",
        "what does it pay",
        "funds",
        "finance",
        "pays for",
        "support for",
    ),
    "status": ("still open", "is it open", "active", "closed", "status"),
}


def aspect_cue_words() -> frozenset[str]:
    """The folded words of every aspect cue ("how much" -> ``how``, ``much``): English words."""
    return frozenset(w for cues in _ASPECT_CUES.values() for cue in cues for w in fold(cue).split())


def select_aspects(text: str | None) -> tuple[Aspect, ...]:
    """Tell which parts of an instrument a question asks about.

    Args:
        text: The user's question ("how much can a project get?", "who can apply?").

    Returns:
        The aspects in :data:`ASPECTS` order; empty for a general question ("what is X?").
    """
    if not isinstance(text, str):
        return ()
    folded = f" {fold_user_text(text)} "
    found: list[Aspect] = []
    for aspect in ASPECTS:
        for cue in _ASPECT_CUES[aspect]:
            if f" {fold(cue)} " in folded:
                found.append(aspect)
                break
    # "how to apply" also contains "apply"; "who can apply" is about eligibility, not the process.
    if "eligibility" in found and "how_to_apply" in found and not re.search(r"\bhow\b", folded):
        found.remove("how_to_apply")
    return tuple(found)


def aspect_fields(instrument: Instrument, aspects: Sequence[Aspect]) -> dict[str, str]:
    """Return the catalogue fields that answer the given aspects.

    Args:
        instrument: The instrument.
        aspects: From :func:`select_aspects`; empty means a general description.

    Returns:
        Field name -> text, in a stable order.
    """
    fields_by_aspect: dict[Aspect, tuple[str, ...]] = {
        "budget": ("budget",),
        "eligibility": ("who_can_apply",),
        "how_to_apply": ("how_to_apply",),
        "period": ("period",),
        "successor": ("status",),
        "funds": ("funds",),
        "status": ("status",),
    }
    wanted = [f for a in aspects for f in fields_by_aspect[a]] or ["summary", "budget"]
    return {name: str(getattr(instrument, name)) for name in dict.fromkeys(wanted)}
