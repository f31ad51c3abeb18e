"""Shared vocabularies of the assistant: one reader and one cleaner for each (stdlib + PyYAML).

Imported by both Python environments: the Rasa side's spaCy gazetteer builder
(``bot/nlu/gazetteer.py``) and the action side's search filters (``knowledge/filters.py``,
``knowledge/regions.py``). Whatever both sides need to read the same way lives here: text
folding, the country-name CSV, NUTS region names, the fixed sectors, the excellence-label words
and the stop-word lists.
"""

from taxonomy.countries import read_country_names
from taxonomy.errors import TaxonomyError
from taxonomy.labels import LABEL_LEVELS, LABEL_NOISE
from taxonomy.nuts import clean_nuts_name, gazetteer_region_names, read_nuts_rows
from taxonomy.sectors import SECTOR_ALIASES, SECTORS
from taxonomy.text import fold

__all__ = [
    "LABEL_LEVELS",
    "LABEL_NOISE",
    "SECTORS",
    "SECTOR_ALIASES",
    "TaxonomyError",
    "clean_nuts_name",
    "fold",
    "gazetteer_region_names",
    "read_country_names",
    "read_nuts_rows",
]
