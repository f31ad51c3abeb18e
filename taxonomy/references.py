"""Words that point back at a result shown: by position ("the second one", "le deuxième",
"drugiego", "number 3") and "why this one?" in the 24 official EU languages.

The one owner of how free text is read for these turns. The ordinal words themselves are
:mod:`contracts.ordinals` (the gazetteer reads the English ones from there too); this module
adds when such a word points at a result and not at something else ("the first step", "secondo
me", "prima di tutto"), and the "why" words. Read by the steering layer
(:func:`bot.nlu.input_guard.steering_intent`: such a turn is ``select_result`` or
``explain_match`` whatever the classifier guessed) and by the actions that pick the result
(:func:`actions.dialogue.parsing.ordinal_in`).

A position word points at a result when the word after it is a result noun ("the third
cluster", "o primeiro resultado") or "one", when a determiner stands before it ("le deuxième",
"der zweite", "it-tieni") and no non-result noun follows ("the first step", "la prima volta"),
or when it ends the message ("drugi", "and the last?"). A misspelt position word (one edit, five
letters or more: "the secnod one", "the thrid cluster") counts only after a determiner and before
a result noun or at the end ("und weiter" is no misspelt "zweiter").
"""

from __future__ import annotations

import re
from functools import cache

from contracts.ordinals import LAST, ORDINAL_FORMS, ORDINAL_WORDS
from taxonomy.text import fold

