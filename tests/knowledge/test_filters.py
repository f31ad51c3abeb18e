import shutil
from pathlib import Path

import pytest

from knowledge.errors import DataFileError, FilterValueError
from knowledge.filters import (
    country_name,
    normalise_country,
    normalise_label,
    normalise_sector,
    suggest_country,
    suggest_sector,
)
from knowledge.regions import (
    NUTS_CSV,
    REGION_NAMES,
    load_region_table,
    nuts_country,
    region_table,
)
from taxonomy.sectors import SECTORS


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # codes, any case, with stray spaces
        ("DE", "DE"),
        ("de", "DE"),
        (" fr ", "FR"),
        ("EL", "GR"),
        ("UK", "GB"),
        # English names and official/alternative names
        ("Germany", "DE"),
        ("GERMANY", "DE"),
        ("the Netherlands", "NL"),
        ("United Kingdom", "GB"),
        ("Great Britain", "GB"),
        ("Britain", "GB"),
        ("Greece", "GR"),
        ("Hellas", "GR"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("turkiye", "TR"),
        ("North Macedonia", "MK"),
        ("Bosnia and Herzegovina", "BA"),
        # adjectives
        ("German", "DE"),
        ("Spanish", "ES"),
        ("Dutch", "NL"),
        ("Czech", "CZ"),
        ("Polish", "PL"),
        ("Greek", "GR"),
        ("British", "GB"),
        ("Slovene", "SI"),
        # native and other-language names (CORDIS table and extras), accent-insensitive
        ("Deutschland", "DE"),
        ("España", "ES"),
        ("espana", "ES"),
        ("Polska", "PL"),
        ("Allemagne", "DE"),
        ("Niemcy", "DE"),
        ("Österreich", "AT"),
        ("Sverige", "SE"),
        ("Magyarország", "HU"),
        ("Ελλάδα", "GR"),
        ("Royaume-Uni", "GB"),
    ],
)
def test_normalise_country(text: str, code: str) -> None:
    assert normalise_country(text) == code


@pytest.mark.parametrize("text", ["", "   ", "Germny", "Atlantis", "xx", "12", "🚀", None])
def test_unknown_country_is_none(text: str | None) -> None:
    assert normalise_country(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [("Germny", "Germany"), ("Frnace", "France"), ("Portgual", "Portugal"), ("Swedn", "Sweden")],
)
def test_suggest_country_for_misspellings(text: str, name: str) -> None:
    assert suggest_country(text) == name


@pytest.mark.parametrize("text", ["", "qwertyuiop", "zz", None])
def test_suggest_country_gives_up_on_nonsense(text: str | None) -> None:
    assert suggest_country(text) is None


def test_country_names() -> None:
    assert country_name("DE") == "Germany"
    assert country_name("gb") == "United Kingdom"
    assert country_name("EL") == "Greece"
    assert country_name("CZ") == "Czechia"
    assert country_name("QQ") == "QQ"


def test_every_country_name_maps_back_to_its_code() -> None:
    # The names we print must be understood when a user types them back.
    for code in ("AT", "BE", "BG", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"):
        assert normalise_country(country_name(code)) == code


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("ICT", "Digital & ICT"),
        ("digital", "Digital & ICT"),
        ("agrifood", "Agri-food"),
        ("Agri-Food", "Agri-food"),
        ("food", "Agri-food"),
        ("health", "Health & Medical Devices"),
        ("medtech", "Health & Medical Devices"),
        ("textile", "Textiles & Fashion"),
        ("Textiles", "Textiles & Fashion"),
        ("energy", "Energy"),
        ("renewable energy projects", "Energy"),
        ("Health and Medical Devices", "Health & Medical Devices"),
        ("security & defence", "Security & Defence"),
        ("aerospace", "Aerospace & Space"),
        ("logistics", "Logistics"),
    ],
)
def test_normalise_sector(text: str, sector: str) -> None:
    assert normalise_sector(text) == sector


def test_every_label_normalises_to_itself() -> None:
    assert len(SECTORS) == 23
    for label in SECTORS:
        assert normalise_sector(label) == label
        assert normalise_sector(label.upper()) == label


@pytest.mark.parametrize("text", ["", "  ", "zebra", "🚀", None])
def test_unknown_sector_is_none(text: str | None) -> None:
    assert normalise_sector(text) is None


