"""Messages that are nothing but small talk, in the 24 official EU languages: THE lexical rule.

A greeting, thanks, goodbye, a request for help or to talk to a person is often typed as one or
two words, lower case, without punctuation, with an emoji: "hi 👋", "hallo zusammen", "bok",
"tere", "labas", "sveiki", "hej hej", "moi", "dia dhuit". The classifiers read such a message
from a few characters: the linear classifier knows the eight reply languages' forms, and a word
of the sixteen others is a guess ("szia" -> ``inform``, "moi" -> ``affirm``, "tere" -> unsure:
"did you mean ...?"). :func:`small_talk` recognises a message made *only* of such phrases
(folded with :func:`taxonomy.text.fold`: case, accents, punctuation and emojis do not count) and
a few filler words ("there", "zusammen", "a tutti", "everyone"); anything else in the message
(a topic, a place, a question) leaves it to the classifiers. :class:`bot.nlu.input_guard.InputGuard`
then sets the intent with confidence 1.

Phrases are written from each language's everyday greetings, thanks, farewells, requests for
help and for a person (dictionaries and phrase books), not from any evaluation text. Words that
mean something else in another EU language are left out when alone: Polish "tak" (yes) is not
Danish "tak" (thanks), so only "mange tak"/"tusind tak" are thanks; "hej" greets in Swedish and
Danish alike.
"""

from __future__ import annotations

import re
from functools import cache

from taxonomy.text import fold

GREET = "greet"
THANK = "thank"
GOODBYE = "goodbye"
HELP = "help"
HUMAN = "request_human"
#: When a message holds phrases of several kinds, the first of these wins ("hi, can I talk to a
#: person?" asks for a person; "thanks, bye" says goodbye).
PRIORITY = (HUMAN, HELP, GOODBYE, THANK, GREET)

