"""Cluster-management excellence labels: the levels and the words around them.

Used by the partner search's label filter (``knowledge.filters.normalise_label``); the label
phrases the bot recognises are in ``bot/gazetteers/labels.yml``.
"""

from __future__ import annotations

#: The label levels, best first.
LABEL_LEVELS: tuple[str, ...] = ("gold", "silver", "bronze")

#: A level's name in the other reply languages, folded (``taxonomy.fold``), as the label phrases
#: in ``bot/gazetteers/labels.yml`` write it ("goldenes Label", "label d'or", "złotym certyfikatem").
LEVEL_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "goldenem",
            "goldenen",
            "goldenes",
            "goldlabel",
            "goldsiegel",
            "gouden",
            "goudlabel",
            "or",
            "oro",
            "ouro",
            "złota",
            "złoty",
            "złotym",
            "zlota",
            "zloty",
            "zlotym",
        ],
        "gold",
    ),
    **dict.fromkeys(
        [
            "argent",
            "argento",
            "plata",
            "prata",
            "silber",
            "silberlabel",
            "silbernem",
            "silbernen",
            "silbernes",
            "srebrna",
            "srebrny",
            "srebrnym",
            "zilveren",
            "zilverlabel",
        ],
        "silver",
    ),
    **dict.fromkeys(
        [
            "brazowa",
            "brazowy",
            "brazowym",
            "bronce",
            "bronslabel",
            "bronzelabel",
            "bronzen",
            "bronzenem",
            "bronzenes",
            "bronzo",
        ],
        "bronze",
    ),
}
LEVEL_WORDS.update({level: level for level in LABEL_LEVELS})

#: Words around a label level that do not narrow it ("ECEI gold label" is the level gold).
LABEL_NOISE = frozenset(
    {
        "a",
        "an",
        "the",
        "with",
        "any",
        "only",
        "one",
        "ones",
        "cluster",
        "clusters",
        "management",
        "excellence",
        "european",
        "label",
        "labels",
        "labelled",
        "labeled",
        "certified",
        "holder",
        "holders",
        "ecei",
        "esca",
        # the same in DE FR ES IT PL NL PT, folded
        *[
            "avec",
            "certificados",
            "certificati",
            "certyfikat",
            "certyfikatem",
            "certyfikowane",
            "clusteres",
            "com",
            "con",
            "d",
            "de",
            "di",
            "eccellenza",
            "een",
            "einem",
            "etichetta",
            "etiqueta",
            "etykieta",
            "excelencia",
            "excellentielabel",
            "exzellenzlabel",
            "gelabelde",
            "gelabelte",
            "gelabelten",
            "jakosci",
            "keurmerk",
            "klastry",
            "labellise",
            "labellisee",
            "labellisees",
            "labellises",
            "marchio",
            "met",
            "mit",
            "niveau",
            "poles",
            "rotulo",
            "sello",
            "selo",
            "siegel",
            "um",
            "un",
            "z",
            "ze",
            "znak",
            "znakiem",
        ],
    }
)
