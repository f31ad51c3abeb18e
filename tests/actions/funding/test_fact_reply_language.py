"""A fact reply reads in the user's language (issue 13: Italian fact replies judged "language
None", an English card in a short Italian frame).

The card is quoted as its source writes it (English); the frame around it -- the line naming what
it is about, the date, the source line -- comes from the i18n catalogues. The language check is the
benchmark's own (bench/understanding_language.py: data such as the statement and the source title
is left out, function words decide). The questions are written from the fact cards' aspects.
"""

from __future__ import annotations

import pytest

from actions.funding import replies
from bench.understanding_language import reply_language
from taxonomy.languages import REPLY_LANGUAGES

QUESTIONS = [
    "what was the budget of INNOSUP-1?",
    "who can apply to Euroclusters?",
    "what is EREK?",
    "how do I contact the Enterprise Europe Network?",
    "what is COSME?",
    "when did the First European Cluster Policy Forum take place?",
]


@pytest.mark.parametrize("lang", sorted(REPLY_LANGUAGES))
def test_every_fact_reply_is_recognisably_in_the_reply_language(answerer, lang):
    for question in QUESTIONS:
        answer = replies.fact_answer_payload(answerer.answer(question))
        assert answer["verdict"] == "answered", question
        reply = replies.fact_text(answer, lang=lang)
        assert reply_language([{"text": reply, "custom": answer}]) == lang, (question, reply)
        # the card and its source are still there
        assert answer["statement"] in reply and reply.splitlines()[-1].strip()


def test_the_frame_names_the_instrument_in_the_reply_language(answerer):
    answer = replies.fact_answer_payload(answerer.answer("who can apply to Euroclusters?"))
    assert replies.fact_text(answer, lang="it").startswith(
        "Ecco che cosa ho trovato su Euroclusters:"
    )
    assert replies.fact_text(answer, lang="de").startswith("Das habe ich zu Euroclusters gefunden:")
