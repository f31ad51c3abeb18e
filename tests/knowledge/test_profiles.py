import json
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from knowledge.config import DEFAULT_PROFILES as REAL_PROFILES
from knowledge.errors import DataFileError, KnowledgeError
from knowledge.records import ClusterProfile, load_profiles, profiles_hash
from taxonomy.sectors import SECTORS

WriteJsonl = Callable[..., Path]
MakeRecord = Callable[..., dict]


# --- the shipped corpus ---------------------------------------------------------------------


def test_real_corpus_loads_completely(real_profiles: list[ClusterProfile]) -> None:
    lines = [line for line in REAL_PROFILES.read_text("utf-8").splitlines() if line.strip()]
    assert len(real_profiles) == len(lines) == 381
    assert len({p.id for p in real_profiles}) == 381
    countries = Counter(p.country for p in real_profiles)
    # Counts stated in knowledge/data/clusters/README.md
    assert (countries["FR"], countries["PL"], countries["DE"], countries["MK"]) == (30, 24, 23, 1)
    assert len(countries) == 36
    sectors = Counter(s for p in real_profiles for s in p.sectors)
    assert set(sectors) == set(SECTORS)
    assert (sectors["Digital & ICT"], sectors["Social Economy"]) == (81, 4)
    assert sum(p.members is not None for p in real_profiles) == 136
    assert all(p.technologies and p.description for p in real_profiles)


def test_round_trip_keeps_every_field(real_profiles: list[ClusterProfile]) -> None:
    raw = [json.loads(line) for line in REAL_PROFILES.read_text("utf-8").splitlines()]
    for record, profile in zip(raw, real_profiles, strict=True):
        assert profile.to_dict() == record
        assert ClusterProfile.from_dict(profile.to_dict()) == profile


def test_search_text_contains_the_searchable_fields(small_profiles: list[ClusterProfile]) -> None:
    text = small_profiles[0].search_text()
    for part in ("Hydro Cluster", "HC", "Energy", "hydrogen storage", "Bavaria", "Germany"):
        assert part in text
    assert "Bavarian network" in text


# --- malformed lines ------------------------------------------------------------------------


def _error_for(
    write_jsonl: WriteJsonl, profile_dict: MakeRecord, bad_line: dict | str, line_no: int = 3
) -> DataFileError:
    records: list[dict | str] = [profile_dict(id=f"ok-{i}") for i in range(1, line_no)]
    records.append(bad_line)
    records.append(dict(id="after-the-bad-one"))
    path = write_jsonl(records)
    with pytest.raises(DataFileError) as info:
        load_profiles(path)
    error = info.value
    assert error.path == path
    assert error.line == line_no
    assert path.name in str(error) and f"line {line_no}" in str(error)
    return error


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        (dict(id="x", name=None), "name", "missing"),
        (dict(id="x", name="  "), "name", "non-empty"),
        (dict(id="x", country="Germny"), "country", "'Germny' is not an ISO 3166-1"),
        (dict(id="x", country="ZZ"), "country", "'ZZ'"),
        (dict(id="x", members="120"), "members", "integer"),
        (dict(id="x", members=True), "members", "integer"),
        (dict(id="x", founded=2008.5), "founded", "integer"),
        (dict(id="x", sectors=["Spaceships"]), "sectors", "'Spaceships'"),
        (dict(id="x", sectors=[]), "sectors", "1-3"),
        (dict(id="x", sectors="Energy"), "sectors", "list"),
        (dict(id="x", technologies=["ok", 3]), "technologies", "list"),
        (dict(id="Not Kebab"), "id", "kebab-case"),
        (dict(id="x", colour="blue"), "colour", "unknown field"),
    ],
)
def test_bad_field_names_file_line_and_field(
    write_jsonl: WriteJsonl, profile_dict: MakeRecord, overrides: dict, field: str, text: str
) -> None:
    error = _error_for(write_jsonl, profile_dict, profile_dict(**overrides))
    assert error.field == field
    assert f"field '{field}'" in str(error)
    assert text in str(error)


def test_bad_json_names_the_line(write_jsonl: WriteJsonl, profile_dict: MakeRecord) -> None:
    error = _error_for(write_jsonl, profile_dict, '{"id": "broken", "name": ', line_no=2)
    assert error.field is None
    assert "not valid JSON" in str(error)


def test_json_that_is_not_an_object(write_jsonl: WriteJsonl, profile_dict: MakeRecord) -> None:
    error = _error_for(write_jsonl, profile_dict, '["a", "list"]', line_no=1)
    assert "JSON object" in str(error)


def test_duplicate_id_points_at_both_lines(
    write_jsonl: WriteJsonl, profile_dict: MakeRecord
) -> None:
    path = write_jsonl([profile_dict(id="a"), profile_dict(id="b"), profile_dict(id="a")])
    with pytest.raises(DataFileError) as info:
        load_profiles(path)
    assert (info.value.line, info.value.field) == (3, "id")
    assert "duplicates the id on line 1" in str(info.value)


def test_country_name_gets_a_code_hint(write_jsonl: WriteJsonl, profile_dict: MakeRecord) -> None:
    error = _error_for(write_jsonl, profile_dict, profile_dict(id="x", country="Germany"))
    assert "did you mean 'DE'" in str(error)


def test_data_file_error_is_a_knowledge_error() -> None:
    assert issubclass(DataFileError, KnowledgeError)


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="not found"):
        load_profiles(tmp_path / "nope.jsonl")


def test_blank_lines_are_skipped_and_line_numbers_stay_true(
    write_jsonl: WriteJsonl, profile_dict: MakeRecord
) -> None:
    path = write_jsonl([profile_dict(id="a"), "", "   ", profile_dict(id="b", country="XX")])
    with pytest.raises(DataFileError) as info:
        load_profiles(path)
    assert info.value.line == 4
    good = write_jsonl([profile_dict(id="a"), "", profile_dict(id="b")], name="good.jsonl")
    assert [p.id for p in load_profiles(good)] == ["a", "b"]


def test_optional_fields_default_to_none(write_jsonl: WriteJsonl) -> None:
    minimal = {"id": "m", "name": "M", "country": "MT", "sectors": ["Tourism"]}
    [profile] = load_profiles(write_jsonl([minimal]))
    assert profile.acronym is None and profile.members is None and profile.technologies == ()
    assert profile.to_dict() == {**minimal, "technologies": [], "description": ""}


# --- hashing --------------------------------------------------------------------------------


def test_profiles_hash_is_stable_order_free_and_content_sensitive(
    small_profiles: list[ClusterProfile], small_corpus: list[dict]
) -> None:
    h = profiles_hash(small_profiles)
    assert len(h) == 64
    assert profiles_hash(list(reversed(small_profiles))) == h
    edited = [replace(small_profiles[0], members=121), *small_profiles[1:]]
    assert profiles_hash(edited) != h
    assert profiles_hash(small_profiles[:-1]) != h
    assert len(small_corpus) == len(small_profiles)
