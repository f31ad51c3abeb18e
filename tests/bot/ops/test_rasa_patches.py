"""The one module that patches Rasa: pinned sources, and the fast validator answers like Rasa's."""

from __future__ import annotations

import asyncio
import copy
import inspect
import types

import jsonschema
import pytest
from rasa.core import tracker_store
from rasa.core.actions.action import ActionExtractSlots, RemoteAction
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.engine.constants import PLACEHOLDER_TRACKER
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ConversationPaused,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops import rasa_fast, rasa_patches, rasa_policy_skip

ORIGINAL_VALIDATE = RemoteAction._validate_action_result
ORIGINAL_VALIDATION = ActionExtractSlots._execute_validation_action
ORIGINAL_PREDICT = MessageProcessor._predict_next_with_tracker
ORIGINAL_ENGINE_KWARGS = tracker_store.create_engine_kwargs
ORIGINAL_GRAPH_RUN = DaskGraphRunner.run
ORIGINAL_SELECTOR = ResponseSelector.process
ORIGINAL_RETRIEVE = tracker_store.SQLTrackerStore._retrieve
ORIGINAL_ADDITIONAL = tracker_store.SQLTrackerStore._additional_events
ORIGINAL_RESOLVE = inspect.getattr_static(Event, "resolve_by_type")

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


@pytest.fixture(autouse=True)
def _restore_rasa(monkeypatch):
    """Every test leaves Rasa's code and SQLAlchemy's listeners as it found them."""
    monkeypatch.setattr(rasa_patches, "_applied", {})
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL_VALIDATE)
    monkeypatch.setattr(ActionExtractSlots, "_execute_validation_action", ORIGINAL_VALIDATION)
    monkeypatch.setattr(MessageProcessor, "_predict_next_with_tracker", ORIGINAL_PREDICT)
    monkeypatch.setattr(tracker_store, "create_engine_kwargs", ORIGINAL_ENGINE_KWARGS)
    monkeypatch.setattr(DaskGraphRunner, "run", ORIGINAL_GRAPH_RUN)
    monkeypatch.setattr(ResponseSelector, "process", ORIGINAL_SELECTOR)
    monkeypatch.setattr(tracker_store.SQLTrackerStore, "_retrieve", ORIGINAL_RETRIEVE)
    monkeypatch.setattr(tracker_store.SQLTrackerStore, "_additional_events", ORIGINAL_ADDITIONAL)
    monkeypatch.setattr(Event, "resolve_by_type", ORIGINAL_RESOLVE)
    yield
    rasa_patches.use_sqlite_wal(False)
    rasa_fast.restore_blas_threads()


def test_apply_replaces_the_validator_once_and_is_idempotent():
    targets = [
        "rasa.core.actions.action:RemoteAction._validate_action_result",
        "rasa.core.actions.action:ActionExtractSlots._execute_validation_action",
        "rasa.core.processor:MessageProcessor._predict_next_with_tracker",
        "sqlite: journal_mode=WAL, synchronous=NORMAL",
        "rasa.core.tracker_store:create_engine_kwargs",
        "rasa.engine.runner.dask:DaskGraphRunner.run",
        "rasa.nlu.selectors.response_selector:ResponseSelector.process",
        "rasa.core.tracker_store:SQLTrackerStore._retrieve",
        "rasa.core.tracker_store:SQLTrackerStore._additional_events",
        "rasa.shared.core.events:Event.resolve_by_type",
        "rasa.engine.storage.local_model_storage:LocalModelStorage._extract_archive_to_directory",
        "blas: one thread",
    ]
    assert rasa_patches.apply(speedups=True, metrics=False) == targets
    assert RemoteAction._validate_action_result is rasa_patches.fast_validate_action_result
    assert MessageProcessor._predict_next_with_tracker is not ORIGINAL_PREDICT
    assert rasa_patches.apply(speedups=True, metrics=False) == targets
    assert rasa_patches.changed_sources() == {}  # pins are checked against the original


