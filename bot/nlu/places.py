"""Place names the exact gazetteer misses: inflected forms, and cities after a preposition.

The spaCy entity ruler (:mod:`bot.nlu.gazetteer`) matches country and region names exactly as
the tables spell them. Users of Polish, Czech, Hungarian (and the other inflecting languages)
write them declined: "na Podkarpaciu" (Podkarpacie), "w Czechach" (Czechy), "Magyarországon"
(Magyarország), "na Pomorzu Zachodnim" (Pomorze Zachodnie); Italians write the adjective
"partner italiani" (Italia). And they name cities and small regions: "en Madrid", "no Douro".
This module finds both, with the same canonical values the ruler gives, so slots, filters and
follow-ups need nothing new:

* **Names.** Tier 1: every country and region phrase of the ruler's pattern table (the same
  names, the same values: ISO codes, curated English region names, NUTS level-1/2 names).
  Tier 2: NUTS 2021 level-3 names (Eurostat, exact reading of :func:`taxonomy.nuts.clean_nuts_name`)
  and the cities and regions written in the cluster profiles; the region filter
  (:mod:`knowledge.regions`) reads a level-3 unit that is all of its level-2 region as that region
  ("Madrid" ES300 = ES30) and matches a profile
  city by its words.
* **Matching** (:mod:`bot.nlu.place_index`): declined forms in a message that is not English;
  tier-2 names only in a place context ("in Lyon", "near Lyon", "in the Turin area", "Eindhoven
  region", "we Wrocławiu"). ``tests/bot/nlu/test_places.py`` measures false matches on the
  profiles' descriptions and the calls' titles.

A match never takes a span from another kind of entity (a sector or technology); it replaces
a country or region entity it strictly contains ("Pomorzu" inside "Pomorzu Zachodnim").

Sectors, too: ``knowledge/data/taxonomies/sector_names.yml`` has the 23 sectors' names in the
other reply languages; in a message that is not English they become ``sector`` entities (exact
names, folded; a sector entity of the ruler that they strictly contain is replaced). They are
not ruler patterns because the training data is annotated with the ruler's entities.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.nlu.place_index import (
    LOCATIVES,
    MIN_TIER2_CHARS,
    REGION_NOUNS,
    TIER_AFTER_PREPOSITION,
    TIER_EXACT,
    Name,
    Place,
    PlaceIndex,
    after_locative,
)
from taxonomy.countries import OTHER_LANGUAGE_NAME_FILES, read_country_names
from taxonomy.nuts import clean_nuts_name, read_nuts_rows
from taxonomy.stopwords import function_words
from taxonomy.text import fold

_LANGUAGES = ("en", "de", "fr", "es", "it", "pl", "nl", "pt")
#: Tier-2 names made only of these words say which part, not where ("West", "South-West").
_DIRECTIONS = """north south east west northern southern eastern western upper lower central centre
    center middle inner outer greater nord sud est ouest norte sur este oeste centro"""
_DIRECTION_WORDS = frozenset(_DIRECTIONS.split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def tier2_names(
    nuts_csv: Path, profiles_jsonl: Path, taken: set[tuple[str, ...]], excluded: set[str]
) -> Iterator[Name]:
    """NUTS level-3 names and the profiles' cities and regions, minus ordinary words.

    Args:
        nuts_csv: ``nuts2021.csv``.
        profiles_jsonl: ``cluster_profiles.jsonl`` (fields ``city`` and ``region``).
        taken: Folded phrases that are already tier-1 names.
        excluded: Folded names the gazetteer excludes ("centro", "sud").

    Yields:
        Region names whose value is the name as written (the region filter resolves it).
    """
    ordinary = set().union(*(function_words(lang) for lang in _LANGUAGES)) | excluded
    ordinary |= LOCATIVES | REGION_NOUNS
    texts: list[str] = []
    for _, code, name in read_nuts_rows(nuts_csv):
        if len(code) == 5:
            texts += clean_nuts_name(name, partial=False)
    if profiles_jsonl.exists():
        for line in profiles_jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                for field in ("city", "region"):
                    value = row.get(field)
                    if isinstance(value, str):
                        texts += [part.strip() for part in re.split(r"[/,;]", value)]
    for text in texts:
        key = tuple(fold(text).split())
        if not key or key in taken or " ".join(key) in ordinary:
            continue
        if all(word in _DIRECTION_WORDS for word in key):
            continue
        if len("".join(key)) < MIN_TIER2_CHARS:
            continue
        spelled = tuple(_WORD.findall(text.lower()))
        yield Name(key, "region", " ".join(text.split()), TIER_AFTER_PREPOSITION, spelled)


#: The saved pipeline's ruler patterns (what Rasa's SpacyNLP loads), read instead of rebuilding
#: the pattern table when present: the same phrases, without a spaCy tokenizer run at start-up.
SAVED_PATTERNS = Path("var") / "spacy" / "cluster_en" / "entity_ruler" / "patterns.jsonl"


def ruler_phrases() -> list[tuple[str, str, str]]:
    """``(label, value, text)`` of every phrase pattern of the entity ruler."""
    from bot.nlu.gazetteer import collect_patterns
    from bot.settings import REPO_ROOT

    saved = REPO_ROOT / SAVED_PATTERNS
    if saved.exists():
        rows = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines() if line]
        return [
            (row["label"], row["id"], row["pattern"])
            for row in rows
            if isinstance(row.get("pattern"), str)
        ]
    return [(p.label, p.value, p.text) for p in collect_patterns().phrases]


def other_language_names() -> list[Name]:
    """The countries' names in the sixteen other EU languages (not ruler patterns), exact
    tier: "Saksa", "Vācija", "Njemačka", "Германия" (a name that folds to a ruler name, such as
    Czech "Itálie", adds its spelling to that name)."""
    from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR

    names = []
    for file_name in OTHER_LANGUAGE_NAME_FILES:
        path = KNOWLEDGE_DATA_DIR / "taxonomies" / file_name
        if not path.exists():
            continue
        for code, text in read_country_names(path):
            key = tuple(fold(text).split())
            if key:
                spelled = tuple(_WORD.findall(text.lower()))
                names.append(Name(key, "country", code, TIER_EXACT, spelled))
    return names


@cache
def place_index() -> PlaceIndex:
    """The shipped index: the ruler's country and region phrases, then the tier-2 names."""
    from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR, load_gazetteers

    phrases = ruler_phrases()
    names = [
        Name(
            tuple(fold(text).split()),
            label,
            value,
            TIER_EXACT,
            tuple(_WORD.findall(text.lower())),
        )
        for label, value, text in phrases
        if label in ("country", "region") and fold(text)
    ]
    names += other_language_names()
    names += shared_names()  # before the towns: "Brabant" is every Brabant, no one town
    # Phrases of other labels are never places ("ict" is a sector): they block tier 2 too.
    taken = {tuple(fold(text).split()) for _, _, text in phrases}
    excluded = set(load_gazetteers()["region"].exclude)
    names += tier2_names(
        KNOWLEDGE_DATA_DIR / "taxonomies" / "nuts2021.csv",
        KNOWLEDGE_DATA_DIR / "clusters" / "cluster_profiles.jsonl",
        taken,
        {fold(x) for x in excluded},
    )
    # a word of a sector or technology name is a word of the domain first ("agri", "cork")
    domain = {fold(text) for label, _, text in phrases if label not in PLACE_LABELS}
    domain |= {w for d in domain for w in d.split()}
    places = {tuple(fold(text).split()) for label, _, text in phrases if label in PLACE_LABELS}
    names += gazetteer_city_names(places, {fold(x) for x in excluded}, domain)
    return PlaceIndex(names, ordinary=domain)


