"""What a result card says, worded once for every channel: the web widget, Slack and Teams.

A ``partner_results`` or ``call_results`` payload (:mod:`contracts.payloads`) becomes a *view*:
plain strings in the payload's language (:func:`contracts.payloads.payload_language`) taken
from the message catalogues (``cards.*``), plus the payloads the buttons send. Slack
(``slack_blocks.py``) and Teams (``teams_cards.py``) draw a view in their own formats; the web
channel sends it to the widget as the payload's ``display``, so the widget formats nothing.

Payloads arrive as JSON from the action server: every field is read tolerantly, and an older
payload without ``request``, ``actions`` or ``strength`` still gives a complete view.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.channels.payloads import has_more, intent_payload, is_web_url, ordinal_base
from contracts.payloads import STRENGTHS, payload_language
from i18n import format_date, format_euro, plural, reply_language, text
from taxonomy.stopwords import call_request_stopwords, topic_words

#: The kinds of card buttons and the catalogue key of their label.
ACTION_KEYS = {
    "details": "cards.action.details",
    "more_like_this": "cards.action.more_like_this",
    "show_more": "cards.action.show_more",
}


def _str(value: Any) -> str:
    return str(value) if isinstance(value, str | int | float) and value != "" else ""


def _date(iso: Any, language: str) -> str:
    try:
        return format_date(date.fromisoformat(str(iso)[:10]), language)
    except ValueError:
        return _str(iso)


def _item_actions(item: dict[str, Any], number: int, name: str, language: str) -> list[dict]:
    """The card's buttons: from the payload's ``actions``, else Details and More like this."""
    actions = item.get("actions")
    if not isinstance(actions, list) or not actions:
        ordinal = str(number)
        actions = [
            {"kind": "details", "payload": intent_payload("select_result", ordinal=ordinal)},
            {"kind": "more_like_this", "payload": intent_payload("find_similar", ordinal=ordinal)},
        ]
    out = []
    for action in actions:
        kind = action.get("kind") if isinstance(action, dict) else None
        payload = action.get("payload") if isinstance(action, dict) else None
        if kind not in ACTION_KEYS or not isinstance(payload, str):
            continue
        label_key = {
            "details": "cards.action.details_of",
            "more_like_this": "cards.action.more_like_of",
        }
        out.append(
            {
                "kind": kind,
                "title": text(ACTION_KEYS[kind], language),
                "label": text(label_key[kind], language, name=name) if kind in label_key else "",
                "payload": payload,
            }
        )
    return out


def partner_card(item: dict[str, Any], number: int, language: str) -> dict[str, Any]:
    """The view of one organisation card (``details``: place and sectors on one line)."""
    name = _str(item.get("name")) or _str(item.get("id")) or "?"
    if item.get("acronym"):
        name += f" ({item['acronym']})"
    link = item.get("link") or item.get("website") or item.get("source_url")
    own_site = bool(item.get("website")) and link == item.get("website")
    strength = item.get("strength") if item.get("strength") in STRENGTHS else None
    technologies = [str(t) for t in item.get("technologies") or [] if t][:3]
    sectors = [str(s) for s in item.get("sectors") or [] if s]
    place = _str(item.get("place")) or _str(item.get("country"))
    return {
        "number": number,
        "name": name,
        "place": place,
        "details": " · ".join(part for part in (place, ", ".join(sectors)) if part),
        "sectors_label": text("cards.field.sectors", language),
        "sectors": ", ".join(sectors),
        "technologies_label": text("cards.field.technologies", language),
        "technologies": technologies,
        "why_label": text("cards.field.why", language),
        "why": _str(item.get("why")),
        "strength": strength,
        "strength_label": text(f"cards.strength.{strength}", language) if strength else "",
        "link": (
            {
                "url": link,
                "label": text("cards.link.website" if own_site else "cards.link.source", language),
            }
            if is_web_url(link)
            else None
        ),
        "actions": _item_actions(item, number, name, language),
    }


def _chips(payload: dict[str, Any], language: str) -> list[dict[str, str]]:
    request = payload.get("request") if isinstance(payload.get("request"), dict) else {}
    chips = request.get("chips")
    if not isinstance(chips, list):  # an older payload: one chip per filter, value as it is
        chips = [
            {"filter": k, "value": v, "label": v, "remove": intent_payload("inform", drop_filter=k)}
            for k, v in (payload.get("filters") or {}).items()
            if isinstance(v, str)
        ]
    out = []
    for chip in chips:
        if not isinstance(chip, dict) or not isinstance(chip.get("remove"), str):
            continue
        label = _str(chip.get("label")) or _str(chip.get("value"))
        name = _str(chip.get("filter"))
        key = f"cards.filter.{name}"
        out.append(
            {
                "filter": name,
                "label": label,
                "title": text(key, language, value=label) if name in FILTER_NAMES else label,
                "remove_label": text("cards.action.remove_filter", language, label=label),
                "payload": chip["remove"],
            }
        )
    return out


FILTER_NAMES = ("country", "region", "sector", "technology", "label")


def partner_view(payload: dict[str, Any]) -> dict[str, Any]:
    """The view of a ``partner_results`` payload: request, chips, cards, Show more.

    Returns:
        ``{"language", "title", "count", "range", "request_label", "filters_label", "chips",
        "cards", "more", "empty"}``: ``title`` is the request as the user would say it
        ("hydrogen storage · Germany"), ``count`` "23 cluster organisations", ``range``
        "1–5 of 23"; ``more`` the Show more button or None; ``empty`` the line for no result.
    """
    language = reply_language(payload_language(payload))
    items = [i for i in payload.get("items") or [] if isinstance(i, dict)]
    base = (
        payload.get("offset") if isinstance(payload.get("offset"), int) else ordinal_base(payload)
    )
    total = payload.get("total") if isinstance(payload.get("total"), int) else len(items)
    request = payload.get("request") if isinstance(payload.get("request"), dict) else {}
    chips = _chips(payload, language)
    title = _str(request.get("text")) or " · ".join(
        part for part in [_str(payload.get("query")), *(c["label"] for c in chips)] if part
    )
    more = payload.get("more")
    if "more" not in payload and has_more(payload):
        more = {"kind": "show_more", "payload": "/show_more"}
    return {
        "language": language,
        "title": title or text("cards.partners.everything", language),
        "count": plural("cards.partners.heading", total, language),
        "range": (
            text(
                "cards.partners.shown",
                language,
                first=base + 1,
                last=base + len(items),
                total=total,
            )
            if items
            else ""
        ),
        "request_label": text("cards.request", language),
        "filters_label": text("cards.filters", language),
        "chips": chips,
        "cards": [
            partner_card(item, base + position, language)
            for position, item in enumerate(items, start=1)
        ],
        "more": (
            {"title": text("cards.action.show_more", language), "payload": more["payload"]}
            if isinstance(more, dict) and isinstance(more.get("payload"), str)
            else None
        ),
        "empty": "" if items else text("cards.partners.none", language),
    }


def _budget(item: dict[str, Any], language: str) -> str:
    low, high = item.get("budget_min"), item.get("budget_max")
    low = low if isinstance(low, int) and low > 0 else None
    high = high if isinstance(high, int) and high > 0 else None
    if low and high and low != high:
        return text(
            "cards.calls.budget_range",
            language,
            low=format_euro(low, language),
            high=format_euro(high, language),
        )
    if high:
        return text("cards.calls.budget_upto", language, high=format_euro(high, language))
    if low:
        return text("cards.calls.budget_from", language, low=format_euro(low, language))
    return ""


def call_card(item: dict[str, Any], number: int, language: str) -> dict[str, Any]:
    """The view of one funding call card.

    Besides each field, ``lines`` is what every channel shows under the title, in this order:
    the call's id (when the title is not the id), programme, status with the days left,
    deadline, budget range, type of action; empty parts left out.
    """
    status = _str(item.get("status"))
    days = item.get("days_left")
    if isinstance(days, int) and days >= 0:
        left = (
            text("cards.calls.closes_today", language)
            if days == 0
            else plural("cards.calls.days_left", days, language)
        )
    else:
        left = ""
    deadline = item.get("deadline")
    title = _str(item.get("title")) or _str(item.get("id")) or "?"
    url = item.get("url")
    card = {
        "number": number,
        "title": title,
        "id": _str(item.get("id")),
        "programme": (
            text("cards.calls.programme", language, name=item["programme"])
            if item.get("programme")
            else ""
        ),
        "status": status,
        "status_label": (
            text(f"cards.calls.status.{status}", language)
            if status in ("open", "forthcoming", "closed")
            else status
        ),
        "days_left": left,
        "deadline": (
            text("cards.calls.deadline", language, date=_date(deadline, language))
            if deadline
            else ""
        ),
        "budget": _budget(item, language),
        "action_type": (
            text("cards.calls.action_type", language, code=item["action_type"])
            if item.get("action_type")
            else ""
        ),
        "link": (
            {"url": url, "label": text("cards.link.call", language)} if is_web_url(url) else None
        ),
        "actions": [
            {
                "kind": "details",
                "title": text("cards.action.details", language),
                "label": text("cards.action.details_of", language, name=title),
                "payload": intent_payload("select_result", ordinal=str(number)),
            }
        ],
    }
    status_line = " · ".join(p for p in (card["status_label"], card["days_left"]) if p)
    card["lines"] = [
        line
        for line in (
            card["id"] if card["id"] != title else "",
            card["programme"],
            status_line,
            card["deadline"],
            card["budget"],
            card["action_type"],
        )
        if line
    ]
    return card


def call_view(payload: dict[str, Any]) -> dict[str, Any]:
    """The view of a ``call_results`` payload (cards in the order the payload gives them).

    ``title`` is the topic as the user would say it ("Batterien" for "Gibt es offene
    Ausschreibungen zu Batterien?"): the query without the function and request words of the
    payload's language (:func:`taxonomy.stopwords.call_request_stopwords`).

    Returns:
        ``{"language", "title", "count", "as_of", "cards", "more"}``.
    """
    language = reply_language(payload_language(payload))
    items = [i for i in payload.get("items") or [] if isinstance(i, dict)]
    base = (
        payload.get("offset") if isinstance(payload.get("offset"), int) else ordinal_base(payload)
    )
    total = payload.get("total") if isinstance(payload.get("total"), int) else len(items)
    as_of = payload.get("as_of")
    return {
        "language": language,
        "title": topic_words(_str(payload.get("query")), call_request_stopwords(language)),
        "count": plural("cards.calls.heading", total, language),
        "as_of": text("cards.calls.as_of", language, date=_date(as_of, language)) if as_of else "",
        "cards": [
            call_card(item, base + position, language)
            for position, item in enumerate(items, start=1)
        ],
        "more": (
            {"title": text("cards.action.show_more", language), "payload": "/show_more"}
            if total > base + len(items)
            else None
        ),
    }
