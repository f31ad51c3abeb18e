"""Turns that steer a conversation rather than ask something new: "more", and corrections.

Both processes read these words (stdlib only): the Rasa side sets the intent of such a turn
whatever the classifier guessed (:mod:`bot.nlu.input_guard`), the action side decides what the
turn continues (:mod:`actions.dialogue.continuation`). THE owner of:

* **More, please.** A short message made only of the words of asking for more results and the
  words around it in the eight reply languages ("show me a few more", "noch mehr bitte",
  "encore d'autres ?", "ok e poi ne hai degli altri da farmi vedere", "no dobra a masz jeszcze
  jakieś inne", "ja okay und weiter"): :func:`asks_for_more`. "No more", "nichts mehr", "rien de
  plus", "nada más" say the opposite and are no such request.
* **Corrections.** "no, I meant calls", "not partners - funding", "nein, ich meinte
  Förderaufrufe", "nie nie, chodziło mi o Francję", "non, je voulais savoir le budget":
  :func:`is_correction` (a no-word first, or a phrase of meaning or wanting something else), and
  :func:`corrected_feature`, the feature the correction asks for once the negated one ("not
  partners", "niet partners maar subsidies") is left out.
* Turn openers ("ok", "so", "dobra", "bueno") are :data:`taxonomy.fillers.TURN_OPENERS`.
* The nouns of the two searches (:data:`PARTNER_NOUN`, :data:`CALL_NOUN`), read by
  :func:`actions.dialogue.forms.requested_feature` too.

Written from each language's grammar and everyday speech (dictionaries, phrase books), not from
evaluation texts.
"""

from __future__ import annotations

import re
from itertools import pairwise

from taxonomy.fillers import TURN_OPENERS
from taxonomy.text import fold

#: What a search request asks for, in the eight reply languages (word starts): partners (or
#: clusters) and calls (or funding).
PARTNER_NOUN = re.compile(
    r"(?<![\w-])(?:partner|partenair|socio|parceir|cluster|clúster|klast|pôle|pole\b)",
    re.IGNORECASE | re.UNICODE,
)
CALL_NOUN = re.compile(
    r"(?<!\w)(?:calls?\b|aides\b|fund|grant|förder|forder|ausschreib|appels?\b|financ|subvenc|"
    r"subvent|convocator|ayudas?\b|bandi\b|bando\b|finanzi|nab[oó]r|dofinans|finans|dotac|konkurs|"
    r"oproep|subsidie|convites?\b|concursos?\b|avisos?\b|"
    # Brazilian Portuguese "edital" / "editais" and "chamada(s) pública(s)", a call for proposals
    r"edita(?:l|is)\b|chamadas?\b|"
    # money asked for on a topic ("is there EU money for that?", "gibt es dafür Geld?")
    r"money\b|geld\b|dinero\b|soldi\b|pieni[aą]dz|pieni[eę]dz|dinheiro\b|"
    r"fonds\b|fondos\b|fondi\b|fundos\b|fundusz|fondsen\b|[śs]rodk(?:i|ów|ow)\b|apoios?\b)",
    re.IGNORECASE | re.UNICODE,
)

_WORD = re.compile(r"[^\W_][\w'-]*", re.UNICODE)

