"""Country and region adjectives as places: "griechische Cluster", "partner polacchi", "Waalse".

Users name the place they search in with an adjective as often as with a name: "clusters grecs",
"greckie klastry", "empresas alemanas", "Basque clusters". The forms come from
``knowledge/data/taxonomies/place_adjectives.csv`` (generated from CLDR by
:mod:`bot.nlu.cldr_adjectives`: every gender, number and case form in the eight reply
languages); English country adjectives are the country gazetteer's (``countries.yml``).

An adjective is a place only where it describes what is searched, so two guards:

* **Next to a search noun.** It must stand within :data:`NEAR` words of a noun for clusters,
  partners, companies, networks, suppliers... ("partenaires polonais", "Liste deutscher
  Cluster"), never after a language preposition ("auf Deutsch", "en allemand": a language).
* **Not the user.** :func:`without_user_places` drops an adjective place that describes the
  user ("we are a French company", "als polnisches Unternehmen", "nuestra empresa española"),
  one next to a company noun when another place names the partner ("French company looking
  for German partners" -> Germany), and a country adjective when a named country differs
  ("somos una empresa española y buscamos un clúster en Portugal" -> Portugal).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from taxonomy.countries import COUNTRY_ADJECTIVES
from taxonomy.text import fold

ADJECTIVES_CSV = (
    Path(__file__).resolve().parents[2]
    / "knowledge"
    / "data"
    / "taxonomies"
    / "place_adjectives.csv"
)
#: How many words an adjective may stand from its noun ("griechische Energie-Cluster").
NEAR = 2
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

#: Nouns for what is searched (folded word starts, EN DE FR ES IT PL NL PT).
_SEARCH_NOUNS = """cluster klast partner parceir socio network netzwerk netwerk reseau
    partenai consorti konsorc contact kontakt cooper kooper zusammenarb wspolprac samenwerk
    collabor supplier
    zuliefer fournisseur proveedor fornitor dostawc leverancier fornecedor organi initiativ
    iniciativ inicjatyw initiatie akteur acteur actor attori podmiot universit institut
    research forschung recherche investigac ricerc onderzoek pesquis centre center zentr centro
    universid laborato agenc associa asocia verband vereniging federa hochschul uczelni"""
#: Nouns for a company: the user's own kind as often as the partner's.
_COMPANY_NOUNS = """compan firm unternehm betrieb entrepris societe empresa aziend impres
    przedsiebior spolk bedrij ondernem business startup manufactur hersteller fabricant
    fabricante produtt producent produtor produc fabrikant fabbric wytworc toelever anbieter
    prestatai equipementier provider vendor exporter"""
#: Whole words for search and company nouns too short to be word starts.
_SHORT_SEARCH = {"rete", "reti", "red", "redes", "rede", "siec", "sieci", "pole", "poles", "polo", "poli", "soci", "lab", "labs", "labo", "labos"}  # fmt: skip
_SHORT_COMPANY = {"sme", "smes", "kmu", "pme", "pmes", "pmi", "pyme", "pymes", "msp", "mkb", "kmo", "kmos", "start", "maker", "makers"}  # fmt: skip
SEARCH_NOUNS = tuple(_SEARCH_NOUNS.split())
COMPANY_NOUNS = tuple(_COMPANY_NOUNS.split())
#: "We are (a) ...": a copula of the first person, one or two words ("somos", "wir sind").
_COPULAS = """somos soy siamo jestesmy jestem sou we+are we+re i+am i+m wir+sind ich+bin
    nous+sommes je+suis wij+zijn we+zijn ik+ben"""
COPULAS = frozenset(tuple(c.split("+")) for c in _COPULAS.split())
#: Words right before an adjective (at most two) that make it the user's: "our", "unsere",
#: "notre", "nuestra", "la nostra", "nasza", "onze", "a nossa", "as a", "als", "jako".
_OWN_MARKERS = """our unser unsere unserer unseres unserem unseren notre nos nuestra nuestro
    nuestras nuestros nostra nostro nostre nostri nasza nasz nasze naszej naszego onze nossa
    nosso nossas nossos as als jako"""
OWN_MARKERS = frozenset(_OWN_MARKERS.split())
#: At most this many words between a copula and the user's adjective ("we are a small").
MAX_AFTER_COPULA = 3
#: Singular indefinite articles: "a German company", "une entreprise française", "una empresa
#: alemana", "een Duits bedrijf" is how users present themselves (company nouns only).
INDEFINITE_ARTICLES = frozenset(
    ["a", "an", "ein", "eine", "einem", "einer", "un", "une", "una", "uno", "um", "uma", "een"]
)
#: Prepositions before a language name ("auf Deutsch", "en allemand", "in het Duits").
LANGUAGE_PREPOSITIONS = frozenset({"in", "auf", "en", "po", "em", "het", "na"})


@dataclass(frozen=True)
class Adjective:
    """One adjective form: entity label, canonical value, language and masculine singular."""

    label: str
    value: str
    language: str
    base: str


@cache
def adjective_table() -> dict[str, list[Adjective]]:
    """Folded form -> its adjectives (one per language that has the form)."""
    table: dict[str, list[Adjective]] = {}
    if not ADJECTIVES_CSV.exists():
        return table
    with ADJECTIVES_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            form = fold(row["form"])
            if form and " " not in form:
                adjective = Adjective(
                    row["label"], row["value"], row["language"], fold(row["base"])
                )
                table.setdefault(form, []).append(adjective)
    return table


@cache
def english_adjectives() -> frozenset[str]:
    """Folded English country adjectives (the country gazetteer's): "german", "polish"."""
    return frozenset(fold(n) for names in COUNTRY_ADJECTIVES.values() for n in names)


def is_adjective(span: str) -> bool:
    """Whether a place entity's text is an adjective (of any reply language), not a name."""
    key = fold(span)
    return key in english_adjectives() or key in adjective_table()


def _is_noun(word: str, starts: tuple[str, ...], short: set[str]) -> bool:
    return word in short or any(word.startswith(s) for s in starts)


def _noun_kind(word: str) -> str | None:
    if _is_noun(word, SEARCH_NOUNS, _SHORT_SEARCH):
        return "search"
    if _is_noun(word, COMPANY_NOUNS, _SHORT_COMPANY):
        return "company"
    return None


def is_sought_noun(word: str) -> bool:
    """Whether a folded word is a search or company noun ("clusters", "empresas", "pôles")."""
    return _noun_kind(word) is not None


def nearest_noun(words: list[str], i: int) -> str | None:
    """The kind of the nearest search or company noun within :data:`NEAR` words of ``i``."""
    for distance in range(1, NEAR + 1):
        for j in (i + distance, i - distance):
            if 0 <= j < len(words) and (kind := _noun_kind(words[j])) is not None:
                return kind
    return None


@dataclass(frozen=True)
class AdjectivePlace:
    """An adjective found in a message, as a place entity would be."""

    start: int
    end: int
    label: str
    value: str


_UMLAUT_SPELLINGS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def umlauts(word: str) -> str:
    """A folded word with German umlauts typed as two letters read as the folded umlaut
    ("niederlaendische" -> "niederlandische", "oesterreichische" -> "osterreichische")."""
    for pair, letter in _UMLAUT_SPELLINGS:
        word = word.replace(pair, letter)
    return word


def find_adjectives(text: str, language: str | None) -> list[AdjectivePlace]:
    """Country and region adjectives next to a search noun.

    Args:
        text: The message.
        language: Its detected language: that language's forms are read (English: only the
            regions', the gazetteer has the countries'); an undetected one reads all but
            English; one of the other EU languages reads none.

    Returns:
        The adjective places in text order.
    """
    matches = list(_WORD.finditer(text or ""))
    words = [fold(m.group()) for m in matches]
    out: list[AdjectivePlace] = []
    for i, word in enumerate(words):
        forms = adjective_table().get(word) or adjective_table().get(umlauts(word), ())
        candidates = [
            a for a in forms if (a.language == language if language else a.language != "en")
        ]
        if not candidates or nearest_noun(words, i) is None:
            continue
        if i and words[i - 1] in LANGUAGE_PREPOSITIONS and word == candidates[0].base:
            continue  # "auf Deutsch", "en allemand": a language
        places = {(a.label, a.value) for a in candidates}
        if len(places) == 1:
            label, value = places.pop()
            out.append(AdjectivePlace(matches[i].start(), matches[i].end(), label, value))
    return out


def _after_copula(words: list[str], i: int, company: bool) -> bool:
    """Whether the adjective at ``i`` follows "we are" / "somos" / "jesteśmy" and describes the
    user: right after it, or with at most :data:`MAX_AFTER_COPULA` words between that hold an
    indefinite article or end at a company noun ("we are a small French SME", "jesteśmy małą
    polską firmą"), not "we are looking for German partners"."""
    for start in range(max(0, i - MAX_AFTER_COPULA - 2), i):
        for size in (2, 1):
            if tuple(words[start : start + size]) in COPULAS:
                between = words[start + size : i]
                if len(between) > MAX_AFTER_COPULA:
                    continue
                if not between or company or any(w in INDEFINITE_ARTICLES for w in between):
                    return True
    return False


PLACE_LABELS = frozenset({"country", "region"})


def without_user_places(
    text: str, entities: Iterable[Mapping[str, Any]], country_of: Any = None
) -> list[dict[str, Any]]:
    """The entities without the adjective places that describe the user, not the search.

    Args:
        text: The message.
        entities: Its entities (places from names and adjectives among them).
        country_of: ``region name -> ISO code or None`` (to compare a region adjective with a
            named country); ``None`` compares countries only.

    Returns:
        The entities, minus each adjective place that follows "we are (a)", "somos",
        "jesteśmy" (:func:`_after_copula`) or a possessive or "as a" ("unsere", "nuestra",
        "als"), or describes "a company" ("una empresa alemana"), or stands
        next to a company noun while another place stays, or
        names another country than a place written as a name.
    """
    matches = list(_WORD.finditer(text or ""))
    words = [fold(m.group()) for m in matches]
    starts = {m.start(): i for i, m in enumerate(matches)}
    out = [dict(e) for e in entities]
    places = [
        e
        for e in out
        if e.get("entity") in PLACE_LABELS
        and isinstance(e.get("start"), int)
        and isinstance(e.get("end"), int)
    ]
    adjectives = [e for e in places if is_adjective(text[e["start"] : e["end"]])]
    if not adjectives:
        return out
    names = [e for e in places if e not in adjectives]

    def country(entity: Mapping[str, Any]) -> str | None:
        if entity["entity"] == "country":
            return str(entity["value"])
        return country_of(str(entity["value"])) if country_of is not None else None

    named_countries = {country(e) for e in names} - {None}
    drop: list[dict[str, Any]] = []
    for entity in adjectives:
        i = starts.get(entity["start"])
        if i is None:
            continue
        before = words[max(0, i - 3) : i]
        company = nearest_noun(words, i) == "company"
        user = (
            any(w in OWN_MARKERS for w in words[max(0, i - 2) : i])
            or _after_copula(words, i, company)
            or (company and any(w in INDEFINITE_ARTICLES for w in before))
        )
        own_country = country(entity)
        other_name = own_country is not None and bool(named_countries - {own_country})
        other_name = other_name and own_country not in named_countries
        if user or other_name or (company and len(places) - len(drop) > 1):
            drop.append(entity)
    return [e for e in out if e not in drop]
