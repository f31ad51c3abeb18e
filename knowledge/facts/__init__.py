"""Fact cards and their retrieval: funding knowledge answered one statement or figure at a time.

Cards come from ``knowledge/data/facts/cards.yml`` (the figures and facts of the two European
Commission presentations in ``knowledge/data/sources/``, :func:`load_cards`) and from the
instrument catalogue (what each instrument is, who can apply, how, when; :func:`catalogue_cards`).
:class:`FactIndex` retrieves them (same embedder as partner search, the partner BM25F index for
keywords, fused); :class:`FactAnswerer` answers a question with the best card and its source, or
"not known" below a measured confidence floor or for a programme name nothing knows.

Modules: ``records``, ``loader``, ``catalogue_cards``, ``question`` (aspects, value kinds and
programme-like names in a question), ``unknown`` (portal programmes and single unknown words),
``lexicon`` (the cues of the other reply languages, ``data/facts/lexicon.yml``), ``foreign``
(programme names in those languages), ``known`` (the unknown-name check), ``index``,
``answer``, ``service`` (building it all from the shipped files).
Nothing is read at import time.
"""

from knowledge.facts.answer import CONFIDENCE_FLOOR, FactAnswerer, Ranked
from knowledge.facts.catalogue_cards import catalogue_cards
from knowledge.facts.index import FactIndex
from knowledge.facts.loader import load_cards
from knowledge.facts.question import card_aspects, programme_names
from knowledge.facts.records import CARD_ASPECTS, DEFAULT_CARDS, GENERAL_TOPICS, FactCard, Source
from knowledge.facts.service import all_cards, build_answerer

__all__ = [
    "CARD_ASPECTS",
    "CONFIDENCE_FLOOR",
    "DEFAULT_CARDS",
    "GENERAL_TOPICS",
    "FactAnswerer",
    "FactCard",
    "FactIndex",
    "Ranked",
    "Source",
    "all_cards",
    "build_answerer",
    "card_aspects",
    "catalogue_cards",
    "load_cards",
    "programme_names",
]
