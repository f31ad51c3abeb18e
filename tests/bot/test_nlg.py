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
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import i18n
from bot.nlg import CatalogueNaturalLanguageGenerator, localise, tracker_language
from bot.ops.domain import load_domain
from bot.ops.runtime_config import NLG_CLASS, build_run_config
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
    assert _generate(_tracker(("Hledáme partnery", czech)))["text"].startswith("I can search")


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
