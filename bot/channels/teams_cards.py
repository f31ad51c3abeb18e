"""Microsoft Teams rendering: bot messages as Bot Framework activity fields with Adaptive Cards.

Pure functions, no I/O. Each returns the fields of one outgoing ``message`` activity: ``text``
and/or ``attachments`` holding one Adaptive Card (schema 1.4, which Teams renders on desktop,
web and mobile).

Buttons are ``Action.Submit`` with ``data = {"payload": ..., "title": ...}``. Teams sends a click
back as a message activity whose ``value`` is that data; :mod:`bot.channels.teams` turns
``value["payload"]`` into the user message, so a click works like typing the payload.
Links open with ``Action.OpenUrl`` and only for http(s) URLs.
"""

from __future__ import annotations

from typing import Any

from bot.channels.payloads import (
    fact_buttons,
    fact_lines,
    fact_source,
    fact_title,
    has_more,
    intent_payload,
    is_web_url,
    ordinal_base,
    partner_results_title,
)

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.4"


def submit(title: str, payload: str) -> dict[str, Any]:
    """An ``Action.Submit`` button whose click sends ``payload`` as the user's message."""
    return {"type": "Action.Submit", "title": title, "data": {"payload": payload, "title": title}}


def open_url(title: str, url: str) -> dict[str, Any]:
    """An ``Action.OpenUrl`` button."""
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def text_block(text: str, **style: Any) -> dict[str, Any]:
    """A wrapping ``TextBlock``."""
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> dict:
    """An Adaptive Card attachment."""
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": body,
    }
    if actions:
        content["actions"] = actions
    return {"contentType": CARD_CONTENT_TYPE, "content": content}


def text_message(text: str) -> dict[str, Any]:
    """A plain bot message."""
    return {"text": text, "textFormat": "plain"}


def buttons_message(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """Text with Rasa buttons as a card: ``payload`` buttons submit, ``url`` buttons open links."""
    actions = []
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "?")
        if is_web_url(button.get("url")):
            actions.append(open_url(title, button["url"]))
        else:
            actions.append(submit(title, str(button.get("payload") or title)))
    return {"attachments": [card([text_block(text)] if text else [], actions)]}


def partner_results(payload: dict[str, Any]) -> dict[str, Any]:
    """A card listing organisations: name, place and sectors, why it matched, and buttons."""
    items = payload.get("items") or []
    base = ordinal_base(payload)
    title = partner_results_title(payload)
    body: list[dict[str, Any]] = [text_block(title, weight="Bolder", size="Medium")]
    for position, item in enumerate(items, start=1):
        number = base + position
        name = str(item.get("name") or item.get("id") or "?")
        if item.get("acronym"):
            name += f" ({item['acronym']})"
        where = item.get("place") or item.get("country") or ""
        sectors = ", ".join(item.get("sectors") or [])
        parts = [text_block(f"{number}. {name}", weight="Bolder")]
        details = " · ".join(part for part in (where, sectors) if part)
        if details:
            parts.append(text_block(details, isSubtle=True, spacing="None"))
        if item.get("why"):
            parts.append(text_block(str(item["why"]), spacing="Small"))
        actions = [
            submit("Details", intent_payload("select_result", ordinal=str(number))),
            submit("More like this", intent_payload("find_similar", ordinal=str(number))),
        ]
        website = item.get("website") or item.get("source_url")
        if is_web_url(website):
            actions.append(open_url("Website", website))
        parts.append({"type": "ActionSet", "actions": actions})
        body.append({"type": "Container", "separator": True, "spacing": "Medium", "items": parts})
    more = [submit("Show more", intent_payload("show_more"))] if has_more(payload) else []
    return {"text": title, "attachments": [card(body, more)]}


def call_results(payload: dict[str, Any]) -> dict[str, Any]:
    """A card listing funding calls: title, programme, status and deadline, and buttons."""
    items = payload.get("items") or []
    base = ordinal_base(payload)
    query = payload.get("query") or ""
    title = f'{len(items)} funding calls for "{query}"' if query else f"{len(items)} funding calls"
    body: list[dict[str, Any]] = [text_block(title, weight="Bolder", size="Medium")]
    for position, item in enumerate(items, start=1):
        number = base + position
        label = str(item.get("title") or item.get("id") or "?")
        facts = [
            {"title": name, "value": str(item[key])}
            for key, name in (
                ("id", "Identifier"),
                ("programme", "Programme"),
                ("status", "Status"),
                ("deadline", "Deadline"),
            )
            if item.get(key)
        ]
        actions = [submit("Details", intent_payload("select_result", ordinal=str(number)))]
        if is_web_url(item.get("url")):
            actions.append(open_url("Open in portal", item["url"]))
        body.append(
            {
                "type": "Container",
                "separator": True,
                "spacing": "Medium",
                "items": [
                    text_block(f"{number}. {label}", weight="Bolder"),
                    {"type": "FactSet", "facts": facts},
                    {"type": "ActionSet", "actions": actions},
                ],
            }
        )
    if payload.get("as_of"):
        body.append(text_block(f"Calls data as of {payload['as_of']}", isSubtle=True, size="Small"))
    return {"text": title, "attachments": [card(body)]}


def fact_answer(payload: dict[str, Any]) -> dict[str, Any]:
    """A card with the statement (or "I don't know") and its source line.

    A fact not known offers the closest known instruments as buttons ("What is <name>?").
    """
    body: list[dict[str, Any]] = [text_block(fact_title(payload), weight="Bolder", size="Medium")]
    body.extend(text_block(line) for line in fact_lines(payload))
    source = fact_source(payload)
    if source:
        body.append(text_block(source, isSubtle=True, size="Small"))
    actions = [submit(name, message) for name, message in fact_buttons(payload)]
    return {"text": " ".join(fact_lines(payload)), "attachments": [card(body, actions)]}


RENDERERS = {
    "partner_results": partner_results,
    "call_results": call_results,
    "fact_answer": fact_answer,
}


def custom_message(payload: dict[str, Any]) -> dict[str, Any] | None:
    """Renders a ``custom`` payload; None for a payload Teams cannot show.

    A payload that is already an Adaptive Card (``{"type": "AdaptiveCard", ...}``) is sent as is.
    """
    renderer = RENDERERS.get(payload.get("type"))
    if renderer is not None:
        return renderer(payload)
    if payload.get("type") == "AdaptiveCard":
        return {"attachments": [{"contentType": CARD_CONTENT_TYPE, "content": payload}]}
    return None


def submitted_text(value: Any) -> str | None:
    """The user message a card submit stands for: its ``payload``, else None."""
    if isinstance(value, dict) and isinstance(value.get("payload"), str) and value["payload"]:
        return value["payload"]
    return None
