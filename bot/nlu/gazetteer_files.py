"""Gazetteer sources of the spaCy pipeline: the ``bot/gazetteers/*.yml`` files and the corpus.

Reads and validates one gazetteer YAML file (``label``, ``entries`` with ``value``/``aliases``/
``nuts``, ``exclude``, ``exclude_codes``, exact-case ``tokens``; see ``bot/gazetteers/README.md``)
and the technologies of the cluster profile corpus. No spaCy here: the pattern table is built in
:mod:`bot.nlu.gazetteer`, the pipeline in :mod:`bot.nlu.spacy_build`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_ENTRY_KEYS = {"value", "aliases", "nuts"}
_TOP_KEYS = {"label", "entries", "exclude", "exclude_codes", "tokens"}


class GazetteerError(ValueError):
    """A gazetteer file or data source is malformed or contradicts another one."""


@dataclass(frozen=True)
class Entry:
    """One named thing: its canonical value and the phrases that name it."""

    value: str
    aliases: tuple[str, ...] = ()
    nuts: str | None = None


@dataclass(frozen=True)
class TokenPattern:
    """An exact-case pattern for a short code (the only kind allowed below 3 characters)."""

    text: str
    value: str
    orths: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    """The parsed content of one ``bot/gazetteers/*.yml`` file."""

    path: Path
    label: str
    entries: list[Entry] = field(default_factory=list)
    exclude: frozenset[str] = frozenset()
    exclude_codes: frozenset[str] = frozenset()
    tokens: list[TokenPattern] = field(default_factory=list)


def _fail(path: Path, where: str, problem: str) -> GazetteerError:
    return GazetteerError(f"{path}: {where}: {problem}")


def _string_list(path: Path, where: str, key: str, raw: Any) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _fail(path, where, f"'{key}' must be a list of strings, got {raw!r}")
    out = []
    for item in raw:
        if not isinstance(item, str) or not item.strip():
            raise _fail(path, where, f"'{key}' must hold non-empty strings, got {item!r}")
        out.append(" ".join(item.split()))
    return out


def load_gazetteer(path: Path, label: str) -> Gazetteer:
    """Read and validate one gazetteer YAML file.

    Args:
        path: The YAML file.
        label: The entity label the file must declare.

    Returns:
        The parsed gazetteer.

    Raises:
        GazetteerError: The file is missing, is not valid YAML, or an entry is malformed; the
            message names the file and the entry.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GazetteerError(f"{path}: gazetteer file not found") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = getattr(exc, "problem", None) or str(exc)
        raise _fail(path, where, f"not valid YAML ({problem})") from exc

    if not isinstance(raw, dict):
        raise _fail(path, "top level", "must be a mapping with 'label' and 'entries'")
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise _fail(path, "top level", f"unknown key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}")
    if raw.get("label") != label:
        raise _fail(path, "top level", f"'label' must be {label!r}, got {raw.get('label')!r}")

    entries_raw = raw.get("entries") or []
    if not isinstance(entries_raw, list):
        raise _fail(path, "entries", f"must be a list, got {type(entries_raw).__name__}")
    entries = []
    for i, item in enumerate(entries_raw, start=1):
        value = item.get("value") if isinstance(item, dict) else None
        where = f"entry {i}" + (f" (value {value!r})" if isinstance(value, str) else "")
        if not isinstance(item, dict):
            raise _fail(path, where, f"must be a mapping with 'value' and 'aliases', got {item!r}")
        extra = sorted(set(item) - _ENTRY_KEYS)
        if extra:
            raise _fail(path, where, f"unknown key(s) {extra}; allowed: {sorted(_ENTRY_KEYS)}")
        if not isinstance(value, str) or not value.strip():
            raise _fail(path, where, f"'value' must be a non-empty string, got {value!r}")
        nuts = item.get("nuts")
        if nuts is not None and not (
            isinstance(nuts, str) and re.fullmatch(r"[A-Z]{2}\w{0,3}", nuts)
        ):
            raise _fail(path, where, f"'nuts' must be a NUTS code such as 'DE2', got {nuts!r}")
        aliases = _string_list(path, where, "aliases", item.get("aliases"))
        entries.append(Entry(" ".join(value.split()), tuple(aliases), nuts))

    tokens = []
    for i, item in enumerate(raw.get("tokens") or [], start=1):
        where = f"token {i}"
        if not (
            isinstance(item, dict)
            and set(item) == {"text", "value"}
            and all(isinstance(item[k], str) and item[k].strip() for k in ("text", "value"))
        ):
            raise _fail(path, where, f"must be {{text: ..., value: ...}}, got {item!r}")
        if " " in item["text"].strip():
            raise _fail(path, where, f"token text must be one token, got {item['text']!r}")
        tokens.append(TokenPattern(item["text"].strip(), item["value"].strip()))

    exclude = _string_list(path, "exclude", "exclude", raw.get("exclude"))
    exclude_codes = _string_list(path, "exclude_codes", "exclude_codes", raw.get("exclude_codes"))
    return Gazetteer(
        path=path,
        label=label,
        entries=entries,
        exclude=frozenset(e.lower() for e in exclude),
        exclude_codes=frozenset(exclude_codes),
        tokens=tokens,
    )


def read_corpus_technologies(jsonl_path: Path) -> list[str]:
    """Return the distinct, lower-cased ``technologies`` of the cluster profile corpus."""
    found: set[str] = set()
    with jsonl_path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GazetteerError(f"{jsonl_path}: line {line_no}: not JSON ({exc})") from exc
            for tech in record.get("technologies") or []:
                if isinstance(tech, str) and not re.search(r"[(),;]", tech):
                    found.add(" ".join(tech.lower().split()))
    return sorted(found)
