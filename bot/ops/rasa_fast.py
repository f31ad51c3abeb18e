"""Replacements of Rasa 3.6 code that session 8 of issue 15 measured to matter (speed only).

:mod:`bot.ops.rasa_patches` pins the Rasa functions and installs these; the reasons are here,
next to the code. Each does what the Rasa function it replaces does, with less work per turn
(py-spy profile of the Rasa server under ``bench.load``, closed loop, fast variant of session 7):

1. :func:`sequential_graph_run` for ``DaskGraphRunner.run`` (8% of the busy time). Rasa hands
   every graph run (one for NLU and two or more for the dialogue policies, per message) to
   ``dask.get``, which computes the minimal schema, builds a task graph, orders it and runs
   its local scheduler each time. Here the graph, its execution order (dask's own ``order`` of
   the graph Rasa would build) and every node's inputs are worked out once per (targets, input
   names) and the nodes are called one after the other in that order, with the arguments dask
   would pass: a needed node's ``(name, output)`` pair, an input's ``(name, value)`` pair, the
   bare name of a need that is in neither. Every node of the graph runs, as with dask (dask
   does not cull either), and a ``RuntimeError`` becomes Rasa's ``GraphRunError``.
2. :func:`selective_response_selector` for ``ResponseSelector.process`` (13%: TensorFlow
   inference on every message). A selector trained for one retrieval intent (``faq``) is used
   only by ``ActionRetrieveResponse`` (``utter_faq``) after a message with that intent. The
   selector runs after the intent classifier; the components after it only ever change the
   intent to ``out_of_scope``, ``switch_language`` or ``nlu_fallback``, except Rasa's
   ``RegexMessageHandler`` for a typed ``/intent`` command. So a message whose intent is not
   ``faq`` (nor ``faq/...``) and whose text does not start with ``/`` skips the inference and
   gets no ``response_selector`` entry in its parse data; every other message gets Rasa's.
   Answers are the same; the stored parse data of other messages is smaller.
3. :func:`fast_sql_retrieve` for ``SQLTrackerStore._retrieve`` and :func:`fast_additional_events`
   for ``SQLTrackerStore._additional_events`` (tracker read 12%, count before each save 7%).
   Rasa builds its ORM event query anew for every read and every save (a third of the save's
   time goes into building it) and loads every event as an ORM object (identity map, all
   columns) to read its ``data`` column. Here the same selection (the sender's events since its
   latest ``session_started``, or all of them) is one SQLAlchemy Core statement per store, built
   once with the sender as a bound parameter (so SQLAlchemy compiles it once), selecting only
   ``data`` (ordered by ``id``) or the count. Same rows, same order, same tracker, same count,
   on every database the store supports.
4. :func:`one_blas_thread`: numpy's OpenBLAS starts a thread per core and splits even a
   384 x 48 matrix-vector product (the intent classifier's sentence-vector block) over them;
   with both cores busy the second thread waits for a time slice and spins meanwhile: 9% of the
   busy time in that one line, 35-70 us a product against 3 us on one thread (load 16). The
   Rasa server answers one message at a time, so BLAS gets one thread (``threadpoolctl``),
   as the sentence encoder's ONNX session already has. The products are the same
   (``bench.perf_equal`` compares every parse exactly).
5. :func:`cached_event_types` for ``Event.resolve_by_type`` (4%): every event read from the
   tracker store or an action server's answer looks its class up by walking every subclass of
   ``Event`` (``all_subclasses`` with an ``inspect.isabstract`` check each). The class found for
   a type name is remembered; a name not found (or answered with ``default``) takes Rasa's walk
   every time, so an event class imported later is still found.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

logger = logging.getLogger(__name__)

#: Rasa's prefix of a typed intent command ("/faq/privacy"); the intent is set after the selector.
COMMAND_PREFIX = "/"


# 1. Graph runs --------------------------------------------------------------------------------


def graph_steps(
    runner: Any, targets: tuple[str, ...], input_names: tuple[str, ...]
) -> list[tuple[str, tuple[str, ...]]]:
    """The nodes a ``DaskGraphRunner.run`` call executes, in dask's order, with their needs.

    Args:
        runner: The ``DaskGraphRunner``.
        targets: The run's targets.
        input_names: The names of the run's inputs, in the order given (an input named like a
            node replaces that node).

    Returns:
        (node name, names of the nodes or inputs it needs) for every node that is not an input.
    """
    cache = vars(runner).setdefault("_cluster_steps", {})
    key = (targets, input_names)
    if key not in cache:
        from dask.order import order

        schema = runner._graph_schema.minimal_graph_schema(list(targets))
        graph = runner._build_dask_graph(schema)
        for name in input_names:
            graph[name] = (name, None)
        priority = order(graph)
        cache[key] = [
            (name, tuple(schema.nodes[name].needs.values()))
            for name in sorted(graph, key=priority.__getitem__)
            if name not in input_names
        ]
    return cache[key]


def sequential_graph_run(
    self: Any, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """``DaskGraphRunner.run`` without dask's scheduler (see the module doc, 1)."""
    from rasa.engine.exceptions import GraphRunError

    run_targets = targets if targets else self._graph_schema.target_names
    inputs = inputs or {}
    steps = graph_steps(self, tuple(run_targets), tuple(inputs))
    known = {name for name, _ in steps}
    results: dict[str, Any] = {}
    for name, value in inputs.items():  # Rasa's check, against the nodes and earlier inputs
        if isinstance(value, str) and (value in known or value in results):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure "
                f"that none of the input names passed to the `run` method are the "
                f"same as node names in the graph schema."
            )
        results[name] = (name, value)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(f"Running graph with inputs: {inputs}, targets: {targets} (sequential)")
    nodes = self._instantiated_nodes
    try:
        for name, needs in steps:
            results[name] = nodes[name](*(results.get(need, need) for need in needs))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(results[target] for target in run_targets)


