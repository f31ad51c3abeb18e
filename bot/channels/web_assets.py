"""The widget's script as the server sends it: its parts joined into one file.

The widget's source is split by concern (``bot/web/widget-dom.js``: DOM helpers,
``widget-cards.js``: result cards, ``widget.js``: the chat itself). ``/webhooks/web/widget.js``
serves them as one script, wrapped in a function that gives the parts a private ``parts`` object,
so a page still embeds the widget with one tag and nothing leaks into the page's globals.
"""

from __future__ import annotations

from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

#: The widget's source files, in the order they are joined (the core, widget.js, comes last).
WIDGET_PARTS: tuple[Path, ...] = (
    WEB_DIR / "widget-dom.js",
    WEB_DIR / "widget-cards.js",
    WEB_DIR / "widget.js",
)


def widget_script() -> bytes:
    """The widget as served: every part of :data:`WIDGET_PARTS` inside one function.

    Raises:
        FileNotFoundError: A part is missing.
    """
    body = "\n".join(path.read_text(encoding="utf-8") for path in WIDGET_PARTS)
    script = f"(function () {{\n  var parts = {{}};\n{body}\n}})();\n"
    return script.encode("utf-8")
