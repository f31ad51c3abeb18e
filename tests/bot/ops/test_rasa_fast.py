"""The session-8 speed-ups do what the Rasa code they replace does (bot/ops/rasa_fast.py)."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.engine.exceptions import GraphComponentException, GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.ops import rasa_fast

ORIGINAL_RUN = DaskGraphRunner.run
ORIGINAL_RETRIEVE = SQLTrackerStore._retrieve
ORIGINAL_ADDITIONAL = SQLTrackerStore._additional_events


class _Step(GraphComponent):
    """A node that records that it ran and answers with its name and its inputs."""

    log: list[str] = []

    def __init__(self, config: dict) -> None:
        self.config = config

    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls(config)

    def run(self, x=None, y=None) -> str:
        _Step.log.append(self.config["name"])
        if self.config.get("fail"):
            raise RuntimeError("boom")
        return f"{self.config['name']}({x},{y})"


def _runner(tmp_path, fail: str = "") -> DaskGraphRunner:
    def node(name, needs, target=False):
        config = {"name": name, "fail": name == fail}
        return SchemaNode(needs, _Step, "create", "run", config, is_target=target)

    schema = GraphSchema(
        {
            "a": node("a", {"x": "__message__"}),
            "b": node("b", {"x": "a"}),
            "c": node("c", {"x": "a", "y": "__tracker__"}),
            "d": node("d", {"x": "b", "y": "c"}, target=True),
            "unused": node("unused", {"x": "__message__"}),
            "e": node("e", {"x": "d"}, target=True),
        }
    )
    return DaskGraphRunner.create(
        schema, LocalModelStorage(tmp_path), ExecutionContext(schema, "test"), []
    )


def _both(runner, **kwargs):
    """(result, node order) of Rasa's run and of the sequential run."""
    outcomes = []
    for run in (ORIGINAL_RUN, rasa_fast.sequential_graph_run):
        _Step.log = []
        outcomes.append((run(runner, **kwargs), list(_Step.log)))
    return outcomes


@pytest.mark.parametrize(
    "kwargs",
    [
        {"inputs": {"__message__": ["hi"], "__tracker__": "t"}},
        {"inputs": {"__message__": ["hi"], "__tracker__": "t"}, "targets": ["d"]},
        {"inputs": {"__message__": ["hi"], "__tracker__": "t"}, "targets": ["c", "unused"]},
        # an input named like a node replaces that node (bot/ops/rasa_patches.py, patch 5)
        {"inputs": {"__message__": ["hi"], "__tracker__": "t", "b": "B!"}, "targets": ["e"]},
        {"inputs": {"__tracker__": "t", "a": ["given"]}},
    ],
)
def test_the_sequential_run_gives_dasks_result_in_dasks_order(tmp_path, kwargs):
    runner = _runner(tmp_path)
    (rasa, rasa_order), (fast, fast_order) = _both(runner, **kwargs)
    assert fast == rasa
    assert fast_order == rasa_order
    again, _ = _both(runner, **kwargs)[1]  # from the cached plan
    assert again == rasa


def test_errors_are_rasas(tmp_path):
    runner = _runner(tmp_path)
    for run in (ORIGINAL_RUN, rasa_fast.sequential_graph_run):
        with pytest.raises(GraphRunError, match="clashes"):
            run(runner, inputs={"__message__": "a", "__tracker__": "t"})
        # a need that is neither a node nor an input reaches the node as its bare name
        with pytest.raises(GraphRunError, match="Missing input"):
            run(runner, inputs={"__message__": ["hi"]}, targets=["c"])
    failing = _runner(tmp_path / "f", fail="b")
    raised = []
    for run in (ORIGINAL_RUN, rasa_fast.sequential_graph_run):
        _Step.log = []
        with pytest.raises(GraphComponentException) as error:
            run(failing, inputs={"__message__": ["hi"], "__tracker__": "t"})
        raised.append((str(error.value), repr(error.value.__cause__), list(_Step.log)))
    assert raised[0] == raised[1]


def _message(text: str, intent: str | None) -> Message:
    message = Message(data={"text": text})
    if intent is not None:
        message.set("intent", {"name": intent, "confidence": 0.9})
    return message


