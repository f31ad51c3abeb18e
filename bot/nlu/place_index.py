"""The place-name index: exact and declined matches of country and region names in a message.

:mod:`bot.nlu.places` fills it (the ruler's names, NUTS level-3 names, the profiles' cities);
this module only matches:

* **Inflection.** A message word matches a name word when they are equal after folding, or, in
  a message that is not English, when they share a prefix of at least :data:`MIN_STEM` letters
  that is at most :data:`MAX_NAME_TAIL` letters short of the name word and at most
  :data:`MAX_WORD_TAIL` letters short of the message word (declension changes endings only).
  English messages get exact matches only ("germanium" is no form of "Germany"). Tier-2 names
  (cities, small regions) are declined too, after a preposition only ("we Wrocławiu").
* **Guard.** Tier-2 names are ordinary words too often ("Mar", "Centro", "Sur", "Vest"), so one
  counts only in a place context (:func:`in_place_context`): right after a locative or
  proximity preposition of the reply languages ("in", "en", "na", "w", "no", "nel", "à", "near",
  "près de", "cerca de", "in der Nähe von", "poza"...), optionally with an article or a word for
  "region" between ("in the Turin area", "na região Centro"), or right before a word for "area"
  ("Eindhoven region", "the Lyon area"). Names shorter than 4 letters, function words of the
  languages and the ruler's excluded names are never tier-2 names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.nlu.case_forms import CASE_ENDINGS, case_form, case_stems
from bot.nlu.place_adjectives import is_sought_noun
from taxonomy.text import fold

#: Shortest shared prefix of an inflected match (folded letters).
MIN_STEM = 5
#: At most this many letters of the name word may differ at its end ("Czechy" -> "czech").
MAX_NAME_TAIL = 3
#: At most this many letters may follow the shared prefix in the message word ("-zech", "-on").
MAX_WORD_TAIL = 4
#: Shortest name that may be declined without a preposition before it ("Magyarországon").
MIN_SUFFIXED_NAME = 8
#: Most words of a fragment whose towns count without a preposition (:meth:`PlaceIndex.fragment_towns`).
FRAGMENT_MAX_WORDS = 5
#: Shortest tier-2 name (folded letters).
MIN_TIER2_CHARS = 4

#: Locative prepositions (folded) of EN DE FR ES IT PL NL PT, and of CS SK SL HR RO BG EL MT SV
#: DA: "in Madrid", "na Podkarpaciu", "u Njemačkoj", "în Germania", "в Германия", "στη Γαλλία".
_LOCATIVES = """in im from aus bei en dans au aux a na w we no nos nas em do da nel nella nello
    nelle al v ve z ze u i iz din в във στη στην στο fil"""
LOCATIVES = frozenset(_LOCATIVES.split())
#: Words for "region" that may stand between the preposition and the name ("na região Centro").
_REGION_NOUNS = """region regio regione regiao provincia province provinz wojewodztwie wojewodztwo
    comunidad comunidade departement land kraji kraj county area okolicach regiunea regiunii
    regiune regiunile regionu regione regiji zupaniji regioban regiojaban regionen regionem
    регион региона περιφερεια alueella piirkonnas regiona"""
REGION_NOUNS = frozenset(_REGION_NOUNS.split())
#: Words before a place that say "near" or "around" (folded): "near Lyon", "around Turin",
#: "rond Eindhoven", "um Stuttgart" is not here (Portuguese "um" is "a"). Words of exclusion too
#: ("poza Polską", "outside Lyon", "behalve Eindhoven"): the place is found, and
#: :mod:`taxonomy.negation` makes it one to leave out.
_PROXIMITY = """near nearby around close by nahe nahe bei pres autour cerca alrededor vicino intorno
    presso dintorni kolo blisko okolo nabij rond rondom omgeving perto arredores
    poza oprocz procz outside except excluding ausser ausserhalb hors sauf excepto fuera tranne
    eccetto fuori behalve buiten exceto fora mimo krome okrem razen osim izuzev"""
PROXIMITY = frozenset(_PROXIMITY.split())
#: Words between a proximity word and the place: "près de Lyon", "cerca de Bilbao", "vicino a
#: Torino", "in der Nähe von München", "perto do Porto", "in de buurt van Eindhoven".
_LINKS = "of to de d du di da do a al au von van from"
LINKS = frozenset(_LINKS.split())
#: Nouns of "the area of" before a place ("in der Nähe von", "in de buurt van", "w okolicy",
#: "nella zona di", "in the area of", "Raum Stuttgart", "Großraum München").
_AREA_BEFORE = "nahe buurt okolicy okolicach zona area raum grossraum umgebung region"
AREA_BEFORE = frozenset(_AREA_BEFORE.split())
#: Words after a place that make it one ("the Turin area", "Eindhoven region", "Lyon
#: metropolitan area", "Stuttgart und Umgebung" is not: one word right after only).
_AREA_AFTER = "area region regio regione metropolitan metro agglomeration"
AREA_AFTER = frozenset(_AREA_AFTER.split())
#: Articles that may stand between a locative and the place ("in the Turin area").
_ARTICLES = "the der die das den dem la le les l el los las il lo gli het de"
ARTICLES = frozenset(_ARTICLES.split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

TIER_EXACT, TIER_AFTER_PREPOSITION = 1, 2


@dataclass(frozen=True)
class Name:
    """One place name: its folded words, entity label, canonical value, tier and country."""

    words: tuple[str, ...]
    label: str
    value: str
    tier: int
    spelled: tuple[str, ...] = ()  # lower-cased words as written, accents kept
    cased: bool = False  # counts only written with a capital ("Alta", not "alta")


@dataclass(frozen=True)
class Place:
    """A place found in a message: character span, label and canonical value."""

    start: int
    end: int
    label: str
    value: str
    strong: bool = False  # a capitalised town named like a domain word: it wins the span
    weak: bool = False  # a town only after "of" or "from" words: a place when no other is named


def inflected(word: str, name: str) -> bool:
    """Whether ``word`` is a declined form of the name word ``name`` (both folded).

    Args:
        word: A message word, e.g. ``"podkarpaciu"``.
        name: A name word, e.g. ``"podkarpacie"``.

    Returns:
        True when they share a prefix of at least :data:`MIN_STEM` letters that leaves at most
        :data:`MAX_NAME_TAIL` letters of ``name`` and :data:`MAX_WORD_TAIL` letters of ``word``.
    """
    if word == name:
        return True
    if len(name) < MIN_STEM or len(word) < MIN_STEM:
        return False
    shared = _shared(word, name)
    return (
        shared >= MIN_STEM
        and len(name) - shared <= MAX_NAME_TAIL
        and len(word) - shared <= MAX_WORD_TAIL
    )


class PlaceIndex:
    """Place names by their first word's first letters, for exact and inflected lookup."""

    def __init__(self, names: Iterable[Name], ordinary: Iterable[str] = ()):
        """Index the names (a folded phrase keeps its first, highest-tier entry); ``ordinary``
        words (folded: the domain's words, "marine", "media") are never a town's case form."""
        self.ordinary = frozenset(ordinary)
        self.exact: dict[tuple[str, ...], Name] = {}
        self.spellings: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for name in sorted(names, key=lambda n: n.tier):
            self.exact.setdefault(name.words, name)
            self.spellings.setdefault(name.words, set()).add(name.spelled or name.words)
        self._by_stem: dict[str, list[Name]] = {}
        self._by_start: dict[str, list[Name]] = {}  # one-word countries by 4 letters (case forms)
        self._towns: dict[str, list[Name]] = {}  # one-word tier-2 names by 3 letters (case forms)
        for name in self.exact.values():
            self._by_stem.setdefault(name.words[0][:MIN_STEM], []).append(name)
            if len(name.words) == 1 and name.tier == TIER_EXACT and name.label == "country":
                self._by_start.setdefault(name.words[0][:MIN_TIER2_CHARS], []).append(name)
            if len(name.words) == 1 and name.tier == TIER_AFTER_PREPOSITION:
                self._towns.setdefault(name.words[0][:TOWN_KEY], []).append(name)
        self.max_words = max((len(w) for w in self.exact), default=1)

    def _candidates(
        self, words: list[str], i: int, inflect: bool, language: str | None = None
    ) -> list[tuple[int, Name]]:
        """``(end, name)`` of the names starting at word ``i``: most words first, then exact
        before declined, then the longest shared prefix ("Pomorzu Zachodnim" is West
        Pomerania, not "Pomorzu" and a word)."""
        found: list[tuple[int, int, int, Name]] = []
        for size in range(min(self.max_words, len(words) - i), 0, -1):
            key = tuple(words[i : i + size])
            if key in self.exact:
                found.append((size, 1, len(key[0]), self.exact[key]))
        if inflect:
            located = after_locative(words, i) or _after_object_preposition(words, i, language)
            for name in self._by_stem.get(words[i][:MIN_STEM], ()):
                size = len(name.words)
                if (
                    (name.tier == TIER_EXACT or _declined_city(words[i], name, located, language))
                    and i + size <= len(words)
                    and tuple(words[i : i + size]) != name.words
                    and all(inflected(w, n) for w, n in zip(words[i:], name.words, strict=False))
                    and (located or _long_name_with_suffix(words[i], name.words))
                ):
                    shared = _shared(words[i], name.words[0])
                    # the whole name before the ending first: "Wrocławiu" is Wrocław, not
                    # Wrocławski; then the longest shared prefix
                    found.append((size, 0, 100 * (shared >= len(name.words[0])) + shared, name))
            if language in CASE_ENDINGS:
                for name in self._by_stem.get(words[i][:MIN_STEM], ()):
                    if case_phrase(words[i : i + len(name.words)], name, language):
                        found.append((len(name.words), 0, len(name.words[0]), name))
                for name in self._by_start.get(words[i][:MIN_TIER2_CHARS], ()):
                    if words[i] != name.words[0] and case_form(words[i], name.words[0], language):
                        found.append((1, 0, len(name.words[0]), name))
            if located and language in CITY_DECLINING:
                for name in self._by_start.get(words[i][:MIN_TIER2_CHARS], ()):
                    if words[i] != name.words[0] and _declined_country(words[i], name.words[0]):
                        found.append((1, 0, len(name.words[0]), name))
            # "Sofia", "Kaunas": a name of its own; "marine", "media": a word of the domain
            own_name = (words[i],) in self.exact or words[i] in self.ordinary
            for name in self._towns.get(words[i][:TOWN_KEY], ()):
                if own_name or words[i] == name.words[0]:
                    continue
                if case_town(words[i], name, language) or (
                    located and _declined_short_town(words[i], name, language)
                ):
                    found.append((1, 0, len(name.words[0]), name))
        found.sort(key=lambda f: (-f[0], -f[1], -f[2], f[3].tier))
        return [(i + size, name) for size, _, _, name in found]

    def fragment_towns(
        self, text: str, grammar: frozenset[str] = frozenset(), topic: bool = False
    ) -> list[Place]:
        """The towns of a short fragment that names them with no preposition ("hightech
        cluster Eindhoven", "Kuopio food cluster", "clusters Toulouse aerospace").

        A telegraphic request of at most :data:`FRAGMENT_MAX_WORDS` words leaves out the
        preposition that :func:`in_place_context` wants. A tier-2 name counts there when it is
        written with a capital, as written or typed without accents, is no name that counts
        only so anyway (:attr:`Name.cased`: small GeoNames towns, "Alta"), and the fragment has
        other words: a lone name is no request. A fragment has no function word (``grammar``,
        folded): "Brabant Development is our partner" is a sentence about an organisation. And
        a fragment is a search: it names a ``topic`` (a sector or technology entity) or a search
        noun ("cluster", "partners"); "Nice, more" names no town.
        """
        spans = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text or "")]
        if not 1 < len(spans) <= FRAGMENT_MAX_WORDS:
            return []
        words = [w for _, _, w in spans]
        if any(w in grammar for w in words):
            return []
        if not topic and not any(is_sought_noun(w) for w in words):
            return []
        out: list[Place] = []
        i = 0
        while i < len(words):
            for size in range(min(self.max_words, len(words) - i), 0, -1):
                name = self.exact.get(tuple(words[i : i + size]))
                if (
                    name is not None
                    and name.tier == TIER_AFTER_PREPOSITION
                    and not name.cased
                    and size < len(words)
                    and all(text[a:b][:1].isupper() for a, b, _ in spans[i : i + size])
                    and len(words[i]) >= MIN_STEM
                ):
                    out.append(Place(spans[i][0], spans[i + size - 1][1], name.label, name.value))
                    i += size
                    break
            else:
                i += 1
        return out

    def _respelled_town(self, written: str, word: str, name: Name, language: str | None) -> bool:
        """A one-word town in a Latvian message written (lower-cased) as none of its spellings
        but folding to its name: the locative "Rīgā" of "Rīga", "Liepājā" of "Liepāja" (the
        long final vowel)."""
        return (
            language == "lv"
            and (word,) == name.words
            and written[-1:] in _LATVIAN_LOCATIVE_VOWELS
            and all(spelling[-1][-1:] != written[-1:] for spelling in self.spellings[name.words])
        )

    def find(self, text: str, *, inflect: bool, language: str | None = None) -> list[Place]:
        """Place names in ``text``, longest first and without overlap.

        Args:
            text: The message.
            inflect: Also accept declined forms (see :func:`inflected`).
            language: The message's language: in one of :data:`CASE_ENDINGS`, a one-word name
                with a case ending counts without a preposition (:func:`case_form`).

        Returns:
            The places, in text order.
        """
        spans = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text or "")]
        words = [w for _, _, w in spans]
        lowered = [text[a:b].lower() for a, b, _ in spans]
        raw = [text[a:b] for a, b, _ in spans]
        out: list[Place] = []
        i = 0
        while i < len(words):
            for end, name in self._candidates(words, i, inflect, language if inflect else None):
                if (
                    inflect
                    and (language in CASE_ENDINGS or len(name.words[0]) < MIN_STEM)
                    and name.tier == TIER_AFTER_PREPOSITION
                    and tuple(words[i:end]) != name.words
                    and not raw[i][:1].isupper()
                ):
                    # "in more detail", a Polish word after "w" that begins like a four-letter
                    # town: a declined town is written with a capital
                    continue
                weak = (
                    name.tier == TIER_AFTER_PREPOSITION
                    and not in_place_context(words, i, end)
                    and weak_place_context(words, i)
                    and raw[i][:1].isupper()  # "de" is too often another word: a name only
                )
                if (
                    name.tier == TIER_AFTER_PREPOSITION
                    and not in_place_context(words, i, end)
                    and not weak
                    and not (
                        inflect
                        and end == i + 1
                        and raw[i][:1].isupper()
                        and (
                            case_town(words[i], name, language)
                            or self._respelled_town(lowered[i], words[i], name, language)
                        )
                    )
                    and not (raw[i][:1].isupper() and case_phrase(words[i:end], name, language))
                ):
                    continue
                if name.cased and all(w.islower() for w in raw[i:end]):
                    continue  # "na świecie" ("in the world"), not the town Świecie
                if (
                    tuple(words[i:end]) == name.words
                    and tuple(lowered[i:end]) not in self.spellings[name.words]
                    and not all(w.isascii() for w in lowered[i:end])  # typed without accents
                    and not after_locative(words, i)
                    and language not in CASE_ENDINGS  # "Vācijā": a case form, no preposition
                ):
                    continue  # "polską firmą" folds to "Polska": a declined adjective
                start, stop = spans[i][0], spans[end - 1][1]
                out.append(Place(start, stop, name.label, name.value, name.cased, weak))
                i = end
                break
            else:
                i += 1
        return out


