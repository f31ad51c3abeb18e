"""Conversation state kept in slots: what the actions write and read back.

``last_search`` remembers the last result list shown, so that "show me more", "the second one",
"more like number 2" and "and in France?" can act on it (docs/conversation.md). Written by
``actions/partners/search.py`` and ``actions/funding/calls.py``, read by ``actions/dialogue/navigation.py`` and
``actions/partners/forms.py``; stored by Rasa as an ``any`` slot, so it arrives back as plain JSON.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

#: The kinds of result list ``last_search`` can describe.
LastSearchKind = Literal["partners", "calls"]
LAST_SEARCH_KINDS: tuple[str, ...] = ("partners", "calls")


class _LastSearchRequired(TypedDict):
    kind: LastSearchKind
    query: str
    filters: dict[str, str]
    offset: int
    ids: list[str]
    page_size: int


class LastSearch(_LastSearchRequired, total=False):
    """The ``last_search`` slot value.

    Attributes:
        kind: ``partners`` or ``calls``.
        query: The free text searched ("" when only filters were given).
        filters: The filters as applied (``{"country": "DE"}``; calls: ``{"programme": ...}``).
        offset: Results before the page shown.
        ids: The ids on the page shown, in order (what "the second one" points at).
        page_size: Results per page.
        total: Partner searches: all matching results.
        similar_to: Partner searches: the profile id of a "more like number 2" search.
        language: The message language the search ran in when not English (ISO 639-1): its
            next pages are searched with the same (multilingual) encoder.
        request: The request as the user would say it (the result payload's request text,
            "hydrogen storage · Germany"): what "why this one?" names as the list's request.
        reasons: Partner searches: what matched, per shown id (``MatchReasonData`` as the
            cards carry it), for the ids of ``ids`` only: "why the second?" is answered from
            it for a result shown earlier, without searching again.
    """

    total: int
    similar_to: str
    language: str
    request: str
    reasons: dict[str, dict[str, Any]]
