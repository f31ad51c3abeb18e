"""The fact cards: the shipped file loads, every figure is in its source, bad files are named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.config import REPO_ROOT
from knowledge.errors import DataFileError
from knowledge.facts import all_cards, load_cards
from knowledge.instruments import load_catalogue


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_shipped_cards_load_with_unique_ids(catalogue) -> None:
    cards = all_cards(catalogue)
    assert len({c.id for c in cards}) == len(cards) > 150


def test_presentation_values_occur_in_their_source(catalogue) -> None:
    for card in load_cards(instruments=frozenset(i.id for i in catalogue)):
        if not card.source.file:
            continue
        text = (REPO_ROOT / card.source.file).read_text(encoding="utf-8")
        digits = re.sub(r"[\s,.]", "", text)
        for number in re.findall(r"\d[\d,.]*", card.value):
            assert re.sub(r"[,.]", "", number) in digits, (card.id, number)
        assert card.as_of == card.source.date, card.id


def test_every_catalogue_figure_has_a_card(catalogue) -> None:
    cards = all_cards(catalogue)
    for instrument in catalogue:
        mine = " ".join(
            f"{c.statement} {c.value} {c.as_of.year}"
            for c in cards
            if c.instrument == instrument.id
        ).replace(",", "")
        for figure in instrument.figures:
            for number in re.findall(r"\d[\d,.]*\d|\d", figure.text):
                assert number.replace(",", "") in mine, (instrument.id, figure.text)


def test_issue_facts_are_cards(catalogue) -> None:
    values = {c.id: c.value for c in all_cards(catalogue)}
    assert "500" in values["innosup-1-smes-direct"]
    assert "2015 and 2017" in values["escp-4i-calls"]
    assert "10-20" in values["jci-specialisations"]
    assert "Mexico" in values["gap-low-carbon"]
    assert "41" in values["labelling-countries"]
    assert "DG GROW" in values["policy-dg-grow"]


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("cards:\n  - id: a\n    instrument: innosup-1\n    aspect: money\n", 4, "aspect"),
        ("cards:\n  - id: Bad Id\n", 2, "id"),
        (
            "cards:\n  - id: a\n    instrument: nowhere\n    aspect: what\n",
            3,
            "instrument",
        ),
        (
            "cards:\n  - id: a\n    instrument: innosup-1\n    aspect: what\n"
            "    statement: s\n    value: v\n    as_of: 2018-02-30\n    source: x\n",
            7,
            "as_of",
        ),
        ("cards:\n  - id: a\n    colour: red\n", 3, "colour"),
    ],
)
def test_malformed_card_names_file_line_and_field(
    tmp_path: Path, catalogue, text: str, line: int, field: str
) -> None:
    path = tmp_path / "cards.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_cards(path, frozenset(i.id for i in catalogue))
    assert info.value.line == line
    assert info.value.field == field
    assert "cards.yml" in str(info.value)


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_cards(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("cards: [\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        load_cards(bad)
