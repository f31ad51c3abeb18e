"""One shown result named by the user: by position ("the second one", "le deuxième", "number
7" after "show more"), by name or place ("tell me more about HEGAN", "the one in Bilbao"), and
"why this one?" (``action_explain_match``, the ``match_reason`` payload).

Which list (:func:`meant_list`, the one resolver of "why" and position turns): the last list of
the kind the message names ("the first cluster", "le deuxième appel", "why that call?":
:func:`taxonomy.references.referred_kind`), read from the ``last_search`` values the tracker's
events set, also after a return word ("back to the partners", "zurück zu den Clustern",
"revenons aux partenaires"); that list becomes the current one again (``last_search`` is set
back to it, so "the third one" and "more" next read it); else the list shown last.

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
from collections.abc import Mapping, Sequence
from typing import Any, cast

from rapidfuzz import fuzz
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.handover import register
from actions.dialogue.parsing import ordinal_in
from actions.dialogue.shown_names import GENERIC, candidates, name_words, shown_ids
from actions.dialogue.texts import language_of
from actions.partners import replies
from actions.partners.search import PAGE_SIZE
from actions.services import get_services
from contracts.ordinals import FROM_END
from contracts.state import LAST_SEARCH_KINDS, LastSearch
from i18n import text as catalogue_text
from knowledge.partners.query import PartnerFilters
from taxonomy.references import (
    CALLS,
    PARTNERS,
    names_both_features,
    position_in,
    referred_kind,
    returned_to,
)
from taxonomy.text import fold

logger = logging.getLogger(__name__)

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


def shown_lists(tracker: Tracker) -> dict[str, LastSearch]:
    """The last list of each kind shown in the conversation (``partners`` / ``calls``): the
    ``last_search`` slot for its kind, the latest ``last_search`` value of the other kind the
    tracker's events set (since the last restart). Lists without ids are left out."""
    out: dict[str, LastSearch] = {}
    current = last_search(tracker)
    if current is not None and current["ids"]:
        out[current["kind"]] = current
    for event in reversed(getattr(tracker, "events", None) or []):
        if not isinstance(event, Mapping):
            continue
        if event.get("event") == "restart":
            break
        if event.get("event") != "slot" or event.get("name") != "last_search":
            continue
        value = well_formed(event.get("value"))
        if value is not None and value["ids"]:
            out.setdefault(value["kind"], value)
    return out


def meant_list(tracker: Tracker) -> tuple[LastSearch | None, bool]:
    """The list the latest message refers to, and whether it goes back to it (module doc).

    ``(list, True)`` when the message names the other kind than the list shown last ("back to
    the clusters: why the first?", "why the first cluster?" after calls): that kind's last
    list, which the caller makes current again (the next "and the third?" is about it);
    ``(list shown last, False)`` otherwise."""
    current = last_search(tracker)
    text = (tracker.latest_message or {}).get("text")
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return current, False
    kind, _ = referred_kind(text)
    if kind is None or (current is not None and current["kind"] == kind):
        return current, False
    other = shown_lists(tracker).get(kind)
    if other is None:
        return current, False
    return other, True


def made_current(meant: LastSearch, moved: bool) -> list[dict[str, Any]]:
    """The event that makes the list the user went back to the current one (``last_search``),
    else none."""
    return [SlotSet("last_search", dict(meant))] if moved else []


def call_for_partners(tracker: Tracker) -> tuple[str, str] | None:
    """The shown call a partner request names by position ("partners for the first call",
    "Partner für die zweite Ausschreibung", "klastry do pierwszego naboru"): ``(id, title)``,
    else None. The calls list is the last one shown; the call must be in the store."""
    text = (tracker.latest_message or {}).get("text")
    if not isinstance(text, str) or not names_both_features(text):
        return None
    if referred_kind(text) != (CALLS, False):
        return None
    position = position_in(text)
    calls = shown_lists(tracker).get(CALLS)
    if position is None or calls is None:
        return None
    call_id = id_at(position, calls)
    store = get_services().calls
    call = store.get(call_id) if call_id and store is not None else None
    if call is None or not call.title:
        return None
    return call.id, call.title


def conversation_place(tracker: Tracker) -> dict[str, str]:
    """The country and region of the last partner list shown in the conversation (the place a
    partner request about a shown call keeps), else {}."""
    partners = shown_lists(tracker).get(PARTNERS)
    filters = partners["filters"] if partners is not None else {}
    return {k: v for k, v in filters.items() if k in ("country", "region") and v}


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


def _covers(needle: str, words: Sequence[str]) -> float:
    """The share of ``needle``'s distinctive words found (fuzzily) among ``words``."""
    own = [w for w in name_words(needle) if len(w) >= 3 and w not in GENERIC]
    if not own:
        return 0.0
    found = sum(1 for w in own if any(fuzz.ratio(w, x) >= WORD_SCORE for x in words))
    return found / len(own)


def named_result(text: str | None, last: Mapping[str, Any]) -> str | None:
    """The shown result the message names by acronym, name, town or region, or None.

    Only the results of the list shown are candidates; the best one wins when it is named
    better than any other (ties: the first shown)."""
    words = [w for w in name_words(text or "") if w not in GENERIC]
    if not words:
        return None
    best: tuple[float, str] | None = None
    for result_id, exact, fuzzy in candidates(last):
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


def pointed(tracker: Tracker, last: Mapping[str, Any]) -> tuple[str | None, bool]:
    """The result the latest message points at, and whether it pointed at all.

    ``(id, True)`` for a position or name of the list; ``(None, True)`` for a position beyond
    it; ``(None, False)`` when the message names none."""
    message = tracker.latest_message or {}
    text = message.get("text")
    position = ordinal_in(text, message.get("entities") or [])
    if position is None:
        # "wróćmy do klastrów - dlaczego drugi?": the position of what follows the return
        kind, rest = returned_to(text)
        position = position_in(rest) if kind is not None and rest else None
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
    said = [w for w in dict.fromkeys(name_words(query)) if len(w) >= 3 and w not in GENERIC]
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
        last, returned = meant_list(tracker)
        if last is None or not last["ids"]:
            dispatcher.utter_message(text=replies.nothing_to_page_text(lang))
            return []
        current = made_current(last, returned)
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
                return [*current, *self._call(dispatcher, last, chosen, position, request, lang)]
            return [*current, *self._partner(dispatcher, last, chosen, position, request, lang)]
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
