"""What carries over from earlier turns: back-references and the topic of the last search.

"are there any open calls on that topic?" after a partner search, "who could partner on this?"
after a calls search: the message refers back instead of naming a topic, and the topic is the one
of the last search (``last_search``, :class:`contracts.state.LastSearch`). "is it still running?"
after an instrument answer is about that instrument, not a call: :func:`latest_context` says
which of the two the conversation was last about. Used by the search forms
(:mod:`actions.partners.forms`, :mod:`actions.funding.forms`) and the search actions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import has_topic, sector_acronym
from actions.dialogue.request_words import FUNDING_COMPOUND, PARTNER_COMPOUND, REQUEST_WORDS
from contracts.limits import CHAT_QUERY_CHARS
from contracts.state import LAST_SEARCH_KINDS
from taxonomy.fillers import is_filler
from taxonomy.stopwords import (
    TOPIC_FILLER_WORDS,
    call_request_stopwords,
    request_stopwords,
)
from taxonomy.stopwords import topic_words as stopword_topic_words
from taxonomy.text import fold
from taxonomy.turns import CALL_NOUN, PARTNER_NOUN, is_correction

#: Phrases that point back at something said before ("that topic", "the same field", "this").
_REFERENCE_EN = (
    r"(?:(?:that|this|the\s+same|same|these|those|the\s+above|such\s+an?|such)\s+"
    r"(?:topics?|subjects?|themes?|areas?|fields?|things?|domains?|technology|sector|one|ones"
    r"|projects?|ideas?|work)"
    r"|the\s+same|this|that|these|those|it|them"
    # a return to an earlier search ("back to the partners", "let's go back to the calls")
    r"|(?:go\s+|going\s+|get\s+|come\s+)?back\s+to|return\s+to|returning\s+to)"
)
#: The same in the seven other reply languages: pronominal adverbs ("dazu", "daarbij",
#: "là-dessus"), demonstratives with a topic noun ("questo tema", "ten temat") and bare
#: demonstrative pronouns ("isso", "esto"). A message that also names a topic of its own keeps
#: its own (:func:`referred_topic`), so a demonstrative before a real topic does no harm.
_REFERENCE_OTHER = (
    # phrases first (a demonstrative with its topic noun), then the bare words
    r"(?:diese[mnrs]?|dem\s+gleichen|demselben)\s+(?:thema|themen|bereich|gebiet|feld|sektor)"
    r"|das\s+gleiche"
    r"|ce\s+(?:sujet|thème|theme|domaine|secteur|projet)"
    r"|cette\s+(?:thématique|thematique|question|idée|idee)|le\s+même(?:\s+sujet|\s+domaine)?"
    r"|(?:ese|este|el\s+mismo)\s+(?:tema|ámbito|ambito|campo|sector|proyecto)"
    r"|lo\s+mismo|al\s+respecto"
    r"|(?:questo|quel|quello|lo\s+stesso)\s+(?:tema|argomento|ambito|settore|campo|progetto)"
    r"|(?:questa|quella)\s+(?:area|materia|idea)|lo\s+stesso|al\s+riguardo|in\s+merito"
    r"|(?:ten|tym|tego|tej|tę|te)\s+(?:temat|temacie|tematu|dziedzinie|dziedziny|obszarze"
    r"|obszaru|sektorze|projekt|projektu|projektem)"
    r"|(?:dit|dat|hetzelfde|datzelfde)\s+(?:onderwerp|thema|gebied|domein|project)"
    r"|(?:esse|este|nesse|neste|desse|deste|mesmo)\s+(?:tema|assunto|domínio|dominio|setor"
    r"|projeto)|o\s+mesmo"
    # a call already shown, named with a demonstrative ("Partner für diese Ausschreibung",
    # "socios para esta convocatoria", "partner per questo bando", "w tym naborze")
    r"|(?:diese[mnrs]?|derselben|dieselbe)\s+(?:ausschreibung(?:en)?|aufrufe?|förderaufrufe?"
    r"|förderung|programm)"
    r"|(?:ce|cet|cette|ces)\s+(?:appels?|financements?|subventions?|programme)"
    r"|(?:esta|estas|este|estos|esa|ese|esas|esos|aquellas?)\s+(?:convocatorias?|ayudas?"
    r"|financiación|programa)"
    r"|(?:questo|questi|questa|quel|quello|quei|quelli)\s+(?:bando|bandi|avviso|finanziamento"
    r"|programma)"
    r"|quest['’]avviso"
    r"|(?:ten|tym|tego|tej|tę)\s+(?:nab[óo]r|naborze|naboru|konkurs|konkursie|konkursu"
    r"|dofinansowani[eu]|programie|programu)"
    r"|(?:te|tych|tymi|tamte|tamtych|tamtymi)\s+(?:nabory|naborów|naborow|naborami|konkursy"
    r"|konkursów|konkursow|konkursami)"
    r"|(?:deze|die|dit|dat)\s+(?:oproep|oproepen|subsidie|regeling|programma)"
    r"|(?:este|esta|esse|essa|neste|nesta|nesse|nessa|deste|desta|estes|estas|esses|essas"
    r"|nesses|nessas|desses|dessas)\s+(?:concursos?|convites?|avisos?|financiamentos?|apoios?"
    r"|programas?|chamadas?)"
    # the organisations of the list just shown, named with a demonstrative ("quei cluster",
    # "ces clusters", "esos clústeres", "te klastry", "deze clusters", "esses parceiros")
    r"|(?:diese|dieselben|jene)\s+(?:cluster|partner|netzwerke)"
    r"|(?:ces|ceux)\s+(?:clusters?|partenaires|pôles|poles)"
    r"|(?:esos|esas|estos|estas|aquellos|los\s+mismos)\s+(?:clústeres|clusters?|clústers|socios)"
    r"|(?:quei|quelli|questi|gli\s+stessi)\s+(?:cluster|partner|poli)"
    r"|(?:te|tych|tymi|tamte|tamtych|tamtymi)\s+(?:klastry|klastrów|klastrow|klastrami|klastrach"
    r"|partnerzy|partnerów|partnerow|partnerami)"
    r"|(?:deze|dezelfde)\s+(?:clusters?|partners?)"
    r"|(?:esses|essas|estes|aqueles|aquelas|os\s+mesmos)\s+(?:clusters?|parceiros|polos)"
    # a preposition and the topic noun with its article ("on the topic", "sull'argomento")
    r"|(?:on|about|for|in|within)\s+the\s+(?:topic|subject|theme|field)"
    r"|(?:zum|zu\s+dem|im|in\s+diesem|auf\s+dem)\s+(?:thema|gebiet|bereich)"
    r"|(?:sur|pour|dans)\s+(?:le|ce)\s+(?:sujet|thème|theme|domaine)"
    r"|(?:sobre|para|en)\s+el\s+(?:tema|ámbito|ambito|campo)"
    r"|(?:sul|sull'|sull’|nel|nell'|nell’|per\s+il|per\s+l')\s*(?:tema|argomento|ambito|settore)"
    r"|(?:na|w|o)\s+(?:ten|tym|tej)\s+(?:temat|temacie|dziedzinie)"
    r"|(?:w\s+)?(?:tej|tę)\s+spraw(?:ie|ę)|(?:w\s+)?tym\s+zakresie"
    r"|(?:over|voor|op|in)\s+(?:het|dat|dit)\s+(?:onderwerp|thema|gebied)"
    r"|(?:sobre|para|no|nesse|neste)\s+(?:o\s+)?(?:tema|assunto)"
    # a return to an earlier search, per language ("zurück zu den Partnern", "revenons aux
    # partenaires", "volviendo a los socios", "torniamo ai partner", "wracając do partnerów",
    # "terug naar de partners", "voltando aos parceiros")
    r"|zurück\s+zu(?:m|r)?|(?:retour|revenons|revenir|retournons|reviens|revient)\s+(?:aux?|à\s+la|à)"
    r"|(?:volvamos|volviendo|volver|vuelvo|volvemos|regresando|regresemos|regreso)\s+a(?:l)?"
    r"|(?:torniamo|tornando|tornare|torno|ritorniamo|ritornando|ritorno)\s+(?:a(?:i|gli|lle|l|lla)?)"
    r"|(?:wracając|wróćmy|wracamy|wrócić|wracam|wrócę)\s+do"
    r"|(?:terug\s+naar|terugkomend\s+op)"
    r"|(?:voltando|voltemos|voltar|volto|voltamos|regressando)\s+a(?:os|as|o)?"
    # de
    r"|dazu|dabei|dafür|darüber|darauf|daran|damit|darin|hierzu|hierfür|hierbei|hierin|dasselbe"
    # fr
    r"|là-dessus|la-dessus|dessus|cela|ça"
    # es
    r"|eso|esto|ello"
    # it
    r"|questo|quello|ciò"
    # pl
    r"|tym|tego|temu|na\s+to"
    # nl
    r"|daarbij|daarvoor|daarover|daaraan|daarop|daarmee|daarin|hiervoor|hierover|hierbij|hieraan"
    r"|hierin|hiermee"
    r"|daar"  # a split pronominal adverb: "is daar geld voor?"
    r"|hetzelfde"
    # pt
    r"|isso|isto|disso|nisso|disto|nisto"
)
_REFERENCE = re.compile(
    rf"(?<![\w-])(?:{_REFERENCE_EN}|{_REFERENCE_OTHER})(?![\w-])", re.IGNORECASE | re.UNICODE
)
_WORD = re.compile(r"[^\W_][\w'-]*", re.UNICODE)
#: The slot ``action_follow_up`` sets to what it answered (instrument, search, answered,
#: unhandled: the rules then run the two-stage fallback).
FOLLOW_UP_SLOT = "follow_up"

#: The actions after which the conversation is about an instrument or a result list.
_INSTRUMENT_ACTIONS = frozenset({"action_explain_instrument"})
#: Actions that answer about an instrument when they set the ``instrument`` slot in the same turn:
#: "is it still running?" -> ``action_call_status`` hands over to ``action_explain_instrument``;
#: a fact question NLU sent to a search, the fact routing or the follow-up is answered from the
#: cards of an instrument (``actions.funding.routing``). The next "and its budget?" is about it.
_HANDS_TO_INSTRUMENT = frozenset(
    {
        "action_call_status",
        "action_route_fact",
        "action_follow_up",
        "action_search_partners",
        "action_search_calls",
        "action_refine_search",
        "action_cluster_facts",
    }
)
_SEARCH_ACTIONS = frozenset(
    {
        "action_search_partners",
        "action_search_calls",
        "action_refine_search",
        "action_show_more",
        "action_select_result",
        "action_find_similar",
        "action_call_status",
    }
)


def refers_back(text: str | None) -> bool:
    """True when the message points back at something said before ("on that topic", "this")."""
    return bool(_REFERENCE.search(text or ""))


def without_reference(text: str | None) -> str:
    """The message with its back-references removed (what is left may still name a topic)."""
    return " ".join(_REFERENCE.sub(" ", text or "").split())


def topic_words(query: str | None) -> str:
    """The words of a search text that name its topic (search filler words removed)."""
    words = [
        w
        for w in _WORD.findall(query or "")
        if w.lower() not in TOPIC_FILLER_WORDS or sector_acronym(w, query or "")
    ]  # "klastry IT": the sector's acronym, not the pronoun "it"
    return " ".join(words)[:CHAT_QUERY_CHARS]


def without_entities(text: str, entities: list[Mapping[str, Any]]) -> str:
    """The text with the spans of its entities (places, labels) blanked out."""
    spans = sorted(
        (e["start"], e["end"])
        for e in entities
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    )
    out, last = [], 0
    for start, end in spans:
        if start >= last:
            out.append(text[last:start])
            last = end
    out.append(text[last:])
    return " ".join(out)


def names_a_topic(text: str, language: str | None = None) -> bool:
    """Whether the words of a message name a topic (request words of ``language`` aside).

    Args:
        text: The message, its places and back-references already taken out.
        language: The message's language (ISO 639-1), None for English.
    """
    if any(sector_acronym(w, text) for w in _WORD.findall(text)):
        return True  # "szukam klastrów IT": the sector's acronym, not the pronoun "it"
    stop = call_request_stopwords(language or "en") | request_stopwords(language or "en")
    # the taxonomy's reading drops hyphenated function words and elisions ("a-t-il", "c'è")
    named = stopword_topic_words(topic_words(text), stop)
    words = [w for w in named.split() if not _names_nothing(fold(w))]
    return has_topic(" ".join(words), language)


def _names_nothing(word: str) -> bool:
    """Whether a folded word is a request word, a funding or partner compound, or a hyphenated
    run of request and one- or two-letter words ("existe-t-il")."""
    if word in REQUEST_WORDS or FUNDING_COMPOUND.match(word) or PARTNER_COMPOUND.match(word):
        return True
    if is_filler(word):
        return True  # a spoken hesitation inside the message ("ci servono partner, ehm, cioè")
    parts = word.split()
    return len(parts) > 1 and all(p in REQUEST_WORDS or len(p) <= 2 for p in parts)


def carried_topic(tracker: Tracker) -> str | None:
    """The topic of the last search (partners or calls), else of the last form, if any.

    The words of a request in the search's language ("Wir suchen Partner für", "clusters in")
    are left out: "grünen Wasserstoff" is what a calls search on "that topic" looks for.

    Args:
        tracker: The conversation.

    Returns:
        Topic words such as ``"textile recycling"``, or ``None`` when nothing was searched.
    """
    last = tracker.get_slot("last_search")
    candidates: list[Any] = []
    language = None
    if isinstance(last, Mapping) and last.get("kind") in LAST_SEARCH_KINDS:
        candidates.append(last.get("query"))
        if isinstance(last.get("language"), str):
            language = last["language"]
    language = language or message_language(tracker) or "en"
    stop = call_request_stopwords(language) | request_stopwords(language)
    candidates += [tracker.get_slot("partner_query"), tracker.get_slot("call_topic")]
    for value in candidates:
        if isinstance(value, str):
            topic = topic_words(value)
            words = [w for w in topic.split() if fold(w) not in stop or sector_acronym(w, value)]
            if words and has_topic(" ".join(words), language):
                return " ".join(words)
            if has_topic(topic):
                return topic
    return None


def latest_context(tracker: Tracker) -> str | None:
    """What the conversation was last about: ``"instrument"``, ``"search"`` or ``None``.

    Read from the latest answering action, or the ``follow_up`` slot that
    ``action_follow_up`` sets to say which of the two it answered (:mod:`actions.dialogue.follow_up`).
    An FAQ answer to a question that named an instrument ("was ist Euroclusters?": the
    ``instrument`` slot filled from the message) is about that instrument too, so "und wie
    bewirbt man sich?", "c'est encore ouvert ?" after it are about it.
    """
    instrument_set = False  # an action of this turn set the instrument slot
    faq_answered = False  # the turn was answered by the FAQ
    users = 0  # user messages passed (the first is the one being answered)
    for event in reversed(getattr(tracker, "events", None) or []):
        if not isinstance(event, Mapping):
            continue
        kind = event.get("event")
        if kind == "user":
            if faq_answered and users == 1 and tracker.get_slot("instrument"):
                return "instrument"  # the last answer was the FAQ's, the instrument still set
            instrument_set = False
            faq_answered = False
            users += 1
        if kind == "slot" and event.get("name") == FOLLOW_UP_SLOT:
            if event.get("value") in ("instrument", "search"):
                return event["value"]
            continue
        if kind == "slot" and event.get("name") == "instrument" and event.get("value"):
            if faq_answered:
                return "instrument"  # the FAQ answered a question naming this instrument
            instrument_set = True
        if kind != "action":
            continue
        name = event.get("name")
        if name == "utter_faq":
            faq_answered = True
            continue
        if name in _INSTRUMENT_ACTIONS or (name in _HANDS_TO_INSTRUMENT and instrument_set):
            return "instrument"
        if name in _SEARCH_ACTIONS:
            return "search"
    if faq_answered and users == 1 and tracker.get_slot("instrument"):
        return "instrument"  # the conversation's first answer was the FAQ's
    return None


def referred_topic(tracker: Tracker, text: str | None, language: str | None = None) -> str | None:
    """The earlier topic a message refers to, when it names none of its own.

    Args:
        tracker: The conversation.
        text: The message ("any calls on that topic?", "Gibt es dazu offene Förderaufrufe?").
        language: The message's language (its request words name no topic); by default the
            latest message's (:func:`actions.dialogue.message_language.message_language`).

    Returns:
        The carried topic, or ``None`` when the message names its own topic, does not refer
        back, was said right after an instrument answer ("it" is then the instrument), or
        nothing was searched before.
    """
    if not refers_back(text):
        return None
    latest = tracker.latest_message or {}
    rest = without_reference(text)
    if text == latest.get("text"):
        entities = [e for e in latest.get("entities") or [] if isinstance(e, Mapping)]
        rest = without_reference(without_entities(text or "", entities))
    if language is None:
        language = turn_language(tracker)
    if names_a_topic(rest, language):
        return None
    if latest_context(tracker) == "instrument":
        return None
    return carried_topic(tracker)


def turn_language(tracker: Tracker) -> str | None:
    """The latest message's language, else the language the last search was made in: a fragment
    of two words ("e concursos?", "und Ausschreibungen dazu?") is often too short for the
    detector, and read as English its call noun and conjunction named a topic of their own, so
    the calls were searched for "concursos" instead of the partner list's topic."""
    return message_language(tracker) or _search_language(tracker)


