"""The fact-question DEV sets (tests/eval/dev_facts14.yml, dev_facts15.yml, dev_facts16.yml) with the product's answerers and routing.

42 questions in 23 languages, one class each (statistics in the other EU languages routed from a
confident partner search, who runs cluster policy, invented programmes named in English inside
another language, the right card within a family). Measured 2026-12-07 (session 14,
``python -m bench.dev_facts14``): 18/42 at the branch start (ec67bd1), 37/42 after
(docs/benchmarks.md, "Session 14, facts14"); the gate is the measured value minus 5 points.
"""

from __future__ import annotations

import pytest

from bench.dev_facts14 import DEV_SET, messages, outcome
from knowledge.facts import all_cards
from knowledge.instruments import load_catalogue

#: The dev sets of fact questions: file name, how many languages at least, the gate (the measured
#: share minus 5 points: dev_facts14 37/42 in session 14, dev_facts15 39/41 in session 15,
#: dev_facts16 43/45 in session 16, 9/45 at its branch start 6deca09).
DEV_SETS = [
    ("dev_facts14.yml", 20, 0.83),
    ("dev_facts15.yml", 15, 0.90),
    ("dev_facts16.yml", 20, 0.90),
]


@pytest.mark.parametrize(("name", "languages", "gate"), DEV_SETS)
def test_the_dev_set_names_real_cards_and_classes(name, languages, gate) -> None:
    ids = {c.id for c in all_cards(load_catalogue())}
    found = messages(DEV_SET.with_name(name))
    assert len(found) >= 40 and len({m["lang"] for m in found}) >= languages
    for message in found:
        assert message["class"] and message["expect"]["kind"] in ("fact_answer", "not_known")
        assert set(message["expect"].get("cards", [])) <= ids, message["id"]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "languages", "gate"), DEV_SETS)
def test_dev_classes_reach_their_cards(name, languages, gate) -> None:
    from bench.dev_facts_faq import real_answerers

    answerers = real_answerers()
    outcomes = [outcome(answerers, m) for m in messages(DEV_SET.with_name(name))]
    right = sum(o["right"] for o in outcomes) / len(outcomes)
    assert right >= gate, [o for o in outcomes if not o["right"]]
