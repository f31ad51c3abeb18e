"""The records of the fact cards: a card (one statement or figure) and the source it cites.

Plain frozen dataclasses filled by :mod:`knowledge.facts.loader` (the cards of
``knowledge/data/facts/cards.yml``) and :mod:`knowledge.facts.catalogue_cards` (the cards derived
from the instrument catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, get_args

#: The shipped cards file.
DEFAULT_CARDS = Path(__file__).resolve().parents[1] / "data" / "facts" / "cards.yml"

#: What part of an instrument (or of cluster policy) a card states.
CardAspect = Literal[
    "what",
    "offers",
    "who",
    "budget",
    "results",
    "how_to_apply",
    "period",
    "successor",
    "status",
    "outlook",
    "contact",
    "events",
]
CARD_ASPECTS: tuple[CardAspect, ...] = get_args(CardAspect)

#: Instrument values of cards that are about no single catalogue instrument.
GENERAL_TOPICS: dict[str, str] = {
    "cluster-policy": "EU cluster policy",
    "cluster-facts": "Clusters in Europe",
}


@dataclass(frozen=True)
class Source:
    """Where a card's statement comes from.

    Attributes:
        title: Title of the document or page.
        event: Where it was presented (empty for a web page).
        date: The date of the source (a presentation, a dated memo), or None for a page that
            states no date of its own.
        file: The copy shipped in ``knowledge/data/sources/`` (relative to the repository), or "".
        url: The page, or "".
        checked: For an undated page: the date it was read (never passed off as the date of the
            statement).
    """

    title: str
    event: str
    date: date | None
    file: str = ""
    url: str = ""
    checked: date | None = None


@dataclass(frozen=True)
class FactCard:
    """One statement or figure.

    Attributes:
        id: Stable identifier.
        instrument: Catalogue instrument id, or a key of :data:`GENERAL_TOPICS`.
        aspect: What the card states (:data:`CARD_ASPECTS`).
        statement: One sentence as the assistant says it.
        value: The figure or short answer.
        as_of: The date of the statement (the date of its source), or None when the source is an
            undated page (then ``source.checked`` says when it was read).
        source: The source it cites.
        names: Other names of what the card is about (events, reports, bodies).
        refers_to: The year or period the statement refers to when its text says one
            ("2014-2020", "2017"), else "".
        keywords: English words for what the statement is about that its text does not use
            ("tasks" for a card listing what a body does), from the card's own content; read
            by the keyword index and the subject match (:mod:`knowledge.facts.subject`).
    """

    id: str
    instrument: str
    aspect: CardAspect
    statement: str
    value: str
    as_of: date | None
    source: Source
    names: tuple[str, ...] = ()
    refers_to: str = ""
    keywords: tuple[str, ...] = ()
