"""A few words the classifier took for small talk that name a search filter or let one go are a
refinement (bot/nlu/input_guard.py ``filter_fragment_intent``; session 19, issue 13 part 3).

"na Estónia" (Portuguese "in Estonia") was ``goodbye`` and got a farewell after a partner list;
"tanto faz o país" after it, the core fallback. Written from each language's grammar, never
from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.input_guard import InputGuard, filter_fragment_intent


def _message(text, intent, entities=()):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.6})
    message.set(ENTITIES, [dict(e) for e in entities])
    return message


def _place(text, value, name="country"):
    start = text.index(value)
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}


@pytest.mark.parametrize(
    ("text", "value", "intent"),
    [
        ("na Estónia", "Estónia", "goodbye"),
        ("e na Croácia?", "Croácia", "greet"),
        ("danke, und in Österreich?", "Österreich", "thank"),
        ("dzięki, a w Czechach?", "Czechach", "thank"),
    ],
)
def test_a_place_read_as_small_talk_is_a_refinement(text, value, intent):
    guard = InputGuard.create({}, None, None, None)
    [message] = guard.process([_message(text, intent, [_place(text, value)])])
    assert message.get(INTENT) == {"name": "inform", "confidence": 1.0}


@pytest.mark.parametrize("text", ["tanto faz o país", "egal welches Land", "forget the label"])
def test_a_filter_let_go_read_as_small_talk_is_a_refinement(text):
    assert filter_fragment_intent(text, [], {"name": "goodbye"}) == "inform"


@pytest.mark.parametrize(
    ("text", "intent", "entities"),
    [
        ("tchau", "goodbye", []),  # small talk itself
        ("na Estónia", "find_partners", "place"),  # the classifier's own request stays
        ("obrigado pela ajuda com os clusters na Estónia, foi muito útil", "thank", "place"),
        ("/goodbye", "goodbye", []),
    ],
)
def test_small_talk_and_other_intents_stay(text, intent, entities):
    found = [_place(text, "Estónia")] if entities == "place" else []
    assert filter_fragment_intent(text, found, {"name": intent}) is None
