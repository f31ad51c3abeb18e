"""The response generator: domain responses in the conversation's language, from the catalogues.

One owner of the words: every ``text`` and button ``title`` of the domain is a catalogue key, so
the domain and the English catalogue cannot drift; the generator picks the text for the language
of the conversation (read from the user's messages) and still fills ``{slot}`` placeholders and
keeps the domain's payloads.
"""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("rasa")

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import i18n
from bot.nlg import CatalogueNaturalLanguageGenerator, localise, tracker_language
from bot.ops.domain import load_domain
from bot.ops.runtime_config import NLG_CLASS, build_run_config
from i18n.english_reply import LINES
from taxonomy.languages import REPLY_LANGUAGES


def _responses() -> dict:
    return load_domain()["responses"]


def test_every_domain_text_and_button_title_is_a_catalogue_key():
    missing = []
    for name, variations in _responses().items():
        for variation in variations:
            values = [variation.get("text")] + [
                b.get("title") for b in variation.get("buttons") or []
            ]
            missing += [f"{name}: {value!r}" for value in values if not i18n.has(value)]
    assert missing == []


def test_every_response_renders_in_every_reply_language():
    generator = CatalogueNaturalLanguageGenerator(domain=Domain.from_dict(load_domain()))
    for name in _responses():
        english = generator.generate_from_slots(name, {}, "rest", language="en")
        for code in REPLY_LANGUAGES:
            reply = generator.generate_from_slots(name, {}, "rest", language=code)
            assert reply and reply["text"] and not i18n.has(reply["text"]), (name, code)
            if code != "en" and len(_responses()[name]) == 1:
                assert reply["text"] != english["text"], (name, code)  # translated, not copied


def _tracker(*messages: tuple[str, dict | None]) -> DialogueStateTracker:
    events = [
        UserUttered(
            text, {"name": "greet", "confidence": 1.0}, [], {"text": text, "language": lang}
        )
        for text, lang in messages
    ]
    return DialogueStateTracker.from_events("nlg-test", events)


DOMAIN = Domain.from_dict(
    {
        "slots": {"partner_query": {"type": "text", "mappings": [{"type": "custom"}]}},
        "responses": {
            "utter_help": [
                {
                    "text": "dialogue.help",
                    "buttons": [{"title": "dialogue.help.button_1", "payload": "/find_partners"}],
                }
            ],
            "utter_plain": [{"text": "Not a key: {partner_query}"}],
        },
    }
)


def _generate(tracker: DialogueStateTracker, name: str = "utter_help") -> dict:
    generator = CatalogueNaturalLanguageGenerator(domain=DOMAIN)
    return asyncio.run(generator.generate(name, tracker, "rest"))


def test_a_german_conversation_gets_german_text_and_buttons_with_the_same_payloads():
    tracker = _tracker(
        ("Wir suchen Partner für Wasserstoff", {"detected": "de", "requested": None})
    )
    reply = _generate(tracker)
    assert reply["text"] == i18n.text("dialogue.help", "de")
    assert reply["buttons"] == [
        {"title": "Cluster für Wasserstoffspeicherung in Bayern", "payload": "/find_partners"}
    ]


def test_short_messages_keep_the_language_and_a_request_switches_it():
    german = {"detected": "de", "requested": None}
    undecided = {"detected": None, "requested": None}
    tracker = _tracker(("Wir suchen Partner für Wasserstoff", german), ("ok", undecided))
    assert tracker_language(tracker) == "de"
    assert _generate(tracker)["text"] == i18n.text("dialogue.help", "de")
    tracker.update(
        UserUttered(
            "in English please",
            {"name": "switch_language"},
            [],
            {"language": {"detected": "en", "requested": "en"}},
        )
    )
    tracker.update(UserUttered("Berlin", {"name": "inform"}, [], {"language": undecided}))
    assert tracker_language(tracker) == "en"
    assert _generate(tracker)["text"] == i18n.text("dialogue.help", "en")


