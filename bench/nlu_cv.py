"""Repeated k-fold cross-validation of the intent classification, minutes instead of an hour.

``rasa test nlu --cross-validation`` (``make nlu-cv``) is the official figure of issue 5, but one
run takes 6-16 minutes on this machine (it trains every component, the ResponseSelector too, and
predicts the training folds as well) and its folds are shuffled without a seed, so two runs of the
same configuration differ by about 0.01 macro-F1: too slow and too noisy to compare two pipeline
variants. This script runs the same pipeline, in-process, with the project's and Rasa's own
component classes:

- the untrained spaCy part (SpacyNLP, tokenizer, gazetteer entities) runs once over every text,
  and the sentence encoder's vector of a text is computed once (both are fixed, not learnt);
- every fold then trains the remaining components of ``config.yml`` up to and including the
  intent classifier on the training part (count-vector vocabularies, IDF, the classifier), plus
  the untrained components after it that can change the intent (language detector, input guard),
  and predicts the held-out part from its text, as Rasa's evaluation does; the ResponseSelector
  and the FallbackClassifier are left out (``rasa test nlu`` ignores the fallback too, and the
  response selector does not change the intent);
- folds are stratified by full intent (``faq/<topic>``), like Rasa's, but seeded, and the whole
  k-fold run is repeated for several seeds: the table shows each seed's macro-F1 and
  out_of_scope recall, then mean and spread.

``--config`` compares variants side by side (the first is the baseline; a "vs base" column gives
the mean difference over the same folds). Run in the Rasa environment from the repo root::

    .venv/rasa/bin/python -m bench.nlu_cv [--config config.yml --config var/other.yml]
        [--seeds 3] [--first-seed 0] [--folds 5] [--errors var/nlu-cv-errors.json]
"""

from __future__ import annotations

import argparse
import copy
import inspect
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

SKIPPED = {"ResponseSelector", "FallbackClassifier"}
UNTRAINED_PREFIX = {"SpacyNLP", "SpacyTokenizer", "SpacyEntityExtractor"}


def _pipeline(config_path: Path) -> list[tuple[str, dict[str, Any]]]:
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    steps = []
    for item in config.get("pipeline") or []:
        item = dict(item)
        steps.append((item.pop("name"), item))
    return steps


