"""What a message asks of the fact cards, whatever intent NLU gave it (used by the fact routing).

:func:`asks_for_figure` (a number, an amount, a date), :func:`asks_named_fact` (a figure or date of
something the cards name), :func:`asks_policy_fact` (cluster policy itself, a body or event of the
cards, an instrument the FAQ does not answer), :func:`asks_statistic` (how many / what share /
which regions of clusters, jobs, SMEs, countries: a figure of the cards, even when the question
names a sector, a place or a label) and :func:`asks_about_several` (two or more instruments: a
comparison) and :func:`asks_telegraphic` (an aspect and an instrument's name, no question);
:func:`asks_sme_definition` (how big an SME may be: the FAQ's, never a card). :mod:`actions.funding.routing` decides with them.
"""

from __future__ import annotations

import re

from actions.funding.off_topic import names_card, names_instrument
from knowledge.facts import FactAnswerer
from knowledge.facts.asking import TELEGRAPHIC_WORDS, is_question, unnamed_words
from knowledge.facts.compare import compared_instruments
from knowledge.facts.foreign import names_cluster
from knowledge.facts.measure import UNITS, read_question
from knowledge.facts.question import card_aspects, names_money, wanted_kind
from taxonomy.text import fold


def asks_an_aspect(text: str, answerer: FactAnswerer, language: str | None) -> bool:
    """Whether a question asks for an aspect of a programme besides "what is it"."""
    cues = f" {fold(answerer.cue_text(text, language))} "
    aspects = [a for a in card_aspects(cues) if a != "what"]
    return bool(aspects) or wanted_kind(cues) is not None


def asks_for_figure(text: str, answerer: FactAnswerer, language: str | None) -> bool:
    """Whether a message asks for a number, an amount, a share, a date or an e-mail address, or
    states a count to confirm ("is it true that 5,000 SMEs took part?")."""
    cues = f" {fold(answerer.cue_text(text, language))} "
    kind = wanted_kind(cues)
    if kind == "money":
        # "can Euroclusters money reach small firms?", "how do I apply for a grant?": money
        # named, no amount asked (the FAQ's cascade funding, how to apply)
        return bool(_AMOUNT_ASKED.search(cues))
    if kind is not None:
        return True
    return (
        is_question(text, language, answerer.lexicon)
        and answerer.stated_unit(text, language) in _STATED_COUNTS
    )


#: An amount asked for, in English words (a question's own or its lexicon gloss).
_AMOUNT_ASKED = re.compile(
    r" (how much|how big|how large|how high|budget|budgets|amount|amounts|total|worth|million|"
    r"millions|euros?|eur|size|figure|figures|allocation|envelope|ceiling|maximum|cap) "
)


#: Units of a figure to confirm that the cards count (not calls: "are there 3 calls open?").
_STATED_COUNTS = frozenset(UNITS) - {"calls", "events"}


#: What counts as something, in English words (a question's own or its lexicon gloss): "from when
#: is a company considered an SME?" asks a definition, whatever date or figure word it uses.
_DEFINITION = re.compile(
    r" (considered|regarded as|counts? as|qualif(?:y|ies) as|defined|definition|definitions) "
)


def asks_definition(text: str, answerer: FactAnswerer, language: str | None) -> bool:
    """Whether a message asks what counts as something ("Ab wann gilt ein Unternehmen als KMU?",
    "when does a firm count as an SME?"): the FAQ's definitions answer it, not a card's date."""
    return bool(_DEFINITION.search(f" {fold(answerer.cue_text(text, language))} "))


#: Words of a question about an event (a place asked of an event, not of a cluster).
_EVENT_WORDS = frozenset(
    ["event", "events", "session", "meeting", "matchmaking", "conference", "forum", "held", "took"]
)
#: A message that asks for calls is a calls search, whatever it names.
_CALL_WORDS = frozenset(["call", "calls"])


