"""THE ordinal table: the words that point at a position in a result list.

"the second one", "2nd", "number 2", "the last one". The spaCy gazetteer builds its ``ordinal``
patterns and Rasa synonyms from this table (``bot/nlu/gazetteer.py``), and the action side's
parser reads ordinal entities and free text with it (``actions/dialogue/parsing.py``). Positions are
1-based; "last" is :data:`LAST`.
"""

from __future__ import annotations

#: ``(word, short form, position)`` for the first ten positions.
ORDINALS: tuple[tuple[str, str, int], ...] = (
    ("first", "1st", 1),
    ("second", "2nd", 2),
    ("third", "3rd", 3),
    ("fourth", "4th", 4),
    ("fifth", "5th", 5),
    ("sixth", "6th", 6),
    ("seventh", "7th", 7),
    ("eighth", "8th", 8),
    ("ninth", "9th", 9),
    ("tenth", "10th", 10),
)
#: The word for the last position, and the position it stands for.
LAST_WORD = "last"
LAST = -1
#: Every ordinal word and its position, ``{"first": 1, ..., "tenth": 10, "last": -1}``.
ORDINAL_WORDS: dict[str, int] = {word: n for word, _, n in ORDINALS} | {LAST_WORD: LAST}
#: Highest position a user may point at ("number 100"); larger numbers are not ordinals.
MAX_ORDINAL = 100