def _search_language(tracker: Tracker) -> str | None:
    """The language the last search was made in (None: English or not told)."""
    last = tracker.get_slot("last_search")
    found = last.get("language") if isinstance(last, Mapping) else None
    return found if isinstance(found, str) else None


#: The search whose topic a request for the other feature takes over (partners <-> calls).
_OTHER_SEARCH = {"find_calls": "partners", "find_partners": "calls"}


def implicit_topic(
    tracker: Tracker, text: str | None, feature: str, language: str | None = None
) -> str | None:
    """The last search's topic for a request of the other feature that names no topic at all.

    "what funding could we apply for together?" right after a partner search, "und welche
    Cluster kämen als Partner in Frage?" right after a calls search: no back-reference, but the
    request for the other feature, naming nothing of its own, is about the topic just searched.

    Args:
        tracker: The conversation.
        text: The message (a request for ``feature``).
        feature: ``find_calls`` or ``find_partners``: what the message asks for.
        language: The message's language; by default the latest message's.

    Returns:
        The carried topic, or ``None`` when the last answer was no search of the other feature
        or the message names a topic of its own.
    """
    corrected = corrected_topic(tracker, text, language)
    if corrected:
        return corrected
    last = tracker.get_slot("last_search")
    if not isinstance(last, Mapping) or last.get("kind") != _OTHER_SEARCH.get(feature):
        return None
    if not text or latest_context(tracker) != "search":
        return None
    if language is None:
        language = turn_language(tracker)
    if _names_own_topic(tracker, text, language):
        return None
    return carried_topic(tracker)


