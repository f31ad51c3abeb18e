"""Programme names as a dictated message writes them: spelt letter by letter, digits said as words.

Speech-to-text writes what it hears: "INNOSUP-1" comes as "inno sup one", "ESCP-4i" as
"e s c p four i" (or "quatre", "cztery", "vier"...), "ECCP" as "e c c p", "COSME" as "kosme".
:func:`spoken_windows` lists the runs of words of a folded message joined without spaces and
with the digit words of the 24 EU languages as digits ("inno sup one" -> ``innosup1``), which the
catalogue compares with its names written without spaces (:func:`~knowledge.instruments.names.
compact`); :func:`sound` is a rough spelling of how a word sounds ("kosme" and "cosme" alike),
for names of five letters or more. The catalogue (:class:`~knowledge.instruments.catalogue.
Catalogue`) owns which names exist; this module owns how a dictated name is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from taxonomy.text import fold

#: Digits said as words in the names of the catalogue (0-4: "INNOSUP-01", "ESCP-4i", "ESCP-S3",
#: "S3 Platform"), in the 24 EU languages (folded: no accents). English "for" is heard for
#: "4" ("ESCP for i"). A word becomes a digit only inside a run that joins into a known name,
#: so "en" (Danish "one", French "in") changes nothing elsewhere.
DIGIT_WORDS: dict[str, str] = {
    fold(word): str(digit)
    for digit, words in {
        0: "zero null nul cero zéro nulla nolla noll nula nulle μηδέν нула náid",
        1: (
            "one eins ein eine un une uno una jeden jedna jedno een um uma unu egy yksi üks "
            "viens vienas ena en et ett jedan edno edin ένα едно един aon wieħed"
        ),
        2: (
            "two zwei deux dos due dwa dwie twee dois duas doi kettő két kaksi kaks divi du "
            "dva dve dvije två to δύο две dó tnejn"
        ),
        3: "three drei trois tres tre trzy drie três trei három kolme kolm trīs trys tri τρία три trí tlieta",
        4: (
            "four for vier quatre cuatro quattro cztery quatro patru négy neli neljä četri "
            "keturi štiri čtyři štyri četiri fire fyra τέσσερα четири ceathair erbgħa"
        ),
    }.items()
    for word in words.split()
}
#: Most words a dictated name is spread over ("e s c p s three" has six).
MAX_WINDOW = 7
#: Fewest letters of a name matched by how it sounds (shorter names sound like common words).
MIN_SOUND_CHARS = 5
_DOUBLE = re.compile(r"(.)\1+")


def sound(key: str) -> str:
    """A rough spelling of how a folded word sounds: ``k`` as ``c``, ``ph`` as ``f``, ``y`` as
    ``i``, ``w`` as ``v``, doubled letters once ("kosme" -> "cosme", "innosup" -> "inosup")."""
    key = key.replace("ph", "f").replace("k", "c").replace("y", "i").replace("w", "v")
    return _DOUBLE.sub(r"\1", key)


def spoken_windows(folded: str, longest: int) -> Iterator[tuple[int, int, str, bool]]:
    """Runs of two to :data:`MAX_WINDOW` words of a folded text, joined without spaces.

    Args:
        folded: A folded text (:func:`~taxonomy.text.fold`).
        longest: The longest joined string worth returning (the longest known name).

    Yields:
        ``(start, end, joined, spelt)``: the run's character span in ``folded``, its words joined
        with digit words as digits (:data:`DIGIT_WORDS`), and whether the run spells (has a
        one-letter word or a digit word: "e s c p", "inno sup one") rather than only splits a
        name ("inno sup").
    """
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", folded)]
    for first in range(len(words)):
        joined = ""
        spelt = False
        for last in range(first, min(first + MAX_WINDOW, len(words))):
            word = words[last][2]
            digit = DIGIT_WORDS.get(word)
            spelt = spelt or digit is not None or len(word) == 1
            joined += digit if digit is not None else word
            if len(joined) > longest:
                break
            if last > first:
                yield words[first][0], words[last][1], joined, spelt
