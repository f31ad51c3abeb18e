"""Fact routing: fact questions NLU sent to a search, the FAQ or "did you mean" get the fact answer.

The answerer is the shipped cards and catalogue with the fake embedder of the action tests, so the
routing floor of its encoder is set here (the real floors are measured with the real encoders,
docs/benchmarks.md "Understanding, session 8 (route)"). The questions are written from the cards
(the cluster internationalisation programme's budget, INNOSUP-1's SMEs) and invented programme
names; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import FOLLOW_UP_SLOT
from actions.dialogue.fallback import ActionDefaultAskAffirmation
from actions.funding import calls as calls_module
from actions.funding import routing
from actions.funding.calls import ActionSearchCalls
from actions.funding.instruments import ActionExplainInstrument
from actions.funding.routing import answer_if_fact, fact_route, intent_of
from actions.partners.search import ActionSearchPartners
from contracts.payloads import FACT_ANSWER
from tests.actions.support import make_tracker, slots_of

BUDGET_QUESTION = "How much funding did the cluster internationalisation programme for SMEs have?"
INVENTED = "Tell me about the Danube Cluster Bridge Fund"
SEARCH = "partners for hydrogen storage in Bavaria"


def tracker(text: str, intent: str, confidence: float) -> Tracker:
    return make_tracker(text, intent=intent, confidence=confidence)


def test_intent_of_reads_name_and_confidence():
    assert intent_of({"intent": {"name": "faq", "confidence": 0.42}}) == ("faq", 0.42)
    assert intent_of({}) == (None, 0.0)
    assert intent_of({"intent": "faq"}) == (None, 0.0)


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope"])
def test_unsure_nlu_gets_the_fact_answer(answerer, floor, intent):
    route = fact_route(answerer, BUDGET_QUESTION, None, intent, 0.4)
    assert route is not None and route.answer is not None
    assert route.answer["card_id"] == "internationalisation-budget"


def test_a_doubtful_search_gets_the_fact_answer_a_confident_one_stays_a_search(answerer, floor):
    assert fact_route(answerer, BUDGET_QUESTION, None, "find_calls", 0.5).answer is not None
    statement = "funding from the cluster internationalisation programme for SMEs"
    assert fact_route(answerer, statement, None, "find_calls", 0.9) is None


def test_a_confident_search_that_asks_a_named_fact_gets_the_fact_answer(answerer, floor):
    # a question naming an instrument (or an event of the cards) and asking a figure or a date
    route = fact_route(answerer, BUDGET_QUESTION, None, "find_calls", 0.9)
    assert route is not None and route.answer["card_id"] == "internationalisation-budget"
    when = "When did the First European Cluster Policy Forum take place?"
    route = fact_route(answerer, when, None, "find_partners", 0.95)
    assert route is not None and route.answer["card_id"] == "events-first-policy-forum"
    # ... but not when it asks for calls, nor without a question
    calls = "How many calls does the cluster internationalisation programme for SMEs have open?"
    assert fact_route(answerer, calls, None, "find_calls", 0.9) is None
    assert fact_route(answerer, "clusters in Ukraine", None, "find_partners", 0.9) is None


def test_real_searches_are_not_stolen(answerer, floor):
    for confidence in (0.3, 0.95):
        assert fact_route(answerer, SEARCH, None, "find_partners", confidence) is None
    assert fact_route(answerer, "grants for soil health research", None, "find_calls", 0.4) is None


def test_faq_keeps_questions_without_a_figure(answerer, floor):
    assert fact_route(answerer, "What is the Enterprise Europe Network?", None, "faq", 0.8) is None
    route = fact_route(answerer, BUDGET_QUESTION, None, "faq", 0.8)
    assert route is not None and route.answer["card_id"] == "internationalisation-budget"


def test_intents_the_fact_actions_already_answer_are_left_alone(answerer, floor):
    assert fact_route(answerer, BUDGET_QUESTION, None, "ask_instrument", 0.9) is None
    assert fact_route(answerer, BUDGET_QUESTION, None, None, 0.0) is None
    assert fact_route(answerer, "", None, "nlu_fallback", 0.4) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (INVENTED, None),
        ("Wie viel zahlt der Alpenländische Cluster-Innovationsfonds?", "de"),
        ("Qui peut demander le Fonds Pyrénéen des Clusters Numériques ?", "fr"),
    ],
)
@pytest.mark.parametrize("intent", ["find_partners", "faq", "nlu_fallback"])
def test_unknown_programmes_are_not_known_whatever_the_intent(
    answerer, floor, text, language, intent
):
    route = fact_route(answerer, text, language, intent, 0.95)
    assert route is not None and route.answer is None
    assert route.unknown_name and route.unknown_name in text


async def test_partner_action_answers_the_fact_question(fact_services):
    dispatcher = CollectingDispatcher()
    events = await ActionSearchPartners().run(
        dispatcher, tracker(BUDGET_QUESTION, "find_partners", 0.5), {}
    )
    [message] = dispatcher.messages
    assert message["custom"]["type"] == FACT_ANSWER
    assert message["custom"]["card_id"] == "internationalisation-budget"
    assert "Source:" in message["text"]
    # the instrument answered about is remembered for follow-ups ("and who could apply?")
    assert [(e["name"], e["value"]) for e in events] == [
        ("instrument", "Cluster Internationalisation Programme for SMEs")
    ]


async def test_calls_action_says_not_known_for_an_invented_programme(fact_services):
    dispatcher = CollectingDispatcher()
    await ActionSearchCalls().run(dispatcher, tracker(INVENTED, "find_calls", 0.6), {})
    [message] = dispatcher.messages
    assert message["custom"]["verdict"] == "not_known"
    assert message["custom"]["unknown_name"] == "Danube Cluster Bridge Fund"
    assert "call_results" not in str(message["custom"].get("type"))


async def test_did_you_mean_gives_way_to_the_fact_answer(fact_services):
    dispatcher = CollectingDispatcher()
    events = await ActionDefaultAskAffirmation().run(
        dispatcher, tracker(BUDGET_QUESTION, "nlu_fallback", 0.4), {}
    )
    # the answer's instrument and "about an instrument" are kept for the next follow-up
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {
        "instrument": "Cluster Internationalisation Programme for SMEs",
        FOLLOW_UP_SLOT: "instrument",
    }
    [message] = dispatcher.messages
    assert message["custom"]["type"] == FACT_ANSWER
    assert not message.get("buttons")


async def test_a_confident_search_is_searched(fact_services):
    dispatcher = CollectingDispatcher()
    assert answer_if_fact(dispatcher, tracker(SEARCH, "find_partners", 0.93)) is None
    assert dispatcher.messages == []


async def test_a_label_and_a_place_stay_a_search(fact_services):
    text = "How many clusters hold a gold label in France?"
    entities = [
        {"entity": "label", "value": "gold label", "start": 24, "end": 34},
        {"entity": "country", "value": "FR", "start": 38, "end": 44},
    ]
    latest = tracker(text, "nlu_fallback", 0.4).latest_message
    assert routing.is_filtered_search(entities)
    assert not routing.is_filtered_search(entities[1:])
    with_entities = tracker(text, "nlu_fallback", 0.4)
    with_entities.latest_message = {**latest, "entities": entities}
    dispatcher = CollectingDispatcher()
    assert answer_if_fact(dispatcher, with_entities) is None


@pytest.mark.parametrize("intent", ["faq", "out_of_scope"])
async def test_route_fact_answers_before_the_faq_and_out_of_scope_responses(fact_services, intent):
    dispatcher = CollectingDispatcher()
    events = await routing.ActionRouteFact().run(
        dispatcher, tracker(BUDGET_QUESTION, intent, 0.8), {}
    )
    [message] = dispatcher.messages
    assert message["custom"]["type"] == FACT_ANSWER
    assert (events[-1]["name"], events[-1]["value"]) == ("follow_up", "instrument")
    assert ("instrument", "Cluster Internationalisation Programme for SMEs") in [
        (e["name"], e["value"]) for e in events
    ]


async def test_route_fact_names_an_unknown_programme_filed_as_faq(fact_services):
    dispatcher = CollectingDispatcher()
    events = await routing.ActionRouteFact().run(dispatcher, tracker(INVENTED, "faq", 0.9), {})
    [message] = dispatcher.messages
    assert message["custom"]["verdict"] == "not_known"
    assert events[-1]["value"] == "instrument"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("What is the Enterprise Europe Network?", "faq"),
        ("book me two cinema tickets for tonight", "out_of_scope"),
    ],
)
async def test_route_fact_leaves_the_rest_to_the_responses(fact_services, text, intent):
    dispatcher = CollectingDispatcher()
    events = await routing.ActionRouteFact().run(dispatcher, tracker(text, intent, 0.9), {})
    assert dispatcher.messages == []
    assert [(e["name"], e["value"]) for e in events] == [("follow_up", routing.NOT_FACT)]


async def test_out_of_scope_gets_a_fact_only_when_it_names_a_programme(
    fact_services, answerer, monkeypatch
):
    # NLU sure it is off-topic: even when the cards would answer, no programme named means no
    # fact answer (an exchange-rate question must not get a budget card); one named does.
    answer = answerer.answer(BUDGET_QUESTION)
    assert answer["verdict"] == "answered"
    monkeypatch.setattr(routing, "fact_route", lambda *a, **k: routing.FactRoute(answer=answer))
    dispatcher = CollectingDispatcher()
    text = "what is the euro to zloty exchange rate today"
    assert answer_if_fact(dispatcher, tracker(text, "out_of_scope", 0.6)) is None
    assert answer_if_fact(dispatcher, tracker(text, "nlu_fallback", 0.4)) is not None
    assert answer_if_fact(dispatcher, tracker(BUDGET_QUESTION, "out_of_scope", 0.6)) is not None


async def test_an_unsure_fact_question_is_answered_before_a_form_opens(
    fact_services, answerer, monkeypatch
):
    """action_follow_up about to open the partner form (NLU unsure, a partner request ranked
    below the FAQ, nothing earlier) first lets the fact cards answer."""
    from actions.dialogue.context import FOLLOW_UP_SLOT
    from actions.dialogue.follow_up import ActionFollowUp, follow_up_kind

    answer = answerer.answer(BUDGET_QUESTION)
    monkeypatch.setattr(routing, "fact_route", lambda *a, **k: routing.FactRoute(answer=answer))
    t = tracker("which directorate-general looks after cluster policy", "nlu_fallback", 0.4)
    t.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "faq", "confidence": 0.36},
        {"name": "find_partners", "confidence": 0.3},
    ]
    assert follow_up_kind(t) == "ask_partners"
    dispatcher = CollectingDispatcher()
    events = await ActionFollowUp().run(dispatcher, t, {})
    [message] = dispatcher.messages
    assert message["custom"]["type"] == FACT_ANSWER
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots[FOLLOW_UP_SLOT] == "instrument" and "partner_query" not in slots


def test_a_dutch_article_is_no_instrument_name(answerer, floor):
    # "een" is an alias of the Enterprise Europe Network, and the Dutch "a"
    text = "Hoeveel partners heeft een consortium nodig?"
    assert not routing.asks_named_fact(answerer, text, "nl")
    assert routing.asks_named_fact(answerer, "Hoeveel kost het EEN?", "nl")


def _after_partner_search(text: str, language: str | None = None) -> Tracker:
    """``text`` (in ``language``) as a calls request NLU was unsure of, after a partner search."""
    found = [{"entity": "language", "value": language}] if language else []
    t = make_tracker(text, found, said_in=language, intent="find_calls", confidence=0.5)
    t.events.insert(0, {"event": "action", "name": "action_search_partners"})
    t.slots["last_search"] = {"kind": "partners", "query": "marine biotechnology", "filters": {}}
    return t


async def test_funding_on_the_last_search_topic_is_searched_not_answered(
    fact_services, answerer, monkeypatch
):
    """ "any funding programme open on that topic?" after a partner search is a calls search on
    the carried topic, even when the cards would answer it (a card about applying)."""
    answer = answerer.answer(BUDGET_QUESTION)
    monkeypatch.setattr(routing, "fact_route", lambda *a, **k: routing.FactRoute(answer=answer))
    dispatcher = CollectingDispatcher()
    text = "is there a funding programme open for that topic right now?"
    assert answer_if_fact(dispatcher, _after_partner_search(text)) is None
    t = _after_partner_search(text)
    assert calls_module._request_in_context(t, t.latest_message).query == "marine biotechnology"
    assert dispatcher.messages == []
    # a message that names a programme still gets that programme's card
    named = "and what budget did the Cluster Internationalisation Programme for SMEs have for that?"
    assert answer_if_fact(dispatcher, _after_partner_search(named)) is not None


@pytest.mark.parametrize(
    ("text", "language", "follow_up"),
    [
        (
            "c'è qualche programma di finanziamento aperto su quel tema?",
            "it",
            "action_search_calls",
        ),
        (
            "czy jest jakiś otwarty program finansowania w tej dziedzinie?",
            "pl",
            "action_search_calls",
        ),
        ("which clusters could partner with us on that?", None, "action_search_partners"),
    ],
)
async def test_an_instrument_question_on_the_last_search_topic_is_that_search(
    fact_services, monkeypatch, text, language, follow_up
):
    """NLU files "is any funding programme open on that topic?" as ask_instrument: after a
    search it runs the search on the carried topic, no card is given. In this turn (session 16),
    not as a follow-up action: the core fallback after a follow-up action reverted the list."""
    from actions.funding import instruments

    ran = []

    async def record(name, dispatcher, tracker, domain):
        ran.append((name, tracker.get_slot("partner_query")))
        return []

    monkeypatch.setattr(instruments, "run_action", record)
    t = _after_partner_search(text, language)
    t.latest_message["intent"] = {"name": "ask_instrument", "confidence": 0.8}
    dispatcher = CollectingDispatcher()
    events = await ActionExplainInstrument().run(dispatcher, t, {})
    assert not [e for e in events if e.get("event") == "followup"]
    assert [name for name, _ in ran] == [follow_up]
    if follow_up == "action_search_partners":
        assert ran[0][1] == "marine biotechnology"  # the carried topic, not the message
    assert dispatcher.messages == []


async def test_an_instrument_question_naming_a_programme_keeps_its_card(fact_services):
    text = "and who could apply to the Cluster Internationalisation Programme for SMEs for that?"
    t = _after_partner_search(text)
    t.latest_message["intent"] = {"name": "ask_instrument", "confidence": 0.8}
    dispatcher = CollectingDispatcher()
    await ActionExplainInstrument().run(dispatcher, t, {})
    [message] = dispatcher.messages
    assert message["custom"]["type"] == FACT_ANSWER


async def test_a_cluster_facts_question_for_partners_on_the_last_topic_is_that_search(
    fact_services,
):
    from actions.funding.instruments import ActionClusterFacts

    t = _after_partner_search("welche Cluster könnten uns dabei helfen?", "de")
    t.latest_message["intent"] = {"name": "ask_cluster_facts", "confidence": 0.7}
    dispatcher = CollectingDispatcher()
    events = await ActionClusterFacts().run(dispatcher, t, {})
    assert not [e for e in events if e.get("event") == "followup"]  # in this turn (session 16)
    searched = slots_of(events)["last_search"]
    assert searched["kind"] == "partners" and "marine biotechnology" in searched["query"]


# --- session 11: questions about cluster policy itself -------------------------------------------
# Written from the cards (DG GROW and its unit's mailbox, the Low Carbon Business Action, EREK);
# none comes from an evaluation set.


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("Which Commission department is in charge of clusters?", None, "faq"),
        ("Which Commission department is in charge of clusters?", None, "find_partners"),
        ("Welches Referat der Kommission ist für Cluster zuständig?", "de", "out_of_scope"),
        ("Quelle unité de la Commission est responsable des clusters ?", "fr", "find_partners"),
        ("Ktoré riaditeľstvo Komisie zodpovedá za klastre?", "sk", "nlu_fallback"),
    ],
)
def test_who_runs_cluster_policy_reaches_the_contact_cards(answerer, floor, text, language, intent):
    route = fact_route(answerer, text, language, intent, 0.9)
    assert route is not None and route.answer is not None
    assert route.answer["instrument"] == "cluster-policy"
    assert route.answer["aspect"] == "contact"


def test_a_question_naming_an_action_of_the_cards_is_answered_even_from_the_faq(answerer, floor):
    text = "Which countries take part in the Low Carbon Business Action?"
    for intent in ("faq", "find_partners"):
        route = fact_route(answerer, text, None, intent, 0.95)
        assert route is not None and route.answer is not None
        assert route.answer["card_id"] in ("gap-low-carbon", "gap-resource-efficiency")


def test_the_faq_keeps_what_it_answers_and_questions_about_other_things(answerer, floor):
    # the FAQ answers the EEN and the ECCP itself; "responsible" without clusters or the
    # Commission is no question about cluster policy (the privacy FAQ)
    assert (
        fact_route(answerer, "How do I contact the Enterprise Europe Network?", None, "faq", 0.6)
        is None
    )
    assert (
        fact_route(answerer, "Who is responsible for my personal data?", None, "faq", 0.9) is None
    )
    assert routing.asks_policy_fact(answerer, "Who runs cluster policy at the Commission?", None)
    # not a question, or a request for calls: not a policy fact
    assert not routing.asks_policy_fact(
        answerer, "partners for the Low Carbon Business Action", None
    )
    assert not routing.asks_policy_fact(
        answerer, "Which calls does the unit in charge of clusters publish?", None
    )


def test_a_what_is_cue_after_a_named_instrument_asks_without_a_question_word(answerer, floor):
    # "I heard of EREK, what is it about" (no "?", no question word at the start)
    text = "Ich habe von EREK gehört, worum geht es dabei"
    assert routing.asks_policy_fact(answerer, text, "de")
    route = fact_route(answerer, text, "de", "nlu_fallback", 0.4)
    assert route is not None and route.answer is not None
    assert route.answer["instrument"] == "erek"
    # the name alone, no question: not a fact question
    assert not routing.asks_policy_fact(answerer, "EREK Partner in Bayern", "de")