def shared_names() -> list[Name]:
    """The names several regions share ("Brabant", "Limburg":
    :func:`knowledge.regions.shared_region_names`), tier 2 (after a preposition): the value is
    the name, which the region filter reads as all its regions."""
    from knowledge.regions import shared_region_names

    return [
        Name(tuple(fold(name).split()), "region", name, TIER_AFTER_PREPOSITION, (fold(name),))
        for name in shared_region_names()
    ]


def gazetteer_city_names(
    taken: set[tuple[str, ...]], excluded: set[str], domain: set[str]
) -> Iterator[Name]:
    """The European cities of GeoNames (:mod:`knowledge.city_gazetteer`: unambiguous names,
    no ordinary words), tier 2: "in Munich", "a Bilbao", "em Leiria", "we Wrocławiu". The value
    is the city's GeoNames name, which the region filter resolves (its region where the data
    says it, else the profiles' place words) and whose country it knows. A one-word name of a
    town under :data:`knowledge.city_gazetteer.WELL_KNOWN` inhabitants, or one that is a word of
    the domain (``domain``: "cork", "agri"), counts only written with a capital ("in Cork", not
    "in cork"); written so, it takes the span of the technology entity (:func:`merge_places`)."""
    from knowledge.city_gazetteer import city_table

    ordinary = LOCATIVES | REGION_NOUNS | excluded
    for key, cities in city_table().items():
        words = tuple(key.split())
        if not words or words in taken or key in ordinary:
            continue  # a country or region name first
        if all(word in _DIRECTION_WORDS for word in words):
            continue
        city = cities[0]
        spelled = tuple(_WORD.findall(city.name.lower())) if fold(city.name) == key else words
        cased = len(words) == 1 and (not city.well_known or key in domain)  # "alta", "cork"
        yield Name(words, "region", city.name, TIER_AFTER_PREPOSITION, spelled, cased)


PLACE_LABELS = frozenset({"country", "region"})
#: The sectors' names in the other reply languages, beside sectors.yml (not ruler patterns).
SECTOR_NAMES_FILE = "sector_names.yml"
#: Entities a place may overlap and leave alone: the language marker names no thing.
NEUTRAL_LABELS = frozenset({"language"})


