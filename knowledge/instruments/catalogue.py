"""The loaded catalogue and its lookups: by id, by name or alias (forgiving), in free text.

Lookups forgive case, accents, punctuation and small misspellings (:meth:`Catalogue.lookup`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.instruments.names import compact, fold_user_text
from knowledge.instruments.records import DEFAULT_CATALOGUE, ClusterFacts, Instrument
from knowledge.instruments.spoken import MIN_SOUND_CHARS, sound, spoken_windows
from taxonomy.languages import REPLY_LANGUAGES
from taxonomy.stopwords import function_words
from taxonomy.text import fold

#: Similarity (difflib ratio) from which a misspelt name is taken as meant.
LOOKUP_CUTOFF = 0.84
#: Similarity from which a name is offered as a suggestion.
SUGGEST_CUTOFF = 0.6


@dataclass
class Catalogue:
    """The loaded instruments with alias lookups.

    Attributes:
        instruments: Entries in file order.
        facts: The cluster facts.
        path: Where the catalogue was read from.
    """

    instruments: tuple[Instrument, ...]
    facts: ClusterFacts
    path: Path = DEFAULT_CATALOGUE
    _by_id: dict[str, Instrument] = field(init=False, repr=False)
    _by_key: dict[str, Instrument] = field(init=False, repr=False)
    _common: frozenset[str] = field(init=False, repr=False)
    _by_sound: dict[str, Instrument] = field(init=False, repr=False)
    _longest: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {i.id: i for i in self.instruments}
        self._by_key = {}
        for instrument in self.instruments:
            for name in instrument.names():
                key = fold(name)
                if key:
                    self._by_key.setdefault(key, instrument)
                    self._by_key.setdefault(compact(key), instrument)
        for instrument in self.instruments:
            # the name in the reply languages: matched, never shown; typed without "ł" too
            for name in instrument.translations:
                key = fold(name)
                for variant in {key, key.replace("ł", "l")}:
                    if variant:
                        self._by_key.setdefault(variant, instrument)
        # one-word names that are also a function word of a reply language ("EEN", Dutch "een")
        common = frozenset().union(*(function_words(code) for code in REPLY_LANGUAGES))
        self._common = frozenset(k for k in self._by_key if " " not in k and k in common)
        # one-word names as they sound ("kosme" is COSME), only long ones and only when no
        # two instruments sound alike
        sounds: dict[str, set[str]] = {}
        for key, instrument in self._by_key.items():
            if " " not in key and len(key) >= MIN_SOUND_CHARS and not key.isdigit():
                sounds.setdefault(sound(key), set()).add(instrument.id)
        self._by_sound = {
            spelling: self._by_id[next(iter(ids))]
            for spelling, ids in sounds.items()
            if len(ids) == 1
        }
        self._longest = max((len(k) for k in self._by_key), default=0)

    def __len__(self) -> int:
        return len(self.instruments)

    def __iter__(self):
        return iter(self.instruments)

    def get(self, instrument_id: str) -> Instrument | None:
        """Return the instrument with this id, or ``None``."""
        return self._by_id.get(instrument_id)

    def successor_of(self, instrument: Instrument) -> Instrument | None:
        """Return the instrument that continues ``instrument``, if the catalogue names one."""
        return self._by_id.get(instrument.successor) if instrument.successor else None

    def lookup(self, name: str | None) -> Instrument | None:
        """Find the instrument a name refers to.

        Exact on folded names and aliases first (case, accents, punctuation and spaces ignored),
        then fuzzy (difflib ratio >= :data:`LOOKUP_CUTOFF`) for misspellings.

        Args:
            name: An entity value or a short name typed by a user.

        Returns:
            The instrument, or ``None``.
        """
        if not isinstance(name, str):
            return None
        key = fold_user_text(name)
        if not key:
            return None
        found = self._by_key.get(key) or self._by_key.get(compact(key))
        if found is not None:
            return found
        for start, end, instrument in self.spoken_spans(key):
            if (start, end) == (0, len(key)):
                return instrument  # "inno sup one", "e s c p four i", "kosme"
        close = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=LOOKUP_CUTOFF)
        return self._by_key[close[0]] if close else None

    def suggest(self, name: str | None, n: int = 3) -> list[Instrument]:
        """Return up to ``n`` instruments whose names are close to ``name`` (best first).

        Args:
            name: What the user typed.
            n: Most suggestions returned.

        Returns:
            Distinct instruments; empty when nothing is similar.
        """
        if not isinstance(name, str):
            return []
        key = fold_user_text(name)
        if not key:
            return []
        keys = difflib.get_close_matches(key, list(self._by_key), n=n * 4, cutoff=SUGGEST_CUTOFF)
        seen: list[Instrument] = []
        for match in keys:
            instrument = self._by_key[match]
            if instrument not in seen:
                seen.append(instrument)
        return seen[:n]

    def find_in_text(self, text: str | None) -> Instrument | None:
        """Find an instrument named anywhere in free text (longest name wins).

        Args:
            text: A user message such as ``"what is ESCP-4i?"``.

        Returns:
            The instrument whose name or alias occurs as whole words, else ``None``. A
            one-word name that is also a function word of a reply language counts only in
            capitals ("EEN", never the Dutch article "een").
        """
        if not isinstance(text, str):
            return None
        folded = f" {fold_user_text(text)} "
        capitals = set(re.findall(r"[\w-]+", text))
        best: tuple[int, Instrument] | None = None
        for key, instrument in self._by_key.items():
            if " " not in key and len(key) < 3:
                continue
            if key in self._common and key.upper() not in capitals:
                continue  # "kan een universiteit meedoen?" names no EEN; "the EEN" does
            if f" {key} " in folded and (best is None or len(key) > best[0]):
                best = (len(key), instrument)
        for start, end, instrument in self.spoken_spans(text):
            if best is None or end - start > best[0]:
                best = (end - start, instrument)  # dictated: "inno sup one", "e s c p four i"
        return best[1] if best else None

    def find_all_in_text(self, text: str | None) -> list[Instrument]:
        """Every instrument named in free text, in the order they are named.

        Names are matched as in :meth:`find_in_text`; where names overlap the longest wins
        ("ESCP-4i" is not also the ESCP's acronym "ESCP"), and an instrument named twice counts
        once.

        Args:
            text: A user message such as ``"ESCP-4i or ESCP-4x: what is the difference?"``.

        Returns:
            The instruments, first named first (empty when none is named).
        """
        found: list[Instrument] = []
        for _, _, instrument in self.name_spans(text):
            if instrument not in found:
                found.append(instrument)
        return found

    def name_spans(self, text: str | None) -> list[tuple[int, int, Instrument]]:
        """Where instruments are named in ``fold_user_text(text)``: ``(start, end, instrument)``
        in text order, without overlaps (the longest name wins)."""
        if not isinstance(text, str):
            return []
        folded = f" {fold_user_text(text)} "
        capitals = set(re.findall(r"[\w-]+", text))
        spans: list[tuple[int, int, Instrument]] = []
        for key, instrument in self._by_key.items():
            if (" " not in key and len(key) < 3) or (
                key in self._common and key.upper() not in capitals
            ):
                continue
            start = folded.find(f" {key} ")
            while start >= 0:
                spans.append((start, start + len(key), instrument))
                start = folded.find(f" {key} ", start + 1)
        spans.extend(self.spoken_spans(text))
        taken: list[tuple[int, int, Instrument]] = []
        for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if all(span[1] <= t[0] or span[0] >= t[1] for t in taken):
                taken.append(span)
        return sorted(taken, key=lambda s: s[0])

    def spoken_spans(self, text: str | None) -> list[tuple[int, int, Instrument]]:
        """Where a dictated message names instruments as speech-to-text writes them, in
        ``fold_user_text(text)``: ``(start, end, instrument)`` in text order (may overlap).

        Two to seven words joined without spaces, digit words as digits, that are a name written
        without spaces (:func:`~knowledge.instruments.spoken.spoken_windows`): "inno sup one"
        (INNOSUP-1), "e s c p quatre i" (ESCP-4i), "e e n" (spelt, so not the Dutch article),
        "s three platform". A run that only splits a name without spelling it ("inno sup")
        counts from five letters. One word that sounds like a one-word name of five letters or
        more ("kosme": COSME, :func:`~knowledge.instruments.spoken.sound`). A name written as it
        is belongs to :meth:`name_spans`; unknown words stay unknown.

        Args:
            text: A user message.

        Returns:
            The spans found (empty for a message without dictated names).
        """
        if not isinstance(text, str):
            return []
        folded = fold_user_text(text)
        spans: list[tuple[int, int, Instrument]] = []
        for start, end, joined, spelt in spoken_windows(folded, self._longest):
            found = self._by_key.get(joined)
            if folded[start:end] in self._by_key:
                continue  # written as it is ("escp 4i"): name_spans' and find_in_text's
            if found is not None and (spelt or len(joined) >= MIN_SOUND_CHARS):
                spans.append((start, end, found))
        for match in re.finditer(rf"[^\W\d_]{{{MIN_SOUND_CHARS},}}", folded):
            word = match.group()
            if word in self._by_key:
                continue  # written as it is: name_spans' and find_in_text's
            found = self._by_sound.get(sound(word))
            if found is not None:
                spans.append((match.start(), match.end(), found))
        return sorted(spans, key=lambda s: s[0])

    def written(self, text: str) -> str:
        """The text with each dictated name (:meth:`spoken_spans`) replaced by the instrument's
        name: "what was the budget of inno sup one" -> "what was the budget of INNOSUP-1"; the
        text itself when it has none.

        Args:
            text: A user message.

        Returns:
            The text, its other words as they were.
        """
        if not isinstance(text, str):
            return text
        spans = self.spoken_spans(text)
        if not spans:
            return text
        folded = fold_user_text(text)
        # the folded text's words are the text's words folded (one each), in order
        starts = [m.start() for m in re.finditer(r"\S+", folded)]
        tokens = [m for m in re.finditer(r"[^\W_]+", text) if fold(m.group())]
        if len(tokens) != len(starts):
            return text  # "&" folds to "and": no word of the text to replace
        taken: list[tuple[int, int, Instrument]] = []
        for span in sorted(spans, key=lambda s: s[0] - s[1]):
            if all(span[1] <= t[0] or span[0] >= t[1] for t in taken):
                taken.append(span)
        for start, end, instrument in sorted(taken, key=lambda s: s[0], reverse=True):
            first = starts.index(start)
            last = max(i for i, s in enumerate(starts) if s < end)
            text = f"{text[: tokens[first].start()]}{instrument.name}{text[tokens[last].end() :]}"
        return text


def names_of(instruments: Iterable[Instrument]) -> list[str]:
    """Return the canonical names of instruments (for "did you mean" lists)."""
    return [i.name for i in instruments]
