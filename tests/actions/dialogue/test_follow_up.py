"""A message NLU could not place, read against the previous turn (actions/dialogue/follow_up.py).

The texts are written from the sources (the partner profiles' topics, the call topics, the fact
cards' instruments), in the eight reply languages, never copied from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.dialogue.context import FOLLOW_UP_SLOT, latest_context, referred_topic
from actions.dialogue.follow_up import (
    ActionFollowUp,
    conversation_context,
    follow_up_kind,
    unsure_kind,
)
from actions.dialogue.navigation import ActionRefineSearch
from tests.actions.support import conversation, entity

PARTNERS = {"kind": "partners", "query": "circular plastics packaging clusters in", "filters": {}}
PARTNERS_DE = {
    "kind": "partners",
    "query": "Wir brauchen Partner für Kreislaufwirtschaft bei Kunststoffen",
    "filters": {"country": "DE"},
    "language": "de",
}
CALLS = {"kind": "calls", "query": "sustainable aviation fuels", "filters": {}}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


def tracker(
    text: str,
    intent: str = "nlu_fallback",
    ranking: list[tuple[str, float]] | None = None,
    entities: list[dict] | None = None,
    language: str | None = None,
    history: list[str] | None = None,
    **slots,
) -> Tracker:
    """A tracker whose latest message NLU ranked as ``ranking`` after the actions ``history``."""
    return conversation(
        text,
        intent,
        ranking=[("nlu_fallback", 0.4), *(ranking or [])],
        entities=entities,
        language=language,
        history=history,
        sender="follow-up-test",
        **slots,
    )


def kind_after_search(
    text: str, intent: str, language: str | None, history: list[str]
) -> str | None:
    """What ``unsure_kind`` makes of ``text`` (NLU: ``intent`` at 0.5) after a partner search."""
    return unsure_kind(
        tracker(
            text,
            intent=intent,
            ranking=[(intent, 0.5)],
            language=language,
            history=history,
            last_search=PARTNERS,
        )
    )


@pytest.mark.parametrize(
    ("text", "language", "ranking"),
    [
        ("are any grants open for this as well?", None, [("find_calls", 0.38), ("faq", 0.3)]),
        ("Gibt es hierfür Ausschreibungen?", "de", [("find_calls", 0.35), ("help", 0.2)]),
        ("y hay convocatorias para eso?", "es", [("faq", 0.3), ("find_calls", 0.29)]),
        ("ci sono finanziamenti aperti su questo argomento?", "it", [("find_calls", 0.41)]),
        ("czy są nabory w tym temacie?", "pl", [("find_calls", 0.3), ("out_of_scope", 0.2)]),
        ("zijn daarvoor subsidies open?", "nl", [("find_calls", 0.33)]),
        ("existem concursos sobre isso?", "pt", [("find_calls", 0.36)]),
        ("des appels ouverts là-dessus ?", "fr", [("find_calls", 0.31)]),
    ],
)
def test_calls_on_the_last_partner_topic_in_eight_languages(text, language, ranking):
    t = tracker(
        text,
        ranking=ranking,
        language=language,
        history=["action_search_partners"],
        last_search=PARTNERS,
    )
    assert follow_up_kind(t) == "calls"
    assert referred_topic(t, text) == "circular plastics packaging"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("which organisations could help with that?", None),
        ("welche Cluster könnten dabei helfen?", "de"),
        ("quels clusters pourraient aider là-dessus ?", "fr"),
        ("welke organisaties kunnen daarbij helpen?", "nl"),
        ("quem poderia ajudar nisso?", "pt"),
    ],
)
def test_partners_on_the_last_calls_topic(text, language):
    t = tracker(
        text,
        ranking=[("ask_cluster_facts", 0.45), ("find_partners", 0.44)],
        language=language,
        history=["action_search_calls", "utter_ask_feedback"],
        last_search=CALLS,
    )
    assert follow_up_kind(t) == "partners"
    assert referred_topic(t, text) == "sustainable aviation fuels"


def test_the_carried_topic_leaves_the_request_words_of_the_searchs_language():
    t = tracker(
        "Gibt es dazu offene Ausschreibungen?",
        ranking=[("find_calls", 0.5)],
        language="de",
        history=["action_search_partners"],
        last_search=PARTNERS_DE,
    )
    assert referred_topic(t, t.latest_message["text"]) == "Kreislaufwirtschaft Kunststoffen"


def test_a_message_with_its_own_topic_is_not_a_back_reference():
    text = "gibt es dazu auch etwas zu Wasserstoffspeichern?"
    t = tracker(text, ranking=[("find_calls", 0.5)], language="de", last_search=PARTNERS)
    assert referred_topic(t, text) is None
    assert follow_up_kind(t) == "calls"  # its own topic is searched


def test_filters_alone_with_a_partner_ranking_are_a_search():
    text = "clústeres con sello de oro en Austria"
    found = [entity(text, "country", "Austria")]
    t = tracker(
        text,
        ranking=[("find_partners", 0.5), ("ask_cluster_facts", 0.45)],
        entities=found,
        language="es",
    )
    assert follow_up_kind(t) == "partners"


def test_a_filter_after_a_search_refines_it():
    text = "hmm, Slovenia maybe"
    t = tracker(
        text,
        ranking=[("inform", 0.3), ("out_of_scope", 0.3)],
        entities=[entity(text, "country", "Slovenia")],
        history=["action_search_partners"],
        last_search=PARTNERS,
    )
    assert follow_up_kind(t) == "refine"


def test_after_an_instrument_answer_a_question_is_about_the_instrument():
    t = tracker(
        "could a university take part?",
        ranking=[("ask_instrument", 0.3)],
        history=["action_explain_instrument"],
        instrument="ESCP-4i",
        last_search=PARTNERS,
    )
    assert conversation_context(t) == "instrument"
    assert follow_up_kind(t) == "instrument"


def test_an_faq_answer_about_a_named_instrument_is_an_instrument_context():
    t = tracker(
        "do startups qualify?",
        ranking=[("faq", 0.3)],
        history=["utter_faq"],
        instrument="Euroclusters",
    )
    assert conversation_context(t) == "instrument"
    assert follow_up_kind(t) == "instrument"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("and how would we submit a proposal, when is the deadline?", "instrument"),
        ("what sort of things can you do?", None),
    ],
)
def test_help_after_an_instrument_answer_only_when_it_asks_about_it(text, kind):
    t = tracker(
        text,
        intent="help",
        ranking=[("help", 0.6)],
        history=["action_explain_instrument"],
        instrument="INNOSUP-1",
    )
    assert follow_up_kind(t) == kind


@pytest.mark.parametrize(
    ("text", "ranking", "history", "slots"),
    [
        ("blue sky thinking", [("out_of_scope", 0.35)], [], {}),
        ("and in town?", [("inform", 0.2)], ["action_search_partners"], {"last_search": PARTNERS}),
    ],
)
def test_what_the_conversation_does_not_place_is_left_to_the_fallback(
    text, ranking, history, slots
):
    assert follow_up_kind(tracker(text, ranking=ranking, history=history, **slots)) is None


@pytest.mark.parametrize(
    ("text", "ranking", "kind", "slot"),
    [
        ("I need money", [("find_calls", 0.26), ("goodbye", 0.2)], "ask_calls", "call_topic"),
        (
            "procuro parceiros",
            [("faq", 0.3), ("find_partners", 0.27)],
            "ask_partners",
            "partner_query",
        ),
    ],
)
async def test_an_unsure_request_with_nothing_to_search_opens_its_form(
    dispatcher, text, ranking, kind, slot
):
    t = tracker(
        text,
        ranking=ranking,
        language="pt" if "parceiros" in text else None,
        call_topic="old topic",
        partner_query="old topic",
    )
    assert follow_up_kind(t) == kind
    events = await ActionFollowUp().run(dispatcher, t, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {slot: None, FOLLOW_UP_SLOT: kind}  # the form asks, not the old topic
    assert dispatcher.messages == []


async def test_unplaced_message_is_marked_for_the_two_stage_fallback(dispatcher):
    events = await ActionFollowUp().run(dispatcher, tracker("blue sky thinking"), {})
    assert events == [
        {"event": "slot", "timestamp": None, "name": FOLLOW_UP_SLOT, "value": "unhandled"}
    ]
    assert dispatcher.messages == []


async def test_help_that_is_no_follow_up_shows_the_help_text(dispatcher):
    t = tracker("what can you do", intent="help", ranking=[("help", 0.9)])
    events = await ActionFollowUp().run(dispatcher, t, {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_help"]
    assert events[-1]["value"] == "answered"


async def test_partners_on_the_carried_topic_are_searched(services, dispatcher):
    text = "which clusters could join us on that?"
    t = tracker(
        text,
        ranking=[("find_partners", 0.3)],
        history=["action_search_calls", "utter_ask_feedback"],
        last_search=CALLS,
        country="FR",
    )
    events = await ActionFollowUp().run(dispatcher, t, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["partner_query"] == "sustainable aviation fuels"
    assert slots["country"] is None  # an older search's filter is not kept
    assert slots["last_search"]["kind"] == "partners"
    assert slots[FOLLOW_UP_SLOT] == "search"
    assert any(m.get("custom") for m in dispatcher.messages)


def test_the_follow_up_slot_says_what_the_conversation_is_about():
    t = tracker("x", history=["action_explain_instrument"])
    t.events.append({"event": "slot", "name": FOLLOW_UP_SLOT, "value": "search"})
    assert latest_context(t) == "search"
    t.events.append({"event": "slot", "name": FOLLOW_UP_SLOT, "value": "unhandled"})
    assert latest_context(t) == "search"  # "unhandled" changes nothing


async def test_refinement_in_another_language_keeps_the_topic(services, dispatcher):
    text = "e in Spagna?"
    last = {"kind": "partners", "query": "smart textiles", "filters": {"country": "IT"}}
    t = tracker(
        text,
        intent="inform",
        entities=[entity(text, "country", "Spagna")],
        language="it",
        last_search=last,
    )
    t.latest_message["entities"][0]["value"] = "ES"
    events = await ActionRefineSearch().run(dispatcher, t, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["last_search"]["query"] == "smart textiles"  # not "e in ?"
    assert slots["last_search"]["filters"]["country"] == "ES"


async def test_inform_right_after_an_instrument_answer_is_about_the_instrument(monkeypatch):
    called = []

    async def explain(self, dispatcher, tracker, domain):
        called.append(tracker.latest_message["text"])
        return []

    monkeypatch.setattr("actions.dialogue.navigation.ActionExplainInstrument.run", explain)
    t = tracker(
        "how do we put in an application for it?",
        intent="inform",
        history=["action_explain_instrument"],
        instrument="Interreg",
    )
    from rasa_sdk.executor import CollectingDispatcher

    await ActionRefineSearch().run(CollectingDispatcher(), t, {})
    assert called == ["how do we put in an application for it?"]


def test_a_call_status_question_answered_about_the_instrument_keeps_the_instrument_context():
    t = tracker(
        "so how would one apply now?",
        intent="help",
        ranking=[("help", 0.6)],
        history=["action_explain_instrument"],
        instrument="COSME",
    )
    t.events[-1:-1] = [
        {"event": "user", "text": "still going?"},
        action("action_call_status"),
        {"event": "slot", "name": "instrument", "value": "COSME"},
    ]
    assert latest_context(t) == "instrument"
    assert follow_up_kind(t) == "instrument"
    t.events[-2]["value"] = None  # a call status answer about a call sets no instrument
    assert latest_context(t) == "search"


def test_an_unsure_refinement_with_nothing_to_refine_is_a_new_partner_search():
    text = "who is active in forest bioeconomy in Finland"
    t = tracker(
        text,
        ranking=[("inform", 0.45), ("find_partners", 0.4)],
        entities=[entity(text, "country", "Finland")],
    )
    assert follow_up_kind(t) == "partners"


@pytest.mark.parametrize(
    ("text", "language", "topic"),
    [
        ("procuramos parceiros", "pt", None),
        ("vorrei trovare partner", "it", None),
        ("szukamy partnerów do recyklingu baterii", "pl", "recyklingu baterii"),
        ("partners for battery recycling", None, "battery recycling"),
    ],
)
def test_a_form_takes_no_request_words_of_the_seven_languages_for_a_topic(text, language, topic):
    from actions.dialogue.forms import form_topic

    found = form_topic(text, [], language)
    assert (found and " ".join(found.split()[-2:])) == topic


def test_with_nothing_earlier_only_the_first_choice_is_searched():
    # A request for something else (a cover letter), NLU unsure between the FAQ and calls: no
    # calls search on "cover letter" in a fresh conversation; the calls form may ask instead.
    text = "draft a cover letter for my job application"
    unsure = tracker(text, ranking=[("faq", 0.38), ("find_calls", 0.35)])
    assert follow_up_kind(unsure) == "ask_calls"
    first = tracker(text, ranking=[("find_calls", 0.38), ("faq", 0.35)])
    assert follow_up_kind(first) == "calls"


def test_with_nothing_earlier_a_partner_request_with_a_filter_is_searched():
    text = "shipbuilding clusters in Belgium"
    ranking = [("faq", 0.36), ("find_partners", 0.33)]
    with_place = tracker(text, ranking=ranking, entities=[entity(text, "country", "Belgium")])
    assert follow_up_kind(with_place) == "partners"
    # The message names the request (clusters) and its topic (shipbuilding): searched too.
    assert follow_up_kind(tracker(text, ranking=ranking)) == "partners"
    # A request that names no topic opens the form, which asks for one.
    assert follow_up_kind(tracker("I'd like to find some clusters", ranking=ranking)) == (
        "ask_partners"
    )


def test_a_partner_request_on_the_last_partner_topic_refines_it():
    text = "only those with a silver label please"
    t = tracker(
        text,
        ranking=[("find_partners", 0.38), ("inform", 0.3)],
        entities=[entity(text, "label", "silver label")],
        history=["action_search_partners"],
        last_search={
            "kind": "partners",
            "query": "offshore wind",
            "filters": {"country": "DK"},
            "ids": ["a"],
        },
    )
    assert follow_up_kind(t) == "refine"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("alleen de zilver-gelabelde graag", "nl"),
        ("bitte nur die goldzertifizierten", "de"),
        ("tylko te ze złotym certyfikatem", "pl"),
    ],
)
def test_a_label_compound_nlu_could_not_place_refines_the_partner_search(text, language):
    assert (
        kind_after_search(
            text, "out_of_scope", language, ["action_search_partners", "utter_ask_feedback"]
        )
        == "refine"
    )
    # no partner search before: nothing to refine, the out-of-scope answer follows
    alone = tracker(text, intent="out_of_scope", ranking=[("out_of_scope", 0.5)])
    assert unsure_kind(alone) is None
    # the same after a calls search is no partner refinement either
    after_calls = tracker(
        text,
        intent="out_of_scope",
        ranking=[("out_of_scope", 0.5)],
        history=["action_search_calls"],
        last_search=CALLS,
    )
    assert unsure_kind(after_calls) is None


def test_a_question_with_a_place_and_its_own_topic_is_no_refinement():
    text = "what is the corporate tax rate in Germany?"
    t = tracker(
        text,
        intent="out_of_scope",
        ranking=[("out_of_scope", 0.6)],
        entities=[entity(text, "country", "Germany")],
        history=["action_search_partners"],
        last_search=PARTNERS,
    )
    assert unsure_kind(t) is None


async def test_the_label_compound_refines_with_the_label_filter(services, dispatcher):
    text = "nur die goldzertifizierten bitte"
    t = tracker(
        text,
        intent="out_of_scope",
        ranking=[("out_of_scope", 0.5)],
        language="de",
        history=["action_search_partners"],
        last_search=PARTNERS_DE,
    )
    events = await ActionFollowUp().run(dispatcher, t, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["last_search"]["filters"]["label"] == "gold"
    assert slots["last_search"]["filters"]["country"] == "DE"  # the other filter is kept
    assert slots["last_search"]["query"] == PARTNERS_DE["query"]
    assert slots[FOLLOW_UP_SLOT] == "search"


# After a partner search, a request for money or funding that names no topic of its own is a calls
# search on that search's topic, whatever NLU made of it: funding programmes (declined,
# compounded or hyphenated), EU money at the moment, support available now, money for SMEs.
CALLS_ON_THE_PARTNER_TOPIC = [
    # funding programmes, in the eight languages
    ("is any grant scheme available for that field?", None, "out_of_scope"),
    ("läuft gerade ein offenes Förderprogramm zu diesem Thema?", "de", "out_of_scope"),
    ("existe-t-il un dispositif de financement ouvert sur ce sujet ?", "fr", "out_of_scope"),
    ("¿hay alguna convocatoria de financiación abierta en ese ámbito?", "es", "out_of_scope"),
    ("c'è qualche programma di finanziamento aperto su quel tema?", "it", "out_of_scope"),
    ("czy jest jakiś otwarty program finansowania w tej dziedzinie?", "pl", "out_of_scope"),
    ("loopt er een subsidieregeling voor dat onderwerp?", "nl", "out_of_scope"),
    ("há algum programa de financiamento aberto nesse tema?", "pt", "out_of_scope"),
    # EU money at the moment, in the eight languages
    ("any EU money for this at the moment?", None, "out_of_scope"),
    ("gibt es dafür derzeit Geld von der EU?", "de", "out_of_scope"),
    ("des fonds européens pour ça actuellement ?", "fr", "out_of_scope"),
    ("¿hay fondos europeos para esto ahora?", "es", "out_of_scope"),
    ("ci sono fondi europei per questo adesso?", "it", "out_of_scope"),
    ("czy są obecnie na to środki unijne?", "pl", "out_of_scope"),
    ("is daar momenteel Europees geld voor?", "nl", "out_of_scope"),
    ("há fundos europeus para isso agora?", "pt", "out_of_scope"),
    # support available at this moment
    ("há apoios europeus disponíveis para isso neste momento?", "pt", "faq"),
    ("¿hay fondos disponibles para esto en este momento?", "es", "faq"),
    # who the money is for names no topic
    ("any grants for SMEs on that topic?", None, "faq"),
    ("gibt es hierfür KMU-Förderung?", "de", "faq"),
    ("des aides pour les PME sur ce sujet ?", "fr", "faq"),
]


@pytest.mark.parametrize(("text", "language", "intent"), CALLS_ON_THE_PARTNER_TOPIC)
def test_money_on_the_last_partner_topic_is_a_calls_search(text, language, intent):
    t = tracker(
        text,
        intent=intent,
        ranking=[(intent, 0.45), ("find_calls", 0.3)],
        language=language,
        history=["action_search_partners", "utter_ask_feedback"],
        last_search=PARTNERS,
    )
    assert referred_topic(t, text, language) == "circular plastics packaging"
    assert unsure_kind(t) == "calls"


# After a partner search, "only those with a label" / "which of those have a label" that NLU
# filed as out of scope refines the search.
LABEL_REFINEMENTS = [
    ("could you show me only the silver-certified ones", None),
    ("kannst du mir nur die silberzertifizierten zeigen", "de"),
    ("tu peux me montrer seulement les labellisés bronze", "fr"),
    ("puedes enseñarme solo los de sello de plata", "es"),
    ("puoi farmi vedere solo quelli con etichetta d'argento", "it"),
    ("możesz pokazać tylko te ze srebrnym znakiem", "pl"),
    ("kun je mij alleen de brons-gelabelde laten zien", "nl"),
    ("podes mostrar-me só os de selo de bronze", "pt"),
    ("welke daarvan hebben een zilveren keurmerk?", "nl"),
    ("welche davon sind silberzertifiziert?", "de"),
    ("quais desses têm selo de prata?", "pt"),
    ("quali di questi hanno un marchio d'argento?", "it"),
]


@pytest.mark.parametrize(("text", "language"), LABEL_REFINEMENTS)
def test_only_or_which_of_those_with_a_label_refines(text, language):
    history = ["action_search_partners", "utter_ask_feedback"]
    assert kind_after_search(text, "out_of_scope", language, history) == "refine"


@pytest.mark.parametrize(
    ("text", "intent", "language"),
    [
        ("klastry ze złotym certyfikatem", "faq", "pl"),
        ("clusters labellisés bronze", "faq", "fr"),
        ("clusters met zilver label", "out_of_scope", "nl"),
    ],
)
def test_a_label_level_with_a_cluster_word_is_a_partner_search_not_the_label_faq(
    text, intent, language
):
    assert unsure_kind(tracker(text, intent=intent, language=language)) == "partners"
    assert follow_up_kind(tracker(text, language=language)) == "partners"


def test_a_question_about_the_label_stays_with_the_faq():
    text = "jak nasz klaster może zdobyć brązowy label"
    assert unsure_kind(tracker(text, intent="faq", language="pl")) is None


# A partner request NLU read as out of scope or could not place: organisations of a topic in a
# place (written from the profiles: machine tools in the Basque Country, sustainable construction
# in Austria, ICT in Romania, furniture in Slovenia).
PLACED_REQUESTS = [
    ("es", "empresas de máquina herramienta en el País Vasco",
     [("technology", "máquina herramienta"), ("region", "País Vasco")]),
    ("pt", "redes de construção sustentável na Áustria",
     [("sector", "construção"), ("country", "Áustria")]),
    ("pt", "somos uma software house do Porto à procura de um cluster de TIC na Roménia",
     [("region", "Porto"), ("sector", "TIC"), ("country", "Roménia")]),
    ("de", "Netzwerke der Möbelindustrie in Slowenien",
     [("sector", "Möbelindustrie"), ("country", "Slowenien")]),
    ("en", "furniture companies around Cluj, Romania",
     [("sector", "furniture"), ("region", "Cluj"), ("country", "Romania")]),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "found"), PLACED_REQUESTS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_organisations_of_a_topic_in_a_place_are_a_partner_search(language, text, found, intent):
    entities = [entity(text, name, value) for name, value in found]
    unplaced = tracker(text, intent, [("faq", 0.2)], entities=entities, language=language)
    kind = unsure_kind(unplaced) if intent == "out_of_scope" else follow_up_kind(unplaced)
    assert kind == "partners"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a place and a topic word, but no organisations asked for
        ("what is the weather like for solar panels in Spain", [("technology", "solar panels"),
                                                                 ("country", "Spain")]),
        # organisations and a place, but a calls word: the calls search's to decide
        ("funding for companies in energy in Austria", [("sector", "energy"),
                                                        ("country", "Austria")]),
        # a tax question about companies of a sector in a country: out of scope
        ("VAT rules for food companies in Italy", [("sector", "food"), ("country", "Italy")]),
    ],
)  # fmt: skip
def test_a_place_and_a_topic_alone_are_no_partner_search(text, found):
    entities = [entity(text, name, value) for name, value in found]
    assert unsure_kind(tracker(text, "out_of_scope", entities=entities)) != "partners"
