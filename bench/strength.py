"""Measures the match-strength thresholds and the reasons on the labelled partner queries.

For every labelled query (``tests/eval/partner_queries.yml``) the hybrid search's top 10 hits
are compared with the judgements: for each score threshold, how many hits score at least that
much and which share of them is relevant (grade >= 1) or squarely relevant (grade 2), per half
(``tune`` chooses, ``test`` is only reported); then the share of hits per strength band and how
many reasons name a matched field (``knowledge.partners.results.MatchReason``).

Run: ``.venv/actions/bin/python -m bench.strength`` (about a minute with the real model).
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.eval_partners import EVAL_SET, load_queries, real_searcher
from knowledge.partners.query import PartnerFilters
from knowledge.partners.strength import match_strength

THRESHOLDS = (0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60)


def hits(searcher, queries) -> list[tuple[str, float, int, str | None, bool, bool]]:
    """``(split, score, grade, strength, reason names a field, reason cites a literal match)``."""
    out = []
    for q in queries:
        result = searcher.search(q.query, PartnerFilters(**q.filters), k=10)
        for m in result.matches:
            literal = bool(
                m.reason.technologies
                or m.reason.sectors
                or m.reason.name
                or m.reason.places
                or m.reason.label
            )
            out.append(
                (
                    q.split,
                    m.score,
                    q.relevant.get(m.profile.id, 0),
                    match_strength(m),
                    not m.reason.is_empty(),
                    literal,
                )
            )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print the tables (markdown)."""
    searcher, _ = real_searcher()
    rows = hits(searcher, load_queries(EVAL_SET))
    print("| split | score >= | hits | relevant (grade >= 1) | grade 2 |")
    print("|---|---|---|---|---|")
    for split in ("tune", "test"):
        for t in THRESHOLDS:
            above = [r for r in rows if r[0] == split and r[1] >= t]
            if above:
                rel = sum(r[2] >= 1 for r in above) / len(above)
                top = sum(r[2] == 2 for r in above) / len(above)
                print(f"| {split} | {t:.2f} | {len(above)} | {rel:.0%} | {top:.0%} |")
    print()
    print("| split | strength | hits | relevant (grade >= 1) | grade 2 |")
    print("|---|---|---|---|---|")
    for split in ("tune", "test"):
        for band in ("strong", "good", "partial"):
            sel = [r for r in rows if r[0] == split and r[3] == band]
            if sel:
                rel = sum(r[2] >= 1 for r in sel) / len(sel)
                top = sum(r[2] == 2 for r in sel) / len(sel)
                print(f"| {split} | {band} | {len(sel)} | {rel:.0%} | {top:.0%} |")
    named = sum(r[4] for r in rows)
    literal = sum(r[5] for r in rows)
    print()
    print(
        f"reasons naming a matched field: {named} of {len(rows)}; "
        f"by words (technology, sector, name, place, filter): {literal}; "
        f"closest technology in meaning only: {named - literal}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
