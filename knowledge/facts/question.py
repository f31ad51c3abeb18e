"""What a fact question asks: which card aspects it wants, and which programme-like names it uses.

Aspect cues of the instrument catalogue (:func:`knowledge.instruments.select_aspects`) are the
owner of "how much" -> budget, "who can apply" -> eligibility and so on; this module maps them onto
card aspects and adds the cues only cards have (results, outlook, contact, events, what).

:func:`programme_names` finds names that look like a programme, scheme or fund in a question
("EU Hydrogen Cluster Voucher Scheme 2027"); the answerer says it does not know one that no
catalogue entry or card names, instead of answering with another programme's figures.
"""

from __future__ import annotations

import re

from knowledge.instruments import select_aspects
from knowledge.instruments.aspects import aspect_cue_words
from knowledge.instruments.names import fold_user_text
from taxonomy.programme_words import PROGRAMME_NOUNS_PATTERN
from taxonomy.text import fold

_FROM_CATALOGUE: dict[str, tuple[str, ...]] = {
    "budget": ("budget",),
    "eligibility": ("who",),
    "how_to_apply": ("how_to_apply",),
    "period": ("period",),
    "successor": ("status", "successor"),
    "funds": ("offers",),
    "status": ("status",),
}

_CARD_CUES: dict[str, tuple[str, ...]] = {
    "results": (
        "how many",
        "number of",
        "results",
        "achieved",
        "impact",
        "reached",
        "involved",
        "supported",
        "benefit",
        # what is counted (SMEs, jobs, countries, labelled clusters) is the question's subject,
        # not its aspect: knowledge.facts.subject weighs it ("who channels the support to SMEs?"
        # asks no figure)
    ),
    "outlook": (
        "outlook",
        "future",
        "next",
        "plans",
        "planned",
        "upcoming",
        "aim to",
        "aims to",
        "target",
        "should",
    ),
    "how_to_apply": (
        "how do i find",
        "how can i find",
        "how do we find",
        "where do i find",
        "where can i find",
        "how do we get",
        "how do i get",
        "how can we get",
        "how can i get",
        "how to get",
    ),
    "offers": (
        "offer",
        "offers",
        "provide",
        "provides",
        "grant",
        "grants",
        "services",
        "pay for",
        "pays for",
        "financed",
        "finances",
        "what support",
        "which support",
        "kind of support",
        "type of support",
        "kind of help",
        "what help",
    ),
    "status": ("what happened", "happened to", "still"),
    "contact": (
        "contact",
        "email",
        "e mail",
        "in charge",
        "responsible",
        "directorate",
        "dg",
        "unit",
        "website",
        "who runs",
        "get in touch",
        "reach them",
        "looks after",
        "oversees",
        "takes care of",
    ),
    "events": (
        "event",
        "events",
        "matchmaking",
        "conference",
        "award",
        "awards",
        "ceremony",
        "session",
        "meeting",
    ),
    "who": (
        "who could",
        "who may",
        "who is eligible",
        "eligible",
        "who can join",
        "for whom",
        "who is it for",
        "open to",
        "intended for",
        "aimed at",
        "meant for",
        "target group",
        # in chat words ("who gets to jump in?", "who's allowed in?")
        "who gets to",
        "who gets in",
        "who can get in",
        "who is allowed",
        "whos allowed",
        # which of several suits an applicant ("which one for a 10-person SME?")
        "which one for",
        "which is better for",
        "suitable for",
        "best for",
        "right for",
        # a kind of applicant asked about ("can a university take part?", "and for a startup?")
        "university",
        "universities",
        "startup",
        "startups",
        "start up",
        "start ups",
        "research organisation",
        "research organisations",
        "research centre",
        "research centres",
    ),
    "what": (
        "what is",
        "what are",
        "what does",
        "tell me about",
        "explain",
        "purpose",
        "goal",
        "goals",
        # "what's the aim?": what the instrument is for ("aims to support 2,000 SMEs" is outlook)
        "aim",
        "aims",
        "objective",
        "objectives",
    ),
}


def english_cue_words() -> frozenset[str]:
    """The folded words of the English cues of card aspects and catalogue aspects: a message
    that uses one of them as its only cue is read in English ("Eligibility ESCP-4i pls")."""
    return aspect_cue_words() | frozenset(
        w for cues in _CARD_CUES.values() for cue in cues for w in fold(cue).split()
    )


