"""What a message turns down: "not partners, calls", "I don't need clusters, ...", "anything but
funding", "Nechci partnery, chci výzvy", "partnerek helyett pályázatokat". THE reader of
negations and exclusions of what is ASKED FOR, in the 24 official EU languages.

(Negated places and sectors, "not in Germany", "no tourism clusters", are
:mod:`taxonomy.negation`'s: a filter to leave out. Corrections that open with a no-word in the
eight reply languages, "no, I meant calls", are :mod:`taxonomy.turns`'.)

A turned-down thing never decides what a message asks: the classifiers read "I don't want
partners, I want calls" as a partner search from the word "partners" (the twelfth held-out set:
Czech, Swedish and Irish "not partners, calls" got partners; FAQ questions opening with "we are
not looking for partners" got partners; out-of-scope questions that first turn clusters down got
partner results). :func:`spans` finds the turned-down pieces of a message; :func:`rest` is the
message without them; :func:`feature_words` tells which of the two searches a piece names. The
decisions that use them are :func:`turned_down_intent` (which intent a message keeps once what it
turns down is left out) and :func:`bot.nlu.off_topic.turned_down_off_topic`.

A piece starts at a cue of :data:`CUES` (a negation, "no need for", "without", "except",
"instead of", "rather than", the negated verbs of wanting, needing and looking for, written as
one word in Czech, Slovak, Latvian and Lithuanian) and runs to the first break (a comma, a
full stop, a colon, a dash, a word of contrast: "but", "sondern", "mais", "sino", "ale", "maar",
"hanem", "vaan", "utan", "ach": :data:`BREAKS`), at most :data:`MAX_WORDS` words, and stops after
the first feature word (a partner or call noun: "I don't need partners I need calls" turns only
partners down) unless a joiner follows it ("partners or funding"). A postposition of Hungarian,
Finnish and Estonian ("helyett", "nélkül", "sijaan", "asemel", "ilma"): the words BEFORE it.

Written from each language's grammar (dictionaries, phrase books), never from an evaluation text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from bot.nlu import intent_cues
from taxonomy.questions import is_question
from taxonomy.text import fold, unaccented
from taxonomy.turns import CALL_NOUN, PARTNER_NOUN

#: Cues that turn the words AFTER them down, per language (folded with
#: :func:`folded_keeping_punctuation`: lower case, no accents, apostrophes as spaces,
#: punctuation kept).
_CUES: dict[str, tuple[str, ...]] = {
    "en": (r"(?:do|does|did)\s+not", r"don\s+t", r"dont", r"doesn\s+t", r"not", r"no\s+need\s+(?:for|of)",
           r"no", r"never\s+mind", r"forget(?:\s+about)?", r"without", r"except(?:\s+for)?",
           r"anything\s+but", r"rather\s+than", r"instead\s+of", r"other\s+than", r"apart\s+from"),
    "de": (r"nicht", r"kein(?:e|en|er|em|es)?", r"ohne", r"ausser", r"statt", r"anstatt",
           r"anstelle\s+von", r"vergiss", r"vergessen\s+sie"),
    "fr": (r"pas", r"plus\s+de", r"sans", r"sauf", r"hormis", r"plutot\s+que", r"au\s+lieu\s+de?",
           r"oublie[sz]?", r"aucun(?:e|s)?", r"ni"),
    "es": (r"no", r"ni", r"sin", r"excepto", r"salvo", r"menos", r"en\s+(?:lugar|vez)\s+de",
           r"olvida(?:te)?\s+(?:de\s+)?", r"nada\s+de", r"ningun(?:o|a|os|as)?"),
    "it": (r"non", r"niente", r"nessun(?:o|a)?", r"senza", r"tranne", r"eccetto", r"invece\s+(?:di|dei|delle|degli)",
           r"anziche", r"piuttosto\s+che", r"lascia\s+perdere", r"ne"),
    "pl": (r"nie", r"bez", r"oprocz", r"procz", r"zamiast", r"poza", r"zadn\w*"),
    "nl": (r"niet", r"geen", r"zonder", r"behalve", r"in\s+plaats\s+van", r"liever\s+dan",
           r"vergeet"),
    "pt": (r"nao", r"nem", r"sem", r"exceto", r"excepto", r"em\s+(?:vez|lugar)\s+de",
           r"ao\s+inves\s+de", r"nenhum(?:a|as|os)?", r"esquec[ea]"),
    "cs": (r"ne", r"nechc\w*", r"nepotreb\w*", r"nehled\w*", r"nezajim\w*", r"bez", r"krome",
           r"misto", r"zadn\w*"),
    "sk": (r"nie", r"nechc\w*", r"nepotreb\w*", r"nehlad\w*", r"nezaujim\w*", r"bez", r"okrem",
           r"namiesto", r"ziadn\w*"),
    "sl": (r"ne", r"nocem\w*", r"nocemo", r"brez", r"razen", r"namesto", r"nobenih", r"nobene"),
    "hr": (r"ne", r"necu", r"necemo", r"nemoj\w*", r"bez", r"osim", r"umjesto", r"nikakv\w*"),
    "bg": (r"не", r"без", r"освен", r"вместо", r"никакв\w*"),
    "ro": (r"nu", r"fara", r"cu\s+exceptia", r"in\s+loc\s+de", r"nici"),
    "hu": (r"nem", r"ne", r"nincs\s+szukseg\w*", r"kiveve"),
    "el": (r"οχι", r"δεν", r"χωρις", r"εκτος\s+(?:απο)?", r"αντι\s+(?:για)?", r"καθολου"),
    "fi": (r"ei", r"en", r"emme", r"eivat", r"paitsi", r"ilman"),
    "sv": (r"inte", r"ej", r"inga", r"ingen", r"inget", r"forutom", r"i\s*stallet\s+for",
           r"hellre\s+an", r"glom"),
    "da": (r"ikke", r"ingen", r"intet", r"uden", r"undtagen", r"i\s+stedet\s+for", r"glem"),
    "et": (r"ei", r"mitte", r"ilma", r"valja\s+arvatud"),
    "lv": (r"ne", r"nevis", r"nevajag\w*", r"negrib\w*", r"nemekl\w*", r"bez", r"iznemot",
           r"nav\s+vajadzig\w*"),
    "lt": (r"ne", r"nereik\w*", r"nenor\w*", r"neiesk\w*", r"be", r"isskyrus", r"vietoj"),
    "ga": (r"ni", r"nil", r"gan", r"seachas", r"ach\s+amhain", r"in\s+ait"),
    "mt": (r"mhux", r"ma\s+(?:rridx|nridu|ghandix|ghandniex)", r"minflok", r"hlief", r"bla"),
}  # fmt: skip
#: Cues that only negate ("not", "kein", "pas", "nie", "inte"...): "are there no calls on
#: hydrogen?" and "wir haben noch keine Partner in Spanien" ask for what they negate. A piece
#: after one of them turns its thing down only beside a verb of wanting, needing or looking for
#: (:data:`_WANTING`) or when the rest asks for the other search; every other cue (without,
#: except, instead of, rather than, no need for, forget, the negated verbs) always does.
_PLAIN = frozenset(
    (
        *("not", "no", "dont", "don t", "do not", "does not", "did not", "doesn t", "nicht"),
        *("pas", "plus de", "ni", "nada de", "non", "niente", "ne", "nie", "niet", "geen"),
        *("nao", "nem", "nu", "nici", "не", "οχι", "δεν", "καθολου", "ei", "en", "emme", "eivat"),
        *("inte", "ej", "inga", "ingen", "inget", "ikke", "intet", "mitte", "nil", "mhux"),
        *("nobenih", "nobene"),
    )
)
#: Word starts of the plain "no ..." determiners ("keine", "aucun", "ningún", "nessun",
#: "żadnych", "nenhum", "nikakvih", "никакви").
_PLAIN_STARTS = ("kein", "aucun", "ningun", "nessun", "zadn", "ziadn", "nenhum", "nikakv", "никакв")
#: Verbs of wanting, needing, looking for and being interested, per language family (folded
#: word starts): "don't WANT partners", "brauche keine", "ne CHERCHONS pas", "no BUSCO".
_WANTING = re.compile(
    r"(?<![^\W_])(?:need|want|look|search|seek|interest|after\b|requir|care\b|brauch|benotig|"
    r"will\b|wollen|such|interess|besoin|veu[xt]|voulon|cherch|necesit|quier|quere|busc|"
    r"bisogn|serv[eoi]|vogli|cerc|potrzeb|chc|szuk|nodig|wil\b|willen|zoek|precis|procur|"
    r"potreb|hled|hlad|zajim|trazi|treba|trebam|iscem|isce|търс|нужд|иска|caut|vreau|vrem|"
    r"nevoie|keres|szukseg|akar|θελ|χρειαζ|ψαχν|tarvit|halua|etsi|behov|vill\b|soker|letar|"
    r"brug|vil\b|soger|leder|vaja|taha|otsi|vajag|grib|mekl|reik|nor|iesk|teastai|uaim|lorg|"
    r"bzonn|rrid|infittx|nfittx|kell|erdekel|kiinnost|kaipa|hoef|lust\b)",
    re.UNICODE,
)
#: Postpositions that turn the words BEFORE them down ("partnerek helyett", "kumppanien
#: sijaan", "partnerite asemel", "partnerek nélkül").
_AFTER_CUES = (r"helyett", r"nelkul", r"sijaan", r"asemesta", r"asemel", r"ilma")
#: Words that end a turned-down piece: what follows is asked ("not partners BUT calls").
_BREAKS_WORDS = """but sondern aber doch mais pero sino ma bensi piuttosto ale lecz tylko jen jedynie maar
    mas porem contudo ampak temvec nego vec ci dar ci hanem viszont αλλα vaan mutta utan men
    vaid kuid bet ach izda а но just only rather instead solo nur seulement uniquement alleen
