"""validate_handoff_form: consent, e-mail validation (library or regex), skip, refusal."""

from __future__ import annotations

import sys

import pytest

from actions.handoff.actions import ValidateHandoffForm
from actions.handoff.email_check import is_skip, validate_email_address
from tests.actions.handoff.support import handoff_tracker

DOMAIN = {
    "forms": {"handoff_form": {"required_slots": ["handoff_consent", "contact_email"]}},
    "slots": {
        "handoff_consent": {"type": "bool", "mappings": [{"type": "from_intent"}]},
        "contact_email": {"type": "text", "mappings": [{"type": "from_text"}]},
    },
}


async def run_form(dispatcher, text, intent="inform", **slots):
    """Runs the validation action as Rasa does after action_extract_slots set ``slots``."""
    events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    events.insert(0, {"event": "action", "name": "action_listen"})
    tracker = handoff_tracker(text, intent=intent, events=events, **slots)
    return await ValidateHandoffForm().run(dispatcher, tracker, DOMAIN)


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna@cluster-bavaria.de", "anna@cluster-bavaria.de"),
        ("my email is j.smith+eu@innovation-hub.eu.", "j.smith+eu@innovation-hub.eu"),
        ("<info@clusters.fr>", "info@clusters.fr"),
    ],
)
def test_valid_addresses_are_found_and_kept(text, expected):
    assert validate_email_address(text) == (expected, None)


@pytest.mark.parametrize(
    ("text", "reason_part"),
    [
        ("anna.cluster-bavaria.de", "no @"),
        ("anna@", "after the @"),
        ("anna@localhost", "period"),
        ("anna@@x.de", ""),
        ("a..b@x.de", "period"),
        ("", "no @"),
    ],
)
def test_invalid_addresses_get_a_reason(text, reason_part):
    address, reason = validate_email_address(text)
    assert address is None
    assert reason
    assert reason_part.lower() in reason.lower().replace("dot", "period")


@pytest.mark.parametrize(
    ("text", "reason_part"),
    [
        ("anna.cluster-bavaria.de", "no @"),
        ("anna@", "after the @"),
        ("anna@localhost", "no dot"),
        ("a..b@x.de", "two dots"),
    ],
)
def test_regex_fallback_without_the_library(monkeypatch, text, reason_part):
    monkeypatch.setitem(sys.modules, "email_validator", None)  # the import raises ImportError
    address, reason = validate_email_address(text)
    assert address is None
    assert reason_part in reason
    assert validate_email_address("anna@cluster-bavaria.de") == ("anna@cluster-bavaria.de", None)


@pytest.mark.parametrize("text", ["no", "Skip", "no thanks!", "  nope. ", "I'd rather not"])
def test_skip_words(text):
    assert is_skip(text)


@pytest.mark.parametrize("text", ["anna@x.de", "not sure", "", None, "know"])
def test_not_skip_words(text):
    assert not is_skip(text)


async def test_valid_email_is_accepted_silently(dispatcher):
    events = await run_form(
        dispatcher, "anna@Cluster-Bavaria.de", handoff_consent=True,
        contact_email="anna@Cluster-Bavaria.de", requested_slot="contact_email",
    )  # fmt: skip
    slots = slot_events(events)
    assert slots["contact_email"] == "anna@cluster-bavaria.de"  # domain normalised
    assert dispatcher.messages == []


async def test_invalid_email_says_why_and_is_asked_again(dispatcher):
    events = await run_form(
        dispatcher, "anna at cluster-bavaria", handoff_consent=True,
        contact_email="anna at cluster-bavaria", requested_slot="contact_email",
    )  # fmt: skip
    slots = slot_events(events)
    assert slots["contact_email"] is None  # Rasa's form asks again (utter_ask_contact_email)
    assert "requested_slot" not in slots  # ... for the same slot: the form decides
    [message] = dispatcher.messages
    assert "'anna at cluster-bavaria'" in message["text"]
    assert "no @" in message["text"]
    assert "skip" in message["text"]


async def test_echoed_input_is_clipped_and_stripped_of_control_characters(dispatcher):
    text = "x\x00y" + "z" * 500
    await run_form(
        dispatcher, text, handoff_consent=True, contact_email=text, requested_slot="contact_email"
    )
    [message] = dispatcher.messages
    assert "\x00" not in message["text"]
    assert len(message["text"]) < 250