def asks_named_fact(answerer: FactAnswerer, text: str, language: str | None) -> bool:
    """Whether a message is a fact question about something the cards name, whatever NLU says.

    Written as a question (:func:`knowledge.facts.asking.is_question`), asking for a figure or a
    date (:func:`wanted_kind`) or for the place of an event, naming an instrument of the
    catalogue or an event or body of the cards (:class:`knowledge.facts.asking.SubjectNames`),
    and not asking for calls. Such a message is answered from the cards before a search NLU was
    sure of ("where was the EU-Ukraine matchmaking held?" is no partner search).

    Args:
        answerer: The fact answerer (its lexicon, catalogue and names).
        text: The message.
        language: Its language.

    Returns:
        True when the cards should answer it.
    """
    cues = answerer.cue_text(text, language)
    words = set(fold(cues).split())
    if words & _CALL_WORDS or not is_question(text, language, answerer.lexicon):
        return False
    kind = wanted_kind(f" {fold(cues)} ")
    where = read_question(cues).place and bool(words & _EVENT_WORDS)
    if kind is None and not where:
        return False
    return names_instrument(answerer, text) or answerer.subjects.named_in(cues)


def asks_telegraphic(answerer: FactAnswerer, text: str, language: str | None) -> bool:
    """Whether a message is a telegraphic request for an aspect of a named instrument
    ("Presupuesto Euroclusters.", "Eligibility ESCP-4i pls", "Wyniki INNOSUP-1"): it names a
    catalogue instrument, has at most :data:`~knowledge.facts.asking.TELEGRAPHIC_WORDS` other
    words, one of them an aspect's cue (read through the lexicon) other than "what is", and asks
    for no calls. Not a question, so :func:`asks_named_fact` leaves it; the card of the aspect
    answers it whatever NLU picked (a search, "did you mean ...?").

    Args:
        answerer: The fact answerer (its lexicon, catalogue and names).
        text: The message.
        language: Its language.

    Returns:
        True when the cards should answer it.
    """
    if not names_instrument(answerer, text):
        return False
    words = [w for w in unnamed_words(text, answerer.subjects) if not w.isdigit()]
    if not words or len(words) > TELEGRAPHIC_WORDS:
        return False
    cues = f" {fold(answerer.cue_text(text, language))} "
    if set(cues.split()) & _CALL_WORDS:
        return False
    aspects = {a for a in card_aspects(cues) if a != "what"}
    if aspects == {"budget"}:
        # "Budget Euroclusters", "Presupuesto ...": money itself; "funding from X for SMEs" is
        # a calls search
        return names_money(cues)
    return bool(aspects)


#: What a statistic of the cards counts, in English words (a question's own or its lexicon gloss):
#: clusters and their jobs, firms, wages, countries and regions, labels and profiles.
_STATISTIC_SUBJECT = re.compile(
    r" (clusters?|jobs?|employment|employ|employs|smes?|firms|companies|enterprises|wages?|"
    r"salaries|staff|countries|regions|labelled|labeled|labels|profiled|profiles|organisations|"
    r"organizations|gazelles) "
)
#: A consortium or its partners ("Aus wie vielen Ländern müssen die Partner eines Konsortiums
#: kommen?"): how many a project needs is a rule of the calls (the FAQ), not a figure of the cards.
#: Whole words: the European Strategic Cluster Partnerships ("partnerstva") are counted by a card.
_CONSORTIUM = re.compile(
    r" (?:consor\w*|konsor\w*|konzor\w*|partner|partners|partnern|partenaires?|socios?|"
    r"parceiros?) "
)
#: Pay, in English words (a question's own or its lexicon gloss): "are wages higher in strong
#: clusters?" asks the wages card's comparison.
_PAY = re.compile(r" (wages?|salary|salaries|pay|paid|earn|earnings) ")
#: A comparison of a figure ("higher", "better paid"), in English words (own or glossed).
_COMPARED = re.compile(r" (higher|lower|better|worse|more than|less than) ")
#: "which regions ...", "in which countries ...": the places a figure covers, in the eight reply
#: languages (folded; the question word, then the place noun).
_WHICH_PLACES = re.compile(
    r"\b(?:which|what|welche\w*|quel\w*|que|qual\w*|cual\w*|quali|ktor\w*|jaki\w*|welke)"
    r" (?:regions?|countries|regionen|lander|laender|regiones|paises|regioni|paesi|regiony|regionach|"
    r"kraje|krajach|krajow|regio s|regios|landen|regioes)\b"
)