def _components(
    steps: list[tuple[str, dict[str, Any]]], storage_dir: Path
) -> list[tuple[str, Any]]:
    """Create the components of ``steps`` as Rasa's graph does (defaults merged, featurizers
    named after their node), with their resources in ``storage_dir``."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.featurizer import Featurizer

    storage_dir.mkdir(parents=True, exist_ok=True)
    storage = LocalModelStorage(storage_dir)
    components = []
    for index, (name, options) in enumerate(steps):
        cls = DefaultV1Recipe._from_registry(name).clazz
        node = f"run_{name}{index}"
        config = {**cls.get_default_config(), **options}
        if issubclass(cls, Featurizer) and config.get("alias") is None:
            config["alias"] = node
        context = ExecutionContext(GraphSchema({}), node)
        components.append((name, cls.create(config, storage, Resource(node), context)))
    return components


def _process(component: Any, data: Any, model: Any = None, training: bool = False) -> None:
    """``process_training_data`` (training) or ``process`` (messages), with the spaCy model for
    the components that take one; extractors have no ``process_training_data``."""
    method = getattr(component, "process_training_data" if training else "process", None)
    if method is None:
        return
    if "model" in inspect.signature(method).parameters:
        method(data, model=model)
    else:
        method(data)


def _spacy_stage(steps, training_data, texts, storage_dir):
    """Run the untrained spaCy components once: processed training examples and test messages."""
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    components = _components([s for s in steps if s[0] in UNTRAINED_PREFIX], storage_dir)
    model = next((c.provide() for name, c in components if name == "SpacyNLP"), None)
    training = copy.deepcopy(training_data)
    messages = [Message(data={TEXT: text}) for text in texts]
    for _, component in components:
        _process(component, training, model, training=True)
        _process(component, messages, model)
    return training, {m.get(TEXT): m for m in messages}


def _memoise_encoder() -> None:
    """The sentence vector of a text is fixed: compute it once for all folds and configs."""
    from bot.nlu.sentence_encoder import SentenceEncoderFeaturizer

    if getattr(SentenceEncoderFeaturizer.encode, "memoised", False):
        return
    original = SentenceEncoderFeaturizer.encode
    memo: dict[tuple[str, tuple[str, int]], Any] = {}

    def encode(self, texts):
        import numpy as np

        # the vector depends on the text, the encoder and its token limit
        key_tokens = (self._config.get("encoder", "minilm"), self._config["max_tokens"])
        missing = [t for t in dict.fromkeys(texts) if (t, key_tokens) not in memo]
        if missing:
            for text, row in zip(missing, original(self, missing), strict=True):
                memo[(text, key_tokens)] = row
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray([memo[(t, key_tokens)] for t in texts], dtype=np.float32)

    encode.memoised = True
    SentenceEncoderFeaturizer.encode = encode


def _folds(training_data, folds: int, seed: int):
    from sklearn.model_selection import StratifiedKFold

    examples = training_data.intent_examples
    labels = [m.get_full_intent() for m in examples]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(examples, labels):
        yield [examples[i] for i in train_index], [examples[i] for i in test_index]


def _run_fold(steps, base, train_examples, test_examples, test_cache, storage_dir):
    """Train the remaining components on ``train_examples``; predicted intent per test text."""
    from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
    from rasa.shared.nlu.training_data.training_data import TrainingData

    later = [s for s in steps if s[0] not in UNTRAINED_PREFIX and s[0] not in SKIPPED]
    components = _components(later, storage_dir)
    training = TrainingData(
        training_examples=copy.deepcopy(train_examples),
        entity_synonyms=base.entity_synonyms,
        regex_features=base.regex_features,
        lookup_tables=base.lookup_tables,
        responses=base.responses,
    )
    messages = [copy.deepcopy(test_cache[m.get(TEXT)]) for m in test_examples]
    for _, component in components:
        if callable(getattr(component, "train", None)):
            component.train(training)
        _process(component, training, training=True)
    for _, component in components:
        _process(component, messages)
    predicted = []
    for message in messages:
        intent = message.get(INTENT) or {}
        predicted.append(intent.get(INTENT_NAME_KEY) or "None")
    return predicted


def _scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    from sklearn.metrics import f1_score, recall_score

    labels = sorted(set(gold) | set(predicted))
    return {
        "macro_f1": float(f1_score(gold, predicted, labels=labels, average="macro")),
        "oos_recall": float(
            recall_score(gold, predicted, labels=["out_of_scope"], average="macro", zero_division=0)
        ),
        "accuracy": sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", action="append", type=Path, help="config.yml (repeatable)")
    parser.add_argument("--nlu", type=Path, default=Path("data/nlu"))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=0, help="seeds run from this one")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--errors", type=Path, help="write the first config's errors (JSON)")
    args = parser.parse_args(argv)
    configs = args.config or [Path("config.yml")]

    import logging

    logging.disable(logging.WARNING)
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    base = load_data(str(args.nlu))
    texts = sorted({m.get(TEXT) for m in base.intent_examples})
    _memoise_encoder()
    results: dict[str, list[dict[str, float]]] = {}
    errors: list[dict[str, str]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for number, config_path in enumerate(configs):
            steps = _pipeline(config_path)
            spacy_training, test_cache = _spacy_stage(steps, base, texts, Path(tmp) / "spacy")
            name = str(config_path)
            if name in results:  # the same file twice: keep both rows
                name = f"{name} ({number + 1})"
            results[name] = []
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                gold: list[str] = []
                predicted: list[str] = []
                for fold, (train, test) in enumerate(_folds(spacy_training, args.folds, seed)):
                    out = _run_fold(
                        steps,
                        spacy_training,
                        train,
                        test,
                        test_cache,
                        Path(tmp) / f"c{number}s{seed}f{fold}",
                    )
                    gold += [m.get("intent") for m in test]
                    predicted += out
                    if number == 0:
                        errors += [
                            {
                                "text": m.get(TEXT),
                                "intent": m.get("intent"),
                                "predicted": p,
                                "seed": seed,
                            }
                            for m, p in zip(test, out, strict=True)
                            if p != m.get("intent")
                        ]
                scores = _scores(gold, predicted)
                results[name].append(scores)
                print(
                    f"{config_path} seed {seed}: macro-F1 {scores['macro_f1']:.3f}, "
                    f"out_of_scope recall {scores['oos_recall']:.3f} "
                    f"({time.perf_counter() - started:.0f} s)",
                    file=sys.stderr,
                )
    print(_table(results, args.folds))
    if args.errors:
        args.errors.parent.mkdir(parents=True, exist_ok=True)
        args.errors.write_text(json.dumps(errors, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def _table(results: dict[str, list[dict[str, float]]], folds: int) -> str:
    names = list(results)
    base = [r["macro_f1"] for r in results[names[0]]]
    lines = [
        f"{folds}-fold CV, {len(base)} seeds (same folds for every config)",
        "| config | macro-F1 per seed | mean | sd | vs base | OOS recall mean | accuracy mean |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in names:
        f1 = [r["macro_f1"] for r in results[name]]
        diff = statistics.mean(a - b for a, b in zip(f1, base, strict=True))
        lines.append(
            f"| {name} | {' '.join(f'{v:.3f}' for v in f1)} | {statistics.mean(f1):.3f} | "
            f"{statistics.pstdev(f1):.3f} | {diff:+.3f} | "
            f"{statistics.mean(r['oos_recall'] for r in results[name]):.3f} | "
            f"{statistics.mean(r['accuracy'] for r in results[name]):.3f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
