"""Requests to change the conversation's language: "in English please", "auf Deutsch bitte",
"en français", "¿puede hablar en español?", "po polsku proszę", "in het Nederlands", "em português".

A rule, not a trained intent: the request is short and names a reply language in a fixed form
("English", "Deutsch", "français", "po polsku"...), in any of the eight reply languages, so a word
list says it more reliably than a classifier trained on a few dozen examples would, and it needs
no training data that the other features' data could be confused with. A message is a request
when:

* it has at most :data:`MAX_WORDS` words;
* it names exactly one reply language with one of :data:`LANGUAGE_NAMES` (the language's name
  as an adverb or noun; "German" and "Deutsch", never the country: "Germany", "Deutschland");
* every word after the name is a courtesy or filler word (:data:`TRAILING`): "please",
  "bitte", "s'il vous plaît", "por favor"..., so "German clusters" or "clusters in German
  regions" are not requests;
* it has a switch shape: the name opens the message ("Deutsch bitte", "English?") or follows a
  word of :data:`SWITCH_BEFORE` (a language preposition: "in", "auf", "en", "po", "em", "in het";
  or a verb or pronoun of speaking: "speak", "parlez-vous", "hablar", "parlare"), so a nationality
  adjective after a noun ("nous cherchons des partenaires polonais", "wir suchen polnische
  Partner") is never a request;
* it has no word of :data:`VETO` (negations, learning, translating) and no word beginning like
  one of :data:`VETO_STEMS` (any form of "translate");
* the caller found no place, sector or technology in it (``bot.nlu.language`` passes that).

Used by :class:`bot.nlu.language.LanguageDetector`, which then marks the message with the
``switch_language`` intent and the requested language.
"""

from __future__ import annotations

import re

from taxonomy import fold

#: Longest message (in words) read as a request to change the language.
MAX_WORDS = 8
#: ... or, when a verb of going on, switching or replying comes before the name (:data:`GO_ON`),
#: the furthest word the name may be ("would it be possible to continue this conversation in
#: English?", "is it OK if we carry on in English?"; session 20).
MAX_WORDS_WITH_VERB = 12
#: Most courtesy, time or filler words after the name ("... en español a partir de ahora", "...
#: for the rest of the chat").
MAX_TRAILING = 6

#: How each reply language is named, in each of the eight reply languages (folded: lower case,
#: no accents). Adverb forms too: Polish "po angielsku", Dutch "Engels".
LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "englisch", "anglais", "ingles", "inglese", "angielsku", "angielski",
           "engels"),
    "de": ("german", "deutsch", "allemand", "aleman", "tedesco", "niemiecku", "niemiecki",
           "duits", "alemao"),
    "fr": ("french", "franzosisch", "francais", "frances", "francese", "francusku",
           "francuski", "frans"),
    "es": ("spanish", "spanisch", "espagnol", "espanol", "castellano", "spagnolo",
           "hiszpansku", "hiszpanski", "spaans", "espanhol", "castelhano"),
    "it": ("italian", "italienisch", "italien", "italiano", "wlosku", "wloski", "italiaans"),
    "pl": ("polish", "polnisch", "polonais", "polaco", "polacco", "polsku", "polski", "pools"),
    "nl": ("dutch", "niederlandisch", "hollandisch", "neerlandais", "hollandais", "neerlandes",
           "holandes", "olandese", "niderlandzku", "holendersku", "nederlands", "hollands"),
    "pt": ("portuguese", "portugiesisch", "portugais", "portugues", "portoghese",
           "portugalsku", "portugalski", "portugees"),
}  # fmt: skip

