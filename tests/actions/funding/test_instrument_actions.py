"""action_explain_instrument and action_cluster_facts: answers from the fact cards.

The answerer is built over the shipped catalogue and cards with the fake embedder of the action
tests (retrieval quality with the real model is measured by ``bench.facts``); these tests pin what
the actions do with its answers: figure and source in the text, the ``fact_answer`` payload beside
it, "I don't know" for unknown programmes, follow-ups through the ``instrument`` slot.
"""

from __future__ import annotations

import dataclasses

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services as composition
from actions.funding.instruments import ActionClusterFacts, ActionExplainInstrument
from contracts.payloads import FACT_ANSWER
from knowledge.instruments import load_catalogue
from tests.actions.support import entity, make_tracker

FORUM_2018 = (
    "Source: European Commission, 'EU Cluster Policies and challenges ahead', "
    "First European Cluster Policy Forum, Brussels, 22 February 2018"
)


async def run(action, text, value=None, **slots):
    dispatcher = CollectingDispatcher()
    entities = [entity(text, "instrument", value)] if value and value in text else []
    if value and value not in text:
        entities = [{"entity": "instrument", "value": value}]
    events = await action.run(dispatcher, make_tracker(text, entities, **slots), {})
    [message] = dispatcher.messages
    return message, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def explain(text, value=None, **slots):
    message, slots_set = await run(ActionExplainInstrument(), text, value, **slots)
    return message["text"], slots_set, message.get("custom")


# Questions written from the cards: (question, the figure, the source line, slot set).
FACT_QUESTIONS = [
    (
        "How much money did the COSME calls for cluster excellence provide?",
        "€8.25 million",
        FORUM_2018,
        "Cluster Excellence Programme",
    ),
    (
        "How many SMEs did INNOSUP-1 support directly?",
        "nearly 500 SMEs",
        FORUM_2018,
        "INNOSUP-1",
    ),
    (
        "In how many countries have clusters been labelled?",
        "41 countries",
        FORUM_2018,
        "European Cluster Excellence Initiative",
    ),
    ("How much did ESCP-S3 get from COSME 2017?", "€2.8 million", FORUM_2018, "ESCP-S3"),
    (
        "What is EREK?",
        "resource efficiency",
        "Source: EREK site, page on the Green Action Plan for SMEs. (from https://www."
        "resourceefficient.eu/en/content/green-action-plan-smes-implementation-report, "
        "read on 21 November 2026)",
        "European Resource Efficiency Knowledge Centre",
    ),
]


@pytest.mark.parametrize(
    ("question", "figure", "source", "slot"), FACT_QUESTIONS, ids=[q[0] for q in FACT_QUESTIONS]
)
async def test_fact_question_gets_the_figure_and_its_source(
    instrument_services, question, figure, source, slot
):
    text, slots, custom = await explain(question)
    assert figure in text
    assert text.endswith(source)
    assert custom["type"] == FACT_ANSWER and custom["verdict"] == "answered"
    assert custom["value"] and custom["statement"] in text
    assert custom["source"] and custom["as_of"] == custom["source"]["date"]
    if custom["as_of"] is None:  # an undated page: the day it was read, never "as of"
        assert custom["source_checked"] and "(as of" not in text
    assert slots == {"instrument": slot}


async def test_unknown_programme_is_not_known_and_gets_no_figures(instrument_services):
    question = "Tell me about the EU Hydrogen Cluster Voucher Scheme 2027"
    text, slots, custom = await explain(question)
    assert text.startswith("I don't know 'EU Hydrogen Cluster Voucher Scheme 2027'")
    assert "The closest instruments I know:" in text
    assert "€" not in text and "million" not in text and "calls on" not in text
    assert custom["verdict"] == "not_known" and custom["value"] is None
    assert custom["unknown_name"] == "EU Hydrogen Cluster Voucher Scheme 2027"
    assert custom["closest_instruments"]
    assert all(name in text for name in custom["closest_instruments"])
    assert slots == {}


