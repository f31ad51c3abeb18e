"""The topic of a FAQ question: the intent classifier's topics against a topic-only model.

Usage (Rasa environment, repo root; a few minutes of CPU, nothing written to models/)::

    .venv/rasa/bin/python -m bench.faq_topics15 [--per-question]

Since session 14 the answer of a ``faq`` message is the best topic of the intent classifier
(:class:`bot.nlu.topic_selector.TopicSelector` over the ``faq/<topic>`` classes of
:class:`bot.nlu.linear_intent.LinearIntentClassifier`), where Rasa's ResponseSelector trained a
model of its own on the FAQ examples alone. This bench fits, in one process and with the
project's own components (as :mod:`bench.nlu_cv` does), the pipeline of config.yml up to the
classifier on all of data/nlu, then a second logistic regression on the FAQ examples only, over
the classifier's own feature matrix (same blocks, TF-IDF and weights), and compares the topic
each gives to the FAQ questions of ``tests/eval/dev_faq15.yml`` and of the FAQ items of
``tests/eval/dev_facts_faq.yml`` (dev sets; the classifier is never trained on them).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from bench.nlu_cv import SKIPPED, UNTRAINED_PREFIX, _components, _pipeline, _process, _spacy_stage

DEV_SETS = (Path("tests/eval/dev_faq15.yml"), Path("tests/eval/dev_facts_faq.yml"))
FAQ = "faq"


def dev_questions() -> list[dict]:
    """The FAQ questions of the dev sets: id, lang, text, topic."""
    found = []
    for path in DEV_SETS:
        for m in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]:
            topic = m.get("topic") or (m.get("expect") or {}).get("topic")
            if m.get("category", FAQ) == FAQ and topic:
                found.append({"id": m["id"], "lang": m["lang"], "text": m["text"], "topic": topic})
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("config.yml"))
    parser.add_argument("--nlu", type=Path, default=Path("data/nlu"))
    parser.add_argument("--C", type=float, default=None, help="topic model's C (default: config's)")
    parser.add_argument("--per-question", action="store_true")
    args = parser.parse_args(argv)

    import copy
    import logging

    import numpy as np
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.linear_model import LogisticRegression

    from bot.nlu.linear_intent import RETRIEVAL_RANKING_KEY, LinearIntentClassifier, sentence_blocks

    logging.disable(logging.WARNING)
    started = time.perf_counter()
    base = load_data(str(args.nlu))
    questions = dev_questions()
    steps = _pipeline(args.config)
    with tempfile.TemporaryDirectory() as tmp:
        training, cache = _spacy_stage(steps, base, [q["text"] for q in questions], Path(tmp) / "s")
        later = [s for s in steps if s[0] not in UNTRAINED_PREFIX and s[0] not in SKIPPED]
        components = _components(later, Path(tmp) / "c")
        for _, component in components:
            if callable(getattr(component, "train", None)):
                component.train(training)
            _process(component, training, training=True)
        messages = [copy.deepcopy(cache[q["text"]]) for q in questions]
        for _, component in components:
            _process(component, messages)
        clf = next(c for _, c in components if isinstance(c, LinearIntentClassifier))
        model = clf._model
        faq_examples = [m for m in training.intent_examples if m.get(INTENT) == FAQ and m.get(TEXT)]
        rows = [sentence_blocks(m) for m in faq_examples]
        features = clf._matrix(rows, model["layout"], model["idf"])
        labels = [m.get_full_intent() for m in faq_examples]
        c_value = args.C if args.C is not None else float(clf.config["C"])
        topic_model = LogisticRegression(C=c_value, max_iter=int(clf.config["max_iter"]))
        topic_model.fit(features, labels)
        dev_features = clf._matrix(
            [sentence_blocks(m) for m in messages], model["layout"], model["idf"]
        )
        own = topic_model.predict(dev_features)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for q, message, mine in zip(questions, messages, own, strict=True):
        ranking = (message.get(RETRIEVAL_RANKING_KEY) or {}).get(FAQ) or [{}]
        shared = str(ranking[0].get("name") or "").removeprefix("faq/")
        alone = str(mine).removeprefix("faq/")
        for key in (q["lang"] if q["lang"] == "en" else "other", "all"):
            counts[key][0] += 1
            counts[key][1] += shared == q["topic"]
            counts[key][2] += alone == q["topic"]
        if shared != q["topic"] or alone != q["topic"]:
            misses.append(f"- {q['id']} ({q['topic']}): classifier {shared}, topic-only {alone}")
    print(f"FAQ examples {len(faq_examples)}, topics {len(set(labels))}, C {c_value}")
    print("| questions | n | classifier's topics (TopicSelector) | topic-only model |")
    print("|---|---|---|---|")
    for key in ("en", "other", "all"):
        n, a, b = counts[key]
        print(f"| {key} | {n} | {a}/{n} | {b}/{n} |")
    if args.per_question:
        print("\n".join(misses))
    print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    _ = np
    return 0


if __name__ == "__main__":
    sys.exit(main())
