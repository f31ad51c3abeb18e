"""A correction of the place right after a result list (issue 13, context, session 14).

"sorry, I meant Portugal", "Entschuldigung, ich meinte Österreich", "przepraszam, chodziło mi o
Czechy": the user corrects the country of the search just shown. NLU files such a message under
``out_of_scope`` or ``nlu_fallback``; its apology and its verb of meaning name no topic
(actions/dialogue/request_words.py), so it is a place alone, which refines the list
(actions/dialogue/continuation.py): the new country replaces the old one and the topic stays.
Countries from the profiles (knowledge/data/clusters); phrasings written from each language's
grammar, not from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import names_a_topic
from actions.dialogue.continuation import continues_results
from actions.dialogue.follow_up import follow_up_kind, unsure_kind
from actions.dialogue.navigation import ActionRefineSearch
from tests.actions.dialogue.test_continuation import PARTNERS, after
from tests.actions.support import entity, slots_of

CORRECTIONS = [
    ("sorry, I meant Portugal", "Portugal", "PT", None),
    ("oops, I mean Austria", "Austria", "AT", None),
    ("Entschuldigung, ich meinte Österreich", "Österreich", "AT", "de"),
    ("pardon, je voulais dire la Belgique", "Belgique", "BE", "fr"),
    ("perdón, quería decir Portugal", "Portugal", "PT", "es"),
    ("scusa, intendevo la Spagna", "Spagna", "ES", "it"),
    ("przepraszam, chodziło mi o Czechy", "Czechy", "CZ", "pl"),
    ("sorry, ik bedoelde België", "België", "BE", "nl"),
    ("desculpa, queria dizer Espanha", "Espanha", "ES", "pt"),
]


@pytest.mark.parametrize(("text", "place", "code", "language"), CORRECTIONS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_a_corrected_country_after_partner_results_refines_them(
    fact_services, text, place, code, language, intent
):
    tracker = after(text, intent, entities=[entity(text, "country", place)], language=language)
    assert continues_results(tracker)
    kind = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert kind == "refine"


@pytest.mark.parametrize(("text", "place", "code", "language"), CORRECTIONS)
async def test_the_correction_changes_the_country_and_keeps_the_topic(
    fact_services, text, place, code, language
):
    dispatcher = CollectingDispatcher()
    last = dict(PARTNERS, query="textile clusters", filters={"country": "FR"})
    tracker = after(
        text, "inform", entities=[entity(text, "country", place)], language=language, last=last
    )
    tracker.slots["country"] = code
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert new["filters"]["country"] == code
    assert new["query"] == "textile clusters"


@pytest.mark.parametrize(
    ("text", "language"),
    [("sorry, I meant hydrogen", None), ("Entschuldigung, ich meinte Wasserstoff", "de")],
)
def test_a_corrected_topic_still_names_its_topic(text, language):
    assert names_a_topic(text, language)


@pytest.mark.parametrize(("text", "language"), [("sorry, I meant", None), ("ich meinte", "de")])
def test_the_correction_words_alone_name_no_topic(text, language):
    assert not names_a_topic(text, language)
