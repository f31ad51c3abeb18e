"""The topic of a calls request in another language: the request's frame words left out.

"Gibt es offene Ausschreibungen zur Kreislaufwirtschaft?", "¿Hay convocatorias abiertas sobre
turismo sostenible?", "Jsou otevřené výzvy na oběhové hospodářství?": a message in another
language is embedded whole by the multilingual encoder (the English stop-word rules do not apply
to it), so the words of the request ("are there", "open", "calls", "funding", "about") weigh in
the query vector as much as the topic. :func:`topic_text` leaves them out in the message's own
language and keeps every other word as written.

The words are, per language, the question openers, the nouns of a call or of funding, "open",
"currently", "EU/European", the request verbs ("show me", "looking for") and the prepositions
that tie them to the topic; written from each language's grammar, never from evaluation texts.
Measured with ``python -m bench.calls_requests`` (docs/benchmarks.md, "Calls requests in ten
languages, session 12").
"""

from __future__ import annotations

import re
from functools import cache

from taxonomy.text import fold

#: Folded frame words per language (a word of the message is left out when its folded form is
#: one of them).
_FRAME: dict[str, str] = {
    "de": "gibt es gibts welche welcher welches aktuell derzeit gerade laufen laufende offene"
    " offenen offen ausschreibung ausschreibungen aufruf aufrufe forderaufruf forderaufrufe"
    " foerderung forderung forderungen fordermittel fordergelder finanzierung"
    " finanzierungsmoglichkeiten zuschuss zuschusse eu europaische europaischen zu zur zum fur"
    " im bereich uber thema themen zeig zeige mir bitte wir suchen suche ich haben sie die der das den dem",
    "fr": "y a t il existe des les la le l d de du aux au appel appels ouverts ouvert ouverte"
    " ouvertes projets propositions financement financements subvention subventions aide"
    " aides europeens europeennes europeen ue sur pour dans en quels quelles quel montre moi theme sujet"
    " je cherche nous cherchons actuellement sont est",
    "es": "hay existen existe alguna algun algunas algunos convocatoria convocatorias abierta"
    " abiertas abierto abiertos ayuda ayudas financiacion subvencion subvenciones europea"
    " europeas ue sobre para de del en que cuales muestrame muestreme busco buscamos"
    " oportunidades actualmente el la los las tema",
    "it": "ci sono c e esistono bando bandi aperti aperto aperte aperta contributi contributo"
    " finanziamento finanziamenti opportunita ue europei europee sul sulla sui sulle su per"
    " di del della dei nel nella quali quale mostrami cerco cerchiamo attualmente il lo la"
    " i gli le sull dell nell all dall coll l un tema",
    "pl": "czy sa jest jakie jaki jakies otwarte otwarty otwartych nabor nabory naborow naboru"
    " konkurs konkursy dotacja dotacje dotacji dofinansowanie dofinansowania finansowanie"
    " finansowania unijne unijnych ue dotyczace dotyczacych na w zakresie obszarze dla o wnioskow"
    " pokaz mi szukam szukamy mozliwosci obecnie temat tematu",
    "nl": "zijn is er welke open openstaande oproep oproepen subsidie subsidies"
    " subsidieoproepen financiering financieringsmogelijkheden eu europese over voor rond"
    " op het gebied van laat me zien toon ik wij zoek zoeken momenteel de het een thema onderwerp",
    "pt": "ha existe existem algum alguma concurso concursos aberto abertos aberta abertas"
    " apoio apoios financiamento financiamentos oportunidades europeu europeus ue sobre"
    " para em de do da dos das que quais mostra me mostre procuro procuramos atualmente o a"
    " os as edital editais chamada chamadas publica publicas tem tema",
    "cs": "jsou je existuje nejake jake otevrene otevrena vyzva vyzvy vyzev dotace dotaci"
    " financovani moznosti evropske eu na pro v oblasti k ukaz mi hledam hledame aktualne",
    "sk": "su je existuje nejake ake otvorene vyzva vyzvy dotacie financovanie moznosti"
    " europske eu na pre v oblasti k ukaz mi hladam hladame",
    "sv": "finns det ar nagra vilka oppna oppen utlysning utlysningar bidrag finansiering"
    " finansieringsmojligheter eu europeiska om for inom visa mig jag vi letar efter soker"
    " just nu",
    "da": "er der nogen hvilke abne aben indkaldelse indkaldelser tilskud finansiering eu"
    " europaeiske om til inden for vis mig jeg vi leder efter soger",
    # session 13: the other e5 languages
    "ro": "exista sunt este ce care apel apeluri deschis deschise deschisa cerere cereri"
    " finantare finantari finantarea grant granturi fonduri oportunitati ue europene europeana"
    " europene pentru privind despre in pe de la arata mi caut cautam momentan acum",
    "hu": "van vannak e milyen melyik mely nyitott nyitva palyazat palyazatok palyazati"
    " felhivas felhivasok kiiras kiirasok tamogatas tamogatasok finanszirozas eu europai"
    " unios a az teruleten szamara keresek keresunk mutasd mutass meg jelenleg aktualis",
    "fi": "onko onks loytyyko mita mitka avoimia avoin avoimet avoinna haku haut hakuja"
    " rahoitus rahoitusta rahoitushaku rahoitushakuja tuki tukea avustus avustuksia eu eun"
    " euroopan etsin etsimme nayta minulle talla hetkella nyt",
    "el": "υπαρχουν υπαρχει ποιες ποια ποιοι ανοιχτες ανοιχτη ανοικτες ανοιχτα προσκληση"
    " προσκλησεις χρηματοδοτηση χρηματοδοτησεις επιχορηγηση επιχορηγησεις ευκαιριες εε"
    " ευρωπαικες ευρωπαικα ευρωπαικη για σχετικα με στην στον στο στα στις τη την το τα οι η"
    " δειξε μου ψαχνω ψαχνουμε",
    "sl": "ali so je obstajajo kateri katere odprti odprte odprt razpis razpisi razpisov"
    " poziv pozivi financiranje sredstva nepovratna eu evropski evropske za na o v s podrocju"
    " pokazi mi iscem iscemo trenutno",
    "hr": "ima li postoje koji koje otvoreni otvorene otvoren otvorenih natjecaj natjecaji"
    " natjecaja poziv pozivi poziva financiranje sredstva bespovratna eu europski europske za"
    " na o u podrucju pokazi mi trazim trazimo trenutno",
    "bg": "има ли какви кои отворени отворена отворен покана покани процедура процедури"
    " финансиране безвъзмездно ес европейски европейско европейски за по в на относно покажи"
    " ми търся търсим момента",
    "et": "kas on leidub millised avatud taotlusvoor taotlusvoorud voor voorud konkurss"
    " rahastus rahastust toetus toetused el euroopa jaoks kohta naita mulle otsin otsime praegu",
    "lv": "vai ir kadi kadas atverti atvertie atklati konkurss konkursi uzsaukums uzsaukumi"
    " finansejums atbalsts es eiropas par uz jomā paradi man mekleju meklejam pasreiz",
    "lt": "ar yra kokie kokios atviri atviras kvietimas kvietimai konkursas konkursai"
    " finansavimas parama es europos del apie srityje parodyk man ieskau ieskome siuo metu",
    "ga": "an bhfuil aon glaonna glao oscailte maoiniu deontais deontas ae eorpach ar do faoi"
    " i le taispeain dom ta me ag lorg",
    "mt": "hemm xi sejħiet sejħa miftuħa miftuħin finanzjament għotjiet ue ewropej ewropea"
    " dwar għal fuq fil urini qed infittex bħalissa",
}

