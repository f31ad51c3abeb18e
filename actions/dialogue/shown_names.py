"""A shown result named by its name or acronym alone ("and Aerospace Valley?", "tell me more
about HEGAN", "Lyonbiopôle ?") right after a result list, whatever NLU read the message as.

The names of the results shown (:func:`shown_names`, :func:`candidates`) and the strict reading
of a bare name (:func:`bare_name_in`); :mod:`actions.dialogue.references` reads names next to a
position or a place with them. Apart from that module so that the fact and instrument actions
can ask :func:`named_by_name` without importing the partner search (an import cycle).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from rapidfuzz import fuzz
from rasa_sdk import Tracker

from actions.dialogue.context import latest_context
from actions.dialogue.parsing import ordinal_in
from actions.services import get_services
from contracts.state import LAST_SEARCH_KINDS
from knowledge.filters import normalise_country, normalise_sector
from taxonomy.references import names_both_features
from taxonomy.stopwords import PARTNER_SEARCH_STOPWORDS, function_words
from taxonomy.text import fold

logger = logging.getLogger(__name__)

#: Name words too common to tell one cluster from another ("cluster", "association").
GENERIC = frozenset(
    fold(w)
    for w in (
        *("cluster", "clusters", "association", "network", "european", "europe", "innovation"),
        *("industry", "industries", "national", "regional", "technology", "technologies"),
        *("platform", "competence", "centre", "center", "business", "group", "alliance"),
        *("the", "and", "for", "des", "del", "della", "der", "die", "und", "von", "pour"),
        *("tell", "more", "about", "what", "that", "this", "with", "from", "details", "please"),
        *("über", "mehr", "sobre", "plus", "più", "więcej", "meer", "mais", "about"),
        # "cluster" and "network" in the other languages, "republic" of a country's name
        *("klaster", "klastry", "klastr", "klaszter", "clúster", "clusteres", "cluj"),
        *("pôle", "pole", "polo", "netzwerk", "réseau", "rete", "republic", "republik"),
    )
)


def shown_ids(last: Mapping[str, Any]) -> tuple[int, list[str]]:
    """The number of the first id kept and the ids of the list shown: partner lists keep
    every page shown (numbered from 1), call lists the page shown (numbered from its offset)."""
    ids = [i for i in last.get("ids") or [] if isinstance(i, str)]
    offset = last.get("offset") if isinstance(last.get("offset"), int) else 0
    if last.get("kind") == "calls":
        return offset + 1, ids
    return 1, ids


def name_words(text: str) -> list[str]:
    return [w for w in fold(text).split() if len(w) >= 2]


def candidates(last: Mapping[str, Any]) -> list[tuple[str, list[str], list[str]]]:
    """``(id, exact names, fuzzy names)`` of each shown result: acronyms must be written out
    exactly; names, towns and regions may be misspelt."""
    out: list[tuple[str, list[str], list[str]]] = []
    _, ids = shown_ids(last)
    services = get_services()
    for result_id in ids:
        try:
            if last.get("kind") == "calls":
                call = services.calls.get(result_id) if services.calls is not None else None
                if call is not None:
                    out.append((result_id, [call.id], [call.title]))
                continue
            profile = services.partners.index.profile(result_id)
        except Exception:  # a result that cannot be read is not named
            logger.exception("reading shown result %r failed", result_id)
            continue
        if profile is None:
            continue
        exact = [profile.acronym] if profile.acronym else []
        fuzzy = [p for p in (profile.name, profile.city, profile.region) if p]
        out.append((result_id, exact, fuzzy))
    return out


#: Most words a message naming a shown result by its name alone has ("and Aerospace Valley?",
#: "tell me more about HEGAN", "Lyonbiopôle ?").
MAX_BARE_NAME_WORDS = 8
#: Least rapidfuzz ratio for a word of the message to count as a word of a shown name here
#: (stricter than :data:`WORD_SCORE`: no place or position backs the reading up).
BARE_NAME_SCORE = 88
#: Shortest acronym read on its own (shorter ones are words: "IT", "EU", "AI").
MIN_ACRONYM = 3
#: Shortest acronym read in any case (shorter ones only as written in the profile).
MIN_LOWER_ACRONYM = 5
#: Shortest name word that may name a result alone when it is the name's only distinctive word.
MIN_SOLE_WORD = 6


#: Words joining the words of a name ("Clusters of Sweden", "Pôle des ..."), folded.
_NAME_JOINERS = frozenset(
    ("the", "and", "for", "of", "des", "del", "della", "der", "die", "und", "von", "pour", "de")
)
#: Most words of a bare-name message that are neither the name's, nor generic, nor function
#: words ("and Aerospace Valley?": none; "tell me more about HEGAN": none; "what is the
#: average salary of an engineer?" names no cluster called "Medvia").
MAX_OTHER_WORDS = 1
#: The reply languages whose function words a bare-name message may have around the name.
_FUNCTION_LANGUAGES = ("de", "fr", "es", "it", "pl", "nl", "pt")


def _plain_word(word: str) -> bool:
    """Whether a folded word is a sector or topic word ("aerospace", "kunststoff", "energy") or
    a country or its adjective ("sweden", "romanian"): such words alone refine a list, they
    name no result ("Clusters of Sweden" is not named by "and Sweden?")."""
    return normalise_sector(word) is not None or normalise_country(word) is not None


@cache
def _function_words() -> frozenset[str]:
    out: set[str] = set(PARTNER_SEARCH_STOPWORDS)
    for lang in _FUNCTION_LANGUAGES:
        out |= function_words(lang)
    return frozenset(out)


def bare_name_in(text: str | None, names: Sequence[tuple[str, str | None, str]]) -> str | None:
    """The id of the one candidate a short message names by its acronym or its whole name,
    ``names`` being ``(id, acronym, name)`` of each result shown, else ``None``.

    An acronym (three letters or more) counts written out as a word; a name counts when every
    distinctive word of it is in the message (rapidfuzz >= :data:`BARE_NAME_SCORE`) and one of
    them is no sector or topic word ("Kunststoff-Cluster" is not named by "Kunststoff"); a
    name with one distinctive word needs it to be :data:`MIN_SOLE_WORD` letters or more. Two
    candidates named alike name none."""
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return None
    words = [w for w in name_words(text) if w not in GENERIC]
    if not words or len(text.split()) > MAX_BARE_NAME_WORDS:
        return None
    hits: list[str] = []
    plain = _function_words()
    for result_id, acronym, name in names:
        if acronym and _acronym_written(acronym, text, words):
            used = set(fold(acronym).split())
        else:
            own = [w for w in name_words(name) if len(w) >= 3 and w not in GENERIC]
            if not own or all(_plain_word(w) for w in own):
                continue
            if len(own) == 1 and (len(own[0]) < MIN_SOLE_WORD or not _capitalised(own[0], text)):
                continue  # one word: a name as written ("Lyonbiopôle"), not "packaging"
            every = words
            if len(own) == 1:
                # "Kunststoff-Cluster": its generic words too ("und Kunststoff?" refines)
                own = [w for w in name_words(name) if len(w) >= 3 and w not in _NAME_JOINERS]
                # a country or sector word of the message is no one-word name ("Scotland" is
                # not "ScotlandIS")
                every = [x for x in name_words(text) if not _plain_word(x)]
            matched = [[x for x in every if fuzz.ratio(w, x) >= BARE_NAME_SCORE] for w in own]
            if not all(matched):
                continue
            used = {x for found in matched for x in found}
        others = [w for w in words if w not in used and w not in plain]
        if len(others) <= MAX_OTHER_WORDS:
            hits.append(result_id)
    return hits[0] if len(set(hits)) == 1 else None


def _capitalised(word: str, text: str) -> bool:
    """Whether a word of the message close to the folded ``word`` starts with a capital."""
    return any(
        token[:1].isupper() and fuzz.ratio(fold(token), word) >= BARE_NAME_SCORE
        for token in re.findall(r"[^\W\d_][\w']*", text)
    )


def _acronym_written(acronym: str, text: str, words: Sequence[str]) -> bool:
    """Whether an acronym is written out in a message: as written in the profile ("HEGAN",
    "ACstyria", "AT+R"), or in any case when it has :data:`MIN_LOWER_ACRONYM` letters or more
    ("acstyria"; not "jak", Polish "how", nor "sim", Portuguese "yes")."""
    folded = fold(acronym)
    letters = folded.replace(" ", "")
    if len(letters) < MIN_ACRONYM:
        return False
    if re.search(rf"(?<!\w){re.escape(acronym)}(?!\w)", text):
        return True
    return len(letters) >= MIN_LOWER_ACRONYM and f" {folded} " in f" {' '.join(words)} "


def shown_names(last: Mapping[str, Any]) -> list[tuple[str, str | None, str]]:
    """``(id, acronym, name)`` of each partner shown, ``(id, None, title)`` of each call."""
    out: list[tuple[str, str | None, str]] = []
    for result_id, exact, fuzzy in candidates(last):
        if last.get("kind") == "calls":
            out.append((result_id, None, fuzzy[0] if fuzzy else ""))
        else:
            out.append((result_id, exact[0] if exact else None, fuzzy[0] if fuzzy else ""))
    return out


def named_by_name(tracker: Tracker) -> str | None:
    """The shown result the latest message names by its name or acronym alone ("and Aerospace
    Valley?", "tell me more about HEGAN") right after a result list, whatever NLU read it as (a
    fact question, an unknown programme, a refinement), else ``None``. No position word: those
    are :func:`pointed`'s."""
    last = tracker.get_slot("last_search")
    if not isinstance(last, Mapping) or last.get("kind") not in LAST_SEARCH_KINDS:
        return None
    if not [i for i in last.get("ids") or [] if isinstance(i, str)]:
        return None
    if latest_context(tracker) != "search":
        return None
    message = tracker.latest_message or {}
    text = message.get("text")
    if not isinstance(text, str) or ordinal_in(text, message.get("entities") or []) is not None:
        return None
    if names_both_features(text):
        return None  # "partners for the HEGAN call": a search
    try:
        names = shown_names(last)
    except Exception:  # a list that cannot be read names nothing
        logger.exception("reading the shown names failed")
        return None
    return bare_name_in(text, names)
