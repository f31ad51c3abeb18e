"""Build the project's spaCy pipeline: ``spacy.blank("en")`` plus a gazetteer EntityRuler.

No pretrained spaCy pipeline can be downloaded on the project's machines, so Rasa's ``SpacyNLP``
loads this one from disk. It has no vectors and no statistical components: a tokenizer and an
``entity_ruler`` whose phrase patterns match on the lower-cased token text, so case does not
matter ("germany", "GERMANY"), plus a few exact-case single-token patterns (upper-case ISO
codes such as "PT", "AI").

Labels: ``country``, ``region``, ``label``, ``sector``, ``technology``, ``instrument``,
``organisation_type``. Every pattern carries the canonical value of what it names as its ``id``
(ISO alpha-2 code, English region name, fixed sector label...). Rasa's ``SpacyEntityExtractor``
only passes on the matched text, so the same table is also written as Rasa synonyms
(``--synonyms data/nlu/synonyms.yml``) and ``EntitySynonymMapper`` turns "Deutschland" into "DE".

Sources are read from ``bot/gazetteers/*.yml`` and ``knowledge/data`` (see
``bot/gazetteers/README.md``); the region names live in ``knowledge/data/taxonomies/regions.yml``
because the partner search's region filter (``knowledge/regions.py``) reads them too. The build is deterministic: the same inputs give the same
patterns file and the same synonyms file, byte for byte.

Usage::

    python -m bot.spacy_pipeline --out var/spacy/cluster_en [--synonyms data/nlu/synonyms.yml]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# spaCy's thinc imports TensorFlow when it is installed (it is, beside Rasa): keep it quiet.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import spacy
import yaml
from spacy.language import Language

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
GAZETTEER_DIR = REPO_ROOT / "bot" / "gazetteers"
KNOWLEDGE_DATA_DIR = REPO_ROOT / "knowledge" / "data"
DEFAULT_OUT = Path("var/spacy/cluster_en")
PIPELINE_NAME = "cluster_en"
PIPELINE_VERSION = "1.0.0"

#: Labels in priority order: when two gazetteers claim the same phrase, the earlier label wins
#: ("ict" is a sector, not a corpus technology; "Luxembourg" is a country, not a NUTS region).
LABELS: tuple[str, ...] = (
    "instrument",
    "organisation_type",
    "country",
    "region",
    "label",
    "sector",
    "technology",
    "ordinal",
)

#: Ordinal words and their 1-based value as text; "last" is "-1" (docs/conversation.md).
ORDINAL_WORDS: tuple[tuple[str, str, str], ...] = (
    ("first", "1st", "1"),
    ("second", "2nd", "2"),
    ("third", "3rd", "3"),
    ("fourth", "4th", "4"),
    ("fifth", "5th", "5"),
    ("sixth", "6th", "6"),
    ("seventh", "7th", "7"),
    ("eighth", "8th", "8"),
    ("ninth", "9th", "9"),
    ("tenth", "10th", "10"),
)

#: Labels whose file is read from ``knowledge/data/taxonomies`` instead of the gazetteer folder:
#: the region names are shared with the partner search's region filter (knowledge/regions.py).
SHARED_GAZETTEERS = frozenset({"region"})
#: Gazetteer file for each label (``ordinal`` has none: its patterns are built in code).
GAZETTEER_FILES: dict[str, str] = {
    "country": "countries.yml",
    "region": "regions.yml",
    "label": "labels.yml",
    "sector": "sectors.yml",
    "technology": "technologies.yml",
    "instrument": "instruments.yml",
    "organisation_type": "organisation_types.yml",
}

MIN_PATTERN_CHARS = 3

# Curated entries beat values read from data files for the same phrase and label.
_CURATED, _DATA = 0, 1

_ENTRY_KEYS = {"value", "aliases", "nuts"}
_TOP_KEYS = {"label", "entries", "exclude", "exclude_codes", "tokens"}
_COUNTRY_LEVEL_NUTS = re.compile(r"^[A-Z]{2}0{1,2}$")
_NUTS_QUALIFIER = re.compile(r"\s*\(([^)]*)\)\s*$")
# Corpus technologies skipped by rule: "it services" starts with the pronoun "it" once
# lower-cased, and "cluster cooperation"-like phrases describe cluster work, not a technology.
_CORPUS_TECH_SKIP = re.compile(r"^it |\bclusters?\b")


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


@dataclass(frozen=True)
class Phrase:
    """A phrase pattern after conflict resolution."""

    label: str
    value: str
    text: str


@dataclass
class PatternTable:
    """Resolved phrase and token patterns, ready for the EntityRuler."""

    phrases: list[Phrase]
    tokens: list[tuple[str, TokenPattern]]

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """Return EntityRuler patterns in a stable order.

        Phrase patterns match on ``LOWER``; exact-case patterns use ``ORTH`` on each token of
        the text as the tokenizer splits it ("5G" is two tokens, "5" and "G").
        """
        patterns: list[dict[str, Any]] = [
            {"label": p.label, "pattern": p.text, "id": p.value} for p in self.phrases
        ]
        patterns += [
            {"label": label, "pattern": [{"ORTH": orth} for orth in t.orths], "id": t.value}
            for label, t in self.tokens
        ]
        patterns += [
            {"label": "ordinal", "pattern": tokens, "id": value}
            for _, tokens, value in ordinal_patterns()
            if tokens
        ]
        return patterns

    def fingerprint(self) -> str:
        """Return a SHA-256 of the patterns, to tell two builds apart."""
        blob = json.dumps(self.ruler_patterns(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def synonyms(self) -> dict[str, dict[str, list[str]]]:
        """Return ``{label: {canonical value: [phrases that differ from it]}}``, sorted."""
        out: dict[str, dict[str, set[str]]] = {}
        for p in self.phrases:
            if p.text.lower() != p.value.lower():
                out.setdefault(p.label, {}).setdefault(p.value, set()).add(p.text.lower())
        for label, t in self.tokens:
            if t.text.lower() != t.value.lower():
                out.setdefault(label, {}).setdefault(t.value, set()).add(t.text.lower())
        for text, _, value in ordinal_patterns():
            if text != value:
                out.setdefault("ordinal", {}).setdefault(value, set()).add(text)
        return {
            label: {value: sorted(texts) for value, texts in sorted(values.items())}
            for label, values in sorted(out.items(), key=lambda kv: LABELS.index(kv[0]))
        }


def ordinal_patterns() -> list[tuple[str, list[dict[str, Any]], str]]:
    """Return ``(text, token pattern, value)`` for every ordinal the ruler knows.

    "second", "2nd", "number 2", "#2" all give "2"; "last" gives "-1". The text is what the
    ruler matches in canonical spelling (the synonym Rasa maps to the value); "no 2" style
    variants with other spacing are left to the action layer's parser.
    """
    out: list[tuple[str, list[dict[str, Any]], str]] = []
    for word, short, value in ORDINAL_WORDS:
        out.append((word, [{"LOWER": word}], value))
        out.append((short, [{"LOWER": short}], value))
        out.append(
            (f"number {value}", [{"LOWER": {"IN": ["number", "nr"]}}, {"ORTH": value}], value)
        )
        out.append((f"nr {value}", [], value))  # synonym only: the pattern above matches it
        out.append((f"#{value}", [{"ORTH": "#"}, {"ORTH": value}], value))
    out.append(("last", [{"LOWER": "last"}], "-1"))
    return [(text, tokens, value) for text, tokens, value in out]


# --------------------------------------------------------------------------- gazetteer files


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


# --------------------------------------------------------------------------- data sources


def read_country_names(csv_path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(ISO alpha-2 code, name)`` from the CORDIS multilingual country list.

    The file is ``;``-separated UTF-8 with a BOM. ``isoCode`` is used (Greece is GR, the UK
    GB); where it is NULL (North Macedonia, Kosovo) the ``euCode`` is.
    """
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        for line, row in enumerate(reader, start=2):
            try:
                code = row["isoCode"] if row["isoCode"] not in ("", "NULL") else row["euCode"]
                name = " ".join(row["name"].split())
            except (KeyError, AttributeError) as exc:
                raise GazetteerError(f"{csv_path}: line {line}: malformed row {row!r}") from exc
            if code and name:
                yield code.strip(), name


