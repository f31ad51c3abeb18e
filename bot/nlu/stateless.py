"""Base of the project's NLU components that have no options, learn nothing and store nothing.

Rasa 3.6 asks every graph component for ``create``, a constructor, default options and (for
components in the training graph) ``process_training_data``. For a rule-based component these are
the same few lines each time; they live here once. Subclasses implement ``process``.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData


class StatelessComponent(GraphComponent):
    """A component with no options and nothing to train, persist or load."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No options."""
        return {}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StatelessComponent:
        """Creates the component (nothing to train or load)."""
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data is left as it is: these components only act on live messages."""
        return training_data
