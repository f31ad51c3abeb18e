"""Negated places: "not in Germany", "outside France", "anywhere except Spain", "poza Polską".

A place a message names after a word of exclusion is a place to leave out, never the place to
search in. THE rule, for every caller (the partner request, the refinement of a search): a
place span is negated when

* a cue of :data:`CUES` (folded, one or two words: "not", "except", "other than", "nicht",
  "außer", "hors", "sauf", "excepto", "fuera de", "tranne", "poza", "oprócz", "behalve",
  "exceto", and the other EU languages' "except") stands at most :data:`MAX_BETWEEN` words
  before it, with only words of :data:`SKIPPABLE` between (prepositions, articles, "based",
  the nouns of what is searched: "no Italian clusters", "keine deutschen Cluster", "pas de
  clusters en France");
* or a word of :data:`AFTER_CUES` follows it ("Germany excluded", "Deutschland ausgenommen").

"No" is Portuguese "in the" too ("parceiros no Porto"), so the bare word negates only when it
does not stand right before a name (:data:`WEAK_CUES`: "no Italian clusters" is an adjective,
"no en España" has a preposition between). "Not only in Germany" restricts nothing ("only", "nur",
"seulement", "solo", "tylko", "alleen", "apenas" are no words that may stand between).
"""

from __future__ import annotations

import re

from taxonomy.text import fold

#: Words of exclusion before a place, folded (EN DE FR ES IT PL NL PT, then CS SK SL HR RO HU
#: SV DA FI ET LV LT EL BG MT; last, the plain "not" of the languages whose towns are read in
#: case forms or after a preposition: "ne Rīgā", "ne v Brně", "nem Debrecenben", "ei Oulussa",
#: "mitte Tartus", "όχι στην Αθήνα").
_CUES = """not outside except excepting excluding excl without non never
    nicht ausser ausserhalb ausgenommen ohne kein keine keinen keiner keinem keines
    pas hors sauf excepte exceptee exceptes sans
    excepto salvo menos fuera sin
    tranne eccetto fuori senza escluso esclusa esclusi escluse
    poza oprocz procz bez nie wylaczajac
    behalve buiten zonder niet geen uitgezonderd
    exceto fora sem nao
    mimo krome okrem razen osim izuzev cu+exceptia in+afara kiveve utom utanfor inte undtagen
    uden ikke paitsi ulkopuolella valja iznemot isskyrus εκτος освен barra
    ne nu nem ei mitte οχι не mhux
    other+than apart+from aside+from en+dehors a+l+exception a+excepcion con+excepcion
    a+parte ad+eccezione con+l+eccezione z+wyjatkiem met+uitzondering a+excecao com+excecao"""
CUES = frozenset(tuple(c.split("+")) for c in _CUES.split())
#: The plain "not" of each language: before a place it leaves the place out, before a sector it
#: is as often a contrast of two topics under one sector label ("not timber but forest biomass")
#: as an exclusion, so a sector is left out only after the other cues ("except", "without",
#: "außer", "sauf", "excepto", "tranne", "oprócz", "behalve", "exceto", "keine", "no tourism
#: clusters": :data:`TOPIC_CUES`).
_PLAIN_NOT = """not never nicht pas non nie niet nao ne nu nem ei mitte οχι не mhux inte ikke"""
TOPIC_CUES = CUES - {(w,) for w in _PLAIN_NOT.split()}
#: Cues that are other words too: they negate only with a word between them and the place.
WEAK_CUES = frozenset({"no"})
#: Words of exclusion after a place ("Germany excluded", "Deutschland ausgenommen").
_AFTER = """excluded exclu exclue exclus exclues ausgenommen ausgeschlossen excluido excluida
    excluidos excluidas escluso esclusa esclusi escluse wykluczone wylaczone uitgezonderd
    uitgesloten excluidos"""
AFTER_CUES = frozenset(_AFTER.split())
#: Words that may stand between a cue and its place: prepositions, articles, "based", and the
#: nouns of what is searched.
_SKIPPABLE = """in im into at from of the a an any based located situated
    aus von vom dem der den die das in+der
    en dans au aux a de du des d la le les l
    el los las del al
    nel nella nello nelle negli nell di da dal dall della dell il lo gli i all
    w we na z ze ze
    van uit het een op
    no na em do da dos das o os as um uma
    v ve u iz
    στην στη στο στον στις στα σε την τη το τον της του απο в във"""
SKIPPABLE = frozenset(_SKIPPABLE.replace("+", " ").split())
#: Starts of the nouns of what is searched ("clusters", "Partner", "entreprises", "aziende").
NOUN_STARTS = (
    "cluster", "klast", "partner", "parceir", "socio", "compan", "firm", "entrepr", "empres",
    "aziend", "impres", "bedrij", "unternehm", "organi", "network", "netzw", "reseau", "netwerk",
    "supplier", "fornitor", "fournisseur", "proveedor", "leverancier", "dostawc", "consorti",
    "initiativ", "iniciativ", "pole", "polo", "sme", "pme", "pmi", "pyme", "kmu", "mkb",
    "region", "countr", "pays", "pais", "paes", "land", "lander", "kraj", "panstw",
)  # fmt: skip
#: At most this many words between a cue and its place.
MAX_BETWEEN = 3

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PUNCTUATION = re.compile(r"[,;.!?:()]")


def _skippable(word: str) -> bool:
    return word in SKIPPABLE or word.startswith(NOUN_STARTS)