#: Languages that decline a city after a preposition ("we Wrocławiu", "w Krakowie", "v Ostravě",
#: "u Zagrebu"): tier-2 names (cities) are read declined in these only.
CITY_DECLINING = frozenset({"pl", "cs", "sk", "sl", "hr", "bg"})


#: Letters of a town name's key in :attr:`PlaceIndex._towns` (four-letter towns: "Zlín", "Brno").
TOWN_KEY = 3


def case_town(word: str, name: Name, language: str | None) -> bool:
    """Whether ``word`` (folded) is the one-word tier-2 name ``name`` (a town) in a case form
    of a language that declines places with no preposition (:data:`CASE_ENDINGS`: "Oulussa",
    "Tartus", "Debrecenben", "Vilniuje", "Rīgas"). The caller requires a capital: a place name
    is written with one in these languages, an ordinary word is not ("oulussa" is no town). The
    nominative alone ("Tartu ülikool") is no place: it is as often the name of an organisation
    as where to search."""
    if language not in CASE_ENDINGS or len(name.words) != 1 or word == name.words[0]:
        return False
    town = name.words[0]
    if tuple(fold(name.value).split()) != name.words:
        return False  # an alternate name of a town ("Helsingfors"): its main name only
    if len(word) <= len(town) and not (language in ("lv", "lt") and town[-2:] in _NOMINATIVES):
        return False  # a letter changed, none added ("Terna" of Terni, "Maria" of Marki)
    if not case_form(word, town, language):
        return False
    added = word[len(town) : len(town) + 1] if word.startswith(town) else "a"
    if language == "et" and town[-1] not in "aeiouy" and added not in "aeiu":
        return False  # Estonian adds a stem vowel first ("Tallinnas"), unlike "Borders"
    if language == "et" and word.endswith("d") and not word.endswith("ld"):
        return False  # the plural ending, never a town's ("Managed" is no form of Manage)
    if len(town) >= MIN_STEM:
        return True
    # a four-letter town takes an ending of two letters at least ("Oulussa", "Rīgas"; not
    # "Gerau" of Gera)
    endings = CASE_ENDINGS[language or ""]
    return any(
        word.startswith(stem) and len(word) - len(stem) >= 2 and word[len(stem) :] in endings
        for stem in case_stems(town, language or "")
    )


