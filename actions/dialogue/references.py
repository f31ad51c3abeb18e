"""One shown result named by the user: by position ("the second one", "le deuxième", "number
7" after "show more"), by name or place ("tell me more about HEGAN", "the one in Bilbao"), and
"why this one?" (``action_explain_match``, the ``match_reason`` payload).

Which result (docs/conversation.md, "One result of the list"): the one named (position, else
name, acronym, town or region of the results shown, read with rapidfuzz against the shown list
only); else the one last selected (``selected_id``); else the first of the list last shown.
Positions are the numbers of the cards: partner lists keep the ids of every page shown
(``last_search["ids"]``), call lists only the page shown, numbered from its offset.
The search state (``last_search``) is never changed here: "and in Austria?" or "more" after
such a turn still refine or page the list.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, cast

from rapidfuzz import fuzz
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import latest_context
from actions.dialogue.handover import register
from actions.dialogue.parsing import ordinal_in
from actions.dialogue.texts import language_of
from actions.partners import replies
from actions.partners.search import PAGE_SIZE
from actions.services import get_services
from contracts.ordinals import FROM_END
from contracts.state import LAST_SEARCH_KINDS, LastSearch
from i18n import text as catalogue_text
from knowledge.filters import normalise_country, normalise_sector
from knowledge.partners.query import PartnerFilters
from taxonomy.references import names_both_features
from taxonomy.stopwords import PARTNER_SEARCH_STOPWORDS, function_words
from taxonomy.text import fold

logger = logging.getLogger(__name__)

#: Name words too common to tell one cluster from another ("cluster", "association").
_GENERIC = frozenset(
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
#: Least rapidfuzz ratio for a word of the message to count as a word of a name or a town.
WORD_SCORE = 85
#: Least share of a name's own words the message must contain to name it.
NAME_SHARE = 0.5


def last_search(tracker: Tracker) -> LastSearch | None:
    """The ``last_search`` slot if it is well formed, else ``None``."""
    return well_formed(tracker.get_slot("last_search"))


def well_formed(value: Any) -> LastSearch | None:
    """A ``last_search`` value with its fields checked (ids, query, filters, offset, page
    size), or ``None`` when it is no search."""
    if not isinstance(value, Mapping) or value.get("kind") not in LAST_SEARCH_KINDS:
        return None
    ids = value.get("ids")
    out = dict(value)
    out["ids"] = [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []
    out["query"] = value.get("query") if isinstance(value.get("query"), str) else ""
    filters = value.get("filters")
    out["filters"] = (
        {k: v for k, v in filters.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(filters, Mapping)
        else {}
    )
    offset, size = value.get("offset"), value.get("page_size")
    out["offset"] = offset if isinstance(offset, int) and offset >= 0 else 0
    out["page_size"] = size if isinstance(size, int) and 1 <= size <= 20 else PAGE_SIZE
    return cast(LastSearch, out)


def shown_ids(last: Mapping[str, Any]) -> tuple[int, list[str]]:
    """The number of the first id kept and the ids of the list shown: partner lists keep
    every page shown (numbered from 1), call lists the page shown (numbered from its offset)."""
    ids = [i for i in last.get("ids") or [] if isinstance(i, str)]
    offset = last.get("offset") if isinstance(last.get("offset"), int) else 0
    if last.get("kind") == "calls":
        return offset + 1, ids
    return 1, ids


def id_at(position: int, last: Mapping[str, Any]) -> str | None:
    """The id shown at card number ``position`` (-1: the last one, -2: the one before it), or
    None when none is."""
    first, ids = shown_ids(last)
    if not ids:
        return None
    if position in FROM_END:
        back = FROM_END[position]
        return ids[-back] if back <= len(ids) else None
    if first <= position < first + len(ids):
        return ids[position - first]
    if first > 1 and 1 <= position <= len(ids):
        return ids[position - 1]  # "the first one" on a second page of calls: its first card
    return None


def position_of(result_id: str, last: Mapping[str, Any]) -> int | None:
    """The card number of a shown id, or None."""
    first, ids = shown_ids(last)
    return first + ids.index(result_id) if result_id in ids else None


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if len(w) >= 2]


def _covers(needle: str, words: Sequence[str]) -> float:
    """The share of ``needle``'s distinctive words found (fuzzily) among ``words``."""
    own = [w for w in _words(needle) if len(w) >= 3 and w not in _GENERIC]
    if not own:
        return 0.0
    found = sum(1 for w in own if any(fuzz.ratio(w, x) >= WORD_SCORE for x in words))
    return found / len(own)


