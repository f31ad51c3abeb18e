"""Reading and checking the catalogue file (``knowledge/data/instruments.yml``).

:func:`load_catalogue` checks every entry and names file, entry and field when one is wrong
(:class:`InstrumentCatalogueError`). Nothing is read at import time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from knowledge.errors import KnowledgeError, display_path
from knowledge.fields import folded_text, iso_day
from knowledge.instruments.catalogue import Catalogue
from knowledge.instruments.records import (
    DEFAULT_CATALOGUE,
    STATUSES,
    ClusterFact,
    ClusterFacts,
    Figure,
    Instrument,
)

_REQUIRED_TEXT = (
    "id",
    "name",
    "summary",
    "funds",
    "who_can_apply",
    "budget",
    "period",
    "how_to_apply",
    "source_url",
    "source_note",
)
_KNOWN_FIELDS = frozenset(
    (
        *_REQUIRED_TEXT,
        "aliases",
        "translations",
        "kind",
        "status",
        "successor",
        "figures",
        "as_of",
        "programme",
    )
)
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class InstrumentCatalogueError(KnowledgeError):
    """The catalogue file is missing or an entry is malformed.

    Attributes:
        path: The catalogue file.
        entry: Id (or position) of the bad entry, or ``None`` for the whole file.
        field: The offending field, or ``None``.
        problem: What is wrong, with the value received.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        entry: str | None,
        field: str | None,
        problem: str,
    ):
        self.path = Path(path)
        self.entry = entry
        self.field = field
        self.problem = problem
        where = display_path(self.path)
        if entry is not None:
            where += f", entry '{entry}'"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}")


