"""Regions: NUTS codes for profiles and for what users call a region.

Profiles state their place in free English text ("Bavaria", "Saxony-Anhalt / Saxony",
"Brittany, Pays de la Loire, Normandy", often nothing); users say "Bavaria", "Bayern", "DE2",
"Upper Bavaria" or "País Vasco". Both sides are turned into NUTS 2021 codes, and a profile passes
a region filter when one of its codes lies in (starts with) one of the query's codes. When the
query names no known region ("Brainport", "Rhine-Neckar"), the folded query is looked for as whole
words in the profile's region and city instead.

Names come from two shipped files:

* ``taxonomies/nuts2021.csv``: Eurostat's Latin-script names of every NUTS 2021 unit (levels
  0-3), cleaned the way people write them by :func:`taxonomy.nuts.clean_nuts_name` (full
  reading: "Prov. Limburg (BE)" -> "Limburg", "München, Kreisfreie Stadt" -> "München",
  "Araba/Álava" -> "Araba" and "Álava");
* ``taxonomies/regions.yml``: English names of well-known regions tied to their NUTS code, with
  aliases ("Bavaria" = DE2, "Basque Country" = ES21). The same file feeds the spaCy entity
  ruler (``bot/nlu/gazetteer.py``), so the bot's entities and this filter agree
  (``tests/taxonomy`` checks every name).

Never leaking is the rule. A profile gets a code only for a name that stands in its text as whole
words, matched longest first ("Lower Saxony" is DE9 and never also DED "Saxony"); codes are only
taken from the profile's own country. A region named after a direction word lies inside that
region ("South Wales" is in Wales, "North Moravia" in Moravia) unless the name is itself only
direction words ("North-West Ireland" is not IE042 "West"). The places where "<direction> X" is a
different region than X are known names and so win as the longer match: "Lower Saxony", "Lower
Silesia", "West Pomerania" (curated in ``regions.yml``). A region whose name is unknown matches
nothing rather than something.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.cities import city_codes, place_country
from knowledge.city_gazetteer import find_city
from knowledge.errors import DataFileError
from taxonomy.countries import EU_CODE_TO_ISO, ISO_TO_EU_CODE
from taxonomy.errors import TaxonomyError
from taxonomy.nuts import clean_nuts_name, is_whole_country, read_nuts_rows
from taxonomy.text import fold

TAXONOMIES = Path(__file__).resolve().parent / "data" / "taxonomies"
NUTS_CSV = TAXONOMIES / "nuts2021.csv"
REGION_NAMES = TAXONOMIES / "regions.yml"
SHARED_REGION_NAMES = TAXONOMIES / "shared_region_names.yml"


_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
# A name right after one of these words is part of another place ("Lower Saxony", "North-West").
DIRECTION_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "upper",
        "lower",
        "central",
        "centre",
        "center",
        "middle",
        "mid",
        "inner",
        "outer",
        "greater",
    }
)
# Words that only say "a region" around a name ("the Bavaria region", "County Donegal").
_FILLER_WORDS = frozenset({"the", "region", "area", "province", "county", "of", "metropolitan"})


def _after_direction(words: list[str], i: int) -> bool:
    return i > 0 and words[i - 1] in DIRECTION_WORDS


def _only_directions(name: str) -> bool:
    """``"west"``, ``"north west"``, ``"centre"``: a name that only says which part."""
    return all(word in DIRECTION_WORDS for word in name.split())


def nuts_country(iso: str) -> str:
    """NUTS country code of an ISO 3166-1 alpha-2 code (``GR`` -> ``EL``, ``GB`` -> ``UK``)."""
    iso = iso.upper()
    return ISO_TO_EU_CODE.get(iso, iso)


@dataclass(frozen=True)
class RegionQuery:
    """A region filter value, resolved.

    Attributes:
        text: The value as given.
        codes: NUTS codes it names (empty when it names no known region).
        words: The folded value, for the whole-word fallback (``"rhine neckar"``).
    """

    text: str
    codes: frozenset[str]
    words: str


class RegionTable:
    """Folded region names and their NUTS codes; built once from the shipped files."""

    def __init__(self, names: dict[str, set[str]], labels: dict[str, str], english: dict[str, str]):
        """Hold the lookup tables (use :func:`region_table` to get the shipped one).

        Args:
            names: Folded name -> NUTS codes it names.
            labels: NUTS code -> Latin-script name.
            english: NUTS code -> curated English name.
        """
        self.names = {name: frozenset(codes) for name, codes in names.items()}
        self.labels = labels
        self.english = english
        self._max_words = max((len(n.split()) for n in self.names), default=1)
        self._level3_children: dict[str, int] = {}
        for code in labels:
            if len(code) == LEVEL3_CODE_CHARS:
                parent = code[:-1]
                self._level3_children[parent] = self._level3_children.get(parent, 0) + 1
        self._countries = frozenset(code[:2] for code in labels)

    def code_of(self, text: str) -> str | None:
        """The NUTS code ``text`` is, if it is one ("de2", "EL30", "GR30" -> "EL30")."""
        code = "".join(text.split()).upper()
        if not _CODE.match(code):
            return None
        code = ISO_TO_EU_CODE.get(code[:2], code[:2]) + code[2:]
        if is_whole_country(code) and code[:2] in self._countries:
            return code[:2]
        return code if code in self.labels and len(code) > 2 else None

    def resolve(self, text: str) -> RegionQuery:
        """Resolve a user's region value.

        Accepted: a NUTS code of any level ("DE2", "DE21", "ES21"), a NUTS name in its own
        language ("Bayern", "País Vasco"), an English name from ``regions.yml`` ("Bavaria",
        "Euskadi"), with or without "region"/"the"; anything else keeps only its words.

        Args:
            text: The value, e.g. ``"Bayern"``.

        Returns:
            The codes it names (possibly none) and its folded words.
        """
        words = fold(text)
        code = self.code_of(text)
        if code is not None:
            return RegionQuery(text, frozenset({code}), words)
        codes = self.names.get(words)
        if codes is None:
            stripped = " ".join(w for w in words.split() if w not in _FILLER_WORDS)
            codes = self.names.get(stripped) if stripped else None
        if not codes:  # a city: its region where the data says it ("Bilbao" -> ES21)
            codes = city_codes(text, self)
        return RegionQuery(text, self.widen(codes or frozenset()), words)

    def widen(self, codes: frozenset[str]) -> frozenset[str]:
        """A NUTS level-3 unit that is the whole of its level-2 region stands for that region
        ("Madrid" ES300 is all of ES30 "Comunidad de Madrid", "Wien" AT130 all of AT13).

        Profiles name their region far more often than their city, and a profile coded with
        the region must pass a filter for the same area named by its level-3 name. A level-3
        unit that is one of several ("Graz" AT221 in Styria) keeps its own code.
        """
        return frozenset(
            c[:-1] if len(c) == LEVEL3_CODE_CHARS and self._level3_children.get(c[:-1]) == 1 else c
            for c in codes
        )

    def country_of(self, text: str) -> str | None:
        """The ISO country code of a region value, when all the units it names lie in one; for
        a value that names no unit, the country of that city (the profiles' cities, then
        GeoNames': :func:`knowledge.cities.place_country`)."""
        countries = {code[:2] for code in self.resolve(text).codes}
        if not countries:  # a city ("Lyon", "Turin", "Wrocław", "Brno")
            return place_country(text)
        if len(countries) != 1:
            return None
        return EU_CODE_TO_ISO.get(next(iter(countries)), next(iter(countries)))

    def spans(self, words: list[str]) -> list[tuple[int, int, str]]:
        """Known names in a folded word list: ``(start, end, name)``, longest first, no overlap.

        A name made only of direction words is skipped right after another direction word
        ("west" in "north west ireland"); other names after a direction word count ("wales" in
        "south wales"), see the module docstring.
        """
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(words):
            for size in range(min(self._max_words, len(words) - i), 0, -1):
                name = " ".join(words[i : i + size])
                if name in self.names:
                    if not _after_direction(words, i) or not _only_directions(name):
                        found.append((i, i + size, name))
                    i += size
                    break
            else:
                i += 1
        return found

    def profile_codes(
        self, country: str, places: Iterable[str | None], *, cities: bool = True
    ) -> frozenset[str]:
        """NUTS codes of a profile: its country, plus every region named in its place texts.

        Args:
            country: The profile's ISO country code.
            places: Its region and city texts (``None`` allowed).
            cities: Also the region of a place text that is only a city
                (:func:`knowledge.cities.city_codes`).

        Returns:
            Codes such as ``{"DE", "DE2"}``; only codes of the profile's own country.
        """
        home = nuts_country(country)
        codes = {home}
        for place in places:
            if not place:
                continue
            spans = self.spans(fold(place).split())
            for _, _, name in spans:
                codes |= {c for c in self.names[name] if c.startswith(home)}
            if cities and not spans:  # a city only ("Helmond"): its region where the data says it
                for part in re.split(r"[/,;]", place):
                    codes |= {c for c in city_codes(part, self) if c.startswith(home)}
        return frozenset(codes)

    def text_matches(self, query: RegionQuery, place: str) -> bool:
        """Whole-word fallback: ``query.words`` stands in ``place`` (folded) as its own place.

        An occurrence inside a longer known name ("saxony" inside "lower saxony") does not count,
        nor a value made only of direction words right after another one ("west" in "north west").
        """
        needle = query.words.split()
        words = place.split()
        if not needle or len(needle) > len(words):
            return False
        known = self.spans(words)
        for i in range(len(words) - len(needle) + 1):
            if words[i : i + len(needle)] != needle:
                continue
            if _after_direction(words, i) and _only_directions(query.words):
                continue
            end = i + len(needle)
            inside_longer = any(s <= i and end <= e and (e - s) > len(needle) for s, e, _ in known)
            if not inside_longer:
                return True
        return False

    def matches(self, query: RegionQuery, codes: frozenset[str], place: str) -> bool:
        """Whether a profile with these codes and folded place text passes the region filter:
        its codes lie in the query's, or its place text names the query's words."""
        if any(c.startswith(q) for c in codes for q in query.codes):
            return True
        return self.text_matches(query, place) or self._same_city(query, place)

    def _same_city(self, query: RegionQuery, place: str) -> bool:
        """Whether the query names a city (in any of its names: "Torino", "München", "Lisboa")
        that the profile's place text names in another ("Turin", "Munich", "Lisbon").

        A city's own-language name is often also its NUTS level-3 unit ("Torino" ITC11), finer
        than the region the profiles of that city are coded with (Piedmont ITC1): the codes
        alone then miss them, and a search "a Torino" found nobody in Turin.
        """
        city = find_city(query.text)
        if city is None or fold(city.name) == query.words:
            return False
        name = fold(city.name)
        return self.text_matches(RegionQuery(city.name, frozenset(), name), place)

    def describe(self, code: str) -> str:
        """A readable name of a code: the English name if curated, else the NUTS name."""
        return self.english.get(code) or self.labels.get(code) or code


#: Length of a NUTS level-3 code ("ES300").
LEVEL3_CODE_CHARS = 5


def _read_nuts(path: Path) -> tuple[dict[str, set[str]], dict[str, str]]:
    names: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    try:
        for _, code, name in read_nuts_rows(path):
            labels.setdefault(code, name)  # the NUTS name comes first, before country rows
            unit = code[:2] if is_whole_country(code) else code
            for cleaned in clean_nuts_name(name):
                key = fold(cleaned)
                if key:
                    names.setdefault(key, set()).add(unit)
    except TaxonomyError as exc:
        raise DataFileError(exc.path, exc.line, exc.field, exc.problem) from exc
    return names, labels


def _read_english(path: Path, labels: dict[str, str]) -> list[tuple[str, str, list[str]]]:
    """``(NUTS code, English value, aliases)`` of the curated entries that have a code."""
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except OSError as exc:
        raise DataFileError(path, 0, None, f"cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise DataFileError(path, line, None, f"not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise DataFileError(path, 1, "entries", "must be a mapping with a list of 'entries'")
    entry_nodes = next(
        (v.value for k, v in root.value if getattr(k, "value", None) == "entries"), []
    )
    out = []
    for i, item in enumerate(data["entries"]):
        line = entry_nodes[i].start_mark.line + 1 if i < len(entry_nodes) else 0
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            raise DataFileError(
                path, line, "value", f"entry must have a text 'value', got {item!r}"
            )
        code = item.get("nuts")
        if code is None:
            continue
        if not isinstance(code, str) or code not in labels:
            raise DataFileError(path, line, "nuts", f"{code!r} is not a NUTS 2021 code")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise DataFileError(path, line, "aliases", f"must be a list of text, got {aliases!r}")
        out.append((code, item["value"], aliases))
    return out


def read_shared_names(path: Path, labels: dict[str, str]) -> dict[str, frozenset[str]]:
    """The names several regions share (``shared_region_names.yml``: "Brabant" -> the Dutch
    and both Belgian provinces): ``{name as written: NUTS codes}``.

    Raises:
        DataFileError: The file is malformed or names a code that is no NUTS 2021 unit.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise DataFileError(path, 0, None, f"cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(path, 0, None, f"not valid YAML ({exc})") from exc
    names = data.get("names") if isinstance(data, dict) else None
    if not isinstance(names, dict):
        raise DataFileError(path, 1, "names", "must be a mapping of name -> NUTS codes")
    out: dict[str, frozenset[str]] = {}
    for name, codes in names.items():
        if not isinstance(name, str) or not isinstance(codes, list) or len(codes) < 2:
            raise DataFileError(path, 0, str(name), "must list at least two NUTS codes")
        unknown = [c for c in codes if c not in labels]
        if unknown:
            raise DataFileError(path, 0, name, f"{unknown!r} are not NUTS 2021 codes")
        out[name] = frozenset(codes)
    return out


@cache
def shared_region_names() -> dict[str, frozenset[str]]:
    """The shipped names several regions share (see :func:`read_shared_names`)."""
    return read_shared_names(SHARED_REGION_NAMES, region_table().labels)


def load_region_table(nuts_csv: Path = NUTS_CSV, names_yml: Path = REGION_NAMES) -> RegionTable:
    """Build the region table from the NUTS names and the curated English names.

    Args:
        nuts_csv: ``NUTS_ID;NAME_LATN`` file.
        names_yml: Curated English names (``entries`` with ``value``, ``nuts``, ``aliases``).

    Returns:
        The table.

    Raises:
        DataFileError: A file is missing or malformed (names the file, line and field).
    """
    names, labels = _read_nuts(nuts_csv)
    english: dict[str, str] = {}
    for code, value, aliases in _read_english(names_yml, labels):
        english.setdefault(code, value)
        for alias in (value, *aliases):
            key = fold(alias)
            if key:
                names.setdefault(key, set()).add(code)
    if names_yml == REGION_NAMES and SHARED_REGION_NAMES.exists():
        for name, codes in read_shared_names(SHARED_REGION_NAMES, labels).items():
            names[fold(name)] = set(codes)  # every reading, not the NUTS name's one
    return RegionTable(names, labels, english)


@cache
def region_table() -> RegionTable:
    """The shipped region table (built on first use, then kept)."""
    return load_region_table()
