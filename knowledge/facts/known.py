"""Which names a fact question uses that nothing known covers: THE check behind "I don't know".

:class:`KnownNames` holds every name and word the cards and the catalogue know and tells, for a
question, the first programme-like name that none of them covers (English checks in
:mod:`knowledge.facts.question` and :mod:`knowledge.facts.unknown`; another language of the
lexicon through :class:`~knowledge.facts.foreign.ForeignNames`). The answerer then says "not
known" whatever the scores, so an unknown programme never gets another programme's figures.
"""

from __future__ import annotations

import re

from knowledge.facts.foreign import ForeignNames
from knowledge.facts.index import FactIndex
from knowledge.facts.lexicon import Lexicon
from knowledge.facts.question import (
    PROGRAMME_NOUNS,
    digits_of,
    ends_in_programme_word,
    programme_names,
)
from knowledge.facts.unknown import GENERIC as _GENERIC
from knowledge.facts.unknown import (
    place_free,
    portal_programme_in,
    single_word_candidates,
    subject_word,
    within_edits,
)
from knowledge.partners.keyword import stem
from taxonomy.text import fold

#: A dictated name: an article, three or four lower-case words, the last a programme word.
_DICTATED_NAME = re.compile(
    rf"\b(?:the|a|an)\s+((?:[a-z0-9][\w-]*\s+){{2,3}}(?:{PROGRAMME_NOUNS}))\b"
)
#: Words that end a name rather than sit inside one ("cluster labelling a grant").
_LEADING_INSIDE = frozenset(["a", "an", "is", "are", "was", "were", "any", "some", "this", "that"])


class KnownNames:
    """The names and words of the cards and the catalogue, and the unknown-name check."""

    def __init__(self, index: FactIndex, lexicon: Lexicon):
        """Collect the known names and words.

        Args:
            index: The fact index (its cards, catalogue and encoder).
            lexicon: The per-language cues.
        """
        self.index = index
        self.lexicon = lexicon
        self.card_names = [fold(n) for item in index.items for n in item.names]
        self._corpus = " ".join(
            fold(f"{item.subject} {item.card.statement} {item.card.value}") for item in index.items
        )
        words = set(self._corpus.split()) | {w for name in self.card_names for w in name.split()}
        for instrument in index.catalogue:
            for name in instrument.names():
                words.update(fold(name).split())
        self._vocabulary = words | {stem(w) for w in words}
        self._stem_corpus = f" {' '.join(stem(w) for w in self._corpus.split())} "
        known_names = list(self.card_names)
        for instrument in index.catalogue:
            known_names.extend(fold(n) for n in instrument.names())
        self._name_stems = [{stem(w) for w in n.split()} for n in known_names if n]
        every_name = [n for item in index.items for n in (item.subject, *item.names)]
        self.foreign = ForeignNames(lexicon, index.catalogue, index.embedder, every_name)
        #: Function words of every other reply language: in a question whose language is
        #: undecided ("Czym jest program COSME?") they are not part of a programme's name.
        self._foreign_function = frozenset().union(
            *(entry.function for entry in lexicon.languages.values())
        )

    def _known_by_names(self, name: str, names: list[str]) -> bool:
        """True when ``name`` contains a known name and its other words are known words."""
        words = set(fold(name).split()) - _GENERIC
        for known in names:
            if known and f" {known} " in f" {fold(name)} ":
                # an article of another language before it names nothing ("La Low Carbon
                # Business Action collabora ...?" in a message whose language is undecided)
                extra = words - set(known.split()) - self._foreign_function
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
        if self._dictated_known(folded):
            return True
        numbers = digits_of(name)
        found = catalogue.lookup(name) or catalogue.find_in_text(name)
        if found is not None:
            known_names = [fold(n) for n in found.names()]
            known_digits = set().union(*(digits_of(n) for n in known_names))
            if numbers <= known_digits and (
                catalogue.lookup(name) is found or self._known_by_names(name, known_names)
            ):
                return True
        return self._known_by_names(name, self.card_names)

    def _dictated_known(self, folded: str) -> bool:
        """True for a folded name that names an instrument as dictated ("inno sup one
        programme", "kosme") and whose other words are known words."""
        spans = self.index.catalogue.spoken_spans(folded)
        if not spans:
            return False
        rest = folded
        for start, end, _ in sorted(spans, key=lambda s: s[0] - s[1]):
            rest = rest[:start] + " " * (end - start) + rest[end:]
        return all(w in _GENERIC or stem(w) in self._vocabulary for w in rest.split())

    def _dictated_names(self, question: str) -> list[str]:
        """Names a dictated English question (no capital letter anywhere) introduces with an
        article before a programme word, up to four words long ("the inno grow seven
        programme"): speech-to-text writes names in lower case, the check of :meth:`_lower_unknown`
        decides."""
        if not question.islower():
            return []
        return [m.group(1) for m in _DICTATED_NAME.finditer(question[:500])]

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
        for written in programme_names(question):
            # "an SME in Croatia", "a Polish cluster": who asks, named by a place, no programme
            name = place_free(written)
            if not name or self.is_known(name):
                continue
            if language is None and self._only_foreign_filler(name):
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
        for name in self._dictated_names(question):
            if not self.is_known(name) and self._lower_unknown(name, question):
                return name
        return self.portal_programme(question) or self._unknown_subject(question)

    def _only_foreign_filler(self, name: str) -> bool:
        """True for a lower-case name of function words of another language and programme words
        ("jest program"): in a question too short to tell its language it names nothing."""
        if any(w[:1].isupper() or w[:1].isdigit() for w in name.split()):
            return False
        words = fold(name).split()
        rest = [w for w in words if w not in self._foreign_function]
        return len(rest) < len(words) and all(
            w in _GENERIC or ends_in_programme_word(w) for w in rest
        )

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
            f" {n} " in folded for n in self.card_names if n
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