def asks_statistic(answerer: FactAnswerer, text: str, language: str | None) -> bool:
    """Whether a message asks for a statistic of the cards, whatever sector, place or label it
    names.

    "how many clusters are there in the automotive sector", "how many jobs do clusters give in
    Europe", "which regions have gold-labelled clusters", "welcher Anteil der KMU ...": written
    as a question (:func:`knowledge.facts.asking.is_question`), asking how many, what share or
    which regions / countries (or whether pay is higher or better), about clusters, jobs, SMEs, wages, countries, regions, labels or
    profiles (:data:`_STATISTIC_SUBJECT`, read in English words through the lexicon), and not
    for calls. Such a question is a fact question even when NLU read the sector, place or label
    as a search's filters: the cards' figures answer it (with their source), a search does not.

    Args:
        answerer: The fact answerer (its lexicon).
        text: The message.
        language: Its language.

    Returns:
        True when the cards should answer it.
    """
    cues = answerer.cue_text(text, language)
    folded = f" {fold(cues)} "
    if set(folded.split()) & _CALL_WORDS or _CONSORTIUM.search(folded):
        return False
    # "Zajímalo by mě, kolik zemí ...", "Graag wil ik weten hoeveel ...": a question word that
    # asks how many is a question wherever it stands (an indirect question, a preamble before it)
    if not is_question(text, language, answerer.lexicon) and " how many " not in folded:
        return False
    asked = wanted_kind(folded) in ("count", "share") or bool(_WHICH_PLACES.search(folded))
    # "are salaries higher in strong clusters?", "pagan mejor los clústeres?": the pay comparison
    asked = asked or bool(_PAY.search(folded) and _COMPARED.search(folded))
    # "is it true that 20 million people work in clusters?": a count to confirm
    asked = asked or answerer.stated_unit(text, language) in _STATED_COUNTS
    subject = _STATISTIC_SUBJECT.search(folded) or _POLICY_SUBJECT.search(fold(text))
    return asked and subject is not None


#: Catalogue instruments the FAQ answers itself, with the card aspects its answers cover (topics
#: ``eccp_what``, ``eccp_profile``, ``een_what``, ``een_contact``, ``euroclusters``,
#: ``cluster_label_what``/``_how``): a question the FAQ took that names one of them stays with the
#: FAQ unless it asks another aspect ("who can apply to Euroclusters?", "is the EEN still
#: running?": the cards).
FAQ_ASPECTS: dict[str, frozenset[str]] = {
    "eccp": frozenset({"what", "offers", "how_to_apply"}),
    "een": frozenset({"what", "offers", "contact"}),
    "euroclusters": frozenset({"what", "offers"}),
    "cluster-labelling": frozenset({"what", "offers", "how_to_apply"}),
}
FAQ_INSTRUMENTS = frozenset(FAQ_ASPECTS)
#: "Who runs it" words, in English (a question's own words or its lexicon gloss).
_IN_CHARGE = re.compile(
    r" (in charge|responsible|directorate|directorates|directorate general|dg|unit|e ?mail|"
    r"email address|looks after|oversees|takes care of|deals with|runs|run by|handles|manages) "
)
#: The verbs among them: a partner search in another language uses them too ("un cluster che
#: gestisce ...", "vi leder efter"), so a verb of the lexicon's gloss asks who runs cluster
#: policy only beside a word for policy or the Commission (:data:`_POLICY_OR_COMMISSION`), not
#: beside "cluster" alone (session 21; the English words keep their measured reading).
_IN_CHARGE_VERBS = frozenset(
    {*("looks after", "oversees", "takes care of", "deals with", "runs", "run by"), "handles"}
    | {"manages"}
)
_POLICY_OR_COMMISSION = re.compile(
    r"\b(polic|politi|polityk|beleid|polit|полит|πολιτικ|commiss|comis|kommis|komis|"
    r"bizottsag|επιτροπ|комиси|coimisi|kummissjon|grow)"
)


def _asks_who_runs(folded_cues: str, folded_text: str) -> bool:
    """Whether a question asks who runs EU cluster policy (see :func:`asks_policy_fact`)."""
    if not _IN_CHARGE.search(folded_cues) or not _POLICY_SUBJECT.search(folded_text):
        return False
    if _IN_CHARGE.search(f" {folded_text} "):
        return True  # its own words
    found = {m.group(1) for m in _IN_CHARGE.finditer(folded_cues)}
    return bool(found - _IN_CHARGE_VERBS) or bool(_POLICY_OR_COMMISSION.search(folded_text))


#: Stems of "cluster" and "Commission" in the 24 EU languages (folded): what a question about who
#: runs cluster policy is about ("Welche Abteilung der Kommission ...", "klastrů", "συστάδων").
_POLICY_SUBJECT = re.compile(
    r"\b(clust|klast|klust|klasz|klyng|grozd|braisl|συσταδ|κλαστερ|клъстер|commiss|comis|kommis|komis|"
    r"bizottsag|επιτροπ|комиси|coimisi|kummissjon|grow)"
)


