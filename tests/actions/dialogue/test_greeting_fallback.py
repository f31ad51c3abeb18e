"""A greeting with "what can you do?" that NLU splits between small-talk intents gets the greeting
and the help text, not "did you mean ...?" (issue 13; session 16, facts16). The rankings are
written for the test: NLU unsure, its two likeliest intents a greeting or help and small talk."""

from __future__ import annotations

import pytest

from actions.dialogue.fallback import ActionDefaultAskAffirmation, greets_and_asks
from tests.actions.support import make_tracker


def ranking(*names: str) -> list[dict]:
    confidences = [0.4, 0.38, 0.3, 0.1]
    return [{"name": n, "confidence": c} for n, c in zip(names, confidences, strict=False)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ciao! Allora, cosa sai fare?", ("nlu_fallback", "greet", "goodbye")),
        ("Coucou, tu fais quoi comme bot ?", ("nlu_fallback", "help", "greet")),
        ("Olá! Em que podes ser útil?", ("nlu_fallback", "greet", "help")),
    ],
)
async def test_a_greeting_split_between_small_talk_gets_greeting_and_help(dispatcher, text, names):
    tracker = make_tracker(text, intent="nlu_fallback", confidence=0.4)
    tracker.latest_message["intent_ranking"] = ranking(*names)
    assert greets_and_asks(tracker.latest_message)
    events = await ActionDefaultAskAffirmation().run(dispatcher, tracker, {})
    assert events == []
    assert [m.get("response") for m in dispatcher.messages] == ["utter_greet", "utter_help"]
    assert not any(m.get("buttons") for m in dispatcher.messages)


@pytest.mark.parametrize(
    "names",
    [
        ("nlu_fallback", "find_partners", "greet"),  # a search first: "did you mean ...?"
        ("nlu_fallback", "greet", "find_calls"),  # a greeting and a request: ask
        ("nlu_fallback", "goodbye", "greet"),  # a farewell first
        ("nlu_fallback", "greet"),  # one candidate only
    ],
)
async def test_other_unsure_messages_still_ask_did_you_mean(dispatcher, names):
    tracker = make_tracker("hallo und tschüss und so", intent="nlu_fallback", confidence=0.4)
    tracker.latest_message["intent_ranking"] = ranking(*names)
    assert not greets_and_asks(tracker.latest_message)
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, {})
    assert all(m.get("response") is None for m in dispatcher.messages)
    assert dispatcher.messages[-1].get("buttons")