# Folded phrases (fold(): lower case, no accents; Maltese "ħ" stays), all languages together.
_PHRASES: dict[str, tuple[str, ...]] = {
    GREET: (
        # en de fr es it pl nl pt
        "hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening",
        "greetings", "yo",
        "hallo", "hallochen", "guten tag", "guten morgen", "guten abend", "servus", "moin",
        "moin moin", "gruss gott", "gruezi", "tag",
        "bonjour", "bonsoir", "salut", "coucou", "bonjour a tous",
        "hola", "buenas", "buenos dias", "buenas tardes", "buenas noches",
        "ciao", "salve", "buongiorno", "buonasera",
        "czesc", "dzien dobry", "witam", "witaj", "siema", "hej", "dobry wieczor",
        "hoi", "hallo daar", "goedemorgen", "goedemiddag", "goedenavond", "dag",
        "ola", "oi", "bom dia", "boa tarde", "boa noite",
        # cs sk sl hr bg ro hu el
        "ahoj", "dobry den", "zdravim", "nazdar", "cau", "dobre rano", "dobry vecer",
        "zivjo", "zivijo", "dober dan", "pozdravljeni", "pozdravljen", "zdravo", "dobro jutro",
        "bok", "dobar dan", "pozdrav", "pozdrav svima", "dobra vecer", "dobro vece",
        "здравеи", "здравеите", "здрасти", "добър ден", "добро утро", "добър вечер",
        "salut", "buna", "buna ziua", "buna dimineata", "buna seara", "servus",
        "szia", "sziasztok", "szervusz", "jo napot", "jo napot kivanok", "jo reggelt", "helo",
        "γεια", "γεια σας", "γεια σου", "καλημερα", "καλησπερα", "χαιρετε",
        # fi sv da et lv lt ga mt
        "hei", "moi", "moikka", "terve", "huomenta", "hyvaa paivaa", "paivaa",
        "hej", "hej hej", "hejsan", "tjena", "god morgon", "god dag", "goddag", "god morgen",
        "halla", "hallå",
        "tere", "tervist", "tere hommikust", "tere paevast", "tsau",
        "sveiki", "sveiks", "labdien", "labrit", "cau",
        "labas", "laba diena", "labas rytas", "sveikas", "sveiki visi",
        "dia duit", "dia dhuit", "dia daoibh", "haigh", "maidin mhaith",
        "bongu", "merhba", "ħello", "hello", "bonswa",
        # chat-style greetings (session 19, from each language's informal usage)
        "moro", "morjens", "morjesta", "heips", "heissan", "salutare", "ceau", "hejka",
        "siemka", "siemanko", "hejo", "hejsa", "tjenare", "tjabba", "heisann", "cauky",
        "caves", "zdar", "zdarec", "nazdarek", "ćao", "cao", "szevasz", "hellou", "halo",
        "geia", "geia sou", "geia sas", "yia", "yia sou", "labukas", "sveikutis", "tsauki",
        "ola ola", "e ai", "holi", "wesh", "hallihallo", "hallöchen", "heyho", "hey ho",
        # "how are you?"
        "how are you", "how are you doing", "wie gehts", "wie geht s", "wie geht es dir",
        "ca va", "comment ca va", "que tal", "como estas", "come stai", "come va",
        "jak sie masz", "hoe gaat het", "tudo bem", "como vai", "jak se mas", "ako sa mas",
        "kako si", "kako ste", "как си", "как сте", "ce faci", "hogy vagy", "τι κανεις",
        "mita kuuluu", "hur mar du", "hvordan gar det", "kuidas laheb", "ka tev iet",
        "kaip sekasi", "conas ata tu", "kif inti", "kif int",
        "ce mai faci", "ce mai faceti", "kuinka menee", "miten menee", "jak leci", "co slychac",
        "hoe is het", "whats up", "what s up", "hows it going", "how s it going",
    ),
    THANK: (
        "thanks", "thank you", "thx", "ty", "cheers", "many thanks", "thanks a lot",
        "danke", "danke dir", "dank dir", "danke schon", "danke sehr", "vielen dank", "merci", "merci beaucoup",
        "gracias", "muchas gracias", "grazie", "grazie mille", "dziekuje", "dzieki",
        "dzieki wielkie", "bedankt", "dank je", "dank u", "dank je wel", "dankjewel", "obrigado",
        "obrigada", "muito obrigado", "muito obrigada",
        "dekuji", "dekuji moc", "dekuju", "diky", "dakujem", "vdaka", "hvala", "hvala lepa", "hvala puno",
        "hvala vam", "благодаря", "мерси", "multumesc", "mersi", "koszonom", "koszi",
        "koszonom szepen", "ευχαριστω", "ευχαριστουμε", "kiitos", "kiitoksia", "kiitos paljon",
        "tack", "tack sa mycket", "tusen tack", "mange tak", "tusind tak", "tak skal du have",
        "aitah", "tanan", "paldies", "liels paldies", "aciu", "labai aciu", "dekoju",
        "go raibh maith agat", "go raibh maith agaibh", "grazzi", "grazzi ħafna",
        # thanks FOR the help: thanks, not a request for help (the longer phrase wins)
        "thanks for the help", "thanks for your help", "thank you for the help",
        "thank you for your help", "many thanks for the help", "many thanks for your help",
        "danke fur die hilfe", "danke fur ihre hilfe", "danke fur deine hilfe",
        "vielen dank fur die hilfe", "vielen dank fur ihre hilfe", "merci pour l aide",
        "merci pour votre aide", "merci pour ton aide", "gracias por la ayuda",
        "gracias por tu ayuda", "gracias por su ayuda", "grazie per l aiuto",
        "grazie dell aiuto", "dziekuje za pomoc", "dzieki za pomoc", "bedankt voor de hulp",
        "bedankt voor je hulp", "bedankt voor uw hulp", "obrigado pela ajuda",
        "obrigada pela ajuda",
    ),
    GOODBYE: (
        "bye", "goodbye", "bye for now", "bye bye", "see you", "see you later", "see ya", "good night",
        "tschuss", "auf wiedersehen", "bis bald", "bis spater", "ciao ciao",
        "au revoir", "a bientot", "a plus", "adios", "hasta luego", "hasta pronto", "chao",
        "arrivederci", "a presto", "do widzenia", "do zobaczenia", "na razie", "tot ziens",
        "doei", "dag dag", "tchau", "adeus", "ate logo", "ate breve",
        "na shledanou", "dovidenia", "nasvidenje", "adijo", "dovidenja", "dovidjenja",
        "do vidjenja", "doviđenja", "do viđenja", "довиждане", "чао", "la revedere", "pa", "viszontlatasra", "viszlat",
        "αντιο", "γεια χαρα", "nakemiin", "heippa", "hej da", "hej hej da", "vi ses",
        "farvel", "vi ses", "head aega", "nagemist", "uz redzesanos", "ata", "iki",
        "viso gero", "slan", "slan leat", "saħħa", "caw",
    ),
    HELP: (
        "help", "help me", "help please", "what can you do", "what do you do",
        "how can you help", "how can you help me", "what can i ask", "what can i ask you",
        "hilfe", "was kannst du", "was kannst du tun", "wobei kannst du helfen",
        "aide", "aide moi", "au secours", "que sais tu faire", "tu sers a quoi",
        "ayuda", "que puedes hacer", "aiuto", "cosa sai fare", "cosa puoi fare", "pomocy",
        "pomoc", "co potrafisz", "w czym mozesz pomoc", "hulp", "wat kun je", "wat kan je",
        "ajuda", "o que podes fazer", "o que voce pode fazer",
        "co umis", "co dokazes", "pomoc prosim", "kaj znas", "pomagaj", "sto mozes",
        "sto znas", "pomozi", "помощ", "какво можеш", "ajutor", "ce poti face", "cu ce ma poti ajuta", "segitseg",
        "mit tudsz", "βοηθεια", "τι μπορεις να κανεις", "apua", "mita osaat", "hjalp",
        "vad kan du", "hjaelp", "hvad kan du", "abi", "mida sa oskad", "palidziba",
        "ko tu proti", "pagalba", "ka gali", "cabhair", "cad is feidir leat a dheanamh",
        "għajnuna", "x tista tagħmel",
        # colloquial "what can you do / what are you for" in the reply languages (session 19)
        "what can u do", "what do u do", "what are you for", "what are you good for",
        "was kannst du so", "was kannst du alles", "was machst du", "wofur bist du da",
        "tu fais quoi", "tu sais faire quoi", "tu peux faire quoi", "qu est ce que tu sais faire",
        "que sabes hacer", "para que sirves", "que haces",
        "che sai fare", "che puoi fare", "che fai", "a cosa servi", "cosa fai",
        "co umiesz", "co mozesz", "do czego sluzysz",
        "wat kun jij", "wat kan jij", "wat doe jij", "wat doe je", "waar ben je voor",
        "o que sabes fazer", "para que serves", "o que consegues fazer", "o que voce faz",
    ),
    HUMAN: (
        "human", "a human", "real person", "a real person", "talk to a human",
        "talk to a person", "talk to a real person", "speak to a human", "speak to a person",
        "agent", "operator", "mensch", "mit einem menschen sprechen", "un humain",
        "parler a un humain", "humano", "hablar con una persona", "umano",
        "parlare con una persona", "czlowiek", "konsultant", "mens", "medewerker", "pessoa",
        "falar com uma pessoa", "clovek", "s clovekom", "operater", "covjek", "човек",
        "operator uman", "ember", "emberrel", "ανθρωπος", "ihminen", "ihmisen kanssa",
        "manniska", "menneske", "inimene", "cilveks", "zmogus", "duine", "bniedem",
    ),
}  # fmt: skip

