"""Filler words, THE owner of both kinds: spoken hesitations and the words that open a turn.

* :data:`FILLERS`: the words a dictated message starts with before it asks ("um so like what...").
* :data:`TURN_OPENERS`: acknowledgements and openers a chat turn starts with and that name nothing
  ("ok", "yes", "great", "dobra", "bueno", "na gut", "noch"), read by the steering of turns
  (:mod:`taxonomy.turns`) and the continuation of a request (:mod:`actions.dialogue.continuation`).
  They differ on purpose: "and", "hey" open a dictated question but carry a turn on; "yes",
  "great", "still" are no hesitation.

Speech-to-text keeps hesitations and discourse openers ("um", "so like", "ähm also", "euh alors",
"pues", "no więc", "allora ehm", "então hum"), which push a message's question word past its first
words. :func:`without_leading_fillers` drops them from the start of a folded message; the words
are folded (:func:`taxonomy.text.fold`: lower case, no accents). Only the START of a message is
read this way: inside a message these words mean what they say.
"""

from __future__ import annotations

import re

from taxonomy.text import fold

#: Hesitations and discourse openers of the 24 EU languages, as a message starts with them.
_FILLERS_BY_LANGUAGE = {
    "en": "um umm uh uhh er erm ehm hmm so like well okay ok right yeah hey oh and basically",
    "de": "ähm äh ahm hm also naja na ja okay ok und sag mal",
    "fr": "euh heu bah ben alors bon donc eh bref genre et dis",
    "es": "eh em este pues bueno vale oye a ver y",
    "it": "allora ehm eh cioè dunque beh mah ecco senti tipo insomma e",
    "pl": "no więc yyy eee hmm znaczy dobra to a",
    "nl": "eh uh ehm dus nou zeg even oké oke ja en",
    "pt": "então hum tipo bem pois né olha e",
    "cs": "no takže tak ehm hm teda",
    "sk": "no takže tak ehm hm teda",
    "ro": "deci ăăă păi ei",
    "hr": "ovaj pa dakle hm ma",
    "sl": "no torej pa hm eee",
    "hu": "hát szóval izé ööö",
    "fi": "siis no tota öö",
    "sv": "alltså ja så öh eh",
    "da": "altså ja så øh",
    "el": "λοιπόν εεε",
    "bg": "ами ъъъ значи абе",
    "lt": "tai nu ee",
    "lv": "nu tātad ee",
    "et": "noh niisiis ee",
    "ga": "bhuel um",
    "mt": "mela ehm",
}
#: Every filler, folded.
FILLERS: frozenset[str] = frozenset(
    fold(word) for words in _FILLERS_BY_LANGUAGE.values() for word in words.split()
)
#: A hesitation however long it is drawn out ("ehmm", "ääh", "mmm", "ъъъ").
_HESITATION = re.compile(r"^(?:e+h*m*|a+h+m*|u+h*m+|u+h+|h+m+|m+h*m*|o+h*|y+|ъ+|ε+)$")


def is_filler(word: str) -> bool:
    """Whether a folded word is a spoken filler (:data:`FILLERS` or a drawn-out hesitation)."""
    return word in FILLERS or bool(_HESITATION.match(word))


def without_leading_fillers(words: list[str]) -> list[str]:
    """The folded words of a message without the fillers it starts with.

    Args:
        words: A folded message split into words.

    Returns:
        The words from the first one that is not a filler ("um so like what is" -> "what is");
        all of them when every word is a filler (nothing else is there to read).
    """
    for at, word in enumerate(words):
        if not is_filler(word):
            return words[at:]
    return words


#: Words that open a turn and name nothing ("ok, ...", "so ...", "dobra, ...", "bueno, ..."),
#: folded, in the eight reply languages.
TURN_OPENERS: frozenset[str] = frozenset(
    fold(w)
    for w in (
        *("ok", "okay", "okey", "k", "so", "well", "alright", "right", "yeah", "yes", "yep"),
        *("um", "uh", "hm", "hmm", "er", "erm", "oh", "ah", "fine", "cool", "great", "anyway"),
        *("also", "na", "gut", "ja", "jo", "genau", "schön", "naja", "nun", "tja", "äh", "ähm"),
        *("bon", "bien", "alors", "donc", "bah", "ben", "euh", "oui", "ouais", "d'accord"),
        *("bueno", "vale", "pues", "vaya", "sí", "si", "eh", "este", "entonces", "bien"),
        *("allora", "va", "bene", "beh", "mah", "dunque", "ecco", "sì", "certo", "perfetto"),
        *("dobra", "dobrze", "no", "okej", "więc", "wiec", "to", "tak", "aha", "super"),
        *("oké", "oke", "goed", "nou", "dus", "ja", "prima", "zo", "tja", "even", "eh"),
        *("pronto", "bem", "então", "entao", "pois", "sim", "certo", "ótimo", "otimo"),
        # "still" / "yet" ("noch weitere?", "nog meer?", "jeszcze jakieś?")
        *("still", "noch", "encore", "aún", "todavía", "ancora", "jeszcze", "nog", "ainda"),
    )
)
