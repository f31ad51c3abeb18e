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

from bot.channels.cards import call_view, partner_view
from bot.channels.payloads import (
    fact_buttons,
    fact_lines,
    fact_source,
    fact_title,
    is_web_url,
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
    """A card listing organisations (:func:`bot.channels.cards.partner_view`).

    The request as understood ("hydrogen storage · Germany") with its filters as removable
    buttons; per organisation its name, place and sectors, match strength and reason, matched
    technologies, and buttons (Details, More like this, the website or source page); "Show more"
    while more exist. Texts in the payload's language.
    """
    view = partner_view(payload)
    head = view["count"] + (f" · {view['range']}" if view["range"] else "")
    body: list[dict[str, Any]] = [
        text_block(view["title"], weight="Bolder", size="Medium"),
        text_block(head, isSubtle=True, spacing="None"),
    ]
    if view["chips"]:
        chips = [submit(f"✕ {chip['title']}", chip["payload"]) for chip in view["chips"]]
        body.append({"type": "ActionSet", "actions": chips})
    if view["empty"]:
        body.append(text_block(view["empty"]))
    for item in view["cards"]:
        parts = [text_block(f"{item['number']}. {item['name']}", weight="Bolder")]
        if item["details"]:
            parts.append(text_block(item["details"], isSubtle=True, spacing="None"))
        if item["strength_label"]:
            parts.append(
                text_block(item["strength_label"], weight="Bolder", color="Accent", spacing="Small")
            )
        if item["why"]:
            parts.append(text_block(item["why"], spacing="None"))
        if item["technologies"]:
            techs = ", ".join(item["technologies"])
            parts.append(text_block(f"{item['technologies_label']}: {techs}", spacing="None"))
        actions = [submit(action["title"], action["payload"]) for action in item["actions"]]
        if item["link"]:
            actions.append(open_url(item["link"]["label"], item["link"]["url"]))
        parts.append({"type": "ActionSet", "actions": actions})
        body.append({"type": "Container", "separator": True, "spacing": "Medium", "items": parts})
    more = [submit(view["more"]["title"], view["more"]["payload"])] if view["more"] else []
    return {"text": f"{view['count']}: {view['title']}", "attachments": [card(body, more)]}


def call_results(payload: dict[str, Any]) -> dict[str, Any]:
    """A card listing funding calls (:func:`bot.channels.cards.call_view`): title, programme,
    status with the days left, deadline, budget range, type of action, Details and the link."""
    view = call_view(payload)
    title = f"{view['count']}: {view['title']}" if view["title"] else view["count"]
    body: list[dict[str, Any]] = [text_block(title, weight="Bolder", size="Medium")]
    for item in view["cards"]:
        actions = [submit(action["title"], action["payload"]) for action in item["actions"]]
        if item["link"]:
            actions.append(open_url(item["link"]["label"], item["link"]["url"]))
        body.append(
            {
                "type": "Container",
                "separator": True,
                "spacing": "Medium",
                "items": [
                    text_block(f"{item['number']}. {item['title']}", weight="Bolder"),
                    *(text_block(line, spacing="None") for line in item["lines"]),
                    {"type": "ActionSet", "actions": actions},
                ],
            }
        )
    if view["as_of"]:
        body.append(text_block(view["as_of"], isSubtle=True, size="Small"))
    more = [submit(view["more"]["title"], view["more"]["payload"])] if view["more"] else []
    return {"text": title, "attachments": [card(body, more)]}


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
