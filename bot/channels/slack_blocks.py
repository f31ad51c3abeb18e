"""Slack rendering: bot messages as ``chat.postMessage`` arguments with Block Kit blocks.

Pure functions, no I/O. Each returns the keyword arguments of one ``chat.postMessage`` call
(without ``channel``/``thread_ts``): ``text`` (the notification and screen-reader fallback) and,
where there is structure, ``blocks``.

Every piece of text that comes from data or the bot is escaped for Slack's mrkdwn (``&``, ``<``,
``>``), so a cluster name such as ``<!channel>`` can neither ping a channel nor fake a link.
Slack's limits are respected: 50 blocks per message, 3000 characters per section text, 75 per
button label, 25 elements per actions block.
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

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTIONS_PER_BLOCK = 25


def escape(text: str) -> str:
    """Escapes the three characters Slack's mrkdwn treats as control characters."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(url: str | None, label: str) -> str:
    """A mrkdwn link, or the label alone when the URL is missing or not http(s)."""
    if is_web_url(url) and not any(c in url for c in "<>|"):
        return f"<{url}|{label}>"
    return label


def _button(title: str, *, value: str | None = None, url: str | None = None, action_id: str):
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": _cut(title, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
    }
    if value is not None:
        button["value"] = value[:MAX_BUTTON_VALUE]
    if url is not None:
        button["url"] = url
    return button


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, MAX_SECTION_TEXT)}}


def text_message(text: str) -> dict[str, Any]:
    """A plain bot message."""
    return {"text": escape(text)}


