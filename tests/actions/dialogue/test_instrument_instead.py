"""A question about the programme just explained that NLU took for a search (session 17).

"è ancora aperto?", "c'est encore ouvert ?", "and who can take part in it?" right after an answer
about a programme were read as calls or partner searches: a calls list or clusters on a topic
nobody named. :func:`actions.dialogue.instrument_follow_up.instrument_instead` sends them to the
instrument's cards; a message that names calls or partners ("any calls for it?") stays a search.
"""

from __future__ import annotations

import dataclasses

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services as composition
from actions.dialogue.instrument_follow_up import instrument_instead
from actions.funding.calls import ActionSearchCalls
from actions.partners.search import ActionSearchPartners
from tests.actions.support import conversation


@pytest.fixture
def knowledge(fake_services, catalogue, answerer):
    composition.install(dataclasses.replace(fake_services, instruments=catalogue, facts=answerer))
    yield catalogue
    composition.install(None)


def after_instrument(text, intent, language, instrument):
    history = [
        {"event": "user", "text": f"what is {instrument}?", "parse_data": {}},
        {"event": "action", "name": "action_explain_instrument"},
        {"event": "action", "name": "action_listen"},
    ]
    return conversation(
        text,
        intent,
        confidence=0.6,
        ranking=[(intent, 0.6)],
        language=language,
        history=history,
        sender="instrument-instead-test",
        instrument=instrument,
    )


QUESTIONS = [
    (
        "è ancora aperto?",
        "it",
        "find_calls",
        "Euroclusters",
        {"euroclusters-status", "euroclusters-period"},
    ),
    (
        "c'est encore ouvert ?",
        "fr",
        "find_calls",
        "Interreg",
        {"interreg-status", "interreg-period"},
    ),
    ("et qui peut y participer ?", "fr", "find_partners", "Interreg", {"interreg-who"}),
    ("and who can apply to it?", None, "find_partners", "Euroclusters", {"euroclusters-who"}),
    ("combien ça a coûté ?", "fr", "find_calls", "Interreg", {"interreg-budget"}),
]
#: Funding verbs are no call nouns; Italian "candida" asks how to apply (session 17).
MORE_QUESTIONS = [
    ("c'est financé par qui ?", "fr", "Interreg"),
    ("chi lo finanzia?", "it", "ESCP-4i"),
    ("quanti progetti ha finanziato?", "it", "ESCP-4i"),
    ("how many projects were funded?", None, "INNOSUP-1"),
    ("e come ci si candida?", "it", "ESCP-4i"),
]


@pytest.mark.parametrize(("text", "language", "instrument"), MORE_QUESTIONS)
def test_funding_verbs_and_applying_are_about_the_instrument(knowledge, text, language, instrument):
    found = instrument_instead(after_instrument(text, "find_calls", language, instrument))
    assert found is not None and found.name == knowledge.lookup(instrument).name


@pytest.mark.parametrize(("text", "language", "intent", "instrument", "cards"), QUESTIONS)
def test_the_question_is_about_the_instrument(knowledge, text, language, intent, instrument, cards):
    t = after_instrument(text, intent, language, instrument)
    found = instrument_instead(t)
    assert found is not None and found.name == knowledge.lookup(instrument).name


@pytest.mark.parametrize(("text", "language", "intent", "instrument", "cards"), QUESTIONS)
async def test_the_search_action_answers_from_the_instrument_cards(
    knowledge, text, language, intent, instrument, cards
):
    t = after_instrument(text, intent, language, instrument)
    action = ActionSearchCalls() if intent == "find_calls" else ActionSearchPartners()
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, t, {})
    payloads = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    facts = [p for p in payloads if p.get("type") == "fact_answer"]
    assert facts and facts[0]["card_id"] in cards
    assert not [p for p in payloads if p.get("type") in ("call_results", "partner_results")]


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("any open calls for it?", None, "find_calls"),
        ("ci sono bandi aperti su questo?", "it", "find_calls"),
        ("which clusters could be partners in it?", None, "find_partners"),
        ("des partenaires pour ça ?", "fr", "find_partners"),
    ],
)
def test_a_message_naming_calls_or_partners_stays_a_search(knowledge, text, language, intent):
    assert instrument_instead(after_instrument(text, intent, language, "Interreg")) is None


def test_without_an_instrument_answer_it_stays_a_search(knowledge):
    t = conversation(
        "è ancora aperto?", "find_calls", confidence=0.6, language="it", history=[], sender="x"
    )
    assert instrument_instead(t) is None


@pytest.mark.parametrize(
    "text",
    [
        "en wat doet het Observatorium?",
        "und was macht das Cluster-Observatorium?",
        "et l'observatoire, il fait quoi ?",
        "¿y qué hace el observatorio?",
        "e l'osservatorio cosa fa?",
        "a czym zajmuje się obserwatorium?",
        "e o observatório?",
        "and what does the observatory do?",
    ],
)
def test_the_observatory_named_in_a_follow_up_is_a_new_instrument(knowledge, text):
    # session 17: after ESCP-S3, "en wat doet het Observatorium?" got an ESCP-S3 card
    assert knowledge.find_in_text(text).id == "european-observatory-for-clusters"
    t = after_instrument(text, "out_of_scope", None, "ESCP-S3")
    assert instrument_instead(t) is None