def load_catalogue(path: str | os.PathLike[str] = DEFAULT_CATALOGUE) -> Catalogue:
    """Read and check the catalogue file.

    Args:
        path: The YAML file; the shipped catalogue by default.

    Returns:
        The catalogue.

    Raises:
        InstrumentCatalogueError: The file is missing, not YAML, or an entry is malformed; the
            message names the file, the entry and the field.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InstrumentCatalogueError(path, None, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentCatalogueError(path, None, None, f"cannot read it ({exc})") from None
    except yaml.YAMLError as exc:
        raise InstrumentCatalogueError(path, None, None, f"not valid YAML ({exc})") from None
    if not isinstance(raw, Mapping):
        raise InstrumentCatalogueError(
            path, None, None, f"must be a mapping with 'instruments', got {type(raw).__name__}"
        )
    entries = raw.get("instruments")
    if not isinstance(entries, list) or not entries:
        raise InstrumentCatalogueError(path, None, "instruments", "must be a non-empty list")
    instruments: list[Instrument] = []
    seen: dict[str, str] = {}
    for position, entry in enumerate(entries, start=1):
        instrument = _instrument(path, position, entry)
        if instrument.id in seen:
            raise InstrumentCatalogueError(path, instrument.id, "id", "appears twice")
        seen[instrument.id] = instrument.name
        instruments.append(instrument)
    for instrument in instruments:
        if instrument.successor and instrument.successor not in seen:
            raise InstrumentCatalogueError(
                path,
                instrument.id,
                "successor",
                f"'{instrument.successor}' is not the id of an entry",
            )
    facts = _facts(path, raw.get("cluster_facts"))
    return Catalogue(tuple(instruments), facts, path)


def _text(path: Path, entry: str, data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    text = folded_text(value)
    if text is None:
        raise InstrumentCatalogueError(
            path, entry, name, f"must be a non-empty string, got {value!r}"
        )
    return text


def _date(path: Path, entry: str, value: Any, name: str = "as_of") -> date:
    day = iso_day(value)
    if day is None:
        raise InstrumentCatalogueError(
            path, entry, name, f"must be a date YYYY-MM-DD, got {value!r}"
        )
    return day


def _instrument(path: Path, position: int, data: Any) -> Instrument:
    label = f"#{position}"
    if not isinstance(data, Mapping):
        raise InstrumentCatalogueError(
            path, label, None, f"must be a mapping, got {type(data).__name__}"
        )
    if isinstance(data.get("id"), str) and data["id"].strip():
        label = data["id"].strip()
    unknown = sorted(set(map(str, data)) - _KNOWN_FIELDS)
    if unknown:
        raise InstrumentCatalogueError(path, label, unknown[0], "is not a catalogue field")
    values = {name: _text(path, label, data, name) for name in _REQUIRED_TEXT}
    if not _ID_RE.match(values["id"]):
        raise InstrumentCatalogueError(
            path, label, "id", f"must be lower-case words joined by hyphens, got {values['id']!r}"
        )
    if not values["source_url"].startswith("https://") and not values["source_url"].startswith(
        "http://"
    ):
        raise InstrumentCatalogueError(
            path, label, "source_url", f"must be an http(s) URL, got {values['source_url']!r}"
        )
    status = data.get("status")
    if status not in STATUSES:
        raise InstrumentCatalogueError(
            path, label, "status", f"must be one of {', '.join(STATUSES)}, got {status!r}"
        )
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise InstrumentCatalogueError(
            path, label, "aliases", f"must be a list of names, got {aliases!r}"
        )
    translations = data.get("translations") or {}
    if not isinstance(translations, Mapping) or not all(
        isinstance(code, str)
        and isinstance(names, list)
        and all(isinstance(n, str) and n.strip() for n in names)
        for code, names in translations.items()
    ):
        raise InstrumentCatalogueError(
            path,
            label,
            "translations",
            f"must map a language code to a list of names, got {translations!r}",
        )
    figures = data.get("figures") or []
    if not isinstance(figures, list):
        raise InstrumentCatalogueError(path, label, "figures", f"must be a list, got {figures!r}")
    parsed: list[Figure] = []
    for item in figures:
        if (
            not isinstance(item, Mapping)
            or not isinstance(item.get("text"), str)
            or not item["text"].strip()
            or not isinstance(item.get("historical", False), bool)
        ):
            raise InstrumentCatalogueError(
                path, label, "figures", f"each figure needs text and historical: bool, got {item!r}"
            )
        parsed.append(Figure(" ".join(item["text"].split()), bool(item.get("historical", False))))
    successor = data.get("successor")
    if successor is not None and (not isinstance(successor, str) or not successor.strip()):
        raise InstrumentCatalogueError(
            path, label, "successor", f"must be an entry id, got {successor!r}"
        )
    programme = data.get("programme")
    if programme is not None and (not isinstance(programme, str) or not programme.strip()):
        raise InstrumentCatalogueError(
            path, label, "programme", f"must be a programme code, got {programme!r}"
        )
    kind = data.get("kind") or ""
    if not isinstance(kind, str):
        raise InstrumentCatalogueError(path, label, "kind", f"must be a string, got {kind!r}")
    return Instrument(
        **values,
        as_of=_date(path, label, data.get("as_of")),
        status=status,
        kind=kind,
        aliases=tuple(a.strip() for a in aliases),
        translations=tuple(n.strip() for names in translations.values() for n in names),
        successor=successor.strip() if successor else None,
        figures=tuple(parsed),
        programme=programme.strip() if programme else None,
    )


def _facts(path: Path, data: Any) -> ClusterFacts:
    label = "cluster_facts"
    if not isinstance(data, Mapping):
        raise InstrumentCatalogueError(path, label, None, "must be a mapping")
    items = data.get("facts")
    if not isinstance(items, list) or not items:
        raise InstrumentCatalogueError(path, label, "facts", "must be a non-empty list")
    facts: list[ClusterFact] = []
    for item in items:
        if not isinstance(item, Mapping) or not all(
            isinstance(item.get(k), str) and item[k].strip() for k in ("id", "text")
        ):
            raise InstrumentCatalogueError(
                path, label, "facts", f"each fact needs id and text, got {item!r}"
            )
        facts.append(ClusterFact(item["id"].strip(), " ".join(item["text"].split())))
    texts = {
        name: _text(path, label, data, name)
        for name in ("source_name", "source_url", "source_note", "contact", "contact_url")
    }
    historical = data.get("historical", False)
    if not isinstance(historical, bool):
        raise InstrumentCatalogueError(
            path, label, "historical", f"must be true or false, got {historical!r}"
        )
    return ClusterFacts(
        as_of=_date(path, label, data.get("as_of")),
        historical=historical,
        facts=tuple(facts),
        **texts,
    )
