"""Country and region adjectives in the eight reply languages, generated from Unicode CLDR.

Generates ``knowledge/data/taxonomies/place_adjectives.csv`` (committed; columns
``label;value;language;base;form``): every gender, number and case form of the adjective that
names a country or a region ("griechische", "polacchi", "greckimi", "alemãs", "Waalse"), read by
:mod:`bot.nlu.place_adjectives` ("griechische Cluster" is a search in Greece).

CLDR has no demonyms, but its language names in the reply languages are the adjectives of the
languages' home countries ("grec", "polacco", "niemiecki", "Duits", "alemão"): a language code
maps to the country its CLDR likely subtags give (``el`` -> GR), or to the region whose
language it is (``wa`` Walloon -> Wallonia, ``eu`` Basque -> Basque Country). Where a country's
adjective is not its language's name (Austrian, Belgian, Swiss, Cypriot, British) or a region
has no CLDR language (Tuscan, Andalusian, Styrian...), :data:`EXTRA_BASES` gives the masculine
singular in each language (written for this project from the languages' grammars and
dictionaries). The forms are produced by one rule per language (:func:`forms`): German strong
and weak endings, French ``-e/-s/-es`` (``-en -> -enne``, ``grec -> grecque``), Spanish and
Portuguese ``-o/-a/-os/-as`` and ``-és/-ês -> -esa/-eses``, Italian ``-o/-a/-i/-e`` (``-co ->
-chi/-ci/-che``), Polish hard-stem adjective endings plus the masculine-personal plural
(``-scy``/``-ccy``), Dutch ``-e`` (``-ees -> -ese``). English adjectives stay with the country
gazetteer (``countries.yml``), except the regions' (Basque, Tuscan).

Babel is imported only when the file is generated. Regenerate after a Babel upgrade::

    .venv/rasa/bin/python -m bot.nlu.cldr_adjectives --write
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.nlu import cldr_countries

TAXONOMIES = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "taxonomies"
ADJECTIVES_CSV = TAXONOMIES / "place_adjectives.csv"
HEADER = ("label", "value", "language", "base", "form")
LANGUAGES = ("en", "de", "fr", "es", "it", "pl", "nl", "pt")

#: Language code -> country, where CLDR's likely territory is not the European one (pt -> BR,
#: en -> US) or the code has none.
HOME_COUNTRY = {"pt": "PT", "en": "GB", "no": "NO", "sr": "RS", "bs": "BA", "sq": "AL"}
#: Countries whose language's name is their adjective (the profiles' countries and the EU's).
LANGUAGE_COUNTRIES = {
    "bg": "BG", "bs": "BA", "cs": "CZ", "da": "DK", "de": "DE", "el": "GR", "es": "ES",
    "et": "EE", "fi": "FI", "fr": "FR", "ga": "IE", "hr": "HR", "hu": "HU", "is": "IS",
    "it": "IT", "lb": "LU", "lt": "LT", "lv": "LV", "mk": "MK", "mt": "MT", "nl": "NL",
    "no": "NO", "pl": "PL", "pt": "PT", "ro": "RO", "sk": "SK", "sl": "SI", "sq": "AL",
    "sr": "RS", "sv": "SE", "tr": "TR", "uk": "UA",
}  # fmt: skip
#: Regional languages -> the region (a value the region filter resolves, regions.yml / NUTS).
LANGUAGE_REGIONS = {
    "nl_BE": "Flanders", "wa": "Wallonia", "eu": "Basque Country", "ca": "Catalonia",
    "gl": "Galicia", "szl": "Silesia", "bar": "Bavaria", "lmo": "Lombardy", "pms": "Piedmont",
    "fur": "Friuli Venezia Giulia", "sc": "Sardinia", "scn": "Sicily",
    "br": "Brittany", "cy": "Wales", "sco": "Scotland", "ast": "Asturias", "an": "Aragon",
    # not "co" (Corsican): Italian "corso", "corsi" are courses
}  # fmt: skip
#: Masculine singular adjectives CLDR lacks (EN DE FR ES IT PL NL PT), or common ones beside
#: CLDR's ("holenderski" beside "niderlandzki", "vasco" beside "euskera").
EXTRA_BASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("country", "AT"): ("Austrian", "österreichisch", "autrichien", "austriaco", "austriaco",
                        "austriacki", "Oostenrijks", "austríaco"),
    ("country", "BE"): ("Belgian", "belgisch", "belge", "belga", "belga", "belgijski",
                        "Belgisch", "belga"),
    ("country", "CH"): ("Swiss", "schweizerisch", "suisse", "suizo", "svizzero",
                        "szwajcarski", "Zwitsers", "suíço"),
    ("country", "CY"): ("Cypriot", "zypriotisch", "chypriote", "chipriota", "cipriota",
                        "cypryjski", "Cypriotisch", "cipriota"),
    ("country", "GB"): ("British", "britisch", "britannique", "británico", "britannico",
                        "brytyjski", "Brits", "britânico"),
    ("country", "NL"): ("Dutch", "holländisch", "hollandais", "holandés", "olandese",
                        "holenderski", "Hollands", "holandês"),
    ("country", "FI"): ("Finnish", "finnisch", "finlandais", "finlandés", "finlandese",
                        "fiński", "Fins", "finlandês"),
    ("country", "ME"): ("Montenegrin", "montenegrinisch", "monténégrin", "montenegrino",
                        "montenegrino", "czarnogórski", "Montenegrijns", "montenegrino"),
    ("region", "Basque Country"): ("Basque", "baskisch", "basque", "vasco", "basco",
                                   "baskijski", "Baskisch", "basco"),
    ("region", "Bavaria"): ("Bavarian", "bayerisch", "bavarois", "bávaro", "bavarese",
                            "bawarski", "Beiers", "bávaro"),
    ("region", "Tuscany"): ("Tuscan", "toskanisch", "toscan", "toscano", "toscano",
                            "toskański", "Toscaans", "toscano"),
    ("region", "Andalusia"): ("Andalusian", "andalusisch", "andalou", "andaluz", "andaluso",
                              "andaluzyjski", "Andalusisch", "andaluz"),
    ("region", "Styria"): ("Styrian", "steirisch", "styrien", "estirio", "stiriano",
                           "styryjski", "Stiers", "estírio"),
    ("region", "Tyrol"): ("Tyrolean", "tirolerisch", "tyrolien", "tirolés", "tirolese",
                          "tyrolski", "Tirools", "tirolês"),
    ("region", "Saxony"): ("Saxon", "sächsisch", "saxon", "sajón", "sassone", "saksoński",
                           "Saksisch", "saxão"),
    ("region", "Apulia"): ("Apulian", "apulisch", "apulien", "apulio", "pugliese",
                           "apulijski", "Apulisch", "apuliano"),
}  # fmt: skip
#: CLDR names that are not the adjective users write (a noun, or a qualified name).
SKIP_NAMES = frozenset({"euskera", "schlesisch (wasserpolnisch)", "frisón occidental", "welsh"})
#: Forms that are ordinary words of their language (Portuguese "servia": "served").
SKIP_FORMS = frozenset({("pt", "sérvia"), ("pt", "sérvias")})


def _strip(word: str, tail: str) -> str:
    return word[: -len(tail)] if tail else word


def _unaccent(word: str) -> str:
    """``alemán`` -> ``aleman``: Spanish and Portuguese lose the stress mark before an ending."""
    return word.translate(str.maketrans("áéíóúâêô", "aeiouaeo"))


def forms(base: str, language: str) -> set[str]:
    """Every gender, number and case form of an adjective in a reply language.

    Args:
        base: The masculine singular as CLDR or :data:`EXTRA_BASES` write it.
        language: One of :data:`LANGUAGES`.

    Returns:
        The forms, lower-cased (the base included).
    """
    b = base.lower().strip()
    out = {b}
    if language == "de":
        out |= {b + e for e in ("e", "en", "er", "es", "em")}
    elif language == "nl":
        out.add(b[:-3] + "ese" if b.endswith("ees") else b + "e")
    elif language == "fr":
        if b.endswith("e"):
            out.add(b + "s")
        elif b.endswith(("s", "x")):
            out |= {b + "e", b + "es"}
        elif b.endswith(("en", "on")):
            out |= {b + "s", b + "ne", b + "nes"}
        elif b.endswith("c"):  # grec -> grecque, turc -> turque
            stem = b if b.endswith("ec") else b[:-1]
            out |= {b + "s", stem + "que", stem + "ques"}
        elif b.endswith("ou"):
            out |= {b + "s", b[:-2] + "ouse", b[:-2] + "ouses"}
        else:
            out |= {b + "s", b + "e", b + "es"}
    elif language in ("es", "pt"):
        if b.endswith("ão"):
            out |= {b[:-2] + e for e in ("ã", "ãs", "ães", "ões")}
        elif b.endswith("o"):
            out |= {b[:-1] + e for e in ("os", "a", "as")}
        elif b.endswith(("a", "e")):
            out.add(b + "s")
        elif re.search(r"[áéíóúâêô][ns]$", b):
            stem = _unaccent(b)
            out |= {stem + "a", stem + "as", stem + "es"}
        elif b.endswith("l") and language == "pt":
            out |= {b + "a", b + "as", b[:-1] + "is"}
        else:
            out |= {b + "a", b + "as", b + "es"}
    elif language == "it":
        if b.endswith(("co", "go")):
            out |= {b[:-1] + "a", b[:-1] + "hi", b[:-1] + "he", b[:-1] + "i"}
        elif b.endswith("o"):
            out |= {b[:-1] + e for e in ("a", "i", "e")}
        elif b.endswith("e"):
            out.add(b[:-1] + "i")
        elif b.endswith("a"):
            out |= {b[:-1] + "i", b[:-1] + "e"}
    elif language == "pl" and b.endswith(("ki", "gi")):
        stem = b[:-1]
        out |= {stem + e for e in ("a", "ie", "iego", "iej", "im", "imi", "ich", "ą")}
        for tail, personal in (("ski", "scy"), ("cki", "ccy"), ("dzki", "dzcy")):
            if b.endswith(tail):
                out.add(_strip(b, tail) + personal)
                break
    return out


def _cldr_bases() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """``(label, value)`` -> ``[(language, base)]`` from CLDR's language names."""
    from babel import Locale

    locales = {lang: Locale.parse(lang) for lang in LANGUAGES}
    locales["pt_PT"] = Locale.parse("pt_PT")
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    targets = [(("country", c), code) for code, c in LANGUAGE_COUNTRIES.items()]
    targets += [(("region", r), code) for code, r in LANGUAGE_REGIONS.items()]
    for key, code in targets:
        for lang, locale in locales.items():
            name = locale.languages.get(code)
            if name and name.lower() not in SKIP_NAMES and (lang != "en" or key[0] == "region"):
                out.setdefault(key, []).append((lang.split("_")[0], name))
    return out


