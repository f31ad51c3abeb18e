"""The one module that patches Rasa: pinned sources, and the fast validator answers like Rasa's."""

from __future__ import annotations

import asyncio
import copy
import types

import jsonschema
import pytest
from rasa.core.actions.action import ActionExtractSlots, RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ConversationPaused, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops import rasa_patches

ORIGINAL_VALIDATE = RemoteAction._validate_action_result
ORIGINAL_VALIDATION = ActionExtractSlots._execute_validation_action

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "last_search", "value": {"kind": "partners"}}],
        "responses": [{"text": "Here are partners", "custom": {"type": "partner_results"}}],
    },
    {"events": [{"event": "action", "name": "action_listen", "timestamp": 1.5}], "responses": []},
]
INVALID = [
    {"events": [{"event": "slot", "name": 3}], "responses": []},
    {"events": [{"name": "x"}], "responses": []},
    {"events": "not a list", "responses": []},
]


def test_the_patched_rasa_functions_are_the_ones_the_patches_were_written_for():
    # Fails after a Rasa upgrade that changes a patched function: re-read it, then update the pin.
    assert rasa_patches.changed_sources() == {}


def test_a_changed_source_is_detected_and_not_patched(monkeypatch):
    target = "rasa.core.actions.action:RemoteAction._validate_action_result"
    monkeypatch.setitem(rasa_patches.PINNED_SOURCES, target, "0" * 64)
    monkeypatch.setattr(rasa_patches, "_applied", {})
    assert target in rasa_patches.changed_sources()
    monkeypatch.setattr(ActionExtractSlots, "_execute_validation_action", ORIGINAL_VALIDATION)
    assert target not in rasa_patches.apply(speedups=True, metrics=False)
    assert RemoteAction._validate_action_result is ORIGINAL_VALIDATE


@pytest.mark.parametrize("result", VALID)
def test_valid_responses_pass_both_validators(result):
    assert ORIGINAL_VALIDATE(_action(), copy.deepcopy(result)) is True
    assert rasa_patches.fast_validate_action_result(_action(), copy.deepcopy(result)) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_responses_fail_both_validators_with_the_same_message(result):
    with pytest.raises(jsonschema.ValidationError) as rasa_error:
        ORIGINAL_VALIDATE(_action(), copy.deepcopy(result))
    with pytest.raises(jsonschema.ValidationError) as fast_error:
        rasa_patches.fast_validate_action_result(_action(), copy.deepcopy(result))
    assert fast_error.value.message == rasa_error.value.message
    assert list(fast_error.value.path) == list(rasa_error.value.path)


def test_apply_replaces_the_validator_once_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(rasa_patches, "_applied", {})
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL_VALIDATE)
    monkeypatch.setattr(ActionExtractSlots, "_execute_validation_action", ORIGINAL_VALIDATION)
    targets = [
        "rasa.core.actions.action:RemoteAction._validate_action_result",
        "rasa.core.actions.action:ActionExtractSlots._execute_validation_action",
    ]
    assert rasa_patches.apply(speedups=True, metrics=False) == targets
    assert RemoteAction._validate_action_result is rasa_patches.fast_validate_action_result
    assert rasa_patches.apply(speedups=True, metrics=False) == targets
    assert rasa_patches.changed_sources() == {}  # pins are checked against the original


def test_without_speedups_rasa_keeps_its_own_code(monkeypatch):
    monkeypatch.setattr(rasa_patches, "_applied", {})
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL_VALIDATE)
    monkeypatch.setattr(ActionExtractSlots, "_execute_validation_action", ORIGINAL_VALIDATION)
    assert rasa_patches.apply(speedups=False, metrics=False) == []
    assert RemoteAction._validate_action_result is ORIGINAL_VALIDATE
    assert ActionExtractSlots._execute_validation_action is ORIGINAL_VALIDATION


@pytest.mark.parametrize("paused", [False, True])
def test_slot_validation_calls_the_action_server_only_for_a_paused_conversation(paused):
    calls = []

    async def run_custom_action(self, name, output_channel, nlg, tracker, domain):
        calls.append((name, tracker.is_paused()))
        return []  # what ActionHandoffNotice returns: no events

    domain = Domain.from_dict(
        {"slots": {"country": {"type": "text", "mappings": [{"type": "from_entity",
         "entity": "country"}]}}, "actions": ["action_validate_slot_mappings"]}
    )  # fmt: skip
    events = [ConversationPaused()] if paused else []
    tracker = DialogueStateTracker.from_events("s", events, slots=domain.slots)
    extracted = [SlotSet("country", "DE"), SlotSet("country", "FR")]
    action = ActionExtractSlots(action_endpoint=None)
    action._run_custom_action = types.MethodType(run_custom_action, action)
    wrapped = rasa_patches._wrap_validation_action(ORIGINAL_VALIDATION)
    fast = asyncio.run(wrapped(action, list(extracted), None, None, tracker, domain))
    rasa = asyncio.run(ORIGINAL_VALIDATION(action, list(extracted), None, None, tracker, domain))
    assert fast == rasa == extracted  # the same events either way
    expected = [("action_validate_slot_mappings", True)] * 2 if paused else []
    assert calls[: len(expected)] == expected and len(calls) == (2 if paused else 1)


def _action() -> RemoteAction:
    return RemoteAction.__new__(RemoteAction)
