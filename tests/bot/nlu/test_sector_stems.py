"""Sector words as word beginnings (knowledge/data/taxonomies/sector_stems.yml, bot/nlu/places.py).

Written from the cluster profiles' sectors in the languages' own words (a furniture cluster in
Romania, food clusters in Greece, health in Denmark, aerospace in Greek written in Latin
letters), never copied from an evaluation set.
"""

from __future__ import annotations

import pytest

from bot.nlu.places import find_places, sector_stem_places, sector_stems
from taxonomy.sectors import SECTORS


def _sectors(text: str, language: str | None) -> list[str]:
    return [p.value for p in find_places(text, language) if p.label == "sector"]


@pytest.mark.parametrize(
    ("text", "language", "sector"),
    [
        ("klastry meblarskie w Rumunii", "pl", "Wood & Furniture"),
        ("firmy informatyczne na Pomorzu", "pl", "Digital & ICT"),
        ("ψάχνουμε συνεργάτες στη βιομηχανία τροφίμων", "el", "Agri-food"),
        ("psachnoume etaireies aerodiastimikis technologias", None, "Aerospace & Space"),
        ("sundhedsklynger i Danmark", "da", "Health & Medical Devices"),
        ("hledáme partnery v oblasti obnovitelné energie", "cs", "Energy"),
        ("iskalci partnerjev v lesarstvu", "sl", "Wood & Furniture"),
        ("klasteri informācijas tehnoloģiju jomā", "lv", "Digital & ICT"),
        ("braislí turasóireachta in Éirinn", "ga", "Tourism"),
        ("turismo Estonia", None, "Tourism"),
        ("tekstiilitoimialan klusterit", "fi", "Textiles & Fashion"),
        ("clustere de mobilă din Transilvania", "ro", "Wood & Furniture"),
        ("faipari vállalatok", "hu", "Wood & Furniture"),
    ],
)
def test_a_sector_word_in_its_language_is_a_sector(text, language, sector):
    assert set(_sectors(text, language)) == {sector}


def test_stems_are_no_sector_in_english_nor_in_another_reply_language():
    assert _sectors("we need clusters for energi and turismo", "en") == []
    # a Polish declined word read in a German message names nothing
    assert sector_stem_places("meblarskie Cluster", "de") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Γεώργιος Παπαδόπουλος, διευθυντής", "el"),  # a name, not agriculture
        ("zdravím vás, hledáme partnery", "cs"),  # a greeting, not health
        ("Medien und Verlage", None),  # media, not wood (Lithuanian "medienos")
    ],
)
def test_ordinary_words_and_names_are_no_sector(text, language):
    assert _sectors(text, language) == []


def test_every_stem_is_long_enough_and_names_a_fixed_sector():
    tables = sector_stems()
    assert tables[None] and tables["pl"]
    for pairs in tables.values():
        for _, sector in pairs:
            assert sector in SECTORS


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("empresas de máquina herramienta en el País Vasco", "es"),
        ("Hersteller von Werkzeugmaschinen", "de"),
        ("produttori di macchine utensili", "it"),
    ],
)
def test_machine_tools_are_advanced_manufacturing(text, language):
    assert _sectors(text, language) == ["Advanced Manufacturing"]


def test_a_sector_the_ruler_found_keeps_the_stems_out():
    # an undecided message whose ruler sector is electronics: "automobile" is no second sector
    text = "automobile electronics suppliers"
    assert "Automotive & Mobility" in _sectors(text, None)
    assert [p for p in find_places(text, None, sector_known=True) if p.label == "sector"] == []
