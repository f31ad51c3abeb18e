"""The one place where the project changes Rasa 3.6's own code at run time, and why.

Rasa server processes started by ``python -m bot.ops.rasa_run`` (``scripts/stack.py``) call
:func:`apply` before Rasa reads its arguments. These functions are replaced or wrapped:

1. ``RemoteAction._validate_action_result`` (speed). Rasa validates every action-server response
   with ``jsonschema.validate(result, schema)``, which first re-checks the *schema* against the
   JSON-Schema meta-schema and builds a new validator, on every call. Under load that was 56% of
   the Rasa process's CPU (py-spy, issue 15). The replacement builds one validator for the same
   schema once and validates with it; results and errors are the same (``jsonschema.validate``
   raises ``best_match`` of the validator's errors, and so does this).
2. ``ActionExtractSlots._execute_validation_action`` (speed, wrapping). Rasa calls the custom
   action ``action_validate_slot_mappings`` over HTTP on every user message, with the whole
   tracker rebuilt from its events and serialised. This project's action of that name
   (``ActionHandoffNotice`` in actions/handoff/actions.py) only speaks while the conversation is
   paused for an adviser and returns no events otherwise (``test_no_notice_when_not_paused`` in
   tests/actions/handoff/test_handoff_ticket.py), so for a conversation that is not paused the
   wrapper returns what Rasa would then return (the extracted ``SlotSet`` events) without the
   round trip. A paused conversation still gets the call, and the notice.
3. ``rasa.core.run.configure_app`` (wrapping, not replacing): after Rasa built its Sanic app, the
   project's guards (``bot.ops.security``: body size cap, REST rate limits, API token check) and
   the Prometheus endpoint (``bot.ops.metrics``) are installed on it. Rasa offers no hook for
   either: ``rasa run`` builds the app itself. It also hands Rasa the API token from the
   environment, so that the token is not on the command line.
4. ``MessageProcessor.handle_message`` and ``parse_message`` (wrapping): the turn's latency and
   intent for the Prometheus metrics (``bot.ops.metrics``); every channel goes through them.
5. ``MessageProcessor._predict_next_with_tracker`` (speed, replacing). Rasa runs every policy for
   every next-action prediction, TED's TensorFlow inference included (22% of the Rasa process's
   busy time under ``bench.load``, 13 predictions per 5-turn conversation), and then keeps the
   prediction the ensemble picks. Here the RulePolicy and MemoizationPolicy run first; when one
   of them predicts an action with confidence 1.0 and a higher priority than TED's, TED cannot
   win in ``DefaultPolicyPredictionEnsemble._pick_best_policy`` (highest (confidence, priority);
   TED's confidence is at most 1.0; a model without end-to-end text makes no end-to-end or
   "no user" prediction; TED adds no mandatory events), so the ensemble gets an all-zero
   prediction in TED's place and TED is not run. Anything else (a rejected action, a fallback
   at 0.3, another policy in the config, a TED trained with text) runs the whole graph as Rasa
   does. The ensemble node itself still picks and builds the prediction, so the chosen action,
   its policy, confidence and events are Rasa's. The code is in :mod:`bot.ops.rasa_policy_skip`.
6. SQLite connections of the tracker store (speed, an SQLAlchemy ``connect`` listener, not a
   Rasa function): ``journal_mode=WAL`` and ``synchronous=NORMAL``. Rasa's store commits twice a
   turn on the event loop, and SQLite's default (rollback journal, full sync) waits for the disk
   each time (13% of the busy time). WAL keeps every committed turn through a crash of the
   process; only the last turns before a power cut or an operating-system crash may be lost.
7. ``rasa.core.tracker_store.create_engine_kwargs`` (speed, wrapping): SQLAlchemy 1.4 gives a
   file SQLite database no connection pool, so Rasa's store opened and closed a connection for
   every read and write (and, in WAL mode, the close of the last connection checkpoints the log
   to disk: 8% of the busy time). For SQLite files the engine gets a ``QueuePool`` (connections
   shared between threads one at a time, ``check_same_thread=False``); other databases keep
   Rasa's arguments.
8. ``DaskGraphRunner.run`` (speed, replacing), ``ResponseSelector.process`` (speed, wrapping),
   ``SQLTrackerStore._retrieve`` and ``_additional_events`` (speed, replacing),
   ``Event.resolve_by_type`` (speed, wrapping) and numpy's BLAS threads: graph runs without
   dask's scheduler, the ResponseSelector only for messages whose answer may come from it,
   tracker reads and counts with statements built once, event classes looked up once, BLAS on
   one thread. The code and the reasons are in :mod:`bot.ops.rasa_fast` (issue 15, session 8).
9. ``LocalModelStorage._extract_archive_to_directory`` (start-up, wrapping): the model archive
   is unpacked once and hard-linked at later starts (:mod:`bot.ops.model_unpack`, session 13).

Each replaced function's source is pinned by a SHA-256 in :data:`PINNED_SOURCES`;
``tests/bot/ops/test_rasa_patches.py`` fails when a Rasa upgrade changes one of them (re-read the
new code, then update the hash), and :func:`apply` refuses to patch a function whose source
differs (it logs a warning and leaves Rasa's code in place).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import logging
from collections.abc import Callable
from typing import Any

from bot.ops.rasa_policy_skip import wrap_predict_next

logger = logging.getLogger(__name__)

#: "module:qualified.name" -> SHA-256 of the function's source in Rasa 3.6.21.
PINNED_SOURCES: dict[str, str] = {
    "rasa.core.actions.action:RemoteAction._validate_action_result": (
        "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42"
    ),
    "rasa.core.run:configure_app": (
        "72da30416f74c6488a1bbdae9878467bdc7ecd6b5a46b336220aadafd8b2f41a"
    ),
    "rasa.core.actions.action:ActionExtractSlots._execute_validation_action": (
        "3f1249f61cf252e0dec3895a635d20822a110269c6f37c58ac501700a6a311f9"
    ),
    "rasa.core.processor:MessageProcessor.handle_message": (
        "0c41d4780d2d46769ef2ae2b3f450b88d2602e916590e8be9975aa474db9f7f4"
    ),
    "rasa.core.processor:MessageProcessor.parse_message": (
        "b98d8e49b9f2c433040af62752212dc374600d50cd21deec82386642b64d30dc"
    ),
    "rasa.core.processor:MessageProcessor._predict_next_with_tracker": (
        "111a9023a5bcb32da37d4932e6f139290d991ce77ce3802f60a4f8ef30d8dd49"
    ),
    "rasa.core.tracker_store:create_engine_kwargs": (
        "dff5f092362096da88a6e62b71480d3d085fd321fef756b53fc822ab31526faa"
    ),
    "rasa.core.policies.ensemble:DefaultPolicyPredictionEnsemble._pick_best_policy": (
        "ae2dd5555a9a6aa7ebd842c6b0368027a26b717e8861d2ea4fac181e0f1cb58a"
    ),
    "rasa.core.policies.ensemble:DefaultPolicyPredictionEnsemble._best_policy_prediction": (
        "2abb246155670b85a8655504cf447f6b2846fdf69800dc8c279cfac5aaa78c89"
    ),
    "rasa.engine.runner.dask:DaskGraphRunner.run": (
        "45f0f52f574f3aa9546a552bf671183e171092c18b66e97f5771a7fa295de37e"
    ),
    "rasa.engine.runner.dask:DaskGraphRunner._add_inputs_to_graph": (
        "d04a0ca2df6241c16997b89d63e2ca89cd1d43bd5f9920843a2a86cb4286ac73"
    ),
    "rasa.core.policies.ted_policy:TEDPolicy.predict_action_probabilities": (
        "4a5d484262f5d132b3d598f7a192cdd6774c8cfe9b5d8db1ddaea89f736ff9f6"
    ),
    "rasa.core.policies.ted_policy:TEDPolicy._pick_confidence": (
        "e455c374591a805f242ac8063825180f1a3c3bd51e771d9b9b54dc4e5c147eaa"
    ),
    "rasa.nlu.selectors.response_selector:ResponseSelector.process": (
        "789655ec69275a95e3ee339a846700613bf05c3b9f829084647d9f1e65582aee"
    ),
    "rasa.core.tracker_store:SQLTrackerStore._retrieve": (
        "c8adbf6f4b61ddd1124690944ebdf2ebc82d0723bd07c6704caab0b80120a0ef"
    ),
    "rasa.core.tracker_store:SQLTrackerStore._additional_events": (
        "d22f99eb863acb07afee63d9fe3a04ca8464251e67a43eb7d36c2d65ffc1653f"
    ),
    "rasa.shared.core.events:Event.resolve_by_type": (
        "b5cf570fa7f286c7059ec73d8880528d03a78b28cf4e80285a46079c0fa65968"
    ),
    "rasa.core.tracker_store:SQLTrackerStore._event_query": (
        "cd44f7901b860bfd598a813bde17d0d5b0d7bab129feaf76bb2dca87d628625b"
    ),
    "rasa.engine.runner.dask:DaskGraphRunner._build_dask_graph": (
        "5bb99f974d512a36acb61caaf77aafc851b90c04ce4d02c262f230c75086cbee"
    ),
    "rasa.core.actions.action:ActionRetrieveResponse.run": (
        "98b32d654b6404597e5c70928d743eeca7cb08f8f5d6988b759788d9f415b77d"
    ),
    "rasa.engine.storage.local_model_storage:LocalModelStorage._extract_archive_to_directory": (
        "bb945b3a4e7d68f396ff2cd7b4dd933d857092c2ffe8535c8d32572ccc0b41a1"
    ),
}

#: Rasa code the patches rely on without replacing it (pinned the same way).
RELIED_ON: dict[str, tuple[str, ...]] = {
    "rasa.core.processor:MessageProcessor._predict_next_with_tracker": (
        "rasa.core.policies.ensemble:DefaultPolicyPredictionEnsemble._pick_best_policy",
        "rasa.core.policies.ensemble:DefaultPolicyPredictionEnsemble._best_policy_prediction",
        "rasa.engine.runner.dask:DaskGraphRunner.run",
        "rasa.engine.runner.dask:DaskGraphRunner._add_inputs_to_graph",
        "rasa.core.policies.ted_policy:TEDPolicy.predict_action_probabilities",
        "rasa.core.policies.ted_policy:TEDPolicy._pick_confidence",
    ),
    # The sequential runner builds the graph Rasa builds and mimics dask.get on it.
    "rasa.engine.runner.dask:DaskGraphRunner.run": (
        "rasa.engine.runner.dask:DaskGraphRunner._build_dask_graph",
        "rasa.engine.runner.dask:DaskGraphRunner._add_inputs_to_graph",
    ),
    # The prepared statements select what Rasa's event query selects.
    "rasa.core.tracker_store:SQLTrackerStore._retrieve": (
        "rasa.core.tracker_store:SQLTrackerStore._event_query",
    ),
    "rasa.core.tracker_store:SQLTrackerStore._additional_events": (
        "rasa.core.tracker_store:SQLTrackerStore._event_query",
    ),
    # The selector's output is read only when the retrieval intent's response is uttered.
    "rasa.nlu.selectors.response_selector:ResponseSelector.process": (
        "rasa.core.actions.action:ActionRetrieveResponse.run",
    ),
}

_applied: dict[str, bool] = {}


def _resolve(target: str) -> tuple[Any, str, Any]:
    """Returns (owner object, attribute name, current function) for ``module:qual.name``."""
    module_name, _, qualname = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    *parents, attribute = qualname.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    return owner, attribute, getattr(owner, attribute)


def source_hash(function: Callable[..., Any]) -> str:
    """SHA-256 of a function's source text (what :data:`PINNED_SOURCES` records)."""
    return hashlib.sha256(inspect.getsource(function).encode("utf-8")).hexdigest()


