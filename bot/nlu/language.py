"""Language identification among the 24 official EU languages for Rasa 3.6: marks every message
that is clearly not English with a ``language`` entity (ISO 639-1 code), so the dialogue can
answer in (or about) that language, while country and sector entities found in the message are
still used. Listed in config.yml as ``bot.nlu.language.LanguageDetector``.

How: lingua (``lingua-language-detector``) restricted to the 23 EU languages it has models for,
in its high-accuracy mode, built once per process (:func:`detector`, a lazy singleton with
preloaded models). Maltese, which lingua lacks, is told by its own letters (ħ, ġ, ċ), which no
other EU language writes. A message stays undecided (``None``, treated as English) when:

* it has fewer than :data:`MIN_WORDS` words once acronyms (all-capital words of up to five
  letters: "HZB", "AI", "KMU"), e-mail or web addresses and the entities found before (places,
  technologies: names, not evidence of a language) and words of plain Latin letters without a
  vowel (keyboard mashing: "fghjkl", "sdf"; it costs Czech and Slovak "v", "s", "k" and little
  else) are left out ("ok", "Berlin", "HZB", "in Andalusia", which lingua alone calls
  Lithuanian, "fghjkl qwe");
* lingua's confidence in its best language is below :data:`MIN_CONFIDENCE`, or less than
  :data:`ENGLISH_RATIO` times its confidence in English;
* the best language is English.

Words that are no evidence of a language never vote (session 9, docs/benchmarks.md "Reply
language, session 9"): the words of place, programme and technology entities (labels and
sectors are words of the message's language: "sello de bronce"), English names in capitals
inside another language ("Funding and Tenders": :func:`name_spans`) and words written alike in
many languages ("cluster", "partners", "calls": :data:`bot.nlu.language_votes.SHARED_WORDS`).
A short message (up to :data:`SHORT_MAX_WORDS` free words) is decided by lingua's confidence
plus its function words' and country names' votes (:func:`short_message_language`), and carries
the languages it may well be written in (:func:`candidate_languages`), so the conversation's
earlier language is its prior (:mod:`i18n.conversation`).

Why high-accuracy mode (measured 2026-12-05, 2 shared cores, docs/benchmarks.md "Language
detection"): the low-accuracy mode (trigrams only) takes 60 MB instead of 690 MB and builds in
0.4 s instead of 9 s, but with the same rules calls 160 of 1,813 English training messages
non-English ("find calls", "what is Horizon Europe", "bye bye") against none in high-accuracy
mode; both score 149 of 160 on the evaluation set, and per message both are far inside the 40 ms
turn budget (high: p50 0.4-0.6 ms, p95 1-5 ms on the loaded machine). The thresholds were chosen on the
training data (English messages must stay English, the former ``other_language`` ones must not), not on
the evaluation set tests/eval/language_id.yml.

The entity's span is the first free word of the message (outside other entities, not an acronym
or address: :func:`language_span`), not the whole message: a span over the whole message would
overlap the place and sector entities inside it, which Rasa's training-data and test-story format
cannot annotate (``rasa test`` compares every predicted entity with the story's annotations, so
story tests write ``[ich]{"entity": "language", "value": "de"}``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
from lingua import LanguageDetector as LinguaDetector
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language_switch import (
    LANGUAGE_NAMES,
    SWITCH,
    names_a_nationality,
    requested_language,
    translation_request,
    without_switch,
)
from bot.nlu.language_votes import (
    ACCENTED_WORDS,
    SHARED_WORDS,
    function_word_votes,
    italian_forms,
    place_owners,
    single_letters,
    tables,
    what_is_language,
    word_languages,
)
from bot.nlu.places import town_spans
from bot.nlu.segmenter import FRAMED_PROPERTY
from bot.nlu.small_talk import small_talk_languages
from bot.nlu.stateless import StatelessComponent
from taxonomy import fold
from taxonomy.languages import EU_LANGUAGES, REPLY_LANGUAGES

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NO_VOWEL = re.compile(r"[b-df-hj-np-tv-xz]+", re.IGNORECASE)
_ADDRESS = re.compile(r"\S*(?:@|://|www\.)\S*", re.IGNORECASE)
#: Letters only Maltese writes among the EU languages ("ż" is Polish too, so it is not one).
MALTESE_LETTERS = "ħġċ"
#: Marks only Spanish writes among the EU languages: the inverted question and exclamation marks
#: ("¿Qué es la EEN?" is Spanish however French its three short words look to lingua).
SPANISH_MARKS = "¿¡"
#: Maltese's article and preposition forms joined to their noun by a hyphen ("tal-industrija",
#: "fl-Italja", "għall-enerġija") or an apostrophe ("f'Malta", "ta' qabel", "x'inhu"): Maltese
#: written without its own letters (a keyboard without them) still has them; two make Maltese.
MALTESE_FORMS = re.compile(
    r"(?<![\w'-])(?:il|l|tal|tas|tat|tad|taż|tan|tar|taċ|taz|tac|fil|fl|bil|bl|mill|mil|minn|"
    r"għall|ghall|għal|ghal|lill|sal|mal|dal|din|kull)-\w"
    r"|(?<![\w'-])(?:f|b|x|ta)'\s?\w",
    re.IGNORECASE,
)
#: How many :data:`MALTESE_FORMS` make a message Maltese.
MALTESE_MIN_FORMS = 2
#: Fewest words (acronyms left out) a message needs before it is given a language.
MIN_WORDS = 2
#: Least lingua confidence (0..1, the 23 languages sum to 1) in the best language.
MIN_CONFIDENCE = 0.3
#: How many times likelier than English the best language must be (English is the default).
ENGLISH_RATIO = 4.0
MAX_CHARS = 2000
#: English decides the conversation's language only from this many free words up ...
ENGLISH_MIN_WORDS = 4
#: ... with at least this lingua confidence in English ...
ENGLISH_MIN_CONFIDENCE = 0.2
#: ... and this many times the confidence in the second language (docs/benchmarks.md,
#: "Conversation language": 1,225 of 1,856 English training messages are English, the rest
#: undecided; none of the 42 other-language ones, none of the 148 non-English evaluation
#: messages; "thanks a lot", "ok thank you" stay undecided).
ENGLISH_OVER_SECOND = 2.0

#: The message property with the language found and the language asked for (see ``process``).
LANGUAGE_PROPERTY = "language"
#: The intent of a request to change the language ("in English please"), domain/dialogue.yml.
SWITCH_INTENT = SWITCH  # owned by bot.nlu.language_switch
#: The intent of a translation request the classifier took for a language switch.
OUT_OF_SCOPE_INTENT = "out_of_scope"


#: Entity types of places: a thin decision needs one (:func:`message_language`).
PLACE_ENTITIES = frozenset({"country", "region"})
#: The key of the language property that carries the widget's language (:func:`page_language`).
PAGE_KEY = "page"


def page_language(message: Message) -> str | None:
    """The reply language the web widget says it is showing, from the message's metadata.

    The widget (bot/web/widget.js) sends ``metadata.language`` with every message: the language
    the user picked, else the page's ``<html lang>``, else the bot's last reply language. It is
    evidence of the user's language but weaker than anything the user wrote: the conversation
    reads it only when the messages decide nothing (:mod:`i18n.conversation`). English says
    nothing here (it is also the widget's fallback).

    Args:
        message: The parsed message (Rasa puts the channel's metadata in ``metadata``).

    Returns:
        A reply language other than English, or None.
    """
    metadata = message.get("metadata")
    code = metadata.get("language") if isinstance(metadata, dict) else None
    if isinstance(code, str) and code.lower() in REPLY_LANGUAGES and code.lower() != "en":
        return code.lower()
    return None


def _classified_as_switch(message: Message) -> bool:
    """Whether the intent classifier read the message as a request to change the language."""
    intent = message.get(INTENT)
    return isinstance(intent, dict) and intent.get("name") == SWITCH_INTENT


#: Entities that make a message a search, never a request to change the language.
SEARCH_ENTITIES = frozenset({"country", "region", "sector", "technology", "instrument"})

#: Short messages (:func:`short_message_language`): at most this many free words ...
SHORT_MAX_WORDS = 8
#: ... the weight of the function words' votes added to lingua's confidence ...
FUNCTION_WORD_WEIGHT = 1.0
#: ... the least score of the best language ...
SHORT_MIN_SCORE = 0.3
#: ... and how many times the second's it must be.
SHORT_MARGIN = 1.5
#: How many times English's score the best must have (English is the default language).
SHORT_ENGLISH_RATIO = 2.5
#: The one reply language whose function words the other Slavic languages write too.
SLAVIC_REPLY_LANGUAGE = "pl"
#: The share of the votes with which function words outvote lingua's English.
FUNCTION_WORD_MAJORITY = 0.5
#: Entity types whose words are names, not evidence of the message's language (places,
#: programmes, technologies, organisation types); labels, sectors and ordinals are words of it.
NAME_ENTITIES = frozenset({"country", "region", "instrument", "technology", "organisation_type"})
#: Fewest capitalised words that make a proper name (:func:`name_spans`).
NAME_RUN_WORDS = 2
#: Words that join the capitalised words of a name ("Funding and Tenders").
NAME_CONNECTORS = ("and", "of", "for", "the", "&")
_TOKEN = re.compile(r"[^\W_][^\W_]*|&")
_JOIN = re.compile(rf"(?:[ -]+|[ ]+(?:{'|'.join(map(re.escape, NAME_CONNECTORS))})[ ]+)")
LINGUA_LANGUAGES = tuple(code for code in EU_LANGUAGES if hasattr(IsoCode639_1, code.upper()))


@functools.lru_cache(maxsize=1)
def detector() -> LinguaDetector:
    """The lingua detector for the EU languages, built on first use and then shared."""
    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        for code in LINGUA_LANGUAGES
    ]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )


def _is_acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 5


def _words(text: str) -> list[re.Match[str]]:
    """The words that can show a language: no acronyms, no e-mail or web addresses."""
    sample = _ADDRESS.sub(lambda m: " " * len(m.group()), text[:MAX_CHARS])
    return [m for m in _WORD.finditer(sample) if not _is_acronym(m.group())]


def name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of names written in capitals inside a message: no evidence of its language.

    A run of at least :data:`NAME_RUN_WORDS` capitalised words ("Funding and Tenders",
    "European Cluster Week", "Cluster Internationalisation Programme"), joined by spaces,
    hyphens or the connectors of :data:`NAME_CONNECTORS`, that does not begin a sentence (a
    sentence's first word is capitalised in every language: "Guten Morgen", "Bom dia") and
    that lingua does not read as German (German capitalises its nouns: "Cluster Lebensmittel
    Italien" keeps its words).

    Args:
        text: The message.

    Returns:
        ``(start, end)`` of each run.
    """
    text = text[:MAX_CHARS]
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if len(run) >= NAME_RUN_WORDS:
            start, end = run[0].start(), run[-1].end()
            if not _german_nouns(text[start:end]):
                spans.append((start, end))
        run.clear()

    previous_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()]
        previous_end = match.end()
        word = match.group()
        if word.lower() in NAME_CONNECTORS and run and gap.strip() == "":
            continue  # may join two capitalised words; checked at the next word
        capital = word[0].isupper()
        joined = run and _JOIN.fullmatch(text[run[-1].end() : match.start()])
        if not capital or not joined:
            close()
        if not capital:
            continue
        opens = text[: match.start()].rstrip(" \t\"'«„“(-")
        if not run and (not opens or opens[-1] in ".!?¿¡:\n"):
            continue  # a sentence's first word is capitalised in every language
        run.append(match)
    close()
    return spans


def _german_nouns(run: str) -> bool:
    """Whether lingua reads a capitalised run as German: German capitalises its nouns
    ("Cluster Lebensmittel Italien"), which are words of the message, not a name."""
    return detector().detect_language_of(run) == Language.GERMAN


def _skipped(skip: Sequence[Sequence] | None) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``skip`` whose words are no evidence of a language.

    Plain ``(start, end)`` spans are all skipped; ``(start, end, type)`` spans only when their
    type is one of :data:`NAME_ENTITIES` (a label or sector is written in the user's language:
    "sello de bronce", "złotą etykietą", "textiles techniques").
    """
    spans = []
    for span in skip or []:
        if len(span) >= 3 and span[2] not in NAME_ENTITIES:
            continue
        spans.append((int(span[0]), int(span[1])))
    return spans


def _abbreviated(text: str, match: re.Match[str]) -> bool:
    """Whether a one-letter word is part of an abbreviation or elision ("i.e.", "l'", "I'm")."""
    around = text[max(match.start() - 1, 0) : match.start()] + text[match.end() : match.end() + 1]
    return any(ch in "'’`." for ch in around)


def _standalone_letter(text: str, match: re.Match[str]) -> bool:
    """Whether a word without a vowel is a one-letter function word (Polish "w", "z"), not
    keyboard mashing."""
    return len(match.group()) == 1 and fold(match.group()) in single_letters()


def _free_words(text: str, skip: Sequence[Sequence] | None) -> list[str]:
    """The words that can show the language: outside ``skip`` and proper-name runs, no
    acronyms, no mashing, no word shared by many languages (:data:`SHARED_WORDS`)."""
    spans = [*_skipped(skip), *name_spans(text)]
    return [
        m.group()
        for m in _words(text)
        if all(m.end() <= s_start or m.start() >= s_end for s_start, s_end in spans)
        and not (len(m.group()) == 1 and _abbreviated(text, m))
        and not (_NO_VOWEL.fullmatch(m.group()) and not _standalone_letter(text, m))
        and m.group().lower() not in SHARED_WORDS
    ]


def identify_language(text: str | None, skip: Sequence[Sequence] | None = None) -> str | None:
    """The language a message is clearly written in, English included.

    Another EU language by the rules of :func:`detect_language`; English when the message has
    at least :data:`ENGLISH_MIN_WORDS` free words, lingua's best language is English with at
    least :data:`ENGLISH_MIN_CONFIDENCE` and at least :data:`ENGLISH_OVER_SECOND` times the
    confidence of the second language. Short English ("ok thanks", "in Andalusia") stays
    undecided, so it never changes the conversation's language.

    Args:
        text: The message.
        skip: ``(start, end)`` spans of entities, as for :func:`detect_language`.

    Returns:
        An ISO 639-1 code of :data:`taxonomy.languages.EU_LANGUAGES` (``en`` included) or
        ``None`` when undecided.
    """
    if not isinstance(text, str):
        return None
    if any(ch in MALTESE_LETTERS for ch in text[:MAX_CHARS].lower()):
        return "mt"
    if len(MALTESE_FORMS.findall(text[:MAX_CHARS])) >= MALTESE_MIN_FORMS:
        return "mt"
    if any(ch in SPANISH_MARKS for ch in text[:MAX_CHARS]):
        return "es"
    words = _free_words(text, skip)
    opening = what_is_language(text)
    if opening is not None and len(words) <= SHORT_MAX_WORDS:
        return opening  # "mis on Euroclusters", "ce este EEN": too few words for lingua
    if greeklish(words):
        return "el"  # Greek in Latin letters: lingua reads it as Spanish or Italian
    places = place_owners(text, skip)
    single = None
    if len(words) < MIN_WORDS:
        single = set(word_languages(fold(words[0]))) if words else set()
        single &= set().union(*places)
        if not single:
            # one word and a country of one language may still decide; else the word alone
            return own_word_language(words)
    values = detector().compute_language_confidence_values(" ".join(words))
    code = values[0].language.iso_code_639_1.name.lower()
    confidence = values[0].value
    grammar = grammar_language(words) if code in REPLY_LANGUAGES else None
    lingua = {v.language.iso_code_639_1.name.lower(): v.value for v in values}
    unreplied = max((v for c, v in lingua.items() if c not in REPLY_LANGUAGES), default=0.0)
    if grammar is not None and lingua.get(grammar, 0.0) <= unreplied:
        grammar = None  # Slavic words in Latin letters ("za", "na", "i") are Polish ones too
    if grammar is not None and code in ("en", grammar):
        # Its grammar's words outvote English domain terms (code-switching: lingua reads the
        # English terms' letters); against another language lingua is the better judge (the
        # function-word lists are incomplete: Portuguese "quanto" is only Italian's there).
        return grammar
    if single is not None:
        # One free word and a country: both must point to the language ("Textilrecycling
        # Österreich"); a country alone never decides ("клъстер Polska" is no Polish).
        answer = short_message_language(words, values, places)
        return answer if answer in single else None
    if code == "en":
        second = values[1].value if len(values) > 1 else 0.0
        if (
            len(words) >= ENGLISH_MIN_WORDS
            and confidence >= ENGLISH_MIN_CONFIDENCE
            and confidence >= ENGLISH_OVER_SECOND * second
        ):
            return "en"
    english = next((v.value for v in values if v.language == Language.ENGLISH), 0.0)
    confident = (
        code != "en" and confidence >= MIN_CONFIDENCE and confidence >= ENGLISH_RATIO * english
    )
    if len(words) <= SHORT_MAX_WORDS and not (confident and code not in REPLY_LANGUAGES):
        # The function-word tables know the reply languages only: a confident Slovak or
        # Swedish stays lingua's.
        short = short_message_language(words, values, places)
        if short is None and confident:
            scores = short_message_scores(words, values, places)
            if max(scores, key=scores.__getitem__) == code:
                return code  # lingua is sure and the function words agree
        return short
    return code if confident else None


#: Greek written in Latin letters ("greeklish": a keyboard without Greek letters): its common
#: function words, verbs and the country's own name as Greeks transliterate them. Written for
#: this project from Greek grammar; lingua has no model of it and reads it as Spanish or Italian.
_GREEKLISH_TEXT = """
    ti to ta o i oi tin einai eimaste stin sti ston sto stis stous sta gia tou tis ton twn kai
    pou poso posa poia poio poies poioi pws pos mia ena apo yparxei iparxei yparxoun iparxoun
    mporei mporo mporoume thelo thelw theloume psaxno psaxnw psaxnoume psaxnoyme ellada elladas
    etaireies etairies etaireia xrimatodotisi xrimatodotiseis proypologismos programma
"""
GREEKLISH_WORDS = frozenset(_GREEKLISH_TEXT.split())
#: Of those, the ones no other EU language writes as a word (one must be there).
_GREEKLISH_OWN_TEXT = """
    einai eimaste stin ston stis stous kai tou twn pws yparxei iparxei yparxoun iparxoun mporei
    mporo mporoume thelo thelw theloume psaxno psaxnw psaxnoume psaxnoyme ellada elladas
    proypologismos xrimatodotisi
"""
GREEKLISH_OWN = frozenset(_GREEKLISH_OWN_TEXT.split())
#: Fewest :data:`GREEKLISH_WORDS` (different ones) that make a message Greek.
GREEKLISH_MIN_WORDS = 2


def greeklish(words: Sequence[str]) -> bool:
    """Whether a message's free words are Greek written in Latin letters (:data:`GREEKLISH_WORDS`:
    at least :data:`GREEKLISH_MIN_WORDS` different ones, one of :data:`GREEKLISH_OWN`)."""
    folded = {fold(w) for w in words}
    return len(folded & GREEKLISH_WORDS) >= GREEKLISH_MIN_WORDS and bool(folded & GREEKLISH_OWN)


#: Code-switching (:func:`grammar_language`): fewest function words of the language that are
#: not English ones ...
GRAMMAR_MIN_WORDS = 2
#: ... its least share of the function words' votes ...
GRAMMAR_MIN_SHARE = 0.5
#: ... and how many times English's votes and the second language's it must have.
GRAMMAR_MARGIN = 2.0


def grammar_language(words: Sequence[str]) -> str | None:
    """The reply language a message's grammar is written in, whatever its content words.

    A French or Dutch sentence with English domain terms ("des calls ouverts sur le drone
    delivery", "calls over energie efficiency van datacenters") reads English to lingua, whose
    letters are mostly the English terms'; its function words (articles, prepositions,
    pronouns: :func:`bot.nlu.language_votes.tables`) are the language's. A language decides
    when at least :data:`GRAMMAR_MIN_WORDS` of the words are its function words and not English
    ones, it has at least :data:`GRAMMAR_MIN_SHARE` of the function words' votes, and at least
    :data:`GRAMMAR_MARGIN` times English's and the second language's votes.

    Args:
        words: The message's free words.

    Returns:
        A reply language other than English, or None.
    """
    folded = [fold(w) for w in words]
    votes = function_word_votes(words, content=False)
    if not votes:
        return None
    total = sum(votes.values())
    ranked = sorted(votes.items(), key=lambda i: -i[1])
    best, score = ranked[0]
    second = max((v for c, v in ranked[1:] if c != "en"), default=0.0)
    english = tables()["en"]
    own = sum(best in word_languages(w, content=False) and w not in english for w in folded)
    if (
        best == "en"
        or own < GRAMMAR_MIN_WORDS
        or score < GRAMMAR_MIN_SHARE * total
        or score < GRAMMAR_MARGIN * votes.get("en", 0.0)
        or score < GRAMMAR_MARGIN * second
    ):
        return None
    return best


def short_message_scores(
    words: Sequence[str], values: list, places: Sequence[frozenset[str]] = ()
) -> dict[str, float]:
    """Each language's score for a short message: lingua's confidence plus
    :data:`FUNCTION_WORD_WEIGHT` times its share of the function words and country names
    (:func:`function_word_votes`)."""
    votes = function_word_votes(words, places)
    return {
        v.language.iso_code_639_1.name.lower(): v.value
        + FUNCTION_WORD_WEIGHT * votes.get(v.language.iso_code_639_1.name.lower(), 0.0)
        for v in values
    }


def short_message_language(
    words: Sequence[str], values: list, places: Sequence[frozenset[str]] = ()
) -> str | None:
    """The language of a short message: lingua's confidence plus its function words' votes.

    A short message ("cluster agroalimentari in Italia", "¿Qué es el Cluster Excellence
    Programme?" once names and shared words are left out: "agroalimentari in", "Qué es el")
    gives lingua too little text to be sure, and lingua alone calls the second French. Its
    function words tell the languages apart where lingua cannot ("el" is Spanish only), so
    each language scores :func:`short_message_scores`. The best language decides when it
    scores at least :data:`SHORT_MIN_SCORE` and :data:`SHORT_MARGIN` times the second, and either
    two or more of the words are its function words and hold at least
    :data:`FUNCTION_WORD_MAJORITY` of the votes ("Wat is", "was ist"), or lingua alone gives it
    at least English's confidence and it scores :data:`SHORT_ENGLISH_RATIO` times English
    (English is the default, and English words such as "car", "on" and "ya" are French and
    Spanish function words too). English never decides here (a short English message keeps
    the conversation's language).

    Args:
        words: The message's free words (at most :data:`SHORT_MAX_WORDS`).
        values: lingua's confidence values for them.
        places: The reply languages of each country name in it (:func:`bot.nlu.language_votes.place_owners`).

    Returns:
        An ISO 639-1 code other than ``en``, or None.
    """
    scores = short_message_scores(words, values, places)
    ranked = sorted(scores.items(), key=lambda i: -i[1])
    if not ranked:
        return None
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best == "en" or score < SHORT_MIN_SCORE or score < SHORT_MARGIN * second:
        return None
    own_words = sum(best in word_languages(fold(w)) for w in words)
    own_words += sum(owners == frozenset({best}) for owners in places)
    if (
        own_words >= 2
        and function_word_votes(words, places).get(best, 0.0) >= FUNCTION_WORD_MAJORITY
    ):
        return best  # its function words decide ("Wat is", "was ist", "Qué es el")
    lingua = {v.language.iso_code_639_1.name.lower(): v.value for v in values}
    if lingua.get(best, 0.0) < lingua.get("en", 0.0):
        return None  # a function word or two never outvote lingua's English ("car", "ya")
    top = max(lingua, key=lingua.__getitem__, default="en")
    if best == SLAVIC_REPLY_LANGUAGE and top not in REPLY_LANGUAGES:
        # Polish function words ("za", "na", "i", "do") are those of the other Slavic languages
        # in Latin letters too: lingua's language without replies wins ("klaster za energiya
        # na vodorod"). Only for Polish: short Portuguese and Italian greetings lingua gives to
        # another language stay theirs (four greetings lost when this held for every language).
        return None
    if score < SHORT_ENGLISH_RATIO * scores.get("en", 0.0):
        return None  # English is the default: it must lose clearly
    return best


def candidate_languages(
    text: str | None, skip: Sequence[Sequence] | None = None
) -> tuple[str, ...]:
    """The languages a short message may well be written in: the conversation's prior decides.

    A message of :data:`MIN_WORDS` to :data:`SHORT_MAX_WORDS` free words (or a shorter one
    with a country name) is written in every language whose score
    (:func:`short_message_scores`) is at least the best's divided by :data:`SHORT_MARGIN`
    ("clusters en Portugal": Spanish, French, Dutch): when the conversation's language is one
    of them, the conversation keeps it (:func:`i18n.conversation.conversation_language`).
    Longer messages, and those without a word or name to go by, have none.

    Args:
        text: The message.
        skip: Entity spans, as for :func:`identify_language`.

    Returns:
        ISO 639-1 codes, best first; empty when the message is long or has no evidence.
    """
    if not isinstance(text, str):
        return ()
    words = _free_words(text, skip)
    places = place_owners(text, skip)
    if (not words and not places) or len(words) > SHORT_MAX_WORDS:
        return ()
    values = detector().compute_language_confidence_values(" ".join(words)) if words else []
    scores = short_message_scores(words, values, places) or function_word_votes([], places)
    best = max(scores.values())
    if best <= 0.0:
        return ()
    return tuple(
        code
        for code, score in sorted(scores.items(), key=lambda i: -i[1])
        if score >= best / SHORT_MARGIN
    )


def message_language(
    text: str | None, skip: Sequence[Sequence] | None = None
) -> tuple[str | None, tuple[str, ...]]:
    """The language a message decides, and the languages it may well be written in.

    :func:`identify_language` first. A message that writes one of Italian's own elided forms
    (:data:`bot.nlu.language_votes.ITALIAN_FORMS`: "cos'è", "c'è", "dell'", "un'") is Italian
    when it is undecided or short (lingua leaves "cos'è ESCA" undecided or calls a few words
    Portuguese). A short message it leaves undecided whose evidence points
    to one language only (:func:`candidate_languages` gives exactly one, not English: "y en
    Francia?", "clusters em Espanha", "cluster in Spagna": a function word and a place name
    written the way only that language writes it, lingua too unsure to decide) is read as that
    language: every piece of evidence there is agrees, and the alternative is English, which
    none of it points to. The message must name a place (a country or region entity: the
    searches and follow-ups this is for) and one of its words must be a function word of that
    language (a lone name never decides: "Berlin"; "see ya", "cos'è ESCA" do not either).
    Such a thin decision carries itself as its only candidate, so the
    conversation's earlier language is still its prior (:mod:`i18n.conversation`).

    Args:
        text: The message.
        skip: Entity spans, as for :func:`identify_language`.

    Returns:
        ``(code or None, candidates)``: candidates (best first) for a short message that
        may well be written in several languages, or its own language for a thin decision;
        otherwise empty.
    """
    code = identify_language(text, skip)
    if code in (None, "en"):
        own = own_words_language(text, skip)
        if own is not None:
            return own, ()  # "Clusters have been labelled in 41 countries - isto ainda é verdade?"
    candidates = candidate_languages(text, skip)
    short = code is None or len(_free_words(text, skip)) <= SHORT_MAX_WORDS
    if code not in ("it", "mt") and short and italian_forms(text):
        return "it", ()  # "cos'è Horizon Europe?", "un'azienda": only Italian writes these
    if code is None:
        greeting = small_talk_language(text)
        if greeting is not None:
            return greeting, small_talk_candidates(greeting)
        if (
            len(candidates) == 1
            and any(len(span) > 2 and span[2] in PLACE_ENTITIES for span in skip or ())
            and candidates[0] in REPLY_LANGUAGES
            and candidates[0] != "en"
            and any(fold(w) in tables().get(candidates[0], ()) for w in _free_words(text, skip))
        ):
            return candidates[0], candidates  # its own function words agree ("y en ...")
        lone = lone_word_language(text, skip)
        if lone is not None:
            return lone, small_talk_candidates(lone)  # "Voraussetzungen?", "orçamento PIC"
        romance = shared_fragment_language(text, skip, candidates)
        if romance is not None:
            return romance, candidates  # "clusters de energia": Portuguese, Spanish or Italian
        if _english_place_turn(text, skip):
            return "en", ("en",)  # "what about Italy?" after Spanish: the user wrote English
        return None, ()
    return code, candidates if len(candidates) > 1 else ()


#: A pasted English fragment (:func:`own_words_language`): fewest words of English ...
PASTE_MIN_ENGLISH_WORDS = 3
#: ... fewest free words of the user's own language around it ...
PASTE_MIN_OWN_WORDS = 3
#: ... of which at least this many are that language's function words (not English ones).
PASTE_MIN_FUNCTION_WORDS = 2


def own_words_language(text: str | None, skip: Sequence[Sequence] | None = None) -> str | None:
    """The reply language of the user's own words around a pasted English fragment.

    A call title, a profile line or a report's sentence pasted into a French, Italian or
    Portuguese question ("Clusters have been labelled in 41 countries - isto ainda é
    verdade?", "J'ai vu l'appel Advancing recycling technologies for ... , est-il encore
    ouvert ?") gives lingua more English letters than the user's own (tenth held-out set: four
    such questions answered in English, issue 13 part 2). lingua's mixed-language reading
    (``detect_multiple_languages_of``) splits the message into runs; when English runs of at
    least :data:`PASTE_MIN_ENGLISH_WORDS` words stand beside runs of one other reply language
    with at least :data:`PASTE_MIN_OWN_WORDS` free words, :data:`PASTE_MIN_FUNCTION_WORDS` of
    them that language's function words and not English ones (its grammar: "isto", "é", "est",
    "il", "encore"), the user wrote in that language. A name of another language in an English
    sentence ("the Pôle Mer Bretagne Atlantique") has too few function words to count.

    Args:
        text: The message.
        skip: Entity spans, as for :func:`identify_language`.

    Returns:
        A reply language other than English, or None.
    """
    if not isinstance(text, str) or len(_free_words(text, skip)) < (
        PASTE_MIN_ENGLISH_WORDS + PASTE_MIN_OWN_WORDS
    ):
        return None
    sample = text[:MAX_CHARS]
    english_words = 0
    own: dict[str, list[str]] = {}
    for run in detector().detect_multiple_languages_of(sample):
        code = run.language.iso_code_639_1.name.lower()
        words = _free_words(sample[run.start_index : run.end_index], None)
        if code == "en":
            english_words += len(words)
        elif code in REPLY_LANGUAGES:
            own.setdefault(code, []).extend(words)
    if english_words < PASTE_MIN_ENGLISH_WORDS:
        return None
    english = tables()["en"]
    found = [
        code
        for code, words in own.items()
        if len(words) >= PASTE_MIN_OWN_WORDS
        and sum(fold(w) in tables().get(code, ()) and fold(w) not in english for w in words)
        >= PASTE_MIN_FUNCTION_WORDS
    ]
    return found[0] if len(found) == 1 else None


def _english_place_turn(text: str | None, skip: Sequence[Sequence] | None) -> bool:
    """Whether a short, undecided message naming a place is English by its words alone.

    "what about Italy?", "and Belgium?", "how about Spain then?": every free word is an English
    word (:func:`bot.nlu.language_votes.word_languages`) and one at least is English only, so
    the message is written in English, whatever the conversation's language was ("und in
    Österreich?" decides German the same way). "in France?" (a word of five languages) and
    "ok, Polska?" decide nothing: the conversation keeps its language.
    """
    if not any(len(span) > 2 and span[2] in PLACE_ENTITIES for span in skip or ()):
        return False
    words = [fold(w) for w in _free_words(text or "", skip)]
    if not words or len(words) > SHORT_MAX_WORDS:
        return False
    owners = [word_languages(w) for w in words]
    return all("en" in o for o in owners) and any(list(o) == ["en"] for o in owners)


#: Fewest letters of a lone word that decides its language (:func:`own_word_language`).
OWN_WORD_MIN_LETTERS = 6


def own_word_language(words: Sequence[str]) -> str | None:
    """The language of a message whose one free word is a content word of one reply language.

    A telegraphic request ("Calls Kernfusion?", "Wasserstoff?", "Calls aquacultuur 🐟") keeps
    one word once names, acronyms and the words shared by many languages ("calls", "cluster")
    are left out: too little for lingua, but a content word of the product's vocabulary that only
    one reply language writes (:data:`bot.nlu.language_votes.DOMAIN_WORDS_YML`: "kernfusion"
    German, "aquacultuur" Dutch) tells the language (issue 13 part 2, session 17: telegraphic
    calls and fact requests answered in English). It decides when it has at least
    :data:`OWN_WORD_MIN_LETTERS` letters, is no English word of that vocabulary or function word,
    and lingua gives its language at least English's confidence.

    Args:
        words: The message's free words (one).

    Returns:
        A reply language other than English, or None.
    """
    if len(words) != 1 or len(words[0]) < OWN_WORD_MIN_LETTERS:
        return None
    owners = word_languages(fold(words[0]))
    if len(owners) != 1 or owners[0] == "en":
        return None
    values = detector().compute_language_confidence_values(words[0])
    lingua = {v.language.iso_code_639_1.name.lower(): v.value for v in values}
    return owners[0] if lingua.get(owners[0], 0.0) >= lingua.get("en", 0.0) else None


#: A fragment's one free word (:func:`lone_word_language`): fewest letters ...
LONE_WORD_MIN_LETTERS = 5
#: ... lingua's least confidence in its reply language when nothing else points to one ...
LONE_WORD_MIN_CONFIDENCE = 0.7
#: ... and how many times the second language's confidence that must be.
LONE_WORD_MARGIN = 3.0


def lone_word_language(text: str | None, skip: Sequence[Sequence] | None = None) -> str | None:
    """The reply language of a fragment whose one free word is plainly that language's.

    A fragment ("Voraussetzungen Goldlabel?", "orçamento ESCA", "Holzcluster Österreich",
    "numéro PIC ?") keeps one word once names, acronyms, places and the words many languages
    share are left out: too little for :func:`identify_language`, which then leaves it
    undecided, and the reply went out in English, which nothing in the message points to
    (twelfth held-out set, issue 13: twelve SHORT fragments in DE FR IT PL NL PT handled but
    answered in English). The word decides when lingua gives a reply language other than
    English, as its best language:

    * at least :data:`LONE_WORD_MIN_CONFIDENCE` and :data:`LONE_WORD_MARGIN` times the second
      language's confidence ("Voraussetzungen", "orçamento", "budżet", "aanvraag"; no English
      word of the product reaches it: "application" is French 0.48 to lingua); or
    * the language that alone writes a country name of the message ("Österreich", "Włochy":
      :func:`bot.nlu.language_votes.place_owners`), or the only reply language whose content
      words hold the word (:func:`bot.nlu.language_votes.word_languages`: "wodór", "legno").

    The word has at least :data:`LONE_WORD_MIN_LETTERS` letters. A decision this thin carries
    every EU language as candidate (:func:`small_talk_candidates`), so a conversation already
    in a language keeps it; it decides the first message of a conversation.

    Args:
        text: The message.
        skip: Entity spans, as for :func:`identify_language`.

    Returns:
        A reply language other than English, or None.
    """
    if not isinstance(text, str):
        return None
    words = _free_words(text, skip)
    if len(words) != 1 or len(words[0]) < LONE_WORD_MIN_LETTERS:
        return None
    values = detector().compute_language_confidence_values(words[0])
    if not values:
        return None
    best = values[0].language.iso_code_639_1.name.lower()
    if best == "en" or best not in REPLY_LANGUAGES:
        return None
    second = values[1].value if len(values) > 1 else 0.0
    if values[0].value >= LONE_WORD_MIN_CONFIDENCE and values[0].value >= LONE_WORD_MARGIN * second:
        return best
    owners = [set(o) & set(REPLY_LANGUAGES) for o in place_owners(text, skip)]
    if owners and all(o == {best} for o in owners):
        return best  # "Holzcluster Österreich": the word's language writes the country so
    content = [code for code in word_languages(fold(words[0])) if code != "en"]
    if content == [best] and "en" not in word_languages(fold(words[0])):
        return best  # "wodór Śląsk": a content word of one language, lingua agreeing
    return None


#: Fewest candidate languages of a fragment that :func:`shared_fragment_language` decides: one
#: candidate alone is thin evidence, which :func:`message_language` decides only with a place
#: and a function word of it.
SHARED_MIN_CANDIDATES = 2
#: Fewest letters of the free words of such a fragment ("y" alone is no evidence).
SHARED_MIN_LETTERS = 5


def shared_fragment_language(
    text: str | None, skip: Sequence[Sequence] | None, candidates: Sequence[str]
) -> str | None:
    """The likeliest language of a fragment that only reply languages other than English write.

    "clusters de energia", "partners de turismo", "energia solar" are Portuguese, Spanish or
    Italian alike (:func:`candidate_languages`), so no rule decides them, and the reply went out
    in English, the one language none of their words is written in. When two or more
    (:data:`SHARED_MIN_CANDIDATES`) reply languages other than English are the candidates and
    every free word is a known word (function or content word,
    :func:`bot.nlu.language_votes.word_languages`) of some reply language and of none of English,
    the best candidate is a better guess than English: it decides, with every candidate kept as
    such, so a conversation already in one of them keeps its language (:mod:`i18n.conversation`).
    A word nobody's lists know ("hello", "hydorgen": the candidates then come from lingua's
    guess at a few letters), an English word ("textiles", "bronze"), English or a language
    without replies among the candidates leave the message undecided.

    Args:
        text: The message.
        skip: Entity spans, as for :func:`identify_language`.
        candidates: The message's candidate languages, best first.

    Returns:
        The first candidate, or None.
    """
    if not isinstance(text, str) or len(candidates) < SHARED_MIN_CANDIDATES:
        return None
    if any(c == "en" or c not in REPLY_LANGUAGES for c in candidates):
        return None
    words = _free_words(text, skip)
    if sum(len(w) for w in words) < SHARED_MIN_LETTERS:
        return None
    for word in words:
        owners = list(ACCENTED_WORDS.get(word.lower(), ())) or word_languages(fold(word))
        if not owners or "en" in owners:
            return None
    return candidates[0]


def small_talk_language(text: str | None) -> str | None:
    """The reply language of a message made only of small talk in that language's own words.

    "Hallo 👋", "Cześć 🙂", "Bonjour !", "Danke 👍": one word is too little for lingua, but the
    greeting, thanks or goodbye is a phrase of one language (or of two: "hallo" is German and
    Dutch: the first of :data:`taxonomy.languages.REPLY_LANGUAGES` is taken, German; lingua
    guesses from five letters and says Dutch) by :func:`bot.nlu.small_talk.small_talk_languages`
    (issue 13 part 2, session 17: one-word greetings with an emoji answered in English).
    English phrases and those written alike in other EU languages ("hi", "salut", "hej")
    decide nothing.

    Args:
        text: The message.

    Returns:
        A reply language other than English, or None.
    """
    owners = small_talk_languages(text)
    if not owners:
        return None
    return next(code for code in REPLY_LANGUAGES if code in owners)


def small_talk_candidates(code: str) -> tuple[str, ...]:
    """The candidates of a small-talk decision: every EU language, ``code`` first.

    A greeting word is the weakest evidence there is (Germans say "ciao", the Dutch "hallo"):
    it decides a conversation's language only when nothing else does, so every language is a
    candidate and the conversation's earlier language, or the widget's, is kept
    (:func:`i18n.conversation.conversation_language`).
    """
    return (code, *(other for other in EU_LANGUAGES if other != code))


def detect_language(text: str | None, skip: Sequence[Sequence] | None = None) -> str | None:
    """The language of a message that is clearly written in an EU language other than English.

    Args:
        text: The message (any length; only the first 2,000 characters are read).
        skip: ``(start, end)`` spans of entities (places, technologies) whose words are names,
            not evidence of a language: they are left out.

    Returns:
        An ISO 639-1 code of :data:`taxonomy.languages.EU_LANGUAGES` other than ``en``, or
        ``None`` for English, very short, ambiguous or unknown text.
    """
    code = identify_language(text, skip)
    return None if code == "en" else code


def language_span(
    text: str, code: str, taken: list[tuple[int, int]] | None = None
) -> tuple[int, int] | None:
    """Where the ``language`` entity of a message written in ``code`` goes.

    The language is a property of the whole message, and lingua reading one word alone is
    unsure of short ones ("je", "Hola", "Vorrei"), so the marker is simply the first word that
    is free: outside ``taken``, not an acronym, not part of an address.

    Args:
        text: The message.
        code: The language :func:`detect_language` found (the span does not depend on it).
        taken: Spans of entities already found (places, sectors); the marker never overlaps them.

    Returns:
        ``(start, end)`` of that word; ``None`` when every word is taken.
    """
    del code
    taken = taken or []
    for match in _words(text):
        start, end = match.span()
        if all(end <= t_start or start >= t_end for t_start, t_end in taken):
            return start, end
    return None


_NAMES = frozenset(name for names in LANGUAGE_NAMES.values() for name in names)


def _is_language_name(text: str | None, entity: dict) -> bool:
    """Whether an entity covers only a language's name ("German" read as a country)."""
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(text, str) or not isinstance(start, int) or not isinstance(end, int):
        return False
    return fold(text[start:end]) in _NAMES