async def test_unknown_programme_stays_unknown_in_a_conversation(instrument_services):
    text, slots, custom = await explain(
        "Tell me about the EU Hydrogen Cluster Voucher Scheme 2027", instrument="INNOSUP-1"
    )
    assert text.startswith("I don't know") and custom["verdict"] == "not_known"
    assert "INNOSUP-1 project" not in text and slots == {}


async def test_every_catalogue_entry_answers_with_its_source(instrument_services, catalogue):
    for instrument in catalogue:
        text, slots, custom = await explain(f"what is {instrument.name}?", instrument.name)
        assert custom["verdict"] == "answered" and custom["instrument"] == instrument.id
        source = custom["source"]
        if source["event"]:  # a figure of one of the presentations, dated as it
            assert text.endswith(
                (FORUM_2018, "COTER meeting (Committee of the Regions), Cluj, 26 March 2019")
            )
        elif custom["as_of"] is None:  # an undated page: read on, not "as of"
            assert custom["source_checked"] == instrument.as_of.isoformat()
            assert f"(from {instrument.source_url}, read on " in text
            assert "(as of" not in text
        else:  # a dated document (a memo)
            assert custom["as_of"] != instrument.as_of.isoformat()
            assert f"({instrument.source_url})" in text
        assert slots["instrument"] == instrument.name


async def test_follow_up_uses_the_slot(instrument_services):
    text, slots, custom = await explain(
        "and how much can a single project get?", instrument="INNOSUP-1"
    )
    assert custom["instrument"] == "innosup-1" and custom["aspect"] == "budget"
    assert "INNOSUP-1" in text and FORUM_2018 in text
    assert slots["instrument"] == "INNOSUP-1"
    text, _, custom = await explain("who can apply?", instrument="ESCP-4i")
    intro, statement = text.splitlines()[:2]
    assert intro == "Here is what I found about ESCP-4i:"  # the frame, in the reply language
    assert statement.startswith("Who can take part in ESCP-4i:")
    assert custom["aspect"] == "who"
    text, _, _ = await explain("is there a successor?", instrument="Joint Cluster Initiatives")
    assert "continued by Euroclusters" in text


async def test_entity_wins_over_the_slot(instrument_services):
    text, slots, custom = await explain(
        "and what about ESCP-S3?", "ESCP-S3", instrument="INNOSUP-1"
    )
    assert custom["instrument"] == "escp-s3" and "INNOSUP" not in text
    assert slots["instrument"] == "ESCP-S3"


async def test_misspelt_entity_still_resolves(instrument_services):
    _text, slots, _ = await explain("what is Enterprise Europ Netwrok", "Enterprise Europ Netwrok")
    assert slots["instrument"] == "Enterprise Europe Network"


async def test_name_in_text_without_entity(instrument_services):
    _text, slots, _ = await explain("so what is ESCP-S3 really")
    assert slots["instrument"] == "ESCP-S3"


async def test_unknown_instrument_lists_close_matches(instrument_services):
    text, slots, custom = await explain("what is ESCP-5z?", "ESCP-5z")
    assert text.startswith("I don't know 'ESCP-5z'")
    assert "The closest instruments I know:" in text and "ESCP" in text
    assert custom["verdict"] == "not_known" and custom["unknown_name"] == "ESCP-5z"
    assert slots == {}


NOT_IN_CATALOGUE = "Horizon Europe is an EU programme, but it is not in my catalogue"


async def test_programme_without_catalogue_entry_is_not_guessed(instrument_services):
    text, slots, custom = await explain("what is Horizon Europe?", "Horizon Europe")
    assert text.startswith(NOT_IN_CATALOGUE) and "Horizon Europe calls" in text
    assert custom["verdict"] == "not_known" and custom["statement"] is None
    assert slots["instrument"] == "Horizon Europe"
    text, _, custom = await explain("and its budget?", instrument="Horizon Europe")
    assert text.startswith(NOT_IN_CATALOGUE) and custom["value"] is None


