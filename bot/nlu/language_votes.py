"""Evidence of a short message's language besides lingua: function words, shared words and
country names (``bot.nlu.language`` weighs them: :func:`bot.nlu.language.short_message_language`).

* :data:`SHARED_WORDS`: words written alike in many EU languages (the product's own vocabulary:
  "cluster", "partners", "calls"), which are evidence of none and are left out.
* :func:`function_word_votes`: each reply language's share of a message's function words
  (``taxonomy.stopwords.function_words``; English: :data:`ENGLISH_FUNCTION_WORDS`), a word of
  ``k`` languages giving each ``1/k``; country names vote the same way by the reply languages
  that write them (:func:`place_name_languages`: "Italia" Italian and Spanish, "Portugal" six
  of the eight), so a name written alike in many languages says almost nothing.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from bot.nlu.cldr_countries import CLDR_CSV, CORDIS_CSV
from taxonomy import fold
from taxonomy.languages import REPLY_LANGUAGES
from taxonomy.stopwords import function_words

#: Whether country names vote like function words (:func:`place_name_languages`).
PLACE_NAME_VOTES = True
#: The reply languages besides English whose function words help decide a short message.
OTHER_REPLY_LANGUAGES = tuple(code for code in REPLY_LANGUAGES if code != "en")
#: English function words (the curated English list's first part: no request words).
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "go",
        "ok",
        "yes",
        "yep",
        "yeah",
        "hi",
        "hey",
        "bye",
        "please",
        "thanks",
    ]
)
#: Words written alike in many EU languages, so no evidence of any: the product's own vocabulary
#: ("cluster agroalimentari", "clusters com rótulo de ouro", "calls over ...", "partners voor").
SHARED_WORDS = frozenset(
    [
        "cluster",
        "clusters",
        "partner",
        "partners",
        "call",
        "calls",
        "hub",
        "hubs",
        "startup",
        "startups",
        "online",
    ]
)


@functools.cache
def tables() -> dict[str, frozenset[str]]:
    """The function words of each reply language (English: :data:`ENGLISH_FUNCTION_WORDS`)."""
    tables = {code: frozenset(function_words(code)) for code in OTHER_REPLY_LANGUAGES}
    return {"en": ENGLISH_FUNCTION_WORDS, **tables}


#: The product's content words in each reply language (session 16): a keyword-only message
#: ("wodór klastry Polska", "convocatorias hidrógeno verde") has few or no function words, and
#: its words tell its language as well as function words do (:func:`domain_words`).
DOMAIN_WORDS_YML = Path(__file__).resolve().parents[2] / "taxonomy" / "domain_words.yml"
#: Fewest letters of a stem (a word ending in "*" in :data:`DOMAIN_WORDS_YML`).
STEM_MIN_LETTERS = 6


@functools.cache
def domain_words() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """Each reply language's content words (folded) and stems, from :data:`DOMAIN_WORDS_YML`."""
    document = yaml.safe_load(DOMAIN_WORDS_YML.read_text(encoding="utf-8")) or {}
    found: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}
    for code in REPLY_LANGUAGES:
        words = str(document.get(code) or "").split()
        exact = frozenset(fold(w) for w in words if not w.endswith("*"))
        stems = tuple(
            fold(w[:-1]) for w in words if w.endswith("*") and len(w) - 1 >= STEM_MIN_LETTERS
        )
        found[code] = (exact, stems)
    return found


#: Function words whose accent only some reply languages write, compared before folding
#: (folding makes Portuguese "é" and Italian "è" the conjunction "e" of both): "o que é o
#: Funding and Tenders Portal?" is Portuguese, "cos'è" Italian.
ACCENTED_WORDS: dict[str, tuple[str, ...]] = {"é": ("pt",), "è": ("it",), "à": ("fr", "pt")}


def word_languages(word: str, content: bool = True) -> list[str]:
    """The reply languages a (folded) word is a function word of, or with ``content`` also a
    content word of (:func:`domain_words`)."""
    codes = [code for code, table in tables().items() if word in table]
    if content:
        for code, (exact, stems) in domain_words().items():
            if code not in codes and (word in exact or any(word.startswith(s) for s in stems)):
                codes.append(code)
    return codes