#: The words of asking for more results (folded).
MORE_WORDS = frozenset(
    fold(w)
    for w in (
        *("more", "next", "further", "additional", "other", "others", "rest", "another"),
        *("mehr", "weitere", "weiteren", "weiter", "nächste", "nächsten", "andere", "anderen"),
        *("rest", "restlichen", "übrigen"),
        *("plus", "suivants", "suivantes", "encore", "davantage", "autres", "reste", "suite"),
        *("más", "mas", "siguientes", "otros", "otras", "resto", "demás"),
        *("più", "piu", "ancora", "successivi", "prossimi", "altri", "altre", "resto"),
        *("więcej", "wiecej", "kolejne", "następne", "dalej", "dalsze", "inne", "innych"),
        *("reszta", "resztę", "pozostałe"),
        *("meer", "volgende", "verder", "andere", "overige", "rest"),
        *("mais", "seguintes", "próximos", "outros", "outras", "resto", "restantes"),
        # session 21: the singular "another one" and Polish genitive and "still more" forms
        *("otro", "otra", "altro", "altra", "kolejnych", "następnych", "jeszcze"),
    )
)
#: The words around such a request: politeness, showing and having, "a few", "of those".
MORE_CONTEXT = frozenset(
    fold(w)
    for w in (
        *("please", "pls", "plz", "show", "me", "us", "some", "a", "few", "any", "give", "results"),
        *("ones", "list", "and", "ok", "okay", "thanks", "the", "can", "you", "i", "want", "see"),
        *("of", "those", "these", "them", "there", "are", "is", "have", "got", "do", "page"),
        *("let", "could", "would", "like", "to", "then", "too", "what", "about", "five", "on"),
        *("bitte", "zeig", "zeige", "zeigen", "mir", "uns", "noch", "ein", "paar", "und", "gib"),
        *("ergebnisse", "treffer", "es", "gibt", "hast", "haben", "sie", "du", "davon", "dann"),
        *("die", "seite", "welche"),
        *("s'il", "vous", "te", "plaît", "plait", "montre", "montrez", "moi", "en", "des"),
        *("quelques", "résultats", "et", "d", "y", "a-t-il", "il", "as-tu", "avez", "page"),
        *("la", "les", "puis", "tu", "as", "s", "t", "c", "l"),
        *("por", "favor", "muestra", "muéstrame", "muestrame", "enséñame", "dame", "algunos"),
        *("resultados", "y", "hay", "tienes", "tiene", "de", "esos", "página", "pagina", "los"),
        *("luego", "me"),
        *("per", "mostra", "mostrami", "fammi", "vedere", "dammi", "qualche", "risultati", "e"),
        *("ne", "hai", "ha", "degli", "delle", "da", "poi", "c'è", "ci", "sono", "pagina"),
        *("di", "quelli", "farmi", "mi", "i", "gli", "ce", "altro", "qualcuno", "mostrarmi"),
        *("proszę", "prosze", "pokaż", "pokaz", "daj", "mi", "wyników", "wynikow", "jeszcze"),
        *("masz", "macie", "ma", "jakieś", "jakies", "są", "sa", "czy", "strona", "stronę", "a"),
        *("alsjeblieft", "alstublieft", "graag", "toon", "laat", "zien", "geef", "nog", "wat"),
        *("resultaten", "heb", "hebt", "je", "er", "zijn", "de", "pagina", "en", "paar"),
        *("ver", "mostre", "mostra-me", "dá-me", "alguns", "tem", "têm", "há", "desses"),
        *("dessas", "página", "me", "os", "as"),
        # session 21: "any" in the singular, "in the list", "a few", "still" (es it pl pt):
        # "¿tienes alguno más en la lista?", "ne hai ancora qualcuno in più?", "masz jeszcze
        # kilka kolejnych?", "há mais algum na lista?"
        *("alguno", "alguna", "algunas", "lista", "quedan", "queda", "otro", "otra"),
        *("qualcun", "qualcuna", "in", "nella", "lista", "elenco", "n"),
        *("kilka", "jakiś", "jakis", "jakichś", "jakichs", "liście", "liscie", "na", "może"),
        *("algum", "alguma", "algumas", "na", "ainda", "existem", "lista"),
        # what the list is of ("what other clusters are there?", "weitere Cluster?")
        *("cluster", "clusters", "partner", "partners", "calls", "clústeres", "socios", "klastry"),
        *("klastrów", "partnerów", "partenaires", "parceiros", "bandi", "convocatorias"),
        *("ausschreibungen", "appels", "nabory", "oproepen", "concursos", "organisations"),
    )
)
#: Words that turn "more" into "no more" ("nothing more", "nichts mehr", "rien de plus").
_NOT_MORE = frozenset(
    fold(w)
    for w in (
        *("nothing", "none", "not", "don't", "dont", "enough", "nichts", "nicht", "kein"),
        *("keine", "genug", "rien", "pas", "assez", "nada", "ninguno", "basta", "niente"),
        *("nulla", "nessuno", "non", "nic", "wystarczy", "niets", "geen", "niet", "genoeg"),
        *("chega", "nenhum"),
    )
)
#: A word of "more" that is another word in another language (French "mais", "but"): it asks
#: for more only beside a word of asking ("tem mais?", "há mais alguns?").
_AMBIGUOUS_MORE = frozenset({"mais"})
#: The most words of a "more" turn (voice messages come with fillers around the request).
MAX_MORE_WORDS = 10


def _words(text: str | None) -> list[str]:
    return [w.strip("'’") for w in _WORD.findall(fold(text or ""))]


def asks_for_more(text: str | None) -> bool:
    """Whether a short message only asks for more results ("altri?", "pokaż więcej", "ok e poi
    ne hai degli altri da farmi vedere"): a word of :data:`MORE_WORDS`, every other word one of
    :data:`MORE_CONTEXT` or :data:`TURN_OPENERS`, no word of "no more", and not a no-word right
    before the request ("no more", "no más")."""
    if (text or "").lstrip().startswith("/"):
        return False
    words = _words(text)
    if not words or len(words) > MAX_MORE_WORDS or any(w in _NOT_MORE for w in words):
        return False
    if any(w == "no" and nxt in MORE_WORDS for w, nxt in pairwise(words)):
        return False
    more = {w for w in words if w in MORE_WORDS}
    if more <= _AMBIGUOUS_MORE and not any(w in MORE_CONTEXT for w in words if w not in more):
        return False  # "mais oui", "mais bon": French "but", not Portuguese "more"
    return bool(more) and all(
        w in MORE_WORDS or w in MORE_CONTEXT or w in TURN_OPENERS for w in words
    )


