"""Sectors named inside compounds (issue 13 part 2, session 21): "Automobilcluster",
"Lebensmittelcluster", "voedingscluster", "metsäklusteri", "clusterul auto". The first part is
looked up in the one sector lexicon (sectors.yml, sector_names.yml, sector_stems.yml)."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from bot.nlu.places import compound_sector, find_places


def _sectors(text: str, language: str | None) -> list[str]:
    return [p.value for p in find_places(text, language) if p.label == "sector"]


@pytest.mark.parametrize(
    ("text", "language", "sector"),
    [
        ("Automobilcluster in Bayern", "de", "Automotive & Mobility"),
        ("Lebensmittelcluster Österreich", None, "Agri-food"),
        ("Kunststoffcluster Baden-Württemberg", None, "Chemicals & Plastics"),
        ("Gesundheitscluster Hamburg", None, "Health & Medical Devices"),
        ("voedingscluster Nederland", None, "Agri-food"),
        ("metsäklusteri Suomi", None, "Forestry & Bioeconomy"),
        ("skogsklustret Sverige", None, "Forestry & Bioeconomy"),
        ("puiduklaster Eestis", "et", "Wood & Furniture"),
        ("clusterul auto din Romania", "ro", "Automotive & Mobility"),
    ],
)
def test_the_sector_of_a_compound(text, language, sector):
    assert _sectors(text, language) == [sector]


@pytest.mark.parametrize(
    "word",
    ["clusterinitiative", "clusters", "netzwerk", "wasserstoffnetzwerk", "clustermanagement"],
)
def test_no_sector_without_a_sector_part(word):
    assert compound_sector(word) is None


def test_a_ruler_sector_wins():
    # the ruler's sector entity is known: the compound adds nothing
    assert [
        p for p in find_places("Autocluster", None, sector_known=True) if p.label == "sector"
    ] == []


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Kunststoff Cluster Bayern", "Chemicals & Plastics"),
        ("Lebensmittel Netzwerk Österreich", "Agri-food"),
        ("textiel clusters België", "Textiles & Fashion"),
    ],
)
def test_an_industry_names_first_part_alone(text, sector):
    assert _sectors(text, None) == [sector]


def test_a_linking_part_is_no_word_of_its_own():
    assert _sectors("voedings Nederland", "nl") == []
