"""A message that asks two things: the answering action offers the other (second_request.py).

Requests written from the fact cards and the call topics, in five languages; the ``segments``
property is what bot.nlu.segmenter sends with such a message.
"""

from __future__ import annotations

import pytest

from actions.dialogue.second_request import (
    CALLS,
    PARTNERS,
    QUESTION,
    answered_kinds,
    answers_one_request,
    kind_of,
    other_requests,
)
from i18n import text
from tests.actions.support import make_tracker

TWO = {
    "en": ["What is INNOSUP-1", "are there open calls on batteries?"],
    "de": ["Was ist COSME", "gibt es Ausschreibungen zu Wasserstoff?"],
    "fr": ["Qu'est-ce qu'Euroclusters", "y a-t-il des appels sur le textile ?"],
    "es": ["¿Qué es la ECCP", "hay convocatorias sobre turismo sostenible?"],
    "pl": ["Czym jest INNOSUP-1", "czy są nabory na wodór?"],
}


class _Answers:
    """An answering action that says one line (the real ones need the knowledge services; no
    rasa-sdk ``Action`` subclass, which the executor would register as the package's)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def name(self) -> str:
        return "action_test_answer"

    async def run(self, dispatcher, tracker, domain):
        return await self._run(dispatcher, tracker, domain)

    @answers_one_request(QUESTION)
    async def _run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="the answer")
        return []


def _tracker(requests, language):
    tracker = make_tracker(" and ".join(requests), said_in=language)
    tracker.latest_message["segments"] = {"requests": requests, "context": [], "long": False}
    tracker.events[-1]["parse_data"] = tracker.latest_message
    return tracker


@pytest.mark.parametrize("language", sorted(TWO))
async def test_the_question_answered_offers_the_calls_request(dispatcher, language):
    tracker = _tracker(TWO[language], language)
    await _Answers(QUESTION).run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == "the answer"  # the answer first, then the offer
    offer = dispatcher.messages[1]
    assert offer["text"] == text("dialogue.also_asked", language)
    assert [b["payload"] for b in offer["buttons"]] == [TWO[language][1]]


@pytest.mark.parametrize("language", sorted(TWO))
def test_the_calls_search_offers_the_question(language):
    assert other_requests(TWO[language], CALLS, language) == [TWO[language][0]]


def test_requests_of_the_same_kind_offer_nothing():
    letter = [
        "We are looking for partners in Germany for a battery recycling project.",
        "Could you tell us which clusters could help?",
    ]
    assert [kind_of(r) for r in letter] == [PARTNERS, PARTNERS]
    assert other_requests(letter, PARTNERS, "en") == []


def test_a_request_without_a_topic_is_not_offered():
    assert (
        other_requests(["partners for hydrogen storage", "Could you tell us more?"], PARTNERS, "en")
        == []
    )


async def test_one_request_gets_no_offer(dispatcher):
    tracker = make_tracker("What is INNOSUP-1?")
    await _Answers(QUESTION).run(dispatcher, tracker, {})
    assert len(dispatcher.messages) == 1


async def test_offered_once_per_turn(dispatcher):
    tracker = _tracker(TWO["en"], "en")
    await _Answers(QUESTION).run(dispatcher, tracker, {})
    await _Answers(QUESTION).run(dispatcher, tracker, {})
    assert [m["text"] for m in dispatcher.messages].count(text("dialogue.also_asked", "en")) == 1


@pytest.mark.parametrize("segments", [None, "x", {"requests": "x"}, {"requests": [1, None]}])
async def test_bad_segments_never_crash(dispatcher, segments):
    tracker = make_tracker("What is INNOSUP-1?")
    tracker.latest_message["segments"] = segments
    await _Answers(QUESTION).run(dispatcher, tracker, {})
    assert len(dispatcher.messages) == 1


async def test_what_the_replies_answered_decides_not_the_action(dispatcher):
    # A calls search that found a fact question answers the question: the calls are offered.
    tracker = _tracker(TWO["en"], "en")
    dispatcher.utter_message(json_message={"type": "fact_answer", "instrument": "innosup-1"})
    assert answered_kinds(dispatcher, CALLS) == {QUESTION}
    await _Answers(CALLS).run(dispatcher, tracker, {})
    [offer] = [m for m in dispatcher.messages if m.get("buttons")]
    assert [b["payload"] for b in offer["buttons"]] == [TWO["en"][1]]


def test_both_answered_offers_nothing():
    assert other_requests(TWO["de"], {QUESTION, CALLS}, "de") == []