def test_no_language_yet_or_one_without_replies_is_english():
    assert _generate(_tracker(("hi", None)))["text"] == i18n.text("dialogue.help", "en")
    czech = {"detected": "cs", "requested": None}
    text = _generate(_tracker(("Hledáme partnery", czech)))["text"]
    assert text == f"{LINES['cs']}\n\n{i18n.text('dialogue.help', 'en')}"


OOS_WORDS = {  # an off-topic message in each of the sixteen languages (written for this test)
    "bg": "Каква ще бъде прогнозата за времето утре?",
    "cs": "Jaké bude zítra počasí v Brně?",
    "da": "Hvem vandt fodboldkampen i går?",
    "el": "Ποια είναι η καλύτερη συνταγή για μουσακά;",
    "et": "Mis ilm homme Tallinnas on?",
    "fi": "Kuka voitti jääkiekko-ottelun eilen?",
    "ga": "Cén aimsir a bheidh ann amárach?",
    "hr": "Kakvo će vrijeme biti sutra u Zagrebu?",
    "hu": "Milyen idő lesz holnap Budapesten?",
    "lt": "Koks bus oras rytoj Vilniuje?",
    "lv": "Kāds būs laiks rīt Rīgā?",
    "mt": "X'se jkun it-temp għada?",
    "ro": "Cum va fi vremea mâine la Cluj?",
    "sk": "Aké bude zajtra počasie v Košiciach?",
    "sl": "Kakšno bo jutri vreme v Ljubljani?",
    "sv": "Vem vann fotbollsmatchen igår?",
}


def _out_of_scope(text: str, code: str | None) -> DialogueStateTracker:
    found = {"detected": code, "requested": None}
    return DialogueStateTracker.from_events(
        "nlg-oos",
        [UserUttered(text, {"name": "out_of_scope", "confidence": 1.0}, [], {"language": found})],
    )


@pytest.mark.parametrize("code", sorted(OOS_WORDS))
def test_the_out_of_scope_reply_starts_with_the_line_in_each_of_the_sixteen_languages(code):
    generator = CatalogueNaturalLanguageGenerator(domain=Domain.from_dict(load_domain()))
    reply = asyncio.run(
        generator.generate("utter_out_of_scope", _out_of_scope(OOS_WORDS[code], code), "rest")
    )
    line, english = reply["text"].split("\n\n", 1)
    assert line == LINES[code]
    assert english == i18n.text("dialogue.out_of_scope", "en")


@pytest.mark.parametrize("code", ["en", "de", "it", "pl", None])
def test_reply_languages_and_undecided_messages_get_no_line(code):
    generator = CatalogueNaturalLanguageGenerator(domain=Domain.from_dict(load_domain()))
    reply = asyncio.run(
        generator.generate("utter_out_of_scope", _out_of_scope("x y", code), "rest")
    )
    assert not any(line in reply["text"] for line in LINES.values())


def test_the_line_is_said_once_per_turn_and_a_short_follow_up_keeps_the_conversation_line():
    tracker = _out_of_scope(OOS_WORDS["sv"], "sv")
    tracker.update(BotUttered(LINES["sv"]))  # an action said it first
    assert _generate(tracker)["text"] == i18n.text("dialogue.help", "en")
    tracker.update(UserUttered("ok?", {"name": "out_of_scope"}, [], {"language": {}}))
    assert _generate(tracker)["text"].startswith(LINES["sv"])


def test_slots_are_filled_and_texts_that_are_not_keys_pass_through():
    tracker = _tracker(("hallo zusammen, wie geht es", {"detected": "de", "requested": None}))
    tracker._set_slot("partner_query", "Wasserstoff")
    assert _generate(tracker, "utter_plain")["text"] == "Not a key: Wasserstoff"
    assert localise({"text": "plain", "buttons": [{"title": "x"}]}, "de") == {
        "text": "plain",
        "buttons": [{"title": "x"}],
    }


def test_the_run_configuration_uses_the_generator():
    config = build_run_config({})
    assert config.endpoints["nlg"] == {"type": NLG_CLASS}
    module, name = NLG_CLASS.rsplit(".", 1)
    assert getattr(__import__(module, fromlist=[name]), name) is CatalogueNaturalLanguageGenerator
