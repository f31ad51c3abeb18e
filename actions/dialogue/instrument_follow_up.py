"""A short question about the instrument the conversation is about, whatever intent NLU gave it.

After an answer about a programme, users ask on in a few words: "and how much money did it
have?", "qui peut en bénéficier ?", "ile projektów sfinansowano?". NLU files many of them under
``out_of_scope``, ``faq``, ``nlu_fallback`` or ``help``: on their own they name nothing. Read
with the instrument's name they are questions about it. :func:`instrument_question` says when:

* the conversation's last answer was about an instrument (the ``instrument`` slot; after an FAQ
  answer, the instrument the user's question named);
* the message names no other instrument and no search filter;
* it asks for an aspect of a programme (a budget, who can apply, how to apply, results, dates:
  the fact layer's cues, read through the lexicon in DE FR ES IT PL NL PT);
* it names at most :data:`MAX_OWN_WORDS` words of its own besides function words, cue words and
  back-references: "what does cascade funding mean?" or "quel est le taux de TVA ?" name their
  own subject and keep their FAQ or out-of-scope answer;
* the fact cards answer it, read with the instrument's name, from a card of that instrument.

Used by :mod:`actions.dialogue.follow_up`, which the rules run on ``out_of_scope``, ``faq``,
``nlu_fallback`` and ``help`` (data/rules/dialogue.yml, data/rules/faq.yml).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.dialogue.context import latest_context, refers_back
from actions.dialogue.forms import requested_feature
from actions.dialogue.message_language import message_language
from actions.funding.fact_questions import asks_an_aspect
from actions.funding.instruments import resolve_reference
from actions.services import get_services
from knowledge.facts import FactAnswerer
from knowledge.facts.question import card_aspects, wanted_kind
from knowledge.instruments import Catalogue, Instrument
from taxonomy.stopwords import (
    TOPIC_FILLER_WORDS,
    call_request_stopwords,
    function_words,
    request_stopwords,
)
from taxonomy.text import fold

logger = logging.getLogger(__name__)

#: The most words of its own (not function, cue or back-reference words) a follow-up names.
MAX_OWN_WORDS = 1
#: The most words a follow-up question has.
MAX_WORDS = 12
#: Entities that make a message a search refinement, not a question about the instrument.
_FILTER_ENTITIES = frozenset({"country", "region", "sector", "label", "drop_filter"})
#: The actions that answer a turn (the ones in between do not).
_NOT_ANSWERS = frozenset(
    {
        "action_listen",
        "action_session_start",
        "action_follow_up",
        "action_route_fact",
        "utter_ask_feedback",
    }
)
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
#: Small words of follow-ups in the eight reply languages that name nothing ("and", "so",
#: "exactly", "then", "actually").
_FOLLOW_UP_WORDS = frozenset(
    fold(w)
    for w in (
        *("and", "so", "then", "exactly", "actually", "also", "really", "get", "got", "did"),
        *("und", "also", "dann", "genau", "eigentlich", "denn", "eigentlich"),
        *("et", "alors", "donc", "exactement", "vraiment", "ensuite"),
        *("y", "entonces", "exactamente", "realmente", "luego", "pues"),
        *("e", "allora", "quindi", "esattamente", "davvero", "poi"),
        *("a", "i", "więc", "dokładnie", "właściwie", "potem", "no"),
        *("en", "dus", "precies", "eigenlijk", "dan", "toen"),
        *("e", "então", "exatamente", "mesmo", "depois"),
        # Dutch pronominal adverbs with "er" ("hoeveel geld was ervoor?"): back-references
        *("ervoor", "erover", "ervan", "eraan", "erop", "ermee", "erin", "erbij", "erheen"),
        # the programme itself, named generically ("loopt het programma nog?")
        *("programme", "program", "programm", "programma", "programa", "scheme", "regeling"),
        *("initiative", "initiatief", "iniciativa", "iniziativa", "inicjatywa"),
        # available / still on / taking place ("est-il toujours en cours", "ainda a decorrer")
        *("available", "verfügbar", "disponible", "disponibles", "disponibile", "disponibili"),
        *("disponível", "disponíveis", "dostępny", "dostępne", "dostępnych", "beschikbaar"),
        *("decorrer", "cours", "curso", "corso", "trwa", "trwają", "continua", "sigue"),
        # could / was allowed to, in the past ("wie mocht meedoen?", "kto mógł się ubiegać?")
        *("could", "konnte", "konnten", "durfte", "durften", "pouvait", "pouvaient"),
        *("podía", "podían", "poteva", "potevano", "mógł", "mogła", "mogli", "mogło"),
        *("mocht", "mochten", "kon", "konden", "podia", "podiam", "droit", "derecho"),
        *("diritto", "recht", "prawo", "direito"),
        # submitting an application ("comment on dépose une candidature", "jak złożyć wniosek")
        *("submit", "einreichen", "reicht", "dépose", "déposer", "déposé", "presentar"),
        *("presenta", "presentare", "złożyć", "składa", "składać", "indienen", "dien"),
        *("submeter", "submete", "entregar"),
        # who: small companies ("kunnen kleine bedrijven meedoen?")
        *("small", "kleine", "petites", "pequeñas", "piccole", "małe", "pequenas"),
    )
)


def _message(tracker: Tracker) -> Mapping[str, Any]:
    return tracker.latest_message or {}


def _previous_user_text(tracker: Tracker) -> str | None:
    """The text of the user message before the latest one."""
    seen = 0
    for event in reversed(getattr(tracker, "events", None) or []):
        if isinstance(event, Mapping) and event.get("event") == "user":
            seen += 1
            if seen == 2:
                text = event.get("text")
                return text if isinstance(text, str) else None
    return None


def _last_answer(tracker: Tracker) -> str | None:
    """The name of the action that answered the previous turn."""
    user_seen = False
    for event in reversed(getattr(tracker, "events", None) or []):
        if not isinstance(event, Mapping):
            continue
        if event.get("event") == "user":
            if user_seen:
                return None
            user_seen = True
            continue
        if user_seen and event.get("event") == "action":
            name = event.get("name")
            if name not in _NOT_ANSWERS:
                return name if isinstance(name, str) else None
    return None


def conversation_instrument(tracker: Tracker, catalogue: Catalogue) -> Instrument | None:
    """The catalogue instrument the conversation's last answer was about, if any.

    The ``instrument`` slot after an instrument answer; after an FAQ answer, the instrument the
    question before named ("Was ist das EEN?" answered by the FAQ is about the EEN).
    """
    slot = tracker.get_slot("instrument")
    if latest_context(tracker) == "instrument" and isinstance(slot, str) and slot.strip():
        found = catalogue.lookup(slot.strip())
        if found is not None:
            return found
    if _last_answer(tracker) == "utter_faq":
        if isinstance(slot, str) and slot.strip() and catalogue.lookup(slot.strip()):
            return catalogue.lookup(slot.strip())
        previous = _previous_user_text(tracker)
        if previous:
            return catalogue.find_in_text(previous)
    return None


def own_words(text: str, answerer: FactAnswerer, language: str | None, instrument: Instrument):
    """The words of a message that name something of its own.

    Function words of the language, request and filler words, the fact lexicon's cue words,
    back-references, small follow-up words and the instrument's own names are left out.
    """
    code = (language or "en").lower()
    skip = (
        function_words(code)
        | request_stopwords(code)
        | call_request_stopwords(code)
        | {fold(w) for w in TOPIC_FILLER_WORDS}
        | _FOLLOW_UP_WORDS
    )
    lexicon = answerer.lexicon
    cues: list[tuple[str, ...]] = []
    entry = lexicon.languages.get(code) if lexicon.covers(code) else None
    if entry is not None:
        skip = skip | set(entry.function)
        cues = [cue.words for cue in entry.cues]
    skip = skip | _english_cue_words(lexicon)
    names = {w for name in instrument.names() for w in fold(name).split()}
    out = []
    for word in _WORD.findall(text):
        folded = fold(word)
        if not folded or len(folded) <= 2 or folded in skip or folded in names:
            continue
        if refers_back(word) or any(_in_cue(folded, words) for words in cues):
            continue
        parts = fold(word.replace("'", " ").replace("’", " ")).split()
        if len(parts) > 1 and all(p in skip or len(p) <= 2 for p in parts):
            continue  # "c'est", "est-il", "peut-on": function words joined
        if card_aspects(f" {folded} ") or wanted_kind(f" {folded} ") is not None:
            continue
        out.append(word)
    return out


def _in_cue(word: str, cue: tuple[str, ...]) -> bool:
    """Whether a folded word is one of a cue phrase's words (``*``: a prefix)."""
    return any(word.startswith(c[:-1]) if c.endswith("*") else word == c for c in cue)