apenas pouze len samo doar csak μονο vain bara kun ainult tikai tik also auch aussi anche
tambien tambem ook takze"""
BREAKS = frozenset(_BREAKS_WORDS.split())
#: Words that join two turned-down things ("partners or funding", "Partner oder Förderung").
_JOINERS_WORDS = """or and nor und oder noch et ou ni y o e i lub albo ani of en nebo ani alebo sau si vagy
    es eller och og tai eika ja ega vai un arba ir nej agus na jew u και ή или и"""
JOINERS = frozenset(_JOINERS_WORDS.split())
#: The most words a piece turns down after its cue.
MAX_WORDS = 5

_BREAK_CHARS = re.compile(r"[,.;:!?()\[\]\"“”«»—–]|\s-\s|\n")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def folded_keeping_punctuation(text: str) -> str:
    """Lower case without accents, apostrophes as spaces, punctuation kept (clause ends): THE
    folding of the readers of negations (this module, :mod:`bot.nlu.off_topic`'s disclaimers)."""
    return re.sub(r"[ \t]+", " ", re.sub(r"['’`´]", " ", unaccented(text)))


#: The languages whose postpositions (:data:`_AFTER_CUES`) turn the words before them down.
_AFTER_LANGUAGES = frozenset({"hu", "fi", "et"})


def _languages(language: str | None) -> tuple[str, ...]:
    """The languages whose cues a message is read with: its own only (a short cue of one
    language is another word in the next: Lithuanian "be" is English "be", Finnish "en" is
    Spanish "en", English "no" is Portuguese "in the"); English when the language is unknown."""
    if language in _CUES:
        return (str(language),)
    return ("en",)


@cache
def _cue_pattern(languages: tuple[str, ...] = ("en",)) -> re.Pattern[str]:
    cues = sorted({c for code in languages for c in _CUES[code]}, key=len, reverse=True)
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(cues)})(?![^\W_])", re.UNICODE)


