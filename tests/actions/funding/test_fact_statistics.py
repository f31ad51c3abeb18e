"""Statistic questions and indirect questions reach the fact cards, whatever search NLU picked.

"how many clusters are there in the automotive sector", "which regions have gold-labelled
clusters": a sector or a label read as a search's filters does not make a statistic question a
search (actions.funding.fact_questions.asks_statistic); a country or region does (the profiles
count one place's clusters). A forwarded request told as an indirect question ("she would like
to know who can apply to Euroclusters") is a question for the routing. Written from the cards,
in several languages; none from an evaluation set. The answerer uses the fake embedder.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.funding.fact_questions import asks_statistic
from actions.funding.routing import answer_if_fact, fact_route
from contracts.payloads import FACT_ANSWER
from tests.actions.support import make_tracker

STATISTICS = [
    ("how many clusters are there in the automotive sector?", None),
    ("how many jobs do clusters give in Europe", None),
    ("Which regions have gold-labelled clusters?", None),
    ("Wie viele Arbeitsplätze schaffen starke Cluster?", "de"),
    ("Combien de PME participent aux clusters labellisés ?", "fr"),
    ("¿Cuántos empleos dan los clústeres en Europa?", "es"),
    ("Quante PMI sono coinvolte nei cluster con etichetta?", "it"),
    ("ile miejsc pracy dają klastry w Europie?", "pl"),
    ("Hoeveel banen leveren clusters op?", "nl"),
    ("Quantos empregos dão os clusters na Europa?", "pt"),
]
NOT_STATISTICS = [
    ("clusters for hydrogen storage in Bavaria", None),
    ("how many calls are open on batteries?", None),
    ("Which clusters work on 3D printing?", None),
    ("Wir suchen Partner für Medizintechnik", "de"),
    ("cerco cluster del settore tessile", "it"),
]
FORWARD = (
    "FW: question from a client\n\nHello, my client makes organic cosmetics in Slovenia. "
    "She would like to know who can apply to Euroclusters.\nBest, Ana"
)


@pytest.mark.parametrize(("text", "language"), STATISTICS, ids=lambda v: str(v)[:24])
def test_statistic_questions_are_read_in_each_language(answerer, text, language):
    assert asks_statistic(answerer, text, language)


@pytest.mark.parametrize(("text", "language"), NOT_STATISTICS, ids=lambda v: str(v)[:24])
def test_searches_are_no_statistic_questions(answerer, text, language):
    assert not asks_statistic(answerer, text, language)


@pytest.mark.parametrize(("text", "language"), STATISTICS[:3], ids=lambda v: str(v)[:24])
def test_a_confident_search_asking_a_statistic_gets_a_card(answerer, floor, text, language):
    route = fact_route(answerer, text, language, "find_partners", 0.95)
    assert route is not None and route.answer is not None
    assert route.answer["verdict"] == "answered"
    # ... but a statistic of one place is the profiles' count: a search
    assert fact_route(answerer, text, language, "find_partners", 0.95, place=True) is None


async def test_labelled_clusters_asked_as_a_statistic_get_a_card(fact_services):
    text = "Which regions have gold-labelled clusters?"
    tracker = make_tracker(text, intent="find_partners", confidence=0.93)
    tracker.latest_message = {
        **tracker.latest_message,
        "entities": [{"entity": "label", "value": "gold label", "start": 23, "end": 35}],
    }
    dispatcher = CollectingDispatcher()
    assert answer_if_fact(dispatcher, tracker) is not None
    assert any(m.get("custom", {}).get("type") == FACT_ANSWER for m in dispatcher.messages)


async def test_labelled_clusters_asked_for_stay_a_search(fact_services):
    text = "clusters with a gold label for food processing"
    tracker = make_tracker(text, intent="find_partners", confidence=0.93)
    tracker.latest_message = {
        **tracker.latest_message,
        "entities": [{"entity": "label", "value": "gold label", "start": 16, "end": 26}],
    }
    assert answer_if_fact(CollectingDispatcher(), tracker) is None


def test_a_forwarded_indirect_question_gets_the_instruments_card(answerer, floor):
    route = fact_route(answerer, FORWARD, None, "find_partners", 0.95)
    assert route is not None and route.answer is not None
    assert route.answer["card_id"] == "euroclusters-who"


async def test_a_forward_as_the_segmenter_rewrites_it_gets_the_card(fact_services):
    # bot.nlu.segmenter puts the request first, then the context: the client "an SME in
    # Slovenia" (a country NLU reads) is who asks, not an unknown programme
    text = (
        "She would like to know who can apply to Euroclusters. question from a client "
        "my client is an SME in Slovenia making organic cosmetics."
    )
    at = text.index("Slovenia")
    tracker = make_tracker(text, intent="find_partners", confidence=0.95)
    tracker.latest_message = {
        **tracker.latest_message,
        "entities": [{"entity": "country", "value": "Slovenia", "start": at, "end": at + 8}],
    }
    dispatcher = CollectingDispatcher()
    assert answer_if_fact(dispatcher, tracker) is not None
    facts = [
        m["custom"] for m in dispatcher.messages if m.get("custom", {}).get("type") == FACT_ANSWER
    ]
    assert facts and facts[0]["card_id"] == "euroclusters-who"


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("who can apply to Euroclusters?", "euroclusters-who"),
        ("Wer kann sich bei Euroclusters bewerben?", "euroclusters-who"),
        ("Is the Enterprise Europe Network still running?", "een-status"),
    ],
    ids=lambda v: str(v)[:24],
)
def test_a_faq_instruments_other_aspects_are_the_cards(answerer, floor, text, card):
    # the FAQ's answer says what Euroclusters / the EEN are, not who can apply or whether it runs
    language = "de" if text.startswith("Wer") else None
    route = fact_route(answerer, text, language, "faq", 0.8)
    assert route is not None and route.answer is not None
    assert route.answer["instrument"] == card.rsplit("-", 1)[0]


@pytest.mark.parametrize(
    "text",
    ["What are Euroclusters?", "what does the Enterprise Europe Network offer?"],
)
def test_the_faq_keeps_what_its_answer_says(answerer, floor, text):
    assert fact_route(answerer, text, None, "faq", 0.8) is None
