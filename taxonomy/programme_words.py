"""Programme words: THE words that make a name a programme's, a scheme's or a fund's.

Three readers need them and kept their own overlapping copies until session 21:

* the fact answerer finds programme-like names in a question (``knowledge/facts/question.py``,
  ``known.py``: "the EU Hydrogen Cluster Voucher Scheme 2027", "the innovation fund"): every
  English noun that may END such a name, :data:`PROGRAMME_NOUNS`;
* the honest "I don't know that programme" of the actions (``actions/funding/instruments.py``)
  and the distinctive words of a foreign name (``knowledge/facts/foreign.py``): the stricter
  funding words among them, :data:`FUNDING_SCHEME_WORDS` (a name with one is a programme's even
  without a programme word of its language) and :data:`NAME_PROGRAMME_WORDS`;
* the off-topic guard (``bot/nlu/off_topic.py``): the stem of "programme" in the languages'
  scripts, :data:`PROGRAMME_STEM`, which a television programme shares.

The programme words of the other reply languages ("Fundusz", "ohjelma", "Waddenfonds") are the
lexicon's (``knowledge/data/facts/lexicon.yml``, ``programme_words``), read with their endings.
Stdlib only: imported by both Python environments.
"""

from __future__ import annotations

import re

#: English nouns that end a programme-like name, in the order the name patterns try them.
PROGRAMME_NOUNS: tuple[str, ...] = (
    *("scheme", "schemes", "programme", "programmes", "program", "programs", "fund", "funds"),
    *("facility", "voucher", "vouchers", "initiative", "initiatives", "instrument", "grant"),
    *("grants", "prize", "award", "awards", "accelerator", "alliance", "partnership"),
    *("partnerships", "platform", "observatory", "network", "centre", "center", "mission"),
    *("action", "plan", "week", "forum", "conference"),
)
#: :data:`PROGRAMME_NOUNS` as a regular-expression alternation ("scheme|schemes|...").
PROGRAMME_NOUNS_PATTERN = "|".join(PROGRAMME_NOUNS)

#: The funding words among them (singular; the plural "s" is optional): a capitalised name with
#: one names a programme ("Hydrogen Cluster Voucher Scheme"); a "network", a "forum" or a "week"
#: may be anything's.
FUNDING_SCHEME_WORDS: tuple[str, ...] = (
    *("scheme", "programme", "program", "fund", "initiative", "voucher", "facility"),
    *("instrument", "plan", "award"),
)
#: A funding word of :data:`FUNDING_SCHEME_WORDS` in a text, any case.
FUNDING_SCHEME_WORD = re.compile(rf"\b({'|'.join(FUNDING_SCHEME_WORDS)})s?\b", re.IGNORECASE)

#: English words that make a name in another language a programme's (the catalogue's names are
#: English, so are many invented ones: "o Atlantic Cluster Growth Grant"); kept beside a
#: foreign name's distinctive words.
NAME_PROGRAMME_WORDS = frozenset(
    [
        *("programme", "programmes", "program", "programs", "scheme", "schemes", "fund"),
        *("funds", "facility", "voucher", "vouchers", "initiative", "initiatives"),
        *("instrument", "grant", "grants", "action", "plan", "platform", "partnership"),
        *("partnerships", "network"),
    ]
)

#: Folded stems of "programme" in the EU languages' scripts (Latin, Finnish, Greek, Cyrillic).
PROGRAMME_STEMS: tuple[str, ...] = ("programm", "program", "ohjelm", "προγραμμ", "програм")
#: A folded word that starts with a stem of :data:`PROGRAMME_STEMS` ("programma", "ohjelmaa").
PROGRAMME_STEM = re.compile(
    r"\b(?:" + "|".join(rf"{stem}\w*" for stem in PROGRAMME_STEMS) + ")", re.UNICODE
)
