"""The programme words have one owner (taxonomy/programme_words.py), read the same as before.

Session 21 merged four copies (knowledge/facts/question.py, knowledge/facts/foreign.py,
actions/funding/instruments.py, bot/nlu/off_topic.py) into one module; the expressions below are
the ones those modules compiled, so the merge changed no reading.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taxonomy.programme_words import (
    FUNDING_SCHEME_WORD,
    FUNDING_SCHEME_WORDS,
    NAME_PROGRAMME_WORDS,
    PROGRAMME_NOUNS,
    PROGRAMME_NOUNS_PATTERN,
    PROGRAMME_STEM,
)

ROOT = Path(__file__).resolve().parents[2]

#: What the modules wrote before the merge (session 20's code, copied here as the reference).
BEFORE_NOUNS = (
    "scheme|schemes|programme|programmes|program|programs|fund|funds|facility|voucher|vouchers|"
    "initiative|initiatives|instrument|grant|grants|prize|award|awards|accelerator|alliance|"
    "partnership|partnerships|platform|observatory|network|centre|center|mission|action|plan|"
    "week|forum|conference"
)
BEFORE_FUNDING = re.compile(
    r"\b(scheme|programme|program|fund|initiative|voucher|facility|instrument|plan|award)s?\b",
    re.IGNORECASE,
)
BEFORE_STEM = re.compile(
    r"\b(?:programm\w*|program\w*|ohjelm\w*|προγραμμ\w*|програм\w*)", re.UNICODE
)


def test_the_name_nouns_are_the_same_alternation_in_the_same_order() -> None:
    assert PROGRAMME_NOUNS_PATTERN == BEFORE_NOUNS
    assert len(set(PROGRAMME_NOUNS)) == len(PROGRAMME_NOUNS)


def test_the_stricter_sets_are_part_of_the_nouns() -> None:
    assert set(FUNDING_SCHEME_WORDS) <= set(PROGRAMME_NOUNS)
    assert NAME_PROGRAMME_WORDS.issubset(PROGRAMME_NOUNS)
    assert {"week", "forum", "conference"}.isdisjoint(NAME_PROGRAMME_WORDS)


@pytest.mark.parametrize(
    "text",
    [
        "EU Hydrogen Cluster Voucher Scheme 2027",
        "the Alpine Innovation Funds",
        "Green Action Plan for SMEs",
        "European Cluster Awards",
        "Cluster Forum 2018",
        "the Programmes of the Commission",
        "schemes",
        "a network of clusters",
        "FUNDING INSTRUMENTS",
        "planning",
    ],
)
def test_the_funding_word_reads_as_before(text: str) -> None:
    ours = [m.group(0) for m in FUNDING_SCHEME_WORD.finditer(text)]
    theirs = [m.group(0) for m in BEFORE_FUNDING.finditer(text)]
    assert ours == theirs


@pytest.mark.parametrize(
    "folded",
    [
        " mika ohjelma tulee tanaan televisiosta ",
        " welches programm lauft heute abend im fernsehen ",
        " ποιο προγραμμα εχει η τηλεοραση ",
        " какво програма ",
        " the programmes of cosme ",
        " programowanie ",
        " no programme word here ",
    ],
)
def test_the_programme_stem_reads_as_before(folded: str) -> None:
    assert PROGRAMME_STEM.sub(" ", folded) == BEFORE_STEM.sub(" ", folded)


def test_no_other_module_keeps_its_own_programme_words() -> None:
    """One owner: no module of the code writes the lists again (a regex alternation of the
    English words, the stem of the Finnish word, a frozenset of the English words)."""
    copies = re.compile(r"scheme\|schemes|scheme\|programme|ohjelm\\w|\"schemes\",\s*\"fund\"")
    found = []
    for folder in ("actions", "bot", "knowledge", "contracts", "taxonomy", "i18n"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "programme_words.py" or "node_modules" in path.parts:
                continue
            if copies.search(path.read_text(encoding="utf-8")):
                found.append(str(path.relative_to(ROOT)))
    assert found == []