def asks_policy_fact(
    answerer: FactAnswerer, text: str, language: str | None, faq: bool = False
) -> bool:
    """Whether a message is a question about cluster policy that only the cards answer.

    Written as a question (:func:`knowledge.facts.asking.is_question`), not asking for calls,
    and either asking who runs EU cluster policy (a Directorate-General, a unit, an e-mail, "in
    charge", "responsible" with a word for clusters or the Commission) or naming a body, event or
    action of the cards ("Low Carbon Business Action", "High-Level Expert Group") or a catalogue
    instrument (EREK, the Joint Cluster Initiatives) and asking something of it (an aspect cue or
    "what is"). For a message NLU took for a FAQ (``faq``), instruments the FAQ answers itself
    (:data:`FAQ_ASPECTS`) count only for an aspect the FAQ's answer does not cover.

    Args:
        answerer: The fact answerer (lexicon, cards' names, catalogue).
        text: The message.
        language: Its language.
        faq: Whether NLU picked the FAQ.

    Returns:
        True when the cards should answer it.
    """
    cues = answerer.cue_text(text, language)
    folded = f" {fold(cues)} "
    found = answerer.index.catalogue.find_in_text(text)
    # "I heard about Euroclusters, what is it about": a what-is cue after the name asks too
    asked = is_question(text, language, answerer.lexicon) or (
        found is not None and "what" in card_aspects(folded)
    )
    if set(folded.split()) & _CALL_WORDS or not asked:
        return False
    if (
        faq
        and found is not None
        and found.id in FAQ_INSTRUMENTS
        and not set(card_aspects(folded)) - FAQ_ASPECTS[found.id]
    ):
        return False  # what the FAQ's answer says: what it is, offers, how to get a label
    if _asks_who_runs(folded, fold(text)):
        return True
    if names_card(answerer, folded):
        return True  # an event, a body, an action of the cards: the question is about it
    if found is None or not names_instrument(answerer, text):
        return False
    # an instrument: asked something of it ("what support do the JCIs give?"), or only named
    # ("¿Qué significa EREK?", "Hvad er EREK?": a question of a few words besides the name)
    asks = bool(card_aspects(folded)) or wanted_kind(folded) is not None
    return asks or len(_without(fold(text), found.names())) <= SHORT_NAMED_QUESTION


#: A question with at most this many words besides an instrument's name asks what it is.
SHORT_NAMED_QUESTION = 3


def _without(folded: str, names: list[str]) -> list[str]:
    """The words of a folded text without the given names."""
    padded = f" {folded} "
    for name in sorted((fold(n) for n in names), key=len, reverse=True):
        if name:
            padded = padded.replace(f" {name} ", " ")
    return padded.split()


def asks_about_several(answerer: FactAnswerer, text: str, language: str | None) -> bool:
    """Whether a message is a question naming two or more instruments ("is COSME the same as the
    Single Market Programme?", "ESCP-4i or ESCP-4x?"): the cards of each answer it."""
    return bool(compared_instruments(answerer.index.catalogue, text)) and is_question(
        text, language, answerer.lexicon
    )


#: A firm's size in English words (a question's own or its lexicon gloss): what the SME
#: definition sets (staff headcount, turnover, balance sheet) or "counts as".
_SME_SIZE = re.compile(
    r" (staff|employees|employee|employ|workers|headcount|turnover|balance sheet|considered|"
    r"defined|definition|count as|counts as|qualify|qualifies) "
)
_SME_WORD = re.compile(r" (sme|smes) ")


def asks_sme_definition(answerer: FactAnswerer, text: str, language: str | None) -> bool:
    """Whether a message asks how big an SME may be or what counts as one ("How many employees
    can an SME have?", "Wie viele Mitarbeiter darf ein KMU haben?", "Kemm-il impjegat jista'
    jkollha SME?"): the FAQ's SME definition. No card states it; the cards count the staff of
    fast-growing firms IN CLUSTERS and the SMEs programmes reached, so a question with no word
    for cluster, no instrument and no card's name is never theirs, however it asks "how many".
    """
    cues = f" {fold(answerer.cue_text(text, language))} "
    if not (_SME_WORD.search(cues) and _SME_SIZE.search(cues)):
        return False
    if names_cluster(text) or names_card(answerer, cues):
        return False
    return answerer.index.catalogue.find_in_text(text) is None
