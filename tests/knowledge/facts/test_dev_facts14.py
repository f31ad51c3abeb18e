"""The facts14 DEV set (tests/eval/dev_facts14.yml) with the product's answerers and routing.

42 questions in 23 languages, one class each (statistics in the other EU languages routed from a
confident partner search, who runs cluster policy, invented programmes named in English inside
another language, the right card within a family). Measured 2026-12-07 (session 14,
``python -m bench.dev_facts14``): 18/42 at the branch start (ec67bd1), 37/42 after
(docs/benchmarks.md, "Session 14, facts14"); the gate is the measured value minus 5 points.
"""

from __future__ import annotations

import pytest

from bench.dev_facts14 import messages, outcome
from knowledge.facts import all_cards
from knowledge.instruments import load_catalogue

RIGHT_GATE = 0.83


def test_the_dev_set_names_real_cards_and_classes() -> None:
    ids = {c.id for c in all_cards(load_catalogue())}
    found = messages()
    assert len(found) >= 40 and len({m["lang"] for m in found}) >= 20
    for message in found:
        assert message["class"] and message["expect"]["kind"] in ("fact_answer", "not_known")
        assert set(message["expect"].get("cards", [])) <= ids, message["id"]


@pytest.mark.slow
def test_dev_classes_reach_their_cards() -> None:
    from bench.dev_facts_faq import real_answerers

    answerers = real_answerers()
    outcomes = [outcome(answerers, m) for m in messages()]
    right = sum(o["right"] for o in outcomes) / len(outcomes)
    assert right >= RIGHT_GATE, [o for o in outcomes if not o["right"]]
