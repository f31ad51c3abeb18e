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
from knowledge.facts.asking import SubjectNames
from knowledge.facts.index import FactIndex
from knowledge.facts.known import KnownNames
from knowledge.facts.lexicon import Lexicon, load_lexicon
from knowledge.facts.measure import (
    Measure,
    asks_money,
    country_gloss,
    measure_boost,
    read_card,
    read_question,
    stated_unit,
)
from knowledge.facts.payload import not_known_answer
from knowledge.facts.question import (
    asks_for_list,
    asks_per_unit,
    card_aspects,
    digits_of,
    is_per_unit,
    money_amount,
    names_money,
    numbers_of,
    value_kinds,
    wanted_kind,
)
from knowledge.facts.records import FactCard
from knowledge.facts.subject import card_subjects, subject_boost, subjects_of
from knowledge.instruments import Instrument
from taxonomy.languages import REPLY_LANGUAGES
from taxonomy.negation import corrected_request
from taxonomy.stopwords import function_words
from taxonomy.text import fold

#: The smallest figure to confirm in a question that names no instrument (the cards count
#: hundreds of SMEs and clusters; an SME's story counts its own few staff and projects).
STATED_MINIMUM = 100
#: A year, not a figure to confirm ("in 2018").
_YEAR = re.compile(r"(19|20)\d\d")
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
#: Added to a card whose value or statement writes a number the question writes ("the first 15
#: projects", "by 2020"), the numbers of the instrument's name left out ("INNOSUP-1").
NUMBER_BOOST = 0.15
#: Added to a card that lists several things when the question asks for several ("which events
#: were planned?").
LIST_BOOST = 0.1
#: Added to "what" cards when a question names an instrument and asks nothing in particular.
DEFAULT_WHAT_BOOST = 0.15
#: Added to an instrument's catalogue summary card ("<id>-what") when the question asks what it is.
DEFINITION_BOOST = 0.05
#: Where to look when an instrument has no card of the asked aspect ("contact the EEN").
_FALLBACK_ASPECTS: dict[str, tuple[str, ...]] = {"contact": ("how_to_apply",)}
#: Aspects of cards that state figures (a count among them answers "how many").
_FIGURE_ASPECTS = frozenset(["budget", "outlook", "period"])
#: Subjects the cards state as figures of clusters in Europe (jobs, wages, staff): a question
#: about one of them asks no instrument's definition, whatever "what is" it starts with.
_FIGURE_SUBJECTS = frozenset(["jobs", "wages", "staff"])
#: How many next-best cards an answer carries.
ALTERNATIVES = 2
#: Everyday words that are also a card's one-word name besides the reply languages' function
#: words ("etc" is Interreg's ETC).
_EVERYDAY_NAMES = frozenset(["etc"])


def everyday_words() -> frozenset[str]:
    """The words a one-word card name may also be in everyday writing: the function words of
    the reply languages ("een", the Dutch article, is the EEN) and :data:`_EVERYDAY_NAMES`."""
    return frozenset().union(*(function_words(c) for c in REPLY_LANGUAGES)) | _EVERYDAY_NAMES


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class Ranked:
    """A card with its final score."""

    card: FactCard
    score: float


