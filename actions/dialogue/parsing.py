"""Turns a user message and its entities into a partner-search request. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from actions.dialogue.labels import with_text_label
from contracts.limits import CHAT_QUERY_CHARS
from contracts.ordinals import FROM_END, MAX_ORDINAL, ORDINAL_WORDS, PENULTIMATE
from knowledge.filters import (
    check_country,
    misspelt_country_code,
    normalise_label,
    normalise_sector,
)
from knowledge.partners.query import PartnerFilters
from knowledge.regions import region_table
from taxonomy.countries import EU_ABBREVIATIONS, EU_MEMBER_STATES, EU_NAMES
from taxonomy.loosening import dropped_filters
from taxonomy.negation import CUES, TOPIC_CUES, negated, negation_span
from taxonomy.references import position_in
from taxonomy.stopwords import TOPIC_FILLER_WORDS, request_stopwords
from taxonomy.text import fold

# Entities that become exact filters and are cut out of the free-text query.
FILTER_ENTITIES = ("country", "region", "label")

# Terminal escape sequences (CSI "ESC [ ... final byte", e.g. colours), removed whole.
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def visible_text(text: str | None) -> str:
    """Return text fit to quote back to a user.

    Terminal escape sequences go, control, format and unassigned characters (zero-width
    marks, stray surrogates) become spaces, and whitespace collapses.

    Args:
        text: Raw user text (may be None).

    Returns:
        The cleaned text ("" for None).
    """
    if not text:
        return ""
    text = _ANSI_ESCAPE.sub(" ", text)
    return " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).split())


@dataclass
class PartnerRequest:
    """What the user asked for: free text for ranking and exact filters."""

    query: str
    filters: PartnerFilters
    unknown_country: str | None = None
    country_suggestion: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is nothing to search for."""
        return not self.query and self.filters.is_empty()


def _first(entities: Iterable[Mapping[str, Any]], name: str) -> Mapping[str, Any] | None:
    return next((e for e in entities if e.get("entity") == name and e.get("value")), None)


def _strip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []  # overlapping spans ("Germny" in "not in Germny") cut once
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    return " ".join(text.split())


PLACE_ENTITIES = ("country", "region")


#: Entities a word of exclusion can leave out of a search ("not in Germany", "except aerospace").
EXCLUDABLE_ENTITIES = (*PLACE_ENTITIES, "sector")

_EU_ABBREVIATION = re.compile(
    r"(?<![^\W_])(?:" + "|".join(map(re.escape, EU_ABBREVIATIONS)) + r")(?![^\W_])"
)


