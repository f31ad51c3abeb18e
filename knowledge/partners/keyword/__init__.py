"""Keyword search over cluster profiles: BM25F over tokenised, weighted profile fields.

Modules: :mod:`~knowledge.partners.keyword.analysis` (tokenising, stop words, fields, query
words, the rules fingerprint), :mod:`~knowledge.partners.keyword.index` (:class:`KeywordIndex`,
its state and incremental maintenance), :mod:`~knowledge.partners.keyword.scoring` (BM25F,
query-word expansion), :mod:`~knowledge.partners.keyword.persistence` (the ``.npz`` file) and
:mod:`~knowledge.partners.keyword.protocol` (the :class:`KeywordRetriever` seam that
:class:`KeywordIndex` implements).
"""

from knowledge.partners.keyword.analysis import (
    FIELDS,
    KEYWORD_FORMAT,
    MAX_TERMS,
    STOPWORDS,
    FieldWeights,
    profile_fields,
    query_terms,
    rules_fingerprint,
    stem,
    tokens,
)
from knowledge.partners.keyword.index import KeywordIndex
from knowledge.partners.keyword.protocol import KeywordHit, KeywordRetriever

__all__ = [
    "FIELDS",
    "KEYWORD_FORMAT",
    "MAX_TERMS",
    "STOPWORDS",
    "FieldWeights",
    "KeywordHit",
    "KeywordIndex",
    "KeywordRetriever",
    "profile_fields",
    "query_terms",
    "rules_fingerprint",
    "stem",
    "tokens",
]