#: Words before a position word that make it a pronoun for a shown result (folded).
DETERMINERS = frozenset(
    fold(w)
    for w in (
        *("the", "that", "this", "your", "ur"),
        *("der", "die", "das", "den", "dem", "des", "dieser", "diese", "diesen", "dieses"),
        *("le", "la", "l", "les", "ce", "cet", "cette", "du", "au"),
        *("el", "lo", "los", "las", "del", "al", "ese", "esa", "este", "esta"),
        *("il", "gli", "della", "dello", "alla", "quel", "quella", "quello", "questo", "questa"),
        *("sul", "sulla", "nel", "nella", "dal", "dalla", "pelo", "pela", "sull", "dell", "nell"),
        *("zum", "zur", "vom", "beim"),
        *("o", "a", "os", "as", "na", "ao", "esse", "essa"),
        *("de", "het", "dat", "deze"),
        *("ten", "ta", "to", "tego", "tej", "tym", "tę", "tą"),
        *("toho", "tom", "tu", "taj", "tega"),
        *("az", "cel", "cea", "acel", "acea"),
        *("το", "ο", "η", "τον", "την", "του"),
        *("se", "see", "tas", "tā", "det", "an", "it", "ir", "is", "ix"),
    )
)
#: Words after a position word that name the result (word beginnings, folded).
RESULT_NOUN_STEMS = tuple(
    fold(w)
    for w in (
        *("one", "ones", "result", "option", "call", "cluster", "partner", "organi", "entry"),
        *("item", "hit", "link", "listing", "suggestion", "proposal", "company"),
        *("ergebnis", "treffer", "aufruf", "ausschreibung", "eintrag", "vorschlag", "netzwerk"),
        *("résultat", "appel", "partenaire", "proposition", "lien", "réseau", "pôle"),
        *("resultado", "convocatoria", "socio", "opción", "opcion", "enlace", "clúster", "red"),
        *("risultat", "bando", "bandi", "opzion", "propost", "rete"),
        *("parceir", "concurso", "opção", "opcao", "rede", "edital"),
        *("resultaat", "oproep", "optie", "organisatie"),
        *("klast", "wynik", "nabór", "nabor", "konkurs", "opcj", "propozycj", "pozycj", "sieć"),
        *("výsled", "klastr", "výzv", "vysled", "výzv", "rezultat", "natječaj", "klaszter"),
        *("találat", "apel", "клъстер", "резултат", "σύμπλεγμα", "αποτέλεσμα", "πρόσκληση"),
        *("klusteri", "tulos", "haku", "tulemus", "klaster", "rezultāt", "klasteris", "rezultat"),
        *("träff", "resultat", "kluster", "udbud", "braisle", "toradh", "riżultat", "sejħa"),
        *("ceann",),
    )
)
#: Words after a position word that show it counts something else ("the first step", "la
#: prima volta", "the second half", "erste Schritte", "po raz pierwszy"), folded.
NOT_RESULT_AFTER = frozenset(
    fold(w)
    for w in (
        *("step", "steps", "time", "times", "thing", "things", "half", "quarter", "phase"),
        *("stage", "round", "year", "years", "week", "month", "day", "place", "prize", "of"),
        *("edition", "wave", "cutoff", "cut", "deadline", "question", "priority", "sight"),
        *("schritt", "schritte", "mal", "hälfte", "runde", "jahr", "stufe", "frage"),
        *("étape", "fois", "moitié", "tour", "année", "édition", "question", "lieu"),
        *("paso", "pasos", "vez", "mitad", "ronda", "año", "edición", "pregunta", "lugar"),
        *("passo", "passi", "volta", "metà", "anno", "edizione", "domanda", "luogo", "di", "che"),
        *("krok", "kroki", "raz", "połowa", "runda", "rok", "edycja", "pytanie", "etap"),
        *("stap", "stappen", "keer", "helft", "ronde", "jaar", "editie", "vraag", "plaats"),
        *("vez", "metade", "ano", "edição", "pergunta", "fase", "etapa"),
        *("two", "three", "four", "five", "ten", "few", "couple"),
    )
)
#: Words that may follow a position word at the end of a request ("the second please").
_TRAILING = frozenset(
    fold(w)
    for w in (
        *("please", "pls", "plz", "thanks", "thx", "bitte", "danke", "svp", "stp", "merci"),
        *("por", "favor", "favore", "per", "proszę", "prosze", "dzięki", "alsjeblieft", "aub"),
        *("graag", "obrigado", "obrigada", "gracias", "grazie", "here", "there", "again"),
        *("in", "on", "from", "list", "above", "there", "da", "oben", "là", "la", "ci", "ahí"),
        *("no", "ok", "okay", "then", "dann", "alors", "entonces", "allora", "então", "to"),
        *("nochmal", "mehr", "more", "plus", "más", "più", "mais", "więcej", "meer"),
        *("här", "där", "her", "der", "hier", "aqui", "qui", "ici", "ci", "tu", "tady", "s", "dus"),
    )
)

_NUMBER = re.compile(
    r"(?:\b(?:number|num|nr|no|n|numer|nummer|numero|número|numéro|nro|nº|č|čís|číslo|broj|szám)"
    r"\.?\s*°?|#)\s*(\d{1,2})\b"
    r"|\b(\d{1,2})(?:st|nd|rd|th|er|re|ère|eme|ème|e|º|ª|°)(?!\w)"
    r"|\b(?:der|die|das|den|dem|the|le|la|el|il|o|a|de|het|ten|ta|to)\s+(\d{1,2})\.(?!\d)",
    re.IGNORECASE,
)
#: Where a clause ends: what follows a position word after it is no noun of it.
_CLAUSE = re.compile(r"[,;:?!()\n¿¡]|\.(?:\s|$)")
#: Words that may follow a position word standing for a result ("what does the third do?",
#: "der zweite genau", "il primo com'è"), folded: verbs of being and doing, "exactly", "too".
PRONOUN_FOLLOWERS = frozenset(
    fold(w)
    for w in (
        *("do", "does", "did", "is", "was", "looks", "seems", "sounds", "exactly", "too"),
        *("macht", "ist", "klingt", "genau", "auch", "fait", "est", "semble", "exactement"),
        *("hace", "es", "parece", "exactamente", "también", "fa", "è", "sembra", "esattamente"),
        *("anche", "faz", "é", "exatamente", "também", "robi", "jest", "wygląda", "dokładnie"),
        *("też", "czym", "doet", "lijkt", "precies", "ook", "com", "m", "mi", "me", "mir"),
        *("interests", "interesse", "interessiert", "interesa", "interessa", "interesuje"),
    )
)
_ONLY_NUMBER = re.compile(r"^\W*(\d{1,2})\W*$")