#: The small-talk phrases of :data:`_PHRASES` that are one reply language's own, by language
#: (folded; issue 13 part 2, session 17): "Hallo 👋", "Cześć 🙂", "Danke!" are evidence of their
#: language although one word is too little for lingua (:func:`small_talk_languages`). Left out:
#: phrases the other EU languages write alike ("salut" Romanian, "servus" Romanian and
#: Hungarian, "hej" Swedish and Danish, "pomoc" Czech and Slovak, "ciao ciao", "chao", "pa") and
#: English (a short English message stays undecided and keeps the conversation's language).
_OWN_PHRASES: dict[str, tuple[str, ...]] = {
    "de": (
        "hallo", "hallochen", "guten tag", "guten morgen", "guten abend", "moin", "moin moin",
        "gruss gott", "gruezi", "tag", "wie gehts", "wie geht s", "wie geht es dir", "danke",
        "danke dir", "dank dir", "danke schon", "danke sehr", "vielen dank", "danke fur die hilfe",
        "danke fur ihre hilfe", "danke fur deine hilfe", "vielen dank fur die hilfe",
        "vielen dank fur ihre hilfe", "tschuss", "auf wiedersehen", "bis bald", "bis spater",
        "hilfe", "was kannst du", "was kannst du tun", "wobei kannst du helfen",
    ),
    "fr": (
        "bonjour", "bonsoir", "coucou", "bonjour a tous", "ca va", "comment ca va", "merci",
        "merci beaucoup", "merci pour l aide", "merci pour votre aide", "merci pour ton aide",
        "au revoir", "a bientot", "a plus", "aide", "aide moi", "au secours", "que sais tu faire",
        "tu sers a quoi",
    ),
    "es": (
        "hola", "buenas", "buenos dias", "buenas tardes", "buenas noches", "que tal", "como estas",
        "gracias", "muchas gracias", "gracias por la ayuda", "gracias por tu ayuda",
        "gracias por su ayuda", "adios", "hasta luego", "hasta pronto", "ayuda", "que puedes hacer",
    ),
    "it": (
        "ciao", "salve", "buongiorno", "buonasera", "come stai", "come va", "grazie",
        "grazie mille", "grazie per l aiuto", "grazie dell aiuto", "arrivederci", "a presto",
        "aiuto", "cosa sai fare", "cosa puoi fare",
    ),
    "pl": (
        "czesc", "dzien dobry", "witam", "witaj", "siema", "dobry wieczor", "jak sie masz",
        "dziekuje", "dzieki", "dzieki wielkie", "dziekuje za pomoc", "dzieki za pomoc",
        "do widzenia", "do zobaczenia", "na razie", "pomocy", "co potrafisz", "w czym mozesz pomoc",
    ),
    "nl": (
        "hallo", "hoi", "hallo daar", "goedemorgen", "goedemiddag", "goedenavond", "dag",
        "hoe gaat het", "bedankt", "dank je", "dank u", "dank je wel", "dankjewel",
        "bedankt voor de hulp", "bedankt voor je hulp", "bedankt voor uw hulp", "tot ziens", "doei",
        "dag dag", "hulp", "wat kun je", "wat kan je",
    ),
    "pt": (
        "ola", "oi", "bom dia", "boa tarde", "boa noite", "tudo bem", "como vai", "obrigado",
        "obrigada", "muito obrigado", "muito obrigada", "obrigado pela ajuda",
        "obrigada pela ajuda", "tchau", "adeus", "ate logo", "ate breve", "ajuda",
        "o que podes fazer", "o que voce pode fazer",
    ),
}  # fmt: skip