def changed_sources() -> dict[str, str]:
    """The pinned targets whose current source differs from the pin, with their current hash."""
    changed = {}
    for target, pinned in PINNED_SOURCES.items():
        _, _, function = _resolve(target)
        original = getattr(function, "__wrapped_rasa__", function)
        current = source_hash(original)
        if current != pinned:
            changed[target] = current
    return changed


def fast_validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with one validator built once (see module doc)."""
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match

    error = best_match(_response_validator(type(self)).iter_errors(result))
    if error is None:
        return True
    if isinstance(error, ValidationError):
        from rasa.shared.constants import DOCS_BASE_URL

        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
    raise error


@functools.lru_cache(maxsize=4)
def _response_validator(action_class: type) -> Any:
    """The validator of Rasa's action response schema, checked and built once per class."""
    from jsonschema.validators import validator_for

    schema = action_class.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _wrap_configure_app(
    original: Callable[..., Any], on_app: Callable[[Any], None], api_token: str | None
) -> Callable:
    signature = inspect.signature(original)

    @functools.wraps(original)
    def configure_app(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        # The API token comes from the environment, not the command line (the process list).
        if bound.arguments["enable_api"] and api_token and not bound.arguments["auth_token"]:
            bound.arguments["auth_token"] = api_token
        app = original(*bound.args, **bound.kwargs)
        on_app(app)
        return app

    configure_app.__wrapped_rasa__ = original  # type: ignore[attr-defined]
    return configure_app


def _wrap_validation_action(original: Callable[..., Any]) -> Callable:
    @functools.wraps(original)
    async def _execute_validation_action(
        self: Any, extraction_events: list, output_channel: Any, nlg: Any, tracker: Any, domain: Any
    ) -> list:
        if not tracker.is_paused():
            from rasa.shared.core.events import SlotSet

            return [event for event in extraction_events if isinstance(event, SlotSet)]
        return await original(self, extraction_events, output_channel, nlg, tracker, domain)

    return _execute_validation_action


def _wrap_handle_message(original: Callable[..., Any]) -> Callable:
    from bot.ops.metrics import observe_turn

    @functools.wraps(original)
    async def handle_message(self: Any, message: Any) -> Any:
        return await observe_turn(original, self, message)

    return handle_message


def _wrap_parse_message(original: Callable[..., Any]) -> Callable:
    from bot.ops.metrics import note_intent

    @functools.wraps(original)
    async def parse_message(self: Any, *args: Any, **kwargs: Any) -> Any:
        parse_data = await original(self, *args, **kwargs)
        note_intent(parse_data)
        return parse_data

    return parse_message


def _sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    """SQLAlchemy ``connect`` listener: WAL and ``synchronous=NORMAL`` for SQLite connections."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def use_sqlite_wal(on: bool = True) -> bool:
    """Makes every new SQLite connection of this process use WAL (``on=False``: stops that)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    listening = event.contains(Engine, "connect", _sqlite_wal)
    if on and not listening:
        event.listen(Engine, "connect", _sqlite_wal)
    elif not on and listening:
        event.remove(Engine, "connect", _sqlite_wal)
    return on


def _wrap_engine_kwargs(original: Callable[..., Any]) -> Callable:
    @functools.wraps(original)
    def create_engine_kwargs(url: Any) -> dict[str, Any]:
        kwargs = original(url)
        text = str(url)
        if text.startswith("sqlite") and ":memory:" not in text and text.rstrip("/") != "sqlite:":
            from sqlalchemy.pool import QueuePool

            kwargs.setdefault("poolclass", QueuePool)
            kwargs.setdefault("connect_args", {})["check_same_thread"] = False
        return kwargs

    return create_engine_kwargs


def _patch(target: str, make: Callable[[Any], Any]) -> bool:
    owner, attribute, current = _resolve(target)
    if _applied.get(target):
        return True
    original = getattr(current, "__wrapped_rasa__", current)
    relied_on = [_resolve(name)[2] for name in RELIED_ON.get(target, ())]
    if any(
        source_hash(getattr(f, "__wrapped_rasa__", f)) != PINNED_SOURCES[name]
        for f, name in zip(relied_on, RELIED_ON.get(target, ()), strict=True)
    ):
        logger.warning("rasa_patches: code %s relies on changed; left as is", target)
        return False
    if source_hash(original) != PINNED_SOURCES[target]:
        logger.warning(
            "rasa_patches: %s differs from the Rasa 3.6.21 code this project patches; left as is",
            target,
        )
        return False
    replacement = make(original)
    if not hasattr(replacement, "__wrapped_rasa__"):
        replacement.__wrapped_rasa__ = original
    setattr(owner, attribute, replacement)
    _applied[target] = True
    return True


def apply(
    *,
    speedups: bool,
    on_app: Callable[[Any], None] | None = None,
    api_token: str | None = None,
    metrics: bool = True,
) -> list[str]:
    """Applies the patches; returns the targets that were patched.

    Args:
        speedups: Replace the slow Rasa code (False: run Rasa's own, the benchmark's baseline).
        on_app: Called with the Sanic app ``rasa run`` builds (guards, metrics); None: no wrapping.
        api_token: Rasa's HTTP API token, given to ``configure_app`` when the API is on.
        metrics: Wrap message handling to record turn metrics.
    """
    done = []
    if metrics:
        for target, wrap in (
            ("rasa.core.processor:MessageProcessor.handle_message", _wrap_handle_message),
            ("rasa.core.processor:MessageProcessor.parse_message", _wrap_parse_message),
        ):
            if _patch(target, wrap):
                done.append(target)
    target = "rasa.core.actions.action:RemoteAction._validate_action_result"
    if speedups and _patch(target, lambda _original: fast_validate_action_result):
        done.append(target)
    target = "rasa.core.actions.action:ActionExtractSlots._execute_validation_action"
    if speedups and _patch(target, _wrap_validation_action):
        done.append(target)
    target = "rasa.core.processor:MessageProcessor._predict_next_with_tracker"
    if speedups and _patch(target, wrap_predict_next):
        done.append(target)
    if speedups and use_sqlite_wal():
        done.append("sqlite: journal_mode=WAL, synchronous=NORMAL")
    target = "rasa.core.tracker_store:create_engine_kwargs"
    if speedups and _patch(target, _wrap_engine_kwargs):
        done.append(target)
    if speedups:
        from bot.ops import model_unpack, rasa_fast

        for target, make in (
            (
                "rasa.engine.runner.dask:DaskGraphRunner.run",
                lambda _o: rasa_fast.sequential_graph_run,
            ),
            (
                "rasa.nlu.selectors.response_selector:ResponseSelector.process",
                rasa_fast.selective_response_selector,
            ),
            (
                "rasa.core.tracker_store:SQLTrackerStore._retrieve",
                lambda _o: rasa_fast.fast_sql_retrieve,
            ),
            (
                "rasa.core.tracker_store:SQLTrackerStore._additional_events",
                lambda _o: rasa_fast.fast_additional_events,
            ),
            ("rasa.shared.core.events:Event.resolve_by_type", rasa_fast.cached_event_types),
            (
                "rasa.engine.storage.local_model_storage:LocalModelStorage."
                "_extract_archive_to_directory",
                model_unpack.cached_extract,
            ),
        ):
            if _patch(target, make):
                done.append(target)
        if rasa_fast.one_blas_thread():
            done.append("blas: one thread")
    target = "rasa.core.run:configure_app"
    if on_app is not None and _patch(
        target, lambda original: _wrap_configure_app(original, on_app, api_token)
    ):
        done.append(target)
    logger.info("rasa_patches: applied %s", ", ".join(done) or "nothing")
    return done