@cache
def _forms() -> dict[str, int]:
    """Every folded position word (one word or two: Romanian "a doua") and its position."""
    out: dict[str, int] = {fold(w): n for w, n in ORDINAL_WORDS.items()}
    for table in ORDINAL_FORMS.values():
        for position, words in table.items():
            for word in words:
                out.setdefault(fold(word), position)
    return out


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one insertion, deletion, substitution or swap
    of two neighbouring letters (standard library only: this package imports nothing else)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


#: Words one edit from a position word that are words of their own: "the list" ("la lista",
#: "na lista", "die Liste": one edit from Swedish "sista", last), folded.
_NOT_TYPOS = frozenset({"lista", "liste", "listy", "listu", "listo", "listan", "listen"})


def _typo_of(token: str) -> int | None:
    """The position of a position word one edit away from ``token`` (five letters or more)."""
    if len(token) < 5 or not token.isalpha() or token in _NOT_TYPOS:
        return None
    for form, position in _forms().items():
        if len(form) >= 5 and " " not in form and _one_edit(token, form):
            return position
    return None


def _is_result_noun(token: str | None) -> bool:
    return bool(token) and token.startswith(RESULT_NOUN_STEMS)  # type: ignore[union-attr]


def position_in(text: str | None) -> int | None:
    """The 1-based position a message points at (:data:`~contracts.ordinals.LAST` for the
    last), or ``None`` (module doc for the rule)."""
    if not isinstance(text, str) or not text.strip() or text.lstrip().startswith("/"):
        return None
    only = _ONLY_NUMBER.match(text)
    if only:
        return int(only.group(1)) or None
    number = _NUMBER.search(text)
    if number:
        value = int(next(g for g in number.groups() if g))
        if value:
            return value
    count = len(fold(text).split())
    for clause in _CLAUSE.split(text):
        position = _position_in_clause(fold(clause).split(), count)
        if position is not None:
            return position
    return None


#: Word beginnings of "the list" (folded): a position word a few words before one points at a
#: result ("the third on the list", "el tercero de la lista", "der erste auf der Liste").
_LIST_STEMS = ("list", "lijst", "elenc", "zestawien", "seznam", "lista")


def _position_in_clause(tokens: list[str], count: int) -> int | None:
    """:func:`position_in` for one clause's folded words (``count``: the message's words)."""
    forms = _forms()
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else None
        pair = f"{before} {token}" if before else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        rest = tokens[i + 1 :]
        position = forms.get(pair) if pair else None
        if position is not None:
            before = tokens[i - 2] if i > 1 else "a"  # "a doua": the pair's own article
        else:
            position = forms.get(token)
        ends = all(t in _TRAILING for t in rest) and len(rest) <= 3
        # the message's end, up to a "please": only in a short message ("drugi", "and the
        # last?"), not "what should we do first?"
        at_end = ends and count <= 4
        if position is None:
            typo = _typo_of(token)
            if typo is not None and before in DETERMINERS and (ends or _is_result_noun(after)):
                return typo
            continue
        if any(t.startswith(_LIST_STEMS) for t in rest[:3]):
            return position  # "el tercero de la lista", "il primo della lista", "z listy"
        if after in NOT_RESULT_AFTER:
            continue
        if _is_result_noun(after) or at_end:
            return position
        if before in DETERMINERS and (ends or after in PRONOUN_FOLLOWERS):
            # "le deuxième", "der zweite, bitte", "und was macht der zweite genau?"; not "de
            # laatste wedstrijd", "o primeiro fórum": a determiner and a noun after it
            return position
    return None


