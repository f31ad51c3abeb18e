"""Questions about two or more instruments: comparisons and neighbouring programmes.

"What is the difference between ESCP-4i and ESCP-4x?", "Euroclusters vs INNOSUP-1: which one for
a small company?", "Is COSME the same as the Single Market Programme?", "compare the budgets of
COSME and the SMP": the answer is a card of EACH instrument named, each with its own source and
date, never only the first nor a card of a third programme. The aspect the question asks (the
budget, who can apply) is read once from the question and asked of every instrument: each one is
asked the question with the other instruments' names left out, so its own cards answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from contracts.payloads import FactAnswer
from knowledge.facts.answer import FactAnswerer
from knowledge.facts.question import card_aspects, wanted_kind
from knowledge.instruments import Catalogue, Instrument
from taxonomy.text import fold

#: The most instruments one reply compares (a longer list is not a comparison).
MAX_COMPARED = 3


def compared_instruments(catalogue: Catalogue, text: str | None) -> list[Instrument]:
    """The instruments a message names when it names two to :data:`MAX_COMPARED` (else [])."""
    found = catalogue.find_all_in_text(text)
    return found if 2 <= len(found) <= MAX_COMPARED else []


def without_names(text: str, instruments: Sequence[Instrument]) -> str:
    """The text with every name of the given instruments blanked (longest name first)."""
    names = sorted({n for i in instruments for n in i.names() if n}, key=len, reverse=True)
    for name in names:
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def asks_an_aspect(answerer: FactAnswerer, text: str, language: str | None) -> bool:
    """Whether a question (its names left out) asks for an aspect besides "what is it" (a
    budget, who can apply, how, when) or a kind of value (an amount, a count, a date)."""
    cues = f" {fold(answerer.cue_text(text, language))} "
    return any(a != "what" for a in card_aspects(cues)) or wanted_kind(cues) is not None


def compare(answerer: FactAnswerer, text: str, language: str | None = None) -> list[FactAnswer]:
    """One answer per instrument the question names, from that instrument's cards.

    Args:
        answerer: The fact answerer.
        text: The question, naming two or more instruments.
        language: Its language.

    Returns:
        The answers in the order the instruments are named, each ``answered`` from a card of its
        own instrument (an instrument none of whose cards answers is left out); [] when the
        question names fewer than two instruments or fewer than two are answered.
    """
    instruments = compared_instruments(answerer.index.catalogue, text)
    if not instruments:
        return []
    # no aspect asked ("what is the difference", "is X the same as Y"): what each one is
    asked = asks_an_aspect(answerer, without_names(text, instruments), language)
    answers: list[FactAnswer] = []
    for instrument in instruments:
        others = [i for i in instruments if i.id != instrument.id]
        question = without_names(text, others) if asked else f"what is {instrument.name}?"
        answer = answerer.answer(question, instrument=instrument.id, language=language)
        if answer.get("verdict") == "answered" and answer.get("instrument") == instrument.id:
            answers.append(FactAnswer(**{**answer, "question": text}))  # type: ignore[typeddict-item]
    return answers if len(answers) >= 2 else []
