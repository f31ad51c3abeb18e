"""What an instrument cost, asked in French, Polish and Dutch, asks its budget (session 17).

"combien ça a coûté ?", "ile to kosztowało?", "hoeveel heeft het gekost?" after an answer about a
programme were answered with its how-to-apply card: the fact lexicon had no word for what
something cost in these languages (German, Spanish, Italian and Portuguese ones already reached
the budget card through "how much").
"""

from __future__ import annotations

import pytest

from actions.funding.instruments import resolve_reference
from knowledge.facts.question import card_aspects

COST = [
    ("combien ça a coûté ?", "fr"),
    ("et ça coûtait combien ?", "fr"),
    ("ile to kosztowało?", "pl"),
    ("a ile kosztuje?", "pl"),
    ("hoeveel heeft het gekost?", "nl"),
    ("wat kostte het?", "nl"),
    ("how much did it cost?", None),
]


@pytest.mark.parametrize(("text", "language"), COST)
def test_what_it_cost_asks_the_budget(answerer, text, language):
    aspects = card_aspects(answerer.cue_text(text, language))
    assert "budget" in aspects
    assert "how_to_apply" not in aspects


@pytest.mark.parametrize(("text", "language"), COST)
def test_what_an_instrument_cost_is_answered_from_its_budget_card(answerer, text, language):
    question = resolve_reference(text, "Interreg")
    answer = answerer.answer(question, instrument="interreg", language=language)
    assert answer["verdict"] == "answered"
    assert answer["card_id"] == "interreg-budget"