@pytest.mark.parametrize(("text", "intent"), [("skip", "inform"), ("no", "deny"), ("nah", "deny")])
async def test_skip_leaves_email_empty_and_completes_the_form(dispatcher, text, intent):
    events = await run_form(
        dispatcher, text, intent=intent, handoff_consent=True, contact_email=text,
        requested_slot="contact_email",
    )  # fmt: skip
    slots = slot_events(events)
    assert slots["contact_email"] is None
    assert slots["requested_slot"] is None  # the form is done without an e-mail
    assert dispatcher.messages == []


async def test_consent_given_moves_on_to_the_email(dispatcher):
    events = await run_form(
        dispatcher, "/affirm", intent="affirm", handoff_consent=True,
        requested_slot="handoff_consent",
    )  # fmt: skip
    slots = slot_events(events)
    assert slots["handoff_consent"] is True
    assert "requested_slot" not in slots  # Rasa's form asks for contact_email next
    assert dispatcher.messages == []


async def test_consent_denied_ends_the_form_and_says_nothing_is_shared(dispatcher):
    events = await run_form(
        dispatcher, "no", intent="deny", handoff_consent=False, requested_slot="handoff_consent"
    )
    slots = slot_events(events)
    assert slots["handoff_consent"] is False
    assert slots["requested_slot"] is None  # form deactivated: no e-mail question
    [message] = dispatcher.messages
    assert "not shared anything" in message["text"]
    assert "carry on" in message["text"]


async def test_consent_as_text_is_understood(dispatcher):
    events = await run_form(
        dispatcher, "yes", handoff_consent="yes", requested_slot="handoff_consent"
    )
    assert slot_events(events)["handoff_consent"] is True


def test_library_is_used_when_installed():
    pytest.importorskip("email_validator")
    # email-validator knows special-use domains; the regex does not.
    address, reason = validate_email_address("anna@cluster.test")
    assert address is None and "special-use" in reason


def _german(dispatcher, said, **slots):
    """The form run in a conversation the detector found to be German."""
    events = [
        {"event": "action", "name": "action_listen"},
        {
            "event": "user",
            "text": "Ich möchte bitte mit einer Beraterin oder einem Berater sprechen",
            "parse_data": {"language": {"detected": "de", "requested": None}},
        },
        *({"event": "slot", "name": k, "value": v} for k, v in slots.items()),
    ]
    intent = "deny" if slots.get("handoff_consent") is False else "inform"
    tracker = handoff_tracker(said, intent=intent, events=events, **slots)
    return ValidateHandoffForm().run(dispatcher, tracker, DOMAIN)


@pytest.mark.parametrize(
    "text", ["nein", "Überspringen", "non merci", "pomiń", "nee bedankt", "não"]
)
def test_skip_words_of_every_reply_language(text):
    assert is_skip(text)


def test_the_email_question_names_a_skip_word_of_its_language():
    """The question tells the user a word to decline with; that word must work."""
    import re

    import i18n

    for code in i18n.REPLY_LANGUAGES:
        asked = i18n.text("handoff.ask_contact_email", code)
        quoted = re.findall(r'["“„«‘]\s?([^"“”„«»‘’]+?)\s?["”“»’]', asked)
        assert quoted and all(is_skip(word) for word in quoted), (code, asked)


async def test_a_german_conversation_is_answered_in_german(dispatcher):
    await _german(
        dispatcher, "anna at cluster-bavaria", handoff_consent=True,
        contact_email="anna at cluster-bavaria", requested_slot="contact_email",
    )  # fmt: skip
    [message] = dispatcher.messages
    assert message["text"].startswith("„anna at cluster-bavaria“ ist keine E-Mail-Adresse")
    assert "kein @" in message["text"] and "„überspringen“" in message["text"]
    dispatcher.messages.clear()
    await _german(dispatcher, "nein", handoff_consent=False, requested_slot="handoff_consent")
    [message] = dispatcher.messages
    assert "Ich habe nichts an eine Beraterin oder einen Berater weitergegeben" in message["text"]


def test_reasons_are_in_the_conversation_language_with_and_without_the_library(monkeypatch):
    _, reason = validate_email_address("anna@localhost", "fr")
    assert reason == "« localhost » après le @ ne contient pas de point (comme example.org)."
    monkeypatch.setitem(sys.modules, "email_validator", None)
    assert validate_email_address("a..b@x.de", "pl") == (None, "zawiera dwie kropki z rzędu.")
