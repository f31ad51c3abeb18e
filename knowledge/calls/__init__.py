"""EU funding calls: the portal snapshot, a SQLite store with keyword search, the status rule.

Importing this package opens nothing: stores are opened on purpose with
:meth:`CallStore.open` (once, at action-server start) and built with :meth:`CallStore.build`.
"""

from knowledge.calls.errors import (
    CallsError,
    InvalidFilterError,
    RecordError,
    SnapshotFormatError,
    StoreBuildError,
    StoreCorruptError,
    StoreNotFoundError,
    UnknownActionTypeError,
    UnknownProgrammeError,
)
from knowledge.calls.ingest import (
    SNAPSHOT_AS_OF,
    SNAPSHOT_SOURCE,
    IngestReport,
    load_closed_ids,
    load_snapshot,
    read_snapshot,
)
from knowledge.calls.paths import default_store_path
from knowledge.calls.records import STATUSES, Call, Status
from knowledge.calls.results import CallHit, CallSearchResult, StoreInfo
from knowledge.calls.store import CallStore, RankHook

__all__ = [
    "SNAPSHOT_AS_OF",
    "SNAPSHOT_SOURCE",
    "STATUSES",
    "Call",
    "CallHit",
    "CallSearchResult",
    "CallStore",
    "CallsError",
    "IngestReport",
    "InvalidFilterError",
    "RankHook",
    "RecordError",
    "SnapshotFormatError",
    "Status",
    "StoreBuildError",
    "StoreCorruptError",
    "StoreInfo",
    "StoreNotFoundError",
    "UnknownActionTypeError",
    "UnknownProgrammeError",
    "default_store_path",
    "load_closed_ids",
    "load_snapshot",
    "read_snapshot",
]
