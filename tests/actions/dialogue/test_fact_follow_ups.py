"""Follow-ups after an instrument answer, comparisons of instruments, and the fact paths that lost
them (issue 13, session 12).

Written from the fact cards' aspects (who can take part, how to apply, contact) and the catalogue's
instrument names, in the eight reply languages, never from data/nlu or tests/eval. Fake embedder:
the keyword part and the lexicon decide, as they do for the real encoder's cues.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import FOLLOW_UP_SLOT, latest_context
from actions.dialogue.fallback import ActionDefaultAskAffirmation
from actions.dialogue.follow_up import ActionFollowUp
from actions.dialogue.navigation import ActionRefineSearch
from actions.funding.instruments import ActionClusterFacts, ActionExplainInstrument
from actions.funding.routing import answer_if_fact
from contracts.payloads import FACT_ANSWER
from knowledge.facts.compare import compared_instruments
from tests.actions.support import conversation, entity, slots_of

PARTNERS = {
    "kind": "partners",
    "query": "precision agriculture sensors",
    "filters": {"country": "FR"},
    "ids": ["a", "b"],
    "offset": 0,
    "page_size": 5,
    "total": 2,
}


@pytest.fixture
def knowledge(fact_services):
    """The catalogue, with the fact answerer installed (tests/actions/conftest.py)."""
    return fact_services


def after_instrument(name: str) -> list[dict]:
    """The events of a turn answered about instrument ``name``."""
    return [
        {"event": "user", "text": f"what is {name}?", "parse_data": {}},
        {"event": "action", "name": "action_explain_instrument"},
        {"event": "slot", "name": "instrument", "value": name},
        {"event": "action", "name": "action_listen"},
    ]


def cards(dispatcher: CollectingDispatcher) -> list[dict]:
    return [m["custom"] for m in dispatcher.messages if (m.get("custom") or {}).get("type")]


# -- 1. follow-ups about the LAST instrument: who, how to apply, contact -------------------------

FOLLOW_UPS = [
    # (text, language, instrument, the aspects its card may have)
    ("who can join?", None, "Euroclusters", {"who"}),
    ("how do I sign up?", None, "Euroclusters", {"how_to_apply"}),
    ("where do I register?", None, "ESCP-4x", {"how_to_apply"}),
    ("is there a contact person?", None, "Euroclusters", {"how_to_apply", "contact"}),
    ("can a university take part?", None, "INNOSUP-1", {"who"}),
    ("and for a startup?", None, "Euroclusters", {"who"}),
    ("wie melde ich mich an?", "de", "INNOSUP-1", {"how_to_apply"}),
    ("gibt es einen Ansprechpartner?", "de", "INNOSUP-1", {"how_to_apply", "contact"}),
    ("comment s'inscrire ?", "fr", "ESCP-4x", {"how_to_apply"}),
    ("une université peut-elle participer ?", "fr", "ESCP-4x", {"who"}),
    ("¿cómo me inscribo?", "es", "Euroclusters", {"how_to_apply"}),
    ("¿hay una persona de contacto?", "es", "Euroclusters", {"how_to_apply", "contact"}),
    ("come ci si iscrive?", "it", "COSME", {"how_to_apply"}),
    ("jak się zgłosić?", "pl", "Euroclusters", {"how_to_apply"}),
    ("kan een universiteit meedoen?", "nl", "Euroclusters", {"who"}),
    ("e para uma startup?", "pt", "Euroclusters", {"who"}),
]


@pytest.mark.parametrize(("text", "language", "instrument", "aspects"), FOLLOW_UPS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
async def test_a_follow_up_is_answered_from_the_last_instruments_card(
    knowledge, text, language, instrument, aspects, intent
):
    found = knowledge.lookup(instrument)
    dispatcher = CollectingDispatcher()
    t = conversation(
        text,
        intent,
        confidence=0.5,
        ranking=[(intent, 0.5)],
        language=language,
        history=after_instrument(found.name),
        instrument=found.name,
    )
    events = await ActionFollowUp().run(dispatcher, t, {})
    [card] = cards(dispatcher)
    assert card["instrument"] == found.id and card["aspect"] in aspects, card["card_id"]
    assert card["source"] and (card["as_of"] or card["source_checked"])  # source and date
    assert slots_of(events)[FOLLOW_UP_SLOT] == "instrument"


@pytest.mark.parametrize(("text", "language", "instrument", "aspects"), FOLLOW_UPS[:8])
async def test_an_instrument_question_uses_the_slot_for_the_same_follow_ups(
    knowledge, text, language, instrument, aspects
):
    found = knowledge.lookup(instrument)
    dispatcher = CollectingDispatcher()
    t = conversation(text, "ask_instrument", language=language, instrument=found.name)
    await ActionExplainInstrument().run(dispatcher, t, {})
    [card] = cards(dispatcher)
    assert card["instrument"] == found.id and card["aspect"] in aspects


def test_the_dutch_article_een_names_no_programme(knowledge):
    assert knowledge.find_in_text("kan een universiteit meedoen?") is None
    assert knowledge.find_in_text("wat doet het EEN?").id == "een"
    assert [i.id for i in knowledge.find_all_in_text("EEN of Euroclusters?")] == [
        "een",
        "euroclusters",
    ]


# -- 2. comparisons and neighbouring cards: a card of EACH instrument -----------------------------

COMPARISONS = [
    # (text, language, instruments named, the aspect both cards have)
    ("What is the difference between ESCP-4i and ESCP-4x?", None, ["escp-4i", "escp-4x"], "what"),
    ("Is COSME the same as the Single Market Programme?", None, ["cosme", "single-market-programme"], "what"),
    ("compare the budgets of COSME and the Single Market Programme", None, ["cosme", "single-market-programme"], "budget"),
    ("Euroclusters vs INNOSUP-1: which one for a 10-person SME?", None, ["euroclusters", "innosup-1"], "who"),
    ("Was ist der Unterschied zwischen ESCP-4i und ESCP-4x?", "de", ["escp-4i", "escp-4x"], "what"),
    ("Qui peut participer à Euroclusters ou à ESCP-4x ?", "fr", ["euroclusters", "escp-4x"], "who"),
    ("Qual è la differenza tra ESCP-4i e ESCP-S3?", "it", ["escp-4i", "escp-s3"], "what"),
    ("Czym różni się ESCP-4i od ESCP-4x?", "pl", ["escp-4i", "escp-4x"], "what"),
    ("Qual é o orçamento do COSME e do INNOSUP-1?", "pt", ["cosme", "innosup-1"], "budget"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language", "ids", "aspect"), COMPARISONS)
async def test_a_comparison_is_answered_with_a_card_of_each_instrument(
    knowledge, text, language, ids, aspect
):
    dispatcher = CollectingDispatcher()
    t = conversation(text, "ask_instrument", language=language)
    events = await ActionExplainInstrument().run(dispatcher, t, {})
    answered = cards(dispatcher)
    assert [c["instrument"] for c in answered] == ids
    assert all(c["type"] == FACT_ANSWER and c["aspect"] == aspect for c in answered)
    assert all(c["source"] and c["question"] == text for c in answered)
    # each reply names its own source line; the slot is the first instrument named
    assert all(m["text"].splitlines()[-1] for m in dispatcher.messages)
    assert slots_of(events)["instrument"] == knowledge.get(ids[0]).name


@pytest.mark.parametrize("intent", ["faq", "nlu_fallback", "find_partners"])
async def test_a_comparison_nlu_sent_elsewhere_gets_both_cards(knowledge, intent):
    dispatcher = CollectingDispatcher()
    text = "Is COSME the same as the Single Market Programme?"
    events = answer_if_fact(dispatcher, conversation(text, intent, confidence=0.5))
    assert [c["instrument"] for c in cards(dispatcher)] == ["cosme", "single-market-programme"]
    assert slots_of(events or [])["instrument"] == "COSME"


async def test_a_comparison_read_as_cluster_facts_gets_both_cards(knowledge):
    dispatcher = CollectingDispatcher()
    text = "Quelle est la différence entre EREK et ECCP ?"
    await ActionClusterFacts().run(dispatcher, conversation(text, "ask_cluster_facts"), {})
    assert [c["instrument"] for c in cards(dispatcher)] == ["erek", "eccp"]


@pytest.mark.parametrize(
    "text",
    [
        # a second name that describes the first, or a relation between them: one question
        "How much money did the COSME calls for cluster excellence provide?",
        "Is Euroclusters the successor of the Joint Cluster Initiatives?",
        "What was the total budget of the COSME cluster excellence calls?",
        "Welche Rolle spielte COSME bei der Förderung des ESCP-4i?",
    ],
)
def test_two_names_that_are_not_asked_about_together_are_no_comparison(knowledge, text):
    assert compared_instruments(knowledge, text) == []


async def test_one_instrument_is_no_comparison(knowledge):
    dispatcher = CollectingDispatcher()
    await ActionExplainInstrument().run(
        dispatcher, conversation("what is ESCP-4x?", "ask_instrument"), {}
    )
    assert [c["instrument"] for c in cards(dispatcher)] == ["escp-4x"]


# -- 3. the fact paths that lost the instrument or never asked the cards ---------------------------

BUDGET = "How much funding did the cluster internationalisation programme for SMEs have?"


async def test_did_you_mean_keeps_the_instrument_for_the_next_follow_up(knowledge):
    dispatcher = CollectingDispatcher()
    first = conversation(BUDGET, "nlu_fallback", confidence=0.4)
    events = await ActionDefaultAskAffirmation().run(dispatcher, first, {})
    slots = slots_of(events)
    assert slots["instrument"] == "Cluster Internationalisation Programme for SMEs"
    # the next turn, as the tracker holds it: the two-stage fallback ran and returned the events
    history = [
        {"event": "user", "text": BUDGET, "parse_data": first.latest_message},
        {"event": "action", "name": "action_two_stage_fallback"},
        *[{"event": "slot", "name": k, "value": v} for k, v in slots.items()],
        {"event": "action", "name": "action_listen"},
    ]
    follow = conversation(
        "wer kann teilnehmen?", "out_of_scope", language="de", history=history, **slots
    )
    assert latest_context(follow) == "instrument"
    dispatcher = CollectingDispatcher()
    await ActionFollowUp().run(dispatcher, follow, {})
    [card] = cards(dispatcher)
    assert card["instrument"] == "cluster-internationalisation-programme"
    assert card["aspect"] == "who"


async def test_an_unplaced_fact_question_is_answered_before_did_you_mean(knowledge):
    dispatcher = CollectingDispatcher()
    t = conversation(BUDGET, "nlu_fallback", confidence=0.4, ranking=[("faq", 0.3)])
    events = await ActionFollowUp().run(dispatcher, t, {})
    assert slots_of(events)[FOLLOW_UP_SLOT] == "instrument"  # not "unhandled"
    assert cards(dispatcher)[0]["card_id"] == "internationalisation-budget"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Which Directorate-General is in charge of cluster policy?", None),
        ("Welche Generaldirektion ist für die Clusterpolitik zuständig?", "de"),
        ("Quelle direction générale est responsable de la politique des clusters ?", "fr"),
    ],
)
async def test_a_policy_question_read_as_a_refinement_asks_the_fact_router(
    knowledge, text, language
):
    dispatcher = CollectingDispatcher()
    t = conversation(
        text,
        "inform",
        confidence=0.6,
        language=language,
        history=["action_search_partners"],
        last_search=PARTNERS,
    )
    events = await ActionRefineSearch().run(dispatcher, t, {})
    [card] = cards(dispatcher)
    assert card["instrument"] == "cluster-policy" and card["aspect"] == "contact"
    assert slots_of(events)[FOLLOW_UP_SLOT] == "instrument"


async def test_a_refinement_with_a_filter_stays_a_search(knowledge):
    text = "and in Italy?"
    t = conversation(
        text,
        "inform",
        confidence=0.6,
        entities=[entity(text, "country", "Italy")],
        history=["action_search_partners"],
        last_search=PARTNERS,
    )
    assert answer_if_fact(CollectingDispatcher(), t, refining=True) is None


async def test_a_form_answer_read_as_inform_is_never_routed_outside_a_refinement(knowledge):
    text = "Which Directorate-General is in charge of cluster policy?"
    t = conversation(text, "inform", confidence=0.6)
    assert answer_if_fact(CollectingDispatcher(), t) is None
    assert answer_if_fact(CollectingDispatcher(), t, refining=True) is not None


async def test_a_search_read_as_inform_is_not_answered_from_the_cards(knowledge):
    text = "des réseaux d'entreprises du textile dans le Nord ?"
    t = conversation(text, "inform", confidence=0.5, language="fr")
    assert answer_if_fact(CollectingDispatcher(), t, refining=True) is None


# -- 4. an aspect the instrument has no card of: said honestly, the closest card offered ----------


@pytest.mark.parametrize(
    ("text", "language", "instrument", "frame"),
    [
        ("is there a contact person?", None, "Euroclusters", "My sources say nothing about"),
        ("gibt es einen Ansprechpartner?", "de", "INNOSUP-1", "Genau dazu sagen meine Quellen"),
        ("¿hay una persona de contacto?", "es", "Euroclusters", "Mis fuentes no dicen nada"),
        ("come posso contattarli?", "it", "COSME", "Le mie fonti non dicono nulla"),
        ("hoe kan ik contact opnemen?", "nl", "Euroclusters", "Mijn bronnen zeggen daar"),
    ],
)
async def test_a_missing_contact_card_is_said_and_the_closest_card_of_that_instrument_given(
    knowledge, text, language, instrument, frame
):
    found = knowledge.lookup(instrument)
    dispatcher = CollectingDispatcher()
    t = conversation(
        text,
        "out_of_scope",
        confidence=0.5,
        ranking=[("out_of_scope", 0.5)],
        language=language,
        history=after_instrument(found.name),
        instrument=found.name,
        conversation_language=language,
    )
    await ActionFollowUp().run(dispatcher, t, {})
    [message] = [m for m in dispatcher.messages if m.get("custom")]
    assert message["custom"]["instrument"] == found.id  # never another programme's card
    assert message["custom"]["aspect"] == "how_to_apply"
    assert frame in message["text"]


async def test_a_card_of_the_asked_aspect_gets_the_plain_frame(knowledge):
    dispatcher = CollectingDispatcher()
    t = conversation("who can join?", "ask_instrument", instrument="Euroclusters")
    await ActionExplainInstrument().run(dispatcher, t, {})
    [message] = dispatcher.messages
    assert message["text"].startswith("Here is what I found about Euroclusters:")
