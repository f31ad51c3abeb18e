"""The fact index: dense and keyword retrieval over the fact cards, fused.

Dense: each card's text (instrument name and statement) is embedded once with the project's
:class:`~knowledge.embedding.Embedder` (the one partner search uses; the cards are few, so an exact
scan of a matrix). Keyword: the partner search's BM25F index
(:class:`~knowledge.partners.keyword.KeywordIndex`, same tokeniser and scoring) with a card field
extraction (:func:`card_fields`). Fusion as in partner search: ``0.7 * cosine + 0.3 * keyword``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.embedding import Embedder
from knowledge.facts.records import GENERAL_TOPICS, FactCard
from knowledge.instruments import Catalogue
from knowledge.partners.keyword import FieldWeights, KeywordIndex, query_terms, tokens

#: Weight of the cosine in the fused score (the keyword score has the rest).
DENSE_WEIGHT = 0.7

#: Field weights for cards: names 2, value 2, aspect 1, statement 1.
CARD_WEIGHTS = FieldWeights(name=2.0, technologies=2.0, sectors=1.0, description=1.0, place=0.0)

_ASPECT_WORDS: dict[str, str] = {
    "what": "what is about purpose",
    "offers": "offers funds support pays",
    "who": "who eligible apply participate",
    "budget": "budget money euro million amount",
    "results": "results number achieved reached",
    "how_to_apply": "how to apply application",
    "period": "period when dates years",
    "successor": "successor replaced continues",
    "status": "status still running ended active",
    "outlook": "outlook future plans next",
    "contact": "contact responsible in charge email",
    "events": "event events matchmaking date",
}


#: How an aspect is named in a card's embedded text.
_ASPECT_LABELS: dict[str, str] = {
    "what": "what it is",
    "offers": "what it offers",
    "who": "who can apply",
    "budget": "budget",
    "results": "results",
    "how_to_apply": "how to apply",
    "period": "when",
    "successor": "successor",
    "status": "still running or ended",
    "outlook": "plans",
    "contact": "contact",
    "events": "events",
}


@dataclass(frozen=True)
class IndexedCard:
    """A card with the names of its subject, as indexed."""

    card: FactCard
    subject: str
    names: tuple[str, ...]


def card_fields(item: IndexedCard) -> dict[str, list[str]]:
    """Return a card's tokens per keyword field (the :data:`~knowledge.partners.keyword.FIELDS`).

    ``name``: the subject's name, aliases and the card's names; ``technologies``: the value;
    ``sectors``: words of the aspect; ``description``: the statement; ``place``: nothing.
    """
    return {
        "name": tokens(" ; ".join((item.subject, *item.names))),
        "technologies": tokens(item.card.value),
        "sectors": tokens(_ASPECT_WORDS.get(item.card.aspect, "")),
        "description": tokens(" ".join((item.card.statement, *item.card.keywords))),
        "place": [],
    }


class FactIndex:
    """Dense plus keyword retrieval over fact cards."""

    def __init__(self, cards: Sequence[FactCard], catalogue: Catalogue, embedder: Embedder):
        """Index the cards (embeds them all once).

        Args:
            cards: The cards (file cards and catalogue cards).
            catalogue: The instrument catalogue (names and aliases of the cards' instruments).
            embedder: The embedder of partner search (a fake one in unit tests).
        """
        self.catalogue = catalogue
        self.embedder = embedder
        self.items: tuple[IndexedCard, ...] = tuple(self._item(c) for c in cards)
        texts = [
            f"{i.subject} ({_ASPECT_LABELS[i.card.aspect]}): {i.card.statement}" for i in self.items
        ]
        self.vectors = np.asarray(embedder.embed_batch(texts), dtype=np.float32)
        self._last: tuple[str, np.ndarray] | None = None
        self.keywords = KeywordIndex.build(
            enumerate(self.items), weights=CARD_WEIGHTS, fields=card_fields
        )

    def _item(self, card: FactCard) -> IndexedCard:
        instrument = self.catalogue.get(card.instrument)
        if instrument is not None:
            return IndexedCard(card, instrument.name, (*instrument.aliases, *card.names))
        return IndexedCard(card, GENERAL_TOPICS.get(card.instrument, card.instrument), card.names)

    def __len__(self) -> int:
        return len(self.items)

    def subject_name(self, instrument: str) -> str:
        """Return the display name of a card's instrument or general topic."""
        found = self.catalogue.get(instrument)
        return found.name if found else GENERAL_TOPICS.get(instrument, instrument)

    def scores(
        self, question: str, keyword_text: str | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return the cosine and the keyword score of every card for a question.

        Args:
            question: The user's question (embedded as written).
            keyword_text: The text the keyword part reads (default: the question); a question
                in another language passes it with the English words of its cues.

        Returns:
            ``(cosine, keyword)``, two float arrays in card order; keyword scores are in [0, 1).
        """
        vector = self._embed(question)
        cosine = self.vectors @ vector
        keyword = np.zeros(len(self.items), dtype=np.float64)
        terms = query_terms(keyword_text if keyword_text is not None else question)
        rows, values, idf_total = self.keywords.score_arrays(terms)
        if idf_total > 0:
            keyword[rows] = values / idf_total
        return cosine.astype(np.float64), keyword

    def _embed(self, question: str) -> np.ndarray:
        """The question's vector; the last question's is kept, so the fact routing's retrieval
        score and the answer that follows embed a message once."""
        last = self._last
        if last is not None and last[0] == question:
            return last[1]
        vector = np.asarray(self.embedder.embed_batch([question]), dtype=np.float32)[0]
        self._last = (question, vector)
        return vector

    def fused(self, question: str, keyword_text: str | None = None) -> np.ndarray:
        """Return ``0.7 * cosine + 0.3 * keyword`` of every card, in card order."""
        cosine, keyword = self.scores(question, keyword_text)
        return DENSE_WEIGHT * cosine + (1.0 - DENSE_WEIGHT) * keyword