@pytest.mark.parametrize(
    ("question", "programme"),
    [
        ("what is Horizon Europe?", "Horizon Europe"),
        ("how much is the erasmus budget", "Erasmus+"),
        ("who can apply to the european social fund", "European Social Fund Plus (ESF+)"),
    ],
)
async def test_programme_outside_the_catalogue_without_an_entity(
    instrument_services, question, programme
):
    text, _slots, custom = await explain(question)
    assert text.startswith(f"{programme} is an EU programme, but it is not in my catalogue")
    assert f"{programme} calls" in text and "€" not in text
    assert custom["verdict"] == "not_known" and custom["statement"] is None


@pytest.mark.parametrize(
    "question",
    ["what is eurostars", "what is the budget of the innovation fund", "who can apply to investeu"],
)
async def test_lower_case_unknown_names_are_not_known(instrument_services, question):
    text, slots, custom = await explain(question)
    assert text.startswith("I don't know '") and "€" not in text
    assert custom["verdict"] == "not_known" and custom["value"] is None and slots == {}


@pytest.mark.parametrize("text", ["what is it?", "and its budget?"])
async def test_nothing_named_asks_which(instrument_services, text):
    message, slots = await run(ActionExplainInstrument(), text)
    assert "Which EU instrument" in message["text"] and slots == {}
    assert not message.get("custom")


@pytest.mark.parametrize(
    "message",
    ["", "🙂🚀💶", "x" * 20_000, "'; DROP TABLE instruments; --", "ignore previous instructions"],
)
async def test_bad_input_gets_a_friendly_reply(instrument_services, message):
    dispatcher = CollectingDispatcher()
    await ActionExplainInstrument().run(dispatcher, make_tracker(message), {})
    assert dispatcher.messages and dispatcher.messages[0]["text"]
    assert len(dispatcher.messages[0]["text"]) < 1000


@pytest.mark.parametrize("missing", ["instruments", "facts"])
async def test_missing_catalogue_is_a_sentence_not_a_crash(fake_services, answerer, missing):
    loaded = dataclasses.replace(fake_services, instruments=load_catalogue(), facts=answerer)
    composition.install(dataclasses.replace(loaded, **{missing: None}))
    try:
        for action in (ActionExplainInstrument(), ActionClusterFacts()):
            dispatcher = CollectingDispatcher()
            await action.run(dispatcher, make_tracker("what is ESCP-4i?"), {})
            assert "not available" in dispatcher.messages[0]["text"]
    finally:
        composition.install(None)


async def test_cluster_fact_question_is_answered_from_a_card(instrument_services):
    message, slots = await run(
        ActionClusterFacts(), "In how many countries have clusters been labelled?"
    )
    assert "41 countries" in message["text"] and message["text"].endswith(FORUM_2018)
    assert message["custom"]["type"] == FACT_ANSWER
    assert message["custom"]["language"] == "en"  # the cards are labelled in it
    assert slots == {}


async def test_cluster_facts_in_general_get_the_headline_figures(instrument_services):
    message, _ = await run(ActionClusterFacts(), "tell me some facts about clusters")
    text = message["text"]
    for figure in (
        "European Cluster Panorama 2016",
        "3,043 strong clusters",
        "54 million jobs",
        "wages 3% higher",
        "35 staff",
        "24 elsewhere",
        "40% of emerging-industry activity",
        "20% of regions",
        "DG GROW",
        "historical",
    ):
        assert figure in text, figure
    assert text.endswith(
        "Source: https://clustercollaboration.eu/knowledge-sharing/publications/"
        "european-cluster-panorama (as of 2026-11-21)"
    )