@functools.cache
def place_name_languages() -> dict[str, frozenset[str]]:
    """Which reply languages write each country name (folded), from the gazetteers' tables.

    "Italia" is Italian and Spanish, "Polonia" Spanish and Italian, "Portugal" six of the eight:
    a name written alike in ``k`` reply languages gives each ``1/k`` of a vote, like a
    function word (:func:`function_word_votes`), so the same name in many languages says
    almost nothing.
    """
    names: dict[str, set[str]] = {}
    for path in (CORDIS_CSV, CLDR_CSV):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                code = (row.get("language") or "").strip().lower()
                name = fold(" ".join((row.get("name") or "").split()))
                if code in REPLY_LANGUAGES and name:
                    names.setdefault(name, set()).add(code)
    return {name: frozenset(codes) for name, codes in names.items()}


#: The prepositions that put a search in a country, by the reply languages that write them so
#: (session 16): "in Italia" is Italian (Spanish writes "en Italia"), "en Estonia" Spanish
#: (Italian writes "in Estonia"), "na Litwie" Polish, "no Brasil" Portuguese. Dutch "en" is
#: "and", never before the country searched in.
LOCATIVES: dict[str, frozenset[str]] = {
    "in": frozenset({"en", "de", "it", "nl"}),
    "im": frozenset({"de"}),
    "en": frozenset({"fr", "es"}),
    "au": frozenset({"fr"}),
    "aux": frozenset({"fr"}),
    "em": frozenset({"pt"}),
    "no": frozenset({"pt"}),
    "nos": frozenset({"pt"}),
    "na": frozenset({"pt", "pl"}),
    "w": frozenset({"pl"}),
    "we": frozenset({"pl"}),
}
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")


def place_owners(text: str, skip: Sequence[Sequence] | None) -> list[frozenset[str]]:
    """The reply languages of each country named in ``text`` (``(start, end, "country")``).

    A country after a preposition of :data:`LOCATIVES` belongs to the languages that write both
    the name so and the preposition before it, when there are any ("in Italia": Italian only;
    "en Portugal": French and Spanish).
    """
    if not PLACE_NAME_VOTES:
        return []
    table = place_name_languages()
    owners = []
    for span in skip or []:
        if len(span) >= 3 and span[2] == "country":
            found = table.get(fold(text[int(span[0]) : int(span[1])]))
            if not found:
                continue
            before = _LAST_WORD.search(text[max(int(span[0]) - 12, 0) : int(span[0])])
            writers = LOCATIVES.get(fold(before.group(1))) if before else None
            owners.append(found & writers if writers and found & writers else found)
    return owners


def function_word_votes(
    words: Sequence[str], places: Sequence[frozenset[str]] = (), content: bool = True
) -> dict[str, float]:
    """Each reply language's share of a message's function words (and content words).

    Every word that is a function word of ``k`` of the eight reply languages gives each of
    them ``1/k`` ("el": Spanish 1; "de": French, Spanish, Italian, Dutch, Portuguese 0.2
    each); the sums are divided by the number of words. With ``content`` (the default) the
    product's content words of each language (:func:`domain_words`: "wodór", "convocatorias")
    vote the same way.

    Args:
        words: The message's free words (:func:`_free_words`).
        places: The reply languages of each country name in it (:func:`_place_owners`).
        content: Whether content words vote too (False: the grammar's words only).

    Returns:
        ``{code: share}`` for the languages with a share above 0.
    """
    votes: dict[str, float] = {}
    evidence = [
        list(ACCENTED_WORDS.get(word.lower(), ())) or word_languages(fold(word), content)
        for word in words
    ]
    evidence += [sorted(owners) for owners in places]
    for owners in evidence:
        for code in owners:
            votes[code] = votes.get(code, 0.0) + 1.0 / len(owners)
    return {code: vote / len(evidence) for code, vote in votes.items()} if evidence else {}


