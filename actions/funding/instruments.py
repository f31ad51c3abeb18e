"""Instrument actions: questions about EU instruments and cluster facts, answered from the fact cards.

Both actions ask the fact answerer built once at start (``get_services().facts``,
:mod:`knowledge.facts`) and send its answer as text (statement and source, or an honest "I don't
know" with the closest known instruments) plus the ``fact_answer`` payload. The ``instrument``
slot holds the catalogue name of the instrument last answered about, so a follow-up ("and its
budget?") is answered for it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import (
    FOLLOW_UP_SLOT,
    kept_partner_filters,
    latest_context,
    referred_topic,
)
from actions.dialogue.continuation import continues_results
from actions.dialogue.forms import carried_search
from actions.dialogue.guard import is_guarded
from actions.dialogue.handover import run_action
from actions.dialogue.language import say_language_line
from actions.dialogue.message_language import message_language
from actions.dialogue.second_request import QUESTION, answers_one_request
from actions.dialogue.shown_names import named_by_name
from actions.dialogue.texts import language_of
from actions.funding import replies
from actions.funding.fact_questions import asks_statistic
from actions.funding.off_topic import outside_cards
from actions.services import Services, get_services
from contracts.payloads import LANGUAGE_FIELD, FactAnswer
from i18n.conversation import PARSE_KEY
from i18n.conversation import message_language as decided_language
from knowledge.calls.text import find_programme
from knowledge.facts import FactAnswerer
from knowledge.facts.asking import (
    is_question,
    question_language,
    telegraphic_language,
    unnamed_words,
)
from knowledge.facts.compare import compare
from knowledge.facts.foreign import lower_case_names
from knowledge.facts.question import card_aspects, english_cue_words
from knowledge.instruments import Catalogue
from taxonomy.languages import REPLY_LANGUAGES
from taxonomy.programme_words import FUNDING_SCHEME_WORD
from taxonomy.text import fold

logger = logging.getLogger(__name__)

#: Words that refer back to something named before ("what is it?", "and its budget?").
_REFERRING = re.compile(r"\b(it|its|it's|this|that|they|their|them|these|those)\b", re.IGNORECASE)


#: Words that make a capitalised name a programme's name ("... Voucher Scheme 2027").
_PROGRAMME_WORD = FUNDING_SCHEME_WORD
#: A request that asks for calls by name (searched, whatever programme it names).
_CALLS_WORD = re.compile(r"\bcalls?\b", re.IGNORECASE)


def unknown_programme(text: str, answerer: FactAnswerer, language: str | None = None) -> str | None:
    """The name of a programme nothing knows that a message asks about, if any.

    Used by the calls search so that "Tell me about the EU Hydrogen Cluster Voucher Scheme 2027"
    gets an honest "I don't know" instead of a calls search presented as the answer. Strict, so
    that calls requests keep being searched: a capitalised name (two or more capitalised words)
    with a programme word (scheme, fund, voucher...), unknown to the fact cards, the catalogue
    and the calls portal's programmes, in a message that does not ask for calls.

    Args:
        text: The user's message.
        answerer: The fact answerer (knows the cards' and the catalogue's names).
        language: The message's language (a programme word of that language counts too).

    Returns:
        The name, or None.
    """
    if not text or _CALLS_WORD.search(text):
        return None
    name = answerer.unknown_name(text, language)
    if name is None or find_programme(name) is not None:
        return None
    # dictated ("um what is the budget of the inno grow seven programme"): speech-to-text
    # writes every name in lower case, so each word of the name counts as a capital
    dictated = lower_case_names(text)
    languages = _programme_languages(answerer, language)
    if (
        not _PROGRAMME_WORD.search(name)
        and not any(answerer.lexicon.has_programme_word(name, code) for code in languages)
        and not any(
            answerer.lexicon.programme_word_before(text, name.lower() if dictated else name, code)
            for code in languages
        )
        and not _programme_word_after(answerer, text, name, languages)
    ):
        return None
    # "Alpenraum-Wasserstoffprogramm": a compound's capitalised parts count too
    words = [w for w in re.split(r"[\s-]+", name) if w]
    capitals = len(words) if dictated else sum(w[:1].isupper() for w in words)
    if capitals >= 2:
        return name
    # "Istarski klasterski fond", "Žemaitijos klasterių fondo": a place's name before a word for
    # cluster and the language's lower-case programme word, a name as much as two capitals
    led = len(words) >= 2 and any(
        answerer.lexicon.has_programme_word(name, code) for code in languages
    )
    return name if capitals == 1 and led else None


def _programme_word_after(
    answerer: FactAnswerer, text: str, name: str, languages: list[str | None]
) -> bool:
    """Whether a lower-case programme word of one of ``languages`` follows the name ("Latgales
    Inovāciju fonds", "Rīgas Klasteru fonds": the Baltic, Nordic and Finnic languages put the
    word for fund after the name, where the English checks end the name)."""
    at = text.find(name)
    if at < 0:
        return False
    after = fold(text[at + len(name) :]).split()[:1]
    return bool(after) and any(
        answerer.lexicon.programme_word_in(after[0], code) is not None for code in languages
    )


def _programme_languages(answerer: FactAnswerer, language: str | None) -> list[str | None]:
    """The languages whose programme words make a name a programme's: the message's own when
    the lexicon has it; else (English, or a short message whose language was not told, "Fynske
    Klyngepulje ansøgning") every language of the lexicon, since the name the answerer found
    with the English checks may carry any language's word for fund or programme (session 21:
    invented names in fragments got a search or another programme's card)."""
    if answerer.lexicon.covers(language):
        return [language]
    return [language, *sorted(answerer.lexicon.languages)]


def say_not_known(
    dispatcher: CollectingDispatcher,
    catalogue: Catalogue,
    answerer: FactAnswerer,
    text: str,
    name: str,
    lang: str = "en",
    language: str | None = None,
) -> None:
    """Says "I don't know <name>" with the closest known instruments, text and payload."""
    closest = [i.name for i in catalogue.suggest(name)]
    answer = replies.fact_answer_payload(
        answerer.answer(text, language=language), unknown_name=name, closest=closest or None
    )
    say_fact(dispatcher, answer, lang=lang)


#: A question this short once names are left out is read by its question words even when the
#: detector decided otherwise ("¿Qué es el <programme>?": lingua reads "Qué es el" as French).
SHORT_QUESTION_WORDS = 5


def fact_languages(tracker: Tracker) -> tuple[str, str | None]:
    """The reply language and the reading language of a fact question.

    The conversation's (:func:`language_of`) and the message's (:func:`message_language`), except
    for a message the language detector left undecided ("¿Qué es el Cluster Excellence
    Programme?": the English programme name outvotes the Spanish words) that is a question in
    one reply language once the names of instruments and cards are left out
    (:func:`knowledge.facts.asking.question_language`): then that language, for both. A language
    the user asked for is never overruled; one the detector decided only for a question of at
    most :data:`SHORT_QUESTION_WORDS` words once names are left out (three words are too few
    for lingua: "Qué es el" reads French).

    The detector's own rule (names do not vote) belongs to ``bot/nlu/language.py``; until it
    has it, fact answers read their questions this way.

    Args:
        tracker: The conversation.

    Returns:
        ``(reply language, language the message is read in or None for English)``.
    """
    lang, language = language_of(tracker), message_language(tracker)
    message = tracker.latest_message or {}
    text = message.get("text")
    parsed = message.get(PARSE_KEY)
    if not isinstance(text, str) or (isinstance(parsed, Mapping) and parsed.get("requested")):
        return lang, language
    try:
        answerer = get_services().fact_answerer(None)
    except Exception:  # no services: the conversation's languages
        return lang, language
    if answerer is None:
        return lang, language
    found = question_language(text, answerer.lexicon, answerer.subjects)
    if found is None:
        # "Presupuesto Euroclusters.": no question word, one word of the user's language
        telegraphic = telegraphic_language(
            text,
            answerer.lexicon,
            answerer.subjects,
            english_cue_words(),
            decided_language(message),
        )
        if telegraphic is None or telegraphic[0] == language:
            return lang, language
        reading, sure = telegraphic
        return (reading if sure and reading in REPLY_LANGUAGES else lang), reading
    if found not in REPLY_LANGUAGES:
        return lang, language
    decided = decided_language(message)
    if decided is not None and (
        decided == found or len(unnamed_words(text, answerer.subjects)) > SHORT_QUESTION_WORDS
    ):
        return lang, language
    return found, found


def _entity(entities: Iterable[Any], name: str) -> str | None:
    for entity in entities:
        if isinstance(entity, Mapping) and entity.get("entity") == name and entity.get("value"):
            return str(entity["value"]).strip() or None
    return None


def _text(tracker: Tracker) -> str:
    message = tracker.latest_message or {}
    text = message.get("text")
    return text if isinstance(text, str) else ""


def _knowledge(action: str, language: str | None = None) -> tuple[Catalogue, FactAnswerer] | None:
    """The catalogue and the fact answerer for a message in ``language`` (English and undecided:
    the English model's; another language: the multilingual one's), or None when either is not
    loaded (logged)."""
    try:
        services: Services = get_services()
    except Exception:
        logger.exception("services not available for %s", action)
        return None
    answerer = services.fact_answerer(language)
    if services.instruments is None or answerer is None:
        return None
    return services.instruments, answerer


def say_fact(
    dispatcher: CollectingDispatcher,
    answer: FactAnswer,
    programme: str | None = None,
    lang: str = "en",
    exact: bool = True,
) -> None:
    """Sends a fact answer: its text in ``lang`` and the ``fact_answer`` payload (``exact``:
    see :func:`actions.funding.replies.fact_text`)."""
    if programme is None and answer.get("verdict") == "not_known":
        # "what is Horizon Europe?": an EU programme outside the catalogue; offer its calls
        found = find_programme(answer.get("unknown_name"))
        programme = found.name if found is not None else None
    # The card carries the conversation language: channels label it in that language.
    payload = {**answer, LANGUAGE_FIELD: lang}
    text = replies.fact_text(answer, programme, lang, exact)
    dispatcher.utter_message(text=text, json_message=payload)


def say_comparison(
    dispatcher: CollectingDispatcher,
    answerer: FactAnswerer,
    text: str,
    lang: str = "en",
    language: str | None = None,
) -> list[dict[str, Any]] | None:
    """Answers a question about two or more instruments with a card of each
    (:func:`knowledge.facts.compare.compare`): one reply per instrument, each with its source.

    Returns:
        The slot events (the ``instrument`` slot: the first instrument named, so "and who can
        apply?" is about it), or None when the message is no such question.
    """
    answers = compare(answerer, text, language)
    if not answers:
        return None
    for answer in answers:
        say_fact(dispatcher, replies.fact_answer_payload(answer), lang=lang)
    return slot_events(answerer.index.catalogue, answers[0])


def slot_events(catalogue: Catalogue, answer: FactAnswer) -> list[dict[str, Any]]:
    """Remember the catalogue instrument an answer is about (general topics leave the slot)."""
    found = catalogue.get(answer["instrument"]) if answer.get("instrument") else None
    return [SlotSet("instrument", found.name)] if found is not None else []


#: The search action of each requested feature (a request on the last search's topic).
_SEARCH_ACTIONS = {"find_calls": "action_search_calls", "find_partners": "action_search_partners"}


def _form_active(tracker: Tracker) -> bool:
    loop = tracker.active_loop if isinstance(tracker.active_loop, Mapping) else {}
    return bool(loop.get("name"))


async def _search_instead(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], text: str
) -> list[dict[str, Any]] | None:
    """The events of the search a request on the last search's topic asks for, naming no
    instrument ("any funding programme open on that topic?", "which clusters could help with
    that?", "quels clusters travaillent là-dessus ?"), outside a form: that search, on the
    carried topic, run in this turn, not a card of some programme. None otherwise.

    In this turn, not as a follow-up action: after a follow-up action the policies were unsure,
    and the core fallback that followed reverted the results (the list shown, ``last_search``
    not kept, so "and in Spain?" next refined the calls before it)."""
    loop = tracker.active_loop if isinstance(tracker.active_loop, Mapping) else {}
    if loop.get("name"):
        return None
    wanted = carried_search(tracker, text)
    if wanted is None:
        return None
    if wanted == "find_partners":
        # the carried topic and this message's filters, not an older search's (as
        # actions.dialogue.follow_up does for partners on the last topic)
        topic = referred_topic(tracker, text, message_language(tracker))
        kept = kept_partner_filters(tracker, topic)  # the partner list the calls followed
        for slot in ("partner_query", "country", "region", "sector", "label"):
            tracker.slots[slot] = kept.get(slot)
        tracker.slots["partner_query"] = topic
    events = await run_action(_SEARCH_ACTIONS[wanted], dispatcher, tracker, domain)
    if events is None:
        return [FollowupAction(_SEARCH_ACTIONS[wanted])]
    return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]