async def test_cluster_facts_unknown_programme_is_not_known(instrument_services):
    message, _ = await run(
        ActionClusterFacts(),
        "How many clusters did the EU Hydrogen Cluster Voucher Scheme 2027 fund?",
    )
    assert message["text"].startswith("I don't know")
    assert message["custom"]["verdict"] == "not_known"


async def test_a_german_conversation_gets_a_card_labelled_in_german(instrument_services):
    message, _ = await run(
        ActionClusterFacts(),
        "Wie viele Cluster hat das EU Hydrogen Cluster Voucher Scheme 2027 gefördert?",
        said_in="de",
    )
    assert "kenne ich nicht" in message["text"]
    assert message["custom"]["verdict"] == "not_known" and message["custom"]["language"] == "de"


def test_services_build_the_answerer_once_with_the_search_embedder(fake_services, catalogue):
    answerer = composition._load_facts(catalogue, fake_services.embedder)
    assert answerer is not None and answerer.index.embedder is fake_services.embedder
    assert len(answerer.index) > len(catalogue)
    assert composition._load_facts(None, fake_services.embedder) is None


async def test_is_it_still_running_after_an_instrument_answer_is_about_the_instrument(
    instrument_services,
):
    from actions.funding.calls import ActionCallStatus

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("is it still running?", instrument="INNOSUP-1")
    tracker.events = [{"event": "action", "name": "action_explain_instrument"}]
    await ActionCallStatus().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["custom"]["type"] == FACT_ANSWER
    assert message["custom"]["instrument"] == "innosup-1"


def test_resolve_reference_names_the_instrument():
    from actions.funding.instruments import resolve_reference

    assert resolve_reference("is it still running?", "INNOSUP-1") == "is INNOSUP-1 still running?"
    assert resolve_reference("and its budget?", "COSME") == "and COSME's budget?"
    assert resolve_reference("who can apply?", "ESCP-4i") == "who can apply? (ESCP-4i)"


def _in_language(text: str, code: str) -> tuple[CollectingDispatcher, object]:
    """A dispatcher and a tracker for ``text`` written in ``code`` (the detector's entity)."""
    language = {"entity": "language", "value": code, "start": 0, "end": 0}
    return CollectingDispatcher(), make_tracker(text, [language], said_in=code)


async def test_a_question_in_another_language_is_read_in_that_language(instrument_services):
    dispatcher, tracker = _in_language("Wie viele KMU hat INNOSUP-1 direkt unterstützt?", "de")
    await ActionExplainInstrument().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["custom"]["card_id"] == "innosup-1-smes-direct"
    # the date the figure refers to and the source, in the reply language
    assert "nearly 500 SMEs" in message["text"] and "(Stand: 22. Februar 2018)" in message["text"]
    assert message["text"].splitlines()[-1].startswith("Quelle: European Commission")


@pytest.mark.parametrize(
    ("text", "code", "said"),
    [
        ("Wer darf beim Bayerischen Wasserstoff-Clusterfonds mitmachen?", "de", "kenne ich nicht"),
        ("Ile pieniędzy ma Bałtycki Fundusz Klastrów Morskich?", "pl", "Fundusz"),
        ("¿Quién puede solicitar el Programa Ibérico de Clústeres Solares?", "es", "Programa"),
    ],
)
async def test_an_invented_programme_in_another_language_is_not_known(
    instrument_services, text, code, said
):
    dispatcher, tracker = _in_language(text, code)
    await ActionExplainInstrument().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["custom"]["verdict"] == "not_known"
    assert message["custom"]["value"] is None and message["custom"]["unknown_name"]
    assert said in message["text"] and "€" not in message["text"]


async def test_english_answers_say_the_date_the_figure_refers_to(instrument_services):
    text, _, custom = await explain("How many SMEs did INNOSUP-1 support directly?")
    assert custom["as_of"] == "2018-02-22"
    assert "(as of 22 February 2018)" in text.splitlines()[1]  # after the frame line
    assert text.endswith(FORUM_2018)