@cache
def _after_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(_AFTER_CUES)})(?![^\W_])", re.UNICODE)


@cache
def _feature_patterns() -> dict[str, re.Pattern[str]]:
    """Per feature (``find_partners`` / ``find_calls``), one expression of its nouns in every
    language: the reply languages' (:data:`taxonomy.turns.PARTNER_NOUN`, ``CALL_NOUN``) and the
    sixteen others' cue stems (:mod:`bot.nlu.intent_cues`)."""
    out = {}
    for feature, reply in (
        (intent_cues.PARTNERS, PARTNER_NOUN),
        (intent_cues.CALLS, CALL_NOUN),
    ):
        stems = sorted(
            {fold(s.strip()) for stems in intent_cues.stems(feature).values() for s in stems},
            key=len,
            reverse=True,
        )
        others = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in stems if len(s) >= 4)
        out[feature] = re.compile(rf"{reply.pattern}|(?<![^\W_])(?:{others})", re.I | re.UNICODE)
    return out


#: The words for clusters (folded word starts, every language): a cluster named after partners
#: were turned down is the writer's own or the one asked about ("we are not looking for
#: partners: how can OUR CLUSTER get the label?"), no partner search by itself.
_CLUSTER_WORD = re.compile(
    r"(?<![^\W_])(?:cluster|cluster|klast|klaszt|klyng|kluster|grappe|braisl|pole\b|κλαστερ|клъст)",
    re.UNICODE,
)