def negated(text: str, start: int, end: int, cues: frozenset[tuple[str, ...]] = CUES) -> bool:
    """Whether the place written at ``text[start:end]`` is named to be left out.

    Args:
        text: The message.
        start: Where the place's span starts.
        end: Where it ends.

    Returns:
        True for "not in Germany", "outside France", "anywhere except Spain", "no Italian
        clusters", "nicht in Deutschland", "hors de France", "excepto España", "poza Polską",
        "behalve Nederland", "Germany excluded"; False for "not only in Germany", for a cue
        before a comma ("non, en France": no, in France) and for a place without a cue.
    """
    return negation_span(text, start, end, cues) is not None


def negation_span(
    text: str, start: int, end: int, cues: frozenset[tuple[str, ...]] = CUES
) -> tuple[int, int] | None:
    """The span of the exclusion of the place at ``text[start:end]``, cue included ("except
    Spain", "nicht in Deutschland", "Deutschland ausgenommen"), or ``None`` (:func:`negated`)."""
    if not isinstance(text, str) or not 0 <= start < end <= len(text):
        return None
    matches = list(_WORD.finditer(text[:start]))
    before = [fold(m.group()) for m in matches]
    following = list(_WORD.finditer(text, end))
    after = [fold(m.group()) for m in following[:1]]
    if (
        after
        and after[0] in AFTER_CUES
        and not _PUNCTUATION.search(text[end : following[0].start()])
    ):
        return start, following[0].end()
    for gap in range(MAX_BETWEEN + 1):
        cut = len(before) - gap
        if cut < 1 or not all(_skippable(w) for w in before[cut:]):
            return None
        if _PUNCTUATION.search(text[matches[cut - 1].end() : start]):
            return None  # "no, in Spain": an answer, then the place
        for size in (3, 2, 1):
            if cut - size < 0:
                continue
            cue = tuple(before[cut - size : cut])
            if cue in cues:
                return matches[cut - size].start(), end
            # "no en España", "no Italian clusters"; not "parceiros no Porto" (Portuguese "in
            # the"), which a cue before it may still negate ("mas não no Alentejo": the next gap
            # looks further back)
            if (
                size == 1
                and cue[0] in WEAK_CUES
                and (gap > 0 or bool(after and after[0].startswith(NOUN_STARTS)))
            ):
                return matches[cut - 1].start(), end
    return None


#: Words that say "not" in a correction of what is asked ("not the budget, the projects";
#: "nicht das Budget, sondern ..."), folded, the 24 EU languages.
_NEGATORS = """not no nicht kein keine keinen pas non nie niet geen nao nu ne nem ei inte ikke
    nav οχι δεν не ni mhux"""
CORRECTION_NEGATORS = frozenset(_NEGATORS.split())
#: Words that turn from the negated part to the one meant ("but", "sondern", "sino", "tylko").
_TURNS = """but rather instead i+mean sondern eher mais plutot sino ma bensi piuttosto tylko
    lecz ale raczej maar wel mas sim nybrz ampak nego vec dar hanem vaan utan men vaid bet
    bet+gan αλλα а ами ach izda imma"""
CORRECTION_TURNS = frozenset(tuple(c.split("+")) for c in _TURNS.split())
#: "Not only" restricts nothing: no correction ("nicht nur ..., sondern auch ...").
_ONLY_WORDS = """only nur seulement solo solamente tylko alleen apenas jen iba samo doar csak
    vain bara kun"""
ONLY = frozenset(_ONLY_WORDS.split())
#: Most words of the negated part of a correction.
MAX_CORRECTED = 12


def corrected_request(text: str) -> str | None:
    """What a message asks once its correction is read: the part after "not X, (but) ...".

    "not the budget of INNOSUP-1, I mean how many projects it funded" asks the number of
    projects; "No quiero el presupuesto, sino cuándo terminó" asks when it ended; "Nie chodzi mi
    o budżet, tylko kto mógł się zgłosić" asks who could apply. A negation word, at most
    :data:`MAX_CORRECTED` words, then a turn word of :data:`CORRECTION_TURNS` (or a comma
    right after a negated start: "not the budget, the number of partnerships").

    Args:
        text: The message.

    Returns:
        The message without its negated part (what stands before the negation and what follows
        the turn), or None when it corrects nothing ("not only ... but also" included).
    """
    if not isinstance(text, str):
        return None
    words = list(_WORD.finditer(text[:500]))
    folded = [fold(m.group()) for m in words]
    for at, word in enumerate(folded):
        if word not in CORRECTION_NEGATORS:
            continue
        if at + 1 < len(folded) and folded[at + 1] in ONLY:
            return None
        for turn in range(at + 1, min(at + 1 + MAX_CORRECTED, len(folded))):
            for size in (2, 1):
                if tuple(folded[turn : turn + size]) in CORRECTION_TURNS:
                    rest = text[words[turn + size - 1].end() :] if turn + size <= len(words) else ""
                    asked = f"{text[: words[at].start()]} {rest}"
                    return " ".join(asked.split()) or None
            if (
                at <= 1
                and turn > at + 1
                and _PUNCTUATION.search(text[words[turn - 1].end() : words[turn].start()])
            ):
                # "not the budget, the number of partnerships": a comma after a negated start
                return " ".join(
                    f"{text[: words[at].start()]} {text[words[turn].start() :]}".split()
                )
        return None
    return None
