"""The calls store package: build, open and search the SQLite calls store.

Modules: :mod:`~knowledge.calls.store.call_store` (the :class:`CallStore`: atomic build, read-only
open, search), :mod:`~knowledge.calls.store.schema` (file format), :mod:`~knowledge.calls.store.fts`
(keyword retrieval and the rank hook), :mod:`~knowledge.calls.store.filters` (search arguments,
SQL filters, the status rule and result order).
"""

from knowledge.calls.store.call_store import BUILD_HINT, NEAREST_LIMIT, CallStore
from knowledge.calls.store.filters import MAX_K
from knowledge.calls.store.fts import RankHook
from knowledge.calls.store.schema import FIELD_WEIGHTS, SCHEMA_VERSION

__all__ = [
    "BUILD_HINT",
    "FIELD_WEIGHTS",
    "MAX_K",
    "NEAREST_LIMIT",
    "SCHEMA_VERSION",
    "CallStore",
    "RankHook",
]
