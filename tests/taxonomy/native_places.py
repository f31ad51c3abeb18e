"""Native and foreign-language place names, with the filter each must give (shared by the tests).

Each row: a sentence as a user of that language would write it, the place name in it, the
entity label and the canonical value the gazetteer gives, and what the partner search's filter
resolves the name to (an ISO country code, or a NUTS code the region filter must cover).
"""

from __future__ import annotations

#: (sentence, surface, label, gazetteer value, filter code)
NATIVE_PLACES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Cluster für Wasserstoff in Bayern", "Bayern", "region", "Bavaria", "DE2"),
    ("Česko a Slovensko", "Česko", "country", "CZ", "CZ"),
    ("des clusters au Pays Basque", "Pays Basque", "region", "Basque Country", "ES21"),
    ("clústeres en el País Vasco", "País Vasco", "region", "Basque Country", "ES21"),
    ("Partner im Baskenland gesucht", "Baskenland", "region", "Basque Country", "ES21"),
    ("wir suchen Partner in Deutschland", "Deutschland", "country", "DE", "DE"),
    ("des partenaires en Allemagne", "Allemagne", "country", "DE", "DE"),
    ("Niemcy: klastry wodorowe", "Niemcy", "country", "DE", "DE"),
    ("szukamy partnerów w Niemczech", "Niemczech", "country", "DE", "DE"),
    ("parceiros na Alemanha", "Alemanha", "country", "DE", "DE"),
    ("cerchiamo un cluster in Italia", "Italia", "country", "IT", "IT"),
    ("Włochy albo Hiszpania", "Włochy", "country", "IT", "IT"),
    ("klastry z Polski", "Polski", "country", "PL", "PL"),
    ("partnerzy Hiszpania", "Hiszpania", "country", "ES", "ES"),
    ("clusters in Nederland", "Nederland", "country", "NL", "NL"),
    ("des clusters aux Pays-Bas", "Pays-Bas", "country", "NL", "NL"),
    ("clusters em Países Baixos", "Países Baixos", "country", "NL", "NL"),
    ("Czechy, Słowacja", "Czechy", "country", "CZ", "CZ"),
    ("Hledáme partnery v Česku", "Česku", "country", "CZ", "CZ"),
    ("Cluster in den Niederlanden", "Niederlanden", "country", "NL", "NL"),
    ("kluster i Sverige", "Sverige", "country", "SE", "SE"),
    ("clusters in Griekenland", "Griekenland", "country", "GR", "GR"),
    ("des clusters en Catalogne", "Catalogne", "region", "Catalonia", "ES51"),
    ("Cluster in der Lombardei", "Lombardei", "region", "Lombardy", "ITC4"),
    ("klastry na Śląsku", "Śląsku", "region", "Silesia", "PL22"),
    ("clusters en Wallonie", "Wallonie", "region", "Wallonia", "BE3"),
    ("cluster in Toscana", "Toscana", "region", "Tuscany", "ITI1"),
    ("Cluster in Niederösterreich", "Niederösterreich", "region", "Lower Austria", "AT12"),
)
