"""knowledge.fields: the text and date rules of the fact cards and the instrument catalogue."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from knowledge.fields import folded_text, iso_day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Euroclusters", "Euroclusters"),
        ("  Cluster\n\tExcellence   Programme ", "Cluster Excellence Programme"),
        ("", None),
        ("  \n", None),
        (None, None),
        (42, None),
        (["INNOSUP"], None),
    ],
)
def test_a_text_field_is_a_non_empty_string_with_its_white_space_folded(value, expected):
    assert folded_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 3, 31), date(2026, 3, 31)),
        ("2026-03-31", date(2026, 3, 31)),
        (" 2026-03-31\n", date(2026, 3, 31)),
        ("2026-02-30", None),
        ("31.03.2026", None),
        ("", None),
        (None, None),
        (20260331, None),
        (datetime(2026, 3, 31, 12, 0), None),  # a timestamp is not a day
    ],
)
def test_a_date_field_is_a_yaml_date_or_an_iso_day(value, expected):
    assert iso_day(value) == expected