def case_phrase(words: list[str], name: Name, language: str | None) -> bool:
    """Whether ``words`` (folded) are the hyphenated name ``name`` of two words or more, its last
    word in a case form of a language of :data:`CASE_ENDINGS` ("Pohjois-Savossa" of
    Pohjois-Savo, "Etelä-Pohjanmaalla" of Etelä-Pohjanmaa, "Észak-Alföldön" of Észak-Alföld):
    the words before the last as the name writes them. The regions of these languages join
    their words with a hyphen; an English name ("Lower Austrian") is no case form."""
    return (
        language in CASE_ENDINGS
        and len(name.words) > 1
        and "-" in name.value
        and len(words) == len(name.words)
        and tuple(words[:-1]) == name.words[:-1]
        and words[-1] != name.words[-1]
        and case_form(words[-1], name.words[-1], language)
    )


#: The long final vowels of the Latvian locative ("Rīgā", "Cēsīs" has "-īs", "Daugavpilī").
_LATVIAN_LOCATIVE_VOWELS = "āēīū"
#: Latvian and Lithuanian nominative endings that a case form replaces, so that it may be no
#: longer than the name ("Kaunas" -> "Kaune", "Daugavpils" -> "Daugavpilī").
_NOMINATIVES = ("as", "us", "is", "ys", "ai")