def card_aspects(question: str) -> tuple[str, ...]:
    """Return the card aspects a question asks about (empty when it gives no cue).

    Args:
        question: The user's question.

    Returns:
        Card aspects (see :data:`knowledge.facts.records.CARD_ASPECTS`), without repeats.
    """
    found: list[str] = []
    # "how many" counts something, and so does "how much" before a counted thing ("kui palju
    # tugevaid klastreid" glosses "how much strong clusters"); only a money word makes either a
    # budget question
    counting = re.sub(rf"(?i)\bhow many\b|\bhow much (?={_COUNTED_THING}\b)", " ", question)
    for aspect in select_aspects(counting):
        for card_aspect in _FROM_CATALOGUE.get(aspect, ()):
            if card_aspect not in found:
                found.append(card_aspect)
    folded = f" {fold_user_text(question)} "
    for aspect, cues in _CARD_CUES.items():
        if aspect not in found and any(f" {fold(c)} " in folded for c in cues):
            found.append(aspect)
    # "who could apply?" is about eligibility, not the process (as in the catalogue's rule); so
    # is "who ... apply" with words between ("Kdo se může přihlásit" glosses "who apply")
    if " who " in folded and "how_to_apply" in found and " how " not in folded:
        found.remove("how_to_apply")
        if "who" not in found:
            found.insert(0, "who")
    # "who is allowed to apply for Euroclusters funding?": the funding is what one applies for,
    # the question asks who; a money word of its own still asks both ("who gets how much?")
    if "who" in found and "budget" in found and not _MONEY_ASKED.search(folded):
        found.remove("budget")
    # "how much was the grant?", "a quanto ammontava il contributo" (glossed "how much grant"):
    # the grant is what is measured, the question asks its amount, not what the programme offers
    if "offers" in found and "budget" in found and _MONEY_ASKED.search(folded):
        found.remove("offers")
    # "gibt es einen Ansprechpartner?" ("is there", glossed "still exists"): a contact asked for
    if "contact" in found and "status" in found:
        found.remove("status")
    if _DURATION.search(folded):
        # "how many years did ESCP-S3 last?" ("Ile lat trwał" glosses "how many years"): how
        # long it ran, its period; no count of results
        found = ["period", *(a for a in found if a not in ("results", "period"))]
    if "what" in found and len(found) > 1:  # "what is the budget of X?" asks for the budget
        found.remove("what")
    if not found and _WHERE_POINTER.search(folded):
        # "where are the profiles?", "waar vind ik dat?" (glossed "where"): where to find or
        # join it, which the how-to-apply card says (its portal, its site); "where was it held?"
        # asks the place of an event (knowledge.facts.measure)
        found.append("how_to_apply")
    return tuple(found)


#: How long something ran, counted in years or months ("how many years did it last").
_DURATION = re.compile(r" (?:how many|for how many|how much) (?:years?|months?) ")
#: Words that ask for money themselves (not "funding", what one applies for).
_MONEY_ASKED = re.compile(r" (how much|budget|budgets|money|amount|euros?|eur|million|worth) ")
#: Money words other than a scale ("50 million people" is a count of people).
_MONEY_NAMED = re.compile(r" (how much|budget|budgets|money|amount|euros?|eur|worth|cost|grant) ")


def names_money(question: str) -> bool:
    """Whether a question (in English words) names money itself, not only a scale word ("is it
    true that 50 million people work in clusters?" names none; "a budget of 5 million" does)."""
    return "€" in question or bool(_MONEY_NAMED.search(f" {fold_user_text(question)} "))


#: "where" not asking the place of an event ("where was / where did / where will ... held").
_WHERE_POINTER = re.compile(r" where (?!(was|were|did|will|took|is it held|are they held|held)\b)")


