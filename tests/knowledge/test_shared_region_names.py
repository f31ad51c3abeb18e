"""Names several regions share ("Brabant", "Limburg") filter on every reading and name no
country (issue 13 part 2, session 21)."""

from __future__ import annotations

import pytest

from knowledge.errors import DataFileError
from knowledge.regions import read_shared_names, region_table, shared_region_names


def test_brabant_is_the_dutch_and_both_belgian_provinces():
    table = region_table()
    assert table.resolve("Brabant").codes == {"NL41", "BE24", "BE31"}
    assert table.country_of("Brabant") is None  # no reading wins by a guess
    assert table.resolve("Noord-Brabant").codes == {"NL41"}  # a full name keeps its one unit


def test_limburg_is_both_provinces():
    assert region_table().resolve("Limburg").codes == {"NL42", "BE22"}


def test_every_shared_name_lists_nuts_codes():
    labels = region_table().labels
    for name, codes in shared_region_names().items():
        assert len(codes) >= 2 and all(code in labels for code in codes), name


def test_a_malformed_file_names_the_problem(tmp_path):
    path = tmp_path / "shared.yml"
    path.write_text("names:\n  Brabant: [NL41, XX99]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="XX99"):
        read_shared_names(path, region_table().labels)
    path.write_text("names:\n  Brabant: [NL41]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="two"):
        read_shared_names(path, region_table().labels)
