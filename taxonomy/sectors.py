"""The fixed sector list of the cluster corpus and the everyday words for each sector.

The partner search's sector filter (``knowledge.filters.normalise_sector``) maps free text onto
these labels; the bot's sector gazetteer (``bot/gazetteers/sectors.yml``) uses the same labels
as its values.
"""

from __future__ import annotations

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
