"""The EU Funding & Tenders portal search API client (grant topics, open + forthcoming).

Modules: :mod:`~knowledge.calls.portal_client.request` (endpoint, query, limits, request body),
:mod:`~knowledge.calls.portal_client.retry` (retry policy, ``Retry-After``),
:mod:`~knowledge.calls.portal_client.client` (:class:`PortalClient`: paging and conversion).
Parsing is pure and lives in :mod:`knowledge.calls.portal_parse`.
"""

from knowledge.calls.portal_client.client import FetchResult, PortalClient
from knowledge.calls.portal_client.request import (
    API_KEY,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    MAX_ATTEMPTS_LIMIT,
    MAX_PAGE_SIZE,
    MAX_PAGES_LIMIT,
    SEARCH_LANGUAGES,
    SEARCH_QUERY,
    SEARCH_SORT,
)
from knowledge.calls.portal_client.retry import RETRY_STATUSES, Backoff, Sleep, parse_retry_after

__all__ = [
    "API_KEY",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_TIMEOUT",
    "MAX_ATTEMPTS_LIMIT",
    "MAX_PAGES_LIMIT",
    "MAX_PAGE_SIZE",
    "RETRY_STATUSES",
    "SEARCH_LANGUAGES",
    "SEARCH_QUERY",
    "SEARCH_SORT",
    "Backoff",
    "FetchResult",
    "PortalClient",
    "Sleep",
    "parse_retry_after",
]
