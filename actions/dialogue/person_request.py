"""A request to talk to a person that NLU could not place (session 21, issue 13 HUMAN turns).

"kan ik dit liever met een adviseur van jullie bespreken?", "ich würde das gern mit jemandem
von Ihnen besprechen": NLU is sometimes unsure of such a request (``nlu_fallback``, or read as
out of scope), and "did you mean ...?" followed instead of the handoff's consent question
(twelfth held-out set: a Dutch request for a person). :func:`asks_for_person` reads the words: a
person to talk to (an adviser, a human, someone of the team) and a verb of talking with, both,
in the eight reply languages ("a contact person" of a programme is a fact question, no request
for one; "ho sentito che qualcuno ..." hears of something). ``action_follow_up`` then starts
the handoff (:mod:`actions.dialogue.follow_up`). Written from each language's everyday words for these
notions, not from any evaluation text.
"""

from __future__ import annotations

import re

from taxonomy.text import fold

#: Someone to talk to (folded word starts).
_PERSON = (
    r"advis[eo]r|human|real\s+person|someone|somebody|consultant|an\s+expert|"
    r"berater|mensch|jemand|mitarbeiter|experte|"
    r"conseill|humain|quelqu.un|un\s+expert|"
    r"asesor|humano|alguien|un\s+experto|"
    r"consulente|umano|qualcuno|un\s+esperto|"
    r"doradc|konsultant|czlowiek|kims|ekspert|"
    r"adviseur|mens\b|iemand|medewerker|"
    r"consultor|assessor|alguem|especialista"
)
#: Talking with someone, getting in touch or being put through (folded word starts). Not the
#: verbs that also mean hearing of or naming something ("ho sentito", "un bando chiamato",
#: "llamado", "ligar") nor "call" (a call for proposals), which a calls request writes.
_TALK = (
    r"speak|talk|chat\b|discuss|contact|connect|put\s+me\s+through|"
    r"sprechen|besprech|verbinden|kontakt|anruf|"
    r"parler|discuter|contacter|appeler|joindre|"
    r"hablar|conversar|contactar|"
    r"parlare|discutere|"
    r"porozmawia|rozmawia|kontakt|zadzwoni|polacz|"
    r"spreken|praten|bespreken|doorverbind|contact|bellen|"
    r"falar|conversar|discutir|contactar|contatar"
)
_PERSON_RE = re.compile(rf"(?<!\w)(?:{_PERSON})", re.UNICODE)
_TALK_RE = re.compile(rf"(?<!\w)(?:{_TALK})", re.UNICODE)
#: The most words of such a request (a longer message asks something else too).
MAX_WORDS = 16


def asks_for_person(text: str | None) -> bool:
    """Whether a message asks to talk to a person: a person and a verb of talking, both.

    Args:
        text: The message.

    Returns:
        True for "kan ik een adviseur spreken?", "je voudrais parler à un conseiller";
        False for "clusters with someone in Spain" (no talking) or a long message.
    """
    folded = fold(text or "")
    if not folded or len(folded.split()) > MAX_WORDS:
        return False
    return bool(_PERSON_RE.search(folded)) and bool(_TALK_RE.search(folded))
