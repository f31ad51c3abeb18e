"""The topic of a calls request in another language (knowledge/calls/request_frame.py).

Written for this test from the calls snapshot's topics, in the languages the frame lists cover;
none is copied from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest

from knowledge.calls.request_frame import topic_text


@pytest.mark.parametrize(
    ("language", "text", "topic"),
    [
        ("de", "Gibt es aktuell offene Ausschreibungen zur Bioökonomie?", "Bioökonomie"),
        (
            "fr",
            "Y a-t-il des appels ouverts sur l'agriculture de précision ?",
            "agriculture précision",
        ),
        ("es", "¿Hay convocatorias abiertas sobre economía azul?", "economía azul"),
        ("it", "Ci sono bandi aperti sull'agricoltura biologica?", "agricoltura biologica"),
        ("pl", "Czy są otwarte nabory w zakresie fotoniki?", "fotoniki"),
        ("nl", "Zijn er open oproepen over precisielandbouw?", "precisielandbouw"),
        ("pt", "Há concursos abertos sobre economia azul?", "economia azul"),
        ("cs", "Jsou otevřené výzvy na fotoniku?", "fotoniku"),
        ("sk", "Sú otvorené výzvy na fotoniku?", "fotoniku"),
        ("sv", "Finns det öppna utlysningar om fotonik?", "fotonik"),
        ("da", "Er der åbne indkaldelser om fotonik?", "fotonik"),
    ],
)
def test_the_frame_is_left_out_in_each_language(language, text, topic):
    assert topic_text(text, language) == topic


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Gibt es offene Ausschreibungen?"),  # nothing but the frame: kept whole
        ("en", "are there open calls on photonics?"),  # English has its own topic words
        (None, "Gibt es offene Ausschreibungen zur Bioökonomie?"),
        ("fi", "Onko avoimia hakuja fotoniikasta?"),  # no list: kept
    ],
)
def test_texts_without_a_topic_or_a_list_are_kept(language, text):
    assert topic_text(text, language) == text


def test_bad_input_never_crashes():
    assert topic_text("", "de") == ""
    assert topic_text(None, "de") is None  # type: ignore[arg-type]
