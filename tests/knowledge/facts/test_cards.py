"""The fact cards: the shipped file loads, every figure is in its source, bad files are named."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from knowledge.config import REPO_ROOT
from knowledge.errors import DataFileError
from knowledge.facts import all_cards, catalogue_cards, load_cards
from knowledge.facts.catalogue_cards import source_date, years_of
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
            f"{c.statement} {c.value} {c.as_of.year if c.as_of else ''} {c.refers_to}"
            for c in cards
            if c.instrument == instrument.id
        ).replace(",", "")
        for figure in instrument.figures:
            for number in re.findall(r"\d[\d,.]*\d|\d", figure.text):
                assert number.replace(",", "") in mine, (instrument.id, figure.text)


def test_catalogue_cards_never_date_a_statement_with_the_day_it_was_read(catalogue) -> None:
    cards = {c.id: c for c in catalogue_cards(catalogue)}
    for card in cards.values():
        assert card.source.checked is not None, card.id
        assert card.as_of != card.source.checked, card.id
        assert card.as_of == card.source.date, card.id
    # an undated page: no as_of; the period its text names is kept as what it refers to
    assert cards["cluster-excellence-programme-period"].as_of is None
    assert cards["cluster-excellence-programme-period"].refers_to == "2014-2020"
    assert cards["escp-s3-period"].refers_to == "2017"
    # a dated source note ("Commission memo of 2 July 2014") dates its cards
    assert cards["green-action-plan-for-smes-what"].as_of == date(2014, 7, 2)
    # what a running instrument is now is about no period
    assert cards["euroclusters-status"].refers_to == ""


def test_source_date_and_years() -> None:
    assert source_date("Commission memo of 2 July 2014 on the plan") == date(2014, 7, 2)
    assert source_date("DG GROW pages (2018)") is None
    assert years_of("COSME period (2014-2020).") == "2014-2020"
    assert years_of("First generation from 2016; second generation 2018-2019.") == "2016-2019"
    assert years_of("Running.") == ""


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
