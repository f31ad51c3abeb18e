"""Stop-word lists: words that say nothing about what a user is looking for.

Three lists for three jobs; they differ on purpose, so each has its own name:

* :data:`PARTNER_SEARCH_STOPWORDS`: dropped by the partner keyword index (BM25F) from profiles
  and queries. Part of the index's rules fingerprint: changing it rebuilds the saved keyword
  index.
* :data:`CALL_SEARCH_STOPWORDS`: dropped from SQLite FTS5 queries over funding calls; includes
  the words every call shares ("call", "funding", "grant", "open").
* :data:`TOPIC_FILLER_WORDS`: words of a chat message that say "search" but name no topic ("find
  me some clusters please"); a message with nothing else asks for its topic. Compared as
  lower-cased raw words (apostrophes kept: "i'm", "what's").
* :func:`request_stopwords`: what the title of a partner list ("hydrogen storage · Germany")
  drops, in each reply language: the English lists' words plus the language's function words
  from the ``stop-words`` package (:func:`function_words`) and its request words.

Languages are told apart by lingua (``bot/nlu/language.py``), not by function words.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from taxonomy.text import fold

_PARTNER_TEXT = """
    a about above after again all also am an and any are as at be because been being below
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours
    cluster clusters partner partners company companies organisation organisations organization
    organizations network networks firm firms help find finding looking look search searching
    want wants need needs us please show list give get tell know anyone someone somebody who
    working work works hi hello thanks thank
"""
#: Words the partner keyword index ignores (folded words).
PARTNER_SEARCH_STOPWORDS = frozenset(_PARTNER_TEXT.split())

_CALL_TEXT = """
    a an the and or not nor no near of in on at to for from by with without about into onto over
    under between within via per as than then so if is are was were be been being am do does did
    done have has had having i me my mine we our ours you your yours he him his she her it its they
    them their this that these those there here what which who whom whose when where why how any
    some all each every other such only own same too very can could would should will shall may
    might must also just please find show give tell list search looking look want wants need needs
    know get got help us anything something someone currently now right still yet new
    call calls topic topics funding fund funds funded opportunity opportunities grant grants
    open opened opening forthcoming upcoming closed eu