def test_without_speedups_rasa_keeps_its_own_code(monkeypatch):
    monkeypatch.setattr(rasa_patches, "_applied", {})
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL_VALIDATE)
    monkeypatch.setattr(ActionExtractSlots, "_execute_validation_action", ORIGINAL_VALIDATION)
    assert rasa_patches.apply(speedups=False, metrics=False) == []
    assert RemoteAction._validate_action_result is ORIGINAL_VALIDATE
    assert ActionExtractSlots._execute_validation_action is ORIGINAL_VALIDATION
    assert MessageProcessor._predict_next_with_tracker is ORIGINAL_PREDICT
    assert DaskGraphRunner.run is ORIGINAL_GRAPH_RUN
    assert ResponseSelector.process is ORIGINAL_SELECTOR
    assert tracker_store.SQLTrackerStore._retrieve is ORIGINAL_RETRIEVE


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


# --- policy skip: the same prediction as Rasa's whole graph, TED run only when it could win ----

DOMAIN = Domain.from_dict({"intents": ["greet"], "actions": ["action_a", "action_b"]})


class _StubPolicy(GraphComponent):
    """A policy node that answers what its config says and records that it ran."""

    calls: list[str] = []

    def __init__(self, config: dict) -> None:
        self.config = config

    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls(config)

    def predict_action_probabilities(self, tracker, domain, **_kwargs) -> PolicyPrediction:
        _StubPolicy.calls.append(self.config["name"])
        probabilities = [0.0] * len(domain.action_names_or_texts)
        if self.config["action"]:
            probabilities[domain.index_for_action(self.config["action"])] = self.config["score"]
        return PolicyPrediction(probabilities, self.config["name"], self.config["priority"])


class _DomainProvider(GraphComponent):
    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls()

    def provide(self) -> Domain:
        return DOMAIN


def _processor(tmp_path, memo, rule, ted) -> types.SimpleNamespace:
    """A processor over a real DaskGraphRunner with Rasa's ensemble and three stub policies."""
    needs = {"domain": "domain_provider", "tracker": PLACEHOLDER_TRACKER}
    nodes = {"domain_provider": SchemaNode({}, _DomainProvider, "create", "provide", {})}
    for index, (name, priority, (action, score)) in enumerate(
        (("MemoizationPolicy", 3, memo), ("RulePolicy", 6, rule), ("TEDPolicy", 1, ted))
    ):
        config = {"name": name, "priority": priority, "action": action, "score": score}
        nodes[f"run_{name}{index}"] = SchemaNode(
            needs, _StubPolicy, "create", "predict_action_probabilities", config
        )
    nodes["select_prediction"] = SchemaNode(
        {"policy0": "run_MemoizationPolicy0", "policy1": "run_RulePolicy1",
         "policy2": "run_TEDPolicy2", **needs},
        DefaultPolicyPredictionEnsemble, "create", "combine_predictions_from_kwargs", {},
        is_target=True,
    )  # fmt: skip
    schema = GraphSchema(nodes)
    runner = DaskGraphRunner.create(
        schema, LocalModelStorage(tmp_path), ExecutionContext(schema, "test"), []
    )
    processor = types.SimpleNamespace(
        graph_runner=runner,
        domain=DOMAIN,
        model_metadata=types.SimpleNamespace(core_target="select_prediction"),
    )
    processor._cluster_policy_plan = rasa_policy_skip.PolicyPlan(
        "select_prediction",
        ("run_MemoizationPolicy0", "run_RulePolicy1"),
        {"run_TEDPolicy2": ("TEDPolicy", 1)},
    )
    return processor


def _tracker(*extra) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"}), *extra]
    return DialogueStateTracker.from_events("s", events)