#: Words that may follow the language's name in a request (folded): courtesy, "now", and the
#: verbs some languages put last.
_COURTESY = (
    "please pls plz svp thanks thank you bitte danke s il sil vous plait merci por favor gracias "
    "per favore grazie prosze dziekuje alsjeblieft alstublieft graag dank u je obrigado "
    "obrigada ok okay now jetzt maintenant ahora ora adesso teraz nu agora from here on "
    "instead stattdessen plutot "
    # time words: "from now on", "ab sofort", "désormais", "a partir de ahora", "d'ora in poi",
    # "od teraz", "vanaf nu", "a partir de agora"
    "sofort ab von nun an desormais dorenavant partir de a d poi in od vanaf "
    # "if possible", "wenn möglich", "si possible", "si es posible", "se possibile", "jeśli
    # można", "indien mogelijk", "se possível"
    "if possible wenn moglich si es posible se possibile jesli jezeli mozna indien mogelijk "
    "possivel "
    # "English would be easier for me", "Deutsch wäre besser", "mejor para mí"
    "would be is easier better simpler for me us ware einfacher besser leichter mir uns "
    "serait plus simple mieux pour moi nous seria mas facil para mi nosotros sarebbe piu "
    "meglio per noi byloby latwiej lepiej dla mnie nas zou makkelijker beter voor mij ons "
    "melhor mim "
    # "¿vale?", "da adesso", "for the rest of the chat", "pour la suite de la conversation",
    # "para el resto de la conversación", "per il resto della conversazione", "für den Rest des
    # Gesprächs", "voor de rest van het gesprek", "do końca rozmowy", "o resto da conversa"
    "vale da the rest of chat conversation suite la el resto della il den des rest gesprachs "
    "gesprach chats van het gesprek do konca rozmowy conversa conversacao conversacion "
    "conversazione "
    # "going forward", "with me", "if that's ok", "for the remaining questions"
    "going forward onwards on with that s remaining questions answers replies mit mir avec "
    "moi con conmigo me"
)
#: Verbs that end a request in German, Dutch and Polish word order ("auf Englisch antworten").
_FINAL_VERBS = (
    "antworten schreiben sprechen weiter weitermachen fortfahren antwoorden schrijven spreken "
    "verder praten odpowiadac odpowiedz pisac mowic rozmawiac repondre parler continuer "
    "responder hablar continuar rispondere parlare continuare falar escrever "
    # verbs of switching put last ("auf Deutsch wechseln", "naar het Nederlands overschakelen")
    "wechseln umstellen umschalten umsteigen weiterreden overschakelen overstappen overgaan "
    "wisselen przejsc przejdzmy zmienic passer changer cambiar pasar cambiare passare mudar "
    # a zu-infinitive or a modal verb put last ("auf Deutsch fortzufahren", "in het Nederlands
    # willen antwoorden", "auf Englisch antworten könnten")
    "zu fortzufahren weiterzumachen weiterzusprechen willen kunnen konnen konnten mochten "
    "wurden fortsetzen weiterfuhren gaan"
)
TRAILING = frozenset(f"{_COURTESY} {_FINAL_VERBS}".split())

#: Words that make a message about a language something else than a request to use it:
#: negations ("ich verstehe kein Englisch", "je ne parle pas anglais") and learning or
#: translating ("i want to learn spanish", "translate this letter into French").
_VETO_WORDS = (
    "not dont cannot cant never doesn don isn aren didn won wouldn kein keine nicht ne pas non nie niet geen nao nunca "
    "learn learning translate translation translating into lernen ubersetzen ubersetzung "
    "apprendre traduire traduction aprender traducir traduccion imparare tradurre traduzione "
    "nauczyc uczyc tlumaczyc przetlumaczyc leren vertalen vertaling traduzir traducao"
)
VETO = frozenset(_VETO_WORDS.split())
#: Beginnings of the verbs and nouns of translating in the eight languages, whatever their form
#: ("traduce", "traduzca", "traduis", "traduci", "traduz", "ubersetze", "vertaal", "przetlumacz",
#: "translated"): "translate my CV into German" asks for a translation, not for German replies.
VETO_STEMS = (
    "translat", "tradu", "ubersetz", "vertaal", "vertal", "tlumacz", "tłumacz", "przetlumacz",
    "przetłumacz",
)  # fmt: skip

