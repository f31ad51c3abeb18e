"""Cluster-management excellence labels: the levels and the words around them.

Used by the partner search's label filter (``knowledge.filters.normalise_label``); the label
phrases the bot recognises are in ``bot/gazetteers/labels.yml``.
"""

from __future__ import annotations

#: The label levels, best first.
LABEL_LEVELS: tuple[str, ...] = ("gold", "silver", "bronze")

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
    }
)