def adjective_rows() -> list[tuple[str, str, str, str, str]]:
    """Compute the rows of the adjective table (CLDR bases, then :data:`EXTRA_BASES`).

    A form that two places share (a language's name for two countries) is left out.

    Returns:
        ``(label, value, language, base, form)`` rows, sorted.
    """
    bases = _cldr_bases()
    for key, words in EXTRA_BASES.items():
        for lang, word in zip(LANGUAGES, words, strict=True):
            if lang != "en" or key[0] == "region":
                bases.setdefault(key, []).append((lang, word))
    rows: set[tuple[str, str, str, str, str]] = set()
    owners: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for (label, value), pairs in bases.items():
        for lang, base in pairs:
            for form in forms(base, lang):
                rows.add((label, value, lang, base.lower(), form))
                owners.setdefault((lang, form), set()).add((label, value))
    shared = {key for key, places in owners.items() if len(places) > 1}
    return sorted(r for r in rows if (r[2], r[4]) not in shared | SKIP_FORMS)


def render(rows: list[tuple[str, str, str, str, str]]) -> str:
    """Render rows as the CSV text of :data:`ADJECTIVES_CSV` (the writer of every generated
    place table: :func:`bot.nlu.cldr_countries.render`)."""
    return cldr_countries.render(rows, HEADER)


def main(argv: list[str] | None = None) -> int:
    """Print or write the generated table; ``--check`` fails when the committed file differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help=f"write {ADJECTIVES_CSV.name}")
    group.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    text = render(adjective_rows())
    if args.write:
        ADJECTIVES_CSV.write_text(text, encoding="utf-8")
    elif args.check:
        current = ADJECTIVES_CSV.read_text(encoding="utf-8") if ADJECTIVES_CSV.exists() else ""
        return 0 if current == text else 1
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
