"""Exceptions of the calls store.

Every error raised on purpose by :mod:`knowledge.calls` derives from :class:`CallsError`, so the
CLI and the actions can catch one type. Messages are one sentence: what went wrong, the value
received, and what to do next.
"""

from __future__ import annotations

from knowledge.errors import DataFileError, KnowledgeError


class CallsError(KnowledgeError):
    """Root of all errors raised by the calls package (a kind of :class:`KnowledgeError`)."""


class SnapshotFormatError(CallsError, DataFileError):
    """A line of a portal snapshot file cannot be read.

    Attributes (from :class:`~knowledge.errors.DataFileError`):
        path: The snapshot file.
        line: 1-based line number.
        field: The offending field, or ``None`` when the whole line is bad (e.g. not JSON).
        problem: What is wrong, including the value received.
    """


class RecordError(CallsError, ValueError):
    """A call record (or its dict form) has a missing or invalid field."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(f"field '{field}': {problem}")


class StoreNotFoundError(CallsError):
    """No calls store exists at the given path."""


class StoreCorruptError(CallsError):
    """The file exists but is not a calls store this code can read."""


class StoreBuildError(CallsError):
    """Building a new store failed; the previous store (if any) was left in place."""


class UnknownProgrammeError(CallsError, ValueError):
    """A programme name given by a user was not recognised."""


class UnknownActionTypeError(CallsError, ValueError):
    """A type of action given by a user was not recognised."""


class InvalidFilterError(CallsError, ValueError):
    """A search filter has an impossible value (negative budget, empty window, bad status)."""


class PortalError(CallsError):
    """Fetching calls from the EU Funding & Tenders portal search API failed."""


class PortalUnavailableError(PortalError):
    """The portal could not be reached or kept failing (429, 5xx, timeouts) after all retries."""


class PortalRequestError(PortalError):
    """The portal refused the request (a 4xx other than 429) or the URL is unusable."""


class PortalResponseError(PortalError):
    """The portal answered with a body that is not the expected search envelope."""


class PortalIncompleteError(PortalError):
    """Paging ended before every result the portal announced was received."""