_CUE_WORDS: dict[int, frozenset[str]] = {}


def _english_cue_words(lexicon: Any) -> frozenset[str]:
    """The English words of every cue of the lexicon ("how many", "who can apply", "money")."""
    key = id(lexicon)
    if key not in _CUE_WORDS:
        _CUE_WORDS[key] = frozenset(
            fold(word)
            for entry in lexicon.languages.values()
            for cue in entry.cues
            for word in cue.english.split()
        )
    return _CUE_WORDS[key]


def instrument_question(tracker: Tracker) -> Instrument | None:
    """The instrument the latest message asks about when only the conversation says which.

    Args:
        tracker: The conversation; its latest message was read by NLU as out of scope, an FAQ,
            a fallback or a request for help.

    Returns:
        The instrument, or ``None`` when the message is not a question about it (see the module
        docstring for the conditions).
    """
    message = _message(tracker)
    text = message.get("text")
    if not isinstance(text, str) or not text.strip() or len(text.split()) > MAX_WORDS:
        return None
    entities = [e for e in message.get("entities") or [] if isinstance(e, Mapping)]
    if {e.get("entity") for e in entities} & _FILTER_ENTITIES:
        return None
    slot = tracker.get_slot("instrument")
    named_before = (
        isinstance(slot, str) and slot.strip() and latest_context(tracker) == "instrument"
    )
    if not named_before and _last_answer(tracker) != "utter_faq":
        return None  # the conversation was not about an instrument
    language = message_language(tracker)
    try:
        services = get_services()
        catalogue = services.instruments
        answerer = services.fact_answerer(language)
        if catalogue is None or answerer is None:
            return None
        instrument = conversation_instrument(tracker, catalogue)
        if instrument is None:
            return None
        named = catalogue.find_in_text(text)
        if named is not None and named.id != instrument.id:
            return None
        if not asks_an_aspect(text, answerer, language):
            return None
        if len(own_words(text, answerer, language, instrument)) > MAX_OWN_WORDS:
            return None
        question = resolve_reference(text, instrument.name)
        answer = answerer.answer(question, instrument=instrument.id, language=language)
    except Exception:  # the caller goes on with the intent NLU gave
        logger.exception("instrument follow-up failed for %r", text[:100])
        return None
    if answer.get("verdict") != "answered" or answer.get("instrument") != instrument.id:
        return None
    return instrument


