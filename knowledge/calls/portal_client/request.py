"""The portal search request: endpoint, query, paging limits, timeouts, parameters and form.

Request (see ``knowledge/data/calls/API_NOTES.md``)::

    POST {base_url}?apiKey=SEDIA&text=***&pageSize=100&pageNumber=N
    Content-Type: multipart/form-data; three parts, each a JSON "file" (filename "blob",
    Content-Type application/json): query, sort, languages

Sent as anything but multipart, the server ignores the filter and returns mostly FAQ documents, so
the parts are built explicitly (a new :class:`aiohttp.FormData` per attempt: a form body is
consumed when sent).

The limits a client accepts (:data:`MAX_PAGES_LIMIT`, :data:`MAX_ATTEMPTS_LIMIT`) are owned here
and used by both :class:`~knowledge.calls.portal_client.client.PortalClient` and the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import aiohttp

from knowledge.calls.portal_parse import FAQ_DATASOURCE, GRANT_TOPIC_TYPE, STATUS_BY_CODE

DEFAULT_BASE_URL = "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
#: Not a secret: the public key that names the portal's topics index.
API_KEY = "SEDIA"
#: The server caps ``pageSize`` at 100.
MAX_PAGE_SIZE = 100
DEFAULT_MAX_PAGES = 50
DEFAULT_MAX_ATTEMPTS = 4
#: Largest ``max_pages`` a client accepts.
MAX_PAGES_LIMIT = 10_000
#: Largest ``max_attempts`` (per page) a client accepts.
MAX_ATTEMPTS_LIMIT = 20
#: Per request: 10 s to connect, 30 s between bytes, 60 s for the whole exchange.
DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=60, connect=10, sock_connect=10, sock_read=30)


#: Grant topics (type 1) that are forthcoming or open; portal FAQs excluded explicitly.
SEARCH_QUERY: dict[str, Any] = {
    "bool": {
        "must": [
            {"terms": {"type": [GRANT_TOPIC_TYPE]}},
            {
                "terms": {
                    "status": [c for c, s in STATUS_BY_CODE.items() if s in ("open", "forthcoming")]
                }
            },
        ],
        "must_not": [{"terms": {"DATASOURCE": [FAQ_DATASOURCE]}}],
    }
}
SEARCH_SORT: dict[str, str] = {"field": "startDate", "order": "DESC"}
SEARCH_LANGUAGES: tuple[str, ...] = ("en",)


def search_params(page_size: int, page_number: int) -> dict[str, str]:
    """Return the query-string parameters of one page request.

    Args:
        page_size: Results per page.
        page_number: 1-based page number.

    Returns:
        The parameters.
    """
    return {
        "apiKey": API_KEY,
        "text": "***",
        "pageSize": str(page_size),
        "pageNumber": str(page_number),
    }


def search_form(languages: Sequence[str]) -> aiohttp.FormData:
    """Return a new multipart body (query, sort, languages) for one attempt.

    Args:
        languages: The ``languages`` part of the query.

    Returns:
        The form (consumed when sent: build one per attempt).
    """
    form = aiohttp.FormData()
    for name, value in (
        ("query", SEARCH_QUERY),
        ("sort", SEARCH_SORT),
        ("languages", list(languages)),
    ):
        form.add_field(name, json.dumps(value), filename="blob", content_type="application/json")
    return form
