"""Wire shapes of the custom payloads the action server sends and the channels render.

Standard library only (``typing.TypedDict``), imported by both environments: the action side
builds these (``actions/partners/replies.py`` for partners, ``actions/funding/replies.py`` for
calls and fact answers; one builder per payload type), the Rasa side's channels read them
(``bot/channels/payloads.py``, ``slack_blocks.py``, ``teams_cards.py``, the web widget). Every
payload is a JSON object with a ``type``; values are JSON types only. :func:`fact_source_text`
is the one wording of a fact's source, for the text reply and every channel.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, TypedDict

#: The ``type`` values of the custom payloads.
PARTNER_RESULTS: Literal["partner_results"] = "partner_results"
PARTNER_PROFILE: Literal["partner_profile"] = "partner_profile"
CALL_RESULTS: Literal["call_results"] = "call_results"
#: The ``type`` of the answer to "why this one?" (:class:`MatchReason`).
MATCH_REASON: Literal["match_reason"] = "match_reason"
#: The ``type`` of a fact answer payload.
FACT_ANSWER: Literal["fact_answer"] = "fact_answer"
#: Payload types drawn as result cards by every channel.
CARD_TYPES: tuple[str, ...] = (PARTNER_RESULTS, CALL_RESULTS, FACT_ANSWER)
#: Who gave the presentations the fact cards cite (a source with an event is one of them).
PRESENTATION_AUTHOR = "European Commission"

#: THE field of every custom payload (and of bot message metadata) that carries the language of
#: the conversation (ISO 639-1: "en", "de", ...); channels label their cards in it and the web
#: widget follows it. Read it with :func:`payload_language`.
LANGUAGE_FIELD = "language"
#: The intent a client sends to change the conversation language, with a ``language`` entity:
#: ``/switch_language{"language": "de"}`` (:func:`switch_language_payload`).
SWITCH_LANGUAGE_INTENT = "switch_language"
#: Match strength words of a partner card (thresholds: ``knowledge/partners/strength.py``).
STRENGTHS: tuple[str, ...] = ("strong", "good", "partial")


def payload_language(payload: object, default: str = "en") -> str:
    """The conversation language a payload carries (:data:`LANGUAGE_FIELD`), else ``default``.

    Only the code's form is checked here (two letters); whether the assistant replies in it is
    :func:`i18n.reply_language`'s decision.
    """
    value = payload.get(LANGUAGE_FIELD) if isinstance(payload, dict) else None
    if isinstance(value, str) and len(value) == 2 and value.isalpha():
        return value.lower()
    return default


def switch_language_payload(code: str) -> str:
    """The message a client sends to switch the conversation to language ``code``."""
    return f'/{SWITCH_LANGUAGE_INTENT}{{"language": "{code}"}}'


class CardAction(TypedDict):
    """A button of a card: ``kind`` says what it does, ``payload`` is the message it sends.

    Kinds: ``details``, ``more_like_this``, ``show_more``, ``remove_filter``. Channels label it
    from the message catalogues (``cards.action.<kind>``) in the payload's language.
    """

    kind: str
    payload: str


class MatchReasonData(TypedDict, total=False):
    """What of a profile matched (``knowledge.partners.results.MatchReason.to_dict``)."""

    technologies: list[str]
    sectors: list[str]
    name: list[str]
    places: list[str]
    related: list[str]
    label: str
    similar_to: str


class PartnerItem(TypedDict):
    """One organisation card of a ``partner_results`` payload.

    ``why`` is the plain reason in the conversation language, built from ``reason`` alone
    ("works on green hydrogen and fuel cells; energy sector; Hamburg"); ``strength`` is the
    qualitative match strength (None where no threshold applies: filter-only results, "more like
    this"); ``score``, ``similarity`` and ``keyword_score`` are the raw numbers, for integrations
    only. ``technologies`` are the two or three that matched. ``link`` is the website, else the
    profile's source page.
    """

    id: str
    name: str
    acronym: str | None
    country: str
    city: str | None
    region: str | None
    place: str
    sectors: list[str]
    technologies: list[str]
    score: float
    similarity: float | None
    keyword_score: float | None
    strength: str | None
    why: str
    reason: MatchReasonData
    website: str | None
    source_url: str | None
    link: str | None
    actions: list[CardAction]


class FilterChip(TypedDict):
    """An active filter of a result list, shown as a removable chip."""

    filter: str
    value: str
    label: str
    remove: str


class PartnerRequest(TypedDict):
    """The request as understood, as the user would say it: ``"hydrogen storage · Germany"``.

    ``topic`` is the query's meaningful words (no "partners in"), or "like <name>" for a
    "more like this" list; ``chips`` the active filters.
    """

    topic: str
    chips: list[FilterChip]
    text: str


class PartnerResults(TypedDict):
    """``partner_results``: one page of a partner search (cards numbered from the page).

    ``offset`` counts the results before this page; ``more`` is the "Show more" action while
    more exist (else None); ``language`` the conversation language (:data:`LANGUAGE_FIELD`).
    """

    type: Literal["partner_results"]
    query: str
    filters: dict[str, str]
    page: int
    page_size: int
    offset: int
    total: int
    items: list[PartnerItem]
    request: PartnerRequest
    more: CardAction | None
    language: str


class _ProfileRequired(TypedDict):
    id: str
    name: str
    country: str
    sectors: list[str]


class ProfileDetail(_ProfileRequired, total=False):
    """A cluster profile as stored (corpus format; unset optional fields are left out)."""

    technologies: list[str]
    description: str
    acronym: str
    city: str
    region: str
    website: str
    members: int
    founded: int
    label: str
    source_url: str
    retrieved_via: str


class MatchReason(TypedDict):
    """``match_reason``: why one shown result was suggested ("why this one?", "why the second?").

    ``result_kind`` is ``partner`` or ``call``; ``id`` and ``name`` (the call's title) name the
    result; ``position`` is its 1-based number in the list shown (None when it was not in it);
    ``why`` the plain reason in the conversation language (the same words as the text reply);
    ``reason`` the stored :class:`MatchReasonData` of a partner card (``{}`` for calls and when
    nothing was stored); ``request`` the request text of the list it came from; ``language`` the
    conversation language (:data:`LANGUAGE_FIELD`). Built by
    ``actions.partners.replies.match_reason_payload`` only.
    """

    type: Literal["match_reason"]
    result_kind: Literal["partner", "call"]
    id: str
    name: str
    position: int | None
    why: str
    reason: MatchReasonData
    request: str
    language: str


class PartnerProfile(TypedDict):
    """``partner_profile``: the full profile of one organisation ("tell me about number 2")."""

    type: Literal["partner_profile"]
    item: ProfileDetail


class _CallItemRequired(TypedDict):
    id: str
    title: str
    programme: str | None
    status: str
    deadline: str | None
    url: str


class CallItem(_CallItemRequired, total=False):
    """One funding call card: ``deadline`` is the next applicant deadline, else the last one.

    Cards also get, when known: ``days_left`` (days from the payload's ``today`` to
    ``deadline``, for a call not yet closed), ``budget_min``/``budget_max`` (EU contribution per
    grant, euro) and ``action_type`` (type-of-action code: RIA, IA, CSA...).
    """

    days_left: int | None
    budget_min: int | None
    budget_max: int | None
    action_type: str | None


class _CallResultsRequired(TypedDict):
    type: Literal["call_results"]
    query: str
    as_of: str
    total: int
    items: list[CallItem]
    nearest_forthcoming: list[CallItem]
    filters: dict[str, str]
    offset: int


class CallResults(_CallResultsRequired, total=False):
    """``call_results``: a page of a calls search, or one described call.

    ``filters`` and ``offset`` were only sent with search pages before; every ``call_results``
    payload now carries them (``{}`` and ``0`` for a described call). ``today`` is the date the
    statuses were computed for, when known; ``language`` the conversation language.
    """

    today: str
    language: str


class FactSource(TypedDict):
    """The source a fact card cites: a document (title, event, date) or a page (url).

    ``date`` is the ISO date of the source, or None for a page that states no date (the
    answer's ``source_checked`` then says when the page was read).
    """

    title: str
    event: str
    date: str | None
    url: str


class FactAlternative(TypedDict):
    """Another card that matched a fact question, next best first."""

    id: str
    statement: str
    value: str
    instrument: str
    aspect: str
    as_of: str | None
    confidence: float


class FactAnswer(TypedDict):
    """``fact_answer``: a question about funding instruments or cluster facts, answered from the
    fact cards (``knowledge.facts``).

    ``verdict`` is ``"answered"`` (the best card's fields are set) or ``"not_known"`` (they are
    ``None``; ``closest_instruments`` names known instruments to offer, ``unknown_name`` the
    programme-like name the question used that no card knows, if any). ``as_of`` and
    ``source.date`` are the ISO date of the statement's source, or None when the source is an
    undated page: then ``source_checked`` is the ISO date the page was read (never presented as
    the date of the statement). ``refers_to`` is the year or period the statement is about when
    its source says one ("2014-2020"), else None.
    """

    type: Literal["fact_answer"]
    verdict: Literal["answered", "not_known"]
    question: str
    card_id: str | None
    statement: str | None
    value: str | None
    instrument: str | None
    instrument_name: str | None
    aspect: str | None
    as_of: str | None
    source: FactSource | None
    confidence: float
    alternatives: list[FactAlternative]
    closest_instruments: list[str]
    unknown_name: str | None
    source_checked: str | None
    refers_to: str | None


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(iso: str) -> str:
    """``2018-02-22`` -> ``22 February 2018`` (the text unchanged when it is not an ISO date)."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def fact_source_text(
    source: FactSource, checked: str | None = None, refers_to: str | None = None
) -> str:
    """THE wording of a fact card's source, used by the text reply and by every channel's card.

    A presentation (a source with an event): ``Source: European Commission, '<title>', <event>,
    <22 February 2018>``. A dated document on a page: ``Source: <title>, <2 July 2014> (<url>)``.
    An undated page: ``Source: <title> (from <url>, read on <21 November 2026>)``: the day it was
    read, never "as of". A ``refers_to`` period is added: ``; about 2014-2020``.

    Args:
        source: The ``source`` of a ``fact_answer`` payload (read tolerantly).
        checked: The payload's ``source_checked`` (for an undated page).
        refers_to: The payload's ``refers_to``.

    Returns:
        The line.
    """
    title = source.get("title") or ""
    when = source.get("date") or ""
    url = source.get("url") or ""
    if source.get("event"):
        line = f"Source: {PRESENTATION_AUTHOR}, '{title}', {source['event']}, {long_date(when)}"
    elif when:
        line = f"Source: {title or url}, {long_date(when)}" + (f" ({url})" if url and title else "")
    else:
        where = [f"from {url}"] if url else []
        if checked:
            where.append(f"read on {long_date(checked)}")
        line = f"Source: {title or url}" + (f" ({', '.join(where)})" if where else "")
    if refers_to:
        line += f"; about {refers_to}"
    return line
