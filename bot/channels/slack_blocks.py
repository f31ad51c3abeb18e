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


def partner_results(payload: dict[str, Any]) -> dict[str, Any]:
    """Renders a ``partner_results`` payload: one section per organisation with buttons.

    Each card shows the name (linked to the website), place and sectors, why it matched and the
    score; its buttons ask for details or similar organisations by the card's number, and open
    the website. A "Show more" button follows when there are more results than shown.
    """
    items = payload.get("items") or []
    base = ordinal_base(payload)
    title = partner_results_title(payload)
    blocks: list[dict[str, Any]] = [_section(f"*{escape(title)}*")]
    for position, item in enumerate(items, start=1):
        number = base + position
        name = str(item.get("name") or item.get("id") or "?")
        if item.get("acronym"):
            name += f" ({item['acronym']})"
        lines = [
            f"*{number}. {_link(item.get('website') or item.get('source_url'), escape(name))}*"
        ]
        where = item.get("place") or item.get("country") or ""
        sectors = ", ".join(item.get("sectors") or [])
        details = " · ".join(escape(part) for part in (where, sectors) if part)
        if details:
            lines.append(details)
        if item.get("why"):
            lines.append(f"_{escape(item['why'])}_")
        blocks.append(_section("\n".join(lines)))
        elements = [
            _button(
                "Details",
                value=intent_payload("select_result", ordinal=str(number)),
                action_id=f"details-{number}",
            ),
            _button(
                "More like this",
                value=intent_payload("find_similar", ordinal=str(number)),
                action_id=f"similar-{number}",
            ),
        ]
        website = item.get("website") or item.get("source_url")
        if is_web_url(website):
            elements.append(_button("Website", url=website, action_id=f"website-{number}"))
        blocks.append({"type": "actions", "elements": elements})
    if has_more(payload):
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    _button("Show more", value=intent_payload("show_more"), action_id="more")
                ],
            }
        )
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], _section("_More results than Slack can show._")]
    return {"text": escape(title), "blocks": blocks}


def call_results(payload: dict[str, Any]) -> dict[str, Any]:
    """Renders a ``call_results`` payload: one section per call with status and deadline."""
    items = payload.get("items") or []
    base = ordinal_base(payload)
    query = payload.get("query") or ""
    title = f'{len(items)} funding calls for "{query}"' if query else f"{len(items)} funding calls"
    blocks: list[dict[str, Any]] = [_section(f"*{escape(title)}*")]
    for position, item in enumerate(items, start=1):
        number = base + position
        label = str(item.get("title") or item.get("id") or "?")
        lines = [f"*{number}. {_link(item.get('url'), escape(label))}*"]
        facts = [
            str(item[key]) for key in ("id", "programme") if item.get(key) and item[key] != label
        ]
        status = item.get("status")
        if status:
            facts.append(f"status: {status}")
        if item.get("deadline"):
            facts.append(f"deadline: {item['deadline']}")
        if facts:
            lines.append(" · ".join(escape(fact) for fact in facts))
        blocks.append(_section("\n".join(lines)))
        elements = [
            _button(
                "Details",
                value=intent_payload("select_result", ordinal=str(number)),
                action_id=f"details-{number}",
            )
        ]
        url = item.get("url")
        if is_web_url(url):
            elements.append(_button("Open in portal", url=url, action_id=f"portal-{number}"))
        blocks.append({"type": "actions", "elements": elements})
    if payload.get("as_of"):
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"Calls data as of {escape(payload['as_of'])}"}
                ],
            }
        )
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], _section("_More calls than Slack can show._")]
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