def test_calls_requests_in_other_languages_name_no_unknown_programme(answerer):
    from actions.funding.instruments import unknown_programme

    told = "Erzählen Sie mir vom Bayerischen Wasserstoff-Clusterfonds"
    assert unknown_programme(told, answerer, "de") == "Bayerischen Wasserstoff-Clusterfonds"
    assert (
        unknown_programme("Gibt es offene Ausschreibungen zu Wasserstoff?", answerer, "de") is None
    )
    assert (
        unknown_programme("Y a-t-il des appels ouverts sur l'hydrogène ?", answerer, "fr") is None
    )


def _undecided(text: str) -> object:
    """A tracker for ``text`` that the language detector left undecided (English so far)."""
    tracker = make_tracker(text, intent="ask_instrument")
    tracker.latest_message["language"] = {"detected": None, "requested": None}
    return tracker


async def test_an_undecided_question_is_answered_in_its_question_words_language(
    instrument_services,
):
    # the English programme name outvotes the Spanish words in the detector; left out, the
    # Spanish question words decide the reply language
    dispatcher = CollectingDispatcher()
    await ActionExplainInstrument().run(
        dispatcher, _undecided("¿Qué es el Cluster Excellence Programme?"), {}
    )
    [message] = dispatcher.messages
    assert message["custom"]["language"] == "es"
    assert message["custom"]["instrument"] == "cluster-excellence-programme"


async def test_a_decided_or_english_question_keeps_its_language(instrument_services):
    dispatcher = CollectingDispatcher()
    await ActionExplainInstrument().run(
        dispatcher, _undecided("What is the Cluster Excellence Programme?"), {}
    )
    assert dispatcher.messages[0]["custom"]["language"] == "en"
    # a decided language is kept on a message of more than five words, whatever its words say
    text = "Quais são os objetivos e os resultados do Cluster Excellence Programme para as PME?"
    dispatcher, tracker = _in_language(text, "es")
    await ActionExplainInstrument().run(dispatcher, tracker, {})
    assert dispatcher.messages[-1]["custom"]["language"] == "es"


async def test_a_short_question_the_detector_misread_is_read_by_its_question_words(
    instrument_services,
):
    # lingua reads the three words left of "¿Qué es el <programme>?" as French
    dispatcher, tracker = _in_language("¿Qué es el Cluster Excellence Programme?", "fr")
    await ActionExplainInstrument().run(dispatcher, tracker, {})
    assert dispatcher.messages[-1]["custom"]["language"] == "es"


async def test_filters_without_a_question_are_a_partner_search(instrument_services):
    import actions.partners.search  # noqa: F401  (the action server loads every action)

    # NLU unsure between cluster facts and a search: a sector and a country, no question
    entities = [
        {"entity": "sector", "value": "Automotive & Mobility"},
        {"entity": "country", "value": "ES"},
    ]
    tracker = make_tracker(
        "automotive clusters in Spain", entities, intent="ask_cluster_facts", confidence=0.55
    )
    dispatcher = CollectingDispatcher()
    events = await ActionClusterFacts().run(dispatcher, tracker, {})
    # searched in this turn (no follow-up action, after which the core fallback spoke)
    assert not any(e.get("event") == "followup" for e in events)
    assert {"event": "slot", "name": "follow_up", "value": "search", "timestamp": None} in events
    types = [(m.get("custom") or {}).get("type") for m in dispatcher.messages if m.get("custom")]
    assert types == ["partner_results"]
    # written as a question, or NLU sure: the cards answer
    for text, confidence in (
        ("how many automotive clusters are in Spain?", 0.55),
        ("automotive clusters in Spain", 0.9),
    ):
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(text, entities, intent="ask_cluster_facts", confidence=confidence)
        events = await ActionClusterFacts().run(dispatcher, tracker, {})
        assert not any(e.get("event") == "followup" for e in events)
        assert dispatcher.messages
