"""Answering a fact question from the cards: ranking, confidence, verdict and the payload.

:class:`FactAnswerer` ranks the cards of a :class:`~knowledge.facts.index.FactIndex` by the fused
score, plus a boost for cards of the instrument the question names (or the conversation's last
instrument) and for cards of the aspect it asks about. The best card's score is the confidence;
below :data:`CONFIDENCE_FLOOR` (measured on ``tests/eval/fact_questions.yml`` by
``python -m bench.facts``) the verdict is ``not_known``. A question that uses a programme-like
name no catalogue entry or card knows is ``not_known`` whatever the scores, so an unknown
programme never gets another programme's figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from contracts.payloads import FACT_ANSWER, FactAlternative, FactAnswer, FactSource
from knowledge.facts.foreign import ForeignNames
from knowledge.facts.index import FactIndex
from knowledge.facts.lexicon import Lexicon, load_lexicon
from knowledge.facts.payload import not_known_answer
from knowledge.facts.question import (
    asks_per_unit,
    card_aspects,
    digits_of,
    ends_in_programme_word,
    is_per_unit,
    money_amount,
    programme_names,
    value_kinds,
    wanted_kind,
)
from knowledge.facts.records import FactCard
from knowledge.facts.unknown import (
    GENERIC as _GENERIC,
)
from knowledge.facts.unknown import (
    portal_programme_in,
    single_word_candidates,
    subject_word,
    within_edits,
)
from knowledge.instruments import Instrument
from knowledge.partners.keyword import stem
from taxonomy.text import fold

#: Below this confidence the answer is "not known" (measured: see docs/benchmarks.md, "Facts").
CONFIDENCE_FLOOR = 0.30
#: Added to the cards of the instrument the question names.
INSTRUMENT_BOOST = 0.25
#: Added (instead) to a card whose own names (an event, a body) the question uses: more specific.
NAME_BOOST = 0.35
#: Added to the cards of an aspect the question asks about.
ASPECT_BOOST = 0.3
#: Added to a card whose value is the kind of value the question wants (money, a count, a date).
VALUE_BOOST = 0.15
#: Added to "what" cards when a question names an instrument and asks nothing in particular.
DEFAULT_WHAT_BOOST = 0.15
#: Added to an instrument's catalogue summary card ("<id>-what") when the question asks what it is.
DEFINITION_BOOST = 0.05
#: Where to look when an instrument has no card of the asked aspect ("contact the EEN").
_FALLBACK_ASPECTS: dict[str, tuple[str, ...]] = {"contact": ("how_to_apply",)}
#: How many next-best cards an answer carries.
ALTERNATIVES = 2


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


#: Words that end a name rather than sit inside one ("cluster labelling a grant").
_LEADING_INSIDE = frozenset(["a", "an", "is", "are", "was", "were", "any", "some", "this", "that"])


@dataclass(frozen=True)
class Ranked:
    """A card with its final score."""

    card: FactCard
    score: float


class FactAnswerer:
    """Answers questions from a fact index."""

    def __init__(
        self,
        index: FactIndex,
        floor: float = CONFIDENCE_FLOOR,
        floors: Mapping[str, float] | None = None,
        lexicon: Lexicon | None = None,
    ):
        """Prepare the known names and words.

        Args:
            index: The fact index.
            floor: The confidence floor (the measured default).
            floors: Floors per message language measured for this answerer's encoder (a
                language without one uses ``floor``).
            lexicon: The per-language cues (default: the shipped lexicon).
        """
        self.index = index
        self.floor = floor
        self.floors = dict(floors or {})
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self._card_names = [fold(n) for item in index.items for n in item.names]
        self._corpus = " ".join(
            fold(f"{item.subject} {item.card.statement} {item.card.value}") for item in index.items
        )
        words = set(self._corpus.split()) | {w for name in self._card_names for w in name.split()}
        for instrument in index.catalogue:
            for name in instrument.names():
                words.update(fold(name).split())
        self._vocabulary = words | {stem(w) for w in words}
        self._kinds = [value_kinds(item.card.value) for item in index.items]
        self._stem_corpus = f" {' '.join(stem(w) for w in self._corpus.split())} "
        known_names = list(self._card_names)
        for instrument in index.catalogue:
            known_names.extend(fold(n) for n in instrument.names())
        self._name_stems = [{stem(w) for w in n.split()} for n in known_names if n]
        every_name = [n for item in index.items for n in (item.subject, *item.names)]
        self.foreign = ForeignNames(self.lexicon, index.catalogue, index.embedder, every_name)

    def floor_for(self, language: str | None) -> float:
        """The confidence floor for a message in ``language``."""
        return self.floors.get(str(language or "").lower(), self.floor)

    def cue_text(self, question: str, language: str | None) -> str:
        """The question with the English words of its cues in front (another language), else
        the question itself."""
        gloss = self.lexicon.gloss(question, language)
        return f"{gloss} ; {question}" if gloss else question

    # --- names ------------------------------------------------------------------------------

    def _known_by_names(self, name: str, names: list[str]) -> bool:
        """True when ``name`` contains a known name and its other words are known words."""
        words = set(fold(name).split()) - _GENERIC
        for known in names:
            if known and f" {known} " in f" {fold(name)} ":
                extra = words - set(known.split())
                if all(stem(w) in self._vocabulary for w in extra):
                    return True
        return False

    def is_known(self, name: str) -> bool:
        """Tell whether a programme-like name is one the catalogue or the cards know.

        Args:
            name: A name from :func:`~knowledge.facts.question.programme_names`.

        Returns:
            True when a catalogue entry or a card names it (its numbers included), or the cards'
            text contains it.
        """
        folded = fold(name)
        if not folded:
            return True
        if f" {folded} " in f" {self._corpus} ":
            return True
        catalogue = self.index.catalogue
        numbers = digits_of(name)
        found = catalogue.lookup(name) or catalogue.find_in_text(name)
        if found is not None:
            known_names = [fold(n) for n in found.names()]
            known_digits = set().union(*(digits_of(n) for n in known_names))
            if numbers <= known_digits and (
                catalogue.lookup(name) is found or self._known_by_names(name, known_names)
            ):
                return True
        return self._known_by_names(name, self._card_names)

    def unknown_name(self, question: str, language: str | None = None) -> str | None:
        """Return the first name of a question that nothing known names.

        In another language of the lexicon: a programme name of that language nothing known
        names (:class:`~knowledge.facts.foreign.ForeignNames`), or an EU programme of the calls
        portal outside the catalogue. Otherwise a programme-like name (:func:`~knowledge.facts.question.programme_names`) no card or
        catalogue entry knows; else an EU programme of the calls portal that the catalogue does
        not hold (its cards may mention it, "Horizon Europe", but say nothing about it); else
        the single unknown word a short question asks about ("what is eurostars").
        """
        if self.lexicon.covers(language):
            found = self.foreign.unknown_name(question, str(language), self.is_known)
            return found or self.portal_programme(question, single_words=False)
        for name in programme_names(question):
            if self.is_known(name):
                continue
            capitalised = sum(w[:1].isupper() for w in name.split()) >= 2
            out_of_vocabulary = any(
                len(w) > 3 and stem(w) not in self._vocabulary and w not in _GENERIC
                for w in fold(name).split()
            )
            if (
                capitalised
                or out_of_vocabulary
                or digits_of(name)
                or self._lower_unknown(name, question)
            ):
                return name
        return self.portal_programme(question) or self._unknown_subject(question)

    def _lower_unknown(self, name: str, question: str) -> bool:
        """True for a lower-case name ending in a programme word that no known name covers.

        "the innovation fund" is unknown although both words occur in the cards; "cluster
        awards" is known because a card's name ("European Cluster Awards 2019") holds both its
        words. Only a name introduced as one ("the", "a") counts: "which programme funds X" and
        "does X give grants" name nothing.
        """
        words = fold(name).split()
        if not ends_in_programme_word(name) or any(w in _LEADING_INSIDE for w in words[1:]):
            return False
        if not re.search(rf"\b(?:the|a|an)\s+{re.escape(name)}", question, re.IGNORECASE):
            return False
        if all(w in _GENERIC or ends_in_programme_word(w) for w in words):
            return False
        if f" {' '.join(stem(w) for w in words)} " in self._stem_corpus:
            return False  # the cards use it as a phrase ("innovation vouchers")
        content = {stem(w) for w in words if w not in _GENERIC}
        return not any(content <= known for known in self._name_stems)

    def portal_programme(self, question: str, single_words: bool = True) -> str | None:
        """Return an EU programme the question names that the calls portal knows but the
        catalogue does not, as written ("Horizon Europe", "erasmus"), or None.

        Nothing is returned when the question names a catalogue instrument or a card's own name
        ("Is INNOSUP-1 part of Horizon 2020?" is about INNOSUP-1).
        """
        catalogue = self.index.catalogue
        folded = f" {fold(question)} "
        if catalogue.find_in_text(question) is not None or any(
            f" {n} " in folded for n in self._card_names if n
        ):
            return None
        found = portal_programme_in(question)
        candidates = [found] if found is not None else []
        candidates += [
            (word, programme)
            for word, programme in (single_word_candidates(question) if single_words else [])
            if stem(fold(word)) not in self._vocabulary
        ]
        frameworks = {i.programme for i in catalogue if i.programme}
        for name, programme in candidates:
            if programme.code in frameworks:  # COSME, Horizon 2020: known through instruments
                continue
            if catalogue.lookup(name) is None and catalogue.lookup(programme.name) is None:
                return name
        return None

    def _unknown_subject(self, question: str) -> str | None:
        word = subject_word(question)
        if word is None or len(word) < 4 or word in _GENERIC or stem(word) in self._vocabulary:
            return None
        limit = 1 if len(word) <= 5 else 2
        if any(within_edits(word, known, limit) for known in self._vocabulary):
            return None  # a typo of a known word
        if self.index.catalogue.find_in_text(question) is not None:
            return None
        return word

    # --- ranking ----------------------------------------------------------------------------

    def rank(
        self, question: str, instrument: str | None = None, language: str | None = None
    ) -> list[Ranked]:
        """Rank every card for a question, best first.

        Args:
            question: The user's question.
            instrument: The instrument the conversation is about, used when the question names
                none ("and its budget?").

        Returns:
            All cards with their scores.
        """
        cues = self.cue_text(question, language)
        scores = self.index.fused(question, cues)
        named = self.index.catalogue.find_in_text(question)
        target = named.id if named is not None else instrument
        folded = f" {fold(question)} "
        # cues are read without the names ("Green Action Plan for SMEs" asks nothing of SMEs)
        aspects = card_aspects(self._without_names(f" {fold(cues)} ", named))
        # a named instrument and no cue: most likely "what is it" ("a short description of X")
        default_what = not aspects and named is not None
        kind = wanted_kind(cues)
        per_unit = asks_per_unit(cues)
        total = self._total_card(target) if kind == "money" and not per_unit else None
        aspects = self._with_fallbacks(aspects, target)
        boost = np.zeros(len(self.index.items))
        for row, item in enumerate(self.index.items):
            card = item.card
            # "the budget of X" is its total, not a per-project cap
            capped = kind == "money" and not per_unit and is_per_unit(card.value)
            if kind is not None and kind in self._kinds[row] and not capped:
                boost[row] += VALUE_BOOST
            if row == total:
                boost[row] += VALUE_BOOST
            if "what" in aspects and target is not None and card.id == f"{target}-what":
                boost[row] += DEFINITION_BOOST  # the catalogue's summary defines the instrument
            if default_what and card.aspect == "what":
                boost[row] += DEFAULT_WHAT_BOOST
            if any(f" {n} " in folded for n in map(fold, item.card.names) if n):
                boost[row] += NAME_BOOST
            elif (target is not None and item.card.instrument == target) or any(
                f" {n} " in folded for n in map(fold, item.names) if n
            ):
                boost[row] += INSTRUMENT_BOOST
            if item.card.aspect in aspects:
                boost[row] += ASPECT_BOOST
        total = scores + boost
        order = np.argsort(-total, kind="stable")
        return [Ranked(self.index.items[i].card, float(total[i])) for i in order]

    def _total_card(self, target: str | None) -> int | None:
        """The row of the target's card with the largest euro amount (its total budget)."""
        if target is None:
            return None
        best: tuple[float, int] | None = None
        for row, item in enumerate(self.index.items):
            amount = money_amount(item.card.value)
            if item.card.instrument != target or amount is None or is_per_unit(item.card.value):
                continue
            if best is None or amount > best[0]:
                best = (amount, row)
        return best[1] if best is not None else None

    def _with_fallbacks(self, aspects: tuple[str, ...], target: str | None) -> tuple[str, ...]:
        """Add the fallback of an asked aspect the target instrument has no card of."""
        if target is None:
            return aspects
        have = {item.card.aspect for item in self.index.items if item.card.instrument == target}
        extra = [
            fallback
            for aspect in aspects
            if aspect not in have
            for fallback in _FALLBACK_ASPECTS.get(aspect, ())
            if fallback not in aspects
        ]
        return (*aspects, *extra)

    def _without_names(self, folded: str, named: Instrument | None) -> str:
        """The folded question with the named instrument's and the cards' names blanked."""
        names = [fold(n) for n in named.names()] if named is not None else []
        for name in sorted({*names, *self._card_names}, key=len, reverse=True):
            if name and f" {name} " in folded:
                folded = folded.replace(f" {name} ", " ; ")
        return folded

    def answer(
        self, question: str, instrument: str | None = None, language: str | None = None
    ) -> FactAnswer:
        """Answer a question from the cards.

        Args:
            question: The user's question.
            instrument: The conversation's last instrument id, if any (for follow-ups).

        Returns:
            A ``fact_answer`` payload: the best card and its source, or ``not_known`` with the
            closest known instruments.
        """
        ranked = self.rank(question, instrument, language)
        best = ranked[0]
        confidence = round(min(max(best.score, 0.0), 1.0), 4)
        unknown = self.unknown_name(question, language)
        closest = self._closest(ranked, unknown)
        alternatives = [self._alternative(r) for r in ranked[1 : 1 + ALTERNATIVES]]
        if unknown is not None or confidence < self.floor_for(language):
            return not_known_answer(
                question,
                confidence,
                unknown,
                closest,
                [] if unknown is not None else alternatives,
            )
        card = best.card
        return FactAnswer(
            type=FACT_ANSWER,
            verdict="answered",
            question=question,
            card_id=card.id,
            statement=card.statement,
            value=card.value,
            instrument=card.instrument,
            instrument_name=self.index.subject_name(card.instrument),
            aspect=card.aspect,
            as_of=_iso(card.as_of),
            source=FactSource(
                title=card.source.title,
                event=card.source.event,
                date=_iso(card.source.date),
                url=card.source.url,
            ),
            confidence=confidence,
            alternatives=alternatives,
            closest_instruments=closest,
            unknown_name=None,
            source_checked=_iso(card.source.checked) if card.source.date is None else None,
            refers_to=card.refers_to or None,
        )

    def _alternative(self, ranked: Ranked) -> FactAlternative:
        card = ranked.card
        return FactAlternative(
            id=card.id,
            statement=card.statement,
            value=card.value,
            instrument=card.instrument,
            aspect=card.aspect,
            as_of=_iso(card.as_of),
            confidence=round(ranked.score, 4),
        )

    def _closest(self, ranked: list[Ranked], unknown: str | None) -> list[str]:
        catalogue = self.index.catalogue
        names: list[str] = []
        if unknown is not None:
            names = [i.name for i in catalogue.suggest(unknown)]
        for item in ranked:
            found = catalogue.get(item.card.instrument)
            if found is not None and found.name not in names:
                names.append(found.name)
            if len(names) >= 3:
                break
        return names[:3]
