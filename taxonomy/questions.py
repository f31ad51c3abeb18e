"""Whether a message asks: one rule for the NLU segmenter and the dialogue actions.

A question mark anywhere, or a question word of the eight reply languages (EN DE FR ES IT PL NL
PT) at the start ("what is TRL?", "wie funktioniert das", "c'est quoi un PIC", "czy są nabory").
Used by :mod:`bot.nlu.letters` (which sentences of a long message ask) and
:mod:`actions.dialogue.forms` (a question does not answer a form's question).
:func:`asks_indirectly` owns the indirect questions of a forwarded or reported request ("she
would like to know who can apply ...", "mi chiede se ..."); the fact routing counts them as
questions (:func:`knowledge.facts.asking.is_question`).
"""

from __future__ import annotations

import re

from taxonomy.text import fold

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


#: Greek writes its question mark as ";" (U+037E, typed as a semicolon): a Greek sentence that
#: ends with one asks ("Πόσες θέσεις εργασίας ...;").
GREEK_QUESTION = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff][^;\u037e]*[;\u037e]\W*$", re.UNICODE)


def is_question(text: str) -> bool:
    """Whether a message asks something (a question mark, the Greek one at the end of a Greek
    sentence, or a leading question word)."""
    return "?" in text or bool(QUESTION_START.search(text) or GREEK_QUESTION.search(text))


#: Interrogative words that open the clause an indirect question asks (folded, 8 languages).
_WH = (
    r"if|whether|who|what|which|how|when|where|why|"
    r"ob|wer|wie|was|welche\w*|wann|wo|warum|"
    r"si|qui|comment|quel\w*|quand|ou|pourquoi|"
    r"quien\w*|como|cual\w*|que|cuando|donde|"
    r"se|chi|come|quale|quali|quando|dove|perche|quant\w*|cosa|"
    r"czy|kto|jak\w*|ile|gdzie|kiedy|dlaczego|co|ktor\w*|"
    r"of|wie|hoe|wat|welke|wanneer|waar|waarom|"
    r"quem|qual|quais|onde|porque"
)
#: "she would like to know ...", "er möchte wissen, ob ...", "mi chiede se ...": a request told
#: as an indirect question (a forwarded client's question), in the eight reply languages, folded.
INDIRECT_QUESTION = re.compile(
    r"\b(?:"
    # en
    r"(?:like|want|wants|wanted|need|needs|wish|wishes) to (?:know|find out|learn|check)|"
    r"(?:asks|asked|asking|wonders|wondered|wondering|enquires|inquires)(?: me| us| you)?"
    rf" (?:{_WH})|"
    r"(?:tell|let) (?:me|us|her|him|them) know (?:if|whether|who|what|which|how|when)|"
    # de
    r"(?:mochte|moechte|mochten|will|wollen|wollte|wurde gerne?|wuerde gerne?|wurden gerne?)"
    r" (?:gerne? )?(?:wissen|erfahren)|"
    rf"(?:fragt|fragen|fragte)(?: sich| mich| uns)? (?:{_WH})|"
    # fr
    r"(?:voudrait|voudraient|veut|veulent|aimerait|aimeraient|souhaite|souhaitent|"
    r"voudrais|aimerais|souhaiterait) (?:savoir|connaitre|comprendre)|"
    rf"(?:se |me |nous )?demande(?:nt)? (?:{_WH})|"
    # es
    r"(?:quiere|quieren|quisiera|quisieran|desea|desean|gustaria|necesita) (?:saber|conocer)|"
    rf"(?:se |me |nos )?pregunta(?:n|ba)? (?:{_WH})|"
    # it
    r"(?:vorrebbe|vorrebbero|vuole|vogliono|desidera|vorrei|vorremmo|chiedeva) (?:sapere|capire)|"
    rf"(?:mi |ci |si )?chied(?:e|ono|eva) (?:{_WH})|"
    # pl
    r"(?:chce|chca|chcia[lł](?:a|y|by|aby|bym|abym)) (?:wiedzie[cć]|si[eę] dowiedzie[cć])|"
    rf"(?:pyta|pytaj[aą]|pyta[lł]a?|zastanawia si[eę])(?: mnie| nas)? (?:{_WH})|"
    # nl
    r"(?:wil|willen|wilde|zou|zouden) (?:graag )?(?:willen )?(?:weten|horen)|"
    rf"(?:vraagt|vragen|vroeg)(?: zich af| mij| ons)? (?:{_WH})|"
    # pt
    r"(?:gostaria|gostariam|quer|querem|queria|deseja|desejam) (?:de )?(?:saber|perceber|entender)|"
    rf"(?:me |nos |se )?pergunta(?:m|va)? (?:{_WH})"
    r")\b"
)


def asks_indirectly(text: str) -> bool:
    """Whether a message carries an indirect question ("she would like to know who can apply",
    "er möchte wissen, ob ...", "mi chiede se ...", "pyta, czy ..."): a request reported or
    forwarded as a question, in the eight reply languages (folded text: no accents, commas)."""
    return bool(INDIRECT_QUESTION.search(fold(text[:2000])))