@pytest.mark.parametrize(
    ("text", "intent", "needed"),
    [
        ("what is a cluster", "faq", True),
        ("what is a cluster", "faq/what_is_cluster", True),
        ("we look for partners in Spain", "find_partners", False),
        ("hello", "greet", False),
        ("", None, False),
        ("/faq/privacy", "out_of_scope", True),  # a typed command: Rasa sets the intent later
        ("  /greet", "greet", True),
        ("faqs please", "faqs", False),
    ],
)
def test_the_selector_runs_only_where_its_answer_may_be_used(text, intent, needed):
    assert rasa_fast.selector_needed("faq", _message(text, intent)) is needed
    assert rasa_fast.selector_needed(None, _message(text, intent)) is True


def test_the_wrapped_selector_leaves_other_messages_untouched():
    seen = []

    def process(self, messages):
        for message in messages:
            seen.append(message.get("text"))
            message.set("response_selector", {"faq": {"ranking": []}}, add_to_output=True)
        return messages

    selector = type("Selector", (), {"retrieval_intent": "faq"})()
    messages = [_message("what is a cluster", "faq"), _message("hello", "greet")]
    out = rasa_fast.selective_response_selector(process)(selector, messages)
    assert out is messages
    assert seen == ["what is a cluster"]
    assert messages[0].get("response_selector") and messages[1].get("response_selector") is None
    seen.clear()
    assert rasa_fast.selective_response_selector(process)(selector, [messages[1]]) == [messages[1]]
    assert seen == []


DOMAIN = Domain.from_dict(
    {"intents": ["greet"], "actions": ["action_a"], "slots": {"s": {"type": "any",
     "mappings": [{"type": "custom"}]}}}
)  # fmt: skip


def test_the_tracker_read_gives_rasas_tracker(tmp_path):
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    first = DialogueStateTracker.from_events(
        "u1",
        [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet"}), SlotSet("s", 1)],
        DOMAIN.slots,
    )
    asyncio.run(store.save(first))
    # a second session: retrieve() reads only the latest, retrieve_full_tracker() all
    first.update(SessionStarted(timestamp=first.events[-1].timestamp + 10))
    first.update(ActionExecuted("action_listen", timestamp=first.events[-1].timestamp + 1))
    first.update(UserUttered("again", {"name": "greet"}, timestamp=first.events[-1].timestamp + 1))
    asyncio.run(store.save(first))
    # the count before a save: what Rasa's query counts, so the same events are added
    more = DialogueStateTracker.from_dict("u1", [e.as_dict() for e in first.events], DOMAIN.slots)
    more.update(ActionExecuted("action_a"))
    for tracker in (first, more, DialogueStateTracker("new", DOMAIN.slots)):
        with store.session_scope() as session:
            rasa = [e.as_dict() for e in ORIGINAL_ADDITIONAL(store, session, tracker)]
            fast = [e.as_dict() for e in rasa_fast.fast_additional_events(store, session, tracker)]
        assert fast == rasa
    with store.session_scope() as session:
        assert len(list(rasa_fast.fast_additional_events(store, session, more))) == 4
    for sender in ("u1", "nobody"):
        for everything in (False, True):
            rasa = asyncio.run(ORIGINAL_RETRIEVE(store, sender, everything))
            fast = asyncio.run(rasa_fast.fast_sql_retrieve(store, sender, everything))
            if rasa is None:
                assert fast is None
                continue
            assert fast.current_state() == rasa.current_state()
            assert [e.as_dict() for e in fast.events] == [e.as_dict() for e in rasa.events]
    full = asyncio.run(rasa_fast.fast_sql_retrieve(store, "u1", True))
    latest = asyncio.run(rasa_fast.fast_sql_retrieve(store, "u1", False))
    assert len(full.events) == 6 and len(latest.events) == 3


def test_blas_gets_one_thread_and_the_same_products():
    import numpy as np
    from threadpoolctl import threadpool_info

    rng = np.random.default_rng(0)
    matrix, vector = rng.normal(size=(26035, 48)), rng.normal(size=384)
    before = vector @ matrix[1000:1384]
    try:
        assert rasa_fast.one_blas_thread()
        assert {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"} == {1}
        assert np.array_equal(vector @ matrix[1000:1384], before)
    finally:
        rasa_fast.restore_blas_threads()


def test_event_classes_are_looked_up_like_rasa_does():
    import inspect

    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = inspect.getattr_static(Event, "resolve_by_type").__func__
    cached = rasa_fast.cached_event_types(original).__func__
    names = sorted({cls.type_name for cls in all_subclasses(Event)})
    for _ in range(2):  # the second round from the cache
        assert [cached(n) for n in names] == [original(n) for n in names]
    assert cached("topic") is None and cached("nonsense", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        cached("nonsense")
    assert cached.__wrapped_rasa__ is original