#: A pronoun or possessive that points back at the instrument in context, in the eight reply
#: languages ("its", "did it get", "sein Budget", "son budget", "su presupuesto", "il suo
#: budget", "jego budżet", "kreeg het", "o seu orçamento"); articles that look alike ("le",
#: "la", "en") are left out.
_BACK_TO_IT = re.compile(
    r"\b(?:it|its|it's|they|their|them|es|sein|seine|seinen|seinem|seiner|ihr|ihre|ihren|ihrem"
    r"|dafür|davon|dazu|son|sa|ses|lui|y|su|sus|suo|sua|suoi|sue|ne|jego|jej|ich|mu|het|zijn"
    r"|hij|ervoor|daarvoor|seu|seus|suas|dele|dela|lhe)\b",
    re.IGNORECASE | re.UNICODE,
)


def instrument_before_message(tracker: Tracker) -> str | None:
    """The ``instrument`` slot as it was before the latest user message (NLU's entity of that
    message fills the slot before any action runs), else the slot's value."""
    events = [e for e in getattr(tracker, "events", None) or [] if isinstance(e, Mapping)]
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    for event in reversed(events[: users[-1]] if users else []):
        if event.get("event") == "slot" and event.get("name") == "instrument":
            value = event.get("value")
            return value.strip() if isinstance(value, str) and value.strip() else None
    slot = tracker.get_slot("instrument")
    return slot.strip() if isinstance(slot, str) and slot.strip() else None