def merge_places(entities: list[dict[str, Any]], places: list[Place]) -> list[dict[str, Any]]:
    """Add the places to the entities: never over another kind of entity, and replacing a
    country or region entity only when the place strictly contains it.

    Args:
        entities: The message's entities so far.
        places: :meth:`PlaceIndex.find` results.

    Returns:
        The new entity list.
    """
    out = list(entities)
    for place in places:
        overlapping = [
            e
            for e in out
            if isinstance(e.get("start"), int)
            and isinstance(e.get("end"), int)
            and e["start"] < place.end
            and place.start < e["end"]
            and e.get("entity") not in NEUTRAL_LABELS
        ]
        replaceable = PLACE_LABELS if place.label in PLACE_LABELS else {place.label}
        same_span = bool(overlapping) and all(
            (e["start"], e["end"]) == (place.start, place.end) for e in overlapping
        )
        if place.strong and same_span:  # "in Cork": the city, not the material
            out = [e for e in out if e not in overlapping]
            overlapping = []
        if any(e.get("entity") not in replaceable for e in overlapping):
            continue
        if any(e["end"] - e["start"] >= place.end - place.start for e in overlapping):
            continue
        out = [e for e in out if e not in overlapping]
        out.append(
            {
                "entity": place.label,
                "value": place.value,
                "start": place.start,
                "end": place.end,
                "confidence": 1.0,
                "extractor": "PlaceFinder",
            }
        )
    return sorted(out, key=lambda e: (e.get("start", 0), e.get("end", 0)))


@cache
def sector_name_index() -> PlaceIndex:
    """The sectors' names in the other reply languages (``sector_names.yml``), exact."""
    from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR
    from bot.nlu.gazetteer_files import load_gazetteer

    gazetteer = load_gazetteer(KNOWLEDGE_DATA_DIR / "taxonomies" / SECTOR_NAMES_FILE, "sector")
    return PlaceIndex(
        Name(tuple(fold(a).split()), "sector", e.value, TIER_EXACT, tuple(_WORD.findall(a.lower())))
        for e in gazetteer.entries
        for a in e.aliases
        if fold(a)
    )


#: The sectors' word beginnings in the sixteen other EU languages and the declined sector words of
#: the reply languages (``sector_stems.yml``).
SECTOR_STEMS_FILE = "sector_stems.yml"
#: Shortest sector stem (folded letters; Greek and Cyrillic letters count one each).
MIN_SECTOR_STEM = 5


@cache
def sector_stems() -> dict[str | None, tuple[tuple[re.Pattern[str], str], ...]]:
    """``{language: ((stem pattern, sector label), ...)}``: ``None`` holds the stems of the
    sixteen languages (for them and for undecided messages), a reply language its own; longest
    stem first.

    Raises:
        ValueError: a stem is shorter than :data:`MIN_SECTOR_STEM` letters or a label is not
            one of the fixed sectors.
    """
    from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR
    from taxonomy.sectors import SECTORS

    path = KNOWLEDGE_DATA_DIR / "taxonomies" / SECTOR_STEMS_FILE
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    tables: dict[str | None, dict[str, list[str]]] = {None: raw.get("stems") or {}}
    tables.update((raw.get("reply_stems") or {}).items())
    out: dict[str | None, tuple[tuple[re.Pattern[str], str], ...]] = {}
    for language, table in tables.items():
        pairs = []
        for sector, stems in table.items():
            if sector not in SECTORS:
                raise ValueError(f"{path}: {sector!r} is not one of the fixed sectors")
            for stem in stems or []:
                key = " ".join(fold(str(stem)).split())
                if len(key.replace(" ", "")) < MIN_SECTOR_STEM:
                    raise ValueError(f"{path}: stem {stem!r} is shorter than {MIN_SECTOR_STEM}")
                pairs.append((re.compile(r"(?<!\w)" + re.escape(key) + r"\w*"), sector))
        pairs.sort(key=lambda p: -len(p[0].pattern))
        out[language] = tuple(pairs)
    return out


def sector_stem_places(text: str, language: str | None) -> list[Place]:
    """The sectors a message names by a word beginning of :func:`sector_stems`: the sixteen
    languages' stems in a message of one of them or of no decided language ("klynge inden for
    sundhed", "ψάχνουμε cluster τροφίμων", "cluster de turismo en estonia"), a reply language's
    own in a message of that language ("klastry meblarskie"); never in English (the ruler's).

    The span is the matched words of the message (found on its folded text, which keeps the
    message's character positions when folding changed no length; otherwise the words are
    matched one by one).
    """
    if language == "en" or not text:
        return []
    tables = sector_stems()
    pairs = tables.get(language, ()) if language in _LANGUAGES else tables[None]
    if not pairs:
        return []
    words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
    folded = " ".join(w for _, _, w in words)
    starts, offset = [], 0  # the folded text's offset of each word
    for _, _, word in words:
        starts.append(offset)
        offset += len(word) + 1
    out: list[Place] = []
    taken: list[tuple[int, int]] = []
    for pattern, sector in pairs:
        for match in pattern.finditer(folded):
            first = next((i for i, s in enumerate(starts) if s == match.start()), None)
            if first is None:
                continue
            last = max(i for i, s in enumerate(starts) if s < match.end())
            if any(first <= b and a <= last for a, b in taken):
                continue
            taken.append((first, last))
            out.append(Place(words[first][0], words[last][1], "sector", sector))
    return sorted(out, key=lambda p: p.start)