def _candidates(last: Mapping[str, Any]) -> list[tuple[str, list[str], list[str]]]:
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


def named_result(text: str | None, last: Mapping[str, Any]) -> str | None:
    """The shown result the message names by acronym, name, town or region, or None.

    Only the results of the list shown are candidates; the best one wins when it is named
    better than any other (ties: the first shown)."""
    words = [w for w in _words(text or "") if w not in _GENERIC]
    if not words:
        return None
    best: tuple[float, str] | None = None
    for result_id, exact, fuzzy in _candidates(last):
        score = 0.0
        for acronym in exact:
            folded = fold(acronym)
            if folded and (folded in words or f" {folded} " in f" {' '.join(words)} "):
                score = 2.0  # an acronym written out: better than any name share
        for name in fuzzy:
            share = _covers(name, words)
            if share >= NAME_SHARE:
                score = max(score, share)
        if score and (best is None or score > best[0]):
            best = (score, result_id)
    return best[1] if best else None


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
    words = [w for w in _words(text) if w not in _GENERIC]
    if not words or len(text.split()) > MAX_BARE_NAME_WORDS:
        return None
    hits: list[str] = []
    plain = _function_words()
    for result_id, acronym, name in names:
        if acronym and _acronym_written(acronym, text, words):
            used = set(fold(acronym).split())
        else:
            own = [w for w in _words(name) if len(w) >= 3 and w not in _GENERIC]
            if not own or all(_plain_word(w) for w in own):
                continue
            if len(own) == 1 and (len(own[0]) < MIN_SOLE_WORD or not _capitalised(own[0], text)):
                continue  # one word: a name as written ("Lyonbiopôle"), not "packaging"
            every = words
            if len(own) == 1:
                # "Kunststoff-Cluster": its generic words too ("und Kunststoff?" refines)
                own = [w for w in _words(name) if len(w) >= 3 and w not in _NAME_JOINERS]
                # a country or sector word of the message is no one-word name ("Scotland" is
                # not "ScotlandIS")
                every = [x for x in _words(text) if not _plain_word(x)]
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
    for result_id, exact, fuzzy in _candidates(last):
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
    last = last_search(tracker)
    if last is None or not last["ids"] or latest_context(tracker) != "search":
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


def pointed(tracker: Tracker, last: Mapping[str, Any]) -> tuple[str | None, bool]:
    """The result the latest message points at, and whether it pointed at all.

    ``(id, True)`` for a position or name of the list; ``(None, True)`` for a position beyond
    it; ``(None, False)`` when the message names none."""
    message = tracker.latest_message or {}
    text = message.get("text")
    position = ordinal_in(text, message.get("entities") or [])
    if position is not None:
        return id_at(position, last), True
    if isinstance(text, str) and not text.lstrip().startswith("/"):
        named = named_result(text, last)
        if named is not None:
            return named, True
    return None, False


def partner_filters(last: Mapping[str, Any]) -> PartnerFilters:
    """The partner filters of a ``last_search`` value (its ``filters``; the rest left unset)."""
    filters = last.get("filters") or {}
    return PartnerFilters(
        country=filters.get("country"),
        region=filters.get("region"),
        sector=filters.get("sector"),
        technology=filters.get("technology"),
        label=filters.get("label"),
        exclude_country=filters.get("exclude_country"),
        exclude_region=filters.get("exclude_region"),
        exclude_sector=filters.get("exclude_sector"),
    )