#: A counted thing right after "how much": the gloss of one word that asks how much and how many
#: ("kui palju töökohti", "mennyi munkahely", "paljonko yrityksiä"; "kui palju on tugevaid
#: klastreid" glosses "how much strong clusters") counts it, never asks for money.
_COUNTED_THING = (
    r"(strong |labelled |new )?(jobs|clusters|smes|countries|regions|projects|organisations|organizations|firms|"
    r"companies|enterprises|staff|people|employees|members|partners|events|calls|labels)"
)
_COUNT = re.compile(rf" (how many|number of|how much .* number|how much {_COUNTED_THING}) ")
_SHARE = re.compile(
    r" (share|percentage|proportion|per cent|percent|what part|by how much|how much (higher|more|"
    r"bigger|larger|lower|less)) "
)
_EMAIL_QUESTION = re.compile(r" (e ?mail|email address|mail address|e mail address) ")
_MONEY_VALUE = re.compile(r"€|\beuros?\b|\bEUR\b", re.IGNORECASE)
_DATE_VALUE = re.compile(
    r"\b(?:19|20)\d{2}\b|\b(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december)\b",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
#: The number words 0-12, in order: what :data:`_NUMBER_WORDS` and :data:`_NUMBER_WORD_VALUES` read.
_SMALL_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
#: Scale words after a number word whose product the cards write in digits ("three thousand"
#: -> "3000", as in "3,000 clusters"). Millions are left out: the cards write "€5 million", so
#: "five million" stays the 5 their values hold.
_SCALE_WORDS = {
    **dict.fromkeys(["hundred", "hundert", "cent", "cents", "cien", "cento", "honderd"], 100),
    **dict.fromkeys(
        ["thousand", "tausend", "mille", "mil", "mila", "tysiace", "tysiecy", "duizend"], 1000
    ),
}
_NUMBER_WORDS = frozenset([*_SMALL_NUMBERS[2:], "dozen", "dozens", "hundreds", "thousands"])
_DATE_QUESTION = re.compile(
    r"^ (when|until when|since when) | (what|which) (year|years|day|date) | dates? "
)


def value_kinds(value: str) -> frozenset[str]:
    """Return what a card's value is: ``money``, ``share``, ``count``, ``date`` (or nothing).

    Args:
        value: A card's value ("about €130 million", "41 countries", "22 February 2018").

    Returns:
        The kinds: a euro figure is money; a number that is neither a year nor a percentage nor
        money is a count; a year or a month is a date.
    """
    kinds = set()
    if "@" in value:
        kinds.add("email")
    if _MONEY_VALUE.search(value):
        kinds.add("money")
    if "%" in value:
        kinds.add("share")
    if _DATE_VALUE.search(value):
        kinds.add("date")
    rest = re.sub(r"\S+@\S+", " ", value)
    rest = re.sub(r"€\s*[\d,.]+(\s*(million|billion))?", " ", rest)
    rest = re.sub(rf"\b\d{{1,2}}(-\d{{1,2}})?\s+{_MONTH}", " ", rest, flags=re.IGNORECASE)
    rest = re.sub(r"\b(?:19|20)\d{2}\b|\d+(?:[.,]\d+)?\s*%", " ", rest)
    if re.search(r"\d", rest) or set(fold(rest).split()) & _NUMBER_WORDS:
        kinds.add("count")
    return frozenset(kinds)


_PER_UNIT_VALUE = re.compile(r"\b(per|each|max|maximum|up to)\b", re.IGNORECASE)
_PER_UNIT_QUESTION = re.compile(
    r" (per|each|single|one project|a project|maximum|max|cap|capped|ceiling|up to|at most|a voucher) "
)
_AMOUNT = re.compile(r"€\s*([\d,.]+)\s*(million|billion)?", re.IGNORECASE)


def money_amount(value: str) -> float | None:
    """Return the largest euro amount a value states (``"about €130 million"`` -> 1.3e8)."""
    amounts = []
    for number, scale in _AMOUNT.findall(value):
        try:
            amount = float(number.replace(",", "").rstrip("."))
        except ValueError:
            continue
        amounts.append(amount * {"million": 1e6, "billion": 1e9}.get(scale.lower(), 1.0))
    return max(amounts) if amounts else None


def is_per_unit(value: str) -> bool:
    """True for a value that is per project, per SME or a maximum ("max €5 million per project")."""
    return bool(_PER_UNIT_VALUE.search(value))


def asks_per_unit(question: str) -> bool:
    """True for a question about one project or a cap ("how much can a single project get?")."""
    return bool(_PER_UNIT_QUESTION.search(f" {fold_user_text(question)} "))


def wanted_kind(question: str) -> str | None:
    """Return the kind of value a question wants: ``count``, ``money``, ``date`` or None.

    Args:
        question: The user's question.

    Returns:
        "email" for an e-mail address; "share" for "what share / percentage"; "count" for "how many" / "number of"; "money" for a budget question
        (:func:`card_aspects` gives ``budget``); "date" for "when" / "which year"; else None.
    """
    folded = f" {fold_user_text(question)} "
    if _EMAIL_QUESTION.search(folded):
        return "email"
    if _SHARE.search(folded):
        return "share"
    if _DURATION.search(folded):
        return "date"  # "how many years did it run": its period's dates
    if _COUNT.search(folded):
        return "count"
    if _DATE_QUESTION.search(folded):
        return "date"
    if "budget" in card_aspects(question) and not folded.startswith(" by how much "):
        return "money"
    return None


#: Words that end a programme-like name (an alternation; their owner: taxonomy.programme_words).
PROGRAMME_NOUNS = PROGRAMME_NOUNS_PATTERN
_WORD = r"[A-Z][\w'&-]*|[A-Z0-9][A-Z0-9-]*\d[A-Z0-9-]*|\d{4}"
_CONNECT = r"(?:for|of|and|&|on|the|in|de|-)"
#: Capitalised names: "EU Hydrogen Cluster Voucher Scheme 2027", "ABC-12".
_CAPITALISED = re.compile(
    rf"(?:(?:{_WORD})(?:\s+(?:{_CONNECT}\s+)?(?:{_WORD}))+|[A-Z]+-?\d+[A-Za-z]*)"
)
#: Lower-case names ending in a programme word, optionally with a year.
_LOWER = re.compile(rf"\b((?:[a-z][\w-]*\s+){{1,2}}(?:{PROGRAMME_NOUNS})(?:\s+\d{{4}})?)\b")
_LEADING = frozenset(
    [
        "what",
        "whats",
        "tell",
        "how",
        "who",
        "is",
        "does",
        "can",
        "which",
        "when",
        "where",
        "are",
        "do",
        "i",
        "we",
        "my",
        "our",
        "please",
        "the",
        "a",
        "an",
        "about",
        "is",
        "has",
        "was",
        "and",
        "any",
        "there",
        "give",
        "show",
        "me",
        "were",
        "these",
        "this",
        "those",
        "did",
        "got",
        "much",
        "many",
        "big",
    ]
)
#: Adverbs of a yes/no question before its verb ("did ESCP-4i really fund 30 partnerships?":
#: "fund" is the verb, not a programme named "really fund").
_ADVERBS = frozenset(["really", "actually", "truly", "indeed", "also", "still", "ever", "only"])
#: Nouns of what a telegraphic request asks before the programme's name ("Eligibility ESCP-4i
#: pls", "Budget Cluster Excellence Programme"): the aspect, never part of the name.
ASPECT_NOUNS = frozenset(
    [
        "budget",
        "budgets",
        "eligibility",
        "results",
        "result",
        "deadline",
        "deadlines",
        "period",
        "duration",
        "status",
        "timeline",
        "dates",
        "funding",
        "amount",
        "figures",
        "numbers",
        "applicants",
        "contact",
        "contacts",
        "outlook",
        "aim",
        "aims",
        "goals",
        "purpose",
        "objectives",
        "impact",
        "summary",
        "overview",
        "details",
        "info",
        "requirements",
        "conditions",
        "successor",
    ]
)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def programme_names(question: str) -> list[str]:
    """Return the programme-like names a question uses, as written.

    A name is a run of capitalised words (two or more, or one acronym with digits such as
    "INNOSUP-7"), or a few words ending in a programme word ("scheme", "fund", "voucher"...).
    Leading question words ("What", "Tell"), the aspect nouns of a telegraphic request
    (:data:`ASPECT_NOUNS`: "Eligibility ESCP-4i") and the adverbs of a yes/no question ("did X
    really fund ...") are dropped.

    Args:
        question: The user's question.

    Returns:
        The names, longest first, without repeats; empty when none is found.
    """
    text = question[:500]
    found: list[str] = []
    for match in _CAPITALISED.finditer(text):
        words = match.group(0).split()
        while words and (fold(words[0]) in _LEADING or fold(words[0]) in ASPECT_NOUNS):
            words = words[1:]
        if len(words) >= 2 or (
            words and re.search(r"\d", words[0]) and not _YEAR.fullmatch(words[0])
        ):
            found.append(" ".join(words))
    for match in _LOWER.finditer(text):
        words = match.group(1).split()
        while words and (fold(words[0]) in _LEADING or fold(words[0]) in _ADVERBS):
            words = words[1:]
        if len(words) >= 2:
            found.append(" ".join(words))
    unique: list[str] = []
    for name in sorted(found, key=len, reverse=True):
        if not any(fold(name) in fold(u) for u in unique):
            unique.append(name)
    return unique


_ENDS_IN_PROGRAMME = re.compile(rf"\b(?:{PROGRAMME_NOUNS})(?:\s+\d{{4}})?$", re.IGNORECASE)


def ends_in_programme_word(name: str) -> bool:
    """True for a name that ends in a programme word ("innovation fund", "... facility 2028")."""
    return bool(_ENDS_IN_PROGRAMME.search(name.strip()))


def digits_of(text: str) -> set[str]:
    """Return the numbers written in a text (``"INNOSUP-7 2027"`` -> ``{"7", "2027"}``)."""
    return set(re.findall(r"\d+", text))


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: The number words two to twelve of the other reply languages ("cinq millions", "fünf
#: Millionen", "pięć milionów"), folded, by value. Left out where the word is also a common
#: word of a reply language: Spanish "dos" (Portuguese "of the"), "once" (English), French
#: "neuf" (new), Italian "sei" (you are).
_OTHER_NUMBER_WORDS = {
    2: "zwei deux due dwa dwie twee duas",
    3: "drei trois tres tre trzy drie",
    4: "vier quatre cuatro quattro cztery quatro",
    5: "fünf cinq cinco cinque pięć vijf",
    6: "sechs six seis sześć zes",
    7: "sieben sept siete sette siedem zeven sete",
    8: "acht huit ocho otto osiem oito",
    9: "neun nueve nove dziewięć negen",
    10: "zehn dix diez dieci dziesięć tien dez",
    11: "elf onze undici jedenaście",
    12: "zwölf douze doce dodici dwanaście twaalf doze",
}
_NUMBER_WORD_VALUES = {
    **{
        fold(word): str(value)
        for value, words in _OTHER_NUMBER_WORDS.items()
        for word in words.split()
    },
    **{
        word: str(value)
        for value, word in enumerate(_SMALL_NUMBERS)
        if value >= 2  # "one" is rarely a count ("one project")
    },
}
#: A question that asks for a list ("which events were planned", "what are the strands").
_LIST_QUESTION = re.compile(r"^ (which|what) (\w+ ){0,3}\w+s (are|were|did|will|have|has) ")


def asks_for_list(question: str) -> bool:
    """True for a question about several things at once ("Which events were planned in 2018?")."""
    return bool(_LIST_QUESTION.search(f" {fold_user_text(question)} "))


def numbers_of(text: str) -> set[str]:
    """The numbers a text writes, without thousands separators (``"60,000"`` -> ``"60000"``);
    the words two to twelve of the eight reply languages as their digits, times a hundred or a
    thousand after them ("three thousand", "drei tausend" -> ``"3000"``; "five million" stays
    ``"5"``, as the cards write "€5 million").

    Args:
        text: A question (its names blanked) or a card's value and statement.

    Returns:
        The numbers, ``"4.3"`` kept with its decimal point.
    """
    words = fold(text).split()
    found = set()
    for position, word in enumerate(words):
        after = words[position + 1] if position + 1 < len(words) else ""
        if word in _NUMBER_WORD_VALUES:
            # "three thousand" is 3000, not the 3 of "3% higher"; "two million" is 2000000
            scale = _SCALE_WORDS.get(after)
            value = _NUMBER_WORD_VALUES[word]
            found.add(str(int(value) * scale) if scale and value.isdigit() else value)
    for number in _NUMBER.findall(text):
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", number):
            number = number.replace(",", "")
        found.add(number.replace(",", "."))
    return found