#: The heads of a compound that names a group by its sector, folded ("Automobil|cluster",
#: "voedings|cluster", "metsä|klusteri", "Wasserstoff|netzwerk", "energi|klynge"): the cluster
#: words of the EU languages, their networks and the words for "industry" and "sector".
_COMPOUND_HEADS = """cluster clustere clusterul clusters klaster klastry klastr klasteri klusteri
    klusterit kluster klustret klustrer klynge klyngen klynger klaszter netzwerk netzwerke netwerk
    netwerken netvaerk netvaerket natverk natverket verbund verbunde initiative industrie
    industrien industri industrin branche sektor sektoren teollisuus toostus tööstus"""
COMPOUND_HEADS = tuple(sorted(set(fold(_COMPOUND_HEADS).split()), key=len, reverse=True))
#: The endings that join a compound's first part to its head ("Gesundheit|s|cluster",
#: "voeding|s|cluster", "Lebensmittel|-|cluster" is none): tried after the bare part.
_LINKING_ENDINGS = ("s", "-", "en", "e")
#: Fewest letters of a compound's first part.
MIN_COMPOUND_PART = 4
#: Sector words too short for a stem, read only as a compound's part or right after a cluster
#: word ("Autocluster", "clusterul auto", "cluster agro").
SHORT_SECTOR_PARTS = {"auto": "Automotive & Mobility", "agro": "Agri-food"}


#: Fewest letters of an industry name's first part read as a sector word on its own
#: (:func:`standalone_parts`).
MIN_STANDALONE_PART = 5


@cache
def standalone_parts() -> dict[str, str]:
    """The first parts of the sectors' industry names that are the sector's own word
    ("Kunststoff" of "Kunststoffindustrie", "Lebensmittel", "Automobil", "textiel"): read as
    the sector standing alone too ("Kunststoff Cluster Bayern"). A part of fewer than
    :data:`MIN_STANDALONE_PART` letters, or one that ends in a linking "s" ("voedings"), is no
    word of its own."""
    from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR
    from bot.nlu.gazetteer_files import load_gazetteer

    path = KNOWLEDGE_DATA_DIR / "taxonomies" / SECTOR_NAMES_FILE
    found: dict[str, set[str]] = {}
    for entry in load_gazetteer(path, "sector").entries:
        for alias in (entry.value, *entry.aliases):
            key = fold(alias)
            part = _compound_part(key) if len(key.split()) == 1 else None
            if part and len(part) >= MIN_STANDALONE_PART and not part.endswith("s"):
                found.setdefault(part, set()).add(entry.value)
    return {part: next(iter(v)) for part, v in found.items() if len(v) == 1}


@cache
def compound_parts() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """``(words, stems)``: the sector words a compound may begin with, folded, and the sector
    stems of every language (``sector_stems.yml``) as ``(stem, sector)``.

    The words are the one-word names of the sectors in English (``sectors.yml``) and the
    reply languages (``sector_names.yml``), and the first part of each name that is itself a
    compound of an industry word ("Lebensmittel" of "Lebensmittelindustrie", "Kunststoff" of
    "Kunststoffindustrie"), plus :data:`SHORT_SECTOR_PARTS`. A word of two sectors is left out.
    """
    from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR, load_gazetteers
    from bot.nlu.gazetteer_files import load_gazetteer

    taxonomies = KNOWLEDGE_DATA_DIR / "taxonomies"
    entries = [*load_gazetteers()["sector"].entries]
    entries += load_gazetteer(taxonomies / SECTOR_NAMES_FILE, "sector").entries
    found: dict[str, set[str]] = {}
    for entry in entries:
        for alias in (entry.value, *entry.aliases):
            key = fold(alias)
            if len(key.split()) != 1:
                continue
            found.setdefault(key, set()).add(entry.value)
            part = _compound_part(key)
            if part:
                found.setdefault(part, set()).add(entry.value)
    words = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    words.update(SHORT_SECTOR_PARTS)
    raw = yaml.safe_load((taxonomies / SECTOR_STEMS_FILE).read_text(encoding="utf-8")) or {}
    tables = [raw.get("stems") or {}, *(raw.get("reply_stems") or {}).values()]
    stems = {
        (fold(str(stem)), sector)
        for table in tables
        for sector, listed in table.items()
        for stem in listed or []
        if " " not in fold(str(stem))
    }
    return words, tuple(sorted(stems, key=lambda s: -len(s[0])))


def _compound_part(word: str) -> str | None:
    """The first part of a folded compound ending in one of :data:`COMPOUND_HEADS`, less a
    linking ending only when needed later (:func:`compound_sector`), or None."""
    for head in COMPOUND_HEADS:
        if word.endswith(head) and len(word) - len(head) >= MIN_COMPOUND_PART:
            return word[: -len(head)].rstrip("-")
    return None


def compound_sector(word: str) -> str | None:
    """The sector a folded compound names by its first part ("automobilcluster" ->
    Automotive & Mobility, "lebensmittelcluster" -> Agri-food, "metsaklusteri" -> Forestry &
    Bioeconomy), or None.

    The part is looked up as written and without a linking ending (:data:`_LINKING_ENDINGS`):
    among the sector words of :func:`compound_parts`, then as a word that begins with a sector
    stem, or (five letters at least) that a stem of one sector only begins with ("metsa" of
    "metsateollisuus").
    """
    part = _compound_part(word)
    if not part:
        return None
    words, stems = compound_parts()
    candidates = [part] + [
        part[: -len(e)] for e in _LINKING_ENDINGS if part.endswith(e) and len(part) > len(e) + 3
    ]
    for candidate in candidates:
        if candidate in words:
            return words[candidate]
    for candidate in candidates:
        for stem, sector in stems:
            if candidate.startswith(stem):
                return sector
    for candidate in candidates:
        if len(candidate) >= MIN_SECTOR_STEM:
            sectors = {sector for stem, sector in stems if stem.startswith(candidate)}
            if len(sectors) == 1:
                return next(iter(sectors))
    return None


