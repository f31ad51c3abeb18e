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
from itertools import pairwise

from contracts.payloads import FactAnswer
from knowledge.facts.answer import FactAnswerer
from knowledge.facts.question import card_aspects, wanted_kind
from knowledge.instruments import Catalogue, Instrument
from knowledge.instruments.names import fold_user_text
from taxonomy.text import fold

#: The most instruments one reply compares (a longer list is not a comparison).
MAX_COMPARED = 3


#: Words that join the names of instruments asked about together ("X and Y", "X oder Y", "X, Y").
CONNECTORS = frozenset(
    # "and", "or" in the reply languages; not the Dutch "of" nor the Polish "a", which are
    # English words too ("the successor of the JCI" asks about one)
    {
        *("and", "or", "vs", "versus", "und", "oder", "sowie", "bzw", "et", "ou", "y", "o", "e"),
        *("oppure", "i", "lub", "albo", "czy", "en", "ni"),
        # the other EU languages (session 21): "ESCP-4i alebo ESCP-S3", "COSME vagy SMP";
        # not the Slovene/Croatian "in" nor the Czech/Slovak "a", which are English words too
        *("alebo", "nebo", "ili", "ali", "vagy", "es", "sau", "si", "или", "и", "η", "και"),
        *("vai", "tai", "ja", "eller", "och", "og", "voi", "ar", "ir", "un", "no", "agus"),
        *("jew", "u"),
    }
)
#: The most words between two joined names ("INNOSUP-1 and the ...", "à Euroclusters ou à ...").
MAX_BETWEEN = 4
#: Word starts (folded) of a comparison in the reply languages ("difference", "Unterschied",
#: "różni się", "verschil", "comparar") and whole words ("same", "better", "vs").
_COMPARING_STARTS = (
    *("differ", "diferen", "compar", "unterschied", "unterscheid", "vergleich", "confront"),
    *("rozni", "porown", "verschil", "vergelijk", "versus"),
    # the other EU languages (session 21): difference, compare
    *("rozdiel", "rozdil", "porovn", "razlik", "primerj", "usporedi", "kulonb", "osszehas"),
    *("diferent", "разлик", "сравн", "διαφορ", "συγκρ", "skillnad", "jamfor", "forskel"),
    *("sammenlign", "erinev", "vordl", "atskir", "salidz", "skirtum", "palygin", "difriocht"),
    *("qabbel", "differenz"),
)
_COMPARING_WORDS = frozenset(
    {
        *("vs", "same", "gleiche", "gleich", "meme", "mismo", "misma", "stesso", "stessa", "taki"),
        *("hetzelfde", "dezelfde", "mesmo", "mesma", "better", "besser", "mieux", "mejor"),
        *("meglio", "lepszy", "lepsze", "beter", "melhor"),
        # "than" ("is COSME bigger than INNOSUP-1?"), where it is no English word (session 21)
        *("than", "als", "dan", "niz", "nez", "kuin", "end", "kui", "neka", "nei", "mint", "decat"),
        *("minn",),
    }
)


def compares(folded: str) -> bool:
    """Whether a folded message uses a word of comparison."""
    return any(w in _COMPARING_WORDS or w.startswith(_COMPARING_STARTS) for w in folded.split())


def compared_instruments(catalogue: Catalogue, text: str | None) -> list[Instrument]:
    """The instruments a message asks about together, when it names two to
    :data:`MAX_COMPARED` and compares them or joins their names ("X and Y", "X oder Y", "X vs
    Y"); else []. "the COSME calls for cluster excellence" names two but asks about one."""
    spans = catalogue.name_spans(text)
    found: list[Instrument] = []
    for _, _, instrument in spans:
        if instrument not in found:
            found.append(instrument)
    if not 2 <= len(found) <= MAX_COMPARED or not isinstance(text, str):
        return []
    folded = fold_user_text(text)
    if compares(folded):
        return found
    for (_, end, _), (start, _, _) in pairwise(spans):
        between = folded[end:start].split()
        if len(between) > MAX_BETWEEN or not set(between) & CONNECTORS:
            return []  # "the COSME cluster excellence calls": one name describes the other
    return found


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
