"""A light language detector for Rasa 3.6: marks German, French, Spanish, Italian and Polish
messages with a ``language`` entity (ISO 639-1 code) so the dialogue can answer that it speaks
English, while country and sector entities found in the message are still used.

No model and no download: it counts function words (stop words) of each language and a few
letters that only some of these languages use. English, short and mixed messages get no entity.
Listed in config.yml as ``bot.nlu.language.LanguageDetector``.

The entity's span is the first word that gave the language away (a function word such as "ich" or
"je", else the first word with a letter such as "ß" or "ñ"), not the whole message: a span over
the whole message would overlap the place and sector entities inside it, which Rasa's training-data
and test-story format cannot annotate (``rasa test`` compares every predicted entity with the
story's annotations, so story tests write ``[ich]{"entity": "language", "value": "de"}``).
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.stateless import StatelessComponent
from taxonomy.stopwords import LANGUAGE_FUNCTION_WORDS as STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

LETTERS: dict[str, str] = {"de": "äöüß", "fr": "éèêçàù", "es": "ñ¿¡á", "pl": "ąćęłńśźż"}
SUPPORTED = ("de", "fr", "es", "it", "pl")


def detect_language(text: str | None) -> str | None:
    """Return ``de``/``fr``/``es``/``it``/``pl`` for a message clearly in that language.

    Args:
        text: The message (any length; only the first 2,000 characters are read).

    Returns:
        The language code, or ``None`` for English, very short, mixed or unknown text.
    """
    if not isinstance(text, str):
        return None
    sample = text[:2000].lower()
    words = _WORD.findall(sample)
    if len(words) < 2:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOP_WORDS.items()}
    for lang, letters in LETTERS.items():
        scores[lang] += sum(sample.count(ch) for ch in letters)
    best = max(SUPPORTED, key=lambda lang: scores[lang])
    if scores[best] >= 2 and scores[best] > scores["en"]:
        return best
    return None


def language_span(
    text: str, code: str, taken: list[tuple[int, int]] | None = None
) -> tuple[int, int] | None:
    """Where a message shows that it is written in ``code``: the span of the entity.

    Args:
        text: The message.
        code: The language :func:`detect_language` found.
        taken: Spans of entities already found (places, sectors); the marker never overlaps them.

    Returns:
        ``(start, end)`` of the first function word of that language, else of the first word
        with one of its letters, else of the first such character ("¿"); ``None`` when the text
        shows none of them outside ``taken``.
    """
    sample = text[:2000]
    stop_words = STOP_WORDS.get(code, frozenset())
    letters = LETTERS.get(code, "")
    taken = taken or []

    def free(start: int, end: int) -> bool:
        return all(end <= t_start or start >= t_end for t_start, t_end in taken)

    with_letter = None
    for match in _WORD.finditer(sample):
        if not free(*match.span()):
            continue
        word = match.group().lower()
        if word in stop_words:
            return match.span()
        if with_letter is None and any(ch in letters for ch in word):
            with_letter = match.span()
    if with_letter is not None:
        return with_letter
    for index, char in enumerate(sample):
        if char.lower() in letters and free(index, index + 1):
            return index, index + 1
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(StatelessComponent):
    """Adds ``{"entity": "language", "value": "<code>"}`` to non-English messages; the span is
    the word that marks the language (see :func:`language_span`)."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Marks each message written in one of the supported languages."""
        for message in messages:
            code = detect_language(message.get(TEXT))
            if code is None:
                continue
            entities = list(message.get(ENTITIES) or [])
            taken = [
                (e["start"], e["end"])
                for e in entities
                if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
            ]
            span = language_span(message.get(TEXT), code, taken)
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