def names_more(text: str | None) -> bool:
    """Whether a message uses a word of asking for more ("any more in Italy?", "noch weitere
    in Bayern?"), whatever else it names."""
    words = _words(text)
    if any(w in _NOT_MORE for w in words):
        return False
    return any(w in MORE_WORDS for w in words)


#: A no-word that opens a correction (folded; "no" is also Polish "well": a correction opener
#: too only beside a marker, see :func:`is_correction`).
_NO_WORDS = frozenset(
    fold(w) for w in ("no", "nope", "nah", "nein", "nee", "nö", "non", "nie", "não", "nao", "niet")
)
#: A no-word standing alone before the rest: "no, ...", "nein! ...", "nie nie, ...", "no - ...".
_NO_THEN_BREAK = re.compile(
    r"^\s*(?:no|nope|nah|nein|nee|nö|non|nie|não|nao|niet)(?:\s*[,.!;:…—–-]|\s*$)",
    re.IGNORECASE | re.UNICODE,
)


def _opens_with_no(text: str | None) -> bool:
    """Whether a message opens with a no-word that answers the assistant ("no, calls", "nie
    nie, ...", "no sorry, I meant ...", "no I meant ..."), not a negation inside a sentence
    ("non so come...", "não sei...") or Portuguese "no" ("in the": "no Porto ...")."""
    words = _words(text)
    if not words or words[0] not in _NO_WORDS:
        return False
    if _NO_THEN_BREAK.match(text or ""):
        return True
    rest = " ".join(words[1:])
    return len(words) > 1 and (
        words[1] in _NO_WORDS
        or any(rest.startswith(m) for m in _SOFT_MARKERS)
        or bool(_MARKER.match(rest))
    )


#: Words saying that something replaces what was said ("rather", "instead", "actually",
#: "lieber", "plutôt", "más bien", "piuttosto", "raczej", "liever", "em vez"), folded, in the
#: eight reply languages: THE one list of them. A correction marker here (:data:`_MARKERS`),
#: and a swap word of :data:`taxonomy.loosening.SWAP_WORDS` ("lieber Österreich": the filter
#: changed, the word no topic).
INSTEAD_WORDS: tuple[str, ...] = (
    *("rather", "instead", "actually"),
    *("eigentlich", "lieber", "stattdessen"),
    *("plutot", "en fait"),
    *("mas bien", "en realidad"),
    *("piuttosto", "in realta"),
    *("raczej", "wlasciwie", "własciwie"),
    *("liever", "eigenlijk"),
    *("na verdade", "em vez"),
)
#: Phrases of meaning or wanting something else, folded, in the eight reply languages (and
#: :data:`INSTEAD_WORDS`).
_MARKERS = (
    # en
    r"i meant|i mean|meant(?! to)|i was asking (?:for|about)|i asked (?:for|about)|i wanted"
    r"|not what i (?:asked|meant|wanted)|that s not it|wrong one|sorry"
    # de
    r"|ich meinte|ich meine|meinte|gemeint|ich wollte|sondern"
    r"|das meinte ich nicht|nicht das|entschuldigung|sorry"
    # fr
    r"|je voulais dire|voulais dire|je veux dire|je parlais d|je voulais|je demandais"
    r"|ce n est pas (?:ca|ce que)|c est pas (?:ca|ce que)|pas ca|desole|desolee|pardon"
    # es
    r"|me referia|me refiero|queria decir|quise decir|queria|sino"
    r"|no es eso|eso no|perdon|perdona|disculpa"
    # it
    r"|intendevo|volevo dire|volevo|bensi|non e quello|non quello|scusa"
    r"|scusi|scusate"
    # pl
    r"|chodzi(?:l|ł)o mi o|chodzi mi o|chodzi(?:l|ł)o o|mia(?:l|ł)(?:em|am) na mysli"
    r"|nie o to|przepraszam|sorki"
    # nl
    r"|ik bedoelde|ik bedoel|bedoelde|ik wilde|niet dat|dat bedoel|excuus"
    # pt
    r"|queria dizer|quis dizer|queria|referia me|me referia|nao e isso|isso nao"
    r"|desculpa|desculpe"
    # every language: the words of replacing
    rf"|{'|'.join(re.escape(w) for w in INSTEAD_WORDS)}"
)
_MARKER = re.compile(rf"(?<!\w)(?:{_MARKERS})(?!\w)", re.UNICODE)
#: Negation words right before a feature noun ("not partners", "keine Partner", "pas de
#: partenaires", "no socios", "non i partner", "nie partnerów", "niet partners", "não parceiros").
_NEGATION = (
    r"not|no|nicht|kein|keine|keinen|pas(?: de| des)?|non|ni|no los|no las|nie|niet|geen|nao"
    r"|nao os|nao as|non i|non gli|non le|not the|nicht die|pas les"
)
#: The most words of a correction: a correction says what was meant in a few words.
MAX_CORRECTION_WORDS = 16


