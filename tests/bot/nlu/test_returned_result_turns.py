"""A turn that goes back to a list shown earlier and asks about one of its results is
``explain_match`` / ``select_result`` whatever the classifier read, even a sure FAQ topic or a
sure partner search (bot/nlu/input_guard.py ``returned_result_turn``; the twelfth set's BACK
turns were answered with calls, a FAQ answer, a fact answer or a new partner list). Written
from each language's grammar, never from data/nlu or tests/eval."""

from __future__ import annotations

import pytest

from bot.nlu.input_guard import returned_result_turn, steering_intent

WHY_AFTER_RETURN = [
    ("Back to the partners: why did you suggest the first one?", "find_calls"),
    ("Zurück zu den Clustern - warum der erste?", "faq/why_join_cluster"),
    ("Revenons aux partenaires : pourquoi le premier ?", "find_partners"),
    ("Volvamos a los clústeres, ¿por qué el primero?", "ask_cluster_facts"),
    ("Torniamo ai cluster: perché il secondo?", "find_partners"),
    ("Wróćmy do klastrów - dlaczego pierwszy?", "ask_cluster_facts"),
    ("Terug naar de clusters, waarom de eerste?", "find_partners"),
    ("Voltando aos parceiros, porquê o primeiro?", "find_partners"),
]


@pytest.mark.parametrize(("text", "guess"), WHY_AFTER_RETURN)
def test_why_after_a_return_is_explain_match(text, guess):
    assert steering_intent(text, [], {"name": guess, "confidence": 0.95}, []) == "explain_match"


@pytest.mark.parametrize(
    "text",
    [
        "back to the clusters, the third one please",
        "zurück zu den Clustern: der dritte",
        "retour aux partenaires, le troisième",
        "terug naar de clusters, de derde",
    ],
)
def test_a_position_after_a_return_is_select_result(text):
    assert steering_intent(text, [], {"name": "find_partners", "confidence": 0.95}, []) == (
        "select_result"
    )


@pytest.mark.parametrize(
    "text",
    [
        "back to the partners please",
        "back to the clusters: partners for the first call",
        "back to the clusters, similar to the second one",
        "why should we join a cluster?",
    ],
)
def test_no_result_turn(text):
    assert returned_result_turn(text) is None


@pytest.mark.parametrize(
    "text", ["partners for the first call", "Partner für die zweite Ausschreibung"]
)
def test_partners_for_a_shown_call_read_as_a_position_is_a_search(text):
    # the eleventh set's "first-call" conversations described the call instead
    guess = {"name": "select_result", "confidence": 0.9}
    assert steering_intent(text, [], guess, []) == "find_partners"


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("Et le premier cluster, pourquoi ?", "select_result"),
        ("Z jakiego powodu pierwszy klaster?", "faq/why_join_cluster"),
        ("Terug naar de clusters: waarom staat de eerste bovenaan?", "find_partners"),
        ("Nochmal zu den Clustern: wieso der erste?", "faq/data_sources"),
    ],
)
def test_a_reason_about_a_named_result_is_explain_match(text, guess):
    assert steering_intent(text, [], {"name": guess, "confidence": 0.95}, []) == "explain_match"