def test_suggest_sector_for_misspelling() -> None:
    assert suggest_sector("agrifod") == "Agri-food"
    assert suggest_sector("zebra") is None


# --- excellence labels -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("gold label", "gold"),
        ("Gold", "gold"),
        ("ECEI gold label", "gold"),
        ("gold-labelled", "gold"),
        ("ESCA silver", "silver"),
        ("bronze labelled", "bronze"),
        ("any label", "any"),
        ("labelled ones", "any"),
        ("cluster excellence label", "any"),
        ("any", "any"),
        ("Key National Cluster", "key national"),
    ],
)
def test_normalise_label(text: str, level: str) -> None:
    assert normalise_label(text) == level


@pytest.mark.parametrize("text", [None, "", "   ", "!!", 5])
def test_normalise_label_of_nothing_is_none(text) -> None:
    assert normalise_label(text) is None


def test_two_levels_are_not_guessed_into_one() -> None:
    assert normalise_label("gold or silver label") == "gold or silver"


# --- regions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("DE2", {"DE2"}),
        ("de21", {"DE21"}),
        ("ES21", {"ES21"}),
        ("Bayern", {"DE2"}),
        ("Bavaria", {"DE2"}),
        ("the Bavaria region", {"DE2"}),
        ("País Vasco", {"ES21"}),
        ("pais vasco", {"ES21"}),
        ("Euskadi", {"ES21"}),
        ("Basque Country", {"ES21"}),
        ("Saxony", {"DED"}),
        ("Niedersachsen", {"DE9"}),
        ("GR30", {"EL30"}),
        ("UKM", {"UKM"}),
        ("Deutschland", {"DE"}),
        ("Atlantis", set()),
        ("Brainport", set()),
        ("ZZ9", set()),
    ],
)
def test_region_resolves_codes_native_and_english_names(text: str, codes: set[str]) -> None:
    assert region_table().resolve(text).codes == codes


def test_region_name_shared_by_units_names_all_of_them() -> None:
    codes = region_table().resolve("Limburg").codes
    assert {c[:2] for c in codes} == {"BE", "NL"}


@pytest.mark.parametrize(
    ("country", "places", "has", "lacks"),
    [
        ("DE", ["Lower Saxony", "Stade"], {"DE9"}, {"DED"}),
        ("DE", ["Saxony-Anhalt / Saxony"], {"DEE", "DED"}, {"DE9"}),
        ("DE", ["Central Germany (Saxony-Anhalt, Saxony)"], {"DEE", "DED"}, set()),
        ("IE", ["North-West Ireland"], set(), {"IE042"}),
        # A region after a direction word is inside it ...
        ("GB", ["South Wales (Cardiff Capital Region)", "Cardiff"], {"UKL"}, set()),
        # ... unless "<direction> X" is a known region of its own.
        ("PL", ["Lower Silesia"], {"PL51"}, {"PL22"}),
        ("PL", ["West Pomerania"], {"PL42"}, {"PL63"}),
        ("IE", ["Connemara / West of Ireland"], {"IE042"}, set()),
        ("AT", ["Styria", "Graz"], {"AT22", "AT221"}, set()),
        ("GR", ["Attiki"], {"EL30"}, set()),
        # Codes come only from the profile's own country.
        ("AT", ["Bavaria"], set(), {"DE2"}),
    ],
)
def test_profile_codes(country, places, has, lacks) -> None:
    codes = region_table().profile_codes(country, places)
    assert has <= codes and not (lacks & codes)
    assert nuts_country(country) in codes


def test_text_fallback_ignores_a_name_inside_a_longer_place() -> None:
    table = region_table()
    query = table.resolve("moravia")
    assert not query.codes
    assert table.text_matches(query, "moravia")
    assert table.text_matches(query, "zlin region moravia")
    assert table.text_matches(query, "north moravia")  # a part of Moravia
    assert not table.text_matches(table.resolve("west"), "north west")  # "North-West", not "West"
    assert not table.text_matches(query, "moravian silesian region")


def _copy_taxonomies(tmp_path: Path) -> tuple[Path, Path]:
    csv_path = tmp_path / "nuts.csv"
    yml_path = tmp_path / "regions.yml"
    shutil.copy(NUTS_CSV, csv_path)
    shutil.copy(REGION_NAMES, yml_path)
    return csv_path, yml_path


