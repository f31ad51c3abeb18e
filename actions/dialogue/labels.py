"""Label levels the gazetteer's phrases miss: compounds and declined forms.

The label gazetteer (``bot/gazetteers/labels.yml``) matches whole phrases ("gouden label",
"złotym znakiem", "Gold-Label"). Users also write a level as part of a compound or in another
case: "goud-gelabelde", "goudgelabelde", "goldzertifizierte", "Gold-zertifizierten",
"złotymi znakami", "ze złotą etykietą", "gouden keurmerken". :func:`label_in_text` reads such a
word (or a level word right next to a label word) as the label entity NLU would have given, so
that the partner search, its form and a refinement take it as the label filter.

A level word alone is never a label ("gold", "oro", "or" are also a material or a conjunction):
a label word (label, certified, seal, mark in the eight reply languages) must be in the same
word or next to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from knowledge.filters import normalise_label

#: The start of a level's name in the eight reply languages, folded ("złot" -> "zlot").
_LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gold", ("gold", "goud", "zlot", "oro", "ouro")),
    ("silver", ("silver", "silber", "zilver", "argent", "plata", "prata", "srebrn")),
    ("bronze", ("bronze", "bronzo", "bronce", "brons", "brazow")),
)
#: The start of a label word in the eight reply languages, folded: "gelabelde", "zertifiziert",
#: "certyfikatem", "znakiem", "etykietą", "keurmerk", "sello", "selo", "marchio", "siegel".
_LABEL_STEMS = (
    "label",
    "gelabel",
    "zertifi",
    "certifi",
    "gecertific",
    "certyfik",
    "znak",
    "etykiet",
    "etiquet",
    "etichett",
    "siegel",
    "keurmerk",
    "sello",
    "selo",
    "marchi",
    "rotulo",
)
#: Prefixes of a level word that are no level ("oro" in "orologio" is no gold): the level must
#: be a whole part of a compound or an inflected adjective of its own.
_LEVEL_ENDINGS = re.compile(
    r"^(?:|en|ene|enen|ener|enes|enem|e|a|y|ym|ymi|ych|ej|ą|a|o|os|as|ie|i|s)$", re.UNICODE
)
_WORD = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)
#: How many words apart a level word and its label word may be ("złotym certyfikatem",
#: "selo de ouro").
_NEAR = 2


def _fold(word: str) -> str:
    """Lower case without accents, hyphens kept ("Złotą" -> "zlota", "Goud-Gelabelde")."""
    word = word.lower().replace("ł", "l").replace("’", "'")
    word = word.split("'")[-1]  # an elided article: "d'argento", "l'or"
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _level_of(part: str) -> str | None:
    """The level a folded word (or compound part) names: a level stem plus an ending."""
    for level, stems in _LEVELS:
        for stem in stems:
            if part.startswith(stem) and _LEVEL_ENDINGS.match(part[len(stem) :]):
                return level
    return None


def _is_label_word(part: str) -> bool:
    return any(part.startswith(stem) for stem in _LABEL_STEMS)


def _compound_level(word: str) -> str | None:
    """The level of one word that also holds a label word ("goud-gelabelde", "goldzertifiziert")."""
    parts = [p for p in word.split("-") if p]
    if len(parts) > 1:
        levels = {_level_of(p) for p in parts} - {None}
        if len(levels) == 1 and any(_is_label_word(p) for p in parts):
            return levels.pop()
    for level, stems in _LEVELS:
        for stem in stems:
            if word.startswith(stem) and _is_label_word(word[len(stem) :]):
                return level  # written as one word: "goudgelabelde", "goldzertifizierte"
    return None


def label_in_text(text: str | None) -> dict[str, Any] | None:
    """The label entity a message names in a compound or declined form, else None.

    Args:
        text: The message.

    Returns:
        ``{"entity": "label", "value": "gold label", "start": ..., "end": ...}`` (the value as
        the gazetteer's, for :func:`knowledge.filters.normalise_label`), or None.
    """
    words = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text or "")]
    for i, (start, end, word) in enumerate(words):
        level = _compound_level(word)
        span = (start, end)
        if level is None and _level_of(word) is not None:
            near = words[max(0, i - _NEAR) : i] + words[i + 1 : i + 1 + _NEAR]
            for n_start, n_end, other in near:
                if _is_label_word(other):
                    level = _level_of(word)
                    span = (min(start, n_start), max(end, n_end))
                    break
        if level is not None:
            return {"entity": "label", "value": f"{level} label", "start": span[0], "end": span[1]}
    return None


def with_text_label(
    text: str | None, entities: Iterable[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """The entities with the label :func:`label_in_text` reads, when NLU found none or only a
    label without a level ("clusters labellisés" -> any label, while "argent" right after it
    names the level silver)."""
    found = [e for e in entities if isinstance(e, Mapping)]
    labels = [e for e in found if e.get("entity") == "label"]
    if any(normalise_label(str(e.get("value") or "")[:100]) != "any" for e in labels):
        return found  # NLU's label names a level (or words of a label): it stands
    label = label_in_text(text)
    if label is None:
        return found
    return [*(e for e in found if e.get("entity") != "label"), label]
