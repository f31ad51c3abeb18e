"""The shape of a ``not_known`` ``fact_answer`` payload: its one owner (answerer and actions)."""

from __future__ import annotations

from contracts.payloads import FACT_ANSWER, FactAlternative, FactAnswer


def not_known_answer(
    question: str,
    confidence: float,
    unknown_name: str | None,
    closest: list[str],
    alternatives: list[FactAlternative] | None = None,
) -> FactAnswer:
    """THE shape of a ``not_known`` fact answer: no card, no figure, no source.

    Args:
        question: The user's question.
        confidence: The best card's score (kept for analytics).
        unknown_name: The name nothing known covers, if that is the reason.
        closest: Closest known instrument names to offer instead.
        alternatives: Cards to offer anyway (none when a name is unknown).

    Returns:
        The payload.
    """
    return FactAnswer(
        type=FACT_ANSWER,
        verdict="not_known",
        question=question,
        card_id=None,
        statement=None,
        value=None,
        instrument=None,
        instrument_name=None,
        aspect=None,
        as_of=None,
        source=None,
        confidence=confidence,
        alternatives=list(alternatives or []),
        closest_instruments=list(closest),
        unknown_name=unknown_name,
        source_checked=None,
        refers_to=None,
    )