def _names_own_topic(tracker: Tracker, text: str, language: str | None) -> bool:
    """Whether ``text`` names a topic of its own once its back-references are read out (and, for
    the latest message, its entities: a place or a label is no topic). The words for calls and
    partners of every reply language name none, whatever language the detector guessed for a
    two-word fragment ("e concursos?" taken for Spanish kept "concursos" as its topic)."""
    latest = tracker.latest_message or {}
    rest = without_reference(text)
    if text == latest.get("text"):
        entities = [e for e in latest.get("entities") or [] if isinstance(e, Mapping)]
        rest = without_reference(without_entities(text, entities))
    words = [(w, w.lstrip("¿¡«\"'(")) for w in rest.split()]
    rest = " ".join(
        w for w, bare in words if not (CALL_NOUN.match(bare) or PARTNER_NOUN.match(bare))
    )
    if not names_a_topic(rest, language):
        return False
    # "und Ausschreibungen dazu?" guessed Spanish: read in the last search's language too
    searched = _search_language(tracker)
    return searched is None or searched == language or names_a_topic(rest, searched)


def corrected_topic(tracker: Tracker, text: str | None, language: str | None = None) -> str | None:
    """The topic a correction that names none carries over from the request it corrects.

    "nein, ich meinte Förderaufrufe" after a calls list on solar roofs, "no, I meant calls"
    after a question about hydrogen that was answered as out of scope: the correction
    (:func:`taxonomy.turns.is_correction`) names what kind of answer was wanted, the topic is the
    previous request's: the last search's when the last answer was one, else the topic words of
    the user's previous message.

    Returns:
        The topic, or ``None`` when the message is no correction, names a topic of its own, or
        nothing before names one.
    """
    if not text or not is_correction(text):
        return None
    if language is None:
        language = message_language(tracker)
    if _names_own_topic(tracker, text, language):
        return None
    if latest_context(tracker) == "search":
        carried = carried_topic(tracker)
        if carried:
            return carried
    return _previous_message_topic(tracker, language)


