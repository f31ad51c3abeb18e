"""Reading and checking the cards file (``knowledge/data/facts/cards.yml``).

:func:`load_cards` checks every card and raises :class:`~knowledge.errors.DataFileError` naming
the file, the line and the field of the first problem. Nothing is read at import time.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from knowledge.errors import DataFileError
from knowledge.facts.records import CARD_ASPECTS, DEFAULT_CARDS, GENERAL_TOPICS, FactCard, Source
from knowledge.fields import folded_text, iso_day

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CARD_FIELDS = frozenset(
    ("id", "instrument", "aspect", "statement", "value", "as_of", "source", "names", "keywords")
)
_SOURCE_FIELDS = frozenset(("title", "event", "date", "file", "url", "speaker"))


class _Node:
    """A YAML mapping with the line of each of its keys (1-based)."""

    def __init__(self, path: Path, node: yaml.Node, loader: yaml.SafeLoader, what: str):
        if not isinstance(node, yaml.MappingNode):
            raise DataFileError(path, node.start_mark.line + 1, None, f"{what} must be a mapping")
        self.path = path
        self.line = node.start_mark.line + 1
        self.values: dict[str, Any] = {}
        self.nodes: dict[str, yaml.Node] = {}
        self.lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            self.nodes[key] = value_node
            self.lines[key] = key_node.start_mark.line + 1
            nested = isinstance(value_node, yaml.MappingNode) or (
                isinstance(value_node, yaml.SequenceNode)
                and not all(isinstance(v, yaml.ScalarNode) for v in value_node.value)
            )
            if nested:  # read by its own _Node, so that errors inside name their own line
                self.values[key] = value_node
                continue
            try:
                self.values[key] = loader.construct_object(value_node, deep=True)
            except (ValueError, yaml.YAMLError) as exc:  # e.g. a date like 2018-02-30
                raise DataFileError(path, self.lines[key], key, f"bad value ({exc})") from None

    def error(self, field: str | None, problem: str) -> DataFileError:
        return DataFileError(self.path, self.lines.get(field or "", self.line), field, problem)

    def text(self, field: str, required: bool = True) -> str:
        value = self.values.get(field)
        if value is None and not required:
            return ""
        text = folded_text(value)
        if text is None:
            raise self.error(field, f"must be a non-empty string, got {value!r}")
        return text

    def day(self, field: str) -> date:
        value = self.values.get(field)
        day = iso_day(value)
        if day is None:
            raise self.error(field, f"must be a date YYYY-MM-DD, got {value!r}")
        return day


def _source(node: _Node) -> Source:
    unknown = sorted(set(node.values) - _SOURCE_FIELDS)
    if unknown:
        raise node.error(unknown[0], "is not a source field")
    file, url = node.text("file", required=False), node.text("url", required=False)
    if not file and not url:
        raise node.error(None, "a source needs a file or a url")
    if url and not url.startswith(("https://", "http://")):
        raise node.error("url", f"must be an http(s) URL, got {url!r}")
    return Source(
        title=node.text("title"),
        event=node.text("event", required=False),
        date=node.day("date"),
        file=file,
        url=url,
    )


def load_cards(
    path: str | os.PathLike[str] = DEFAULT_CARDS, instruments: frozenset[str] | None = None
) -> tuple[FactCard, ...]:
    """Read and check the cards file.

    Args:
        path: The YAML file; the shipped cards by default.
        instruments: The catalogue's instrument ids; when given, a card naming another instrument
            (and not a general topic such as ``cluster-policy``) is an error.

    Returns:
        The cards, in file order.

    Raises:
        DataFileError: The file is missing, not YAML, or a card is malformed; the message names
            the file, the line and the field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, 0, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, 0, None, f"cannot read it ({exc})") from None
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise DataFileError(path, 0, None, "is empty")
        top = _Node(path, root, loader, "the file")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise DataFileError(path, line, None, f"not valid YAML ({exc})") from None
    sources = _sources(top, loader)
    cards_node = top.nodes.get("cards")
    if not isinstance(cards_node, yaml.SequenceNode) or not cards_node.value:
        raise top.error("cards", "must be a non-empty list")
    cards: list[FactCard] = []
    seen: set[str] = set()
    for item in cards_node.value:
        card = _card(_Node(path, item, loader, "a card"), loader, sources, instruments)
        if card.id in seen:
            raise DataFileError(path, item.start_mark.line + 1, "id", f"{card.id!r} appears twice")
        seen.add(card.id)
        cards.append(card)
    return tuple(cards)


def _sources(top: _Node, loader: yaml.SafeLoader) -> dict[str, Source]:
    node = top.nodes.get("sources")
    if node is None:
        return {}
    sources = _Node(top.path, node, loader, "sources")
    return {
        key: _source(_Node(top.path, sources.nodes[key], loader, f"source {key!r}"))
        for key in sources.values
    }


def _card(
    node: _Node,
    loader: yaml.SafeLoader,
    sources: dict[str, Source],
    instruments: frozenset[str] | None,
) -> FactCard:
    unknown = sorted(set(node.values) - _CARD_FIELDS)
    if unknown:
        raise node.error(unknown[0], "is not a card field")
    card_id = node.text("id")
    if not _ID_RE.match(card_id):
        raise node.error("id", f"must be lower-case words joined by hyphens, got {card_id!r}")
    instrument = node.text("instrument")
    if (
        instruments is not None
        and instrument not in instruments
        and instrument not in GENERAL_TOPICS
    ):
        raise node.error(
            "instrument",
            f"{instrument!r} is neither a catalogue instrument nor one of "
            f"{', '.join(GENERAL_TOPICS)}",
        )
    aspect = node.text("aspect")
    if aspect not in CARD_ASPECTS:
        raise node.error("aspect", f"must be one of {', '.join(CARD_ASPECTS)}, got {aspect!r}")
    raw_source = node.values.get("source")
    if isinstance(raw_source, str):
        if raw_source not in sources:
            raise node.error("source", f"{raw_source!r} is not a key of 'sources'")
        source = sources[raw_source]
    elif "source" in node.nodes:
        source = _source(_Node(node.path, node.nodes["source"], loader, "source"))
    else:
        raise node.error("source", "is missing")
    names = node.values.get("names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise node.error("names", f"must be a list of names, got {names!r}")
    keywords = node.values.get("keywords") or []
    if not isinstance(keywords, list) or not all(
        isinstance(k, str) and k.strip() for k in keywords
    ):
        raise node.error("keywords", f"must be a list of words, got {keywords!r}")
    return FactCard(
        id=card_id,
        instrument=instrument,
        aspect=aspect,  # type: ignore[arg-type]  # checked above
        statement=node.text("statement"),
        value=node.text("value"),
        as_of=node.day("as_of"),
        source=source,
        names=tuple(n.strip() for n in names),
        keywords=tuple(k.strip() for k in keywords),
    )
