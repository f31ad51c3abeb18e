"""What a fact question is about (its subject nouns) and which cards state it.

The aspect of a question (how many, who can apply, budget...) picks a kind of card; many cards of
the same kind and instrument differ only in what they count or list: jobs or clusters, SMEs or
countries, the unit or the Directorate-General, the three strands or the list of initiatives,
the observatory's tasks or its budget. :data:`SUBJECTS` names those subjects with their English
words; a question's subjects are read from its words and its lexicon gloss (the other reply
languages reach the same English words through ``knowledge/data/facts/lexicon.yml``), a card's
from its statement, value and keywords. The ranking (:meth:`FactAnswerer.rank`) adds
:data:`SUBJECT_BOOST` to the cards that state what the question asks about.
"""

from __future__ import annotations

from taxonomy.text import fold

#: Each subject's English words (folded). A question and a card share a subject when both use
#: one of its words.
SUBJECTS: dict[str, frozenset[str]] = {
    "jobs": frozenset(["jobs", "job", "employment"]),
    "staff": frozenset(["staff", "employ", "employs", "employees", "workers"]),
    "wages": frozenset(["wages", "wage", "salaries", "salary", "earn", "earnings"]),
    "countries": frozenset(["countries", "country"]),
    "regions": frozenset(["regions", "region", "regional"]),
    "labels": frozenset(["label", "labels", "labelled", "labeled", "labelling", "labeling"]),
    "profiles": frozenset(["profiles", "profiled", "profile"]),
    "directorate": frozenset(["directorate", "dg"]),
    "unit": frozenset(["unit"]),
    "head": frozenset(["headed", "head", "heads"]),
    "strands": frozenset(["strands", "strand"]),
    "tasks": frozenset(["tasks", "task", "activities", "mission", "role"]),
    "strategies": frozenset(["strategies", "strategy", "framework"]),
    "managers": frozenset(["managers", "manager"]),
    "grant": frozenset(["grant"]),
    "vouchers": frozenset(["vouchers", "voucher"]),
    "websites": frozenset(["website", "websites", "online", "web", "site"]),
    "matter": frozenset(["matter", "matters", "important", "why"]),
    "emerging": frozenset(["emerging", "concentrated", "concentration"]),
    "goals": frozenset(["goals", "goal", "ways", "objectives"]),
    "intermediaries": frozenset(["intermediaries", "intermediary"]),
}
#: Added to a card's score for each subject it shares with the question (at most
#: :data:`MAX_SUBJECTS` of them).
SUBJECT_BOOST = 0.12
MAX_SUBJECTS = 2


def subjects_of(text: str) -> frozenset[str]:
    """The subjects whose words a text uses (folded word by word)."""
    words = set(fold(text).split())
    return frozenset(name for name, vocabulary in SUBJECTS.items() if words & vocabulary)


def card_subjects(statement: str, value: str, keywords: tuple[str, ...] = ()) -> frozenset[str]:
    """The subjects a card states (its statement, value and keywords)."""
    return subjects_of(" ".join((statement, value, *keywords)))


def subject_boost(asked: frozenset[str], stated: frozenset[str]) -> float:
    """The boost of a card that states ``stated`` for a question about ``asked``."""
    return SUBJECT_BOOST * min(len(asked & stated), MAX_SUBJECTS)
