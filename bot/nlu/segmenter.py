"""The requests of a long message first: the NLU decides on what is asked (:mod:`bot.nlu.letters`).

First component of config.yml, before spaCy: for a long message (more than one sentence and longer
than any training example, :meth:`bot.nlu.letters.Segments.is_long`) the text the pipeline reads
becomes the sentences that ask, then the sentences of context, without the letter's frame
(headers, salutation, closing, signature). The intent, entities and filters are then decided on
that text, and the actions read it too (Rasa passes the rewritten text as the message's text;
the event keeps what the user typed). Every message with requests also carries them as the
``segments`` property (``{"requests": [...], "context": [...]}``): a message that asks two
things has two requests, and the answering actions offer the one they do not answer
(``actions.dialogue.second_request``).

Training examples are read the same way (their entity annotations move with their words;
those of the frame are dropped).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.letters import after_greeting, after_thanks, segment, unframed
from bot.nlu.long_request import TOLD_KEY, tells_first
from bot.nlu.mail import body as mail_body
from bot.nlu.mail import cleaned as cleaned_mail
from bot.nlu.stateless import StatelessComponent

#: The message property that carries the requests and the context to the actions.
SEGMENTS_PROPERTY = "segments"
#: The message property with a short message's text before its salutation or closing was
#: dropped (:func:`bot.nlu.letters.unframed`): still evidence of its language ("Hola, partners
#: for batteries in Spain" is Spanish).
FRAMED_PROPERTY = "framed_text"


def focus_message(message: Message, training: bool = False) -> None:
    """Rewrites a long message's text to its focus and records its requests (in place)."""
    text = message.get(TEXT)
    if not isinstance(text, str) or not text.strip():
        return
    request = None if training else after_thanks(text)
    if request is not None:
        # "thanks! and in Spain?": the new request is read, not the thanks ("you're welcome"
        # alone left it unanswered); the event keeps what the user typed
        message.set(TEXT, request)
        text = request
    if not training:
        cut = cleaned_mail(text)
        if cut is not None:
            # a mail's greeting line, foreign headers, a legal disclaimer or "Sent from my
            # iPhone" under it (bot.nlu.mail)
            message.set(FRAMED_PROPERTY, text, add_to_output=True)
            message.set(TEXT, cut)
            text = cut
    parts = segment(text)
    long = parts.is_long(text)
    if not training and not long:
        # a short mail: subject line, greeting line, closing and name (bot.nlu.mail)
        short = mail_body(text)
        if short is None:
            short = unframed(text)
        if short is None:
            short = after_greeting(text)  # "hei, calls for hydrogen?": the request is read
        if short is not None:
            # "Poštovani, tražimo partnere ...": the salutation is no greeting, the request is
            # read (bot.nlu.letters.unframed); the event keeps what the user typed
            if message.get(FRAMED_PROPERTY) is None:  # what was typed, before bot.nlu.mail
                message.set(FRAMED_PROPERTY, text, add_to_output=True)
            message.set(TEXT, short)
            text = short
            parts = segment(text)
    if long and parts.requests + parts.context:
        focus = parts.focus()
        if message.get(ENTITIES):
            message.set(ENTITIES, moved_entities(text, focus, message.get(ENTITIES)))
        message.set(TEXT, focus)
    told = not long and tells_first(text, parts.requests, parts.context)
    if not training and (len(parts.requests) > 1 or long or told):
        segments = {"requests": parts.requests, "context": parts.context, "long": long}
        if told:
            segments[TOLD_KEY] = True  # read a second time (bot.nlu.long_request)
        message.set(SEGMENTS_PROPERTY, segments, add_to_output=True)


def moved_entities(
    original: str, focus: str, entities: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A training example's entity annotations on its focus text (those of the frame dropped)."""
    moved: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for entity in sorted(entities, key=lambda e: e.get("start", 0)):
        start, end = entity.get("start"), entity.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        surface = original[start:end]
        at = focus.find(surface)
        while at != -1 and any(at < e and s < at + len(surface) for s, e in taken):
            at = focus.find(surface, at + 1)
        if not surface or at == -1:
            continue
        taken.append((at, at + len(surface)))
        moved.append({**entity, "start": at, "end": at + len(surface)})
    return sorted(moved, key=lambda e: e["start"])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class RequestSegmenter(StatelessComponent):
    """Long messages are read requests first, frame dropped; several requests are recorded."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Long training examples (letters) are read like long messages."""
        for example in training_data.training_examples:
            focus_message(example, training=True)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Rewrites long messages and records the requests of messages that have several."""
        for message in messages:
            focus_message(message)
        return messages