def asks_partners_beyond_clusters(text: str | None) -> bool:
    """Whether a text names partners by a word other than a cluster word."""
    if not isinstance(text, str):
        return False
    return intent_cues.PARTNERS in feature_words(_CLUSTER_WORD.sub(" ", fold(text)))


def feature_words(text: str | None) -> frozenset[str]:
    """The searches (``find_partners``, ``find_calls``) a text names by their nouns, in any EU
    language ("partners", "Ausschreibungen", "výzvy", "utlysningar", "glaonna")."""
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    folded = fold(text)
    return frozenset(f for f, p in _feature_patterns().items() if p.search(folded))


#: Short words that may stand between a joiner and the next thing turned down ("or any
#: funding", "und keine Förderung", "ni de subventions").
_DETERMINERS_WORDS = """any other some no the a an keine kein andere die de des du la le les d ni nessun
    ningun nie zadnych geen andere nenhum"""
_DETERMINERS = frozenset(_DETERMINERS_WORDS.split())


def _is_determiner(word: str) -> bool:
    return word in _DETERMINERS


def _is_feature(word: str) -> bool:
    return bool(feature_words(word))


def spans(
    text: str | None,
    topic: Callable[[str], bool] | None = None,
    strong: bool = False,
    language: str | None = None,
) -> list[tuple[int, int]]:
    """The turned-down pieces of a message: (start, end) offsets in the message folded by
    :func:`folded_keeping_punctuation`.

    Args:
        text: The message.
        topic: Whether a word is a thing that can be turned down and ends the piece (default:
            a partner or call noun, :func:`feature_words`); a joiner after it continues.
        strong: Only the pieces that surely turn their thing down (not a plain negation
            without a verb of wanting: :data:`_PLAIN`).
        language: The message's language (ISO 639-1; :func:`_languages`).
    """
    if not isinstance(text, str) or not text.strip():
        return []
    is_topic = topic or _is_feature
    folded = folded_keeping_punctuation(text[:1000])
    found: list[tuple[int, int]] = []
    for cue in _cue_pattern(_languages(language)).finditer(folded):
        start = cue.start()
        end = cue.end()
        if found and start < found[-1][1]:
            continue
        tail = folded[end:]
        stop = _BREAK_CHARS.search(tail)
        window = tail[: stop.start()] if stop else tail
        words = list(_TOKEN.finditer(window))[:MAX_WORDS]
        last = None
        hit = False
        for i, word in enumerate(words):
            w = word.group(0)
            if w in BREAKS:
                break
            last = word
            if is_topic(w):
                hit = True
                follows = [x.group(0) for x in words[i + 1 : i + 4]]
                # "partners or funding": a joiner, then another thing turned down
                joined = len(follows) > 1 and follows[0] in JOINERS
                nxt = follows[1:2] if not joined or is_topic(follows[1]) else follows[1:3]
                if not (
                    joined
                    and (
                        is_topic(nxt[0])
                        or (len(nxt) == 2 and _is_determiner(nxt[0]) and is_topic(nxt[1]))
                    )
                ):
                    break
        if last is None or not hit:
            continue
        piece = folded[start : end + last.end()]
        said = " ".join(cue.group(0).split())
        plain = said in _PLAIN or said.startswith(_PLAIN_STARTS)
        # the verb may come first: "wir brauchen keine", "ik zoek geen", "jag behöver inga"
        before = " ".join(_TOKEN.findall(folded[max(0, start - 40) : start])[-2:])
        # or after: "ik heb geen partners nodig", "nem kellenek partnerek"
        after = " ".join(_TOKEN.findall(folded[end + last.end() : end + last.end() + 40])[:2])
        if strong and plain and not _WANTING.search(f"{before} {piece} {after}"):
            continue
        found.append((start, end + last.end()))
    for cue in _after_pattern().finditer(folded) if language in _AFTER_LANGUAGES else ():
        head = folded[: cue.start()]
        stop = list(_BREAK_CHARS.finditer(head))
        begin = stop[-1].end() if stop else 0
        words = list(_TOKEN.finditer(head[begin:]))[-2:]
        if not any(is_topic(w.group(0)) for w in words):
            continue
        found.append((begin + words[0].start(), cue.end()))
    return sorted(found)