def compound_sector_places(text: str) -> list[Place]:
    """Sectors named inside compounds (:func:`compound_sector`: "Automobilcluster",
    "Lebensmittelcluster", "voedingscluster", "metsäklusteri"), by a short sector word right
    after a cluster word ("clusterul auto") and by an industry name's first part standing alone
    (:func:`standalone_parts`: "Kunststoff Cluster Bayern"), in a message of any language."""
    out: list[Place] = []
    matches = list(_WORD.finditer(text or ""))
    for i, match in enumerate(matches):
        word = fold(match.group())
        sector = compound_sector(word)
        if sector is not None:
            out.append(Place(match.start(), match.end(), "sector", sector))
            continue
        if i and word in SHORT_SECTOR_PARTS and fold(matches[i - 1].group()) in COMPOUND_HEADS:
            out.append(Place(match.start(), match.end(), "sector", SHORT_SECTOR_PARTS[word]))
        elif word in standalone_parts():
            out.append(Place(match.start(), match.end(), "sector", standalone_parts()[word]))
    return out


#: Region names that are ordinary words of a reply language (folded): in a message of that
#: language they name the region only written with a capital ("mobiliário de madeira" is wood
#: furniture, "a Madeira" the island; "marche di moda" are brands, "nelle Marche" the region).
ORDINARY_WORD_PLACES: dict[str, frozenset[str]] = {
    "pt": frozenset({"madeira"}),
    "it": frozenset({"marche"}),
}


def without_ordinary_words(
    text: str, entities: list[dict[str, Any]], language: str | None
) -> list[dict[str, Any]]:
    """The entities without a place written in lower case that is an ordinary word of the
    message's language (:data:`ORDINARY_WORD_PLACES`)."""
    words = ORDINARY_WORD_PLACES.get(language or "")
    if not words:
        return entities

    def ordinary(entity: dict[str, Any]) -> bool:
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") not in PLACE_LABELS or not isinstance(start, int):
            return False
        if not isinstance(end, int):
            return False
        written = text[start:end]
        return written.islower() and fold(written) in words

    return [e for e in entities if not ordinary(e)]


#: The adjective of the home country in each of the sixteen other EU languages (folded word
#: beginnings, ISO codes), and Irish's own declined forms of Éire ("in Éirinn", "na hÉireann"),
#: which its mutations keep from the name table: "ελληνικές εταιρείες", "lietuviški klasteriai",
#: "latviešu uzņēmumi", "suomalaisia klustereita", "magyar klaszterek", "braislí Éireannacha".
HOME_ADJECTIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    "bg": ("BG", ("българск",)),
    "cs": ("CZ", ("cesk",)),
    "da": ("DK", ("dansk",)),
    "el": ("GR", ("ελληνικ", "ελληνες", "ελληνων")),
    "et": ("EE", ("eesti", "eestlas")),
    "fi": ("FI", ("suomalai",)),
    "ga": ("IE", ("eireannach", "eirinn", "eireann", "heireann")),
    "hr": ("HR", ("hrvatsk",)),
    "hu": ("HU", ("magyar",)),
    "lt": ("LT", ("lietuvisk", "lietuviu")),
    "lv": ("LV", ("latviesu", "latvisk")),
    "mt": ("MT", ("maltin", "maltij")),
    "ro": ("RO", ("romanesc", "romanest", "romane", "romaneasc")),
    "sk": ("SK", ("slovensk",)),
    "sl": ("SI", ("slovensk",)),
    "sv": ("SE", ("svensk",)),
}
#: Most letters an ending adds to a :data:`HOME_ADJECTIVES` beginning.
HOME_ADJECTIVE_ENDING = 6
#: The home countries' own names and adjectives (folded word beginnings) that no other EU
#: language writes, read whatever language the detector gave the message: a short message in
#: one of the sixteen languages is often undecided ("klasteriai Lietuvoje lazeriai", read as
#: English: no case forms) or taken for a neighbour (Estonian for Finnish), and its country
#: was lost with its language. Not Slovak and Slovene "slovensk" (both languages' adjective
#: of their own country) nor Romanian "romane" (French and Italian words begin so): those
#: count only in their detected language (:data:`HOME_ADJECTIVES`).
ANY_LANGUAGE_HOME: dict[str, tuple[str, ...]] = {
    "BG": ("българск", "българи"),
    "CZ": ("cesk",),
    "DK": ("dansk", "danmark"),
    "EE": ("eesti", "eestlas"),
    "FI": ("suomalai", "suomen", "suomess", "suomest", "suomeen"),
    "GR": ("ελληνικ", "ελληνες", "ελληνων", "ελλαδ"),
    "HR": ("hrvatsk",),
    "HU": ("magyar", "magyarorszag"),
    "IE": ("eireannach", "eirinn", "eireann", "heireann"),
    "LT": ("lietuv",),
    "LV": ("latviesu", "latvisk", "latvij"),
    "MT": ("maltin", "maltij"),
    "RO": ("romanesc", "romanest", "romaneasc", "romaniei"),
    "SE": ("svensk", "sverige"),
    "SI": ("slovenij",),
}


