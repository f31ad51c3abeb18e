"""The widget's script as the server sends it: its parts joined into one file.

The widget's source is split by concern (``bot/web/widget-dom.js``: DOM helpers,
``widget-i18n.js``: its strings and the conversation language, ``widget-cards.js``: result
cards, ``widget.js``: the chat itself). ``/webhooks/web/widget.js``
serves them as one script, wrapped in a function that gives the parts a private ``parts`` object,
so a page still embeds the widget with one tag and nothing leaks into the page's globals.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from bot.privacy.notice import privacy_notices
from contracts.payloads import LANGUAGE_FIELD, SWITCH_LANGUAGE_INTENT
from i18n import DEFAULT_LANGUAGE, REPLY_LANGUAGES, bundle, text

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

#: The widget's source files, in the order they are joined (the core, widget.js, comes last).
WIDGET_PARTS: tuple[Path, ...] = (
    WEB_DIR / "widget-dom.js",
    WEB_DIR / "widget-i18n.js",
    WEB_DIR / "widget-cards.js",
    WEB_DIR / "widget.js",
)


@lru_cache(maxsize=1)
def widget_strings() -> dict:
    """The widget's own strings in every reply language (``widget.*`` keys of the catalogues).

    ``widget.privacy`` is the privacy notice with the configured retention periods
    (:func:`bot.privacy.notice.privacy_notices`), not the catalogue's short fallback.

    Returns:
        ``{"default", "languages": [{"code", "name"}], "messages": {code: {key: text}},
        "language_field", "switch_intent"}``: inlined into the served script, so switching
        the language needs no request and the widget works with nothing but its own server.
    """
    return {
        "default": DEFAULT_LANGUAGE,
        "languages": [
            {"code": code, "name": text("common.language_name", code)} for code in REPLY_LANGUAGES
        ],
        "messages": {
            code: {**bundle("widget.", code), "widget.privacy": notice}
            for code, notice in privacy_notices().items()
        },
        "language_field": LANGUAGE_FIELD,
        "switch_intent": SWITCH_LANGUAGE_INTENT,
    }


def widget_script() -> bytes:
    """The widget as served: its strings and every part of :data:`WIDGET_PARTS` in one function.

    Built once and served from memory until a part's file changes (its modification time), so
    a request does not read four files.

    Raises:
        FileNotFoundError: A part is missing.
    """
    return _joined(tuple(path.stat().st_mtime_ns for path in WIDGET_PARTS))


@lru_cache(maxsize=1)
def _joined(_mtimes: tuple[int, ...]) -> bytes:
    body = "\n".join(path.read_text(encoding="utf-8") for path in WIDGET_PARTS)
    strings = json.dumps(widget_strings(), ensure_ascii=False, sort_keys=True)
    strings = strings.replace("</", "<\\/")  # never closes a <script> element it is inlined in
    script = f"(function () {{\n  var parts = {{}};\n  parts.strings = {strings};\n{body}\n}})();\n"
    return script.encode("utf-8")
