"""The gazetteer pattern table of the spaCy pipeline: every phrase, one label and one value.

The pipeline Rasa's ``SpacyNLP`` loads (built by :mod:`bot.nlu.spacy_build`) is a blank English
tokenizer plus an ``entity_ruler`` whose phrase patterns match on the lower-cased token text, so
case does not matter ("germany", "GERMANY"), plus a few exact-case single-token patterns
(upper-case ISO codes such as "PT", "AI").

Labels: ``country``, ``region``, ``label``, ``sector``, ``technology``, ``instrument``,
``organisation_type``, ``ordinal``. Every pattern carries the canonical value of what it names as
its ``id`` (ISO alpha-2 code, English region name, fixed sector label...). Rasa's
``SpacyEntityExtractor`` only passes on the matched text, so the same table is also written as
Rasa synonyms (``data/nlu/generated/synonyms.yml``) and ``EntitySynonymMapper`` turns "Deutschland" into
"DE".

Sources: ``bot/gazetteers/*.yml`` (:mod:`bot.nlu.gazetteer_files`) and ``knowledge/data``; the
country names and NUTS region names are read by :mod:`taxonomy` exactly as the partner search's
filters read them (``tests/taxonomy`` checks that both agree), the region names live in
``knowledge/data/taxonomies/regions.yml`` because the region filter (``knowledge/regions.py``)
reads them too, and the ordinals come from :mod:`contracts.ordinals`. The build is deterministic:
the same inputs give the same patterns and the same synonyms, byte for byte.

No spaCy import at module level: the table can be built (with any tokenizer that has
``make_doc``) in the action server's environment too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.nlu.gazetteer_files import (
    Gazetteer,
    GazetteerError,
    TokenPattern,
    load_gazetteer,
    read_corpus_technologies,
)
from bot.settings import REPO_ROOT
from contracts.ordinals import LAST, LAST_WORD, ORDINALS
from taxonomy.countries import COUNTRY_NAME_FILES, read_country_names
from taxonomy.errors import TaxonomyError
from taxonomy.nuts import gazetteer_region_names

if TYPE_CHECKING:
    from spacy.language import Language

GAZETTEER_DIR = REPO_ROOT / "bot" / "gazetteers"
KNOWLEDGE_DATA_DIR = REPO_ROOT / "knowledge" / "data"


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

#: Labels whose file is read from ``knowledge/data/taxonomies`` instead of the gazetteer folder:
#: the region names are shared with the partner search's region filter (knowledge/regions.py),
#: the country and sector names with its country and sector filters (knowledge/filters.py).
SHARED_GAZETTEERS = frozenset({"region", "country", "sector"})
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

# Corpus technologies skipped by rule: "it services" starts with the pronoun "it" once
# lower-cased, and "cluster cooperation"-like phrases describe cluster work, not a technology.
_CORPUS_TECH_SKIP = re.compile(r"^it |\bclusters?\b")


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
    for word, short, position in ORDINALS:
        value = str(position)
        out.append((word, [{"LOWER": word}], value))
        out.append((short, [{"LOWER": short}], value))
        out.append(
            (f"number {value}", [{"LOWER": {"IN": ["number", "nr"]}}, {"ORTH": value}], value)
        )
        out.append((f"nr {value}", [], value))  # synonym only: the pattern above matches it
        out.append((f"#{value}", [{"ORTH": "#"}, {"ORTH": value}], value))
    out.append((LAST_WORD, [{"LOWER": LAST_WORD}], str(LAST)))
    return [(text, tokens, value) for text, tokens, value in out]


@dataclass(frozen=True)
class Candidate:
    """A phrase a source proposes for a label, before conflicts between sources are resolved.

    Attributes:
        label: The entity label.
        value: The canonical value the phrase would map to.
        text: The phrase.
        origin: ``0`` for a curated entry, ``1`` for a data file (curated wins).
        source: Where it comes from, for error messages.
        codes: The NUTS codes a region name was read from (empty for other labels).
    """

    label: str
    value: str
    text: str
    origin: int  # _CURATED or _DATA
    source: str  # for error messages
    codes: tuple[str, ...] = ()


def load_gazetteers(
    gazetteer_dir: Path = GAZETTEER_DIR, knowledge_dir: Path = KNOWLEDGE_DATA_DIR
) -> dict[str, Gazetteer]:
    """Read every gazetteer file (the region names from ``knowledge/data/taxonomies``).

    Raises:
        GazetteerError: A file is missing or malformed.
    """
    return {
        label: load_gazetteer(
            (knowledge_dir / "taxonomies" if label in SHARED_GAZETTEERS else gazetteer_dir) / fname,
            label,
        )
        for label, fname in GAZETTEER_FILES.items()
    }


def candidates(gazetteers: dict[str, Gazetteer], knowledge_dir: Path) -> Iterator[Candidate]:
    """Yield every phrase each source proposes, curated entries after the data files.

    Args:
        gazetteers: The parsed gazetteer files (:func:`load_gazetteers`).
        knowledge_dir: The project's ``knowledge/data`` folder.

    Raises:
        GazetteerError: A data file is malformed.
    """
    try:
        yield from _candidates(gazetteers, knowledge_dir)
    except TaxonomyError as exc:
        raise GazetteerError(str(exc)) from exc


def _candidates(gazetteers: dict[str, Gazetteer], knowledge_dir: Path) -> Iterator[Candidate]:
    taxonomies = knowledge_dir / "taxonomies"

    # Countries: CSV names + curated adjectives, native names, misspellings.
    gaz = gazetteers["country"]
    for file_name in COUNTRY_NAME_FILES:
        csv_path = taxonomies / file_name
        for code, name in read_country_names(csv_path):
            if code not in gaz.exclude_codes and name.lower() not in gaz.exclude:
                yield Candidate("country", code, name, _DATA, f"{csv_path} ({code})")

    # Regions: NUTS names, renamed to the curated English value where an entry claims the code.
    gaz = gazetteers["region"]
    by_code = {e.nuts: e.value for e in gaz.entries if e.nuts}
    nuts_path = taxonomies / "nuts2021.csv"
    names: dict[str, list[str]] = {}
    for code, name in gazetteer_region_names(nuts_path):
        if name.lower() not in gaz.exclude:
            names.setdefault(name, []).append(code)
    for name, codes in sorted(names.items()):
        curated = [by_code[c] for c in sorted(codes, key=len) if c in by_code]
        value = curated[0] if curated else name
        origin = _CURATED if curated else _DATA
        source = f"{nuts_path} ({', '.join(codes)})"
        yield Candidate("region", value, name, origin, source, tuple(codes))

    # Technologies from the real corpus.
    gaz = gazetteers["technology"]
    jsonl = knowledge_dir / "clusters" / "cluster_profiles.jsonl"
    for tech in read_corpus_technologies(jsonl):
        if tech not in gaz.exclude and not _CORPUS_TECH_SKIP.search(tech):
            yield Candidate("technology", tech, tech, _DATA, str(jsonl))

    # Curated entries of every gazetteer: the value itself is always a pattern too.
    for label in LABELS:
        if label not in gazetteers:
            continue
        gaz = gazetteers[label]
        for i, entry in enumerate(gaz.entries, start=1):
            source = f"{gaz.path}: entry {i} (value {entry.value!r})"
            if label != "country":  # country values are ISO codes, not phrases
                yield Candidate(label, entry.value, entry.value, _CURATED, source)
            for alias in entry.aliases:
                yield Candidate(label, entry.value, alias, _CURATED, source)


#: French and Italian elisions split off the start of a word ("l'EIC Accelerator",
#: "d'Horizon Europe", "dell'idrogeno", "all'Italia"), so that the name after them is a token of
#: its own and its pattern matches; English words never start with these.
ELISION_PREFIX = (
    r"(?:[lLdDjJnNsScCmM]|[qQ]u|[dD]ell|[aA]ll|[nN]ell|[sS]ull|[dD]all|[uU]n)['’](?=[^\W\d_])"
)


def blank_pipeline() -> Any:
    """A blank English spaCy pipeline whose tokenizer also splits French/Italian elisions.

    The one tokenizer of the gazetteer: the patterns are keyed with it and the saved pipeline
    (:mod:`bot.nlu.spacy_build`) tokenizes messages with it.

    Returns:
        The ``spacy.Language`` (imported here: the Rasa environment's spaCy).
    """
    import spacy  # the Rasa environment's; callers elsewhere pass their own tokenizer

    nlp = spacy.blank("en")
    prefixes = [ELISION_PREFIX, *nlp.Defaults.prefixes]
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    return nlp


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
    if nlp is None:
        nlp = blank_pipeline()
    gazetteers = load_gazetteers(gazetteer_dir, knowledge_dir)

    chosen: dict[tuple[str, ...], Candidate] = {}
    for cand in candidates(gazetteers, knowledge_dir):
        text = " ".join(cand.text.split())
        if len(text) < MIN_PATTERN_CHARS or text.replace(" ", "").isdigit():
            continue
        key = tuple(t.lower_ for t in nlp.make_doc(text))
        prev = chosen.get(key)
        if prev is None:
            chosen[key] = Candidate(cand.label, cand.value, text, cand.origin, cand.source)
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
            chosen[key] = Candidate(cand.label, cand.value, text, cand.origin, cand.source)

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