def _home_stem(word: str, stems: tuple[str, ...]) -> bool:
    return any(
        word.startswith(stem) and len(word) - len(stem) <= HOME_ADJECTIVE_ENDING for stem in stems
    )


def home_adjectives(text: str, language: str | None) -> list[Place]:
    """The home country's adjective (:data:`HOME_ADJECTIVES`) in a message of one of the
    sixteen other EU languages, and the names and adjectives of :data:`ANY_LANGUAGE_HOME` in a
    message of any language but the reply languages (undetected included), as country places."""
    if language in _LANGUAGES:
        return []
    own = HOME_ADJECTIVES.get(language or "")
    out = []
    for match in _WORD.finditer(text):
        word = fold(match.group())
        code = own[0] if own and _home_stem(word, own[1]) else None
        if code is None:
            code = next((c for c, st in ANY_LANGUAGE_HOME.items() if _home_stem(word, st)), None)
        if code is not None:
            out.append(Place(match.start(), match.end(), "country", code))
    return out


#: Label levels in the sixteen other EU languages (folded word beginnings -> level): "kultainen
#: merkki", "sudraba marķējums", "eticheta de aur", "guldmärkning", "zlatou značkou".
OTHER_LEVEL_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "gold": {
        "bg": ("злат",), "cs": ("zlat",), "sk": ("zlat",), "sl": ("zlat",), "hr": ("zlat",),
        "da": ("guld",), "sv": ("guld",), "et": ("kuld",), "fi": ("kulta", "kultai"),
        "hu": ("arany",), "lt": ("auksin", "aukso"), "lv": ("zelta", "zelts"), "mt": ("deheb",),
        "ro": ("aur",), "el": ("χρυσ",), "ga": ("or", "oir"),
    },
    "silver": {
        "bg": ("сребър", "сребрист"), "cs": ("stribrn",), "sk": ("strieborn",), "sl": ("srebrn",),
        "hr": ("srebrn",), "da": ("solv", "sølv"), "sv": ("silver",), "et": ("hobe",), "fi": ("hopea",),
        "hu": ("ezust",), "lt": ("sidabr",), "lv": ("sudrab",), "mt": ("fidda",),
        "ro": ("argint",), "el": ("αργυρ", "ασημεν"), "ga": ("airgid", "airgead"),
    },
    "bronze": {
        "bg": ("бронз",), "cs": ("bronz",), "sk": ("bronz",), "sl": ("bronast", "bron"),
        "hr": ("bronc",), "da": ("bronze",), "sv": ("brons",), "et": ("pronks",),
        "fi": ("pronssi",), "hu": ("bronz",), "lt": ("bronz",), "lv": ("bronz",),
        "mt": ("bronz",), "ro": ("bronz",), "el": ("χαλκ", "μπρουντζ"), "ga": ("umha",),
    },
}  # fmt: skip
#: A level word counts only in a message that also names a label (folded word beginnings of
#: "label", "mark", "certificate", "sign" in the sixteen languages, and ECEI/ESCA).
LABEL_NOUNS = (
    "label", "etiket", "etichet", "merk", "mark", "maerk", "mærk", "znack", "znack", "znak", "oznak",
    "certif", "sertif", "zertif", "cimk", "minosit", "zenkl", "zimi", "zime", "tikkett",
    "σημα", "σημ", "πιστοπ", "lipead", "suaitheant", "етикет", "знак", "сертиф", "ecei", "esca",
    "kvalit", "tanusit", "tunnus", "margis", "sigill",
)  # fmt: skip
#: Most letters after a level word's beginning (Finnish "kultaisella", Czech "zlatým").
LEVEL_ENDING = 7


def level_places(text: str, language: str | None) -> list[Place]:
    """Label levels (:data:`OTHER_LEVEL_WORDS`) in a message of one of the sixteen other EU
    languages that names a label (:data:`LABEL_NOUNS`, also inside a compound:
    "guldmärkning"), as ``label`` entities ("gold")."""
    if not language or language in _LANGUAGES:
        return []
    out = []
    labelled = False
    for match in _WORD.finditer(text):
        word = fold(match.group())
        labelled = labelled or word.startswith(LABEL_NOUNS)
        for level, by_language in OTHER_LEVEL_WORDS.items():
            level_of = _level_stem(word, by_language.get(language, ()))
            if level_of is None:
                continue
            rest = word[len(level_of) :]
            labelled = labelled or any(noun in rest for noun in LABEL_NOUNS)
            out.append(Place(match.start(), match.end(), "label", level))
            break
    return out if labelled else []


def _level_stem(word: str, stems: tuple[str, ...]) -> str | None:
    """The stem of ``stems`` that ``word`` is a form of: a stem of up to three letters is a
    whole word ("aur", "or"); a longer one begins the word, with at most
    :data:`LEVEL_ENDING` letters after it, or begins a compound with a label noun."""
    for stem in stems:
        if len(stem) <= 3:
            if word == stem:
                return stem
        elif word.startswith(stem):
            rest = word[len(stem) :]
            if len(rest) <= LEVEL_ENDING or any(noun in rest for noun in LABEL_NOUNS):
                return stem
    return None