# 2. ResponseSelector -----------------------------------------------------------------------


def selector_needed(retrieval_intent: str | None, message: Any) -> bool:
    """True when the selector's prediction for ``message`` may be used (see the module doc, 2)."""
    from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT

    if not retrieval_intent:  # a selector for every retrieval intent: always Rasa's way
        return True
    text = message.get(TEXT) or ""
    if text.lstrip().startswith(COMMAND_PREFIX):
        return True
    name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY) or ""
    return name == retrieval_intent or name.startswith(retrieval_intent + "/")


def selective_response_selector(original: Callable[..., Any]) -> Callable:
    """Wraps ``ResponseSelector.process``: only messages that need the selector go through it."""

    @functools.wraps(original)
    def process(self: Any, messages: list) -> list:
        retrieval_intent = getattr(self, "retrieval_intent", None)
        needed = [m for m in messages if selector_needed(retrieval_intent, m)]
        if needed:
            original(self, needed)
        return messages

    return process


# 3. Tracker store reads ----------------------------------------------------------------------


def event_statements(store: Any) -> dict[str, Any]:
    """The store's event statements (``latest``, ``all``: data by id; ``count``: of ``latest``),
    built once per store; bound parameter ``sender_id``. Rasa's ``_event_query`` as Core."""
    cached = vars(store).get("_cluster_event_statements")
    if cached is None:
        import sqlalchemy as sa
        from rasa.shared.core.events import SessionStarted

        event = store.SQLEvent
        sender = sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(event.timestamp))
            .where(event.sender_id == sender, event.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        latest = sa.and_(
            event.sender_id == sender,
            sa.or_(event.timestamp >= session_start, session_start.is_(None)),
        )
        cached = {
            "latest": sa.select(event.data).where(latest).order_by(event.id),
            "all": sa.select(event.data).where(event.sender_id == sender).order_by(event.id),
            "count": sa.select(sa.func.count()).select_from(event).where(latest),
        }
        store._cluster_event_statements = cached
    return cached


async def fast_sql_retrieve(self: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
    """``SQLTrackerStore._retrieve`` with a prepared statement (see the module doc, 3)."""
    from rasa.shared.core.trackers import DialogueStateTracker

    statement = event_statements(self)["all" if fetch_events_from_all_sessions else "latest"]
    with self.session_scope() as session:
        rows = session.execute(statement, {"sender_id": sender_id}).all()
        events = [json.loads(data) for (data,) in rows]
        if self.domain and len(events) > 0:
            logger.debug(f"Recreating tracker from sender id '{sender_id}'")
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        logger.debug(
            f"Can't retrieve tracker matching sender id '{sender_id}' from SQL storage. "
            f"Returning `None` instead."
        )
        return None


def fast_additional_events(self: Any, session: Any, tracker: Any) -> Iterator:
    """``SQLTrackerStore._additional_events`` with a prepared count (see the module doc, 3)."""
    stored = session.execute(
        event_statements(self)["count"], {"sender_id": tracker.sender_id}
    ).scalar_one()
    return itertools.islice(tracker.events, stored, len(tracker.events))


# 4. BLAS threads -----------------------------------------------------------------------------


def one_blas_thread() -> bool:
    """Limits the BLAS libraries loaded in this process (numpy's OpenBLAS) to one thread.

    Returns:
        True when a BLAS library was found and limited.
    """
    import numpy  # noqa: F401  (loads OpenBLAS, which threadpoolctl only sees once loaded)
    from threadpoolctl import threadpool_info, threadpool_limits

    global _blas_limit
    if not any(lib.get("user_api") == "blas" for lib in threadpool_info()):
        return False
    if _blas_limit is None:
        _blas_limit = threadpool_limits(limits=1, user_api="blas")
    return True


def restore_blas_threads() -> None:
    """Gives BLAS back the threads it had before :func:`one_blas_thread` (tests)."""
    global _blas_limit
    if _blas_limit is not None:
        _blas_limit.restore_original_limits()
        _blas_limit = None


_blas_limit: Any = None


# 5. Event classes --------------------------------------------------------------------------------


def cached_event_types(original: Callable[..., Any]) -> Any:
    """Wraps ``Event.resolve_by_type`` (a static method): found classes are remembered."""
    found: dict[str, type] = {}

    @functools.wraps(original)
    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and cls is not default:
                found[type_name] = cls
        return cls

    resolve_by_type.__wrapped_rasa__ = original  # type: ignore[attr-defined]
    return staticmethod(resolve_by_type)