def call_why(call: Any, query: str, programme: str | None, lang: str) -> str:
    """Why a call came up: the request's words its title, keywords or description use, and
    the programme filter; else that it was among the closest in meaning."""
    text_of = fold(
        " ".join([call.title or "", " ".join(call.keywords or ()), call.description or ""])
    )
    said = [w for w in dict.fromkeys(_words(query)) if len(w) >= 3 and w not in _GENERIC]
    used = [w for w in said if f" {w}" in f" {text_of}"]
    parts = []
    if used:
        words = ", ".join(used[:5])
        parts.append(catalogue_text("partners.match_reason_call_words", lang, words=words))
    if programme:
        name = call.programme or programme
        parts.append(catalogue_text("partners.match_reason_call_programme", lang, programme=name))
    if not parts:
        parts.append(catalogue_text("partners.match_reason_call_closest", lang))
    return "; ".join(parts)


@register
class ActionExplainMatch(Action):
    """ "why this one?", "why did you suggest the second?": why that result was suggested,
    from what its match recorded (``match_reason`` payload and text)."""

    def name(self) -> str:
        return "action_explain_match"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        last = last_search(tracker)
        if last is None or not last["ids"]:
            dispatcher.utter_message(text=replies.nothing_to_page_text(lang))
            return []
        chosen, named = pointed(tracker, last)
        if named and chosen is None:
            _, ids = shown_ids(last)
            dispatcher.utter_message(text=replies.bad_position_text(len(ids), lang))
            return []
        if chosen is None:
            selected = tracker.get_slot("selected_id")
            _, ids = shown_ids(last)
            chosen = selected if isinstance(selected, str) and selected in ids else ids[0]
        position = position_of(chosen, last)
        request = last.get("request") if isinstance(last.get("request"), str) else ""
        request = request or last.get("query") or ""
        try:
            if last["kind"] == "calls":
                return self._call(dispatcher, last, chosen, position, request, lang)
            return self._partner(dispatcher, last, chosen, position, request, lang)
        except Exception:
            logger.exception("explaining %r failed", chosen)
            dispatcher.utter_message(text=replies.search_failed_text(lang))
            return []

    @staticmethod
    def _partner(
        dispatcher: CollectingDispatcher,
        last: Mapping[str, Any],
        chosen: str,
        position: int | None,
        request: str,
        lang: str,
    ) -> list[dict[str, Any]]:
        profile = get_services().partners.index.profile(chosen)
        if profile is None:
            dispatcher.utter_message(text=catalogue_text("dialogue.result_gone", lang))
            return []
        reasons = last.get("reasons") if isinstance(last.get("reasons"), Mapping) else {}
        data = reasons.get(chosen) if isinstance(reasons.get(chosen), Mapping) else {}
        reason = replies.reason_from(dict(data))
        why = replies.partner_why(profile, reason, partner_filters(last), lang)
        dispatcher.utter_message(
            text=replies.match_reason_text(profile.name, position, why, request, lang)
        )
        dispatcher.utter_message(
            json_message=replies.match_reason_payload(
                "partner",
                chosen,
                profile.name,
                position,
                why,
                reason=reason.to_dict() if data else {},
                request=request,
                language=lang,
            )
        )
        return [SlotSet("selected_id", chosen)]

    @staticmethod
    def _call(
        dispatcher: CollectingDispatcher,
        last: Mapping[str, Any],
        chosen: str,
        position: int | None,
        request: str,
        lang: str,
    ) -> list[dict[str, Any]]:
        services = get_services()
        call = services.calls.get(chosen) if services.calls is not None else None
        if call is None:
            dispatcher.utter_message(text=catalogue_text("dialogue.result_gone", lang))
            return []
        programme = last["filters"].get("programme")
        why = call_why(call, last.get("query") or "", programme, lang)
        dispatcher.utter_message(
            text=replies.match_reason_text(call.title, position, why, request, lang)
        )
        dispatcher.utter_message(
            json_message=replies.match_reason_payload(
                "call", chosen, call.title, position, why, request=request, language=lang
            )
        )
        return [SlotSet("selected_id", chosen)]