def _stems(word: str) -> list[str]:
    """English words of a word's stem that the lexicon leaves out: a scale ("Millionen",
    "milionów", "millones") and clusters ("clústeres", "Clustern")."""
    return [
        *(["million"] if word.startswith(("mil", "мил", "εκατομ")) else []),
        *(["clusters"] if word.startswith(("clust", "klast", "klust", "клъст")) else []),
    ]


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
        self.names = KnownNames(index, self.lexicon)
        self._card_names = self.names.card_names
        #: The distinctive words of the cards' and the catalogue's names (fact routing).
        self.subjects = SubjectNames(
            [
                *(n for item in index.items for n in item.card.names),
                *(i.name for i in index.catalogue),
            ]
        )
        self._kinds = [value_kinds(item.card.value) for item in index.items]
        self._measures = [
            read_card(item.card.value, item.card.aspect, is_per_unit(item.card.value))
            for item in index.items
        ]
        self._subjects = [
            card_subjects(item.card.statement, item.card.value, item.card.keywords)
            for item in index.items
        ]
        self._numbers = [
            numbers_of(f"{item.card.value} {item.card.statement}")
            - set().union(set(), *(digits_of(n) for n in (item.subject, *item.names)))
            for item in index.items
        ]
        # figure cards that count something answer "how many" whatever their own aspect: the
        # presentations' cards (short values) and figure aspects of the catalogue's
        self._counted = {
            row
            for row, item in enumerate(index.items)
            if "count" in self._kinds[row]
            and (item.card.aspect in _FIGURE_ASPECTS or item.card.source.event)
        }
        # cards that list several things (three or more separators)
        self._lists = {
            row
            for row, item in enumerate(index.items)
            if len(re.findall(r"[,;:]", item.card.statement)) >= 3
        }
        # one-word names that are everyday words too ("EEN" and the Dutch "een"): named only in
        # capitals, as the catalogue reads them ("is het loon in een cluster hoger?" names no EEN)
        everyday = everyday_words()
        self._capitals_only = [
            {fold(n) for n in item.names if n and " " not in n.strip() and fold(n) in everyday}
            for item in index.items
        ]
        # a card's own names as sets of words: "Partnering-Event Clusters Go International"
        self._name_words = [
            [set(fold(n).split()) for n in item.card.names if len(fold(n).split()) >= 2]
            for item in index.items
        ]

    def is_known(self, name: str) -> bool:
        """Whether the catalogue or the cards know a programme-like name (see KnownNames)."""
        return self.names.is_known(name)

    def unknown_name(self, question: str, language: str | None = None) -> str | None:
        """The first name of a question that nothing known names (see KnownNames)."""
        return self.names.unknown_name(question, language)

    def portal_programme(self, question: str) -> str | None:
        """An EU programme of the calls portal outside the catalogue (see KnownNames)."""
        return self.names.portal_programme(question)

    def retrieval_score(self, question: str, language: str | None = None) -> float:
        """The best card's fused retrieval score (dense + keyword), without any boost.

        The boosts reward what a question asks (a budget, "who can apply") and so lift searches
        that ask for funding or services too; the retrieval score alone says how close the
        question is to what some card states. The fact routing (:mod:`actions.funding.routing`)
        compares it with a floor measured per encoder.

        Args:
            question: The user's message.
            language: Its language (its cues are read through the lexicon).

        Returns:
            The largest fused score over all cards (0.0 for an empty index).
        """
        question = self.index.catalogue.written(question)  # "inno sup one": INNOSUP-1
        scores = self.index.fused(question, self.cue_text(question, language))
        return float(np.max(scores)) if len(scores) else 0.0

    def floor_for(self, language: str | None) -> float:
        """The confidence floor for a message in ``language``."""
        return self.floors.get(str(language or "").lower(), self.floor)

    def cue_text(self, question: str, language: str | None) -> str:
        """The question with the English words of its cues and of the countries it names in
        front (another language), else the question itself."""
        gloss = " ".join(
            part
            for part in (self.lexicon.gloss(question, language), country_gloss(question, language))
            if part
        )
        return f"{gloss} ; {question}" if gloss else question

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
        # a dictated name read as written ("inno sup one" -> "INNOSUP-1"), for the encoder too
        question = self.index.catalogue.written(question)
        named = self.index.catalogue.find_in_text(question)
        target = named.id if named is not None else instrument
        folded = f" {fold(question)} "
        capitals = set(re.findall(r"[\w-]+", question))
        # "not the budget, how many projects": what is asked is read without the negated part
        # (the instrument is read from the whole message, and named to the encoder)
        corrected = corrected_request(question)
        if (
            corrected is not None
            and named is not None
            and self.index.catalogue.find_in_text(corrected) is None
        ):
            corrected = f"{corrected} ({named.name})"
        question = corrected or question
        cues = self.cue_text(question, language)
        scores = self.index.fused(question, cues)
        words = set(fold(cues).split())
        listing = asks_for_list(cues)
        numbers = numbers_of(question) - (
            set().union(set(), *(digits_of(n) for n in named.names())) if named else set()
        )
        # cues are read without the names ("Green Action Plan for SMEs" asks nothing of SMEs)
        unnamed = self._without_names(f" {fold(cues)} ", named)
        aspects = card_aspects(unnamed)
        asked = subjects_of(unnamed)
        if "wages" in asked:
            # "do workers earn more in clusters?", "are jobs there better paid?": who is paid
            # says whose pay is asked, not a count of staff or jobs (session 21)
            asked -= {"staff", "jobs"}
        if aspects == ("what",) and target is None and asked & _FIGURE_SUBJECTS:
            # "what is the difference in wages between clusters and the rest?": no instrument
            # to define, a figure of the cards is asked (session 21)
            aspects = ()
        if "contact" in aspects and not asked & {"websites"}:
            # whom to turn to ("An wen wende ich mich ...?"): a body, the unit and its e-mail,
            # not where to read more online
            asked |= {"unit"}
        # a named instrument and no cue nor subject: most likely "what is it" ("a short
        # description of X"); "in what ways does X support SMEs" asks its goals
        default_what = not aspects and not asked and named is not None
        kind = wanted_kind(cues)
        native = self.lexicon.words_after(
            self._without_names(f" {fold(question)} ", named), language, ("how many", "number of")
        )
        measure = read_question(unnamed, native)
        if kind in (None, "count") and asks_money(unnamed, kind, native):
            kind = "money"  # "ile wynosił budżet" glosses "how many budget"
        # a figure to confirm where nothing else is asked, or only money through a scale word
        stated = (
            self.stated_unit(question, language)
            if (not aspects and kind is None)
            or (kind == "money" and set(aspects) <= {"budget"} and not names_money(cues))
            else None
        )
        if stated is not None and kind in (None, "money"):
            # a figure to confirm ("is it true that 5,000 SMEs took part?", "do over 50 million
            # people work in clusters?"): a count of what it counts, as "how many" asks
            kind = "count"
            measure = Measure(frozenset([stated]), "", measure.place)
            aspects = (*(a for a in aspects if a != "budget"), "results")
            numbers = set()  # the figure is a claim to check, often wrong: no card by its number
        per_unit = asks_per_unit(cues) or measure.scope in ("per_project", "voucher")
        total = self._total_card(target) if kind == "money" and not per_unit else None
        aspects = self._with_fallbacks(aspects, target)
        if kind == "share":
            # "what percentage of the money goes to SMEs": the share card, not the count of SMEs
            # reached ("smes" is a results cue); share values get the value boost below
            aspects = tuple(a for a in aspects if a != "results")
        named_rows = {
            row for row in range(len(self.index.items)) if self._names_card(row, folded, words)
        }
        # a card's own name and no instrument's ("the e-mail of the clusters unit of DG GROW"):
        # the named card's family is the question's, its other cards may hold what is asked
        families = (
            {self.index.items[row].card.instrument for row in named_rows}
            if named is None
            else set()
        )
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
            if numbers & self._numbers[row]:
                boost[row] += NUMBER_BOOST
            if listing and row in self._lists:
                boost[row] += LIST_BOOST
            if row in named_rows:
                # named, but without the kind of value asked ("the e-mail of DG GROW"): less
                lacks = kind is not None and kind not in self._kinds[row]
                boost[row] += INSTRUMENT_BOOST if lacks else NAME_BOOST
            elif (
                (target is not None and item.card.instrument == target)
                or item.card.instrument in families
                or any(
                    f" {n} " in folded
                    and (n not in self._capitals_only[row] or n.upper() in capitals)
                    for n in map(fold, item.names)
                    if n
                )
            ):
                boost[row] += INSTRUMENT_BOOST
            if (
                item.card.aspect in aspects
                or ("results" in aspects and row in self._counted)  # "23 new projects, €5.8M"
                # "when did the forum take place?": an event's date; an event the question
                # names by its card's name, else any event (the dense part tells which)
                or (
                    "period" in aspects
                    and card.aspect == "events"
                    and "date" in self._kinds[row]
                    and (not named_rows or row in named_rows)
                )
            ):
                boost[row] += ASPECT_BOOST
            boost[row] += measure_boost(measure, self._measures[row], kind == "money")
            boost[row] += subject_boost(asked, self._subjects[row])
        total = scores + boost
        order = np.argsort(-total, kind="stable")
        return [Ranked(self.index.items[i].card, float(total[i])) for i in order]

    def stated_unit(self, question: str, language: str | None = None) -> str | None:
        """The unit a figure to confirm counts ("is it true that 5,000 SMEs took part?" ->
        ``smes``; see :func:`knowledge.facts.measure.stated_unit`): the words after each number
        of the question, each with its lexicon gloss; None without one.

        Only a figure of the cards' size counts: at least :data:`STATED_MINIMUM` or with a scale
        word ("50 million people"), or any figure in a question that names an instrument ("did
        ESCP-4i really fund 30 projects?"). People and staff only with a scale word. So the
        numbers of an SME's own story ("we are 35 people", "a firm of 12 employees") and of an
        instrument's name ("INNOSUP-1 projects": the name is blanked first) state nothing; nor
        does a year.
        """
        named = self.index.catalogue.find_in_text(question)
        text = self._without_names(f" {fold(question[:500])} ", named)
        tokens = text.replace("ł", "l").split()
        for at, token in enumerate(tokens):
            if not token.isdigit() or _YEAR.fullmatch(token) or (at and tokens[at - 1].isdigit()):
                continue  # "3 043" (folded "3,043") is one number
            digits = token
            for following in tokens[at + 1 :]:
                if not (following.isdigit() and len(following) == 3):
                    break
                digits += following
            after = [t for t in tokens[at + 1 : at + 8] if not t.isdigit()][:4]
            window = [[w, *self.lexicon.gloss(w, language).split(), *_stems(w)] for w in after]
            unit = stated_unit([window])
            scaled = any("million" in w or "thousand" in w for w in window[:2])
            if unit is None or (unit in ("people", "staff") and not scaled):
                continue
            if scaled or int(digits) >= STATED_MINIMUM or named is not None:
                return unit
        return None

    def _names_card(self, row: int, folded: str, words: set[str]) -> bool:
        """Whether a question (folded, and its cue words) uses one of a card's own names."""
        item = self.index.items[row]
        return any(f" {n} " in folded for n in map(fold, item.card.names) if n) or any(
            name <= words for name in self._name_words[row]
        )

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