def _declined_short_town(word: str, name: Name, language: str | None) -> bool:
    """A town of four letters declined after a preposition in a language of
    :data:`CITY_DECLINING` ("ve Zlíně", "v Brně"): too short for :func:`inflected`; the name
    (less a final vowel) and at most :data:`MAX_COUNTRY_ENDING` letters."""
    if language not in CITY_DECLINING or len(name.words) != 1 or len(name.words[0]) >= MIN_STEM:
        return False
    stem = name.words[0]
    if stem[-1:] in "aeiouy":
        stem = stem[:-1]
    return (
        len(stem) >= TOWN_KEY
        and word.startswith(stem)
        and 0 < len(word) - len(stem) <= MAX_COUNTRY_ENDING
    )


def _declined_city(word: str, name: Name, located: bool, language: str | None) -> bool:
    """Whether a tier-2 name (a city) may match ``word`` declined: after a locative, in a
    language of :data:`CITY_DECLINING`, with the whole name (or the name less its final vowel:
    "Ostrava" -> "Ostravě") before the ending."""
    if not located or language not in CITY_DECLINING or len(name.words) != 1:
        return False
    stem = name.words[0]
    return word.startswith(stem) or (stem[-1:] in "aeiouy" and word.startswith(stem[:-1]))


#: Most letters a Slavic case ending adds to a country name's stem ("Irsk-em", "Grčk-oj").
MAX_COUNTRY_ENDING = 3