#: Words asking "why" (folded; two words where the language needs them).
WHY_WORDS = frozenset(
    fold(w)
    for w in (
        *("why", "y", "how come", "warum", "wieso", "weshalb", "weswegen", "pourquoi", "pq"),
        *("por qué", "porqué", "porque", "porquê", "perché", "perchè", "xke", "waarom"),
        *("dlaczego", "czemu", "proč", "prečo", "zakaj", "zašto", "zasto", "miért", "de ce"),
        *("защо", "γιατί", "miksi", "miks", "kāpēc", "kodėl", "varför", "hvorfor"),
        *("cén fáth", "cad chuige", "għaliex", "ghaliex"),
    )
)
#: Words after "why" that stand for a shown result when they end the message or come before a
#: result noun ("why this one?", "warum dieser Cluster?", "dlaczego ten?", "¿por qué este?").
WHY_POINTERS = frozenset(
    fold(w)
    for w in (
        *("this", "that", "it", "him", "these", "those"),
        *("dieser", "diese", "dieses", "diesen", "der", "die", "das", "den", "er", "es"),
        *("celui", "celle", "celui-ci", "celui-là", "ce", "cela", "ça", "ceux", "lui"),
        *("este", "esta", "ese", "esa", "eso", "esto", "aquel", "éste", "ése"),
        *("questo", "questa", "quello", "quella", "lui", "esso"),
        *("esse", "essa", "isso", "isto", "aquele"),
        *("deze", "die", "dit", "dat", "hij"),
        *("ten", "ta", "to", "tego", "tę", "ten klaster", "on"),
        *("tento", "tenhle", "tato", "toto", "tenhle", "ovaj", "taj", "ovo", "ova", "ta", "to"),
        *("ez", "ezt", "azt", "ezt a", "acesta", "aceasta", "asta", "acela"),
        *("този", "тази", "това", "αυτό", "αυτός", "αυτή", "tämä", "tätä", "see", "seda"),
        *("šis", "šo", "šitas", "šį", "den", "denna", "detta", "det", "denne", "seo", "sin"),
        *("dan", "din", "one", "ones"),
    )
)
#: Word beginnings after "why" that ask about the choice itself ("why did you suggest ...",
#: "warum wurde ... vorgeschlagen", "dlaczego polecasz ..."), folded.
WHY_CHOICE_STEMS = tuple(
    fold(w)
    for w in (
        *("suggest", "recommend", "propos", "pick", "chose", "choos", "select", "show", "list"),
        *("includ", "match", "fit", "relevant", "rank", "top"),
        *("vorgeschlag", "vorschlag", "empf", "gezeigt", "angezeigt", "ausgewählt", "gewählt"),
        *("passt", "passend", "aufgelistet", "genannt"),
        *("suggér", "recommand", "choisi", "sélectionn", "affich", "correspond", "pertinent"),
        *("propu", "suger", "recomend", "elegi", "elegido", "seleccion", "muestr", "encaj"),
        *("suggerit", "consigli", "scelt", "selezion", "mostrat", "adatt", "rilevant"),
        *("propon", "escolh", "selecion", "mostr", "adequ"),
        *("voorgesteld", "aanbevol", "aanbevel", "gekozen", "geselecteerd", "getoond", "past"),
        *("polec", "zaproponow", "wybra", "pokaza", "pasuj", "trafn", "wskaza"),
    )
)
#: Words between the start of a message and "why" ("and why this one?", "ok but warum?").
_OPENERS = frozenset(
    fold(w)
    for w in (
        *("and", "but", "so", "ok", "okay", "hmm", "hm", "um", "oh", "wait", "just", "curious"),
        *("und", "aber", "also", "et", "mais", "donc", "y", "pero", "e", "ma", "i", "a", "ale"),
        *("en", "maar", "dus", "mas", "eh", "ah", "ja", "no", "sorry", "pero", "allora"),
    )
)
#: Most words a "why this one?" turn has; longer messages ask something else.
MAX_WHY_WORDS = 14