#: Verbs of funding, which name no call ("c'est financé par qui ?", "quanti progetti ha
#: finanziato?", "how many projects were funded?"): the call nouns' stems ("financ", "finanzi",
#: "fund") would read them as a calls request.
_FUNDING_VERB = re.compile(
    r"(?<![\w-])(?:funded|funds|financed|finances|finanziert|gefördert|fördert|förderte"
    r"|financ[ée]e?s?|financent|finançait|finançaient|financia|financió|financiad[oa]s?"
    r"|financian|financiaba|finanzia|finanziat[oaie]|finanziano|finanziava|finansuje"
    r"|s?finansował\w*|finansowan\w*|dofinansował\w*|financiert|gefinancierd|financierde"
    r"|financiou|financiam)(?![\w-])",
    re.IGNORECASE | re.UNICODE,
)


def instrument_instead(tracker: Tracker) -> Instrument | None:
    """The conversation's instrument when NLU took a question about it for a search request.

    "c'est encore ouvert ?", "si può ancora fare domanda?", "who can take part in it?" right
    after an answer about a programme were read as calls or partner searches and searched a
    topic the user never named. A message that names neither calls nor partners (no noun of
    either feature, :func:`~actions.dialogue.forms.requested_feature`: "any calls for it?"
    stays a calls search) and passes :func:`instrument_question` is about the instrument.

    Args:
        tracker: The conversation; NLU read its latest message as a calls or partner search.

    Returns:
        The instrument, or ``None`` when the message stays with the search.
    """
    text = _message(tracker).get("text")
    if not isinstance(text, str) or requested_feature(_FUNDING_VERB.sub(" ", text)) is not None:
        return None
    return instrument_question(tracker)
