import pytest

from knowledge.filters import (
    SECTORS,
    country_name,
    normalise_country,
    normalise_sector,
    suggest_country,
    suggest_sector,
)


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