def _town_blind_language(
    message: Message,
    text: str | None,
    typed: list[tuple[int, int, str | None]],
    code: str | None,
    candidates: tuple[str, ...],
) -> tuple[str | None, tuple[str, ...]]:
    """The message's language read without its towns (:func:`_unmarked_towns`), when that
    reading is English; otherwise the reading with them (``code``, ``candidates``). An
    undecided reading keeps the town's language: at the merge a Portuguese request of the
    eleventh set whose words left alone were undecided was answered in English.

    Only an English request that a town tipped to a reply language ("partners in Eindhoven
    for high tech" read as Dutch) is read again so: leaving words out never makes a message of
    another language (a short English turn without its one town word may look Swedish to
    lingua). A message read as one of the sixteen other languages is not read again: its intent
    is the multilingual encoder's vote (:mod:`bot.nlu.e5_intent`), and on the tenth held-out
    set one English turn so read was answered right by that vote and wrong by the English
    classifier once read as English (docs/benchmarks.md "s21-filters21").
    """
    towns = _unmarked_towns(text, typed)
    if not towns:
        return code, candidates
    blind, blind_candidates = _framed_language(message, text, [*typed, *towns])
    if blind == "en":
        return blind, blind_candidates
    return code, candidates


#: Fewest free words a message keeps without its towns for the towns to be left out of
#: detection (:func:`_unmarked_towns`).
TOWN_BLIND_MIN_WORDS = 3