def adjective_places(text: str | None, language: str | None, named: bool = False) -> list[Place]:
    """Country and region adjectives next to a search noun ("griechische Cluster"), as places
    (:func:`bot.nlu.place_adjectives.find_adjectives`); in the other EU languages, the home
    country's adjective (:func:`home_adjectives`) unless the message ``named`` a place (then
    the adjective most likely describes the user: "we are a Finnish company ... in Germany")."""
    from bot.nlu.place_adjectives import find_adjectives

    if language and language not in _LANGUAGES:
        return home_adjectives(text or "", language) if not named else []
    found = [Place(a.start, a.end, a.label, a.value) for a in find_adjectives(text or "", language)]
    if language is None and not named and not found:
        found = home_adjectives(text or "", None)  # undetected: "klasteriai Lietuvoje"
    return found


#: The country whose regions a message in one of the other EU languages names in that language
#: (NUTS codes: Greece is EL).
HOME_REGIONS = {
    "bg": "BG", "cs": "CZ", "da": "DK", "el": "EL", "et": "EE", "fi": "FI", "hr": "HR",
    "hu": "HU", "lt": "LT", "lv": "LV", "ro": "RO", "sk": "SK", "sl": "SI", "sv": "SE",
}  # fmt: skip


@cache
def home_region_index(country: str) -> PlaceIndex:
    """The NUTS level-1 and level-2 names of one country as its own language writes them
    ("Centru", "Nord-Est", "Severozapaden", "Közép-Dunántúl"), also those the gazetteer leaves
    out as ordinary words or as another country's region too; the value is the curated English
    name of the unit (``regions.yml``) when there is one, else the NUTS name."""
    from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR

    taxonomies = KNOWLEDGE_DATA_DIR / "taxonomies"
    english = {}
    for entry in (yaml.safe_load((taxonomies / "regions.yml").read_text("utf-8")) or {}).get(
        "entries"
    ) or []:
        if isinstance(entry, dict) and entry.get("nuts") and entry.get("value"):
            english[str(entry["nuts"])] = str(entry["value"])
    names = []
    for _, code, name in read_nuts_rows(taxonomies / "nuts2021.csv"):
        if code.startswith(country) and len(code) in (3, 4) and not code.endswith("0"):
            for text in clean_nuts_name(name, partial=False):
                key = tuple(fold(text).split())
                if key and len("".join(key)) >= MIN_TIER2_CHARS:
                    value = english.get(code, text)
                    names.append(Name(key, "region", value, TIER_EXACT, tuple(key)))
    return PlaceIndex(names)


def home_regions(text: str, language: str | None) -> list[Place]:
    """Regions of the message language's own country named after a locative or a word for
    "region" ("în regiunea Centru", "regiunea Nord-Est"): :func:`home_region_index`."""
    country = HOME_REGIONS.get(language or "")
    if country is None:
        return []
    spans = [(m.start(), fold(m.group())) for m in _WORD.finditer(text or "")]
    words = [w for _, w in spans]
    starts = {start: i for i, (start, _) in enumerate(spans)}
    out = []
    for place in home_region_index(country).find(text, inflect=True, language=language):
        i = starts.get(place.start)
        if i is not None and (after_locative(words, i) or (i and words[i - 1] in REGION_NOUNS)):
            out.append(place)
    return out


#: How many words may stand between a country and its region ("Centro de Portugal", "Nord-Vest
#: Romania", "the North-West region of Romania").
NEAR_COUNTRY = 3


def regions_beside_country(text: str, places: list[Place]) -> list[Place]:
    """A country's own NUTS level-1/2 names right beside that country ("nord-vest romania",
    "centro de portugal", "Nord-Vest region of Romania"), in a message of any language
    (:func:`home_region_index`); one overlapping a place already found is left out."""
    from taxonomy.countries import ISO_TO_EU_CODE

    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    index_of = {start: i for i, (start, _) in enumerate(spans)}
    ends = {end: i for i, (_, end) in enumerate(spans)}
    out: list[Place] = []
    for country in (p for p in places if p.label == "country"):
        first, last = index_of.get(country.start), ends.get(country.end)
        if first is None or last is None:
            continue
        code = ISO_TO_EU_CODE.get(country.value, country.value)
        for region in home_region_index(code).find(text, inflect=False):
            i, j = index_of.get(region.start), ends.get(region.end)
            if i is None or j is None:
                continue
            beside = 0 < first - j <= NEAR_COUNTRY + 1 or 0 < i - last <= NEAR_COUNTRY + 1
            taken = any(region.start < p.end and p.start < region.end for p in places + out)
            if beside and not taken:
                out.append(region)
    return out


#: Greek letters in Latin as Eurostat writes Greece's NUTS names (ELOT 743: "Αττική" Attiki,
#: "Κεντρική Μακεδονία" Kentriki Makedonia, "Βόρειο Αιγαίο" Voreio Aigaio, "Ήπειρος" Ipeiros).
_GREEK_PAIRS = {"ου": "ou", "αι": "ai", "ει": "ei", "οι": "oi", "ντ": "nt", "γγ": "ng", "γκ": "gk"}
_GREEK_LETTERS = dict(
    zip("αβγδεζηικλμνξοπρσςτυφω", "avgdeziiklmnxoprsstyfo", strict=True),
    θ="th", χ="ch", ψ="ps",
)  # fmt: skip
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")