#: Words that name a thing to put into a language (folded): demonstratives and documents in the
#: eight languages ("put this contract into English", "mets ce texte en anglais", "zet dit in het
#: Engels"). A message with one of them asks for a translation of that thing, not for replies in
#: the language. Not "to", "te", "die", "dat", "it": function words of other reply languages too.
_OBJECT_WORDS = (
    "this that these those text document documents contract letter email mail message sentence "
    "paragraph page website cv resume invoice offer version "
    "dies diese diesen dieses text dokument vertrag brief nachricht satz absatz seite lebenslauf "
    "angebot rechnung fassung "
    "ca cela ceci cette ces texte contrat lettre courriel phrase paragraphe offre facture "
    "esto este esta estos estas eso esa ese texto documento contrato carta correo mensaje frase "
    "pagina oferta factura version "
    "questo questa questi queste quello testo contratto lettera messaggio pagina offerta fattura "
    "versione "
    "tekst dokument umowe umowa umowy wiadomosc zdanie strone oferte fakture wersje wersja "
    "dit deze tekst brief bericht zin offerte factuur versie "
    "isto isso esse essa mensagem proposta fatura versao"
)
OBJECT_WORDS = frozenset(_OBJECT_WORDS.split())
#: The demonstratives among them: after the language's name they point at no thing to translate
#: ("switch to English if that's ok", "auf Deutsch, wenn das geht").
_DEMONSTRATIVES = (
    "this that these those dies diese das ca cela ceci esto eso questo quello dit deze isto isso"
)
DEMONSTRATIVES = frozenset(_DEMONSTRATIVES.split())
#: Beginnings of verbs of putting something into a language ("pásamelo al inglés", "mets-le en
#: anglais", "zet het om", "rendere in inglese", "convert", "umwandeln", "przełóż").
CONVERT_STEMS = (
    "pasamel", "pasalo", "pasala", "ponlo", "ponme", "mets", "mettre", "mettez", "omzet", "zet", "convert",
    "umwand", "umschreib", "przeloz", "rendere", "rendilo", "metti", "poe", "transform",
)  # fmt: skip

#: German names of a language as a noun after "ins"/"das" ("wechseln wir ins Deutsche", "bitte
#: ins Englische"): read only there, since "deutsche Cluster" names a country (the place finder
#: reads :data:`LANGUAGE_NAMES` as no country, so these are not in it).
GERMAN_NOUN_FORMS = {
    "englische": "en", "deutsche": "de", "franzosische": "fr", "spanische": "es",
    "italienische": "it", "polnische": "pl", "niederlandische": "nl", "portugiesische": "pt",
}  # fmt: skip

#: Names that are also place names in another reply language count only after one of these
#: words: German "Italien" is Italy ("Cluster Lebensmittel Italien"), French "en italien" the
#: language; Polish "z Polski" is "from Poland", "po polski"/"język polski" the language.
AMBIGUOUS: dict[str, frozenset[str]] = {
    "italien": frozenset({"en"}),
    "polski": frozenset({"po", "jezyk", "jezyku", "na"}),
}

#: Words after which a language's name asks for that language (folded): the prepositions that
#: put a reply in a language ("in English", "auf Deutsch", "en français", "po polsku", "em
#: português", "in het Nederlands", "switch to English", "cambiar al inglés", "mudar para
#: inglês", "przejdźmy na polski") and the verbs and pronouns of speaking ("speak English",
#: "parlez-vous allemand", "sprechen Sie Deutsch", "vous pouvez parler anglais").
_SWITCH_BEFORE = (
    "in auf en em po al het op to a ao para na into "
    "speak speaking talk use switch change reply answer respond write "
    "sprechen sprichst sprechen sie du parler parlez parles parle vous hablar hablas habla hable "
    "usted parlare parli parla parlate lei mowic mowisz mowi spreken spreek spreekt jij u falar "
    "fala falas fale voce je "
    # "wechsle zu Deutsch", "passons au français", "passa all'italiano", "schakel over naar het
    # Nederlands", "przejdźmy na polski", "ab jetzt Deutsch"
    "zu zum ins au all alla allo l naar na jetzt now maintenant ahora ora adesso teraz nu agora "
    # "sprechen Sie auch Deutsch?", "do you also speak German", "habla también español"
    "auch also too aussi tambien anche tez ook tambem "
    # "können wir Deutsch sprechen?", "kunnen wij Engels praten?", "on peut, nous, ..." (a
    # pronoun of the speakers before the name; the words after it must still be TRAILING)
    "wir wij we nous noi "
    # "do you understand English?", "verstehen Sie Deutsch?", "vous comprenez le français ?"
    "understand verstehen verstehst comprenez comprends entiende entiendes entienden capisce "
    "capisci rozumiesz rozumie begrijpt begrijp entende entendes "
    # "bitte Deutsch", "please German": a courtesy word before the name
    "bitte please pls svp prosze graag porfavor favore favor "
    # a preference ("I'd prefer English", "je préfère le français", "lieber Deutsch", "mejor
    # en español", "preferisco l'italiano", "wolę po polsku", "liever Nederlands", "prefiro o
    # português") and the article some languages put before the name
    "prefer rather preferably lieber bevorzuge bevorzugen prefere preferons preferiez "
    "prefiero preferimos preferiria mejor preferisco preferiamo preferirei meglio wole wolimy "
    "wolalbym wolalabym liever prefiro preferia melhor le el il lo o"
)
SWITCH_BEFORE = frozenset(_SWITCH_BEFORE.split())