def _previous_message_topic(tracker: Tracker, language: str | None) -> str | None:
    """The topic words of the user's message before the latest one, if it names a topic."""
    users = [
        e
        for e in getattr(tracker, "events", None) or []
        if isinstance(e, Mapping) and e.get("event") == "user"
    ]
    if len(users) < 2:
        return None
    previous = users[-2]
    text = previous.get("text") or ""
    if not isinstance(text, str) or text.startswith("/"):
        return None
    parse = previous.get("parse_data") or {}
    entities = [
        e
        for e in (parse.get("entities") if isinstance(parse, Mapping) else None) or []
        if isinstance(e, Mapping) and e.get("entity") not in ("sector", "technology")
    ]
    rest = without_reference(without_entities(text, entities))
    stop = call_request_stopwords(language or "en") | request_stopwords(language or "en")
    words = [
        w
        for w in stopword_topic_words(topic_words(rest), stop).split()
        if not _names_nothing(fold(w))
    ]
    topic = " ".join(words)
    return topic[:CHAT_QUERY_CHARS] if topic and has_topic(topic, language) else None


#: The filters of an earlier partner search that partners asked after calls go back to.
KEPT_PARTNER_FILTERS = ("country", "region", "sector")


def partner_search_before_calls(tracker: Tracker) -> Mapping[str, Any] | None:
    """The ``last_search`` value of the partner search that the calls just shown followed,
    else None: the latest ``last_search`` must be a calls search (or several), the one before
    them a partner search; any other history has none. Read from the ``last_search`` values the
    tracker's events set."""
    seen_calls = False
    for event in reversed(getattr(tracker, "events", None) or []):
        if not isinstance(event, Mapping) or event.get("event") != "slot":
            continue
        if event.get("name") != "last_search" or not isinstance(event.get("value"), Mapping):
            continue
        value = event["value"]
        if value.get("kind") == "calls":
            seen_calls = True
            continue
        if value.get("kind") != "partners" or not seen_calls:
            return None
        return value
    return None