def asks_why(text: str | None) -> bool:
    """Whether a message asks why a shown result was suggested ("why this one?", "why did you
    suggest the second?", "warum dieser Cluster?", "pourquoi celui-là ?", "dlaczego ten?"),
    also after a return to a list ("back to the partners: why the first one?",
    :func:`returned_to`)."""
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return False
    kind, rest = returned_to(text)
    if kind is not None and rest.strip():
        text = rest
    tokens = fold(text).split()
    if not tokens or len(tokens) > MAX_WHY_WORDS:
        return False
    start = None
    for i, token in enumerate(tokens[:5]):
        pair = " ".join(tokens[i : i + 2])
        if pair in WHY_WORDS:
            start = i + 2
            break
        if token in WHY_WORDS and token != "y":  # "y" alone is the Spanish "and"
            start = i + 1
            break
        if token == "y" and i + 1 < len(tokens) and tokens[i + 1] in WHY_POINTERS:
            start = i + 1  # chat "y this one?"
            break
        if token not in _OPENERS:
            return False
    if start is None:
        return False
    rest = tokens[start:]
    if not rest:
        return True  # "why?"
    if any(t.startswith(WHY_CHOICE_STEMS) for t in rest):
        return True
    if position_in(" ".join(rest)) is not None:
        return True
    for i, token in enumerate(rest):
        after = rest[i + 1 :]
        if token in WHY_POINTERS and (
            not after or _is_result_noun(after[0]) or all(t in _TRAILING for t in after)
        ):
            return True
    return False


#: Words and word pairs that ask for a reason anywhere in a message (folded): the why words
#: and "for what reason" in the reply languages ("pour quelle raison", "por qué motivo", "per
#: quale motivo", "z jakiego powodu", "om welke reden", "aus welchem Grund").
REASON_WORDS = frozenset(
    fold(w)
    for w in (
        *("reason", "reasons", "raison", "raisons", "razon", "razones", "motivo", "motivi"),
        *("motivos", "ragione", "ragioni", "powod", "powodu", "powody", "reden", "redenen"),
        *("razao", "razoes", "grund", "grunde", "come mai", "how come", "what makes"),
        *("co sprawia", "hoe komt", "qu est ce qui fait", "wie kommt", "wie kommst"),
        *("wie kommen", "wie kommt ihr", "com que base", "what basis", "quel critere"),
    )
)
_PORQUE_ASKS = re.compile(
    r"(?:^|[,;:.!?¿¡()\-–—]\s*)porqu[eêé]\b|\bporqu[eêé]\s*[?!]|\bporqu[eê]\s+(?:é|e)\s+que\b",
    re.IGNORECASE,
)
#: Most words a message asking why about a result it names (:func:`asks_reason_for_result`) has.
MAX_REASON_WORDS = 18