#: Words that may stand beside a phrase without making the message more than small talk.
_FILLER_WORDS = """there all everyone everybody folks team guys bot again you again please pls and
    zusammen alle leute ihr du euch bitte a tous tout le monde todos a todos amigos tutti a tutti
    wszystkim wszystkim wam allemaal iedereen pessoal voce vam vsem vsim svima всички tuturor
    mindenkinek mindenki kaikille kaikki alla allihopa alle koigile visiem visiems daoibh
    lilkom kollha ok okay oh well so much very moc paljon
    can could may i we want would like to talk speak chat with me a an the
    ich mochte will mit einem einer sprechen reden je veux voudrais parler a avec quiero hablar
    con una un voglio parlare chce chcialbym porozmawiac z ik wil kan met een praten spreken
    quero falar com uma jeg vil tale med et snakke beszelhetnek egy szeretnek beszelni
    need brauche besoin de necesito bisogno ho potrzebuje nodig preciso trebam potrebujem
    potrebuji tarvitsen behover brug for vajan
    u tu jij alles eigentlich exactement exactamente esattamente dokladnie precies exatamente
    actually really
    """
_FILLER = frozenset(_FILLER_WORDS.split())
_TOKEN = re.compile(r"\S+")
#: Longest message examined (small talk is short).
MAX_WORDS = 8


@cache
def _phrase_table() -> dict[tuple[str, ...], str]:
    """Each folded phrase (as words) and its kind; a phrase listed under two kinds keeps the
    one :data:`PRIORITY` ranks first."""
    table: dict[tuple[str, ...], str] = {}
    for kind in reversed(PRIORITY):
        for phrase in _PHRASES[kind]:
            table[tuple(fold(phrase).split())] = kind
    return table


