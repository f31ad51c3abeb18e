"""A message that asks two things: the answering action offers the one it does not answer.

"What is INNOSUP-1 and are there open calls on batteries?", or a letter that asks for partners
and for calls: Rasa routes a message to one intent, so one action answers. The NLU's segmenter
(``bot.nlu.segmenter.RequestSegmenter``) sends the message's requests with it (the ``segments``
property of the parse data); the answering action (partner and call searches, instrument and
cluster-fact answers) says which kind of request it answers, and :func:`offer_other_request`
adds one line with the other request as a button, so the second question is never silently
dropped: one tap asks it.

A request is of the kind partners (``find_partners``), calls (``find_calls``) or question
(anything else: an instrument, a fact); the other requests offered are those of another kind
that name a topic ("Could you tell us more?" is offered nothing).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import names_a_topic
from actions.dialogue.forms import requested_feature
from actions.dialogue.message_language import message_language
from actions.dialogue.texts import language_of
from i18n import text as catalogue_text

_Run = Callable[..., Awaitable[list[dict[str, Any]]]]
#: The kinds of request an answering action says it answers.
PARTNERS, CALLS, QUESTION = "find_partners", "find_calls", "question"
#: The longest button title (the request's first characters).
TITLE_CHARS = 80
#: The most requests offered.
MOST_OFFERED = 2


def requests_of(tracker: Tracker) -> list[str]:
    """The requests the NLU found in the latest message (none when it asks one thing)."""
    segments = (tracker.latest_message or {}).get("segments")
    if not isinstance(segments, Mapping):
        return []
    found = segments.get("requests")
    if not isinstance(found, list):
        return []
    return [r.strip() for r in found if isinstance(r, str) and r.strip()][:10]


def kind_of(request: str) -> str:
    """``find_partners``, ``find_calls`` or ``question``: what a request asks for."""
    return requested_feature(request) or QUESTION


#: The kind of request each reply payload answers (``custom.type`` of the actions' replies).
_ANSWERED_BY = {"partner_results": PARTNERS, "call_results": CALLS, "fact_answer": QUESTION}


def answered_kinds(dispatcher: CollectingDispatcher, answering: str) -> set[str]:
    """The kinds of request this turn's replies answered: their payloads say (a calls search
    that found a fact question answers a question), else the action's own kind."""
    found = {
        _ANSWERED_BY[m["custom"].get("type")]
        for m in dispatcher.messages
        if isinstance(m.get("custom"), Mapping) and m["custom"].get("type") in _ANSWERED_BY
    }
    return found or {answering}


def other_requests(
    requests: list[str], answered: str | set[str], language: str | None
) -> list[str]:
    """The requests of another kind than the ``answered`` ones that name a topic (at most two)."""
    kinds = {answered} if isinstance(answered, str) else answered
    if len(requests) < 2 or not any(kind_of(r) in kinds for r in requests):
        return []  # the action answers none of them as such: nothing to tell apart
    offered = [r for r in requests if kind_of(r) not in kinds and names_a_topic(r, language)]
    return offered[:MOST_OFFERED]


def offer_other_request(dispatcher: CollectingDispatcher, tracker: Tracker, answering: str) -> bool:
    """Utters "You also asked:" with a button per other request; whether it did.

    Args:
        dispatcher: Where the reply goes.
        tracker: The conversation (its latest message's ``segments`` decide).
        answering: The kind of request the calling action answers (:data:`PARTNERS`,
            :data:`CALLS` or :data:`QUESTION`) when its replies carry no payload that says.
    """
    answered = answered_kinds(dispatcher, answering)
    others = other_requests(requests_of(tracker), answered, message_language(tracker))
    if not others:
        return False
    key = "dialogue.also_asked"
    if any(m.get("text") == catalogue_text(key, language_of(tracker)) for m in dispatcher.messages):
        return False  # already offered in this turn (an action that hands on to another)
    buttons: list[dict[str, Any]] = [{"title": r[:TITLE_CHARS], "payload": r[:500]} for r in others]
    dispatcher.utter_message(text=catalogue_text(key, language_of(tracker)), buttons=buttons)
    return True


def answers_one_request(answering: str) -> Callable[[_Run], _Run]:
    """Decorates an answering action's ``run``: after its answer, the other request is offered.

    Not after an action that hands the turn on (a ``followup`` event): the next one offers it.
    """

    def wrap(run: _Run) -> _Run:
        @functools.wraps(run)
        async def answered(
            self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
        ) -> list[dict[str, Any]]:
            events = await run(self, dispatcher, tracker, domain)
            handed_on = any(isinstance(e, Mapping) and e.get("event") == "followup" for e in events)
            if not handed_on:
                offer_other_request(dispatcher, tracker, answering)
            return events

        return answered

    return wrap
