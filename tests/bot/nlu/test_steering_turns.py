"""Turns that steer the conversation get their intent from the rule, not the classifier's guess
(bot/nlu/input_guard.py ``steering_intent``, words in taxonomy/turns.py; session 18).

"no, I meant calls" was ``deny`` ("anything else?"), "ok e poi ne hai degli altri?" was
``out_of_scope``, "ja okay und weiter" was ``affirm``. Written from each language's grammar,
never from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.input_guard import InputGuard, steering_intent

RANKING = [{"name": "deny", "confidence": 0.6}, {"name": "ask_instrument", "confidence": 0.2}]


def _message(text, intent="deny", entities=(), ranking=None):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.6})
    message.set(INTENT_RANKING_KEY, ranking or [{"name": intent, "confidence": 0.6}])
    message.set(ENTITIES, [dict(e) for e in entities])
    return message


def _guarded(message):
    guard = InputGuard.create({}, None, None, None)
    return guard.process([message])[0]


@pytest.mark.parametrize(
    ("text", "intent", "wanted"),
    [
        ("nein, ich meinte Förderaufrufe", "deny", "find_calls"),
        ("no, intendevo i bandi", "deny", "find_calls"),
        ("nie, chodziło mi o nabory", "find_partners", "find_calls"),
        ("not partners - funding", "ask_instrument", "find_calls"),
        ("nee, ik bedoelde niet partners maar subsidies", "ask_cluster_facts", "find_calls"),
        ("no, I meant partners", "deny", "find_partners"),
        ("non, je voulais dire des partenaires", "deny", "find_partners"),
    ],
)
def test_a_correction_naming_a_feature_asks_for_it(text, intent, wanted):
    message = _guarded(_message(text, intent))
    assert message.get(INTENT)["name"] == wanted
    assert message.get(INTENT)["confidence"] == 1.0


def test_a_correction_naming_a_place_refines():
    country = {"entity": "country", "value": "FR", "start": 21, "end": 29}
    message = _guarded(_message("nie nie, chodziło mi o Francję", "deny", [country]))
    assert message.get(INTENT)["name"] == "inform"


def test_a_correction_naming_an_aspect_is_no_plain_no():
    message = _guarded(_message("non, je voulais savoir le budget", "deny", ranking=RANKING))
    assert message.get(INTENT)["name"] == "ask_instrument"


@pytest.mark.parametrize("text", ["no thanks", "nein danke, das ist alles", "non merci"])
def test_a_plain_no_stays_a_no(text):
    message = _guarded(_message(text, "deny", ranking=RANKING))
    assert message.get(INTENT)["name"] == "deny"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ok e poi ne hai degli altri da farmi vedere", "out_of_scope"),
        ("no dobra a masz jeszcze jakieś inne", "out_of_scope"),
        ("ja okay und weiter", "affirm"),
        ("pronto e tem mais alguns desses", "nlu_fallback"),
    ],
)
def test_a_request_for_more_is_show_more(text, intent):
    assert _guarded(_message(text, intent)).get(INTENT)["name"] == "show_more"


def test_more_with_a_place_is_left_to_the_classifier():
    country = {"entity": "country", "value": "IT", "start": 12, "end": 17}
    assert steering_intent("any more in Italy?", [country], {"name": "inform"}, []) is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("What is COSME?", "ask_instrument"),
        ("sorry, how do I apply for a cluster label?", "faq"),
        ("/show_more", "show_more"),
        ("I'd rather talk to a person", "request_human"),
        ("correct, that's what I meant", "affirm"),
    ],
)
def test_other_messages_keep_their_intent(text, intent):
    assert steering_intent(text, [], {"name": intent}, [{"name": intent}]) is None
