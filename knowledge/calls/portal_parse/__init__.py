"""Pure parsing of EU Funding & Tenders portal search API responses (no I/O, no network).

Modules: :mod:`~knowledge.calls.portal_parse.envelope` (the portal's codes, one page),
:mod:`~knowledge.calls.portal_parse.metadata` (a result's metadata fields and their quirks),
:mod:`~knowledge.calls.portal_parse.topics` (a result to a call, skipped results, duplicates).
"""

from knowledge.calls.portal_parse.envelope import (
    FAQ_DATASOURCE,
    GRANT_TOPIC_TYPE,
    STATUS_BY_CODE,
    SearchPage,
    parse_search_page,
)
from knowledge.calls.portal_parse.metadata import (
    all_text,
    decode_embedded_json,
    first,
    salvage_objects,
)
from knowledge.calls.portal_parse.topics import (
    PortalRecord,
    SkippedResult,
    dedupe,
    parse_result,
    result_identifier,
)

__all__ = [
    "FAQ_DATASOURCE",
    "GRANT_TOPIC_TYPE",
    "STATUS_BY_CODE",
    "PortalRecord",
    "SearchPage",
    "SkippedResult",
    "all_text",
    "decode_embedded_json",
    "dedupe",
    "first",
    "parse_result",
    "parse_search_page",
    "result_identifier",
    "salvage_objects",
]
