"""Context across turns, session 18: back from small talk, more in the spoken style, corrections.

actions/dialogue/continuation.py: a refinement that opens with a clause only steering back ("ok,
back to the clusters: and in Spain?", "bueno, volviendo a lo nuestro, ¿y en Portugal?") after an
off-topic turn refines the last list; "ok e poi ne hai degli altri?" right after a list asks for
its next page. actions/dialogue/request_words.py: the words of a correction and the fillers of a
turn name no topic ("me refería a las convocatorias", "dobra, to te klastry..."). Written from each
language's grammar, never from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest

from actions.dialogue.context import implicit_topic, names_a_topic, referred_topic
from actions.dialogue.continuation import asks_for_more, continues_results, without_steering
from tests.actions.support import conversation, entity

PARTNERS = {
    "kind": "partners",
    "query": "clústeres de fabricación avanzada",
    "filters": {"country": "SE", "sector": "Advanced Manufacturing"},
    "ids": ["a", "b", "c", "d", "e"],
    "offset": 0,
    "page_size": 5,
    "total": 12,
}
CALLS = {"kind": "calls", "query": "photonique", "filters": {}, "ids": ["x"]}
#: A partner list, then an off-topic question answered as such.
AWAY = ["action_search_partners", {"event": "user", "text": "x"}, "utter_out_of_scope"]


@pytest.fixture
def knowledge(fact_services):
    return fact_services


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("bueno, volviendo a lo nuestro, ¿y en Portugal?", "y en Portugal?"),
        ("ok, back to the clusters, what about Belgium?", "what about Belgium?"),
        ("ok torniamo ai cluster: e in Spagna?", "e in Spagna?"),
        ("wracając do tematu: a w Czechach?", "a w Czechach?"),
        ("goed, terug naar de clusters - en in België?", "en in België?"),
        ("bon, revenons à nos clusters : et en Hongrie ?", "et en Hongrie?"),
        ("und in Österreich?", "und in Österreich?"),
        ("ok, textile recycling in Spain", "textile recycling in Spain"),
        ("textile recycling, in Spain", "textile recycling, in Spain"),
    ],
)
def test_a_clause_steering_back_is_left_out(text, core):
    assert without_steering(text) == core


@pytest.mark.parametrize(
    ("text", "place", "language"),
    [
        ("bueno, volviendo a lo nuestro, ¿y en Portugal?", "Portugal", "es"),
        ("bon, revenons à nos clusters : et en Hongrie ?", "Hongrie", "fr"),
        ("ok, torniamo alla ricerca: e in Bulgaria?", "Bulgaria", "it"),
        ("ok, back to the search: and what about Belgium?", "Belgium", None),
    ],
)
def test_a_place_after_small_talk_and_a_return_refines_the_last_list(
    knowledge, text, place, language
):
    found = [entity(text, "country", place)]
    tracker = conversation(
        text,
        "out_of_scope",
        ranking=[("out_of_scope", 0.5)],
        entities=found,
        said_in=language,
        history=AWAY,
        last_search=PARTNERS,
    )
    assert continues_results(tracker)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ok e poi ne hai degli altri da farmi vedere", "it"),
        ("va bene e poi ne hai ancora qualcuno da mostrarmi", "it"),
        ("no dobra a masz jeszcze jakieś inne", "pl"),
        ("okay um could you show me the rest of those", None),
        ("ja gut und weiter bitte", "de"),
    ],
)
def test_more_in_the_spoken_style_right_after_a_list_asks_for_its_next_page(text, language):
    tracker = conversation(
        text,
        "out_of_scope",
        said_in=language,
        history=["action_search_partners"],
        last_search=PARTNERS,
    )
    assert asks_for_more(tracker)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("perdona, me refería a las convocatorias", "es"),
        ("non pardon, je voulais parler des partenaires", "fr"),
        ("no, intendevo parlare dei bandi", "it"),
        ("dobra, to te klastry", "pl"),
        ("ok so, the calls", None),
        ("coś otwartego dla MŚP", "pl"),
        ("qualcosa di aperto per le PMI", "it"),
        ("alguma coisa aberta para PME", "pt"),
        ("gibt's sowas auch", "de"),
        ("are there similar ones too", "en"),
        ("ci sono cluster simili", "it"),
        ("zijn er vergelijkbare", "nl"),
    ],
)
def test_the_words_of_a_correction_and_fillers_name_no_topic(text, language):
    assert not names_a_topic(text, language)


def test_partners_asked_in_a_correction_after_calls_take_the_calls_topic():
    text = "non pardon, je voulais parler des partenaires"
    tracker = conversation(
        text,
        "find_partners",
        said_in="fr",
        history=["action_search_calls"],
        last_search=CALLS,
    )
    assert implicit_topic(tracker, text, "find_partners", "fr") == "photonique"


@pytest.mark.parametrize(
    ("text", "place", "language"),
    [
        ("allora, quei cluster in Francia?", "Francia", "it"),
        ("y esos clústeres en Francia?", "Francia", "es"),
        ("en deze clusters in België?", "België", "nl"),
        ("e esses parceiros em Espanha?", "Espanha", "pt"),
        ("und diese Cluster in Polen?", "Polen", "de"),
    ],
)
def test_the_clusters_just_shown_named_with_a_demonstrative_keep_their_topic(text, place, language):
    tracker = conversation(
        text,
        "find_partners",
        entities=[entity(text, "country", place)],
        said_in=language,
        history=AWAY,
        last_search=PARTNERS,
    )
    assert "fabricación avanzada" in (referred_topic(tracker, text, language) or "")


SOLAR_CALLS = {"kind": "calls", "query": "photovoltaic roofs", "filters": {}, "ids": ["x"]}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("nein, ich meinte die Förderaufrufe", "de"),
        ("no, intendevo i bandi", "it"),
        ("nee, ik bedoelde subsidies", "nl"),
        ("no, I meant calls", None),
    ],
)
def test_a_correction_after_a_calls_list_keeps_its_topic(text, language):
    tracker = conversation(
        text,
        "find_calls",
        said_in=language,
        history=["action_search_calls"],
        last_search=SOLAR_CALLS,
    )
    assert implicit_topic(tracker, text, "find_calls", language) == "photovoltaic roofs"


@pytest.mark.parametrize(
    ("before", "text", "language"),
    [
        ("wodór w transporcie ciężkim", "nie, chodziło mi o nabory", "pl"),
        ("waterstof voor zwaar vervoer", "nee, ik bedoelde oproepen", "nl"),
        ("hydrogen for heavy transport", "no, I meant funding calls", None),
    ],
)
def test_a_correction_after_an_unanswered_request_takes_that_requests_topic(before, text, language):
    history = [
        {"event": "user", "text": before, "parse_data": {"entities": []}},
        "utter_out_of_scope",
    ]
    tracker = conversation(text, "find_calls", said_in=language, history=history)
    topic = implicit_topic(tracker, text, "find_calls", language) or ""
    assert before.split()[0] in topic


def test_a_correction_naming_its_own_topic_keeps_it():
    text = "no, I meant calls on offshore wind"
    tracker = conversation(
        text, "find_calls", history=["action_search_calls"], last_search=SOLAR_CALLS
    )
    assert implicit_topic(tracker, text, "find_calls") is None