"""
#: Words that say nothing about a funding topic's subject (chat filler and words every call shares).
CALL_SEARCH_STOPWORDS = frozenset(_CALL_TEXT.split())

#: Words that say "search" but name no topic ("find me some clusters please").
TOPIC_FILLER_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "an",
        "and",
        "any",
        "anyone",
        "anything",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "cluster",
        "clusters",
        "company",
        "companies",
        "could",
        "do",
        "does",
        "doing",
        "else",
        "find",
        "for",
        "from",
        "get",
        "give",
        "good",
        "got",
        "have",
        "help",
        "hi",
        "hello",
        "how",
        "i",
        "i'd",
        "i'm",
        "in",
        "is",
        "it",
        "just",
        "know",
        "like",
        "list",
        "look",
        "looking",
        "looking",
        "may",
        "maybe",
        "me",
        "more",
        "my",
        "need",
        "new",
        "no",
        "now",
        "of",
        "ok",
        "okay",
        "on",
        "one",
        "ones",
        "only",
        "or",
        "organisation",
        "organisations",
        "organization",
        "organizations",
        "other",
        "our",
        "partner",
        "partners",
        "please",
        "pls",
        "project",
        "recommend",
        "same",
        "search",
        "searching",
        "see",
        "show",
        "so",
        "some",
        "someone",
        "something",
        "sth",
        "such",
        "suggest",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "this",
        "to",
        "too",
        "try",
        "us",
        "want",
        "we",
        "we're",
        "what",
        "whats",
        "what's",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "work",
        "working",
        "would",
        "yes",
        "you",
        "your",
        "cooperate",
        "collaborate",
        "connect",
        "contacts",
        "contact",
        "abroad",
        "european",
        "europe",
        "eu",
        "hey",
        "thanks",
        "thank",
        "instead",
        "how",
        "about",
        "ideally",
        "either",
        "fine",
        "change",
        "country",
        "countries",
        "region",
        "sector",
        "stuff",
        "call",
        "calls",
        "open",
        "funding",
        "grant",
        "grants",
        "opportunity",
        "opportunities",
        "current",
        "currently",
        "right",
        "available",
        "proposals",
        "proposal",
        "tenders",
        "tender",
        "money",
        "financing",
        "upcoming",
        "apply",
        "eu-funding",
    ]
)

# --- Function words of the reply languages: the understood request's title --------------------
#
# The title of a partner list says the request as the user would say it ("Textilrecycling ·
# Deutschland"), so it drops the words that name no topic: the function words of the language
# (from the ``stop-words`` package, a maintained list per language, through the generated
# ``function_words.csv``),
# the English ones above (users mix English into every language), and the few words a request
# for partners uses in each language (the English ones are in ``_PARTNER_TEXT``).

#: Words of a request for partners that name no topic, per reply language besides English.
_REQUEST_TEXT = {
    "de": """partner partnern partnerin partnerinnen cluster clustern netzwerke unternehmen firma
        firmen organisation organisationen suche suchen sucht gesucht finden finde zeig zeige
        zeigen bitte brauche brauchen benötigen möchte möchten hallo danke arbeiten arbeitet gibt""",
    "fr": """partenaire partenaires pôle pôles cluster clusters entreprise entreprises société
        sociétés organisation organisations cherche cherchons cherchez recherche recherchons
        trouver trouvez montrer montre montrez merci bonjour besoin voudrais voudrions
        travaillent travaille travaillant""",
    "es": """socio socios clúster clústeres cluster clusters empresa empresas organización
        organizaciones busco buscamos buscando buscar encontrar muestra muéstrame necesito
        necesitamos gracias hola favor trabajen trabajan hay existen""",
    "it": """partner cluster azienda aziende impresa imprese organizzazione organizzazioni cerco
        cerchiamo cercare trovare mostra mostrami grazie ciao favore bisogno occupa occupano
        lavorano esistono""",
    "pl": """partner partnera partnerów partnerzy partnerami klaster klastra klastry klastrów
        klastrami firma firmy firm przedsiębiorstwa organizacja organizacje szukam szukamy
        szukać znaleźć pokaż proszę potrzebuję potrzebujemy dziękuję cześć partnerem
        partnerką partnerami partnerskich współpracować współpracy współpracę współpracują
        mógłby mogłaby mogłoby mogliby mogłyby mogą może""",
    "nl": """partner partners cluster clusters bedrijf bedrijven organisatie organisaties zoek
        zoeken vinden toon graag alstublieft bedankt hallo nodig werken""",
    "pt": """parceiro parceiros parceira parceiras cluster clusters clúster empresa empresas
        organização organizações procuro procuramos procurar encontrar mostra mostre obrigado
        obrigada olá favor preciso precisamos trabalham existem há""",
}

#: Words the package lists as function words that name a topic in this assistant's requests
#: ("avions": aircraft; "valor"/"valeur": the value chain).
_TOPIC_WORDS = {
    "fr": "avions valeur",
    "es": "valor",
    "pt": "valor",
    "it": "lavoro",
}


#: The function words of DE FR ES IT PL NL PT, ``language,word`` per line: generated from the
#: pinned ``stop-words`` package by :mod:`knowledge.function_words` (a test keeps them equal).
FUNCTION_WORDS_CSV = Path(__file__).resolve().parent / "function_words.csv"


@lru_cache(maxsize=1)
def _function_word_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    with FUNCTION_WORDS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["language"], set()).add(row["word"])
    return {code: frozenset(words) for code, words in table.items()}


@lru_cache(maxsize=16)
def function_words(language: str) -> frozenset[str]:
    """The function words of one language, folded (:func:`taxonomy.text.fold`).

    Args:
        language: An ISO 639-1 code.

    Returns:
        The ``stop-words`` package's list for the language (:data:`FUNCTION_WORDS_CSV`) less
        :data:`_TOPIC_WORDS`; empty for English (its lists are the curated ones above) and for
        a language without a list.
    """
    code = (language or "").lower()
    keep = set(_TOPIC_WORDS.get(code, "").split())
    words = _function_word_table().get(code, frozenset())
    return frozenset(fold(w) for w in words if w not in keep and fold(w))


@lru_cache(maxsize=16)
def request_stopwords(language: str) -> frozenset[str]:
    """The folded words a partner request's title drops in a conversation in ``language``.

    English function and request words always (:data:`PARTNER_SEARCH_STOPWORDS`), plus the
    language's function words (:func:`function_words`) and its request words.
    """
    code = (language or "").lower()
    own = {fold(w) for w in _REQUEST_TEXT.get(code, "").split()}
    return PARTNER_SEARCH_STOPWORDS | function_words(code) | own


#: Words of a request for funding calls that name no topic, per reply language besides English
#: (the English ones are in :data:`CALL_SEARCH_STOPWORDS`).
_CALL_REQUEST_TEXT = {
    "de": """ausschreibung ausschreibungen förderaufruf förderaufrufe aufruf aufrufe förderung
        fördermittel offen offene offenen laufende aktuelle gibt gerade aktuell derzeit zurzeit
        momentan""",
    "fr": """appel appels ouvert ouverts ouverte ouvertes financement financements subvention
        subventions""",
    "es": """convocatoria convocatorias abierta abiertas abierto abiertos financiación
        subvención subvenciones hay existen existe""",
    "it": """bando bandi invito inviti aperto aperti aperta aperte finanziamento finanziamenti
        esistono esiste""",
    "pl": """nabór nabory konkurs konkursy otwarty otwarte otwartych dofinansowanie
        finansowanie istnieją naborów naboru naborach naborami konkursów konkursu konkursach
        temat tematu""",
    "nl": """oproep oproepen open openstaande subsidie subsidies financiering bestaan""",
    "pt": """convite convites concurso concursos aberto abertos aberta abertas financiamento
        existem existe há""",
}

_WORD = re.compile(r"[\w][\w'&+.-]*", re.UNICODE)
#: A word in capitals: an acronym ("AI", "ICT"), never a function word.
_ACRONYM = re.compile(r"(?=.*[A-Z])[A-Z0-9][A-Z0-9&+-]+")


@lru_cache(maxsize=16)
def call_request_stopwords(language: str) -> frozenset[str]:
    """The folded words a calls request's title drops in a conversation in ``language``."""
    code = (language or "").lower()
    words = f"{_CALL_REQUEST_TEXT.get(code, '')} {_REQUEST_TEXT.get(code, '')}".split()
    own = {fold(w) for w in words}
    return CALL_SEARCH_STOPWORDS | PARTNER_SEARCH_STOPWORDS | function_words(code) | own


def topic_words(query: str, stopwords: frozenset[str]) -> str:
    """The query's meaningful words as the user wrote them ("l'hydrogène" -> "hydrogène").

    Drops ``stopwords`` (folded), an elided article before an apostrophe, single letters and a
    hyphenated word made only of those ("a-t-il"); a word in capitals (an acronym such as
    "AI") is always kept.
    """
    kept = []
    for word in _WORD.findall(query or ""):
        head, apostrophe, tail = word.partition("'")
        if apostrophe and tail and fold(head) in stopwords:
            word = tail  # l'hydrogène, dell'idrogeno, what's
        parts = fold(word).split()  # "a-t-il": every part a function word
        named = any(len(p) > 1 and p not in stopwords for p in parts)
        if _ACRONYM.fullmatch(word) or (named and " ".join(parts) not in stopwords):
            kept.append(word)
    return " ".join(kept)
