"""The records of the instrument catalogue: instruments, their figures and the cluster facts.

Plain frozen dataclasses filled by :mod:`knowledge.instruments.loader`; the field list of an
instrument is documented in the header of ``knowledge/data/instruments.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, get_args

#: The shipped catalogue file.
DEFAULT_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "instruments.yml"

InstrumentStatus = Literal["active", "closed", "historical"]
STATUSES: tuple[InstrumentStatus, ...] = get_args(InstrumentStatus)


@dataclass(frozen=True)
class Figure:
    """A fact with a number, as the source gave it.

    Attributes:
        text: The fact, e.g. ``"COSME budget: €19 million"``.
        historical: True when the figure describes a past period.
    """

    text: str
    historical: bool = False


@dataclass(frozen=True)
class Instrument:
    """One instrument of the catalogue (see the header of ``instruments.yml`` for the fields)."""

    id: str
    name: str
    summary: str
    funds: str
    who_can_apply: str
    budget: str
    period: str
    how_to_apply: str
    source_url: str
    source_note: str
    as_of: date
    status: InstrumentStatus
    kind: str = ""
    aliases: tuple[str, ...] = ()
    successor: str | None = None
    figures: tuple[Figure, ...] = ()
    programme: str | None = None
    #: The name in the reply languages as users write it (descriptive translations, declined
    #: forms): matched in messages like an alias, never shown and never embedded.
    translations: tuple[str, ...] = ()

    @property
    def historical_figures(self) -> bool:
        """True when any figure of this instrument is historical."""
        return any(f.historical for f in self.figures)

    def names(self) -> tuple[str, ...]:
        """The canonical name, the id and the aliases."""
        return (self.name, self.id, *self.aliases)


@dataclass(frozen=True)
class ClusterFact:
    """One figure of the cluster facts."""

    id: str
    text: str


@dataclass(frozen=True)
class ClusterFacts:
    """Headline figures about clusters in Europe, their source and the contact."""

    source_name: str
    source_url: str
    source_note: str
    as_of: date
    historical: bool
    facts: tuple[ClusterFact, ...]
    contact: str
    contact_url: str
