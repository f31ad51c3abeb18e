"""Keyword retrieval in the calls store: FTS5 matching, per-column bm25 relevance, the rank hook.

Semantic search plugs in through ``rank_hook`` (see :data:`RankHook`): it receives the query text
and the keyword candidates and returns the final relevance of the calls to keep; ids it adds are
fetched and filtered like keyword hits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from knowledge.calls.query import FtsQuery, MatchMode
from knowledge.calls.records import Call
from knowledge.calls.store.schema import FIELD_WEIGHTS, load_call

#: ``rank_hook(query_text, [(call_id, keyword_score), ...]) -> {call_id: relevance}``.
#: Calls missing from the result are dropped; ids not among the candidates are added when they
#: pass the filters. Higher relevance ranks first.
RankHook = Callable[[str, Sequence[tuple[str, float]]], Mapping[str, float]]


def candidates(
    conn: sqlite3.Connection,
    query: FtsQuery,
    mode: MatchMode | None,
    where: list[str],
    params: list[Any],
) -> list[tuple[Call, float]]:
    """Return the calls passing the SQL filters (and the text, in ``mode``) with their score.

    Args:
        conn: The store's connection.
        query: The parsed text; empty or ``mode=None`` means no text filter (score 0).
        mode: ``"all"`` words or ``"any"`` word must match.
        where: SQL conditions on ``calls c`` (from :func:`~knowledge.calls.store.filters.filters_sql`).
        params: Their parameters.

    Returns:
        ``(call, keyword score)`` pairs, higher scores more relevant.
    """
    clause = " AND ".join(where)
    if mode is None or not query:
        sql = "SELECT c.rowid, c.record FROM calls c" + (f" WHERE {clause}" if clause else "")
        return [(load_call(record), 0.0) for _, record in conn.execute(sql, params)]
    sql = (
        "SELECT c.rowid, c.record FROM calls_fts JOIN calls c ON c.rowid = calls_fts.rowid "
        "WHERE calls_fts MATCH ?" + (f" AND {clause}" if clause else "")
    )
    rows = conn.execute(sql, [query.match(mode), *params]).fetchall()
    scores = field_scores(conn, query, {rowid for rowid, _ in rows})
    return [(load_call(record), scores.get(rowid, 0.0)) for rowid, record in rows]


def field_scores(conn: sqlite3.Connection, query: FtsQuery, rowids: set[int]) -> dict[int, float]:
    """Weighted sum of per-column bm25 scores (higher is better) for the given rows.

    Args:
        conn: The store's connection.
        query: The parsed text (any word counts towards the score).
        rowids: The rows to score.

    Returns:
        Score by rowid; rows matching no word are absent.
    """
    scores: dict[int, float] = {}
    if not rowids:
        return scores
    expression = query.match("any")
    for column, weight in FIELD_WEIGHTS.items():
        table = f"{column}_fts"
        sql = f"SELECT rowid, bm25({table}) FROM {table} WHERE {table} MATCH ?"
        for rowid, bm25 in conn.execute(sql, (expression,)):
            if rowid in rowids:
                scores[rowid] = scores.get(rowid, 0.0) - weight * bm25
    return scores


def apply_hook(
    conn: sqlite3.Connection,
    hook: RankHook,
    text: str,
    scored: list[tuple[Call, float]],
    where: list[str],
    params: list[Any],
) -> list[tuple[Call, float]]:
    """Let ``hook`` re-rank the candidates; fetch the ids it adds if they pass the filters.

    Args:
        conn: The store's connection.
        hook: The re-ranker, see :data:`RankHook`.
        text: The query text as the user wrote it.
        scored: The keyword candidates and their scores.
        where: SQL conditions on ``calls c``.
        params: Their parameters.

    Returns:
        ``(call, relevance)`` for every call the hook kept or added that passes the filters.
    """
    ranking = hook(text, [(call.id, score) for call, score in scored])
    by_id = {call.id: call for call, _ in scored}
    missing = [cid for cid in ranking if cid not in by_id]
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        clause = " AND ".join([f"c.id IN ({marks})", *where])
        rows = conn.execute(f"SELECT c.record FROM calls c WHERE {clause}", [*chunk, *params])
        for (record,) in rows:
            call = load_call(record)
            by_id[call.id] = call
    return [(by_id[cid], float(score)) for cid, score in ranking.items() if cid in by_id]