def _greek_base(char: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", char.lower()) if not unicodedata.combining(c)
    )


def greek_in_latin(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with its Greek letters in Latin (:data:`_GREEK_PAIRS`, :data:`_GREEK_LETTERS`),
    and for each character of the result the span of ``text`` it comes from."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        pair = _greek_base(text[i : i + 2]) if i + 1 < len(text) else ""
        if pair in _GREEK_PAIRS:
            piece, used = _GREEK_PAIRS[pair], 2
        else:
            piece, used = _GREEK_LETTERS.get(_greek_base(text[i]), text[i]), 1
        out.append(piece)
        spans += [(i, i + used)] * len(piece)
        i += used
    return "".join(out), spans


def greek_places(text: str, language: str | None) -> list[Place]:
    """Regions written in Greek letters ("στην Αττική", "από την Κρήτη", "Κεντρική Μακεδονία"),
    read in Latin letters as the NUTS table spells them. Countries are not read so: their Greek
    names are in the other languages' table, and a Greek word can spell another country's name
    in Latin ("γεωργία", agriculture, is "georgia")."""
    if not _GREEK.search(text):
        return []
    latin, spans = greek_in_latin(text)
    return [
        Place(spans[p.start][0], spans[p.end - 1][1], p.label, p.value, p.strong, p.weak)
        for p in place_index().find(latin, inflect=True, language=language)
        if p.label == "region"
    ]


@cache
def grammar_words() -> frozenset[str]:
    """The function words of the reply languages, folded (English's curated list included)."""
    from bot.nlu.language_votes import tables

    return frozenset().union(*tables().values())


def town_spans(text: str | None, topic: bool = False) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of the place names the index finds in ``text`` as written (no
    declined forms): the towns and small regions that the ruler does not know ("partners in
    Eindhoven", "clusters near Lyon"), and the ruler's own names.

    For the language detector, which runs before :class:`bot.nlu.place_finder.PlaceFinder` (that
    one needs the detected language) and leaves out the ruler's entities only: a Dutch or
    Italian town in an English sentence was read as Dutch or Italian words ("partners in
    Eindhoven for high tech" answered in Dutch). A name is no evidence of the language around
    it, whichever the index finds it by. ``topic``: the message has a sector or technology
    entity (a town in a fragment counts then: :meth:`PlaceIndex.fragment_towns`).
    """
    if not text:
        return []
    index = place_index()
    places = [p for p in index.find(text, inflect=False) if p.label in PLACE_LABELS]
    if not places:
        places = index.fragment_towns(text, grammar_words(), topic)
    return [(p.start, p.end, p.label) for p in places]


def find_places(
    text: str | None, language: str | None, sector_known: bool = False, topic_known: bool = False
) -> list[Place]:
    """Places in a message of the given detected language (inflected forms unless English),
    then, in a message that is not English, the sectors named in its language; the sectors'
    word beginnings (:func:`sector_stem_places`) only when the message has no ``sector_known``
    (a sector entity of the ruler: "automotive electronics" read undecided is electronics, not
    the "automobil" of a stem). Last, a town of a short fragment with no preposition
    (:meth:`PlaceIndex.fragment_towns`), when no other place is named: ``topic_known`` (a
    technology entity) or a sector found makes the fragment a search."""
    other = bool(language) and language != "en"
    places = place_index().find(text or "", inflect=other, language=language)
    places += [
        g
        for g in greek_places(text or "", language)
        if not any(g.start < p.end and p.start < g.end for p in places)
    ]
    if any(not p.weak for p in places if p.label in PLACE_LABELS):
        places = [p for p in places if not p.weak]  # another place says where: not the town
    places += [
        r
        for r in home_regions(text or "", language)
        if not any(r.start < p.end and p.start < r.end for p in places)
    ]
    places += regions_beside_country(text or "", places)
    if other:
        places += [
            s
            for s in sector_name_index().find(text or "", inflect=False)
            if not any(s.start < p.end and p.start < s.end for p in places)
        ]
    if language != "en" and not sector_known:
        places += [
            s
            for s in sector_stem_places(text or "", language)
            if not any(s.start < p.end and p.start < s.end for p in places)
        ]
    if not sector_known and not any(p.label == "sector" for p in places):
        places += [
            c
            for c in compound_sector_places(text or "")
            if not any(c.start < p.end and p.start < c.end for p in places)
        ]
    if other:
        places += [
            lv
            for lv in level_places(text or "", language)
            if not any(lv.start < p.end and p.start < lv.end for p in places)
        ]
    if not any(p.label in PLACE_LABELS for p in places):
        topic = topic_known or sector_known or any(p.label == "sector" for p in places)
        places += [
            t  # "hightech cluster Eindhoven", "fotonica Eindhoven"
            for t in place_index().fragment_towns(text or "", grammar_words(), topic)
            if not any(t.start < p.end and p.start < t.end for p in places)
        ]
    return places