def names_the_funder(catalogue: Catalogue, text: str, named: str | None, slot: str | None) -> bool:
    """Whether a follow-up names the programme that funds the conversation's instrument while
    pointing back at that instrument ("how much COSME money did it get?", "en hoeveel
    COSME-geld kreeg het?" after the Cluster Excellence Programme or the Observatory): the
    question is about the instrument in context (``slot``), not about the programme.

    Args:
        catalogue: The instrument catalogue.
        text: The message.
        named: NLU's instrument entity, if any.
        slot: The conversation's instrument.
    """
    current = catalogue.lookup(slot) if slot else None
    if current is None or not current.programme or not _BACK_TO_IT.search(text or ""):
        return False
    mentioned = catalogue.lookup(named) if named else catalogue.find_in_text(text)
    return (
        mentioned is not None
        and mentioned.id != current.id
        and mentioned.kind == "programme"
        and mentioned.programme == current.programme
    )


class ActionExplainInstrument(Action):
    """Answers a question about an instrument, or the aspect asked about ("and its budget?")."""

    def name(self) -> str:
        return "action_explain_instrument"

    @answers_one_request(QUESTION)
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if is_guarded(tracker.latest_message):
            return _out_of_scope(dispatcher)  # off topic or an injection: no card, no search
        lang, language = fact_languages(tracker)
        text = _text(tracker)
        named = _entity((tracker.latest_message or {}).get("entities") or [], "instrument")
        slot = tracker.get_slot("instrument")
        slot = slot.strip() if isinstance(slot, str) and slot.strip() else None
        knowledge = _knowledge(self.name(), language)
        unknown = named is None and (knowledge is None or knowledge[0].find_in_text(text) is None)
        if unknown and not _form_active(tracker) and named_by_name(tracker) is not None:
            # "tell me more about HEGAN", "and Aerospace Valley?" right after a list: that
            # result, not an unknown programme
            events = await run_action("action_select_result", dispatcher, tracker, domain)
            if events is not None:
                return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]
        if knowledge is None:
            say_language_line(dispatcher, tracker)
            dispatcher.utter_message(text=replies.catalogue_unavailable_text(lang))
            return []
        catalogue, answerer = knowledge
        if outside_cards(answerer, text, language, tracker.latest_message):
            return _out_of_scope(dispatcher)  # "what VAT rate applies to SMEs?": no card
        in_text = catalogue.find_in_text(text)
        before = instrument_before_message(tracker)
        if names_the_funder(catalogue, text, named, before) and latest_context(tracker) == (
            "instrument"
        ):
            # "how much COSME money did it get?" after the Cluster Excellence Programme: the
            # programme that funds the instrument in context, named to say which money; the
            # question stays about that instrument (NLU filled the slot with the programme)
            named, in_text, slot = None, None, before
        if named is None and in_text is None and not _form_active(tracker):
            if continues_results(tracker):
                # "y para textil?" after a result list: that list with the new topic or filter,
                # in this turn (a follow-up action would leave the policies unsure after it)
                events = await run_action("action_refine_search", dispatcher, tracker, domain)
                if events is not None:
                    return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]  # a list, not a card
            if search := await _search_instead(dispatcher, tracker, domain, text):
                return search
        say_language_line(dispatcher, tracker)
        compared = say_comparison(dispatcher, answerer, text, lang, language)
        if compared is not None:
            return compared  # "ESCP-4i or ESCP-4x?": a card of each
        if named is None and in_text is None and slot is None and _vague(text, answerer, language):
            dispatcher.utter_message(text=replies.ask_instrument_text(lang))
            return []
        # The instrument the question is about when the text alone does not say: the entity,
        # else the slot (follow-ups).
        wanted = named if named is not None else (None if in_text is not None else slot)
        instrument = catalogue.lookup(wanted) if wanted else None
        question = text or (wanted or "")
        if named is None and in_text is None and instrument is not None:
            # A follow-up ("is it still running?"): "it" is the instrument of the conversation.
            question = resolve_reference(question, instrument.name)
        answer = answerer.answer(
            question, instrument=instrument.id if instrument else None, language=language
        )
        if wanted and instrument is None and in_text is None:
            programme = find_programme(wanted)
            if programme is not None or not answerer.is_known(wanted):
                # An EU programme outside the catalogue, or a name nothing knows: never another
                # programme's figures, never a calls search as the answer.
                closest = [i.name for i in catalogue.suggest(wanted)]
                answer = replies.fact_answer_payload(
                    answer, unknown_name=wanted, closest=closest or None
                )
                say_fact(dispatcher, answer, programme.name if programme else None, lang)
                return [SlotSet("instrument", wanted)] if programme is not None else []
        answer = replies.fact_answer_payload(answer)
        say_fact(
            dispatcher, answer, lang=lang, exact=answers_exactly(answerer, text, answer, language)
        )
        return slot_events(catalogue, answer)


