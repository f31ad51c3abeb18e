"""A pasted English fragment inside a question in another reply language (session 18, issue 13
part 2): the user's own words decide the reply language (bot.nlu.language.own_words_language).
Texts written for this test from the fact cards and the call titles; not from an evaluation set."""

from __future__ import annotations

import pytest

from bot.nlu.language import message_language, own_words_language

PASTED = [
    ("pt", "Clusters have been labelled in 41 countries - isto ainda é verdade?"),
    ("pt", "Tenho esta linha do perfil: cluster of SMEs in cork and sustainable packaging. Há concursos para isto?"),
    ("fr", "Advancing recycling technologies for mixed post-consumer textiles waste : y a-t-il des appels similaires ?"),
    ("it", "Ho trovato questa frase: 40% of the activity in emerging industries is concentrated in 20% of Europe's regions. È ancora vero?"),
    ("es", "Wages in strong clusters are 3% higher than elsewhere, ¿es un dato de qué año?"),
    ("de", "Im Bericht steht: Wages in strong clusters are 3% higher than elsewhere. Stimmt das noch?"),
]  # fmt: skip
ENGLISH = [
    "Is the Pôle de compétitivité Mer Bretagne Atlantique in your list of clusters?",
    "Where can I find the details of the Appel à projets Industrie du futur call?",
    "we are looking for partners in la Rioja for wine tourism projects",
    "Do you know the Cluster Excellence Programme and its budget for the years 2021-2027?",
]


@pytest.mark.parametrize(("language", "text"), PASTED)
def test_the_users_own_words_decide_the_reply_language(language, text):
    assert message_language(text)[0] == language


@pytest.mark.parametrize("text", ENGLISH)
def test_a_foreign_name_in_an_english_sentence_decides_nothing(text):
    assert own_words_language(text) is None


@pytest.mark.parametrize("text", [None, "", "ok", "Clusters have been labelled"])
def test_short_or_no_text_has_no_pasted_fragment(text):
    assert own_words_language(text) is None
