"""Whether a message asks: one rule for the NLU segmenter and the dialogue actions.

A question mark anywhere, or a question word of the eight reply languages (EN DE FR ES IT PL NL
PT) at the start ("what is TRL?", "wie funktioniert das", "c'est quoi un PIC", "czy są nabory").
Used by :mod:`bot.nlu.letters` (which sentences of a long message ask) and
:mod:`actions.dialogue.forms` (a question does not answer a form's question).
"""

from __future__ import annotations

import re

#: Question words of the eight reply languages, as the start of a message or clause.
QUESTION_WORDS = (
    r"how|what|which|where|why|when|who|whose|is|are|can|could|do|does|"
    r"wie|was|welche[rsmn]?|wo|warum|wann|wer|gibt|kann|"
    r"comment|quel(?:le)?s?|où|pourquoi|quand|qui|que|qu'est-ce|qu'|c'est|est-ce|y\s+a-t-il|"
    r"cómo|como|qué|que|cuál|cuáles|dónde|por\s+qué|cuándo|quién|hay|"
    r"come|cosa|che|quale|quali|dove|perché|quando|chi|ci\s+sono|c'è|"
    r"jak|jaki|jaka|jakie|co|który|która|które|gdzie|dlaczego|kiedy|kto|czy|ile|"
    r"hoe|wat|welke|waar|waarom|wanneer|wie|zijn\s+er|is\s+er|"
    r"o\s+que|qual|quais|onde|porque|quando|quem|quanto|há|existem"
)
QUESTION_START = re.compile(
    rf"^\W*(?:{QUESTION_WORDS})(?![\w'-])",
    re.IGNORECASE | re.UNICODE,
)


def is_question(text: str) -> bool:
    """Whether a message asks something (a question mark or a leading question word)."""
    return "?" in text or bool(QUESTION_START.search(text))