def asks_reason_for_result(text: str | None) -> bool:
    """Whether a message asks for the reason of a result it names by position, with the why
    (or "for what reason") anywhere in it: "le premier cluster, pourquoi ?", "pouvez-vous
    m'expliquer pourquoi le premier ?", "z jakiego powodu pierwszy klaster?", "waarom staat de
    eerste bovenaan?". Looser than :func:`asks_why`: the caller asks it only of a message that
    names the kind of list or goes back to one (:func:`referred_kind`)."""
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return False
    tokens = fold(text).split()
    if not tokens or len(tokens) > MAX_REASON_WORDS:
        return False
    pairs = {" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)}
    triples = {" ".join(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
    # "porque" is also "because": a why only where a question starts or ends ("o primeiro,
    # porquê?", "quanto aos parceiros, porque é que o primeiro?")
    asked = (
        any(t in WHY_WORDS and t not in ("y", "porque") for t in tokens)
        or bool(_PORQUE_ASKS.search(text))
        or bool(pairs & (WHY_WORDS | REASON_WORDS))
        or any(t in REASON_WORDS for t in tokens)
        or bool(triples & REASON_WORDS)
    )
    return asked and _names_a_position(tokens)


def _names_a_position(tokens: list[str]) -> bool:
    """Whether folded words name a position (:func:`position_in`, or a position word after a
    determiner or before a result noun that no other noun follows: "de eerste bovenaan")."""
    if position_in(" ".join(tokens)) is not None:
        return True
    forms = _forms()
    for i, token in enumerate(tokens):
        if token not in forms:
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after in NOT_RESULT_AFTER:
            continue
        if before in DETERMINERS or _is_result_noun(after):
            return True
    return False


#: Word beginnings asking for results like a shown one ("similar to the second", "ähnliche wie
#: der erste", "parecidos al primero", "simili al secondo", "podobne do trzeciego"), folded, in
#: the 24 languages. Only read next to a position or a shown result's name
#: (:func:`asks_similar`): "similar" alone names no result.
SIMILAR_STEMS = tuple(
    fold(w)
    for w in (
        *("similar", "alike", "comparable", "ähnlich", "vergleichbar", "similaire", "semblable"),
        *("parecid", "semejante", "simil", "analog", "semelhan"),
        *("vergelijkbar", "soortgelijk", "gelijkaardig", "podobn", "zbliżon", "slič", "podoben"),
        *("hasonl", "asemăn", "подобн", "сходн", "παρόμοι", "samankaltai", "vastaav"),
        *("sarnas", "līdzīg", "panaš", "liknande", "lignende", "cosúil", "bħal"),
    )
)
#: Phrases asking for others like a shown one ("more like", "d'autres comme", "andere wie",
#: "otros como", "altri come", "inne jak", "du même genre"), folded, in the reply languages.
SIMILAR_PHRASES = tuple(
    fold(w)
    for w in (
        *("more like", "others like", "ones like", "same kind as", "of the same kind"),
        *("mehr wie", "andere wie", "weitere wie", "in der art", "von der art"),
        *("d'autres comme", "autres comme", "du même genre", "du même type", "dans le genre"),
        *("otros como", "otras como", "del mismo tipo", "del mismo estilo"),
        *("altri come", "altre come", "dello stesso tipo", "dello stesso genere"),
        *("outros como", "outras como", "do mesmo tipo", "do mesmo género"),
        *("inne jak", "inni jak", "więcej takich jak", "takie jak", "tego samego typu"),
        *("andere zoals", "meer zoals", "meer van die", "van hetzelfde soort"),
    )
)


def asks_similar(text: str | None) -> bool:
    """Whether a message asks for results like a shown one (:data:`SIMILAR_STEMS`,
    :data:`SIMILAR_PHRASES`); the caller checks that it names one (a position or a name)."""
    words = fold(text or "").split()
    if any(w.startswith(SIMILAR_STEMS) for w in words):
        return True
    padded = f" {' '.join(words)} "
    return any(f" {phrase} " in padded for phrase in SIMILAR_PHRASES)


#: "the one in Bilbao", "celui de Lyon", "quello di Torino", "ten z Gdańska", "der aus Graz":
#: one result named by where it is or what it is called (the actions match the rest against
#: the names, acronyms and towns of the list shown).
_SHOWN_ONE = re.compile(
    r"\b(?:the|that)\s+one\s+(?:in|from|at|based|with|called|named|near)\b"
    r"|\b(?:celui|celle)\s+(?:de|d'|à|a|en|qui|basé|basée|appelé)"
    r"|\b(?:quello|quella)\s+(?:di|a|in|da|che|chiamat)"
    r"|\b(?:el|la|del|al)\s+(?:de|del|que\s+está|llamad)\s"
    r"|\b(?:aquele|aquela)\s+(?:de|do|da|em|no|na)\s|\b(?:o|a)\s+(?:de|que\s+fica)\s+[A-ZÀ-Ý]"
    r"|\b(?:ten|ta|to)\s+(?:z|ze|w|we|nazwie)\s"
    r"|\b(?:der|die|das)\s+(?:aus|namens|mit\s+dem\s+namen)\s"
    r"|\b(?:die|degene)\s+(?:uit|genaamd|met\s+de\s+naam)\s",
    re.IGNORECASE,
)
#: Most words a message naming one shown result has.
MAX_NAMING_WORDS = 10


def names_shown_one(text: str | None) -> bool:
    """Whether a short message points at one result by where it is or its name ("the one in
    Bilbao", "celui de Lyon", "ten z Gdańska")."""
    if not isinstance(text, str) or len(text.split()) > MAX_NAMING_WORDS:
        return False
    return bool(_SHOWN_ONE.search(text))


#: Word beginnings that name partners and calls (folded): a message naming both asks one
#: feature for a result of the other ("partners for the first call", "klastry do pierwszego
#: naboru"), a search, not the result's details.
PARTNER_STEMS = tuple(
    fold(w)
    for w in (
        *("partner", "cluster", "klast", "klaszter", "socio", "parceir", "partenaire", "compan"),
        *("empresa", "aziend", "firm", "unternehm", "bedrijv", "organi", "collaborat"),
        *("klust", "klastr", "klasteri", "klasteris", "braisle", "partener"),
        *("клъстер", "партньор", "συμπλεγμα", "εταιρ"),
    )
)
CALL_STEMS = tuple(
    fold(w)
    for w in (
        *("call", "aufruf", "ausschreibung", "appel", "convocatoria", "bando", "bandi"),
        *("concurso", "nabor", "nabór", "konkurs", "oproep", "subsid", "funding", "förder"),
        *("financ", "finanz", "grant", "edital", "topic"),
        *("chamad", "convocat", "avviso", "vyzv", "natjecaj", "palyazat", "utlysning", "udbud"),
        *("haku", "konkurs", "kvietim", "sejha", "glao", "покан", "προσκλησ"),
    )
)


#: Words that end a kind noun's word beginnings without naming the kind ("the one called X").
_NOT_KIND_WORDS = frozenset({"called", "calling", "organise", "organised", "organize", "firmly"})
#: The kinds of list a reference may name (the ``last_search`` kinds).
PARTNERS, CALLS = "partners", "calls"


def _kind_of_word(word: str) -> str | None:
    """``partners`` / ``calls`` for a folded word that names that kind of result, else None."""
    if word in _NOT_KIND_WORDS:
        return None
    if word.startswith(PARTNER_STEMS):
        return PARTNERS
    if word.startswith(CALL_STEMS):
        return CALLS
    return None


#: Word beginnings (folded) that say "back to" / "let's return to" in the 24 languages:
#: "back to the partners", "zurück zu den Clustern", "revenons aux partenaires", "volvamos a
#: los clústeres", "torniamo ai bandi", "wróćmy do klastrów", "terug naar de oproepen",
#: "voltando aos parceiros". A kind noun (:data:`PARTNER_STEMS`, :data:`CALL_STEMS`) must
#: follow within :data:`RETURN_REACH` words.
RETURN_WORDS = (
    r"back|return|returning|zuruck|revenons|revenir|retour|retournons|reviens|revenant"
    r"|volvamos|volviendo|volver|vuelvo|regresemos|regresando|regresar|de vuelta"
    r"|torniamo|tornando|tornare|ritorniamo|ritornando|torno|wrocmy|wracajac|wracam|wracajmy"
    r"|z powrotem|powrot|terug|terugkomend|voltando|voltemos|voltar|volto|de volta|regressando"
    r"|zpet|zpatky|vratme|spat|vissza|inapoi|natrag|nazaj|tillbaka|tilbage|takaisin|tagasi"
    r"|atpakal|atgal|grizkime|grizkim|πισω|обратно|lura|ar ais|nochmal|noch mal|noch einmal"
)
_RETURN = re.compile(rf"(?<!\w)(?:{RETURN_WORDS})(?!\w)|(?<!\w)(?:zuruck|terug)\w+")
#: Return words that may stand after their kind noun ("nochmal zu den Clustern zurück", "um auf
#: die Cluster zurückzukommen", "de clusters nog even terug").
_RETURN_AFTER_NOUN = ("zuruck", "terug")
#: How many words after a return word may come before the kind noun ("back to the list of
#: clusters", "de volta à lista de parceiros").
RETURN_REACH = 5


def returned_to(text: str | None) -> tuple[str | None, str]:
    """The kind of list a message goes back to (``partners`` / ``calls``) and what the message
    says after that return ("back to the clusters: why the first one?" -> ``("partners", "why
    the first one")``, folded), else ``(None, "")``. Only a return word followed by a kind
    noun counts ("back to me" is none)."""
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return None, ""
    folded = fold(text)
    for match in _RETURN.finditer(folded):
        words = folded[match.end() :].split()
        for i, word in enumerate(words[:RETURN_REACH]):
            kind = _kind_of_word(word)
            if kind is not None:
                return kind, " ".join(words[i + 1 :])
        if match.group().startswith(_RETURN_AFTER_NOUN):
            before = folded[: match.start()].split()[-RETURN_REACH:]
            kinds = [k for k in map(_kind_of_word, before) if k]
            if kinds:
                return kinds[-1], " ".join(words)
    return None, ""


def referred_kind(text: str | None) -> tuple[str | None, bool]:
    """The kind of list a reference names and whether it goes back to it: ``(kind, True)``
    after a return word (:func:`returned_to`), ``(kind, False)`` for the first kind noun after a
    position word, a determiner or a pointer ("the first cluster", "le deuxième appel", "why
    that call?", "dlaczego ten klaster?"), else ``(None, False)``."""
    kind, _ = returned_to(text)
    if kind is not None:
        return kind, True
    words = fold(text or "").split()
    forms = _forms()
    for i, word in enumerate(words):
        found = _kind_of_word(word)
        if found is None or not i:
            continue
        before = words[i - 1]
        # only a noun the reference stands on: "the first cluster", "ce cluster", "that call";
        # not "the second one, does it have calls?"
        if before in DETERMINERS or before in WHY_POINTERS or before in forms:
            return found, False
    return None, False


def feature_for_shown(text: str | None) -> str | None:
    """``find_partners`` for partners asked for a shown call ("partners for the first call",
    "Partner für die zweite Ausschreibung", "klastry do pierwszego naboru"): the message names
    both kinds, partners first, a call after a position word. Else None ("is the first call
    open to partners from Norway?" names the call first: a question about it; "calls for the
    second cluster" has no search on a shown partner's topic yet, it stays the classifier's)."""
    if not names_both_features(text) or position_in(text) is None:
        return None
    referred, returned = referred_kind(text)
    if referred is None or returned:
        return None
    first = next((k for k in map(_kind_of_word, fold(text or "").split()) if k), None)
    return "find_partners" if first == PARTNERS and referred == CALLS else None


def names_both_features(text: str | None) -> bool:
    """Whether a message names partners and calls (:data:`PARTNER_STEMS`, :data:`CALL_STEMS`)."""
    words = fold(text or "").split()
    return any(w.startswith(PARTNER_STEMS) for w in words) and any(
        w.startswith(CALL_STEMS) for w in words
    )


def is_last(position: int | None) -> bool:
    """Whether a position read by :func:`position_in` is "the last one"."""
    return position == LAST
