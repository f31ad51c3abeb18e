"""A new request in the middle of a form wins over the form (issue 13, "Context across turns").

While the partner or calls form asks "which topic?", a question, a change of mind or a request
for the other search is not the topic, whatever intent NLU gave it (an unsure ``nlu_fallback``,
``inform``, ``out_of_scope``...): the form extracts nothing (Rasa rejects it and the rules answer
the message), and ``action_follow_up`` leaves the form when it answers such a message. Written
from the fact cards (Euroclusters, INNOSUP-1, the cluster policy's Directorate-General) and call
topics, in six languages.
"""

from __future__ import annotations

import pytest

from actions.dialogue.follow_up import ActionFollowUp
from actions.dialogue.forms import form_topic, new_request, without_change_of_mind
from actions.funding.forms import ValidateCallSearchForm
from actions.partners.forms import ValidatePartnerSearchForm
from tests.actions.dialogue.test_follow_up import tracker as follow_up_tracker
from tests.actions.dialogue.test_forms import run, tracker_for

# (text, language, NLU's intent): questions and changes of mind while the partner form asks.
NEW_REQUESTS = [
    ("actually, what is the budget of Euroclusters?", "en", "nlu_fallback"),
    ("who runs the cluster policy at the Commission?", "en", "inform"),
    ("forget it, show me open calls on hydrogen", "en", "nlu_fallback"),
    ("eigentlich: wie viel Geld bekommt ein INNOSUP-1-Projekt?", "de", "nlu_fallback"),
    ("vergiss es, zeig mir offene Ausschreibungen zu Wasserstoff", "de", "inform"),
    ("en fait, qui peut candidater à Euroclusters ?", "fr", "nlu_fallback"),
    ("laisse tomber, montre-moi les appels ouverts sur le textile", "fr", "inform"),
    ("olvídalo, ¿hay convocatorias abiertas sobre turismo?", "es", "nlu_fallback"),
    ("anzi, quanto dura il programma Euroclusters?", "it", "nlu_fallback"),
    ("właściwie, kto zarządza polityką klastrową?", "pl", "inform"),
    ("laat maar, zijn er open oproepen voor batterijen?", "nl", "nlu_fallback"),
    ("esquece, quem pode participar no INNOSUP-1?", "pt", "nlu_fallback"),
]


@pytest.mark.parametrize(("text", "language", "intent"), NEW_REQUESTS)
async def test_a_new_request_is_not_the_partner_forms_topic(dispatcher, text, language, intent):
    tracker = tracker_for(text, intent, requested_slot="partner_query", said_in=language)
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert "partner_query" not in slots
    assert new_request(intent, text, language, "partner_search_form")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("actually, which clusters work on battery recycling?", "en"),
        ("eigentlich suchen wir lieber Partner für Batterierecycling", "de"),
        ("en fait, quels partenaires pour le recyclage des batteries ?", "fr"),
        ("mejor, ¿qué clústeres trabajan en reciclaje de baterías?", "es"),
    ],
)
async def test_a_new_partner_request_is_not_the_calls_forms_topic(dispatcher, text, language):
    tracker = tracker_for(text, "nlu_fallback", requested_slot="call_topic", said_in=language)
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert "call_topic" not in slots


@pytest.mark.parametrize(
    ("text", "language", "topic"),
    [
        ("forget it, show me open calls on hydrogen", "en", "hydrogen"),
        ("vergiss es, Ausschreibungen zu Wasserstoff", "de", "Wasserstoff"),
        ("laisse tomber, des appels sur le textile", "fr", "textile"),
        ("lascia perdere, bandi sulla mobilità elettrica", "it", "mobilità elettrica"),
    ],
)
async def test_the_forms_own_request_after_a_change_of_mind_gives_a_new_topic(
    dispatcher, text, language, topic
):
    tracker = tracker_for(text, "find_calls", requested_slot="call_topic", said_in=language)
    slots = await run(ValidateCallSearchForm(), dispatcher, tracker)
    assert topic in slots["call_topic"]
    assert not slots["call_topic"].lower().startswith(("forget", "vergiss", "laisse", "lascia"))


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("hydrogen storage", "en", "nlu_fallback"),
        ("robotics?", "en", "nlu_fallback"),
        ("eigentlich Wasserstoff", "de", "inform"),
        ("plutôt le textile", "fr", "inform"),
        ("agricultura de precisão", "pt", "out_of_scope"),
    ],
)
async def test_a_bare_topic_still_answers_the_form(dispatcher, text, language, intent):
    tracker = tracker_for(text, intent, requested_slot="partner_query", said_in=language)
    slots = await run(ValidatePartnerSearchForm(), dispatcher, tracker)
    assert slots.get("partner_query")


def test_the_change_of_mind_is_no_part_of_the_topic():
    assert without_change_of_mind("never mind, textile recycling") == "textile recycling"
    assert without_change_of_mind("Eigentlich Holzbau") == "Holzbau"
    assert without_change_of_mind("actually") == "actually"
    assert form_topic("forget it, partners for hydrogen", []) is not None
    assert "forget" not in (form_topic("forget it, partners for hydrogen", []) or "")


@pytest.mark.parametrize(
    ("text", "ranking", "kind"),
    [
        ("actually, are there open calls on hydrogen?", [("find_calls", 0.38)], "calls"),
        ("en fait, des partenaires pour le textile ?", [("find_partners", 0.35)], "partners"),
    ],
)
async def test_the_follow_up_answers_a_new_request_and_leaves_the_form(
    monkeypatch, dispatcher, text, ranking, kind
):
    t = follow_up_tracker(text, ranking=ranking, requested_slot="partner_query")
    t.active_loop = {"name": "partner_search_form"}

    async def searched(self, dispatcher, tracker, domain):
        return []

    from actions.funding.calls import ActionSearchCalls
    from actions.partners.search import ActionSearchPartners

    monkeypatch.setattr(ActionSearchCalls, "run", searched)
    monkeypatch.setattr(ActionSearchPartners, "run", searched)
    events = await ActionFollowUp().run(dispatcher, t, {})
    assert events[0]["event"] == "active_loop" and events[0]["name"] is None
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events
    assert events[-1]["value"] == "search"


async def test_an_unplaced_message_in_a_form_keeps_the_form(dispatcher):
    t = follow_up_tracker("blue sky thinking", requested_slot="partner_query")
    t.active_loop = {"name": "partner_search_form"}
    events = await ActionFollowUp().run(dispatcher, t, {})
    assert [e["event"] for e in events] == ["slot"] and events[0]["value"] == "unhandled"