def _clean_nuts_name(name: str) -> list[str]:
    """Turn one NUTS ``NAME_LATN`` into the names people write."""
    if " — " in name:  # "Inner London — West", "Centre — Val de Loire": curated instead
        return []
    out = []
    for part in name.split("/"):
        for piece in part.split(", ") if "," in part else [part]:
            piece = piece.strip()
            piece = re.sub(r"^Prov\.\s*", "", piece)
            qualifier = _NUTS_QUALIFIER.search(piece)
            if qualifier:
                piece = piece[: qualifier.start()].strip()
                word = qualifier.group(1).strip()
                if not re.fullmatch(r"[A-Z]{2}", word):  # "(England)" is part of the name
                    piece = f"{piece} {word}"
            piece = " ".join(piece.split())
            if piece:
                out.append(piece)
    return out


def read_nuts_regions(csv_path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(NUTS code, cleaned name)`` for NUTS levels 1 and 2.

    Whole-country units (``DK0``, ``EE00``...) are skipped: their names are country names.
    """
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        for line, row in enumerate(csv.reader(fh, delimiter=";"), start=1):
            if line == 1:
                continue
            if len(row) < 2:
                raise GazetteerError(f"{csv_path}: line {line}: expected 'NUTS_ID;NAME_LATN'")
            code, name = row[0].strip(), ";".join(row[1:]).strip()
            if not 3 <= len(code) <= 4 or _COUNTRY_LEVEL_NUTS.match(code):
                continue
            for cleaned in _clean_nuts_name(name):
                yield code, cleaned


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


# --------------------------------------------------------------------------- pattern table


@dataclass(frozen=True)
class _Candidate:
    label: str
    value: str
    text: str
    origin: int  # _CURATED or _DATA
    source: str  # for error messages


def _candidates(gazetteers: dict[str, Gazetteer], knowledge_dir: Path) -> Iterator[_Candidate]:
    taxonomies = knowledge_dir / "taxonomies"

    # Countries: CSV names + curated adjectives, native names, misspellings.
    gaz = gazetteers["country"]
    csv_path = taxonomies / "country_names_multilingual.csv"
    for code, name in read_country_names(csv_path):
        if code not in gaz.exclude_codes and name.lower() not in gaz.exclude:
            yield _Candidate("country", code, name, _DATA, f"{csv_path} ({code})")

    # Regions: NUTS names, renamed to the curated English value where an entry claims the code.
    gaz = gazetteers["region"]
    by_code = {e.nuts: e.value for e in gaz.entries if e.nuts}
    nuts_path = taxonomies / "nuts2021.csv"
    names: dict[str, list[str]] = {}
    for code, name in read_nuts_regions(nuts_path):
        if name.lower() not in gaz.exclude:
            names.setdefault(name, []).append(code)
    for name, codes in sorted(names.items()):
        curated = [by_code[c] for c in sorted(codes, key=len) if c in by_code]
        value = curated[0] if curated else name
        origin = _CURATED if curated else _DATA
        yield _Candidate("region", value, name, origin, f"{nuts_path} ({', '.join(codes)})")

    # Technologies from the real corpus.
    gaz = gazetteers["technology"]
    jsonl = knowledge_dir / "clusters" / "cluster_profiles.jsonl"
    for tech in read_corpus_technologies(jsonl):
        if tech not in gaz.exclude and not _CORPUS_TECH_SKIP.search(tech):
            yield _Candidate("technology", tech, tech, _DATA, str(jsonl))

    # Curated entries of every gazetteer: the value itself is always a pattern too.
    for label in LABELS:
        if label not in gazetteers:
            continue
        gaz = gazetteers[label]
        for i, entry in enumerate(gaz.entries, start=1):
            source = f"{gaz.path}: entry {i} (value {entry.value!r})"
            if label != "country":  # country values are ISO codes, not phrases
                yield _Candidate(label, entry.value, entry.value, _CURATED, source)
            for alias in entry.aliases:
                yield _Candidate(label, entry.value, alias, _CURATED, source)


def collect_patterns(
    gazetteer_dir: Path = GAZETTEER_DIR,
    knowledge_dir: Path = KNOWLEDGE_DATA_DIR,
    nlp: Language | None = None,
) -> PatternTable:
    """Read all sources and resolve them into one conflict-free pattern table.

    Each phrase (compared as its sequence of lower-cased tokens, as the matcher sees it) ends up
    with exactly one label and one value: labels are ranked by ``LABELS``, curated entries beat
    data files, and two curated entries of one label naming different values is an error.
    Phrases shorter than 3 characters or made only of digits are dropped.

    Args:
        gazetteer_dir: Folder holding the ``*.yml`` gazetteers.
        knowledge_dir: The project's ``knowledge/data`` folder.
        nlp: Tokenizer to key phrases with; a blank English pipeline by default.

    Returns:
        The resolved pattern table.

    Raises:
        GazetteerError: A source is malformed or two curated entries contradict each other.
    """
    nlp = nlp or spacy.blank("en")
    gazetteers = {
        label: load_gazetteer(
            (knowledge_dir / "taxonomies" if label in SHARED_GAZETTEERS else gazetteer_dir) / fname,
            label,
        )
        for label, fname in GAZETTEER_FILES.items()
    }

    chosen: dict[tuple[str, ...], _Candidate] = {}
    for cand in _candidates(gazetteers, knowledge_dir):
        text = " ".join(cand.text.split())
        if len(text) < MIN_PATTERN_CHARS or text.replace(" ", "").isdigit():
            continue
        key = tuple(t.lower_ for t in nlp.make_doc(text))
        prev = chosen.get(key)
        if prev is None:
            chosen[key] = _Candidate(cand.label, cand.value, text, cand.origin, cand.source)
            continue
        rank_new = (LABELS.index(cand.label), cand.origin)
        rank_old = (LABELS.index(prev.label), prev.origin)
        if rank_new == rank_old and prev.value != cand.value:
            if cand.origin == _CURATED:
                raise GazetteerError(
                    f"{cand.source}: {text!r} is already a {prev.label} alias of "
                    f"{prev.value!r} ({prev.source}); a phrase can name only one thing"
                )
            continue  # two data rows disagree (same name, two codes): first one, sorted input
        if rank_new < rank_old:
            chosen[key] = _Candidate(cand.label, cand.value, text, cand.origin, cand.source)

    phrases = sorted(
        {Phrase(c.label, c.value, c.text) for c in chosen.values()},
        key=lambda p: (LABELS.index(p.label), p.value, p.text.lower(), p.text),
    )
    # Keep one spelling per (label, value, lower-cased text).
    unique: dict[tuple[str, str, str], Phrase] = {}
    for p in phrases:
        unique.setdefault((p.label, p.value, p.text.lower()), p)
    tokens = sorted(
        {
            (label, TokenPattern(t.text, t.value, tuple(tok.text for tok in nlp.make_doc(t.text))))
            for label in LABELS
            if label in gazetteers
            for t in gazetteers[label].tokens
        },
        key=lambda lt: (LABELS.index(lt[0]), lt[1].text),
    )
    table = PatternTable(phrases=list(unique.values()), tokens=tokens)
    _check_synonyms_consistent(table)
    return table


def _check_synonyms_consistent(table: PatternTable) -> None:
    """Fail if Rasa's synonym lookup (keyed by lower-case text, all labels together) would
    send one text to two values, or rewrite a canonical value into another one."""
    target: dict[str, str] = {}
    for label, values in table.synonyms().items():
        for value, texts in values.items():
            for text in texts:
                if target.setdefault(text, value) != value:
                    raise GazetteerError(
                        f"{text!r} would map to both {target[text]!r} and {value!r} "
                        f"({label}); make the gazetteers agree"
                    )
    for p in table.phrases:
        if target.get(p.value.lower(), p.value) != p.value:
            raise GazetteerError(
                f"canonical {p.label} value {p.value!r} is also an alias of "
                f"{target[p.value.lower()]!r}; Rasa would rewrite it"
            )


# --------------------------------------------------------------------------- pipeline


def build_pipeline(
    gazetteer_dir: Path = GAZETTEER_DIR,
    knowledge_dir: Path = KNOWLEDGE_DATA_DIR,
    table: PatternTable | None = None,
) -> Language:
    """Build the blank English pipeline with the gazetteer EntityRuler.

    Args:
        gazetteer_dir: Folder holding the ``*.yml`` gazetteers.
        knowledge_dir: The project's ``knowledge/data`` folder.
        table: Patterns already collected from those sources (collected here if omitted).

    Returns:
        The pipeline, not yet saved.
    """
    nlp = spacy.blank("en")
    if table is None:
        table = collect_patterns(gazetteer_dir, knowledge_dir, nlp)
    ruler = nlp.add_pipe(
        "entity_ruler",
        config={"phrase_matcher_attr": "LOWER", "validate": True, "overwrite_ents": True},
    )
    ruler.add_patterns(table.ruler_patterns())
    counts: dict[str, int] = {}
    for p in table.ruler_patterns():
        counts[p["label"]] = counts.get(p["label"], 0) + 1
    nlp.meta.update(
        {
            "name": PIPELINE_NAME,
            "version": PIPELINE_VERSION,
            "description": "Blank English tokenizer + gazetteer EntityRuler for the cluster "
            "support assistant (built by bot/spacy_pipeline.py).",
            "labels": {"entity_ruler": list(LABELS)},
            "gazetteer_fingerprint": table.fingerprint(),
            "pattern_counts": dict(sorted(counts.items())),
        }
    )
    return nlp


def build_and_save(
    out_dir: Path | str,
    gazetteer_dir: Path = GAZETTEER_DIR,
    knowledge_dir: Path = KNOWLEDGE_DATA_DIR,
    table: PatternTable | None = None,
) -> Path:
    """Build the pipeline and save it to ``out_dir``, replacing any previous build.

    The pipeline is written to a temporary sibling folder first and then renamed into place,
    so a reader never sees a half-written pipeline (the old one is renamed aside, the new one
    renamed in, the old one deleted).

    Args:
        out_dir: Target folder, e.g. ``var/spacy/cluster_en``.
        gazetteer_dir: Folder holding the ``*.yml`` gazetteers.
        knowledge_dir: The project's ``knowledge/data`` folder.
        table: Patterns already collected from those sources (collected here if omitted).

    Returns:
        The target folder.
    """
    out = Path(out_dir)
    nlp = build_pipeline(gazetteer_dir, knowledge_dir, table)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the pipeline is not secret
    old = out.parent / f".{out.name}.old"
    try:
        nlp.to_disk(tmp)
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
    logger.info(
        "saved spaCy pipeline to %s (%s patterns: %s)",
        out,
        sum(nlp.meta["pattern_counts"].values()),
        nlp.meta["pattern_counts"],
    )
    return out


# --------------------------------------------------------------------------- Rasa synonyms

_SYNONYMS_HEADER = """\
# GENERATED FILE, do not edit by hand: edit bot/gazetteers/ (regions: knowledge/data/taxonomies/
# regions.yml) and run
#   python -m bot.spacy_pipeline --out var/spacy/cluster_en --synonyms data/nlu/synonyms.yml
# Maps what the spaCy EntityRuler matches to one canonical value per thing (countries to ISO
# alpha-2 codes, regions to one English name, labels to "gold label" ... "any label", sectors
# to the 23 fixed labels, aliases and misspellings of technologies, instruments and
# organisation types to their main name).
"""


def synonyms_yaml(table: PatternTable) -> str:
    """Render the table's synonyms as a Rasa 3.x NLU YAML document."""
    lines = [_SYNONYMS_HEADER.rstrip("\n"), 'version: "3.1"', "nlu:"]
    for label, values in table.synonyms().items():
        lines.append(f"# {label}")
        for value, texts in values.items():
            lines.append(f"- synonym: {json.dumps(value, ensure_ascii=False)}")
            lines.append("  examples: |")
            lines.extend(f"    - {text}" for text in texts)
    return "\n".join(lines) + "\n"


def write_synonyms(path: Path | str, table: PatternTable) -> Path:
    """Write the Rasa synonyms file (atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(synonyms_yaml(table), encoding="utf-8")
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m bot.spacy_pipeline",
        description="Build the assistant's spaCy pipeline (blank English + gazetteer "
        "EntityRuler) for Rasa's SpacyNLP.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder to save the pipeline to (default: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--gazetteers",
        type=Path,
        default=GAZETTEER_DIR,
        help="folder with the gazetteer YAML files (default: bot/gazetteers)",
    )
    parser.add_argument(
        "--knowledge-data",
        type=Path,
        default=KNOWLEDGE_DATA_DIR,
        help="the knowledge/data folder with taxonomies and cluster profiles",
    )
    parser.add_argument(
        "--synonyms",
        type=Path,
        default=None,
        help="also write the Rasa synonyms file here (e.g. data/nlu/synonyms.yml)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        table = collect_patterns(args.gazetteers, args.knowledge_data)
        build_and_save(args.out, args.gazetteers, args.knowledge_data, table)
        if args.synonyms:
            write_synonyms(args.synonyms, table)
            logger.info("wrote Rasa synonyms to %s", args.synonyms)
    except (GazetteerError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def iter_entities(nlp: Language, texts: Iterable[str]) -> Iterator[list[tuple[str, str, str]]]:
    """Yield ``[(text, label, canonical value), ...]`` per text; handy for checks and tests."""
    for doc in nlp.pipe(texts):
        yield [(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents]


if __name__ == "__main__":
    raise SystemExit(main())
