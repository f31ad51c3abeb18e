"""Rasa's two-stage fallback with readable "did you mean ...?" choices and a handoff at the end.

Rasa's built-in ``action_default_ask_affirmation`` shows the raw intent name ("Did you mean
'find_partners'?"). :class:`ActionDefaultAskAffirmation` offers up to two likely intents as buttons
that keep the message's entities, plus "Something else", whose ``/out_of_scope`` payload makes the
two-stage fallback ask the user to rephrase (Rasa 3.6's ``TwoStageFallbackAction`` treats
out_of_scope as "no").

Repeated fallbacks lead to a person. The rule: when the two-stage fallback gives up, the handoff
starts. Rasa 3.6 gives up when the clarification fails too, i.e. the answer to "did you mean" is
again not understood (two ``nlu_fallback`` in a row), or the user picked "Something else",
rephrased, was still not understood and picked "Something else" again. It then runs
``action_default_fallback``; :class:`ActionDefaultFallback` says that a person can help and keeps
the failed message (no ``UserUtteranceReverted``), so that the rule "Repeated fallbacks start the
handoff" (data/rules/dialogue.yml: after ``action_two_stage_fallback`` with no active loop) runs
``handoff_form``, which asks for consent before anything is shared.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import FOLLOW_UP_SLOT
from actions.dialogue.follow_up import ActionFollowUp, follow_up_kind
from actions.dialogue.language import say_language_line
from actions.dialogue.texts import language_of
from actions.funding.routing import answer_if_fact
from i18n import text

#: Intents offered as "Did you mean ...?" choices; each is described by the catalogue key
#: ``dialogue.intent_<name>`` in the conversation's language.
INTENT_DESCRIPTIONS: tuple[str, ...] = (
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "help",
    "affirm",
    "deny",
    "inform",
    "find_partners",
    "find_calls",
    "ask_instrument",
    "ask_cluster_facts",
    "ask_call_status",
    "request_human",
    "show_more",
    "select_result",
    "find_similar",
    "feedback",
    "faq",
)
SKIP = frozenset({"nlu_fallback", "out_of_scope"})
ENTITY_KEYS = ("country", "region", "sector", "technology", "instrument", "ordinal")
MAX_CHOICES = 2
TWO_STAGE_FALLBACK = "action_two_stage_fallback"
#: English text of the give-up line (``dialogue.give_up``), for readers that look for it.
GIVE_UP_TEXT = text("dialogue.give_up")


#: Small-talk intents. A message NLU was unsure of whose two likeliest intents are a greeting or
#: the help request and another of these ("Ciao! Che cosa sai fare?": greet and goodbye; "Salut,
#: tu sais faire quoi ?": help and greet) is a greeting with "what can you do?": it gets the
#: greeting and the help text, never "did you mean ...?".
SMALL_TALK = frozenset({"greet", "help", "goodbye", "thank", "bot_challenge"})
GREETING_OR_HELP = frozenset({"greet", "help"})


def greets_and_asks(parse_data: Mapping[str, Any]) -> bool:
    """Whether an unsure message's two likeliest intents are a greeting or help and small talk."""
    ranking = parse_data.get("intent_ranking") or []
    names = [
        item.get("name")
        for item in ranking
        if isinstance(item, Mapping) and item.get("name") not in SKIP
    ][:2]
    return len(names) == 2 and names[0] in GREETING_OR_HELP and names[1] in SMALL_TALK


def affirmation_buttons(parse_data: Mapping[str, Any], lang: str = "en") -> list[dict[str, str]]:
    """Buttons for the likeliest intents of a message, keeping its entities (titles in
    ``lang``)."""
    ranking = parse_data.get("intent_ranking") or []
    entities = {}
    for entity in parse_data.get("entities") or []:
        if isinstance(entity, Mapping) and entity.get("entity") in ENTITY_KEYS:
            value = entity.get("value")
            if isinstance(value, str) and value and len(value) <= 100:
                entities.setdefault(entity["entity"], value)
    buttons = []
    for item in ranking:
        name = item.get("name") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or name in SKIP or name not in INTENT_DESCRIPTIONS:
            continue
        payload = f"/{name}"
        if entities and name not in ("faq", "affirm", "deny"):
            payload += json.dumps(entities, ensure_ascii=False)
        buttons.append({"title": text(f"dialogue.intent_{name}", lang), "payload": payload})
        if len(buttons) == MAX_CHOICES:
            break
    buttons.append({"title": text("dialogue.something_else", lang), "payload": "/out_of_scope"})
    return buttons


