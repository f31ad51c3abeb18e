"""Short e-mail-shaped messages are read by their request (bot.nlu.mail). Texts written for
this test, not taken from any evaluation set."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import mail
from bot.nlu.segmenter import FRAMED_PROPERTY, focus_message


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "WG: Betriebsausflug\n\nHallo zusammen,\nkennt jemand ein gutes Restaurant in Köln?"
            "\n\nViele Grüße\nPetra",
            "kennt jemand ein gutes Restaurant in Köln?",
        ),
        (
            "TR: sortie\nBonjour à tous,\nquelqu'un connaît un bon restaurant à Lyon ?\n"
            "Cordialement,\nJulie",
            "quelqu'un connaît un bon restaurant à Lyon ?",
        ),
        (
            "Labdien!\nVai varat ieteikt labu restorānu Rīgā?\nAr cieņu,\nAnna",
            "Vai varat ieteikt labu restorānu Rīgā?",
        ),
        (
            "Αγαπητέ κύριε,\nτι είναι ο αριθμός PIC;\nΜε εκτίμηση,\nΝίκος",
            "τι είναι ο αριθμός PIC;",
        ),
        (
            "Re: partner search\nHi,\nwhere can I buy a cheap sofa in Ghent?\nBest,\nKim",
            "where can I buy a cheap sofa in Ghent?",
        ),
        (
            "Od: Jan Novák\nPředmět: dotaz\nDobrý den,\nhledáme partnery pro recyklaci baterií?",
            "hledáme partnery pro recyklaci baterií?",
        ),
    ],
)
def test_a_short_mail_is_read_by_its_request(text: str, asked: str) -> None:
    assert mail.body(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "Hallo!\nWas kannst du für mich tun?",  # the greeting's question about the assistant
        "Hi there\nthanks!",
        "calls on hydrogen\nin Spain",  # two lines, no frame
        "open calls on hydrogen in Spain?",
        None,
        "",
        "/restart",
        "\n\n\n",
    ],
)
def test_no_mail_or_no_request_is_left_as_typed(text: str | None) -> None:
    assert mail.body(text) is None


def test_a_disclaimer_and_a_mobile_signature_are_cut() -> None:
    text = (
        "Hi,\nare there open calls on textile recycling?\nThanks,\nTom\n\n"
        "This e-mail and any attachments are confidential.\nIf you received it in error ..."
    )
    assert (
        mail.without_disclaimer(text)
        == "Hi,\nare there open calls on textile recycling?\nThanks,\nTom"
    )
    assert mail.without_disclaimer("Gibt es Ausschreibungen?\nGesendet von meinem iPhone") == (
        "Gibt es Ausschreibungen?"
    )
    assert mail.without_disclaimer("This e-mail is confidential") is None


def test_the_segmenter_reads_the_mail_body() -> None:
    text = (
        "PD: wyjazd\nDzień dobry,\nczy ktoś poleci dobrą restaurację w Krakowie?\nPozdrawiam\nMarek"
    )
    message = Message(data={"text": text})
    focus_message(message)
    assert message.get("text") == "czy ktoś poleci dobrą restaurację w Krakowie?"
    assert message.get(FRAMED_PROPERTY) == text
