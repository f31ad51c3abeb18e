"""The answer of a retrieval intent (``faq/<topic>``) from the linear classifier's topics.

Rasa's ResponseSelector trained a second model (60 epochs over every sparse feature, character
1-4 grams included) to choose the topic of a ``faq`` message: 373 MB of the 414 MB model and most
of the training time. The intent classifier (:mod:`bot.nlu.linear_intent`, with
``split_retrieval_intents``) already learns every topic as a class of its own and leaves the
topics' probabilities on the message (:data:`~bot.nlu.linear_intent.RETRIEVAL_RANKING_KEY`).
This component turns them into the ``response_selector`` entry of the parse data, in the shape
Rasa 3.6's ResponseSelector writes, so ``utter_faq`` (``ActionRetrieveResponse``), the rules and
``rasa test nlu``'s response-selection report read it unchanged::

    "response_selector": {
        "all_retrieval_intents": ["faq"],
        "faq": {
            "response": {
                "responses": [{"text": "..."}],        # the domain's utter_faq/privacy
                "confidence": 0.91,
                "intent_response_key": "faq/privacy",
                "utter_action": "utter_faq/privacy",
            },
            "ranking": [{"confidence": 0.91, "intent_response_key": "faq/privacy"}, ...],
        },
    }

The confidence of a topic is its share of the retrieval intent (the topic's probability divided
by the sum over the intent's topics), as the ResponseSelector's softmax over the topics is: the
topics' confidences add up to 1 whatever the intent's own probability. The key is the
``retrieval_intent`` of the config, or ``default`` (all retrieval intents) without one, as in Rasa.

Differences from Rasa's component, on purpose: a topic without a response in the domain is never
chosen (Rasa warns and answers with the topic's name; ``rasa data validate`` reports such data
anyway), and a message without topics (no text features, or a model trained without the split)
gets an entry with no response (``None``s, confidence 0 and an empty ranking, where Rasa names
the action ``utter_None``).

Training keeps the domain's responses of the retrieval intents and the names of the retrieval
intents (a JSON record beside an empty array file, :mod:`bot.nlu.stored`); nothing is learnt.
To use it, list ``bot.nlu.topic_selector.TopicSelector`` (``retrieval_intent: faq``) in
config.yml right after the classifier, in place of the ResponseSelector (Rasa then warns at
training that response examples have no ResponseSelector).

In config.yml since session 14: measured side by side with the ResponseSelector
(docs/benchmarks.md "Session 14: test time"), it cut the model from 211 to 33 MB and the training
by ~170-285 s, and every Rasa start by the ResponseSelector's load, at 3 of 108 FAQ questions
fewer (4 lost, 1 won; intent gate and story tests unchanged).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_DEFAULT_INTENT,
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    INTENT_NAME_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key

from bot.nlu.linear_intent import RETRIEVAL_RANKING_KEY
from bot.nlu.stored import TrainedComponent, read_arrays, write_arrays

logger = logging.getLogger(__name__)

ARRAYS_FILE = "topic_selector.npz"
RECORD_FILE = "topic_selector.json"


def _record(_arrays: Mapping[str, np.ndarray], record: dict[str, Any]) -> dict[str, Any]:
    """What :meth:`TopicSelector.train` stored (given to :func:`read_arrays`)."""
    return {
        "responses": dict(record["responses"]),
        "retrieval_intents": list(record["retrieval_intents"]),
    }


def selection(
    topics: list[dict[str, Any]],
    responses: Mapping[str, list[dict[str, Any]]],
    ranking_length: int,
) -> dict[str, Any]:
    """The ``response_selector`` entry of one retrieval intent (see the module doc).

    Args:
        topics: The classifier's topics, ``{"name": "faq/privacy", "confidence": p}``, any order.
        responses: The domain's responses by name (``utter_faq/privacy``).
        ranking_length: Topics listed in ``ranking`` (0: all).

    Returns:
        ``{"response": {...}, "ranking": [...]}``; the topics without a response are left out,
        and with none left the response has ``None`` values and confidence 0.
    """
    answered = [
        t
        for t in topics
        if t.get(INTENT_NAME_KEY)
        and responses.get(intent_response_key_to_template_key(t[INTENT_NAME_KEY]))
    ]
    total = sum(max(float(t.get(PREDICTED_CONFIDENCE_KEY) or 0.0), 0.0) for t in answered)
    shares = [
        (
            t[INTENT_NAME_KEY],
            max(float(t.get(PREDICTED_CONFIDENCE_KEY) or 0.0), 0.0) / total if total > 0 else 0.0,
        )
        for t in answered
    ]
    shares.sort(key=lambda share: (-share[1], share[0]))
    if not shares:
        return {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: None,
                PREDICTED_CONFIDENCE_KEY: 0.0,
                INTENT_RESPONSE_KEY: None,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: None,
            },
            RESPONSE_SELECTOR_RANKING_KEY: [],
        }
    key, confidence = shares[0]
    utter_action = intent_response_key_to_template_key(key)
    listed = shares[:ranking_length] if ranking_length else shares
    return {
        RESPONSE_SELECTOR_PREDICTION_KEY: {
            RESPONSE_SELECTOR_RESPONSES_KEY: responses[utter_action],
            PREDICTED_CONFIDENCE_KEY: confidence,
            INTENT_RESPONSE_KEY: key,
            RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
        },
        RESPONSE_SELECTOR_RANKING_KEY: [
            {PREDICTED_CONFIDENCE_KEY: share, INTENT_RESPONSE_KEY: name} for name, share in listed
        ],
    }


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TopicSelector(TrainedComponent):
    """Fills ``response_selector`` from the classifier's topics (see the module doc)."""

    @classmethod
    def required_components(cls) -> list[type]:
        """None Rasa can check: the topics come from the classifier *before* it in config.yml,
        while Rasa checks a component's needs in the training graph, where no trained
        component depends on another trained component (the train step of a required
        ``LinearIntentClassifier`` fails validation)."""
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``retrieval_intent``: the intent answered (``faq``), or None for all retrieval
        intents under the key ``default``; ``ranking_length``: topics listed (0: all)."""
        return {"retrieval_intent": None, "ranking_length": 10}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """``retrieval_intent`` a name or None, ``ranking_length`` an integer >= 0."""
        intent = config.get("retrieval_intent")
        if intent is not None and (not isinstance(intent, str) or not intent):
            raise InvalidConfigException(
                f"TopicSelector: 'retrieval_intent' must be an intent name or null, got {intent!r}"
            )
        length = config.get("ranking_length")
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise InvalidConfigException(
                f"TopicSelector: 'ranking_length' must be an integer >= 0, got {length!r}"
            )

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
        record: dict[str, Any] | None = None,
    ) -> None:
        """Keep the config; ``record`` holds the responses once trained or loaded."""
        self.config = {**self.get_default_config(), **config}
        self.validate_config(self.config)
        self.name = name
        self._model_storage = model_storage
        self._resource = resource
        self._record = record

    def train(self, training_data: TrainingData) -> Resource:
        """Keep the responses of the retrieval intents (``utter_faq/...``) and their names."""
        intents = sorted(training_data.retrieval_intents)
        prefixes = tuple(intent_response_key_to_template_key(f"{i}/") for i in intents)
        responses = {
            name: list(variants)
            for name, variants in sorted(training_data.responses.items())
            if name.startswith(prefixes)
        }
        self._record = {"responses": responses, "retrieval_intents": intents}
        write_arrays(
            self._model_storage, self._resource, ARRAYS_FILE, {}, RECORD_FILE, self._record
        )
        logger.info(
            "TopicSelector: %d answers of the retrieval intents %s", len(responses), intents
        )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TopicSelector:
        """The responses :meth:`train` stored (untrained, leaving messages alone, without)."""
        record = read_arrays(model_storage, resource, ARRAYS_FILE, RECORD_FILE, _record)
        return cls(config, execution_context.node_name, model_storage, resource, record)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the ``response_selector`` entry of every message (see the module doc)."""
        if self._record is None:
            return messages
        wanted = self.config["retrieval_intent"]
        key = wanted or RESPONSE_SELECTOR_DEFAULT_INTENT
        for message in messages:
            found = message.get(RETRIEVAL_RANKING_KEY) or {}
            topics = [
                topic
                for intent, ranking in found.items()
                if wanted is None or intent == wanted
                for topic in ranking
            ]
            properties = dict(message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
            properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = list(
                self._record["retrieval_intents"]
            )
            properties[key] = selection(
                topics, self._record["responses"], self.config["ranking_length"]
            )
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to the training data."""
        return training_data