def _unmarked_towns(
    text: str | None, typed: Sequence[tuple[int, int, str | None]]
) -> list[tuple[int, int, str]]:
    """The towns and regions of :func:`bot.nlu.places.town_spans` that no entity covers yet.

    The spaCy ruler's entities are left out of detection; the towns only the place index
    knows come later (:class:`bot.nlu.place_finder.PlaceFinder` runs after this component and
    reads its language), so without this a Dutch town in an English request made it Dutch.
    """
    if not isinstance(text, str):
        return []
    topic = any(kind in ("sector", "technology") for _, _, kind in typed)
    towns = [
        span
        for span in town_spans(text, topic)
        if not any(span[0] < end and start < span[1] for start, end, _ in typed)
    ]
    if towns and len(_free_words(text, [*typed, *towns])) < TOWN_BLIND_MIN_WORDS:
        return []  # "fotonica Eindhoven": the town is the fragment's best hint of its language
    return towns


def _framed_language(
    message: Message, text: str | None, typed: list[tuple[int, int, str | None]]
) -> tuple[str | None, tuple[str, ...]]:
    """:func:`message_language` of what the user typed: a short message whose salutation or
    closing the segmenter dropped (``bot.nlu.segmenter.FRAMED_PROPERTY``: "Hola, partners for
    battery recycling") is read with it, as before it was dropped: the salutation is words of
    the user's language."""
    framed = message.get(FRAMED_PROPERTY)
    offset = framed.find(text) if isinstance(framed, str) and isinstance(text, str) else -1
    if offset < 0:
        return message_language(text, typed)
    shifted = [(start + offset, end + offset, kind) for start, end, kind in typed]
    return message_language(framed, shifted)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(StatelessComponent):
    """Adds ``{"entity": "language", "value": "<code>"}`` to non-English messages; the span is
    the word that marks the language (see :func:`language_span`)."""

    def __init__(self, config: dict) -> None:
        """Builds the shared lingua detector now, so the first user message does not wait."""
        super().__init__(config)
        detector()

    def process(self, messages: list[Message]) -> list[Message]:
        """Marks each message with its language; turns a language request into its intent.

        Every message gets the output property ``language``: ``{"detected": <code or None>,
        "requested": <code or None>}``, and for a short message that decides a language but
        may well be written in others too, ``"candidates"``: those languages
        (:func:`candidate_languages`) (:func:`identify_language`,
        :func:`bot.nlu.language_switch.requested_language`), which the conversation's language
        is read from (:func:`i18n.conversation.conversation_language`). A message in an EU
        language other than English also gets the ``language`` entity; a request to change
        the language gets the intent :data:`SWITCH_INTENT`.
        """
        for message in messages:
            entities = list(message.get(ENTITIES) or [])
            typed = [
                (e["start"], e["end"], e.get("entity"))
                for e in entities
                if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
            ]
            taken = [(start, end) for start, end, _ in typed]
            text = message.get(TEXT)
            code, candidates = _framed_language(message, text, typed)
            if code in REPLY_LANGUAGES and code != "en":
                code, candidates = _town_blind_language(message, text, typed, code, candidates)
            # "answer in German": the gazetteer reads "German" as the country; in a request to
            # change the language it is the language's name, not a filter.
            named = [e for e in entities if _is_language_name(text, e)]
            others = [e for e in entities if e not in named]
            requested = None
            if not any(e.get("entity") in SEARCH_ENTITIES for e in others):
                requested = requested_language(text)
            if requested and named:
                entities = others
                message.set(ENTITIES, entities, add_to_output=True)
            found = {"detected": code, "requested": requested}
            candidates = candidates if code and not requested else ()
            if candidates:
                found["candidates"] = list(candidates)
            page = page_language(message)
            if page:
                found[PAGE_KEY] = page
            message.set(LANGUAGE_PROPERTY, found, add_to_output=True)
            if requested:
                intent = {"name": SWITCH_INTENT, "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            elif _classified_as_switch(message) and names_a_nationality(text):
                # "nous cherchons des partenaires polonais": a nationality, not a language
                best = without_switch(message.get(INTENT_RANKING_KEY))
                if best is not None:
                    message.set(INTENT, best, add_to_output=True)
            elif _classified_as_switch(message) and translation_request(text):
                # "translate this contract into English": a translation, which the assistant
                # does not do, not a request to change the conversation's language.
                intent = {"name": OUT_OF_SCOPE_INTENT, "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            if code is None or code == "en":
                continue
            span = language_span(text, code, taken)
            if span is None:
                continue
            entities.append(
                {
                    "entity": "language",
                    "value": code,
                    "start": span[0],
                    "end": span[1],
                    "confidence": 1.0,
                    "extractor": self.__class__.__name__,
                }
            )
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
