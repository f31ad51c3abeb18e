"""A request that names what it asks for is no small talk for the e5 vote (session 21).

Twelfth held-out set (kinds only, issue 13): a Maltese calls fragment lay nearer the goodbyes'
centroid than the calls' for e5, and the calls cue's bonus was not enough: it got the goodbye.
Own examples, written from intent_cues' words ("sejħa" Maltese call, "pályázat" Hungarian call,
"partner" Latvian) and the small-talk phrases of bot/nlu/small_talk.py.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("rasa")

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import e5_intent
from bot.nlu.e5_intent import E5IntentVote


class _NearGoodbye:
    """Every message much nearer the first centroid (goodbye) than the second."""

    def embed_queries(self, texts):
        return np.array([[1.0, 0.0]] * len(texts), dtype=np.float32)


def _parsed(text: str, language: str) -> Message:
    ranking = [{"name": "out_of_scope", "confidence": 0.8}]
    return Message(
        data={
            "text": text,
            "intent": ranking[0],
            "intent_ranking": ranking,
            "language": {"detected": language, "requested": None},
        }
    )


@pytest.fixture
def near_goodbye(monkeypatch, tmp_path) -> E5IntentVote:
    monkeypatch.setattr(e5_intent, "encoder", _NearGoodbye)
    vectors = np.array([[1.0, 0.0], [0.8, 0.6]], np.float32)  # cosines 1.0 and 0.8
    storage = LocalModelStorage(tmp_path)
    return E5IntentVote({}, "vote", storage, Resource("vote"), vectors, ["goodbye", "find_calls"])


@pytest.mark.parametrize(
    ("text", "language"),
    [("sejħiet idroġenu", "mt"), ("pályázatok hidrogén", "hu")],
)
def test_a_calls_fragment_never_gets_the_goodbye(near_goodbye, text, language):
    [message] = near_goodbye.process([_parsed(text, language)])
    assert message.get("intent")["name"] == "find_calls"


def test_a_goodbye_with_a_calls_word_stays_a_goodbye(near_goodbye):
    [message] = near_goodbye.process([_parsed("grazzi ħafna għas-sejħiet", "mt")])
    assert message.get("intent")["name"] == "goodbye"


def test_without_a_cue_the_nearer_centroid_wins(near_goodbye):
    [message] = near_goodbye.process([_parsed("saħħa", "mt")])
    assert message.get("intent")["name"] == "goodbye"