def buttons_message(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """Text with Rasa quick-reply buttons; a click sends the button's payload back as text.

    Args:
        text: The message text.
        buttons: Rasa buttons (``title``, ``payload``; a ``url`` makes a link button).

    Returns:
        ``chat.postMessage`` arguments with a section and one or more actions blocks.
    """
    elements = []
    for number, button in enumerate(buttons):
        title = str(button.get("title") or button.get("payload") or "?")
        if button.get("url"):
            elements.append(_button(title, url=button["url"], action_id=f"link-{number}"))
        else:
            value = str(button.get("payload") or title)
            elements.append(_button(title, value=value, action_id=f"reply-{number}"))
    blocks = [_section(escape(text))] if text else []
    for start in range(0, len(elements), MAX_ACTIONS_PER_BLOCK):
        blocks.append(
            {"type": "actions", "elements": elements[start : start + MAX_ACTIONS_PER_BLOCK]}
        )
    return {"text": escape(text or "Choose an option"), "blocks": blocks[:MAX_BLOCKS]}


def _chips_block(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Active filters as buttons that remove them (Block Kit has no chips)."""
    elements = [
        _button(f"✕ {chip['title']}", value=chip["payload"], action_id=f"chip-{number}")
        for number, chip in enumerate(view["chips"])
    ]
    return [{"type": "actions", "block_id": "filters", "elements": elements}] if elements else []


def partner_results(payload: dict[str, Any]) -> dict[str, Any]:
    """Renders a ``partner_results`` payload (:func:`bot.channels.cards.partner_view`).

    The request as understood ("hydrogen storage · Germany") with its filters as removable
    buttons; per organisation a section (name linked to its website or source page, place,
    sectors, match strength and reason, matched technologies) and its buttons (Details, More
    like this, the link); "Show more" while more exist. Texts in the payload's language.
    """
    view = partner_view(payload)
    head = f"*{escape(view['title'])}*\n{escape(view['count'])}"
    if view["range"]:
        head += f" · {escape(view['range'])}"
    blocks: list[dict[str, Any]] = [_section(head), *_chips_block(view)]
    if view["empty"]:
        blocks.append(_section(escape(view["empty"])))
    for item in view["cards"]:
        number = item["number"]
        link = item["link"]
        name = _link(link["url"] if link else None, escape(item["name"]))
        lines = [f"*{number}. {name}*"]
        if item["details"]:
            lines.append(escape(item["details"]))
        why = " · ".join(
            part
            for part in (
                f"*{escape(item['strength_label'])}*" if item["strength_label"] else "",
                f"_{escape(item['why'])}_" if item["why"] else "",
            )
            if part
        )
        if why:
            lines.append(why)
        if item["technologies"]:
            techs = ", ".join(item["technologies"])
            lines.append(f"{escape(item['technologies_label'])}: {escape(techs)}")
        blocks.append(_section("\n".join(lines)))
        elements = [
            _button(
                action["title"], value=action["payload"], action_id=f"{action['kind']}-{number}"
            )
            for action in item["actions"]
        ]
        if link:
            elements.append(_button(link["label"], url=link["url"], action_id=f"link-{number}"))
        blocks.append({"type": "actions", "elements": elements})
    if view["more"]:
        more = view["more"]
        blocks.append(
            {
                "type": "actions",
                "elements": [_button(more["title"], value=more["payload"], action_id="more")],
            }
        )
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], _section("…")]
    return {"text": escape(f"{view['count']}: {view['title']}"), "blocks": blocks}


def call_results(payload: dict[str, Any]) -> dict[str, Any]:
    """Renders a ``call_results`` payload (:func:`bot.channels.cards.call_view`): per call its
    title (linked), programme, status with the days left, deadline, budget range and type of
    action, with Details and the portal link; the data date at the end."""
    view = call_view(payload)
    title = f"{view['count']}: {view['title']}" if view["title"] else view["count"]
    blocks: list[dict[str, Any]] = [_section(f"*{escape(title)}*")]
    for item in view["cards"]:
        number = item["number"]
        link = item["link"]
        lines = [f"*{number}. {_link(link['url'] if link else None, escape(item['title']))}*"]
        lines.extend(escape(line) for line in item["lines"])
        blocks.append(_section("\n".join(lines)))
        elements = [
            _button(action["title"], value=action["payload"], action_id=f"details-{number}")
            for action in item["actions"]
        ]
        if link:
            elements.append(_button(link["label"], url=link["url"], action_id=f"portal-{number}"))
        blocks.append({"type": "actions", "elements": elements})
    if view["more"]:
        more = view["more"]
        blocks.append(
            {
                "type": "actions",
                "elements": [_button(more["title"], value=more["payload"], action_id="more")],
            }
        )
    if view["as_of"]:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(view["as_of"])}]}
        )
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], _section("…")]
    return {"text": escape(title), "blocks": blocks}


def fact_answer(payload: dict[str, Any]) -> dict[str, Any]:
    """Renders a ``fact_answer`` payload: the statement (or "I don't know") and its source.

    A fact not known offers the closest known instruments as buttons ("What is <name>?").
    """
    title = fact_title(payload)
    lines = [f"*{escape(title)}*", *(escape(line) for line in fact_lines(payload))]
    blocks: list[dict[str, Any]] = [_section("\n".join(lines))]
    source = fact_source(payload)
    if source:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(source)}]})
    buttons = [
        _button(name, value=message, action_id=f"fact-{number}")
        for number, (name, message) in enumerate(fact_buttons(payload))
    ]
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return {"text": escape(" ".join(fact_lines(payload))), "blocks": blocks}


RENDERERS = {
    "partner_results": partner_results,
    "call_results": call_results,
    "fact_answer": fact_answer,
}


def custom_message(payload: dict[str, Any]) -> dict[str, Any] | None:
    """Renders a ``custom`` payload.

    Args:
        payload: The payload the action sent.

    Returns:
        ``chat.postMessage`` arguments; the payload itself when it is already Slack-native
        (``blocks`` or ``text`` and no ``type``); None for a payload Slack cannot show.
    """
    renderer = RENDERERS.get(payload.get("type"))
    if renderer is not None:
        return renderer(payload)
    if "type" not in payload and ("blocks" in payload or "text" in payload):
        allowed = ("text", "blocks", "attachments", "unfurl_links", "unfurl_media")
        return {key: payload[key] for key in allowed if key in payload}
    return None
