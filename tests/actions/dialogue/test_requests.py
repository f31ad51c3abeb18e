"""Requests read with the conversation (issue 13, context across turns, session 11).

actions/dialogue/request_words.py and its readers: a partner request that names no topic opens
the form, which asks for one; a request for the other feature right after a search takes that
search's topic; a refinement keeps every filter it does not change; a misspelt request noun still
searches. The topics are the partner profiles' sectors and the calls' topics (hydrogen,
semiconductors, aquaculture, photonics, robotics), the places NUTS/CLDR names; the request words
are written from the grammar of each language, never from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.dialogue.context import FOLLOW_UP_SLOT, implicit_topic, latest_context
from actions.dialogue.follow_up import ActionFollowUp, follow_up_kind, unsure_kind
from actions.dialogue.forms import bare_request, form_topic, misspelt_feature, requested_feature
from actions.dialogue.navigation import ActionRefineSearch
from actions.funding.forms import ValidateCallSearchForm
from actions.partners.forms import ValidatePartnerSearchForm
from tests.actions.support import conversation, entity, slots_of

PARTNERS = {
    "kind": "partners",
    "query": "partners for semiconductor manufacturing",
    "filters": {},
    "ids": ["a"],
}
CALLS = {"kind": "calls", "query": "calls on green hydrogen production", "filters": {}}
DOMAIN = {
    "slots": {
        "partner_query": {"mappings": [{"type": "custom"}]},
        "call_topic": {"mappings": [{"type": "custom"}]},
    },
    "forms": {
        "partner_search_form": {"required_slots": ["partner_query"]},
        "call_search_form": {"required_slots": ["call_topic"]},
    },
}


def tracker(
    text: str,
    intent: str = "find_partners",
    language: str | None = None,
    history: list[str] | None = None,
    ranking: list[tuple[str, float]] | None = None,
    entities: list[dict] | None = None,
    **slots,
) -> Tracker:
    """The latest message ``text`` (NLU: ``intent``) after the actions ``history``."""
    return conversation(
        text,
        intent,
        ranking=ranking or [(intent, 0.6)],
        entities=entities,
        language=language,
        history=history,
        sender="requests-test",
        **slots,
    )


# -- 1. a partner request that names no topic: the form asks -----------------------------------

VAGUE_PARTNER_REQUESTS = [
    ("our organisation is seeking reliable partners", None),
    ("wir bräuchten zuverlässige Partner", "de"),
    ("il nous faudrait des partenaires", "fr"),
    ("nous recherchons des partenaires européens", "fr"),
    ("estamos buscando un socio", "es"),
    ("nos hace falta un socio extranjero", "es"),
    ("stiamo cercando dei partner", "it"),
    ("ci servono partner affidabili", "it"),
    ("poszukujemy partnerów zagranicznych", "pl"),
    ("ons bedrijf zoekt nieuwe partners", "nl"),
    ("andamos à procura de parceiros", "pt"),
    ("a nossa empresa procura um parceiro", "pt"),
    ("notre PME voudrait trouver des partenaires", "fr"),
    ("quisiéramos encontrar socios", "es"),
    ("vorremmo trovare dei partner", "it"),
    ("gostaríamos de encontrar parceiros", "pt"),
]


@pytest.mark.parametrize(("text", "language"), VAGUE_PARTNER_REQUESTS)
async def test_a_partner_request_naming_no_topic_leaves_the_form_to_ask(dispatcher, text, language):
    assert form_topic(text, [], language) is None
    assert bare_request(text, language) == "find_partners"
    t = tracker(text, language=language, partner_query="an older topic")
    slots = slots_of(await ValidatePartnerSearchForm().run(dispatcher, t, DOMAIN))
    assert slots["partner_query"] is None  # the form asks for the topic


@pytest.mark.parametrize(
    ("text", "language", "topic"),
    [
        ("stiamo cercando partner per la robotica collaborativa", "it", "robotica collaborativa"),
        ("andamos à procura de parceiros em aquacultura", "pt", "aquacultura"),
        ("nous recherchons des partenaires en photonique", "fr", "photonique"),
        ("our organisation is seeking partners in hydrogen storage", None, "hydrogen storage"),
    ],
)
def test_a_partner_request_with_a_topic_keeps_it(text, language, topic):
    found = form_topic(text, [], language)
    assert found is not None and found.endswith(topic)


# -- 3. the topic carried between partners and calls without a back-reference ------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("what funding could we apply for together?", None),
        ("jakie dofinansowanie moglibyśmy wspólnie zdobyć?", "pl"),
        ("voor welke subsidies kunnen we samen aanvragen?", "nl"),
        ("welke oproepen zijn er waarvoor we samen kunnen indienen?", "nl"),
        ("what grants could we go for jointly?", None),
    ],
)
async def test_a_calls_request_right_after_a_partner_search_takes_its_topic(
    dispatcher, text, language
):
    history = ["action_search_partners", "utter_ask_feedback", "action_listen"]
    t = tracker(text, "find_calls", language, history, last_search=PARTNERS)
    assert implicit_topic(t, text, "find_calls") == "semiconductor manufacturing"
    slots = slots_of(await ValidateCallSearchForm().run(dispatcher, t, DOMAIN))
    assert slots["call_topic"] == "semiconductor manufacturing"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("und welche Cluster kämen als Partner in Frage?", "de"),
        ("welke clusters zouden partner kunnen zijn?", "nl"),
        ("which clusters might be suitable partners?", None),
    ],
)
async def test_a_partner_request_right_after_a_calls_search_takes_its_topic(
    dispatcher, text, language
):
    history = ["action_search_calls", "utter_ask_feedback", "action_listen"]
    t = tracker(text, "find_partners", language, history, last_search=CALLS, country="FR")
    slots = slots_of(await ValidatePartnerSearchForm().run(dispatcher, t, DOMAIN))
    assert slots["partner_query"] == "green hydrogen production"
    assert slots["country"] is None  # a new request: no filter of an older search


def test_the_topic_is_not_carried_when_it_should_not_be():
    text = "what funding could we apply for together?"
    after_partners = ["action_search_partners", "action_listen"]
    # the message names its own topic
    own = "what funding could we get for quantum sensing together?"
    t = tracker(own, "find_calls", None, after_partners, last_search=PARTNERS)
    assert implicit_topic(t, own, "find_calls") is None
    # the same feature as the last search: a refinement's business, not this one
    t = tracker(text, "find_calls", None, ["action_search_calls"], last_search=CALLS)
    assert implicit_topic(t, text, "find_calls") is None
    # the last answer was about an instrument, not a search
    t = tracker(text, "find_calls", None, ["action_explain_instrument"], last_search=PARTNERS)
    assert implicit_topic(t, text, "find_calls") is None
    # nothing searched yet
    assert implicit_topic(tracker(text, "find_calls"), text, "find_calls") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("who could we team up with on this?", None),
        ("mit wem könnten wir uns dafür zusammentun?", "de"),
        ("avec qui pourrions-nous collaborer là-dessus ?", "fr"),
        ("¿con quién podríamos colaborar en esto?", "es"),
        ("con chi potremmo collaborare su questo?", "it"),
        ("z kim moglibyśmy współpracować w tym temacie?", "pl"),
        ("met wie kunnen we daarbij samenwerken?", "nl"),
        ("com quem poderíamos colaborar nisso?", "pt"),
    ],
)
def test_working_together_on_the_last_calls_topic_is_a_partner_search(text, language):
    assert requested_feature(text) == "find_partners"
    history = ["action_search_calls", "utter_ask_feedback"]
    t = tracker(text, "faq", language, history, last_search=CALLS)
    assert unsure_kind(t) == "partners"


# -- 4. a refinement to another country keeps the topic and the sector ------------------------


@pytest.mark.parametrize(
    ("text", "place", "code", "language"),
    [
        ("what about Austria instead?", "Austria", "AT", None),
        ("wie wäre es mit Österreich?", "Österreich", "AT", "de"),
        ("et plutôt en Autriche ?", "Autriche", "AT", "fr"),
        ("¿qué tal en Austria?", "Austria", "AT", "es"),
        ("e invece in Austria?", "Austria", "AT", "it"),
        ("a teraz w Austrii?", "Austrii", "AT", "pl"),
        ("wat dacht je van Oostenrijk", "Oostenrijk", "AT", "nl"),
        ("e que tal na Áustria?", "Áustria", "AT", "pt"),
    ],
)
async def test_a_refinement_to_another_country_keeps_topic_and_sector(
    services, dispatcher, text, place, code, language
):
    last = {
        "kind": "partners",
        "query": "automotive suppliers",
        "filters": {"country": "ES", "sector": "Automotive & Mobility"},
        "ids": ["a"],
    }
    found = [entity(text, "country", place)]
    t = tracker(text, "inform", language, ["action_search_partners"], entities=found)
    t.slots["last_search"] = last
    t.latest_message["entities"][0]["value"] = code
    events = await ActionRefineSearch().run(dispatcher, t, {})
    search = slots_of(events)["last_search"]
    assert search["query"] == "automotive suppliers"  # not "what about instead"
    assert search["filters"]["country"] == code
    assert search["filters"]["sector"] == "Automotive & Mobility"


# -- 5. misspelt request nouns still search ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("clustr de tecnologia maritma em portgal", "find_partners"),
        ("parceros para energia solr", "find_partners"),
        ("clster di robbotica in germnia", "find_partners"),
        ("patners for hydrogn storage", "find_partners"),
        ("convocatorais de hidrogeno", "find_calls"),
        # a name made with the noun is no misspelling, and the noun itself is none either
        ("tell me about Euroclusters", None),
        ("clusters for robotics", None),
        ("the weather in Lisbon tomorrow", None),
    ],
)
def test_a_misspelt_request_noun_names_its_feature(text, feature):
    assert misspelt_feature(text) == feature


@pytest.mark.parametrize(
    ("text", "language", "ranking"),
    [
        ("parceros para energia solr na espanha", "pt", [("find_calls", 0.35)]),
        ("clster di robbotica in germania", "it", [("find_partners", 0.22), ("inform", 0.22)]),
        ("clusters working on quantum technologies", None, [("ask_cluster_facts", 0.47)]),
        ("klastry zajmujące się wodorem", "pl", [("ask_cluster_facts", 0.33)]),
    ],
)
def test_an_unsure_request_naming_partners_and_a_topic_is_searched(text, language, ranking):
    t = tracker(text, "nlu_fallback", language, ranking=ranking)
    assert follow_up_kind(t) == "partners"


def test_a_misspelt_partner_search_read_as_out_of_scope_is_searched():
    text = "clustr de tecnologia maritma em portugal"
    t = tracker(text, "out_of_scope", "pt", ranking=[("out_of_scope", 0.6)])
    assert unsure_kind(t) == "partners"
    # a question keeps its out-of-scope answer
    question = "qual é o clustr de futebol mais antigo?"
    assert unsure_kind(tracker(question, "out_of_scope", "pt")) is None


# -- 2. the instrument a fact answer was about stays the conversation's ------------------------


@pytest.mark.parametrize(
    "answered_by",
    ["action_route_fact", "action_follow_up", "action_search_partners", "action_cluster_facts"],
)
def test_a_fact_answer_that_set_the_instrument_makes_it_the_conversations(answered_by):
    t = tracker("e qual foi o orçamento?", "out_of_scope", "pt")
    t.events[-1:-1] = [
        {"event": "user", "text": "O que é o ESCP-S3?"},
        {"event": "action", "name": answered_by},
        {"event": "slot", "name": "instrument", "value": "ESCP-S3"},
        {"event": "action", "name": "action_listen"},
    ]
    assert latest_context(t) == "instrument"
    t.events[-3]["value"] = None  # no instrument answered: a search is a search
    expected = "search" if answered_by == "action_search_partners" else None
    assert latest_context(t) == expected


@pytest.mark.parametrize(
    ("text", "language", "asked"),
    [
        ("notre PME voudrait trouver des partenaires", "fr", False),
        ("a nossa PME precisa de parceiros", "pt", False),
        ("welche Generaldirektion kümmert sich um Clusterpolitik?", "de", True),
    ],
)
async def test_a_bare_request_gets_the_form_and_only_a_question_the_fact_cards(
    monkeypatch, dispatcher, text, language, asked
):
    # The fact cards would answer anything here (an SME figure): a request that asks nothing
    # is never turned into a fact answer.
    calls = []

    def answer(dispatcher, tracker):
        calls.append(tracker.latest_message["text"])
        return [{"event": "slot", "name": "instrument", "value": "INNOSUP-1"}]

    monkeypatch.setattr("actions.dialogue.follow_up.answer_if_fact", answer)
    monkeypatch.setattr("actions.dialogue.follow_up.unsure_kind", lambda tracker: "ask_partners")
    t = tracker(text, "faq", language, ranking=[("faq", 0.5)])
    events = await ActionFollowUp().run(dispatcher, t, {})
    assert calls == ([text] if asked else [])
    follow_up = slots_of(events)[FOLLOW_UP_SLOT]
    assert follow_up == ("instrument" if asked else "ask_partners")
