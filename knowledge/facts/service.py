"""Building the fact answerer from the shipped files (what the action server would call once)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from knowledge.embedding import Embedder
from knowledge.facts.answer import CONFIDENCE_FLOOR, FactAnswerer
from knowledge.facts.catalogue_cards import catalogue_cards
from knowledge.facts.index import FactIndex
from knowledge.facts.loader import load_cards
from knowledge.facts.records import DEFAULT_CARDS, FactCard
from knowledge.instruments import Catalogue


def all_cards(
    catalogue: Catalogue, path: str | os.PathLike[str] = DEFAULT_CARDS
) -> tuple[FactCard, ...]:
    """Return the cards of the cards file followed by the catalogue's cards.

    Args:
        catalogue: The instrument catalogue.
        path: The cards file.

    Returns:
        Every card, ids unique.

    Raises:
        DataFileError: The cards file is malformed, names an unknown instrument, or a card id
            clashes with a catalogue card's id.
    """
    from knowledge.errors import DataFileError

    cards = load_cards(path, frozenset(i.id for i in catalogue))
    derived = catalogue_cards(catalogue)
    ids = {c.id for c in cards}
    for card in derived:
        if card.id in ids:
            raise DataFileError(Path(path), 0, "id", f"{card.id!r} is also a catalogue card's id")
    return (*cards, *derived)


def build_answerer(
    catalogue: Catalogue,
    embedder: Embedder,
    path: str | os.PathLike[str] = DEFAULT_CARDS,
    floor: float = CONFIDENCE_FLOOR,
    floors: Mapping[str, float] | None = None,
) -> FactAnswerer:
    """Load every card, index it and return the answerer.

    Args:
        catalogue: The instrument catalogue (``knowledge.instruments.load_catalogue()``).
        embedder: The partner search's embedder.
        path: The cards file.
        floor: The confidence floor.
        floors: Floors per message language measured for this embedder (others use ``floor``).

    Returns:
        The answerer; call ``answer(question, instrument=last_instrument)``.
    """
    return FactAnswerer(
        FactIndex(all_cards(catalogue, path), catalogue, embedder), floor, floors=floors
    )
