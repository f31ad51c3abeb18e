"""The retrieval score the fact routing compares with its floor, and one embedding per message."""

from __future__ import annotations

from knowledge.embedding import FakeEmbedder
from knowledge.facts import build_answerer
from knowledge.instruments import load_catalogue


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting the texts it embeds."""

    def __init__(self) -> None:
        super().__init__(dim=64)
        self.calls: list[str] = []

    def embed_batch(self, texts):
        self.calls.extend(texts)
        return super().embed_batch(texts)


def test_retrieval_score_is_the_best_fused_score_without_boosts() -> None:
    answerer = build_answerer(load_catalogue(), FakeEmbedder(dim=64))
    question = "How much funding did the cluster internationalisation programme for SMEs have?"
    score = answerer.retrieval_score(question)
    assert score == max(answerer.index.fused(question, answerer.cue_text(question, None)))
    # the ranking adds boosts on top (the budget aspect, the named instrument)
    assert answerer.answer(question)["confidence"] > score
    # a search shares few words with any card
    assert answerer.retrieval_score("partners for hydrogen storage in Bavaria") < score


def test_score_then_answer_embed_the_message_once() -> None:
    embedder = CountingEmbedder()
    answerer = build_answerer(load_catalogue(), embedder)
    embedder.calls.clear()
    question = "Who can apply to Euroclusters?"
    answerer.retrieval_score(question)
    answerer.answer(question)
    assert embedder.calls.count(question) == 1
    answerer.answer("What is COSME?")
    assert embedder.calls.count("What is COSME?") == 1
