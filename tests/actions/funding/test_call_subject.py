"""The calls reply names its topic as the calls card's title does, in every reply language."""

from __future__ import annotations

import pytest

from actions.funding.replies import _subject
from taxonomy.stopwords import call_request_stopwords, topic_words


@pytest.mark.parametrize(
    ("message", "lang", "topic"),
    [
        ("open calls for offshore wind", "en", "offshore wind"),
        ("Gibt es gerade offene Ausschreibungen zu Batterien?", "de", "Batterien"),
        ("¿Hay convocatorias abiertas sobre hidrógeno verde?", "es", "hidrógeno verde"),
        ("Existem concursos abertos sobre economia circular?", "pt", "economia circular"),
        ("Ci sono bandi aperti sulla robotica?", "it", "robotica"),
        ("Zijn er open oproepen voor batterijen?", "nl", "batterijen"),
    ],
)
def test_the_subject_is_the_topic_not_the_whole_message(message, lang, topic) -> None:
    subject = _subject(message, None, lang)
    assert topic in subject
    assert message not in subject
    # one rule with the card's title (bot/channels/cards.py)
    assert topic_words(message, call_request_stopwords(lang)) == topic


def test_a_request_without_a_topic_names_none() -> None:
    assert _subject("are there any open calls", None, "en") == ""
    assert "COSME" in _subject("", "COSME", "en")