def _declined_country(word: str, name: str) -> bool:
    """Whether ``word`` is the one-word country name ``name`` (both folded) declined after a
    preposition in a language of :data:`CITY_DECLINING`: the name, or the name less its final
    vowel, plus an ending of at most :data:`MAX_COUNTRY_ENDING` letters. Short names share too
    few letters with their forms for :func:`inflected` ("na Irskem" of Slovenian "Irska",
    "u Grčkoj" of Croatian "Grčka", "v Írsku" of Slovak "Írsko": four letters before the ending)."""
    stem = name[:-1] if name[-1:] in "aeiouy" else name
    if len(stem) < MIN_TIER2_CHARS or not word.startswith(stem):
        return False
    return 0 < len(word) - len(stem) <= MAX_COUNTRY_ENDING


def _shared(word: str, name: str) -> int:
    """Length of the common prefix of two words."""
    n = 0
    for a, b in zip(word, name, strict=False):
        if a != b:
            break
        n += 1
    return n


def _long_name_with_suffix(word: str, name_words: tuple[str, ...]) -> bool:
    """A one-word name of at least :data:`MIN_SUFFIXED_NAME` letters plus a case ending
    ("magyarorszag" + "on"): declined without a preposition, as Hungarian and Finnish do."""
    return (
        len(name_words) == 1
        and len(name_words[0]) >= MIN_SUFFIXED_NAME
        and word.startswith(name_words[0])
    )