def test_region_names_with_an_unknown_nuts_code_name_file_line_and_field(tmp_path: Path) -> None:
    csv_path, yml_path = _copy_taxonomies(tmp_path)
    text = yml_path.read_text(encoding="utf-8")
    assert "{value: Styria, nuts: AT22" in text
    yml_path.write_text(text.replace("{value: Styria, nuts: AT22", "{value: Styria, nuts: AT99"))
    line = 1 + yml_path.read_text(encoding="utf-8").splitlines().index(
        next(x for x in yml_path.read_text(encoding="utf-8").splitlines() if "AT99" in x)
    )
    with pytest.raises(DataFileError) as err:
        load_region_table(csv_path, yml_path)
    assert err.value.line == line and err.value.field == "nuts"
    assert "regions.yml" in str(err.value) and "'AT99'" in str(err.value)


def test_malformed_nuts_csv_names_file_line_and_field(tmp_path: Path) -> None:
    csv_path, yml_path = _copy_taxonomies(tmp_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    lines[4] = "not a code;Somewhere"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_region_table(csv_path, yml_path)
    assert (err.value.line, err.value.field) == (5, "NUTS_ID")
    assert "nuts.csv, line 5, field 'NUTS_ID'" in str(err.value)


def test_invalid_region_yaml_names_the_line(tmp_path: Path) -> None:
    csv_path, yml_path = _copy_taxonomies(tmp_path)
    yml_path.write_text("entries:\n  - {value: Bavaria, nuts: DE2\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"regions\.yml, line \d+: not valid YAML"):
        load_region_table(csv_path, yml_path)


# --- agreement with the bot's entities -------------------------------------------------------

SYNONYMS = Path(__file__).resolve().parents[2] / "data" / "nlu" / "generated" / "synonyms.yml"


def _synonym_section(label: str) -> dict[str, list[str]]:
    """``{canonical value: [texts]}`` of one label in the generated data/nlu/generated/synonyms.yml."""
    section: dict[str, list[str]] = {}
    current = None
    value = None
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and not line.startswith("#  "):
            current = line[2:].strip()
        elif current == label and line.startswith('- synonym: "'):
            value = line[len('- synonym: "') : -1]
            section[value] = []
        elif current == label and line.startswith("    - ") and value is not None:
            section[value].append(line[len("    - ") :])
    return section


def test_every_region_the_bot_extracts_resolves_to_the_same_nuts_codes() -> None:
    table = region_table()
    section = _synonym_section("region")
    assert len(section) > 100
    for value, texts in section.items():
        codes = table.resolve(value).codes
        assert codes, value
        for text in texts:
            # Every unit the value names lies within one the text names (FRL0 is in FRL).
            wider = table.resolve(text).codes
            assert all(any(c.startswith(w) for w in wider) for c in codes), (value, text)


def test_every_label_the_bot_extracts_is_a_level_or_any() -> None:
    section = _synonym_section("label")
    assert set(section) == {"gold label", "silver label", "bronze label", "any label"}
    for value, texts in section.items():
        level = normalise_label(value)
        assert level in {"gold", "silver", "bronze", "any"}
        assert {normalise_label(text) for text in texts} == {level}, value


# --- the one owner of "unknown country" --------------------------------------------------------


def test_check_country_gives_code_or_suggestion_and_one_wording() -> None:
    from knowledge.filters import check_country, resolve_country

    assert check_country("Deutschland").code == "DE"
    assert check_country("Deutschland").problem is None
    check = check_country("Germny")
    assert (check.code, check.suggestion) == (None, "Germany")
    assert check.problem == "country 'Germny' not recognised; did you mean Germany?"
    nothing = check_country("Qqqqzz")
    assert nothing.code is None and nothing.suggestion is None
    assert nothing.problem == (
        "country 'Qqqqzz' not recognised; give its name (in English or in your language) or its ISO code (e.g. DE, FR)"
    )
    assert resolve_country("the UK") == "GB"
    with pytest.raises(FilterValueError, match=r"country 'Germny' not recognised; did you mean"):
        resolve_country("Germny")


def test_resolve_sector_names_the_closest_label() -> None:
    from knowledge.filters import resolve_sector

    assert resolve_sector("ICT") == "Digital & ICT"
    with pytest.raises(FilterValueError, match="sector 'agrifod' not recognised; did you mean"):
        resolve_sector("agrifod")
