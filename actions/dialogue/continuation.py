"""A short message that continues the result list just shown: "und für textilien?", "y para
textil?", "a dla rolnictwa?", "et en bretagne", "only in flanders", "what about sweden".

Right after partner or call results, users go on in a few words: a conjunction or a preposition
and a new topic, sector or place. On its own such a fragment is unclear, and NLU files it under
``out_of_scope``, ``ask_instrument``, ``find_calls`` or ``nlu_fallback`` as often as under
``inform``. After a result list it is a refinement of that list: the new topic replaces the old
one, a new place the old place (:class:`actions.dialogue.navigation.ActionRefineSearch`).

:func:`continues_results` is the one owner of that decision. A message continues the results
when:

* the conversation's last answer was a result list (:func:`latest_context` is ``"search"``);
* it has at most :data:`MAX_WORDS` words and opens with a continuation word of one of the eight
  reply languages (:data:`OPENERS`: "and", "und", "et", "y", "e", "a", "en", "what about", "only",
  "for", "für", "pour", "para", "dla", "voor"...), or names nothing but filters, or is a sector
  alone ("agri-food", "Lebensmittel?", "turismo");
* it names a topic of its own or a search filter (a country, region, sector, label);
* it names neither feature (a message naming partners or calls is a request for that feature,
  read by :mod:`actions.dialogue.follow_up`), no instrument, asks no aspect of a programme ("and
  how much funding?") and has no off-topic word ("and the weather tomorrow?"): those keep their
  own answers.

:func:`asks_for_other_feature` is the fragment that names the other feature and nothing else
("and calls?", "und Ausschreibungen?", "et des partenaires ?", "a partnerzy?"): right after one
feature's list it asks for the other feature on the same topic (the form takes the topic over,
:func:`actions.dialogue.context.implicit_topic`), whatever NLU called it.

Used by :mod:`actions.dialogue.follow_up` (``out_of_scope``, ``faq``, ``nlu_fallback``),
:class:`actions.funding.instruments.ActionExplainInstrument` (``ask_instrument``) and
:class:`actions.funding.calls.ActionSearchCalls` (``find_calls`` naming no call after partners).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.dialogue.context import (
    latest_context,
    names_a_topic,
    partner_search_before_calls,
    refers_back,
    without_entities,
    without_reference,
)
from actions.dialogue.forms import message_parts, requested_feature, strip_nouns
from actions.dialogue.labels import level_alone
from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import loosened_filters, partner_request, wants_any_place
from actions.funding.fact_questions import asks_an_aspect
from actions.funding.off_topic import off_topic_words
from contracts.state import LAST_SEARCH_KINDS
from knowledge.filters import normalise_sector
from taxonomy.fillers import TURN_OPENERS
from taxonomy.loosening import without_swap_words
from taxonomy.text import fold
from taxonomy.turns import asks_for_more as more_words

#: The longest continuation (in words).
MAX_WORDS = 6
#: Entities that are search filters.
FILTER_ENTITIES = frozenset({"country", "region", "sector", "label", "drop_filter"})
#: Words and phrases a continuation opens with, in the eight reply languages (folded): "and",
#: "and what about", "also", "only", "now", the prepositions of a topic or place ("for", "in").
OPENERS: tuple[str, ...] = tuple(
    sorted(
        {
            fold(w)
            for w in (
                # en
                *("and", "what about", "how about", "and what about", "also", "only", "just"),
                *("now", "then", "but", "for", "in", "on", "with", "same for", "same in"),
                # de
                *("und", "was ist mit", "wie wäre es mit", "wie ist es mit", "auch", "nur"),
                *("jetzt", "dann", "aber", "für", "fur", "in", "im", "zu", "zum", "mit", "bei"),
                # fr
                *("et", "et pour", "et en", "quid de", "et du côté de", "aussi", "seulement"),
                *("uniquement", "juste", "maintenant", "mais", "pour", "en", "dans", "sur"),
                # es
                *("y", "qué tal", "y qué hay de", "también", "solo", "sólo", "solamente"),
                *("ahora", "pero", "para", "en", "sobre", "con"),
                # it
                *("e", "ed", "e per", "e in", "anche", "solo", "soltanto", "ora", "adesso"),
                *("ma", "per", "in", "su", "nel", "nella"),
                # pl
                *("a", "i", "a co z", "też", "tylko", "teraz", "ale", "dla", "w", "we", "na"),
                # nl
                *("en", "en dan", "wat dacht je van", "hoe zit het met", "ook", "alleen"),
                *("nu", "maar", "voor", "in", "op", "met"),
                # pt
                *("e", "e quanto a", "também", "só", "apenas", "agora", "mas", "para"),
                *("em", "no", "na", "do", "da", "sobre"),
            )
        },
        key=len,
        reverse=True,
    )
)
#: Question words of the eight reply languages (folded; not "e", Italian and Portuguese "and").
QUESTION_WORDS = frozenset(
    fold(w)
    for w in (
        *("what", "how", "when", "where", "who", "why", "which", "is", "are", "can", "does"),
        *("was", "wie", "wann", "wo", "wer", "warum", "welche", "welcher", "ist", "sind", "kann"),
        *("quel", "quelle", "quels", "quoi", "comment", "quand", "où", "qui", "pourquoi"),
        *("qué", "cómo", "cuándo", "dónde", "quién", "cuál", "por qué", "es", "puedo"),
        *("cosa", "che", "come", "quando", "dove", "chi", "perché", "quale"),
        *("co", "jak", "kiedy", "gdzie", "kto", "dlaczego", "który", "jaki", "czy"),
        *("wat", "hoe", "wanneer", "waar", "wie", "waarom", "welke", "kan"),
        *("como", "onde", "quem", "porquê", "qual"),
    )
)
_OPENER = re.compile(rf"^(?:{'|'.join(re.escape(o) for o in OPENERS)})(?:\s|$)")
_WORD = re.compile(r"[^\W_][\w'-]*", re.UNICODE)
#: Prepositions of a place (folded; not "en", Dutch "and"): a topic after one is a place.
_PLACE_WORD = re.compile(r" (in|im|w|we|em|nel|nella|dans|a la|au|aux|near|around|bei) ")


def _after_results(tracker: Tracker) -> bool:
    """Whether the conversation's last answer was a result list."""
    last = tracker.get_slot("last_search")
    return (
        isinstance(last, Mapping)
        and last.get("kind") in LAST_SEARCH_KINDS
        and latest_context(tracker) == "search"
    )


