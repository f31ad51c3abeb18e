"""Text repair for portal data, and the lookup key and suggestion used by the name tables.

Nothing here does I/O. :func:`repair_text` turns a portal string (HTML, mojibake, glued
sentences) into clean single-line text; :func:`lookup_key` folds a name so the programme and
type-of-action tables match any spelling; :func:`suggest` proposes the closest known name.
"""

from __future__ import annotations

import difflib
import functools
import html
import re

import ftfy

# Importing ftfy.bad_codecs registers the "sloppy-windows-1252" codec used below.
import ftfy.bad_codecs

_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|br|li|ul|ol|tr|td|th|h[1-6]|table|thead|tbody|section|article|blockquote|hr)"
    r"\b[^<>]*>",
    re.IGNORECASE,
)
# A tag starts with "<" then a letter (or "/" + letter), so "(<10 m)" and "(> 5 storeys)" survive.
_TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", re.DOTALL)
# A tag cut off at the end of a truncated string: '... <a href="https://ec.eu'
_CUT_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?$")
# The end of a tag whose start was cut away: '">General conditions', "/>Text".
_LEADING_TAG_END_RE = re.compile(r"""^\s*(?:"|')?\s*/?>""")
# Zero-width characters, soft hyphens and Unicode non-characters (a bullet font left U+FDDF).
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\ufdd0-\ufdef]")
# Mojibake never contains ASCII whitespace, so words can be repaired one by one (and cached).
_ASCII_SPACE_RE = re.compile(r"([ \t\r\n]+)")
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False, explain=False)
_WHITESPACE_RE = re.compile(r"\s+")
# "Objective:The", "research.Scope", "R&D;Prototype": tags removed upstream glued these together.
_GLUED_RE = re.compile(r"(?<=[a-z0-9)])([:;.!?])(?=[A-Z][a-z])|(?<=[A-Za-z])(;)(?=[A-Z][a-z])")

# UTF-8 bytes read as Windows-1252 (a second time): a lead byte then continuation bytes, each
# shown as the Windows-1252 character of that byte.
_CONT = re.escape(bytes(range(0x80, 0xC0)).decode("sloppy-windows-1252"))
_MOJIBAKE_RE = re.compile(
    rf"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}"
)


@functools.lru_cache(maxsize=65536)
def _ftfy_word(word: str) -> str:
    return ftfy.fix_text(word, _FTFY_CONFIG)


def _fix_encoding(text: str) -> str:
    """Run ftfy on the non-ASCII words only: same result as on the whole text, ~20x faster."""
    if text.isascii():
        return text
    parts = _ASCII_SPACE_RE.split(text)
    return "".join(p if p.isascii() else _ftfy_word(p) for p in parts)


def _decode_mojibake(match: re.Match[str]) -> str:
    chunk = match.group(0)
    try:
        return chunk.encode("sloppy-windows-1252").decode("utf-8")
    except UnicodeError:
        return chunk


def _fix_glued(match: re.Match[str]) -> str:
    return (match.group(1) or match.group(2)) + " "


def repair_text(value: str | None) -> str:
    """Return clean, single-line text from a portal string.

    Steps: remove HTML tags (and tag fragments left by earlier stripping or truncation), decode
    HTML entities, undo double UTF-8 encoding with ftfy (``"womenâ€™s"`` -> ``"women’s"``), then a
    second targeted pass for short sequences ftfy leaves alone (``"COâ‚‚"`` -> ``"CO₂"``), drop
    zero-width characters and non-characters, put a space back where removed tags glued sentences together
    (``"Objective:The"``) and collapse all whitespace to single spaces.

    Typographic quotes are kept as the source meant them; ``<`` and ``>`` used as maths
    (``"(<10 m/hour)"``) are kept.

    Args:
        value: Raw text from the snapshot or the portal API; ``None`` is treated as empty.

    Returns:
        The repaired text, possibly empty.
    """
    if not value:
        return ""
    text = _BLOCK_TAG_RE.sub(" ", value)
    text = _TAG_RE.sub("", text)
    text = _CUT_TAG_RE.sub("", text)
    text = _LEADING_TAG_END_RE.sub("", text)
    text = html.unescape(text)
    text = _fix_encoding(text)
    text = _MOJIBAKE_RE.sub(_decode_mojibake, text)
    text = _INVISIBLE_RE.sub("", text)
    text = _GLUED_RE.sub(_fix_glued, text)
    text = _WHITESPACE_RE.sub(" ", text).strip()
    return _LEADING_TAG_END_RE.sub("", text).strip()


def split_keywords(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Split the portal's keywords into a tuple of clean, unique keywords (order kept).

    Args:
        value: A comma-separated string (snapshot) or a list of strings (API).

    Returns:
        Repaired keywords, duplicates removed case-insensitively.
    """
    if not value:
        return ()
    parts = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    seen: set[str] = set()
    out: list[str] = []
    for part in parts:
        word = repair_text(part)
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
    return tuple(out)


def lookup_key(value: str) -> str:
    """Fold a name for lookups: lower case, '&' as 'and', punctuation as spaces.

    Args:
        value: A name as the data or a user wrote it.

    Returns:
        The folded key.
    """
    text = repair_text(value).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w+]+", " ", text).split())


def suggest(value: str, choices: dict[str, str]) -> str:
    """Return '; did you mean X?' for the closest choice, or a list of valid values.

    Args:
        value: What the user wrote.
        choices: Known spelling -> display name.

    Returns:
        The hint, starting with ``"; "``.
    """
    keys = {lookup_key(k): v for k, v in choices.items()}
    close = difflib.get_close_matches(lookup_key(value), list(keys), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {keys[close[0]]}?"
    names = sorted(set(choices.values()))
    return "; use one of: " + ", ".join(names)
