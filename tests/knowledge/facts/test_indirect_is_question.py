"""The fact routing's question rule counts indirect questions (knowledge.facts.asking.is_question).

Without "?" or a leading question word: "she would like to know who can apply", "mi chiede se".
"""

from __future__ import annotations

import pytest

from knowledge.facts.asking import is_question
from knowledge.facts.lexicon import load_lexicon
from tests.taxonomy.test_indirect_questions import INDIRECT


@pytest.mark.parametrize(("text", "language"), INDIRECT, ids=lambda v: str(v)[:24])
def test_an_indirect_question_is_a_question_for_the_fact_routing(text: str, language: str) -> None:
    assert is_question(text, language, load_lexicon())


def test_a_plain_request_is_not(text: str = "partners for hydrogen storage in Bavaria") -> None:
    assert not is_question(text, None, load_lexicon())
