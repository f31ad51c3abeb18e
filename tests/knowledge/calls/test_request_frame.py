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
    ("language", "text", "topic"),
    [
        ("ro", "Există apeluri deschise pentru fotonică?", "fotonică"),
        ("hu", "Van nyitott pályázat fotonikára?", "fotonikára"),
        ("fi", "Onko avoimia hakuja fotoniikasta?", "fotoniikasta"),
        ("el", "Υπάρχουν ανοιχτές προσκλήσεις για φωτονική;", "φωτονική"),
        ("sl", "Ali so odprti razpisi za fotoniko?", "fotoniko"),
        ("hr", "Ima li otvorenih natječaja za fotoniku?", "fotoniku"),
        ("bg", "Има ли отворени покани за фотоника?", "фотоника"),
        ("et", "Kas on avatud taotlusvoore fotoonika kohta?", "taotlusvoore fotoonika"),
        ("lt", "Ar yra atviri kvietimai fotonikos srityje?", "fotonikos"),
        ("lv", "Vai ir atvērti konkursi fotonikā?", "fotonikā"),
        ("mt", "Hemm sejħiet miftuħa dwar il-fotonika?", "il-fotonika"),
        ("ga", "An bhfuil glaonna oscailte ar fhótónaic?", "fhótónaic"),
    ],
)
def test_the_frame_is_left_out_in_the_other_eu_languages(language, text, topic):
    assert topic_text(text, language) == topic


@pytest.mark.parametrize(
    ("language", "text", "topic"),
    [
        ("de", "drohnen calls", "drohnen"),
        ("it", "bandi idrogeno funding", "idrogeno"),
        ("pl", "granty wodór", "granty wodór"),  # Polish "granty" is not the English noun
        ("nl", "calls waterstof", "waterstof"),
        ("fi", "vety funding", "vety"),
    ],
)
def test_english_call_nouns_mixed_into_a_chat_message_are_frame(language, text, topic):
    assert topic_text(text, language) == topic


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Gibt es offene Ausschreibungen?"),
        ("it", "bandi aperti?"),
        ("es", "convocatorias abiertas ue"),
        ("fi", "avoimia hakuja?"),
        ("ro", "apeluri deschise"),
        ("el", "ανοιχτές προσκλήσεις"),
        ("nl", "open calls"),
    ],
)
def test_a_request_of_frame_words_alone_names_no_topic(language, text):
    assert topic_text(text, language) == ""


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "are there open calls on photonics?"),  # English has its own topic words
        (None, "Gibt es offene Ausschreibungen zur Bioökonomie?"),
        ("xx", "Onko avoimia hakuja fotoniikasta?"),  # no list: kept
    ],
)
def test_texts_without_a_list_are_kept(language, text):
    assert topic_text(text, language) == text


def test_bad_input_never_crashes():
    assert topic_text("", "de") == ""
    assert topic_text(None, "de") is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Tem algum edital aberto sobre energia das ondas?", "energia ondas"),
        ("editais abertos para hidrogênio verde", "hidrogênio verde"),
        ("chamadas públicas sobre aquicultura", "aquicultura"),
    ],
)
def test_brazilian_call_words_are_frame(text, topic):
    assert topic_text(text, "pt") == topic


@pytest.mark.parametrize(
    ("language", "text", "topic"),
    [
        ("pl", "nabory na temat wodoru", "wodoru"),
        ("fr", "appels sur le thème de l'hydrogène", "hydrogène"),
        ("es", "convocatorias sobre el tema del hidrógeno", "hidrógeno"),
        ("it", "bandi sul tema della robotica", "robotica"),
        ("de", "Ausschreibungen zum Thema Wasserstoff", "Wasserstoff"),
        ("nl", "oproepen over het thema waterstof", "waterstof"),
        ("pt", "concursos sobre o tema do hidrogénio", "hidrogénio"),
    ],
)
def test_the_word_topic_itself_is_frame(language, text, topic):
    # session 17: "temat wodoru" was searched ("na temat" = "on the subject of")
    assert topic_text(text, language) == topic