class ActionDefaultAskAffirmation(Action):
    """Asks "Did you mean ...?" with readable choices."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        say_language_line(dispatcher, tracker)
        answered = answer_if_fact(dispatcher, tracker)
        if answered is not None:
            # A question the fact cards answer confidently: the answer, not "did you mean".
            # Its events (the ``instrument`` slot) and ``follow_up: instrument`` are kept, so
            # that the next "and who can apply?" is about that instrument. The two-stage
            # fallback stays active; a clear next message ends it as usual.
            return [*answered, SlotSet(FOLLOW_UP_SLOT, "instrument")]
        if greets_and_asks(tracker.latest_message or {}):
            dispatcher.utter_message(response="utter_greet")
            dispatcher.utter_message(response="utter_help")
            return []
        buttons = affirmation_buttons(tracker.latest_message or {}, lang)
        if len(buttons) == 1:
            dispatcher.utter_message(text=text("dialogue.not_sure_rephrase", lang), buttons=buttons)
        else:
            dispatcher.utter_message(text=text("dialogue.did_you_mean", lang), buttons=buttons)
        return []


class ActionDefaultFallback(Action):
    """Rasa's ``action_default_fallback``: a handoff after repeated fallbacks.

    Rasa 3.6 runs it in two situations, told apart by the active loop:

    * the two-stage fallback gives up (its loop is still the active one when it calls this
      action): say that a person can help and return no events, so that the dialogue goes on to
      ``handoff_form`` (rule "Repeated fallbacks start the handoff");
    * the RulePolicy's core fallback (no policy is sure what to do next): what Rasa's own action
      does, ``utter_default`` and ``UserUtteranceReverted``, so the message does not count.
    """

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if gave_up_on_clarification(tracker):
            placed = await _placed_request(dispatcher, tracker, domain)
            if placed is not None:
                return placed
            dispatcher.utter_message(text=text("dialogue.give_up", language_of(tracker)))
            return []
        dispatcher.utter_message(response="utter_default")
        return [UserUtteranceReverted()]


def gave_up_on_clarification(tracker: Tracker) -> bool:
    """True when the two-stage fallback is the active loop, i.e. it is the one giving up."""
    active = tracker.active_loop or {}
    return isinstance(active, Mapping) and active.get("name") == TWO_STAGE_FALLBACK


#: What :func:`actions.dialogue.follow_up.follow_up_kind` may place a new request as, after a
#: "did you mean ...?" that was not answered (:func:`_placed_request`).
PLACED_REQUESTS = frozenset({"calls", "partners", "refine", "more", "select"})


async def _placed_request(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """The answer to a new request that came instead of an answer to "did you mean ...?".

    Rasa's two-stage fallback gives up when the message after "did you mean ...?" is unsure
    too, and the handoff then offers an adviser. When that message is a search the
    conversation places (``action_follow_up`` would run it outside the fallback: "zijn er open
    oproepen voor waterstof?" below NLU's threshold), the user did not fail to clarify, they
    asked something new (twelfth held-out set, a HUMAN conversation: the calls request after an
    unrecognised request for a person got the adviser offer). It is answered, and
    ``FollowupAction("action_listen")`` ends the turn there, so the rule "Repeated fallbacks
    start the handoff" does not follow.

    Returns:
        The events of the answer, or None when the message is no request the conversation
        places (then the fallback gives up as before).
    """
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if intent != "nlu_fallback":
        return None
    kind = follow_up_kind(tracker)
    if kind not in PLACED_REQUESTS:
        return None
    events = await ActionFollowUp()._answer(dispatcher, tracker, domain, kind, unsure=False)
    return [*events, FollowupAction("action_listen")]
