"""Label levels the gazetteer's phrases miss: compounds and declined forms.

The label gazetteer (``bot/gazetteers/labels.yml``) matches whole phrases ("gouden label",
"złotym znakiem", "Gold-Label"). Users also write a level as part of a compound or in another
case: "goud-gelabelde", "goudgelabelde", "goldzertifizierte", "Gold-zertifizierten",
"złotymi znakami", "ze złotą etykietą", "gouden keurmerken". :func:`label_in_text` reads such a
word (or a level word right next to a label word) as the label entity NLU would have given, so
that the partner search, its form and a refinement take it as the label filter.

A level word alone is never a label ("gold", "oro", "or" are also a material or a conjunction):
a label word (label, certified, seal, mark in the eight reply languages) must be in the same
word or next to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from knowledge.filters import normalise_label
from taxonomy.labels import LABEL_NOISE

#: The start of a level's name in the eight reply languages, folded ("złot" -> "zlot").
_LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gold", ("gold", "goud", "zlot", "oro", "ouro", "aur")),
    ("silver", ("silver", "silber", "zilver", "argent", "argint", "plata", "prata", "srebrn")),
    ("bronze", ("bronze", "bronzo", "bronce", "brons", "brazow")),
)
#: The start of a label word in the eight reply languages, folded: "gelabelde", "zertifiziert",
#: "certyfikatem", "znakiem", "etykietą", "keurmerk", "sello", "selo", "marchio", "siegel".
_LABEL_STEMS = (
    "label",
    "gelabel",
    "zertifi",
    "certifi",
    "gecertific",
    "certyfik",
    "znak",
    "etykiet",
    "etiquet",
    "etichet",
    "marca",
    "marcaj",
    "siegel",
    "keurmerk",
    "sello",
    "selo",
    "marchi",
    "rotulo",
)
#: Prefixes of a level word that are no level ("oro" in "orologio" is no gold): the level must
#: be a whole part of a compound or an inflected adjective of its own.
_LEVEL_ENDINGS = re.compile(
    r"^(?:|en|ene|enen|ener|enes|enem|ne|nen|nem|ner|nes|e|a|y|ym|ymi|ych|ej|ą|a|o|os|as|ie|i|s)$",
    re.UNICODE,
)
_WORD = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)
#: How many words apart a level word and its label word may be ("złotym certyfikatem",
#: "selo de ouro").
_NEAR = 2


def _fold(word: str) -> str:
    """Lower case without accents, hyphens kept ("Złotą" -> "zlota", "Goud-Gelabelde")."""
    word = word.lower().replace("ł", "l").replace("’", "'")
    word = word.split("'")[-1]  # an elided article: "d'argento", "l'or"
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _level_of(part: str) -> str | None:
    """The level a folded word (or compound part) names: a level stem plus an ending."""
    for level, stems in _LEVELS:
        for stem in stems:
            if part.startswith(stem) and _LEVEL_ENDINGS.match(part[len(stem) :]):
                return level
    return None


def _is_label_word(part: str) -> bool:
    return any(part.startswith(stem) for stem in _LABEL_STEMS)


def _compound_level(word: str) -> str | None:
    """The level of one word that also holds a label word ("goud-gelabelde", "goldzertifiziert")."""
    parts = [p for p in word.split("-") if p]
    if len(parts) > 1:
        levels = {_level_of(p) for p in parts} - {None}
        if len(levels) == 1 and any(_is_label_word(p) for p in parts):
            return levels.pop()
    for level, stems in _LEVELS:
        for stem in stems:
            if word.startswith(stem) and _is_label_word(word[len(stem) :]):
                return level  # written as one word: "goudgelabelde", "goldzertifizierte"
    return None


#: Level words that count only right after a label word: French "label or" ("or" is also the
#: conjunction), "labellisés or".
_LEVEL_AFTER_LABEL = {"or": "gold"}
#: Words for what is searched (folded word starts): a level with one of these asks for clusters.
_SEARCH_STARTS = ("cluster", "klast", "klaszt", "partner", "partenai", "parceir", "socio")
_SEARCH_WORDS = frozenset({"pole", "poles", "polo", "poli", "soci", "network", "networks"})
#: Words of a question about the label itself (how to get one, what it means or costs): the
#: FAQ's, never a search ("jak nasz klaster może zdobyć brązowy label").
_ABOUT_LABEL_WORDS = frozenset(
    [
        "how",
        "wie",
        "comment",
        "como",
        "come",
        "jak",
        "hoe",
        "why",
        "warum",
        "pourquoi",
        "porque",
        "perche",
        "dlaczego",
        "waarom",
        "what",
        "wat",
        "cos",
        "czym",
        "mean",
        "means",
    ]
)
_ABOUT_LABEL_STARTS = (
    "obtain", "get", "receiv", "earn", "apply", "erhalt", "bekomm", "erlang", "obten",
    "obtien", "otten", "consegu", "conseg", "zdoby", "uzysk", "otrzym", "krijg", "behal",
    "verkrijg", "obter", "obtem", "receb", "cost", "kost", "cout", "precio", "prezz", "preis",
    "prix", "cuest", "custa", "bedeut", "signifi", "znacz", "beteken", "award", "verleih",
    "attribu",
)  # fmt: skip


def label_in_text(text: str | None) -> dict[str, Any] | None:
    """The label entity a message names in a compound or declined form, else None.

    Args:
        text: The message.

    Returns:
        ``{"entity": "label", "value": "gold label", "start": ..., "end": ...}`` (the value as
        the gazetteer's, for :func:`knowledge.filters.normalise_label`), or None.
    """
    words = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text or "")]
    for i, (start, end, word) in enumerate(words):
        level = _compound_level(word)
        span = (start, end)
        if (
            level is None
            and word in _LEVEL_AFTER_LABEL
            and i
            and _is_label_word(words[i - 1][2])
            and not (text or "")[words[i - 1][1] : start].strip()  # "label or", not "label, or"
        ):
            level = _LEVEL_AFTER_LABEL[word]  # "label or", "labellisés or"
            span = (words[i - 1][0], end)
        if level is None and _level_of(word) is not None:
            near = words[max(0, i - _NEAR) : i] + words[i + 1 : i + 1 + _NEAR]
            for n_start, n_end, other in near:
                if _is_label_word(other):
                    level = _level_of(word)
                    span = (min(start, n_start), max(end, n_end))
                    break
        following = words[i + 1][2] if i + 1 < len(words) else ""
        if (
            level is None
            and word in _BARE_LEVELS
            and following not in _LEVEL_AS_TOPIC  # "silver economy" is a topic
            and _beside_search_word(text or "", words, i)
        ):
            level = word  # "DE gold", "gold clusters": a keyword request for labelled clusters
        if level is not None:
            return {"entity": "label", "value": f"{level} label", "start": span[0], "end": span[1]}
    return None


#: The English level words that name the label without a label word when they stand right next
#: to a cluster word or an upper-case country code ("gold clusters in Spain", "DE gold",
#: "clusters silver AT"): a keyword request. (Not "oro", "ouro", "goud": gold as a material
#: and a trade in those languages, "cluster dell'oro".)
_BARE_LEVELS = frozenset({"gold", "silver", "bronze"})
_CODE = re.compile(r"^[A-Z]{2}$")
#: Words after a level word that make it a topic ("silver economy", "silver age").
_LEVEL_AS_TOPIC = frozenset({"economy", "age", "ageing", "aging", "surfers", "mining", "standard"})


def _beside_search_word(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    """Whether word ``i`` stands right next to a cluster/partner word or an upper-case code."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(words):
            start, end, other = words[j]
            if other in _SEARCH_WORDS or other.startswith(_SEARCH_STARTS):
                return True
            if _CODE.match(text[start:end]):
                return True
    return False


def with_text_label(
    text: str | None, entities: Iterable[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """The entities with the label :func:`label_in_text` reads, when NLU found none or only a
    label without a level ("clusters labellisés" -> any label, while "argent" right after it
    names the level silver)."""
    found = [e for e in entities if isinstance(e, Mapping)]
    labels = [e for e in found if e.get("entity") == "label"]
    if any(normalise_label(str(e.get("value") or "")[:100]) != "any" for e in labels):
        return found  # NLU's label names a level (or words of a label): it stands
    label = label_in_text(text) or level_alone(text)
    if label is None:
        return found
    return [*(e for e in found if e.get("entity") != "label"), label]


#: The most words of a message that names a level alone ("and gold?", "nur Gold", "lieber
#: Silber", "et bronze ?", "solo oro", "tylko złote", "alleen goud", "só prata").
MAX_LEVEL_ALONE_WORDS = 4
#: Words beside a level alone that name nothing (folded): "and", "only", "rather", "then",
#: articles, "those", "please", in the eight reply languages; a word of the label itself
#: (:data:`taxonomy.labels.LABEL_NOISE`) too.
_LEVEL_COMPANY = frozenset(
    {
        *("and", "only", "just", "rather", "instead", "then", "please", "the", "ones", "those"),
        *("what", "about", "how", "maybe", "actually", "make", "it", "let's", "lets", "say"),
        *("und", "nur", "lieber", "eher", "dann", "bitte", "die", "doch", "stattdessen", "mal"),
        *("et", "seulement", "uniquement", "plutot", "alors", "svp", "le", "la", "les", "en"),
        *("ceux", "celles", "y", "solo", "solamente", "mejor", "entonces", "los", "las", "el"),
        *("e", "ed", "soltanto", "meglio", "piuttosto", "allora", "il", "i", "quelli", "a"),
        *("tylko", "raczej", "lepiej", "wtedy", "prosze", "te", "moze", "alleen", "liever"),
        *("dan", "de", "het", "maar", "so", "apenas", "antes", "entao", "o", "os", "as"),
        *("ok", "okay", "no", "nein", "non", "nie", "nee", "nao"),
    }
)


def level_alone(text: str | None) -> dict[str, Any] | None:
    """The label entity of a short message that names a level and nothing else ("and gold?",
    "nur Gold", "lieber Silber", "et bronze ?", "solo oro", "tylko złote"). Beside other
    words a level is no label (gold is a material too: "gold mining", "cluster dell'oro"), but
    a message of nothing else is the label level: right after a partner list it narrows the
    list to that level. A topic preposition ("e per l'oro?") makes the level a topic."""
    words = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text or "")]
    if not words or len(words) > MAX_LEVEL_ALONE_WORDS:
        return None
    levels = [(s, e, _level_of(w)) for s, e, w in words if _level_of(w) is not None]
    rest = [w for _, _, w in words if _level_of(w) is None]
    if len(levels) != 1 or any(w not in _LEVEL_COMPANY and w not in LABEL_NOISE for w in rest):
        return None
    start, end, level = levels[0]
    return {"entity": "label", "value": f"{level} label", "start": start, "end": end}


def asks_for_labelled_clusters(
    text: str | None, entities: Iterable[Mapping[str, Any]]
) -> str | None:
    """The label level a message asks clusters to have, when it is a search and not a question
    about the label itself.

    "klastry ze złotym certyfikatem", "Cluster mit dem Label Gold", "clusters labellisés
    bronze", "clusters met zilver label" ask for labelled clusters (a partner search with the
    label filter), whatever NLU ranked first (the label FAQ, a labelling fact); "how does a
    cluster get a gold label?" or "jak nasz klaster może zdobyć brązowy label" ask about the
    label (the FAQ).

    Args:
        text: The message.
        entities: Its entities (NLU's; a label in a compound or declined form is read here).

    Returns:
        ``"gold"``, ``"silver"`` or ``"bronze"``, or None.
    """
    found = with_text_label(text, entities)
    levels = {
        normalise_label(str(e.get("value") or "")[:100])
        for e in found
        if e.get("entity") == "label"
    } & {"gold", "silver", "bronze"}
    if len(levels) != 1:
        return None
    words = [_fold(m.group()) for m in _WORD.finditer(text or "")]
    parts = [p for w in words for p in re.split(r"[-']", w) if p]
    if not any(p in _SEARCH_WORDS or p.startswith(_SEARCH_STARTS) for p in parts):
        return None
    if any(p in _ABOUT_LABEL_WORDS or p.startswith(_ABOUT_LABEL_STARTS) for p in parts):
        return None
    return levels.pop()
