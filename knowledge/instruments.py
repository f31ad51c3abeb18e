"""The instrument catalogue: EU cluster and SME support instruments, and cluster facts.

The catalogue is a YAML file (``knowledge/data/instruments.yml``) read by :func:`load_catalogue`,
which checks every entry and names file, entry and field when one is wrong. Lookups forgive case,
accents, punctuation and small misspellings (:meth:`Catalogue.lookup`); :func:`select_aspects`
tells which part of an entry a question asks about ("how much?" -> budget).

Nothing is read at import time.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from knowledge.errors import KnowledgeError, display_path
from taxonomy.text import fold

DEFAULT_CATALOGUE = Path(__file__).resolve().parent / "data" / "instruments.yml"

InstrumentStatus = Literal["active", "closed", "historical"]
STATUSES: tuple[InstrumentStatus, ...] = get_args(InstrumentStatus)
Aspect = Literal["budget", "eligibility", "how_to_apply", "period", "successor", "funds", "status"]
ASPECTS: tuple[Aspect, ...] = get_args(Aspect)

#: Similarity (difflib ratio) from which a misspelt name is taken as meant.
LOOKUP_CUTOFF = 0.84
#: Similarity from which a name is offered as a suggestion.
SUGGEST_CUTOFF = 0.6
#: Longest user text examined for names (a chat message, not a document).
MAX_TEXT_CHARS = 500

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
    (*_REQUIRED_TEXT, "aliases", "kind", "status", "successor", "figures", "as_of", "programme")
)
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Words that point at an aspect. Matched on folded text as whole words or phrases.
_ASPECT_CUES: dict[Aspect, tuple[str, ...]] = {
    "budget": (
        "how much",
        "budget",
        "money",
        "euro",
        "euros",
        "eur",
        "million",
        "funding rate",
        "grant size",
        "amount",
        "cost",
        "worth",
        "figures",
        "numbers",
        "how many",
    ),
    "eligibility": (
        "who can apply",
        "who can",
        "eligible",
        "eligibility",
        "can i apply",
        "can we apply",
        "can my",
        "can our",
        "who is it for",
        "for whom",
        "applicants",
        "participate",
        "take part",
    ),
    "how_to_apply": (
        "how to apply",
        "how do i apply",
        "how do we apply",
        "how can i apply",
        "how can we apply",
        "apply",
        "application",
        "submit",
        "join",
        "sign up",
        "register",
    ),
    "period": (
        "deadline",
        "deadlines",
        "when",
        "period",
        "how long",
        "duration",
        "until",
        "timeline",
        "dates",
    ),
    "successor": (
        "successor",
        "replaced",
        "replacement",
        "instead",
        "what came after",
        "follow up",
        "follow-up",
        "continues",
        "continued",
        "still exist",
        "still exists",
        "still running",
        "ended",
    ),
    "funds": (
        "what does it fund",
        "what does it pay",
        "funds",
        "finance",
        "pays for",
        "support for",
    ),
    "status": ("still open", "is it open", "active", "closed", "status"),
}


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


@dataclass(frozen=True)
class Figure:
    """A fact with a number, as the source gave it.

    Attributes:
        text: The fact, e.g. ``"COSME budget: €19 million"``.
        historical: True when the figure describes a past period.
    """

    text: str
    historical: bool = False


@dataclass(frozen=True)
class Instrument:
    """One instrument of the catalogue (see the header of ``instruments.yml`` for the fields)."""

    id: str
    name: str
    summary: str
    funds: str
    who_can_apply: str
    budget: str
    period: str
    how_to_apply: str
    source_url: str
    source_note: str
    as_of: date
    status: InstrumentStatus
    kind: str = ""
    aliases: tuple[str, ...] = ()
    successor: str | None = None
    figures: tuple[Figure, ...] = ()
    programme: str | None = None

    @property
    def historical_figures(self) -> bool:
        """True when any figure of this instrument is historical."""
        return any(f.historical for f in self.figures)

    def names(self) -> tuple[str, ...]:
        """The canonical name, the id and the aliases."""
        return (self.name, self.id, *self.aliases)


@dataclass(frozen=True)
class ClusterFact:
    """One figure of the cluster facts."""

    id: str
    text: str


@dataclass(frozen=True)
class ClusterFacts:
    """Headline figures about clusters in Europe, their source and the contact."""

    source_name: str
    source_url: str
    source_note: str
    as_of: date
    historical: bool
    facts: tuple[ClusterFact, ...]
    contact: str
    contact_url: str


def _compact(key: str) -> str:
    return key.replace(" ", "")


@dataclass
class Catalogue:
    """The loaded instruments with alias lookups.

    Attributes:
        instruments: Entries in file order.
        facts: The cluster facts.
        path: Where the catalogue was read from.
    """

    instruments: tuple[Instrument, ...]
    facts: ClusterFacts
    path: Path = DEFAULT_CATALOGUE
    _by_id: dict[str, Instrument] = field(init=False, repr=False)
    _by_key: dict[str, Instrument] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {i.id: i for i in self.instruments}
        self._by_key = {}
        for instrument in self.instruments:
            for name in instrument.names():
                key = fold(name)
                if key:
                    self._by_key.setdefault(key, instrument)
                    self._by_key.setdefault(_compact(key), instrument)

    def __len__(self) -> int:
        return len(self.instruments)

    def __iter__(self):
        return iter(self.instruments)

    def get(self, instrument_id: str) -> Instrument | None:
        """Return the instrument with this id, or ``None``."""
        return self._by_id.get(instrument_id)

    def successor_of(self, instrument: Instrument) -> Instrument | None:
        """Return the instrument that continues ``instrument``, if the catalogue names one."""
        return self._by_id.get(instrument.successor) if instrument.successor else None

    def lookup(self, name: str | None) -> Instrument | None:
        """Find the instrument a name refers to.

        Exact on folded names and aliases first (case, accents, punctuation and spaces ignored),
        then fuzzy (difflib ratio >= :data:`LOOKUP_CUTOFF`) for misspellings.

        Args:
            name: An entity value or a short name typed by a user.

        Returns:
            The instrument, or ``None``.
        """
        if not isinstance(name, str):
            return None
        key = fold(name[:MAX_TEXT_CHARS])
        if not key:
            return None
        found = self._by_key.get(key) or self._by_key.get(_compact(key))
        if found is not None:
            return found
        close = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=LOOKUP_CUTOFF)
        return self._by_key[close[0]] if close else None

    def suggest(self, name: str | None, n: int = 3) -> list[Instrument]:
        """Return up to ``n`` instruments whose names are close to ``name`` (best first).

        Args:
            name: What the user typed.
            n: Most suggestions returned.

        Returns:
            Distinct instruments; empty when nothing is similar.
        """
        if not isinstance(name, str):
            return []
        key = fold(name[:MAX_TEXT_CHARS])
        if not key:
            return []
        keys = difflib.get_close_matches(key, list(self._by_key), n=n * 4, cutoff=SUGGEST_CUTOFF)
        seen: list[Instrument] = []
        for match in keys:
            instrument = self._by_key[match]
            if instrument not in seen:
                seen.append(instrument)
        return seen[:n]

    def find_in_text(self, text: str | None) -> Instrument | None:
        """Find an instrument named anywhere in free text (longest name wins).

        Args:
            text: A user message such as ``"what is ESCP-4i?"``.

        Returns:
            The instrument whose name or alias occurs as whole words, else ``None``.
        """
        if not isinstance(text, str):
            return None
        folded = f" {fold(text[:MAX_TEXT_CHARS])} "
        best: tuple[int, Instrument] | None = None
        for key, instrument in self._by_key.items():
            if " " not in key and len(key) < 3:
                continue
            if f" {key} " in folded and (best is None or len(key) > best[0]):
                best = (len(key), instrument)
        return best[1] if best else None


def select_aspects(text: str | None) -> tuple[Aspect, ...]:
    """Tell which parts of an instrument a question asks about.

    Args:
        text: The user's question ("how much can a project get?", "who can apply?").

    Returns:
        The aspects in :data:`ASPECTS` order; empty for a general question ("what is X?").
    """
    if not isinstance(text, str):
        return ()
    folded = f" {fold(text[:MAX_TEXT_CHARS])} "
    found: list[Aspect] = []
    for aspect in ASPECTS:
        for cue in _ASPECT_CUES[aspect]:
            if f" {fold(cue)} " in folded:
                found.append(aspect)
                break
    # "how to apply" also contains "apply"; "who can apply" is about eligibility, not the process.
    if "eligibility" in found and "how_to_apply" in found and not re.search(r"\bhow\b", folded):
        found.remove("how_to_apply")
    return tuple(found)


def aspect_fields(instrument: Instrument, aspects: Sequence[Aspect]) -> dict[str, str]:
    """Return the catalogue fields that answer the given aspects.

    Args:
        instrument: The instrument.
        aspects: From :func:`select_aspects`; empty means a general description.

    Returns:
        Field name -> text, in a stable order.
    """
    fields_by_aspect: dict[Aspect, tuple[str, ...]] = {
        "budget": ("budget",),
        "eligibility": ("who_can_apply",),
        "how_to_apply": ("how_to_apply",),
        "period": ("period",),
        "successor": ("status",),
        "funds": ("funds",),
        "status": ("status",),
    }
    wanted = [f for a in aspects for f in fields_by_aspect[a]] or ["summary", "budget"]
    return {name: str(getattr(instrument, name)) for name in dict.fromkeys(wanted)}


# --- loading -------------------------------------------------------------------------------


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
    if not isinstance(value, str) or not value.strip():
        raise InstrumentCatalogueError(
            path, entry, name, f"must be a non-empty string, got {value!r}"
        )
    return " ".join(value.split())


def _date(path: Path, entry: str, value: Any, name: str = "as_of") -> date:
    if type(value) is date:
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InstrumentCatalogueError(path, entry, name, f"must be a date YYYY-MM-DD, got {value!r}")


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


def names_of(instruments: Iterable[Instrument]) -> list[str]:
    """Return the canonical names of instruments (for "did you mean" lists)."""
    return [i.name for i in instruments]