@cache
def _vocabulary() -> frozenset[str]:
    """Every word of every phrase (folded)."""
    return frozenset(word for phrase in _phrase_table() for word in phrase)


_RUN = re.compile(r"(\w)\1{2,}", re.UNICODE)
_FINAL_DOUBLE = re.compile(r"(\w)\1$", re.UNICODE)


def _unstretched(word: str) -> str:
    """A word typed with a letter held down ("heyyy", "hellooo", "graziee", "hiii") as the
    phrase word it stretches, when there is one; else the word as it is. Known words are never
    changed ("tschuss", "moin", "tak" stay)."""
    known = _vocabulary()
    if word in known:
        return word
    for candidate in (
        _RUN.sub(r"\1", word),
        _RUN.sub(r"\1\1", word),
        _FINAL_DOUBLE.sub(r"\1", _RUN.sub(r"\1", word)),
    ):
        if candidate in known:
            return candidate
    return word


@cache
def _longest_phrase() -> int:
    """The most words a phrase of :func:`_phrase_table` has."""
    return max(len(p) for p in _phrase_table())


def small_talk(text: str | None) -> str | None:
    """The small-talk intent of a message made only of small-talk phrases and filler words.

    Args:
        text: The user's message.

    Returns:
        ``greet``, ``thank``, ``goodbye``, ``help`` or ``request_human`` (see :data:`PRIORITY`
        when several occur), or ``None`` when the message says anything else.
    """
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return None
    words = [_unstretched(word) for word in fold(text).split()]
    if not words or len(words) > MAX_WORDS:
        return None
    table = _phrase_table()
    longest = _longest_phrase()
    found: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            kind = table.get(tuple(words[i : i + size]))
            if kind is not None:
                found.add(kind)
                i += size
                break
        else:
            if words[i] not in _FILLER:
                return None
            i += 1
    return next((kind for kind in PRIORITY if kind in found), None)


def has_small_talk(text: str | None) -> bool:
    """Whether a message opens with a small-talk phrase ("Bok! Trebam pomoć.", "hi, who won the
    match?"), whatever else it says (its first two words: one-word phrases such as "tag",
    "iki" or "pa" are ordinary words elsewhere in a sentence)."""
    if not isinstance(text, str):
        return False
    words = fold(text[:500]).split()
    table = _phrase_table()
    longest = _longest_phrase()
    return any(
        tuple(words[i : i + size]) in table
        for i in range(min(2, len(words)))
        for size in range(1, min(longest, len(words) - i) + 1)
    )


@cache
def _owners() -> dict[tuple[str, ...], frozenset[str]]:
    """Each phrase of :data:`_OWN_PHRASES` (as folded words) and the reply languages owning it."""
    owners: dict[tuple[str, ...], set[str]] = {}
    for language, phrases in _OWN_PHRASES.items():
        for phrase in phrases:
            owners.setdefault(tuple(fold(phrase).split()), set()).add(language)
    return {phrase: frozenset(codes) for phrase, codes in owners.items()}


def small_talk_languages(text: str | None) -> frozenset[str]:
    """The reply languages a message made only of small talk is written in, by its phrases.

    Each phrase of the message (read as :func:`small_talk` reads it) is one or more reply
    languages' own (:data:`_OWN_PHRASES`: "hallo" German and Dutch, "cześć" Polish) or nobody's
    ("hi", "salut", "hej"); the message's languages are those every owned phrase shares ("hallo,
    guten Morgen": German). Filler words and emoji say nothing.

    Args:
        text: The user's message.

    Returns:
        The reply languages (English never); empty when the message is not small talk only, has
        no owned phrase, or its phrases share no language.
    """
    if small_talk(text) is None:
        return frozenset()
    words = [_unstretched(word) for word in fold(text or "").split()]
    table = _phrase_table()
    owners = _owners()
    longest = _longest_phrase()
    found: frozenset[str] | None = None
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in table:
                codes = owners.get(phrase)
                if codes is not None:
                    found = codes if found is None else found & codes
                i += size
                break
        else:
            i += 1  # a filler word (small_talk accepted the message)
    return found or frozenset()