def _facts(prediction: PolicyPrediction) -> tuple:
    return (
        prediction.probabilities, prediction.policy_name, prediction.policy_priority,
        [(type(e).__name__, str(e)) for e in prediction.events], prediction.is_end_to_end_prediction,
        prediction.is_no_user_prediction, prediction.hide_rule_turn, prediction.action_metadata,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("memo", "rule", "ted", "extra", "ted_runs"),
    [
        # a rule decides; TED is as sure of another action and still loses on priority
        ((None, 0.0), ("action_a", 1.0), ("action_b", 1.0), (), False),
        # memoization decides
        (("action_a", 1.0), (None, 0.0), ("action_b", 0.9), (), False),
        # no rule applies (RulePolicy's fallback at 0.3): TED is needed and wins
        ((None, 0.0), ("action_default_fallback", 0.3), ("action_b", 0.8), (), True),
        # the rule's action was just rejected: the ensemble zeroes it, TED must run and wins
        (
            (None, 0.0),
            ("action_a", 1.0),
            ("action_b", 0.7),
            (ActionExecuted("action_a"), ActionExecutionRejected("action_a")),
            True,
        ),
    ],
)
def test_skipping_ted_gives_rasas_own_prediction(tmp_path, memo, rule, ted, extra, ted_runs):
    processor = _processor(tmp_path, memo, rule, ted)
    _StubPolicy.calls = []
    rasa = ORIGINAL_PREDICT(processor, _tracker(*extra))
    assert "TEDPolicy" in _StubPolicy.calls
    _StubPolicy.calls = []
    fast = rasa_policy_skip.wrap_predict_next(ORIGINAL_PREDICT)(processor, _tracker(*extra))
    assert _facts(fast) == _facts(rasa)
    assert sorted(_StubPolicy.calls) == sorted(
        ["MemoizationPolicy", "RulePolicy"] + (["TEDPolicy"] if ted_runs else [])
    )


def test_a_followup_action_or_an_unknown_graph_takes_rasas_path(tmp_path):
    processor = _processor(tmp_path, (None, 0.0), ("action_a", 1.0), ("action_b", 0.5))
    tracker = _tracker()
    tracker.trigger_followup_action("action_b")
    fast = rasa_policy_skip.wrap_predict_next(ORIGINAL_PREDICT)(processor, tracker)
    assert fast.policy_name == "followup_action" and fast.max_confidence_index == (
        DOMAIN.index_for_action("action_b")
    )
    processor._cluster_policy_plan = None  # e.g. a policy this code does not know
    _StubPolicy.calls = []
    fast = rasa_policy_skip.wrap_predict_next(ORIGINAL_PREDICT)(processor, _tracker())
    assert fast.policy_name == "RulePolicy" and "TEDPolicy" in _StubPolicy.calls


def test_a_changed_function_the_skip_relies_on_leaves_rasas_code(monkeypatch):
    relied = "rasa.core.policies.ensemble:DefaultPolicyPredictionEnsemble._pick_best_policy"
    monkeypatch.setitem(rasa_patches.PINNED_SOURCES, relied, "0" * 64)
    done = rasa_patches.apply(speedups=True, metrics=False)
    assert "rasa.core.processor:MessageProcessor._predict_next_with_tracker" not in done
    assert MessageProcessor._predict_next_with_tracker is ORIGINAL_PREDICT


def test_sqlite_connections_use_wal_after_apply(tmp_path):
    import sqlalchemy

    assert rasa_patches.use_sqlite_wal()
    rasa_patches.use_sqlite_wal()  # once only
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    rasa_patches.use_sqlite_wal(False)
    other = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with other.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"


def test_the_sqlite_tracker_store_keeps_its_connections_and_answers_the_same(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from sqlalchemy.pool import NullPool, QueuePool

    rasa = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    assert isinstance(rasa.engine.pool, NullPool)  # Rasa's: a new connection every time
    rasa_patches.apply(speedups=True, metrics=False)
    fast = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "fast.db"))
    assert isinstance(fast.engine.pool, QueuePool)
    assert tracker_store.create_engine_kwargs("postgresql://u@h/db") == ORIGINAL_ENGINE_KWARGS(
        "postgresql://u@h/db"
    )
    for store in (rasa, fast):
        tracker = _tracker(ActionExecuted("action_a"))
        asyncio.run(store.save(tracker))
        tracker.update(UserUttered("again", {"name": "greet"}))
        asyncio.run(store.save(tracker))
    stored = [asyncio.run(s.retrieve("s")) for s in (rasa, fast)]
    rows = [[{**e.as_dict(), "timestamp": 0} for e in t.events] for t in stored]
    assert rows[0] == rows[1]
    assert len(stored[1].events) == 4
