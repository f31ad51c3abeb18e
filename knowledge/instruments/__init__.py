"""The instrument catalogue: EU cluster and SME support instruments, and cluster facts.

The catalogue is a YAML file (``knowledge/data/instruments.yml``) read by :func:`load_catalogue`,
which checks every entry and names file, entry and field when one is wrong. Lookups forgive case,
accents, punctuation and small misspellings (:meth:`Catalogue.lookup`); :func:`select_aspects`
tells which part of an entry a question asks about ("how much?" -> budget).

Modules: ``records`` (the dataclasses), ``loader`` (reading and checking the file), ``names``
(folding), ``catalogue`` (lookups), ``aspects`` (what a question asks about). Import from this
package. Nothing is read at import time.
"""

from knowledge.instruments.aspects import ASPECTS, Aspect, aspect_fields, select_aspects
from knowledge.instruments.catalogue import (
    LOOKUP_CUTOFF,
    SUGGEST_CUTOFF,
    Catalogue,
    names_of,
)
from knowledge.instruments.loader import InstrumentCatalogueError, load_catalogue
from knowledge.instruments.names import MAX_TEXT_CHARS
from knowledge.instruments.records import (
    DEFAULT_CATALOGUE,
    STATUSES,
    ClusterFact,
    ClusterFacts,
    Figure,
    Instrument,
    InstrumentStatus,
)

__all__ = [
    "ASPECTS",
    "DEFAULT_CATALOGUE",
    "LOOKUP_CUTOFF",
    "MAX_TEXT_CHARS",
    "STATUSES",
    "SUGGEST_CUTOFF",
    "Aspect",
    "Catalogue",
    "ClusterFact",
    "ClusterFacts",
    "Figure",
    "Instrument",
    "InstrumentCatalogueError",
    "InstrumentStatus",
    "aspect_fields",
    "load_catalogue",
    "names_of",
    "select_aspects",
]
