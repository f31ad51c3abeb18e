"""The search API's envelope: the portal's codes and one parsed page of results (pure).

The search API (see ``knowledge/data/calls/API_NOTES.md``) answers with an envelope
``{"totalResults", "pageNumber", "pageSize", "results": [...]}``; :func:`parse_search_page`
checks it and returns the raw results for :mod:`~knowledge.calls.portal_parse.topics`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from knowledge.calls.errors import PortalResponseError
from knowledge.calls.records import Status

#: The portal's status codes (facet API labels).
STATUS_BY_CODE: dict[str, Status] = {
    "31094501": "forthcoming",
    "31094502": "open",
    "31094503": "closed",
}
#: ``type`` code of grant topics (0 tenders, 2 other grants, 8 cascade funding).
GRANT_TOPIC_TYPE = "1"
#: Data source of portal FAQ documents: what the server returns when it ignores the filter.
FAQ_DATASOURCE = "SEDIA_FAQ"


@dataclass(frozen=True)
class SearchPage:
    """One parsed page of the search API.

    Attributes:
        total_results: ``totalResults`` announced by the server (duplicates included).
        results: The raw result objects, in server order.
    """

    total_results: int
    results: tuple[dict[str, Any], ...]


def parse_search_page(body: bytes | str) -> SearchPage:
    """Parse the body of one search response.

    Args:
        body: The raw HTTP body.

    Returns:
        The page.

    Raises:
        PortalResponseError: The body is not JSON, or not an object with an integer
            ``totalResults`` and a ``results`` list of objects.
    """
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        snippet = body[:80] if isinstance(body, str) else body[:80].decode("utf-8", "replace")
        raise PortalResponseError(
            f"the portal's answer is not valid JSON ({exc}); it began with {snippet!r}"
        ) from None
    if not isinstance(data, dict):
        raise PortalResponseError(
            f"the portal's answer is a JSON {type(data).__name__}, not a search envelope object"
        )
    total = data.get("totalResults")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise PortalResponseError(
            f"the portal's answer has no valid 'totalResults' (got {total!r:.40}); "
            "is the base URL the search endpoint?"
        )
    results = data.get("results")
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise PortalResponseError(
            f"the portal's answer has no 'results' list of objects (got {results!r:.60})"
        )
    return SearchPage(total_results=total, results=tuple(results))