#: English words of a calls request that chat users mix into every language ("drohnen calls",
#: "bandi ia funding"): the call nouns, never a topic.
_ENGLISH_MIXED = "call calls funding grant grants tender tenders"


#: The frame words that name calls themselves (a call, a tender, a call for proposals) in the
#: languages whose lexicon does not gloss them as "call": a lower-case message with one asks for
#: calls, whatever programme it names (:mod:`knowledge.facts.foreign`).
_CALL_NOUNS: dict[str, str] = {
    "pt": "chamada chamadas edital editais concurso concursos",
    "cs": "vyzva vyzvy vyzev",
    "sk": "vyzva vyzvy",
    "sv": "utlysning utlysningar",
    "da": "indkaldelse indkaldelser",
    "ro": "apel apeluri",
    "hu": "palyazat palyazatok felhivas felhivasok kiiras kiirasok",
    "fi": "haku haut hakuja rahoitushaku rahoitushakuja",
    "el": "προσκληση προσκλησεις",
    "sl": "razpis razpisi razpisov poziv pozivi",
    "hr": "natjecaj natjecaji natjecaja poziv pozivi poziva",
    "bg": "покана покани процедура процедури",
    "et": "taotlusvoor taotlusvoorud konkurss",
    "lv": "konkurss konkursi uzsaukums uzsaukumi",
    "lt": "kvietimas kvietimai konkursas konkursai",
    "ga": "glao glaonna",
    "mt": "sejħiet sejħa",
}


@cache
def call_nouns(language: str | None) -> frozenset[str]:
    """The folded frame words of a language that name calls (see :data:`_CALL_NOUNS`), with
    the English call nouns chat users mix in; only the English ones for other languages."""
    words = _CALL_NOUNS.get(language or "", "")
    return frozenset(fold(f"{words} call calls tender tenders").split())


@cache
def frame_words(language: str | None) -> frozenset[str]:
    """The folded frame words of a language (folded once, not on every calls search).

    Args:
        language: ISO 639-1 code; ``None`` for the words of every language's frame.

    Returns:
        The language's frame words plus the English call nouns mixed into chat messages
        (:data:`_ENGLISH_MIXED`); empty for a language without a list (English: its request
        words are :data:`taxonomy.stopwords.CALL_SEARCH_STOPWORDS`).
    """
    if language is None:
        return frozenset().union(*(frame_words(code) for code in _FRAME))
    if language not in _FRAME:
        return frozenset()
    return frozenset(fold(_FRAME[language] + " " + _ENGLISH_MIXED).split())


_TOKEN = re.compile(r"[^\s]+")


def topic_text(text: str, language: str | None) -> str:
    """A calls request without its frame words, in the message's language.

    Args:
        text: The message (entity spans already removed by the caller, if any).
        language: Its language (ISO 639-1); languages without a list keep the text.

    Returns:
        The remaining words as written, or ``""`` when the message is all frame ("Gibt es offene
        Ausschreibungen?", "bandi aperti?"): the request names no topic, and the caller asks
        for one as it does in English.
    """
    frame = frame_words(language) if isinstance(language, str) else frozenset()
    if not frame or not isinstance(text, str):
        return text
    kept = []
    for token in _TOKEN.findall(text):
        head, apostrophe, tail = token.partition("'") if "'" in token else token.partition("’")
        if apostrophe and tail and fold(head) in frame:
            token = tail  # "l'économie", "sull'idrogeno": the elided article or preposition
        parts = fold(token).split()
        if parts and all(p in frame for p in parts):
            continue
        kept.append(token.strip("?¿!¡.,;:"))
    return " ".join(w for w in kept if w).strip()