#: Words that excuse or soften without saying what was meant ("sorry", "actually"): a
#: correction with one of them alone names what it wants only by a feature noun after a no-word.
_SOFT_MARKERS = frozenset(
    {
        *("sorry", "actually", "pardon", "entschuldigung", "eigentlich", "desole", "desolee"),
        *("en fait", "perdon", "perdona", "disculpa", "en realidad", "scusa", "scusi"),
        *("scusate", "in realta", "przepraszam", "sorki", "własciwie", "wlasciwie"),
        *("excuus", "eigenlijk", "desculpa", "desculpe", "na verdade"),
    }
)


#: Verbs of having wanted or asked something ("I wanted", "je voulais", "volevo", "queria"):
#: the polite opening of any request too ("volevo sapere come ottenere il marchio per il nostro
#: cluster"), so alone they make no correction ask for the feature it names.
_WANTING_MARKERS = frozenset(
    {"i wanted", "ich wollte", "je voulais", "je demandais", "queria", "volevo", "ik wilde"}
)


def says_what_was_meant(text: str | None) -> bool:
    """Whether a correction says what was meant rather than only excusing itself: a no-word
    first, a phrase of meaning or wanting ("I meant", "ich meinte", "je voulais dire", "me
    refería", "intendevo", "chodziło mi o", "ik bedoelde", "queria dizer") or a negated feature
    noun ("not partners")."""
    folded = fold(text or "")
    if not is_correction(text):
        return False
    if _opens_with_no(text) or _NEGATED_NOUN.search(folded):
        return True
    return any(
        m.group(0) not in _SOFT_MARKERS and m.group(0) not in _WANTING_MARKERS
        for m in _MARKER.finditer(folded)
    )


def says_it_meant(text: str | None) -> bool:
    """Whether a message has a phrase of meaning or wanting something else ("I meant", "ich
    meinte", "je voulais", "me refería", "intendevo", "chodziło mi o", "ik bedoelde", "queria
    dizer"), not only a no-word or an excuse ("no thanks", "sorry")."""
    folded = fold(text or "")
    return any(m.group(0) not in _SOFT_MARKERS for m in _MARKER.finditer(folded))


def is_correction(text: str | None) -> bool:
    """Whether a message corrects what the assistant understood: it opens with a no-word
    ("no, calls", "nein, ich meinte ...", "nie nie, ..."), or says what was meant or wanted
    instead ("sorry, I meant in Austria", "that's not what I asked, I want the budget",
    "not partners - funding", "niet partners maar subsidies"), in at most
    :data:`MAX_CORRECTION_WORDS` words."""
    folded = fold(text or "")
    words = _words(text)
    if not words or len(words) > MAX_CORRECTION_WORDS or folded.lstrip().startswith("/"):
        return False
    if _opens_with_no(text) and len(words) > 1:
        return True
    if _MARKER.search(folded):
        return True
    return bool(_NEGATED_NOUN.search(folded)) and corrected_feature(text) is not None


_NEGATED_NOUN = re.compile(
    # up to two short words between ("no a los clústeres", "nicht um die Partner")
    rf"(?<![\w'-])(?:{_NEGATION})\s+(?:\w{{1,3}}\s+){{0,2}}"
    rf"(?:(?:{PARTNER_NOUN.pattern}|{CALL_NOUN.pattern})[\w'-]*)",
    re.IGNORECASE | re.UNICODE,
)


def corrected_feature(text: str | None) -> str | None:
    """``find_partners`` or ``find_calls``: the one feature a message names once a negated feature
    noun ("not partners", "keine Partner", "niet partners") is left out; None when it names none
    or both."""
    folded = fold(text or "")
    rest = _NEGATED_NOUN.sub(" ", folded)
    partners = bool(PARTNER_NOUN.search(rest))
    calls = bool(CALL_NOUN.search(rest))
    if partners == calls:
        return None
    return "find_partners" if partners else "find_calls"
