"""Patch 5 of :mod:`bot.ops.rasa_patches`: TED runs only when it could win (issue 15, session 7).

``MessageProcessor._predict_next_with_tracker`` is replaced by :func:`wrap_predict_next`'s
function: the RulePolicy and MemoizationPolicy predict first, and when one of them is 1.0-sure
with a higher priority than TED's, Rasa's ensemble node gets an all-zero prediction in TED's
place. The reasons and the pinned Rasa code this relies on are in :mod:`bot.ops.rasa_patches`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PolicyPlan:
    """Which policy nodes of a model's predict graph decide first, and which may then be skipped.

    Attributes:
        target: The ensemble node (``select_prediction``).
        deciders: RulePolicy / MemoizationPolicy nodes, run first.
        skippable: TED nodes -> (policy name, priority): given an all-zero prediction instead.
    """

    target: str
    deciders: tuple[str, ...]
    skippable: dict[str, tuple[str, int]]

    def decided(self, predictions: Any, tracker: Any) -> bool:
        """True when no skippable policy could win against ``predictions`` (see module doc)."""
        from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected

        last = next(
            (
                e
                for e in reversed(tracker.events)
                if isinstance(e, ActionExecuted | ActionExecutionRejected)
            ),
            None,
        )
        if isinstance(last, ActionExecutionRejected):  # the ensemble zeroes that action's score
            return False
        floor = max(priority for _, priority in self.skippable.values())
        return any(p.max_confidence >= 1.0 and p.policy_priority > floor for p in predictions)


def policy_plan(processor: Any) -> PolicyPlan | None:
    """The :class:`PolicyPlan` of a processor's model, or None when its policies do not allow it.

    Only Rasa's ensemble over Memoization/Rule policies (deciders) and TED policies trained
    without end-to-end text (skippable) qualifies; any other policy keeps Rasa's own prediction.
    """
    if "_cluster_policy_plan" in vars(processor):
        return processor._cluster_policy_plan
    plan = None
    try:
        plan = _make_plan(processor)
    except (AttributeError, KeyError, TypeError):  # not the graph this code was written for
        plan = None
    processor._cluster_policy_plan = plan
    if plan is None:
        logger.info("rasa_patches: every policy runs for every prediction (this model's policies)")
    else:
        logger.info(
            "rasa_patches: %s predict first; %s run only when it could win",
            ", ".join(plan.deciders),
            ", ".join(plan.skippable),
        )
    return plan


def _make_plan(processor: Any) -> PolicyPlan | None:
    from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
    from rasa.core.policies.memoization import MemoizationPolicy
    from rasa.core.policies.policy import Policy
    from rasa.core.policies.ted_policy import TEDPolicy
    from rasa.shared.nlu.constants import TEXT

    schema = processor.model_metadata.predict_schema
    target = processor.model_metadata.core_target
    if not target or schema.nodes[target].uses is not DefaultPolicyPredictionEnsemble:
        return None
    deciders, skippable = [], {}
    for name in schema.nodes[target].needs.values():
        node = schema.nodes.get(name)
        if node is None or not issubclass(node.uses, Policy):
            continue
        if issubclass(node.uses, MemoizationPolicy):  # RulePolicy is one too
            deciders.append(name)
            continue
        component = processor.graph_runner._instantiated_nodes[name]._component
        if type(component) is not TEDPolicy or component.only_e2e:
            return None
        if TEXT in component.fake_features or component.model is None:
            return None
        skippable[name] = (type(component).__name__, int(component.priority))
    if not deciders or not skippable:
        return None
    return PolicyPlan(target, tuple(deciders), skippable)


def wrap_predict_next(original: Callable[..., Any]) -> Callable:
    @functools.wraps(original)
    def _predict_next_with_tracker(self: Any, tracker: Any) -> Any:
        plan = policy_plan(self)
        if plan is None or tracker.followup_action:
            return original(self, tracker)
        from rasa.core.policies.policy import PolicyPrediction
        from rasa.engine.constants import PLACEHOLDER_TRACKER

        first = self.graph_runner.run(
            inputs={PLACEHOLDER_TRACKER: tracker}, targets=list(plan.deciders)
        )
        # A node's output given as an input replaces that node (DaskGraphRunner.run).
        inputs = {PLACEHOLDER_TRACKER: tracker, **first}
        if plan.decided(first.values(), tracker):
            size = len(self.domain.action_names_or_texts)
            for node, (name, priority) in plan.skippable.items():
                inputs[node] = PolicyPrediction([0.0] * size, name, priority)
        return self.graph_runner.run(inputs=inputs, targets=[plan.target])[plan.target]

    return _predict_next_with_tracker