def _eu_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names the European Union (:data:`taxonomy.countries.EU_NAMES`)."""
    spans = [m.span() for m in _EU_ABBREVIATION.finditer(text)]
    words = list(re.finditer(r"[^\W_]+", text))
    folded = [fold(m.group()) for m in words]
    for i in range(len(words) - 1):
        if f"{folded[i]} {folded[i + 1]}" in EU_NAMES:
            spans.append((words[i].start(), words[i + 1].end()))
    return spans


def outside_eu_spans(text: str | None) -> list[tuple[int, int]]:
    """The spans of "outside the EU", "non-EU", "außerhalb der EU", "hors de l'UE", "fuera de la
    Unión Europea", cue included (:func:`taxonomy.negation.negation_span`); empty when the
    message leaves the union out nowhere."""
    text = text or ""
    return [
        cut
        for start, end in _eu_spans(text)
        if (cut := negation_span(text, start, end)) is not None
    ]


def _cues_of(entity: Mapping[str, Any]) -> Any:
    """The words of exclusion that leave this entity out: a sector only after an "except"
    (:data:`taxonomy.negation.TOPIC_CUES`), a place after a plain "not" too."""
    return TOPIC_CUES if entity.get("entity") == "sector" else CUES


@dataclass(frozen=True)
class Exclusions:
    """The places and sectors a message names to leave out ("not in Germany", "außer Bayern",
    "any sector except aerospace", "outside the EU")."""

    countries: tuple[str, ...] = ()
    region: str | None = None
    unknown: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()

    @property
    def country(self) -> str | None:
        """The countries as the ``exclude_country`` filter takes them ("SE", "DE,AT")."""
        return ",".join(self.countries) or None

    @property
    def sector(self) -> str | None:
        """The sectors as the ``exclude_sector`` filter takes them ("Tourism,Energy")."""
        return ",".join(self.sectors) or None


def split_exclusions(
    text: str | None, entities: Iterable[Mapping[str, Any]]
) -> tuple[list[Mapping[str, Any]], Exclusions]:
    """THE split of a message's place and sector entities into what to search in and what to leave
    out (:func:`taxonomy.negation.negated`: "not in Germany", "outside France", "hors de France",
    "excepto España", "poza Polską", "behalve Nederland", "no Italian clusters", "any sector
    except aerospace"); "outside the EU" leaves out the 27 member states.

    Args:
        text: The message the entities' spans point into.
        entities: Its entities.

    Returns:
        The entities without the negated places, and what they exclude ("in Germany but not
        Bavaria" keeps Germany and excludes Bavaria).
    """
    text = text or ""
    kept: list[Mapping[str, Any]] = []
    countries: list[str] = []
    unknown: list[str] = []
    sectors: list[str] = []
    region = None
    if outside_eu_spans(text):
        countries.extend(sorted(EU_MEMBER_STATES))
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if (
            entity.get("entity") in EXCLUDABLE_ENTITIES
            and isinstance(start, int)
            and isinstance(end, int)
            and entity.get("value")
            and negated(text, start, end, _cues_of(entity))
        ):
            value = str(entity["value"])[:100]
            if entity["entity"] == "sector":
                label = normalise_sector(value)
                if label is not None and label not in sectors:
                    sectors.append(label)
            elif entity["entity"] == "country":
                code = check_country(value).code
                if code is None:
                    unknown.append(value)
                elif code not in countries:
                    countries.append(code)
            elif region is None:
                region = value
            continue
        kept.append(entity)
    return kept, Exclusions(tuple(countries), region, tuple(unknown), tuple(sectors))


#: "Not X but Y" in the eight reply languages: a message that opens with a negation and turns
#: with a contrast word ("not agri-food, rather maritime", "nicht Logistik, sondern Wasser",
#: "pas le textile mais plutôt l'eau", "no turismo sino logística", "non l'energia ma la
#: chimica", "nie IT, tylko energetyka", "niet gezondheid maar water", "não têxtil, mas
#: turismo"). What stands between the two is left out; what follows the contrast is asked for.
_CONTRAST = re.compile(
    r"^\W*(?:not|no|nope|nicht|kein|keine|keinen|nein|ned|nöd|nit|pas|non|ni|nie|niet|geen"
    r"|nee|não|nao)\b(?P<excluded>[^.?!]{1,60}?)(?:\s*[,;:–-]\s*|\s+)"
    r"(?:but|rather|instead|sondern|eher|lieber|mais|plutôt|plutot|sino|más\s+bien|mas\s+bien"
    r"|bensì|bensi|piuttosto|ma|tylko|lecz|ale|raczej|maar|liever|mas|antes|sim)\b"
    r"(?:\s+(?:rather|instead|eher|lieber|plutôt|plutot|bien|piuttosto|raczej|liever|antes|sim))?",
    re.IGNORECASE | re.UNICODE,
)


def contrast_cut(text: str | None) -> int | None:
    """Where the asked-for part of a "not X but Y" message starts (after its contrast word),
    or ``None`` when the message has no such shape (:data:`_CONTRAST`).

    Args:
        text: The message.

    Returns:
        The offset of what is asked for: ``text[:cut]`` is what the user leaves out ("not
        agri-food, rather"), ``text[cut:]`` what they want ("maritime"); None for "no, in
        Spain" (an answer and a place), "not only in Germany" and messages without a contrast.
    """
    match = _CONTRAST.match(text or "")
    if match is None or not (text or "")[match.end() :].strip(" ,.;:!?"):
        return None
    return match.end()


def _negation_of(text: str, entity: Mapping[str, Any]) -> tuple[int, int] | None:
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return negation_span(text, start, end, _cues_of(entity))
    return None


def partner_request(text: str | None, entities: Iterable[Mapping[str, Any]]) -> PartnerRequest:
    """Builds the search request from the latest message.

    Country, region and label entities become filters and are removed from the ranking text
    (they would only add noise to it); a negated place ("not in Germany", "hors de France") is
    an exclusion filter instead (:func:`split_exclusions`), never the place searched in, and
    leaves the text with its cue; sector entities become a sector filter when they name one of
    the fixed sectors, and stay in the text either way. A country the user named that cannot be recognised
    is reported, never silently dropped.

    Args:
        text: The user's message (may be empty or huge).
        entities: Rasa entities of that message.

    Returns:
        The request.
    """
    text = (text or "").strip()
    entities = [e for e in entities if isinstance(e, Mapping)]
    if not text.startswith("/"):
        entities = with_text_label(text, entities)  # "goud-gelabelde": a label in a compound
    # A negated place and its cue ("except Spain", "nicht in Deutschland") are no topic.
    place_spans = [
        span
        for e in entities
        if e.get("entity") in EXCLUDABLE_ENTITIES and not text.startswith("/")
        for span in [_negation_of(text, e)]
        if span is not None
    ]
    if not text.startswith("/"):
        place_spans += outside_eu_spans(text)
    entities, excluded = (
        split_exclusions(text, entities) if not text.startswith("/") else (entities, Exclusions())
    )
    if text.startswith("/"):
        # A button payload or typed `/intent{...}`: its words are syntax, its topic is in the
        # technology / sector entities.
        text = " ".join(
            str(e["value"])[:100]
            for e in entities
            if e.get("entity") in ("technology", "sector") and isinstance(e.get("value"), str)
        )
    spans = [
        (int(e["start"]), int(e["end"]))
        for e in entities
        if e.get("entity") in FILTER_ENTITIES
        and isinstance(e.get("start"), int)
        and isinstance(e.get("end"), int)
    ]
    country = region = sector = None
    unknown = suggestion = None
    spans += place_spans
    if (
        _first(entities, "country") is None
        and _first(entities, "region") is None
        and not excluded.countries
        and excluded.region is None
    ):
        typo = misspelt_country(text)
        if typo is not None:
            spans.append(typo[1])
            if (cut := negation_span(text, *typo[1])) is not None:  # "not in Germny"
                excluded = Exclusions(countries=(typo[0],))
                spans.append(cut)
            else:
                country = typo[0]
    code = ambiguous_code(text) if not text.startswith("/") else None
    if (
        code is not None
        and code[0] != IT_SECTOR
        and country is None
        and not any(e.get("entity") in PLACE_ENTITIES for e in entities)
        and not excluded.countries
    ):
        country = code[0]  # "AT plastics cluster", "offshore wind clusters NO"
        spans.append(code[1])
    query = _strip_spans(text, spans)[:CHAT_QUERY_CHARS]

    if (entity := target_place(text, entities, "country")) is not None:
        check = check_country(str(entity["value"]))
        country = check.code
        if country is None:
            unknown, suggestion = check.value, check.suggestion
    if (entity := target_place(text, entities, "region", country)) is not None:
        region = str(entity["value"])
        of_region = region_table().country_of(region[:100])
        if country is None and unknown is None:
            country = of_region  # "Madrid" is in Spain
        elif country is not None and of_region is not None and of_region != country:
            # "wij zijn een bedrijf uit Utrecht ... een cluster in Duitsland": a town of another
            # country than the one searched in says where the sender is, not where to search
            region = None
    if (entity := _first(entities, "sector")) is not None:
        sector = normalise_sector(str(entity["value"]))
    elif code is not None and code[0] == IT_SECTOR:
        sector = "Digital & ICT"  # "IT clusters in Poland", "klastry IT w Polsce"
    label = None
    if (entity := _first(entities, "label")) is not None:
        label = normalise_label(str(entity["value"])[:100])
    if excluded.unknown and unknown is None:
        unknown = excluded.unknown[0]
        suggestion = check_country(unknown).suggestion
    filters = PartnerFilters(
        country=country,
        region=region,
        sector=sector,
        label=label,
        exclude_country=excluded.country,
        exclude_region=excluded.region,
        exclude_sector=excluded.sector,
    )
    return PartnerRequest(query, filters, unknown, suggestion)


#: Prepositions (folded) after which a place is the one searched in ("in Finland", "na
#: Finlândia", "w Niemczech", "en Noruega", "στην Ελλάδα"), unlike the words of where a sender is
#: from ("from", "uit", "aus", "de", "z", "da"): among several countries named, the one after
#: such a word is the filter ("somos de Portugal e procuramos clusters na Finlândia").
TARGET_LOCATIVES = frozenset(
    [
        "in",
        "im",
        "en",
        "dans",
        "au",
        "aux",
        "na",
        "w",
        "we",
        "no",
        "nos",
        "nas",
        "em",
        "nel",
        "nella",
        "nelle",
        "nello",
        "negli",
        "v",
        "ve",
        "u",
        "i",
        "в",
        "във",
        "στη",
        "στην",
        "στο",
        "fil",
    ]
)
#: Words that may stand between such a preposition and the place ("in the Netherlands", "in der
#: Steiermark", "en el País Vasco", "na região Centro").
_PLACE_ARTICLES = frozenset(
    [
        "the",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "la",
        "le",
        "les",
        "l",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "gli",
        "het",
        "de",
        "region",
        "regio",
        "regione",
        "regiao",
        "região",
        "provincia",
        "province",
    ]
)
_WORD_BEFORE = re.compile(r"[^\W\d_]+", re.UNICODE)


def _after_target_word(text: str, entity: Mapping[str, Any]) -> bool:
    """Whether a place entity follows one of :data:`TARGET_LOCATIVES` (maybe with an article)."""
    start = entity.get("start")
    if not isinstance(start, int):
        return False
    before = [fold(w) for w in _WORD_BEFORE.findall(text[max(0, start - 40) : start])][-3:]
    while before and before[-1] in _PLACE_ARTICLES:
        before.pop()
    return bool(before) and before[-1] in TARGET_LOCATIVES


def target_place(
    text: str, entities: Iterable[Mapping[str, Any]], name: str, country: str | None = None
) -> Mapping[str, Any] | None:
    """The ``country`` or ``region`` entity a request searches in, when it names several.

    Countries: the one after a locative preposition (:data:`TARGET_LOCATIVES`), else the first
    named: "a software house from Porto looking for clusters in Romania" searches Romania.
    Regions: one of ``country`` (the country chosen) first, else the first named.
    """
    found = [e for e in entities if e.get("entity") == name and e.get("value")]
    if len(found) <= 1:
        return found[0] if found else None
    if name != "country":
        # regions: one of the chosen country first, else the first named (a town after "in" is
        # as often where the sender is based as where to search)
        if country is not None:
            table = region_table()
            inside = [e for e in found if table.country_of(str(e["value"])[:100]) == country]
            found = inside or found
        return found[0]
    return next((e for e in found if _after_target_word(text, e)), found[0])


#: Upper-case country codes that are English words too, so the gazetteer leaves them out (IT,
#: IS, NO, BE, AT): in a partner request they name the country when written in capitals in a
#: message that is not all capitals, and not as the first word before a filler word ("IS there
#: ...", "NO, thanks"): "AT plastics cluster", "offshore wind clusters NO".
AMBIGUOUS_CODES = frozenset({"IT", "IS", "NO", "BE", "AT"})
#: What :func:`ambiguous_code` returns for "IT" naming the sector.
IT_SECTOR = "IT sector"
_CODE_TOKEN = re.compile(r"(?<![\w-])(IT|IS|NO|BE|AT)(?![\w'’])")
#: Word starts of what is searched: "IT" right beside one is the sector ("IT clusters", "IT
#: companies", "IT-Cluster", "klastry IT w Polsce", "clusters IT en Roumanie"); Italy is written
#: as a name or an adjective beside such a word ("Italian clusters", "clusters in Italy").
_SEARCHED = re.compile(
    r"(?:cluster|clúster|klast|klaszt|compan|firm|sector|sektor|secteur|servic|industr|empres|"
    r"entrepr|aziend|impres|unternehm|bedrij|partner|netw|startup|start-up|sme|pme|pyme|branż|"
    r"branz|busines)",
    re.IGNORECASE | re.UNICODE,
)
_TOKEN = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)


def ambiguous_code(text: str | None) -> tuple[str, tuple[int, int]] | None:
    """An upper-case code of :data:`AMBIGUOUS_CODES` in a request, and its span: ``IT_SECTOR``
    for "IT" naming the sector, else the country code; None when there is none or the message
    is all capitals (shouting, where "IS" and "AT" are words)."""
    if not text or not any(c.islower() for c in text):
        return None
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    for index, (start, end, word) in enumerate(tokens):
        if word not in AMBIGUOUS_CODES and not (word.startswith("IT-") and word != "IT-"):
            continue
        after = tokens[index + 1][2] if index + 1 < len(tokens) else ""
        before = tokens[index - 1][2] if index else ""
        if word.startswith("IT") and (
            word.startswith("IT-") or _SEARCHED.match(after) or _SEARCHED.match(before)
        ):
            return IT_SECTOR, (start, end)  # "IT clusters", "klastry IT", "IT-Cluster"
        if not _CODE_TOKEN.fullmatch(word):
            continue
        if index == 0 and (not after or fold(after) in TOPIC_FILLER_WORDS):
            continue  # "IS there any ...", "NO"
        if index == 0 and text[end : end + 1] in (",", "!", "."):
            continue  # "NO, I meant ..."
        return word, (start, end)
    return None


# "in Hungray", "from Germnay", "en espagn": a place word after a locative preposition of the
# reply languages (the gazetteers know only exact names, so a misspelt country is no entity).
COUNTRY_TYPO = 0.85
_PLACE_WORD = re.compile(
    r"\b(?:in|from|based\s+in|located\s+in|im|aus|en|au|aux|dans|na|w|we|no|em|nel|v|ve)"
    r"\s+([^\W\d_][\w'-]{3,})",
    re.I,
)


def misspelt_country(text: str | None) -> tuple[str, tuple[int, int]] | None:
    """A country named with a typo after a locative preposition ("in", "en", "w"...).

    ``knowledge.filters.misspelt_country_code`` finds the closest name of a country in any of
    the tables' languages; it counts only when the word and that name are at least 85% alike
    ("hungray" -> Hungary, "espagn" -> Espagne, but "maritime" is not Mauritania).

    Args:
        text: The message.

    Returns:
        The ISO code and the span of the word, or ``None``.
    """
    for match in _PLACE_WORD.finditer(text or ""):
        word = match.group(1)
        if word.lower() in TOPIC_FILLER_WORDS or fold(word) in region_table().names:
            continue  # "in Styria" names a region, not a misspelt Syria
        code = misspelt_country_code(word[:60], COUNTRY_TYPO)
        if code is not None:
            return code, match.span(1)
    return None


# --------------------------------------------------------------------------- dialogue helpers

_ORDINAL_RE = re.compile(
    r"^(?:(?:number|nr|no\.?|#)\s*)?(-1|\d{1,3})(?:st|nd|rd|th)?$", re.IGNORECASE
)
_ORDINAL_IN_TEXT = re.compile(
    rf"\b({'|'.join(ORDINAL_WORDS)})\b"
    r"|\b(\d{1,2})(?:st|nd|rd|th)\b|(?:\bnumber|\bnr\.?|\bno\.|#)\s*(\d{1,2})\b",
    re.IGNORECASE,
)

_ANY_PLACE = re.compile(
    r"\b(any|all|every)\s+(countr(y|ies)|where|place|region|location)\b|\banywhere\b"
    r"|\bdoes(n'?t| not) matter where\b|\bno (country )?preference\b|\bwherever\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


def parse_ordinal(value: Any) -> int | None:
    """Turns an ordinal entity value into a 1-based position, or -1 for "last".

    Args:
        value: "2", "second", "2nd", "#2", "number 2", "-1", "last" (anything else is refused).

    Returns:
        The position, or ``None`` when the value is not a usable ordinal.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        number = value
    else:
        text = " ".join(str(value).split()).lower()
        if text in ORDINAL_WORDS:
            return ORDINAL_WORDS[text]
        match = _ORDINAL_RE.match(text)
        if not match:
            return None
        number = int(match.group(1))
    if number in FROM_END or 1 <= number <= MAX_ORDINAL:
        return number
    return None


def ordinal_in(text: str | None, entities: Iterable[Mapping[str, Any]]) -> int | None:
    """The position the user points at: the first valid ``ordinal`` entity, else the text
    (the position words of the 24 languages, :func:`taxonomy.references.position_in`, then
    the English words anywhere)."""
    from_text = position_in(text)
    if from_text == PENULTIMATE:
        return from_text  # "the second last": the gazetteer tags "second" and "last" apart
    for entity in entities:
        if isinstance(entity, Mapping) and entity.get("entity") == "ordinal":
            position = parse_ordinal(entity.get("value"))
            if position is not None:
                return position
    position = from_text
    if position is not None and (position in FROM_END or 1 <= position <= MAX_ORDINAL):
        return position
    match = _ORDINAL_IN_TEXT.search(text or "")
    if not match:
        return None
    return parse_ordinal(next(group for group in match.groups() if group))


def wants_any_place(text: str | None) -> bool:
    """True for "any country", "anywhere", "doesn't matter where" and their forms in the EU
    languages ("egal wo", "peu importe le pays", "obojętnie gdzie": :mod:`taxonomy.loosening`)."""
    return bool(_ANY_PLACE.search(text or "")) or "country" in dropped_filters(text)


def loosened_filters(text: str | None) -> frozenset[str]:
    """The filters a message lets go ("forget the label", "any country is fine", "alle
    Branchen"): :func:`taxonomy.loosening.dropped_filters`, plus the place of the English
    phrases of :func:`wants_any_place`; none for a button payload."""
    if not text or text.lstrip().startswith("/"):
        return frozenset()
    dropped = dropped_filters(text)
    return dropped | {"country", "region"} if _ANY_PLACE.search(text) else dropped


def has_topic(query: str | None, language: str | None = None) -> bool:
    """True when the text names something to search for beyond filler words.

    Args:
        query: The words left of a request.
        language: The message's language, if not English: its function and request words
            ("Clusters avec un label en France" leaves "Clusters en") are filler too.
    """
    raw = _WORD.findall(query or "")
    if any(sector_acronym(w, query or "") for w in raw):
        return True  # "klastry IT", "Cluster für IT": the sector, not the pronoun "it"
    words = [w.lower() for w in raw]
    other = language and language.lower() != "en"  # English filler: TOPIC_FILLER_WORDS
    filler = request_stopwords(language) if other else frozenset()
    return any(w not in TOPIC_FILLER_WORDS and len(w) > 1 and fold(w) not in filler for w in words)


def sector_acronym(word: str, text: str) -> bool:
    """Whether a word is a sector's acronym written in capitals ("IT", "ICT", "AI") in a text
    that is not all capitals ("I NEED IT NOW" shouts the pronoun)."""
    return (
        len(word) >= 2
        and word.isupper()
        and not text.isupper()
        and normalise_sector(word) is not None
    )


def entity_values(entities: Iterable[Any], name: str) -> list[str]:
    """The string values of one entity type, in order (non-string values are dropped)."""
    return [
        e["value"].strip()
        for e in entities
        if isinstance(e, Mapping)
        and e.get("entity") == name
        and isinstance(e.get("value"), str)
        and e["value"].strip()
    ]


_NEGATIVE = re.compile(
    r"\b(not|no|none|isn'?t|wasn'?t|weren'?t|aren'?t|didn'?t|doesn'?t|useless|bad|rubbish|"
    r"wrong|irrelevant|meh|poor)\b",
    re.IGNORECASE,
)
FEEDBACK_VALUES = ("useful", "not_useful")


def feedback_value(text: str | None, entities: Iterable[Any]) -> str:
    """``useful`` or ``not_useful``: the button's entity if valid, else read from the text."""
    for value in entity_values(entities, "feedback_value"):
        if value in FEEDBACK_VALUES:
            return value
    return "not_useful" if _NEGATIVE.search(text or "") else "useful"


TOPIC_ENTITIES = ("technology", "sector")


def topic_query(entities: list[Any]) -> str:
    """The recognised technologies and sectors of a message, as one query (may be empty)."""
    words: list[str] = []
    for name in TOPIC_ENTITIES:
        for value in entity_values(entities, name):
            if value.lower() not in (w.lower() for w in words):
                words.append(value)
    return " ".join(words)[:CHAT_QUERY_CHARS]
