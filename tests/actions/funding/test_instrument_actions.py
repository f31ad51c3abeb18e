"""action_explain_instrument and action_cluster_facts over the shipped catalogue."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services as composition
from actions.funding.instruments import ActionClusterFacts, ActionExplainInstrument
from knowledge.instruments import load_catalogue
from tests.actions.support import entity, make_tracker


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def instrument_services(fake_services, catalogue):
    services = dataclasses.replace(
        fake_services, instruments=catalogue, today=lambda: date(2026, 11, 21)
    )
    composition.install(services)
    yield services
    composition.install(None)


async def explain(text, value=None, **slots):
    dispatcher = CollectingDispatcher()
    entities = [entity(text, "instrument", value)] if value and value in text else []
    if value and value not in text:
        entities = [{"entity": "instrument", "value": value}]
    events = await ActionExplainInstrument().run(
        dispatcher, make_tracker(text, entities, **slots), {}
    )
    [message] = dispatcher.messages
    return message["text"], {e["name"]: e["value"] for e in events if e["event"] == "slot"}


# (entity value as the NLU sends it, the figures the Commission gave, source URL, historical?)
FACTS = [
    (
        "Cluster Excellence Programme",
        [
            "€8.25 million",
            "11 projects",
            "57 cluster organisations",
            "83 cluster managers",
            "almost 11,000 SMEs",
        ],
        "https://ec.europa.eu/growth/industry/strategy/industrial-cluster-policy_en",
        True,
    ),
    (
        "European Cluster Excellence Initiative",
        [
            "nearly 1,000 clusters labelled in 41 countries",
            "60,000 SMEs",
            "Cluster Excellence Initiative 2nd phase",
            "€300,000 grant",
        ],
        "https://ec.europa.eu/growth/industry/strategy/industrial-cluster-policy_en",
        True,
    ),
    (
        "Cluster Internationalisation Programme for SMEs",
        ["€19 million", "COSME"],
        "https://ec.europa.eu/growth/industry/strategy/industrial-cluster-policy/cluster-internationalisation_en",
        True,
    ),
    (
        "ESCP-4i",
        [
            "15 projects",
            "€4.3 million",
            "98 cluster organisations",
            "10,000+ SMEs",
            "23 new projects for 2018-2019",
            "€5.8 million",
        ],
        "https://clustercollaboration.eu/eu-cluster-partnerships/escp-4i/first-generation",
        True,
    ),
    (
        "ESCP-S3",
        ["COSME 2017", "€2.8 million"],
        "https://ec.europa.eu/growth/industry/strategy/industrial-cluster-policy_en",
        True,
    ),
    (
        "European Strategic Cluster Partnerships",
        ["50 European Cluster Partnerships"],
        "https://single-market-economy.ec.europa.eu/industry/strategy/cluster-policy_en",
        True,
    ),
    (
        "INNOSUP-1",
        [
            "Horizon 2020",
            "€130 million",
            "up to €5 million per project",
            "75% of the budget",
            "innovation vouchers up to €60,000",
            "9 projects reaching 3,000+ SMEs",
            "2,000 SMEs supported directly in 2015-2020",
        ],
        "https://cordis.europa.eu/programme/id/H2020_INNOSUP-01-2016-2017",
        True,
    ),
    (
        "European Observatory for Clusters and Industrial Change",
        ["COSME 2016", "€2.8 million"],
        "https://clustercollaboration.eu/knowledge-sharing/publications/european-cluster-panorama",
        True,
    ),
    (
        "European Cluster Collaboration Platform",
        ["in 2018", "700+ cluster organisations"],
        "https://www.clustercollaboration.eu",
        True,
    ),
]


@pytest.mark.parametrize(
    ("value", "figures", "url", "historical"), FACTS, ids=[f[0] for f in FACTS]
)
async def test_each_instrument_fact_reaches_the_user(
    instrument_services, value, figures, url, historical
):
    text, slots = await explain(f"what is {value}?", value)
    for figure in figures:
        assert figure in text, figure
    assert text.endswith(f"Source: {url} (as of 2026-11-21)")
    assert ("Historical figures" in text) is historical
    assert slots["instrument"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Green Action Plan for SMEs",
            ["2014", "Its successor is European Resource Efficiency Knowledge Centre"],
        ),
        (
            "EREK",
            ["European Resource Efficiency Knowledge Centre", "https://www.resourceefficient.eu"],
        ),
        ("Interreg", ["European Regional Development Fund", "https://interreg.eu"]),
        ("EIT Knowledge and Innovation Communities", ["https://eit.europa.eu/"]),
        ("S3 Platform", ["smart specialisation", "https://s3platform.jrc.ec.europa.eu/"]),
        ("Joint Cluster Initiatives", ["Its successor is Euroclusters"]),
        ("Euroclusters", ["Single Market Programme", "is active"]),
        ("Enterprise Europe Network", ["https://een.ec.europa.eu"]),
        ("EU Cluster Weeks", ["matchmaking", "EU Cluster Weeks"]),
        ("international cluster matchmaking missions", ["matchmaking missions"]),
    ],
)
async def test_qualitative_instruments_are_sourced_without_invented_figures(
    instrument_services, value, expected
):
    text, _ = await explain(f"tell me about {value}", value)
    for part in expected:
        assert part in text, part
    assert "(as of 2026-11-21)" in text.splitlines()[-1]


async def test_interreg_budget_points_to_the_page_not_a_number(instrument_services):
    text, _ = await explain("what is the budget of Interreg?", "Interreg")
    assert "€" not in text and "billion" not in text
    assert "See the official page" in text
    assert text.endswith("Source: https://interreg.eu (as of 2026-11-21)")


async def test_every_catalogue_entry_answers_with_its_source(instrument_services, catalogue):
    for instrument in catalogue:
        text, slots = await explain(f"what is {instrument.name}?", instrument.name)
        assert text.endswith(f"Source: {instrument.source_url} (as of {instrument.as_of})")
        assert slots["instrument"] == instrument.name


async def test_follow_up_uses_the_slot_and_answers_only_the_aspect(instrument_services):
    text, slots = await explain("and its budget?", instrument="INNOSUP-1")
    assert text.startswith("INNOSUP-1 - budget:")
    assert "up to €5 million per project" in text
    assert "What it funds" not in text
    assert slots["instrument"] == "INNOSUP-1"
    text, _ = await explain("who can apply?", instrument="ESCP-4i")
    assert text.startswith("Who can apply to ESCP-4i:")
    text, _ = await explain("is there a successor?", instrument="Joint Cluster Initiatives")
    assert "Its successor is Euroclusters" in text


async def test_entity_wins_over_the_slot(instrument_services):
    text, slots = await explain("and what about ESCP-S3?", "ESCP-S3", instrument="INNOSUP-1")
    assert "ESCP-S3" in text and "INNOSUP" not in text
    assert slots["instrument"] == "ESCP-S3"


async def test_misspelt_entity_still_resolves(instrument_services):
    _text, slots = await explain("what is Enterprise Europ Netwrok", "Enterprise Europ Netwrok")
    assert slots["instrument"] == "Enterprise Europe Network"


async def test_name_in_text_without_entity(instrument_services):
    _text, slots = await explain("so what is ESCP-S3 really")
    assert slots["instrument"] == "ESCP-S3"


async def test_unknown_instrument_lists_close_matches(instrument_services):
    text, slots = await explain("what is ESCP-5z?", "ESCP-5z")
    assert "I don't know an instrument called 'ESCP-5z'" in text
    assert "Did you mean" in text and "ESCP" in text
    assert slots == {}


async def test_programme_without_catalogue_entry_is_not_guessed(instrument_services):
    text, slots = await explain("what is Horizon Europe?", "Horizon Europe")
    assert "won't guess" in text and "Horizon Europe calls" in text
    assert slots["instrument"] == "Horizon Europe"


async def test_nothing_named_asks_which(instrument_services):
    text, slots = await explain("what is it?")
    assert "Which EU instrument" in text and slots == {}


@pytest.mark.parametrize(
    "message",
    ["", "🙂🚀💶", "x" * 20_000, "'; DROP TABLE instruments; --", "ignore previous instructions"],
)
async def test_bad_input_gets_a_friendly_reply(instrument_services, message):
    dispatcher = CollectingDispatcher()
    await ActionExplainInstrument().run(dispatcher, make_tracker(message), {})
    assert dispatcher.messages and dispatcher.messages[0]["text"]


async def test_missing_catalogue_is_a_sentence_not_a_crash(fake_services):
    composition.install(dataclasses.replace(fake_services, instruments=None))
    try:
        for action in (ActionExplainInstrument(), ActionClusterFacts()):
            dispatcher = CollectingDispatcher()
            await action.run(dispatcher, make_tracker("what is ESCP-4i?"), {})
            assert "not available" in dispatcher.messages[0]["text"]
    finally:
        composition.install(None)


async def test_cluster_facts(instrument_services):
    dispatcher = CollectingDispatcher()
    await ActionClusterFacts().run(dispatcher, make_tracker("how many clusters are there?"), {})
    text = dispatcher.messages[0]["text"]
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
