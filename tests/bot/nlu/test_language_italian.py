"""Short Italian messages are Italian (issue 13, held-out class: Italian answered in English).

"cos'è l'EEN?" or "cos'è ESCA" leaves lingua undecided (two or three words, a name), so a first
message got the English default. Italian's own elided forms ("cos'è", "c'è", "dov'è", "dell'",
"sull'", "un'") are written by no other EU language and decide Italian. Written for this test
from the catalogue's instruments and the calls' topics; French elisions stay French.
"""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import LanguageDetector, message_language
from bot.nlu.language_votes import italian_forms
from i18n import reply_language
from i18n.conversation import conversation_language


@pytest.mark.parametrize(
    "text",
    [
        "cos'è ESCA",
        "cos’è l’EEN?",
        "cos'è Horizon Europe?",
        "dov'è la sede dell'ECCP?",
        "com'è il bando?",
        "c'è qualcosa sull'idrogeno?",
        "un'azienda tessile",
        "bandi dell'UE",
        "all'estero",
        "quant'è il budget?",
    ],
)
def test_italian_elisions_decide_italian(text):
    assert italian_forms(text)
    assert message_language(text, [])[0] == "it"


@pytest.mark.parametrize(
    "text",
    [
        "c'est quoi ESCA",
        "qu'est-ce que l'ECCP ?",
        "l'EEN c'est quoi",
        "d'accord, merci",
        "what's all this",
        "it's the cluster's budget",
        "o que é a EEN",
    ],
)
def test_other_languages_elisions_are_not_italian(text):
    assert not italian_forms(text)
    assert message_language(text, [])[0] != "it"


@pytest.mark.parametrize("text", ["cos'è l'EEN?", "c'è un bando sull'economia circolare?"])
def test_a_first_short_italian_message_makes_an_italian_conversation(text):
    message = Message(data={"text": text})
    LanguageDetector({}).process([message])
    parse = {"language": message.get("language")}
    assert reply_language(conversation_language([parse])) == "it"
