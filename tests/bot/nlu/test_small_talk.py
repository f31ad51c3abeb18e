"""Small talk in the 24 EU languages: greetings, thanks, goodbyes, help and "a person" (issue 13
point 4: "szia" was ``inform``, "moi" ``affirm``, "tere" "did you mean ...?", an Irish greeting got
partners). Written for this test from everyday phrases, lower case, with emojis, no punctuation."""

from __future__ import annotations

import pytest

from bot.nlu.small_talk import GOODBYE, GREET, HELP, HUMAN, THANK, small_talk

SMALL_TALK = {
    GREET: [
        "hi 👋", "Hello!", "hey there", "hallo zusammen", "moin 🙂", "salut 👋", "bonjour à tous",
        "hola buenas", "ciao a tutti", "cześć", "hoi", "olá bom dia", "ahoj", "dobrý deň", "živjo",
        "bok", "здравейте", "bună ziua", "szia", "γεια σας", "moi", "hej hej", "hej 😊", "tere",
        "sveiki", "labas", "dia dhuit", "bonġu", "Bonġu, kif inti?", "hej, hur mår du?",
        "Ahoj, jak se máš?", "good morning everyone", "guten Morgen", "buongiorno",
    ],
    THANK: [
        "thanks!", "thank you 🙏", "danke dir", "merci beaucoup", "muchas gracias", "grazie mille",
        "dzięki wielkie", "dank je wel", "muito obrigado", "děkuji moc", "ďakujem", "hvala",
        "благодаря", "mulțumesc", "köszönöm", "ευχαριστώ", "kiitos paljon", "tack så mycket",
        "mange tak", "aitäh", "paldies", "ačiū", "go raibh maith agat", "grazzi ħafna",
    ],
    GOODBYE: [
        "bye for now", "goodbye 👋", "tschüss", "au revoir", "hasta luego", "arrivederci",
        "do widzenia", "tot ziens", "tchau", "na shledanou", "doviđenja", "довиждане",
        "la revedere", "viszlát", "näkemiin", "hej då", "farvel", "head aega", "uz redzēšanos",
        "viso gero", "slán", "saħħa", "thanks, bye",
    ],
    HELP: [
        "help", "what can you do", "hello, what can you do?", "was kannst du", "tu sers à quoi",
        "qué puedes hacer", "cosa sai fare", "w czym możesz pomóc", "wat kun je", "ajuda",
        "co umíš", "cu ce mă poți ajuta", "mit tudsz", "mitä osaat", "vad kan du", "hvad kan du",
        "mida sa oskad", "cabhair", "għajnuna",
    ],
    HUMAN: [
        "can i talk to a real person", "I want to talk to a person", "je veux parler à un humain",
        "kan ik met een medewerker praten", "beszélhetnék egy emberrel",
        "kan jeg tale med et menneske", "quiero hablar con una persona", "hi, a human please",
    ],
}  # fmt: skip

NOT_SMALL_TALK = [
    None, "", "   ", "/greet", "tak", "ok", "yes", "nie", "more", "the second one", "Bayern",
    "hydrogen", "hi, i need partners in spain", "Dobrý den, hledám partnery pro vodík",
    "hallo, gibt es Förderung für KMU?", "thanks, and what about calls on batteries?",
    "moi, etsimme kumppania akkuteknologiaan", "bok, tražimo partnere u Hrvatskoj",
    "can i apply to COSME", "help me find partners in Italy",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "intent"), [(t, intent) for intent, texts in SMALL_TALK.items() for t in texts]
)
def test_small_talk_in_every_language(text, intent):
    assert small_talk(text) == intent


@pytest.mark.parametrize("text", NOT_SMALL_TALK)
def test_a_message_that_says_anything_else_is_left_to_the_classifiers(text):
    assert small_talk(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Many thanks for the help",
        "thank you for your help!",
        "Danke für die Hilfe",
        "merci pour votre aide",
        "gracias por la ayuda 🙏",
        "grazie per l'aiuto",
        "dziękuję za pomoc",
        "bedankt voor de hulp",
        "obrigada pela ajuda",
    ],
)
def test_thanks_for_the_help_is_thanks_not_a_request_for_help(text):
    assert small_talk(text) == "thank"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("heyyy", "greet"),
        ("hiii 👋", "greet"),
        ("hellooo everyone", "greet"),
        ("hallooo zusammen", "greet"),
        ("holaaa", "greet"),
        ("thanksss!!", "thank"),
        ("dankeee", "thank"),
        ("merciii", "thank"),
        ("grazieee mille", "thank"),
        ("byeee", "goodbye"),
    ],
)
def test_a_letter_held_down_is_the_phrase_it_stretches(text, kind):
    assert small_talk(text) == kind


@pytest.mark.parametrize("text", ["hiii I need partners", "heyyy any calls on hydrogen", "wooow"])
def test_a_stretched_word_does_not_make_other_words_small_talk(text):
    assert small_talk(text) is None


# --- the languages of small talk (session 17, calls17) ---------------------------------------

from bot.nlu.small_talk import _OWN_PHRASES, _phrase_table, small_talk_languages  # noqa: E402
from taxonomy.text import fold  # noqa: E402

OWN_LANGUAGE = {
    "Hallo 👋": {"de", "nl"},
    "hallo zusammen": {"de", "nl"},
    "Guten Morgen ☀️": {"de"},
    "Cześć 🙂": {"pl"},
    "Bonjour !": {"fr"},
    "Ciao 😊": {"it"},
    "Hoi 👋": {"nl"},
    "Olá 🙂": {"pt"},
    "¡Hola! 👋": {"es"},
    "Danke 👍": {"de"},
    "hallo, goedemorgen": {"nl"},
    "grazie mille 🙏": {"it"},
}  # fmt: skip


@pytest.mark.parametrize(("text", "languages"), OWN_LANGUAGE.items())
def test_small_talk_languages(text, languages):
    assert small_talk_languages(text) == languages


@pytest.mark.parametrize(
    "text",
    [None, "", "hi 👋", "hello", "salut", "hej", "servus", "thanks", "szia", "tere",
     "hallo, gibt es Förderung für KMU?", "Cześć, szukam partnerów", "hallo bonjour"],
)  # fmt: skip
def test_small_talk_languages_none(text):
    assert small_talk_languages(text) == frozenset()


def test_owned_phrases_are_small_talk_phrases():
    # one owner of the phrases: the language table only attributes phrases of _PHRASES
    table = _phrase_table()
    for phrases in _OWN_PHRASES.values():
        for phrase in phrases:
            assert tuple(fold(phrase).split()) in table, phrase


# --- session 19 (singles19): "what can you do?" in chat style, after a slang greeting


@pytest.mark.parametrize(
    "text",
    [
        "ciaooo 👋 che sai fare tu?",
        "hoi hoi 😄 wat kun jij allemaal?",
        "yo what can u do",
        "salut ! tu sais faire quoi exactement ?",
        "hola, para que sirves?",
        "hey, was kannst du so?",
        "olá, o que sabes fazer?",
        "cześć, co umiesz?",
    ],
)
def test_a_colloquial_what_can_you_do_asks_for_help(text):
    assert small_talk(text) == HELP


@pytest.mark.parametrize(
    "text",
    [
        "che fai per le pmi nel settore tessile?",  # a question with a topic is no small talk
        "tu connais des clusters en Bretagne ?",
        "wat kun jij vinden over waterstof in Nederland?",
    ],
)
def test_a_help_word_with_a_request_is_no_small_talk(text):
    assert small_talk(text) is None