#: Prepositions that take a declined place as their object, not a location, per language:
#: Polish "o" ("chodziło mi o Finlandię", "pytam o Hiszpanię": accusative; "o Krakowie":
#: locative). Only in that language: "o" is an article in Portuguese and "or" in Italian.
OBJECT_PREPOSITIONS = {"pl": frozenset({"o", "myśli", "mysli"})}  # "miałem na myśli Hiszpanię"


def _after_object_preposition(words: list[str], i: int, language: str | None) -> bool:
    """Whether word ``i`` follows a preposition of :data:`OBJECT_PREPOSITIONS` of ``language``."""
    return i > 0 and words[i - 1] in OBJECT_PREPOSITIONS.get(language or "", ())


def after_locative(words: list[str], i: int) -> bool:
    """Whether word ``i`` follows a locative or proximity preposition: "in Lyon", "near Lyon",
    "na região Centro", "près de Lyon", "in der Nähe von München"."""
    before = words[max(0, i - 4) : i]
    located = LOCATIVES | PROXIMITY
    if before and before[-1] in located:
        return True
    if len(before) < 2:
        return False
    if before[-1] in REGION_NOUNS | AREA_BEFORE and before[-2] in located:
        return True  # "na região Centro", "w okolicy Krakowa"
    if (
        len(before) >= 3
        and before[-1] in REGION_NOUNS | AREA_BEFORE
        and before[-2] in ARTICLES
        and before[-3] in located
    ):
        return True  # "in de regio Eindhoven", "in der Region Stuttgart", "in the area Lyon"
    # "près de Lyon", "cerca de Bilbao", "in der Nähe von München", "in de buurt van Eindhoven"
    return before[-1] in LINKS and before[-2] in PROXIMITY | AREA_BEFORE


#: "Of" and "from" of the reply languages: a place after one of them, a few words after a noun
#: of what is searched ("clústeres aeroespaciales de Sevilla", "entreprises de Lyon", "aziende
#: di Brescia", "bedrijven van Eindhoven"), names where the organisations are. Alone ("la
#: historia de Sevilla") they name no place: "de" is too often another word.
_OF_WORDS = frozenset(["of", "de", "du", "des", "di", "del", "della", "van", "von"])
#: Most words between a search or company noun and that "of" ("pôles de compétitivité de").
_OF_NOUN_REACH = 3


#: "From" words that name the sender's town as often as the wanted place (Dutch "uit"): a town
#: after one is a place only when the message names no other (:func:`weak_place_context`).
_FROM_WORDS = frozenset(["uit"])


def weak_place_context(words: list[str], i: int) -> bool:
    """Whether word ``i`` stands where a town is named only weakly: after "of" beside a search or
    company noun (:func:`_of_sought`) or after a "from" word of :data:`_FROM_WORDS` ("een
    mkb-bedrijf uit Eindhoven"). :func:`bot.nlu.places.find_places` keeps such a town only when
    the message names no other place ("aziende di Bari in Puglia" searches Apulia)."""
    return _of_sought(words, i) or (i > 0 and words[i - 1] in _FROM_WORDS)


def _of_sought(words: list[str], i: int) -> bool:
    """Whether word ``i`` follows an "of" word (:data:`_OF_WORDS`) that follows a search or
    company noun (:func:`bot.nlu.place_adjectives.is_sought_noun`) within a few words."""
    if i < 2 or words[i - 1] not in _OF_WORDS:
        return False
    return any(is_sought_noun(w) for w in words[max(0, i - 1 - _OF_NOUN_REACH) : i - 1])


def in_place_context(words: list[str], i: int, end: int) -> bool:
    """Whether the words ``i:end`` stand where a place is named: after a preposition
    (:func:`after_locative`), or after one and an article ("in the Turin area"), or right before
    a word for "area" ("Eindhoven region")."""
    if after_locative(words, i) or (end < len(words) and words[end] in AREA_AFTER):
        return True
    # "in the Turin area", "dans la région de Lyon" (an article; never for a declined form)
    return i >= 2 and words[i - 1] in ARTICLES and after_locative(words, i - 1)
