"""The fixed sector list of the cluster corpus and the everyday words for each sector.

The partner search's sector filter (``knowledge.filters.normalise_sector``) maps free text onto
these labels with :data:`SECTOR_ALIASES` and the aliases of the bot's sector gazetteer
(``knowledge/data/taxonomies/sectors.yml``, :func:`read_sector_aliases`), whose values are the
same labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from taxonomy.entries import aliases_of, read_entries
from taxonomy.errors import TaxonomyError

#: The fixed sector list of the corpus (knowledge/data/clusters/README.md), in README order.
SECTORS: tuple[str, ...] = (
    "Digital & ICT",
    "Advanced Manufacturing",
    "Energy",
    "Agri-food",
    "Health & Medical Devices",
    "Automotive & Mobility",
    "Electronics & Photonics",
    "Maritime & Blue Economy",
    "Environment & Circular Economy",
    "Aerospace & Space",
    "Biotech & Life Sciences",
    "Chemicals & Plastics",
    "Forestry & Bioeconomy",
    "Security & Defence",
    "Materials & Metals",
    "Construction & Built Environment",
    "Wood & Furniture",
    "Logistics",
    "Creative & Cultural Industries",
    "Textiles & Fashion",
    "Tourism",
    "Water",
    "Social Economy",
)

#: Free-text sector words and phrases -> sector label (comma-separated, folded when looked up).
SECTOR_ALIASES = {
    "Digital & ICT": (
        "ict, digital, it, information technology, software, ai, artificial intelligence, data, "
        "big data, cybersecurity, telecom, telecommunications, internet of things, iot, cloud, "
        "computing"
    ),
    "Advanced Manufacturing": (
        "manufacturing, industry 4 0, mechatronics, mechanical engineering, machinery, robotics, "
        "advanced manufacturing"
    ),
    "Energy": (
        "energy, renewable energy, renewables, hydrogen, solar, wind, cleantech, clean tech, "
        "smart grid, smart grids, batteries, battery"
    ),
    "Agri-food": (
        "agrifood, agri food, agri-food, food, agriculture, farming, agritech, food and drink, "
        "food processing, dairy, wine"
    ),
    "Health & Medical Devices": (
        "health, healthcare, health care, medtech, medical, medical devices, medical technology, "
        "ehealth, digital health, pharma"
    ),
    "Automotive & Mobility": (
        "automotive, mobility, cars, car, vehicles, vehicle, transport, e mobility, "
        "electric vehicles"
    ),
    "Electronics & Photonics": (
        "electronics, photonics, optics, semiconductors, microelectronics, lasers"
    ),
    "Maritime & Blue Economy": (
        "maritime, blue economy, marine, shipbuilding, offshore, ports, fisheries, aquaculture, "
        "ocean"
    ),
    "Environment & Circular Economy": (
        "environment, environmental, circular economy, circular, recycling, waste, climate"
    ),
    "Aerospace & Space": "aerospace, space, aviation, aeronautics, drones, satellites",
    "Biotech & Life Sciences": (
        "biotech, biotechnology, life sciences, life science, biosciences, pharmaceuticals"
    ),
    "Chemicals & Plastics": "chemicals, chemistry, chemical, plastics, plastic, polymers",
    "Forestry & Bioeconomy": "forestry, forest, bioeconomy, bio economy, biomass",
    "Security & Defence": "security, defence, defense, safety, military",
    "Materials & Metals": (
        "materials, metals, metal, metallurgy, steel, advanced materials, composites"
    ),
    "Construction & Built Environment": (
        "construction, built environment, building, buildings, architecture, housing"
    ),
    "Wood & Furniture": "wood, furniture, timber",
    "Logistics": "logistics, supply chain, freight, shipping",
    "Creative & Cultural Industries": (
        "creative industries, creative, cultural, culture, design, media, games, gaming, film"
    ),
    "Textiles & Fashion": "textiles, textile, fashion, clothing, apparel, garments",
    "Tourism": "tourism, travel, hospitality",
    "Water": "water, water management, wastewater",
    "Social Economy": "social economy, social enterprise, social innovation",
}


def read_sector_aliases(yml_path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(sector label, alias)`` for every alias of the curated ``sectors.yml``.

    Args:
        yml_path: The gazetteer file (``entries`` with ``value`` = a sector label, ``aliases``).

    Yields:
        ``("Agri-food", "agrifood")`` and so on, in file order (whitespace collapsed).

    Raises:
        TaxonomyError: The file is not valid YAML, an entry is malformed or names an unknown
            sector.
        OSError: The file cannot be read.
    """
    for number, entry in read_entries(yml_path):
        if entry.get("value") not in SECTORS:
            raise TaxonomyError(
                yml_path, 0, "value", f"entry {number} names no fixed sector: {entry!r}"
            )
        for alias in aliases_of(entry):
            yield entry["value"], alias