def partner_filters_before_calls(tracker: Tracker) -> dict[str, str]:
    """The place and sector of the partner search that the calls just shown followed, else {}.

    "energy clusters in Norway", then "open calls on that?", then "back to the clusters, only
    those with a gold label" (or "who could work on this with us?"): the partners asked after
    the calls are the first list's again, so its country, region and sector are kept (the
    message's own filters win over them) (:func:`partner_search_before_calls`).
    """
    value = partner_search_before_calls(tracker)
    if value is None:
        return {}
    filters = value.get("filters") if isinstance(value.get("filters"), Mapping) else {}
    return {k: v for k, v in filters.items() if k in KEPT_PARTNER_FILTERS and isinstance(v, str)}


def kept_partner_filters(tracker: Tracker, query: str | None) -> dict[str, str]:
    """:func:`partner_filters_before_calls`, loosened until the search has results: with the
    label the message asks for ("only the gold-labelled ones"), the first list's place and
    sector may leave nothing, then its sector goes, then its place (an empty list would lose
    the request the user made in this message)."""
    kept = partner_filters_before_calls(tracker)
    if not kept:
        return {}
    from actions.dialogue.labels import asks_for_labelled_clusters
    from actions.services import get_services
    from knowledge.partners.query import PartnerFilters

    message = tracker.latest_message or {}
    entities = [e for e in message.get("entities") or [] if isinstance(e, Mapping)]
    label = asks_for_labelled_clusters(message.get("text"), entities)
    looser = {k: v for k, v in kept.items() if k != "sector"}
    try:
        searcher = get_services().partner_searcher(message_language(tracker))
        for candidate in (kept, looser):
            filters = PartnerFilters(**candidate, label=label)
            if searcher.search(query or "", filters, k=1, offset=0).total:
                return candidate
    except Exception:  # no searcher loaded: the search itself reports it
        return kept
    return {}
