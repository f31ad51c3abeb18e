"""Match strength: a hybrid search score said in words a person can use (strong, good, partial).

The thresholds were measured on the labelled set (``tests/eval/partner_queries.yml``, ``tune``
half; ``bench/strength.py`` prints the table, docs/benchmarks.md "Cards: reasons and match
strength"): of the top-10 hits scoring at least :data:`STRONG`, 94 % were judged relevant (91 %
on the held-out ``test`` half); at least :data:`GOOD`, 77 % (78 %). Raw scores stay in the
payload for integrations; people see the word.
"""

from __future__ import annotations

from typing import Literal

from knowledge.partners.results import PartnerMatch

Strength = Literal["strong", "good", "partial"]

#: Hybrid score from which a hit is "strong" (>= 90 % of such hits relevant on the tune half).
STRONG = 0.45
#: Hybrid score from which a hit is "good" (>= 75 % of such hits relevant on the tune half).
GOOD = 0.35


def strength_of(score: float) -> Strength:
    """The word for a hybrid score (``0.7 * similarity + 0.3 * keyword score``)."""
    if score >= STRONG:
        return "strong"
    if score >= GOOD:
        return "good"
    return "partial"


def match_strength(match: PartnerMatch) -> Strength | None:
    """The strength of a hybrid query hit; None for hits the thresholds were not measured for.

    Filter-only results (no query), "more like this" (profile-to-profile similarity) and the
    single-method modes have other score scales, so they get no strength rather than a wrong one.
    """
    if match.similarity is None or match.keyword is None or match.reason.similar_to:
        return None
    return strength_of(match.score)