def _out_of_scope(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """The out-of-scope reply for an off-topic message (:mod:`actions.funding.off_topic`); the
    response generator adds the line of the sixteen languages."""
    dispatcher.utter_message(response="utter_out_of_scope")
    return []


#: Aspects of a follow-up whose card an instrument may lack ("is there a contact person?"): the
#: reply then says its card is only the closest one.
_SAID_ASPECTS = frozenset({"who", "how_to_apply", "contact"})


def answers_exactly(
    answerer: FactAnswerer, question: str, answer: FactAnswer, language: str | None
) -> bool:
    """False when the question asks who can take part, how to apply or whom to contact and the
    answer's card is of another aspect (the instrument has no card of it)."""
    cues = f" {fold(answerer.cue_text(question, language))} "
    asked = set(card_aspects(cues)) & _SAID_ASPECTS
    return not asked or answer.get("aspect") in asked


def resolve_reference(question: str, name: str) -> str:
    """The question with its first back-reference replaced by the instrument's name.

    "is it still running?" -> "is INNOSUP-1 still running?"; a question without one gets the
    name appended ("who can apply?" -> "who can apply? (INNOSUP-1)"), so that the cards of that
    instrument, not another one's cards of the same aspect, answer it.
    """
    match = _REFERRING.search(question)
    if match is None:
        return f"{question} ({name})"
    word = match.group(0).lower()
    replacement = f"{name}'s" if word in ("its", "their") else name
    return question[: match.start()] + replacement + question[match.end() :]


#: "that" after a verb of saying, reading or believing opens a clause ("I read that clusters pay
#: better"), "it" before "true / said" stands for that clause ("is it true that ..."): neither
#: refers back to an instrument.
_CLAUSE_THAT = re.compile(
    r"\b(?:read|heard|hear|said|say|says|told|tells|know|knew|think|thought|believe|believed|"
    r"claim|claims|claimed|seen|saw|noticed|learned|learnt|understand|understood|mean|means|"
    r"true|sure|seems|seemed|so)\s+that\b|\bit\s+(?:is|was|'s)\s+(?:true|said|claimed)\b|"
    r"\bis\s+it\s+(?:true|right|correct|so)\b",
    re.IGNORECASE,
)


def _vague(text: str, answerer: FactAnswerer, language: str | None = None) -> bool:
    """True for a question that names nothing and refers back to nothing known ("what is it?").

    A statistic of the cards ("I read that clusters pay better salaries - by how much?") is never
    vague: it names what it asks about, and "that" there opens a clause (:data:`_CLAUSE_THAT`).
    """
    if answerer.unknown_name(text, language) is not None:
        return False
    if asks_statistic(answerer, text, language):
        return False
    return bool(_REFERRING.search(_CLAUSE_THAT.sub(" ", text))) or not re.search(r"\w{3,}", text)


#: Entities of a partner search's filters.
_FILTER_ENTITIES = frozenset({"country", "region", "sector", "technology", "label"})
#: Below this NLU confidence, ``ask_cluster_facts`` on a message of filters is a search.
CLUSTER_FACTS_CONFIDENCE = 0.7


#: A question asked of the instrument just answered about, pointing back at it with a
#: preposition or a verb ("how many organisations are in it?", "how much did it get?", "wie
#: viele Cluster sind daran beteiligt?", "hoeveel clusters doen eraan mee?"): never "is it
#: true that ...", where "it" is the clause.
_IN_IT = re.compile(
    r"\b(?:in|of|for|from|by|with|about|on|under)\s+(?:it|them)\b|\bits\b"
    r"|\b(?:did|does|do|has|had|have|will|can|could)\s+(?:it|they)\b(?!\s+(?:true|said))"
    r"|\b(?:daran|darin|davon|dabei|dafür)\b|\b(?:eraan|erin|ervan|erbij|ervoor)\b",
    re.IGNORECASE | re.UNICODE,
)


def _in_the_instrument(tracker: Tracker) -> bool:
    """Whether a cluster-facts reading is a question about the instrument just answered about
    (:data:`_IN_IT`; the conversation's instrument set and its last answer about it)."""
    slot = tracker.get_slot("instrument")
    if not (isinstance(slot, str) and slot.strip()) or latest_context(tracker) != "instrument":
        return False
    return bool(_IN_IT.search(_text(tracker) or ""))


def _filters_not_question(tracker: Tracker, answerer: FactAnswerer, language: str | None) -> bool:
    """Whether the latest message names search filters (a sector, a country...), is not written
    as a question, and NLU was unsure of ``ask_cluster_facts``: a partner search."""
    message = tracker.latest_message or {}
    text = message.get("text")
    intent = message.get("intent") if isinstance(message.get("intent"), Mapping) else {}
    confidence = intent.get("confidence")
    if not isinstance(text, str) or not isinstance(confidence, (int, float)):
        return False
    names = {e.get("entity") for e in message.get("entities") or [] if isinstance(e, Mapping)}
    return (
        bool(names & _FILTER_ENTITIES)
        and confidence < CLUSTER_FACTS_CONFIDENCE
        and not is_question(text, language, answerer.lexicon)
    )


class ActionClusterFacts(Action):
    """Answers a question about clusters in Europe and EU cluster policy from the fact cards.

    A request for cluster facts in general ("tell me some facts about clusters"), which no single
    card answers, gets the headline figures of the European Cluster Panorama and the contact.
    """

    def name(self) -> str:
        return "action_cluster_facts"

    @answers_one_request(QUESTION)
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if is_guarded(tracker.latest_message):
            return _out_of_scope(dispatcher)  # off topic or an injection: no card, no search
        lang, language = fact_languages(tracker)
        knowledge = _knowledge(self.name(), language)
        unnamed = knowledge is not None and knowledge[0].find_in_text(_text(tracker)) is None
        if unnamed and not _form_active(tracker) and named_by_name(tracker) is not None:
            # "and Aerospace Valley?" right after a list: that result, not a fact question
            events = await run_action("action_select_result", dispatcher, tracker, domain)
            if events is not None:
                return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]
        if unnamed and _in_the_instrument(tracker):
            # "and how many cluster organisations are in it?" right after an answer about
            # ESCP-4i: a question about that instrument, not about clusters in general
            return await ActionExplainInstrument().run(dispatcher, tracker, domain)
        if unnamed and (
            search := await _search_instead(dispatcher, tracker, domain, _text(tracker))
        ):
            return search
        if unnamed and _filters_not_question(tracker, knowledge[1], language):
            # "clústeres de automoción en España": filters and no question, a partner search,
            # in this turn (after a follow-up action the policies were unsure and the core
            # fallback reverted the results)
            events = await run_action("action_search_partners", dispatcher, tracker, domain)
            if events is not None:
                return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]
            return [FollowupAction("action_search_partners")]
        if knowledge is not None and outside_cards(
            knowledge[1], _text(tracker), language, tracker.latest_message
        ):
            return _out_of_scope(dispatcher)
        say_language_line(dispatcher, tracker)
        if knowledge is None:
            dispatcher.utter_message(text=replies.catalogue_unavailable_text(lang))
            return []
        catalogue, answerer = knowledge
        compared = say_comparison(dispatcher, answerer, _text(tracker), lang, language)
        if compared is not None:
            return compared  # "Is COSME the same as the Single Market Programme?"
        answer = replies.fact_answer_payload(answerer.answer(_text(tracker), language=language))
        if answer["verdict"] == "not_known" and answer.get("unknown_name") is None:
            dispatcher.utter_message(text=replies.cluster_facts_text(catalogue.facts, lang))
            return []
        say_fact(dispatcher, answer, lang=lang)
        return []
