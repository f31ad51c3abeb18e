"""Typed cluster profile records and the validating JSONL loader."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

from knowledge.errors import DataFileError
from knowledge.filters import (
    check_country,
    country_name,
    normalise_country,
    suggest_sector,
)
from taxonomy.sectors import SECTORS

_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_SECTORS = 3
_EARLIEST_FOUNDED = 1800


@dataclass(frozen=True)
class ClusterProfile:
    """One cluster organisation, as read off its public page.

    Optional fields a source page did not state are ``None`` (or empty tuples / strings).
    """

    id: str
    name: str
    country: str
    sectors: tuple[str, ...]
    technologies: tuple[str, ...] = ()
    description: str = ""
    acronym: str | None = None
    city: str | None = None
    region: str | None = None
    website: str | None = None
    members: int | None = None
    founded: int | None = None
    label: str | None = None
    source_url: str | None = None
    retrieved_via: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict in the corpus format; unset optional fields are left out."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value is None:
                continue
            out[key] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClusterProfile:
        """Build a profile from a dict in the corpus format, without validation.

        Use :func:`load_profiles` for untrusted input.

        Args:
            data: A mapping with at least ``id``, ``name``, ``country`` and ``sectors``.

        Returns:
            The profile.
        """
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        for key in ("sectors", "technologies"):
            if key in kwargs:
                kwargs[key] = tuple(kwargs[key] or ())
        if kwargs.get("description") is None:
            kwargs["description"] = ""
        return cls(**kwargs)

    def search_text(self) -> str:
        """Return the text that is embedded for semantic search.

        Name, acronym, sectors, technologies, place and description, one labelled part each.
        """
        title = self.name if not self.acronym else f"{self.name} ({self.acronym})"
        place = ", ".join(p for p in (self.city, self.region, country_name(self.country)) if p)
        parts = [
            title,
            f"Sectors: {', '.join(self.sectors)}." if self.sectors else "",
            f"Technologies: {', '.join(self.technologies)}." if self.technologies else "",
            f"Location: {place}.",
            self.description,
        ]
        return "\n".join(p for p in parts if p)

    def content_hash(self) -> str:
        """Return a stable SHA-256 hex digest of the record's content."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def profiles_hash(profiles: Iterable[ClusterProfile]) -> str:
    """Return a stable content hash of a set of profiles (independent of their order).

    Args:
        profiles: The profiles.

    Returns:
        A SHA-256 hex digest that changes when any record is added, removed or edited.
    """
    digest = hashlib.sha256()
    for pid, chash in sorted((p.id, p.content_hash()) for p in profiles):
        digest.update(f"{pid}\t{chash}\n".encode())
    return digest.hexdigest()


# --- validation -----------------------------------------------------------------------------

_REQUIRED_STR = ("id", "name", "country")
_OPTIONAL_STR = ("acronym", "city", "region", "website", "label", "source_url", "retrieved_via")
_OPTIONAL_INT = ("members", "founded")
_KNOWN_FIELDS = frozenset(f.name for f in fields(ClusterProfile))


class _RecordError(Exception):
    def __init__(self, field: str | None, problem: str):
        super().__init__(problem)
        self.field = field
        self.problem = problem


def _check_country(value: str) -> None:
    if len(value) == 2 and value.isupper() and pycountry.countries.get(alpha_2=value):
        return
    problem = f"{value!r} is not an ISO 3166-1 alpha-2 code"
    check = check_country(value)
    code = check.code
    if code is None and check.suggestion:
        code = normalise_country(check.suggestion)
    if code:
        problem += f" (did you mean {code!r}, {country_name(code)}?)"
    raise _RecordError("country", problem)


def _check_str_list(data: Mapping[str, Any], key: str, *, required: bool) -> list[str]:
    value = data.get(key)
    if value is None:
        if required:
            raise _RecordError(key, "is missing")
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _RecordError(key, f"must be a list of non-empty strings, got {value!r}")
    return value


def _check_sectors(data: Mapping[str, Any]) -> None:
    sectors = _check_str_list(data, "sectors", required=True)
    if not 1 <= len(sectors) <= _MAX_SECTORS:
        raise _RecordError("sectors", f"must list 1-{_MAX_SECTORS} sectors, got {len(sectors)}")
    for sector in sectors:
        if sector not in SECTORS:
            problem = f"{sector!r} is not one of the fixed sectors"
            hint = suggest_sector(sector)
            if hint:
                problem += f" (did you mean {hint!r}?)"
            raise _RecordError("sectors", problem)
    if len(set(sectors)) != len(sectors):
        raise _RecordError("sectors", f"lists a sector twice: {sectors!r}")


def _validate_record(data: Any) -> ClusterProfile:
    """Validate one decoded JSON value and turn it into a profile.

    Args:
        data: The decoded JSON value of one line.

    Returns:
        The profile.

    Raises:
        _RecordError: Internal; :func:`load_profiles` turns it into a :class:`DataFileError`.
    """
    if not isinstance(data, dict):
        raise _RecordError(None, f"expected a JSON object, got {type(data).__name__}")
    for key in data:
        if key not in _KNOWN_FIELDS:
            raise _RecordError(key, f"unknown field (known: {', '.join(sorted(_KNOWN_FIELDS))})")
    for key in _REQUIRED_STR:
        value = data.get(key)
        if value is None:
            raise _RecordError(key, "is missing")
        if not isinstance(value, str) or not value.strip():
            raise _RecordError(key, f"must be a non-empty string, got {value!r}")
    if not _ID_PATTERN.fullmatch(data["id"]):
        raise _RecordError("id", f"{data['id']!r} is not kebab-case (a-z, 0-9, '-')")
    _check_country(data["country"])
    for key in _OPTIONAL_STR:
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise _RecordError(key, f"must be a non-empty string when present, got {value!r}")
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        raise _RecordError("description", f"must be a string, got {description!r}")
    _check_sectors(data)
    _check_str_list(data, "technologies", required=False)
    for key in _OPTIONAL_INT:
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise _RecordError(key, f"must be an integer, got {value!r}")
    if data.get("members") is not None and data["members"] < 0:
        raise _RecordError("members", f"must not be negative, got {data['members']}")
    founded = data.get("founded")
    if founded is not None and not _EARLIEST_FOUNDED <= founded <= date.today().year:
        raise _RecordError("founded", f"{founded} is not a plausible year")
    return ClusterProfile.from_dict(data)


def load_profiles(path: str | os.PathLike[str]) -> list[ClusterProfile]:
    """Load and validate a JSONL file of cluster profiles.

    Every non-blank line must be a valid profile; the first bad line stops the load. Nothing is
    dropped silently.

    Args:
        path: The JSONL file.

    Returns:
        The profiles, in file order.

    Raises:
        DataFileError: On the first bad line (or an unreadable file), naming file, line, field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataFileError(path, 0, None, "file not found; set CLUSTER_PROFILES") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, 0, None, f"cannot be read ({exc})") from exc
    profiles: list[ClusterProfile] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(path, number, None, f"not valid JSON ({exc.msg})") from None
        try:
            profile = _validate_record(data)
        except _RecordError as exc:
            raise DataFileError(path, number, exc.field, exc.problem) from None
        if profile.id in seen:
            raise DataFileError(
                path, number, "id", f"{profile.id!r} duplicates the id on line {seen[profile.id]}"
            )
        seen[profile.id] = number
        profiles.append(profile)
    return profiles
