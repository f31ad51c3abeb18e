"""What the search forms share: which intents answer a form, and the topic of a message.

Used by ``partner_search_form`` (:mod:`actions.partners.forms`) and ``call_search_form``
(:mod:`actions.funding.forms`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.dialogue.context import names_a_topic, referred_topic
from actions.dialogue.guard import is_guarded
from actions.dialogue.labels import with_text_label
from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import has_topic, partner_request
from actions.dialogue.request_words import ORGANISATIONS_AT_WORK, ORGANISATIONS_SOUGHT, PARTNERING
from contracts.limits import CHAT_QUERY_CHARS
from taxonomy.questions import is_question
from taxonomy.text import fold
from taxonomy.turns import CALL_NOUN, PARTNER_NOUN

# Intents whose text can open a form with its topic.
ANSWER_INTENTS = frozenset({"inform", "find_partners", "find_calls"})
# Intents that never answer the form's question (rules answer them, then the form asks again).
# Anything else, including a low-confidence nlu_fallback ("robotics" alone is ambiguous), is
# taken as the answer while the form is asking.
DIGRESSIONS = frozenset(
    {
        "ask_instrument",
        "faq",
        "bot_challenge",
        "help",
        "deny",
        "request_human",
        "greet",
        "goodbye",
        "thank",
        "out_of_scope",
        "ask_cluster_facts",
        "ask_call_status",
    }
)


#: Intents NLU gives a short topic it cannot place ("salud del suelo": out of scope). While a form
#: asks, such a message is the answer when it is short and no question (:func:`short_answer`).
UNSURE_ANSWER_INTENTS = frozenset(
    {"out_of_scope", "faq", "ask_cluster_facts", "ask_call_status", "nlu_fallback"}
)
#: The most words of a short answer to a form's question.
SHORT_ANSWER_WORDS = 4
#: What a search request asks for (:data:`taxonomy.turns.PARTNER_NOUN`, :data:`CALL_NOUN`): "je
#: voudrais trouver des partenaires", "szukam dofinansowania": a request with nothing to search
#: yet opens the search's form.
_PARTNER_NOUN = PARTNER_NOUN
_CALL_NOUN = CALL_NOUN


#: Determiners before a call noun that point at a call already shown ("this call", "diese
#: Ausschreibung", "cet appel", "esta convocatoria", "questo bando", "tym naborze", "deze
#: oproep", "neste concurso"), and the definite articles ("for the call"), in the eight reply
#: languages.
_CALL_DETERMINERS = (
    r"this|that|these|those|the|such|same|"
    r"diese[mnrs]?|jene[mnrs]?|der|die|das|den|dem|des|zur|zum|"
    r"ce|cet|cette|ces|le|la|les|du|au|aux|même|"
    r"este|esta|estos|estas|ese|esa|esos|esas|el|los|las|del|al|mismo|misma|"
    r"questo|questa|questi|queste|quel|quella|quei|quelle|il|lo|gli|i|del|della|dei|delle|al|"
    r"alla|nel|nella|stesso|stessa|"
    r"ten|ta|to|tym|tego|tej|tę|te|tych|tymi|"
    r"deze|die|dit|dat|de|het|"
    r"esse|essa|esses|essas|neste|nesta|nesse|nessa|deste|desta|desse|dessa|o|a|os|as|do|da|"
    r"dos|das|no|na|nos|nas|mesmo|mesma"
)
#: A call noun after such a determiner (an adjective between: "this open call"), or after an
#: elided article ("l'appel", "quest'avviso", "dell'invito").
_REFERRED_CALL = re.compile(
    rf"(?:(?<![\w-])(?:{_CALL_DETERMINERS})\s+(?:[^\W\d_]+\s+)?"
    rf"|(?<![\w-])(?:l|quest|dell|nell|all|cett)['’]\s*)(?:{_CALL_NOUN.pattern})[\w-]*",
    re.IGNORECASE | re.UNICODE,
)


def short_answer(intent: str, text: str, language: str | None) -> bool:
    """Whether a message NLU could not place answers a form's question with a topic.

    Inside a form, "battery storage" or "salud del suelo" is the slot's value unless it is
    clearly something else: a question, a greeting, a longer message.

    Args:
        intent: The message's intent.
        text: The message.
        language: Its language (its function words name no topic).
    """
    return intent in UNSURE_ANSWER_INTENTS and short_topic(text, language)


def short_topic(text: str, language: str | None) -> bool:
    """Whether a message is a few words that name a topic and ask nothing."""
    words = text.split()
    if not words or len(words) > SHORT_ANSWER_WORDS or is_question(text):
        return False
    return names_a_topic(text, language)


def names_calls(text: str) -> bool:
    """Whether a message names calls or funding at all (a call noun, :data:`_CALL_NOUN`)."""
    return bool(_CALL_NOUN.search(text or ""))


#: Words (folded) that decline what follows them within :data:`DECLINE_WINDOW` words ("not
#: partners", "I don't need partners", "nie szukam partnerów", "keine Partner", "pas de
#: partenaires", "no busco socios", "non cerco partner", "geen partners", "não procuro
#: parceiros"): the eight reply languages' plain negations.
DECLINING_WORDS = frozenset(
    [
        "not",
        "no",
        "dont",
        "don",
        "doesnt",
        "doesn",
        "nicht",
        "kein",
        "keine",
        "keinen",
        "keinerlei",
        "pas",
        "non",
        "nie",
        "niet",
        "geen",
        "nao",
        "ni",
    ]
)
DECLINE_WINDOW = 5
_CLAUSE_BREAK = re.compile(r"[,;.!?:]")
#: Words (folded) that turn from what is declined to what is asked ("not partners but calls",
#: "nicht Partner, sondern", "pas de partenaires mais", "no socios sino", "non partner ma",
#: "nie partnerów, tylko", "geen partners maar", "não parceiros mas", "only", "just").
CONTRAST_WORDS = frozenset(
    [
        "but",
        "rather",
        "instead",
        "only",
        "just",
        "sondern",
        "aber",
        "nur",
        "mais",
        "plutot",
        "seulement",
        "sino",
        "pero",
        "solo",
        "solamente",
        "ma",
        "bensi",
        "piuttosto",
        "soltanto",
        "tylko",
        "ale",
        "lecz",
        "maar",
        "alleen",
        "mas",
        "so",
        "apenas",
    ]
)


def declined(text: str, start: int) -> bool:
    """Whether the word at ``text[start:]`` is declined: a word of :data:`DECLINING_WORDS` at
    most :data:`DECLINE_WINDOW` words before it in the same clause, with no word of
    :data:`CONTRAST_WORDS` between ("nie szukam partnerów"; not "no, partners in Spain", not
    the calls of "non cerco partner ma bandi")."""
    clause = fold(_CLAUSE_BREAK.split(text[:start])[-1]).split()
    for word in reversed(clause[-DECLINE_WINDOW:]):
        if word in CONTRAST_WORDS:
            return False
        if word in DECLINING_WORDS:
            return True
    return False


def _all_declined(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    starts = [m.start() for p in patterns for m in p.finditer(text)]
    return bool(starts) and all(declined(text, s) for s in starts)


def requested_feature(text: str) -> str | None:
    """``find_partners`` or ``find_calls`` when a message names partners or calls (not both).

    Partners are named by a partner or cluster noun, a verb of working together ("mit wem
    könnten wir uns zusammentun?") or organisations at work on a topic or with us ("which
    organisations are active on it?", "who could work on this with us?"). A call noun after a determiner beside a partner noun points
    at a call already shown ("Partner für diese Ausschreibung"): the request is for partners.
    Of the two named, one declined (:func:`declined`: "not partners, open calls") is not asked.
    """
    partners = bool(
        _PARTNER_NOUN.search(text) or PARTNERING.search(text) or ORGANISATIONS_AT_WORK.search(text)
    )
    calls = bool(_CALL_NOUN.search(text))
    if partners and calls:
        # "nie szukam partnerów, tylko naborów", "not calls, partners please": the one declined
        # is not what is asked for
        no_partners = _all_declined((_PARTNER_NOUN, PARTNERING, ORGANISATIONS_AT_WORK), text)
        no_calls = _all_declined((_CALL_NOUN,), text)
        if no_partners != no_calls:
            return "find_partners" if no_calls else "find_calls"
        # "which clusters could be partners for this call?": the call is the one shown, what is
        # asked for is partners
        calls = bool(_CALL_NOUN.search(_REFERRED_CALL.sub(" ", text)))
    if partners == calls:
        return None
    return "find_partners" if partners else "find_calls"


#: The nouns of each request in the eight reply languages, folded: a word within
#: :data:`TYPO_CUTOFF` of one ("clster", "parceros", "convocatorais") names that request too.
_FEATURE_NOUNS = {
    "find_partners": """partner partners partnera partnerow partnerzy partenaire partenaires
        socio socios parceiro parceiros cluster clusters clusteres klaster klastry klastrow
        klastra""",
    "find_calls": """calls convocatoria convocatorias bando bandi appels ausschreibung
        ausschreibungen nabory oproepen concursos convites grants funding financiamento
        financiacion finanziamenti forderung dofinansowanie subsidie subsidies editais
        chamadas""",
}
_NOUN_FEATURE = {fold(w): f for f, words in _FEATURE_NOUNS.items() for w in words.split()}
#: The least ``difflib`` ratio of a misspelt request noun to the noun it stands for.
TYPO_CUTOFF = 0.8
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


def misspelt_feature(text: str) -> str | None:
    """``find_partners`` / ``find_calls`` when a message names one of them only misspelt.

    "clster di robbotica", "parceros para energia solr": a word of at least five letters that is
    neither a request noun nor made with one ("Euroclusters") but within :data:`TYPO_CUTOFF` of
    one (the words of one request only).
    """
    found = set()
    for word in _LETTERS.findall(text):
        folded = fold(word)
        if len(folded) < 5 or any(noun in folded for noun in _NOUN_FEATURE):
            continue  # the noun itself, or a name made with it ("Euroclusters")
        close = difflib.get_close_matches(folded, list(_NOUN_FEATURE), n=1, cutoff=TYPO_CUTOFF)
        if close:
            found.add(_NOUN_FEATURE[close[0]])
    return found.pop() if len(found) == 1 else None


def carried_search(tracker: Tracker, text: str | None) -> str | None:
    """``find_calls`` / ``find_partners`` for a request on the last search's topic.

    "any funding programme open on that topic?" after a partner search names calls (or
    funding) and refers back to the topic, naming none of its own: the search, on that topic,
    whatever intent NLU gave it (fact questions about a named programme are the caller's to
    keep). None otherwise.
    """
    if not text:
        return None
    feature = requested_feature(text)
    if feature is None or referred_topic(tracker, text) is None:
        return None
    return feature


def bare_request(text: str, language: str | None) -> str | None:
    """``find_calls`` / ``find_partners`` for a request that names no topic yet, else None.

    "ich suche Fördermittel", "quero procurar parceiros": no question, a calls or a partner
    word (not both), and nothing to search for besides the request's own words.
    """
    if not text.strip() or is_question(text) or len(text.split()) > 8:
        return None
    feature = requested_feature(text)
    if feature is None or names_a_topic(strip_nouns(text), language):
        return None
    return feature


def strip_nouns(text: str) -> str:
    """The message without its whole partner and call words."""
    words = [w for w in text.split() if not (_PARTNER_NOUN.match(w) or _CALL_NOUN.match(w))]
    return " ".join(words)


#: The request intent of each search form: a request for the other feature while a form asks
#: is a new request that wins over the form ("actually, what open calls are there on batteries?").
FORM_REQUESTS = {"partner_search_form": "find_partners", "call_search_form": "find_calls"}


def answers(intent: str, asking: bool, form: str | None = None) -> bool:
    """Whether a message with this intent answers the form (``asking``: the form asked).

    Args:
        intent: The message's intent.
        asking: Whether the form asked a question (else the message opened it).
        form: The form's name; while it asks, another form's request intent does not answer it.
    """
    if asking and form is not None:
        others = {i for name, i in FORM_REQUESTS.items() if name != form}
        if intent in others:
            return False
    return intent not in DIGRESSIONS if asking else intent in ANSWER_INTENTS


#: A change of mind at the start of a message, in the eight reply languages: what follows is a
#: new request, not the answer to the form's question ("actually, what is the budget of
#: Euroclusters?", "vergiss es, zeig mir Aufrufe zu Wasserstoff", "laat maar, wie ...").
CHANGE_OF_MIND = re.compile(
    r"^\W*(?:actually|forget\s+(?:it|that)|never\s*mind|instead|rather|no\s+wait|wait|scratch\s+that|"
    r"on\s+second\s+thought|eigentlich|vergiss\s+(?:es|das)|lieber|stattdessen|doch\s+lieber|"
    r"en\s+fait|laisse(?:z)?\s+tomber|oublie(?:z)?(?:\s+ça)?|plutôt|finalement|tant\s+pis|"
    r"en\s+realidad|olv[ií]d(?:a|alo|elo)|mejor|d[ée]jalo|en\s+cambio|"
    r"anzi|lascia\s+(?:perdere|stare)|in\s+realt[àa]|piuttosto|dimentica|"
    r"w\s+sumie|właściwie|nieważne|zapomnij|jednak|raczej|"
    r"eigenlijk|laat\s+maar|vergeet\s+(?:het|dat)|liever|"
    r"na\s+verdade|esquece|deixa\s+(?:pra|para)\s+l[áa]|afinal|em\s+vez\s+disso)(?![\w'-])[\s,.;:!-]*",
    re.IGNORECASE | re.UNICODE,
)


def without_change_of_mind(text: str) -> str:
    """The message without its leading change of mind ("forget it, show me ..." -> "show me ...")."""
    match = CHANGE_OF_MIND.match(text)
    return text[match.end() :] if match and match.end() < len(text) else text


def new_request(intent: str, text: str, language: str | None, form: str | None) -> bool:
    """Whether a message that came while a form asks is a new request rather than its answer.

    A question or a change of mind that is more than a bare topic ("actually, what is the
    budget of Euroclusters?", "forget it, show me open calls on hydrogen" while the partner
    form asks, "wer ist für die Clusterpolitik zuständig?"), or a message naming the other
    search ("... open calls ..." while the partner form asks): whatever intent NLU gave it
    (an unsure ``nlu_fallback`` or ``inform`` included), it is not the topic. The form's own
    request ("forget it, show me open calls on hydrogen" while the calls form asks) answers it.
    """
    own = FORM_REQUESTS.get(form or "")
    if own is not None and intent == own:
        return False
    bare = without_change_of_mind(text)
    if short_topic(bare.rstrip("?!. "), language) and not requested_feature(bare):
        return False  # "eigentlich Wasserstoff": a bare topic still answers
    other = requested_feature(bare)
    if other is not None and own is not None and other != own:
        return True
    return is_question(bare) or bool(CHANGE_OF_MIND.match(text))


def answers_message(tracker: Tracker, asking: bool, form: str | None = None) -> bool:
    """:func:`answers` for the latest message, and a short topic NLU could not place while the
    form asks (:func:`short_answer`); a new request never answers (:func:`new_request`), nor
    a message the input guard took out of scope."""
    if is_guarded(tracker.latest_message):
        return False
    intent, text, entities = message_parts(tracker)
    language = message_language(tracker)
    if asking and new_request(intent, text, language, form):
        return False
    if answers(intent, asking, form):
        return True
    if not asking:
        return False
    # The other search's intent on a bare topic ("Batteriespeicher" while the calls form asks):
    # the answer, unless the message names partners or calls (a new request).
    if (
        intent in FORM_REQUESTS.values()
        and requested_feature(text) is None
        and short_topic(text, language)
    ):
        return True
    if short_answer(intent, text, language):
        return True
    return described_answer(intent, text, language, form, entities)


#: The most words of a described answer to a form's question (:func:`described_answer`).
DESCRIBED_ANSWER_WORDS = 20
#: Intents NLU gives a described answer it cannot place: out of scope, unsure, or the other
#: search's request ("companies working with cork and other natural building materials" read as
#: a calls request while the partner form asks). Not the question intents (``faq``, the fact
#: questions): "oh wait, first tell me what lump sum funding means" is a question NLU placed,
#: whatever its punctuation.
DESCRIBED_ANSWER_INTENTS = frozenset({"out_of_scope", "nlu_fallback", *FORM_REQUESTS.values()})
#: Entities that show what an out-of-scope described answer is about.
DESCRIBED_TOPIC_ENTITIES = frozenset({"sector", "technology"})


def described_answer(
    intent: str,
    text: str,
    language: str | None,
    form: str | None = None,
    entities: list[Mapping[str, Any]] | None = None,
) -> bool:
    """Whether a longer statement answers the form's question with a topic, whatever NLU read.

    The form asked what partners or calls should be about; the answer is that slot's value
    first (twelfth held-out set, SLOT turns: answers with unusual values read as out of scope,
    and the form asked again). A statement of up to
    :data:`DESCRIBED_ANSWER_WORDS` words that names a topic, asks nothing and names no other
    search than the form's own (companies, "empresas que trabalham com cortiça ...", describe the
    partners asked for; open calls while the partner form asks are a new request:
    :func:`requested_feature`) is the answer, when NLU read it as out of scope, was unsure of it
    or read a search (:data:`DESCRIBED_ANSWER_INTENTS`; NLU's FAQ and fact questions are left
    to it). Read as out of scope, it must also
    show what it describes: the form's own search noun, for partners an organisation
    ("empresas", "Firmen": :data:`actions.dialogue.request_words.ORGANISATIONS_SOUGHT`), or a sector or
    technology NLU found (:data:`DESCRIBED_TOPIC_ENTITIES`); "tell me a joke about engineers
    please" shows neither. :func:`new_request` has already let questions and changes of mind
    through.

    Args:
        intent: The message's intent.
        text: The message.
        language: Its language (its function words name no topic).
        form: The form that asked (None: a message naming partners or calls is no answer).
        entities: The message's entities.
    """
    words = text.split()
    if intent not in DESCRIBED_ANSWER_INTENTS or not words or len(words) > DESCRIBED_ANSWER_WORDS:
        return False
    if is_question(text) or CHANGE_OF_MIND.match(text):
        return False
    feature = requested_feature(text)
    own = FORM_REQUESTS.get(form or "")
    if feature is not None and feature != own:
        return False
    if intent == "out_of_scope" and feature is None:
        found = {e.get("entity") for e in entities or [] if isinstance(e, Mapping)}
        sought = own == "find_partners" and ORGANISATIONS_SOUGHT.search(text) is not None
        if not sought and not found & DESCRIBED_TOPIC_ENTITIES:
            return False
    return names_a_topic(text, language)


def message_parts(tracker: Tracker) -> tuple[str, str, list[Mapping[str, Any]]]:
    """The latest message's intent name, text and (well-formed) entities."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name") or ""
    text = message.get("text") or ""
    entities = [e for e in message.get("entities") or [] if isinstance(e, Mapping)]
    return intent, text, with_text_label(text, entities)


def form_topic(
    text: str, entities: list[Mapping[str, Any]], language: str | None = None
) -> str | None:
    """The topic a message names (places and filler removed), or None when it names none.

    Args:
        text: The message.
        entities: Its entities (places and labels are not the topic).
        language: The message's language when not English: its request words ("quero
            encontrar parceiros", "vorrei trovare dei partner") name no topic either.
    """
    stripped = without_change_of_mind(text)  # "forget it, show me calls on X": X
    shift = len(text) - len(stripped)
    moved = [
        {**e, "start": e["start"] - shift, "end": e["end"] - shift}
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int) and e["start"] >= shift
        else e
        for e in entities
        if not (isinstance(e.get("start"), int) and e["start"] < shift)
    ]
    query = partner_request(stripped, moved).query
    named = has_topic(query, language) and names_a_topic(query, language)
    return query[:CHAT_QUERY_CHARS] if named else None