def opens_as_continuation(text: str) -> bool:
    """Whether a message opens with a continuation word ("und für ...", "et en ...")."""
    return bool(_OPENER.match(fold(text).strip()))


#: Clause separators: a turn coming back from small talk opens with a clause of its own ("ok,
#: back to the clusters: and in Spain?", "bueno, volviendo a lo nuestro, ¿y en Portugal?").
_CLAUSE = re.compile(r"\s*[,:;!?¡¿…—–]+\s*|\s+-\s+", re.UNICODE)
#: Words of "our topic" after a return ("volviendo a lo nuestro", "revenons à nos moutons"),
#: folded: they name nothing.
_OUR_THING = frozenset(
    fold(w)
    for w in (
        *("our", "ours", "topic", "search", "subject", "unser", "unserem", "unserer", "thema"),
        *("suche", "notre", "nos", "nôtre", "moutons", "sujet", "recherche", "lo", "nuestro"),
        *("nuestra", "tema", "búsqueda", "nostro", "nostra", "ricerca", "argomento", "naszego"),
        *("naszej", "tematu", "wyszukiwania", "sprawy", "ons", "onze", "zoektocht", "onderwerp"),
        *("nosso", "nossa", "assunto", "pesquisa", "busca", "the", "to", "a", "al", "ai", "aux"),
        # articles and contractions after a return ("terug naar de clusters", "zurück zu den")
        *("de", "het", "den", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il"),
        *("alla", "alle", "agli", "o", "os", "as", "aos", "às", "do", "da"),
    )
)


def _steering_clause(clause: str, language: str | None) -> bool:
    """Whether a clause only steers the conversation: fillers ("ok", "bueno", "dobra"), a
    return ("back to the clusters", "volviendo a lo nuestro", "torniamo ai cluster") and words
    of "our topic", the nouns of the two searches; no topic, no question."""
    rest = strip_nouns(fold(without_reference(clause)))
    words = [w for w in _WORD.findall(rest) if w not in TURN_OPENERS and w not in _OUR_THING]
    return not words or (not names_a_topic(" ".join(words), language) and len(words) <= 2)


def without_steering(text: str, language: str | None = None) -> str:
    """The message without its leading clauses that only steer ("ok, back to the calls, any
    for SMEs?" -> "any for SMEs"); the message itself when nothing, or everything, steers."""
    clauses = [c for c in _CLAUSE.split(text or "") if c.strip()]
    kept = list(clauses)
    while len(kept) > 1 and _steering_clause(kept[0], language):
        kept.pop(0)
    if len(kept) == len(clauses):
        return text
    return " ".join(kept) + ("?" if (text or "").rstrip().endswith("?") else "")


def continues_results(tracker: Tracker) -> bool:
    """Whether the latest message refines the result list just shown (module doc). Clauses that
    only steer back after small talk ("bueno, volviendo a lo nuestro, ¿y en Portugal?") do not
    count: the rest is read."""
    _, text, entities = message_parts(tracker)
    if not text or text.startswith("/"):
        return False
    language = message_language(tracker)
    core = without_steering(text, language)  # entity offsets stay those of the whole text
    if loosens_results(tracker, core) is not None:
        return True  # "any country is fine", "vergiss das Label", "obojętnie gdzie"
    if len(_WORD.findall(core)) > MAX_WORDS:
        return False
    if not _after_results(tracker) or requested_feature(core) is not None:
        return False
    if off_topic_words(text, language) or names_instrument(text, entities):
        return False
    filters = bool({e.get("entity") for e in entities} & FILTER_ENTITIES)
    # "lieber Österreich", "afinal, na Letónia": the words of a swap name no topic
    own = without_reference(without_swap_words(partner_request(text, entities).query))
    topic = bool(own) and names_a_topic(own, language)
    if not (filters or topic or wants_any_place(text)):
        return False
    if _last_kind(tracker) == "calls" and (filters or not topic):
        return False  # a call list has no place or label to change: only a new topic
    if topic and not filters and _PLACE_WORD.search(f" {fold(core)} "):
        return False  # "and in town?": a place the gazetteer does not know, not a topic
    if _asks_an_aspect(core, language) or _asks_a_question(core):
        return False
    return (
        opens_as_continuation(core)
        or (filters and not topic)
        or _sector_alone(core, entities)
        or level_alone(core) is not None  # "lieber Silber", "tylko złote": the label level
    )


#: Question words that, opening a message that lets a filter go, make it a question of its own
#: ("can we apply without a label?", "czy bez certyfikatu..."): :data:`QUESTION_WORDS` without
#: the verbs "is" / "are" of a statement ("is fine by me, any country").
_LOOSENING_QUESTION = QUESTION_WORDS - {fold(w) for w in ("is", "are", "ist", "sind", "es", "e")}


#: The filters of a partner list; a call list has a programme only.
PARTNER_FILTERS = frozenset({"country", "region", "label", "sector"})


def loosens_results(tracker: Tracker, text: str | None = None) -> str | None:
    """Whether the latest message, right after a result list, lets one of its filters go
    ("any country is fine", "forget the label", "egal welches Land", "peu importe le pays",
    "obojętnie gdzie", "tanto faz o país": :func:`actions.dialogue.parsing.loosened_filters`):
    the same search without it (:class:`actions.dialogue.navigation.ActionRefineSearch`). Not
    when it names a feature ("any country is fine for the calls"), an instrument or an off-topic
    word, or asks a question ("can we apply without a label?"). After a call list, "any
    programme is fine" loosens the calls; a place, label or sector let go loosens the partner
    list the calls followed, when there was one, else the calls (they have no place or label:
    the same topic again without their programme filter).

    Returns:
        ``"partners"`` or ``"calls"``: the list loosened; None when the message loosens none.
    """
    if text is None:
        _, text, _ = message_parts(tracker)
    dropped = loosened_filters(text)
    if not text or text.startswith("/") or not dropped:
        return None
    if not _after_results(tracker) or requested_feature(text) is not None:
        return None
    language = message_language(tracker)
    if off_topic_words(text, language) or names_instrument(text, []):
        return None
    folded = fold(text).strip()
    opener = _OPENER.match(folded)
    words = _WORD.findall(folded[opener.end() :] if opener else folded)
    if words and words[0] in _LOOSENING_QUESTION:
        return None  # "can we apply without a label?" ("peu importe quel pays": a relative)
    if _last_kind(tracker) == "calls":
        if "programme" in dropped:
            return "calls"
        before = dropped & PARTNER_FILTERS and partner_search_before_calls(tracker)
        if before:
            return "partners"
        # "any country is fine" after calls alone: calls have no place, label or sector, so
        # the calls again on the same topic without their filter (the programme)
        return "calls" if dropped & PARTNER_FILTERS else None
    return "partners" if dropped & PARTNER_FILTERS else None


#: The longest fragment that is a sector alone (in words: "agri-food", "Lebensmittel?").
MAX_SECTOR_WORDS = 3


def _sector_alone(text: str, entities: list[Mapping[str, Any]]) -> bool:
    """Whether a fragment is nothing but a sector ("agri-food", "Lebensmittel?", "turismo",
    "energetyka"): NLU's sector entity or one of the fixed sectors' names, and no other word
    that names a topic. Right after a partner list it is a refinement to that sector."""
    if len(_WORD.findall(text)) > MAX_SECTOR_WORDS:
        return False
    if any(e.get("entity") != "sector" for e in entities if e.get("entity") != "language"):
        return False
    sectors = [e for e in entities if e.get("entity") == "sector"]
    if sectors:
        return not names_a_topic(without_entities(text, sectors))
    return normalise_sector(" ".join(_WORD.findall(text))) is not None


#: The longest fragment that asks for the other feature ("and what about calls?").
MAX_FEATURE_WORDS = 4
#: The feature of each kind of result list.
_FEATURE_OF_KIND = {"partners": "find_partners", "calls": "find_calls"}


def asks_for_other_feature(tracker: Tracker) -> str | None:
    """``find_calls`` / ``find_partners`` for a fragment that names only the other feature right
    after a result list ("and calls?" after partners, "a partnerzy?" after calls), else None."""
    _, text, entities = message_parts(tracker)
    if not text or text.startswith("/") or len(_WORD.findall(text)) > MAX_FEATURE_WORDS:
        return None
    if not _after_results(tracker) or not opens_as_continuation(text):
        return None
    if any(e.get("entity") != "language" for e in entities):
        return None  # a place, sector or label: a refinement or a request of its own
    feature = requested_feature(text)
    if feature is None or feature == _FEATURE_OF_KIND.get(_last_kind(tracker) or ""):
        return None
    if _asks_a_question(text) or refers_back(text):
        return None  # "y socios para eso?": the back-reference carries the topic itself
    folded = fold(text).strip()
    opener = _OPENER.match(folded)
    rest = strip_nouns(folded[opener.end() :] if opener else folded)
    return None if names_a_topic(rest, message_language(tracker)) else feature


def asks_for_more(tracker: Tracker) -> bool:
    """Whether the latest message, right after a result list, asks for its next page in a few
    words ("show me a few more", "noch mehr bitte", "más por favor", "ok e poi ne hai degli
    altri?"), whatever NLU called it (the words: :func:`taxonomy.turns.asks_for_more`)."""
    _, text, entities = message_parts(tracker)
    if any(e.get("entity") != "language" for e in entities) or not _after_results(tracker):
        return False  # a place, sector or label: a refinement, not the next page
    return more_words(text)


def _asks_a_question(text: str) -> bool:
    """Whether the message, its opener aside, uses a question word ("und wie spät ist es?"): a
    question of its own, not a fragment that continues the list."""
    folded = fold(text).strip()
    opener = _OPENER.match(folded)
    rest = folded[opener.end() :] if opener else folded
    return any(word in QUESTION_WORDS for word in _WORD.findall(rest))


#: Prepositions that introduce a topic ("and for wood?", "und für Textilien?", "a dla
#: rolnictwa?"), folded: a refinement with one names a new topic, not a place.
TOPIC_PREPOSITIONS = frozenset(
    fold(w)
    for w in (
        *("for", "about", "on", "für", "über", "pour", "sur", "para", "sobre", "per", "su"),
        *("dla", "o", "voor", "over"),
    )
)


def asks_for_new_topic(text: str | None) -> bool:
    """Whether a short refinement asks for a new topic with a topic preposition ("et pour le
    bois ?", "e para o mar?"): its topic replaces the old one, sector filter included."""
    words = _WORD.findall(fold(text or ""))
    return len(words) <= MAX_WORDS and any(w in TOPIC_PREPOSITIONS for w in words)


def _last_kind(tracker: Tracker) -> str | None:
    last = tracker.get_slot("last_search")
    return last.get("kind") if isinstance(last, Mapping) else None


def names_instrument(text: str, entities: list[Mapping[str, Any]]) -> bool:
    """Whether the message names a catalogue instrument (NLU's entity or a catalogue name)."""
    if any(isinstance(e, Mapping) and e.get("entity") == "instrument" for e in entities):
        return True
    from actions.services import get_services

    try:
        catalogue = get_services().instruments
    except Exception:  # no catalogue loaded: nothing is named
        return False
    return catalogue is not None and catalogue.find_in_text(text) is not None


def _asks_an_aspect(text: str, language: str | None) -> bool:
    """Whether the message asks something of a programme ("and how much funding?")."""
    from actions.services import get_services

    try:
        answerer = get_services().fact_answerer(language)
    except Exception:  # no fact cards loaded: nothing is asked of them
        return False
    return answerer is not None and asks_an_aspect(text, answerer, language)
