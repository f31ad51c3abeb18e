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
  :data:`ENGLISH_RATIO` times its confidence in English (a short message may then still be
  decided by its function words: :func:`short_reply_language`);
* the best language is English.

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

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
from lingua import LanguageDetector as LinguaDetector
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language_switch import LANGUAGE_NAMES, requested_language
from bot.nlu.stateless import StatelessComponent
from taxonomy import fold
from taxonomy.languages import EU_LANGUAGES, REPLY_LANGUAGES
from taxonomy.stopwords import function_words

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NO_VOWEL = re.compile(r"[b-df-hj-np-tv-xz]+", re.IGNORECASE)
_ADDRESS = re.compile(r"\S*(?:@|://|www\.)\S*", re.IGNORECASE)
#: Letters only Maltese writes among the EU languages ("ż" is Polish too, so it is not one).
MALTESE_LETTERS = "ħġċ"
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
SWITCH_INTENT = "switch_language"
#: Entities that make a message a search, never a request to change the language.
SEARCH_ENTITIES = frozenset({"country", "region", "sector", "technology", "instrument"})

#: Short messages (:func:`short_reply_language`): at most this many free words ...
SHORT_MAX_WORDS = 8
#: ... lingua's confidence in the language at least any other non-English language's and this
#: share of English's.
SHORT_RATIO = 0.5
#: The reply languages besides English whose function words decide a short message.
OTHER_REPLY_LANGUAGES = tuple(code for code in REPLY_LANGUAGES if code != "en")
#: English function words (the curated English list's first part: no request words).
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "go",
        "ok",
        "yes",
        "yep",
        "yeah",
        "hi",
        "hey",
        "bye",
        "please",
        "thanks",
    ]
)
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


def _free_words(text: str, skip: list[tuple[int, int]] | None) -> list[str]:
    """The words that can show the language: outside ``skip``, no acronyms, no mashing."""
    skip = skip or []
    return [
        m.group()
        for m in _words(text)
        if all(m.end() <= s_start or m.start() >= s_end for s_start, s_end in skip)
        and not _NO_VOWEL.fullmatch(m.group())
    ]


def identify_language(text: str | None, skip: list[tuple[int, int]] | None = None) -> str | None:
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
    words = _free_words(text, skip)
    if len(words) < MIN_WORDS:
        return None
    values = detector().compute_language_confidence_values(" ".join(words))
    code = values[0].language.iso_code_639_1.name.lower()
    confidence = values[0].value
    if code == "en":
        second = values[1].value if len(values) > 1 else 0.0
        if (
            len(words) >= ENGLISH_MIN_WORDS
            and confidence >= ENGLISH_MIN_CONFIDENCE
            and confidence >= ENGLISH_OVER_SECOND * second
        ):
            return "en"
        return short_reply_language(words, values)
    english = next((v.value for v in values if v.language == Language.ENGLISH), 0.0)
    if confidence < MIN_CONFIDENCE or confidence < ENGLISH_RATIO * english:
        return short_reply_language(words, values)
    return code


def _confidence(values: list, code: str) -> float:
    return next((v.value for v in values if v.language.iso_code_639_1.name.lower() == code), 0.0)


def short_reply_language(words: list[str], values: list) -> str | None:
    """The reply language of a short message lingua alone cannot decide, from its function words.

    "Czym jest program COSME?", "Wat is COSME?", "Was ist COSME?": too few words for lingua's
    confidence, but written with function words ("jest", "wat", "ist") that only one of the
    seven other reply languages uses. Decided when the message has at most
    :data:`SHORT_MAX_WORDS` free words, its function words of a single reply language
    (:func:`taxonomy.stopwords.function_words`) are at least one and point to no other reply
    language (English function words are no evidence: "to", "my", "on" are Polish words too),
    it has no English function word that language lacks ("in flanders or wallonia"), and lingua
    gives that language at least the confidence of any other non-English language and
    :data:`SHORT_RATIO` times English's.

    Args:
        words: The message's free words (:func:`_free_words`).
        values: lingua's confidence values for them.

    Returns:
        The ISO 639-1 code, or None.
    """
    if not MIN_WORDS <= len(words) <= SHORT_MAX_WORDS or not values:
        return None
    folded = [fold(w) for w in words]
    folded = [w for w in folded if w]
    tables = {code: function_words(code) for code in OTHER_REPLY_LANGUAGES}
    distinctive = set()
    for word in folded:
        if word in ENGLISH_FUNCTION_WORDS:  # "to", "my", "on" are Polish too: no evidence
            continue
        owners = [code for code, table in tables.items() if word in table]
        if len(owners) == 1:
            distinctive.add(owners[0])
    if len(distinctive) != 1:
        return None
    code = distinctive.pop()
    if any(w in ENGLISH_FUNCTION_WORDS and w not in tables[code] for w in folded):
        return None
    mine = _confidence(values, code)
    best_other = max(
        (v.value for v in values if v.language.iso_code_639_1.name.lower() not in (code, "en")),
        default=0.0,
    )
    if mine <= 0.0 or mine < best_other or mine < SHORT_RATIO * _confidence(values, "en"):
        return None
    return code


def detect_language(text: str | None, skip: list[tuple[int, int]] | None = None) -> str | None:
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
        "requested": <code or None>}`` (:func:`identify_language`,
        :func:`bot.nlu.language_switch.requested_language`), which the conversation's language
        is read from (:func:`i18n.conversation.conversation_language`). A message in an EU
        language other than English also gets the ``language`` entity; a request to change
        the language gets the intent :data:`SWITCH_INTENT`.
        """
        for message in messages:
            entities = list(message.get(ENTITIES) or [])
            taken = [
                (e["start"], e["end"])
                for e in entities
                if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
            ]
            text = message.get(TEXT)
            code = identify_language(text, taken)
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
            message.set(
                LANGUAGE_PROPERTY, {"detected": code, "requested": requested}, add_to_output=True
            )
            if requested:
                intent = {"name": SWITCH_INTENT, "confidence": 1.0}
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