def pieces(
    text: str | None,
    topic: Callable[[str], bool] | None = None,
    strong: bool = False,
    language: str | None = None,
) -> list[str]:
    """The turned-down pieces themselves (folded, punctuation kept)."""
    if not isinstance(text, str):
        return []
    folded = folded_keeping_punctuation(text[:1000])
    return [folded[a:b] for a, b in spans(text, topic, strong, language)]


def rest(
    text: str | None,
    topic: Callable[[str], bool] | None = None,
    strong: bool = False,
    language: str | None = None,
) -> str:
    """The message (folded, punctuation kept) without its turned-down pieces."""
    if not isinstance(text, str):
        return ""
    folded = folded_keeping_punctuation(text[:1000])
    out, at = [], 0
    for a, b in spans(text, topic, strong, language):
        out.append(folded[at:a])
        at = b
    out.append(folded[at:])
    return " ".join(" ".join(out).split())


#: The two searches a turned-down noun may name.
FEATURES = (intent_cues.PARTNERS, intent_cues.CALLS)


#: Fewest words of the rest's own question (a place in it is where, not a search's filter).
OWN_QUESTION_WORDS = 5
#: The intents a search gives way to when the rest of the message names no search: a question
#: (FAQ, a fact) or nothing of the domain. Never a filter answer or feedback: "not partners in
#: Germany, in Poland" still asks for partners.
FALLBACK_INTENTS = ("faq", "ask_instrument", "ask_cluster_facts", "out_of_scope")


def turned_down_intent(
    text: str | None,
    intent: str | None,
    ranking: list[str],
    language: str | None = None,
    entities: list[dict] | None = None,
) -> str | None:
    """The intent of a search message once what it turns down is left out, or None to keep the
    classifier's.

    Only a search (``find_partners`` / ``find_calls``) whose feature the message names ONLY in a
    turned-down piece changes: to the other search when the rest names it ("Nechci partnery, chci
    výzvy", "inte partner utan utlysningar"), else to the classifier's next intent that is no
    search the message turns down (a FAQ question after "we are not looking for partners").

    Args:
        text: The message.
        intent: The classifier's intent name.
        ranking: The classifier's ranking (intent names, best first).
        language: The message's detected language (ISO 639-1).
    """
    if intent not in FEATURES or not isinstance(text, str):
        return None
    down = set()
    for piece in pieces(text, language=language):
        down |= feature_words(piece)
    if intent not in down:
        return None
    left = rest(text, language=language)
    kept = feature_words(left)
    if intent == intent_cues.PARTNERS and not asks_partners_beyond_clusters(left):
        kept -= {intent}  # "... how does our cluster get the label?"
    if intent in kept:
        return None
    other = next(f for f in FEATURES if f != intent)
    if other in kept:
        return other
    # no other search asked: only a sure turn-down ("we are not LOOKING for partners: how do
    # we get the label?") lets the next intent decide; "are there no calls on X?" asks for calls
    surely = set()
    for piece in pieces(text, strong=True, language=language):
        surely |= feature_words(piece)
    if intent not in surely:
        return None
    # "nie szukamy partnerów w Niemczech, tylko w Polsce": a filter, still partners; a question
    # of its own that names a place ("..., kde je nejlepší kavárna v Brně?") may be off topic
    own_question = is_question(left) and len(_TOKEN.findall(left)) >= OWN_QUESTION_WORDS
    if _names_filter(text, left, entities) and not own_question:
        return None
    for name in ranking:
        if own_question and _names_filter(text, left, entities) and name != "out_of_scope":
            continue  # a place in the question: only off topic, never a FAQ answer
        # neither search: the rest names none ("no partners or calls, how do I ...?")
        if name in FALLBACK_INTENTS:
            return name
    return None


#: Entities that make the rest of a message a search's filter.
_FILTERS = frozenset({"country", "region", "sector", "technology", "label", "organisation_type"})


def _names_filter(text: str, left: str, entities: list[dict] | None) -> bool:
    """Whether an entity of a filter kind stands in ``left`` (the rest of ``text``)."""
    folded_left = f" {fold(left)} "
    for e in entities or []:
        if not isinstance(e, dict) or e.get("entity") not in _FILTERS:
            continue
        start, end = e.get("start"), e.get("end")
        inside = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        if inside and f" {fold(text[start:end])} " in folded_left:
            return True
    return False