#: Verbs of going on, switching or replying (folded) that let a longer message end in a request
#: (:data:`MAX_WORDS_WITH_VERB`): "would it be possible to continue this conversation in
#: English?", "pourriez-vous continuer la discussion en français ?", "könnten wir das Gespräch
#: bitte auf Deutsch weiterführen?" (the verb after the name is a :data:`TRAILING` word).
_GO_ON = (
    "continue carry go keep proceed switch change reply answer respond write talk speak chat "
    "continuer poursuivre passer repondre parler ecrire continuar seguir pasar cambiar "
    "responder contestar hablar escribir continuare proseguire passare rispondere parlare "
    "scrivere kontynuowac przejsc odpowiadac odpowiedziec pisac mowic rozmawiac doorgaan "
    "verder overstappen antwoorden schrijven spreken praten prosseguir mudar passar falar "
    "escrever weitermachen fortfahren weiter wechseln antworten schreiben sprechen"
)
GO_ON = frozenset(_GO_ON.split())

#: Nouns of the conversation itself (folded): "this conversation", "ce chat", "dieses
#: Gespräch" name no thing to translate (:func:`translation_request`).
_CONVERSATION_NOUNS = (
    "conversation chat discussion gesprach unterhaltung conversacion charla conversazione "
    "rozmowa rozmowe rozmowy gesprek conversa conversacao"
)
CONVERSATION_NOUNS = frozenset(_CONVERSATION_NOUNS.split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: The intent of a request to change the language (set by :mod:`bot.nlu.language`).
SWITCH = "switch_language"
_NAME_TO_CODE = {name: code for code, names in LANGUAGE_NAMES.items() for name in names}


def translation_request(text: str | None) -> bool:
    """Whether a message asks for something to be translated or put into a language.

    "Translate this contract into English", "mets ce texte en anglais", "pásamelo al inglés":
    a word of translating (:data:`VETO_STEMS`), a thing to put into the language
    (:data:`OBJECT_WORDS`) or a verb of putting something into one (:data:`CONVERT_STEMS`),
    together with a language's name. Such a message is no request to change the conversation's
    language; the assistant does not translate (it is out of scope).

    Args:
        text: The user's message.

    Returns:
        True when the message names a language and asks for a translation.
    """
    if not isinstance(text, str) or len(text) > 400:
        return False
    words = _WORD.findall(fold(text))
    if not any(word in _NAME_TO_CODE for word in words):
        return False
    last_name = max(i for i, word in enumerate(words) if word in _NAME_TO_CODE)
    return any(
        word.startswith(VETO_STEMS)
        or (
            word in OBJECT_WORDS
            and not _names_the_conversation(words, index)
            and not (index > last_name and word in DEMONSTRATIVES)
        )
        or word.startswith(CONVERT_STEMS)
        for index, word in enumerate(words)
    )


def _names_the_conversation(words: list[str], index: int) -> bool:
    """Whether the object word at ``index`` is a demonstrative of the conversation itself
    ("continue this conversation in English"), not a thing to translate."""
    return index + 1 < len(words) and words[index + 1] in CONVERSATION_NOUNS


def names_a_nationality(text: str | None) -> bool:
    """Whether a language's name or a country adjective in the message stands next to a noun of
    what is searched or of a company ("des partenaires polonais", "polnische Firmen", "aziende
    italiane"): a
    nationality, so a classifier's ``switch_language`` for it is wrong (the rule above never
    reads it as a request: :func:`requested_language`)."""
    from bot.nlu.place_adjectives import adjective_table, nearest_noun

    if not isinstance(text, str) or len(text) > 400:
        return False
    words = _WORD.findall(fold(text))
    forms = adjective_table()  # "polnische", "tedesche", "italianas", "duitse"
    return any(
        (w in _NAME_TO_CODE or w in forms) and nearest_noun(words, i) for i, w in enumerate(words)
    )


def without_switch(ranking: object) -> dict | None:
    """The best intent of a ranking other than ``switch_language`` (``None`` if none)."""
    if not isinstance(ranking, list):
        return None
    return next(
        (r for r in ranking if isinstance(r, dict) and r.get("name") not in (None, SWITCH)),
        None,
    )


#: Where a message falls into clauses: sentence and clause punctuation, a dash between words,
#: and the conjunctions that give a reason ("because", "weil", "car", "porque", "que",
#: "perché", "bo", "want").
_CLAUSES = re.compile(
    r"[.,;:!?¿¡()]+|\s[-–—]+\s|\s(?:because|since|as|weil|da|denn|car|parce\s+que|puisque|porque|que|"
    r"pues|perché|perche|poiché|siccome|bo|ponieważ|poniewaz|gdyż|want|omdat|pois|"
    r"já\s+que)\s",
    re.IGNORECASE | re.UNICODE,
)
#: The most words of a message whose one clause asks for a language and whose others say why.
MAX_WORDS_WITH_REASON = 24
#: Words of a clause that only greets or apologises ("sorry, ...", "perdón, ...").
_APOLOGY_WORDS = (
    "sorry hi hello hey ok okay oh excuse me pardon desole desolee entschuldigung "
    "entschuldige hallo perdon disculpa disculpe hola scusa scusi scusate ciao "
    "przepraszam czesc sorry hoi excuses desculpa desculpe ola oi um uh hm "
    # session 20: "hi again", "perdona", "¿vale?", "est-ce que ...", "would it be possible,
    # ...", "wäre es möglich, ...", "sería posible", "sarebbe possibile", "zou het kunnen"
    "again nochmal encore otra vez perdona perdone vale est ce would it be possible ware es "
    "moglich seria posible sarebbe possibile zou het kunnen mogelijk zijn czy byloby mozliwe "
    "possivel"
)
_APOLOGY = frozenset(_APOLOGY_WORDS.split())


def requested_language(text: str | None) -> str | None:
    """The reply language a short message asks the assistant to use, if it asks for one.

    A request may come with a reason in a clause of its own ("Mejor en español, que mi jefe
    no habla inglés", "Auf Deutsch bitte, mein Englisch ist nicht so gut"): one clause is the
    request (the rules below, read on that clause alone) and every other clause names another
    language (why the switch is asked) or only greets or apologises.

    Args:
        text: The user's message.

    Returns:
        The ISO 639-1 code of the requested reply language, or ``None`` when the message is
        not such a request (too long, names no or two languages, goes on after the name).
    """
    if not isinstance(text, str) or len(text) > 200:
        return None
    code = _requested_in(text)
    if code is not None or len(_WORD.findall(text)) > MAX_WORDS_WITH_REASON:
        return code
    if translation_request(text):
        return None
    clauses = [c for c in _CLAUSES.split(text) if _WORD.search(c or "")]
    for index, clause in enumerate(clauses):
        code = _requested_in(clause)
        others = clauses[:index] + clauses[index + 1 :]
        if code is not None and others and all(_gives_reason(o, code) for o in others):
            return code
    return None


#: Words of a clause beside a request that only agrees or names the switch itself ("please.",
#: "that would be better", "lo prefiero", "das wäre mir lieber", "change language: English"),
#: folded; with :data:`TRAILING` and :data:`_APOLOGY` words.
_ASIDE_WORDS = (
    "please bitte svp por favor per favore prosze alsjeblieft alstublieft i d id prefer that it "
    "lo la le prefiero prefiro preferisco prefere prefereren liever lieber das dat to isso eso "
    "cela ca change switch set language sprache langue idioma lingua jezyk taal wechseln "
    "cambiar changer cambia zmien wissel mudar"
)
_ASIDE = frozenset(_ASIDE_WORDS.split())


def _gives_reason(clause: str, code: str) -> bool:
    """Whether a clause beside a request only says why ("my English is not so good": it names
    another language, and asks for none: "ou au portugais ?" is a choice), greets or
    apologises, or only agrees ("das wäre mir lieber", "please.")."""
    words = _WORD.findall(fold(clause))
    if all(word in _APOLOGY for word in words):
        return True
    if all(word in _ASIDE or word in TRAILING or word in _APOLOGY for word in words):
        return True
    negated = any(word in VETO or word == "no" for word in words)  # "no habla inglés"
    if not negated and _requested_in(clause) is not None:
        return False
    return any(_NAME_TO_CODE.get(word) not in (None, code) for word in words)


#: Words that put the language not wanted after the one wanted ("in English instead of
#: Spanish", "auf Deutsch statt Italienisch", "en français au lieu de l'anglais", "en español en
#: vez de portugués", "in italiano invece che in inglese", "po polsku zamiast po angielsku",
#: "in het Nederlands in plaats van Engels", "em português em vez de espanhol"), folded.
_INSTEAD_WORDS = "instead statt anstatt anstelle lieu lugar vez invece zamiast plaats"
INSTEAD = frozenset(_INSTEAD_WORDS.split())


_INSTEAD_OPENERS = frozenset({"au", "en", "in", "em"})


def _without_instead(words: list[str]) -> list[str]:
    """The words without an "instead of <language>" phrase at their end (the language not
    wanted: no second request)."""
    for index, word in enumerate(words):
        if word in INSTEAD and index > 0:
            rest = words[index + 1 : index + 6]
            if any(w in _NAME_TO_CODE for w in rest) and all(
                w in _NAME_TO_CODE or w in TRAILING or len(w) <= 3 or w in INSTEAD for w in rest
            ):
                # "au lieu de", "en vez de", "in plaats van", "em vez de": the preposition too
                return words[: index - 1] if words[index - 1] in _INSTEAD_OPENERS else words[:index]
    return words


def _requested_in(text: str) -> str | None:
    """:func:`requested_language` for one clause (or a whole short message)."""
    words = _without_instead(_WORD.findall(fold(text)))
    if not words or len(words) > MAX_WORDS_WITH_VERB + MAX_TRAILING:
        return None
    if any(word in VETO or word.startswith(VETO_STEMS) for word in words):
        return None
    if translation_request(text):
        return None
    named = [
        (index, _NAME_TO_CODE[word])
        for index, word in enumerate(words)
        if word in _NAME_TO_CODE
        and (word not in AMBIGUOUS or (index > 0 and words[index - 1] in AMBIGUOUS[word]))
    ] + [
        (index, GERMAN_NOUN_FORMS[word])
        for index, word in enumerate(words)
        if word in GERMAN_NOUN_FORMS and index > 0 and words[index - 1] in ("ins", "das")
    ]
    named.sort()
    if len({code for _, code in named}) != 1:
        return None
    last, code = named[-1]
    longer = any(w in GO_ON or w in CONVERSATION_NOUNS for w in words[:last])
    furthest = MAX_WORDS_WITH_VERB if longer else MAX_WORDS
    if last >= furthest or len(words) - last - 1 > MAX_TRAILING:
        return None
    if any(word not in TRAILING for word in words[last + 1 :]):
        return None
    if last > 0 and words[last - 1] not in SWITCH_BEFORE:
        return None  # "des partenaires polonais": a nationality, not a language to reply in
    return code