@functools.cache
def single_letters() -> frozenset[str]:
    """One-consonant function words of the reply languages (Polish \"w\", \"z\"): kept."""
    return frozenset(w for table in tables().values() for w in table if len(w) == 1)


#: Italian's elided forms that no other EU language writes: "cos'è", "c'è", "dov'è", "com'è",
#: "quant'è" and the articulated prepositions and articles before a vowel ("dell'", "nell'",
#: "sull'", "dall'", "all'", "coll'", "quell'", "quest'", "un'"). French elides too, but only
#: "l'", "d'", "qu'", "c'est", "j'", "n'", "s'", "m'", "t'", none of these.
ITALIAN_FORMS = re.compile(
    r"(?<![\w'’])(?:(?:c|cos|dov|com|quant)['’]\s?[eè](?![\w'’])"
    r"|(?:dell|nell|sull|dall|all|coll|quell|quest|un)['’][^\W\d_])",
    re.IGNORECASE,
)


def italian_forms(text: str | None) -> bool:
    """Whether a message writes one of :data:`ITALIAN_FORMS` (it is Italian, however short)."""
    return isinstance(text, str) and ITALIAN_FORMS.search(text) is not None


#: "What is ...?" as the sixteen languages without replies of their own open a question, in
#: their own spelling (lower case, accents kept: Slovak "čo je" and Czech "co je" differ only
#: there): the question word and the copula, which together no other EU language writes. A
#: question of a few words about a programme ("mis on Euroclusters", "ce este EEN", "какво е
#: ECCP") gives lingua one or two free words once the name is left out: too few to decide, or
#: the wrong language ("ce este" reads French). Written from each language's grammar.
WHAT_IS_FORMS: dict[str, tuple[str, ...]] = {
    "bg": ("какво е", "какво представлява", "какво означава"),
    "cs": ("co je", "co to je", "co jsou", "co znamená"),
    "da": ("hvad er", "hvad betyder", "hvad går", "hvad handler"),
    "el": ("τι είναι", "τι ειναι", "τι σημαίνει", "τι σημαινει"),
    "et": ("mis on", "mida tähendab", "mida tahendab"),
    "fi": ("mikä on", "mika on", "mitä on", "mita on", "mitä tarkoittaa", "mita tarkoittaa"),
    "ga": ("cad é", "cad e", "cad is", "céard é", "ceard e", "céard is", "ceard is"),
    "hr": ("što je", "sto je", "što su", "što znači", "sto znaci"),
    "hu": ("mi az", "mi a", "mik az", "mit jelent"),
    "lt": ("kas yra", "kas tai", "ką reiškia", "ka reiskia"),
    "lv": ("kas ir", "ko nozīmē", "ko nozime"),
    "mt": ("x'inhu", "x'inhi", "x’inhu", "x’inhi", "xinhu", "xinhi", "x'jfisser"),
    "ro": ("ce este", "ce e", "ce înseamnă", "ce inseamna", "ce sunt"),
    "sk": ("čo je", "čo to je", "čo sú", "čo znamená"),
    "sl": ("kaj je", "kaj so", "kaj pomeni"),
    "sv": ("vad är", "vad ar", "vad betyder", "vad innebär", "vad innebar"),
}
_WHAT_IS = re.compile(
    r"^\W*("
    + "|".join(
        sorted(
            (
                re.escape(form).replace(r"\ ", r"\s+")
                for forms in WHAT_IS_FORMS.values()
                for form in forms
            ),
            key=len,
            reverse=True,
        )
    )
    + r")(?![\w'’])",
    re.IGNORECASE,
)
_WHAT_IS_OWNER = {form: code for code, forms in WHAT_IS_FORMS.items() for form in forms}


def what_is_language(text: str | None) -> str | None:
    """The language of :data:`WHAT_IS_FORMS` a message opens with ("mis on ..." -> ``et``), or
    None."""
    if not isinstance(text, str):
        return None
    match = _WHAT_IS.match(text[:200])
    if match is None:
        return None
    return _WHAT_IS_OWNER.get(" ".join(match.group(1).lower().split()))
