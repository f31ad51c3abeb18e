"""Intent classification on held-out texts, per pipeline variant: English gate and other languages.

Usage (Rasa environment, repo root)::

    .venv/rasa/bin/python -m bench.nlu_heldout --config config.yml --config var/usem3.yml

For every ``--config``, trains the pipeline in-process on all of ``data/nlu`` (as
:mod:`bench.nlu_cv` trains a fold: the spaCy part once, then every component up to the intent
classifier; ResponseSelector and FallbackClassifier left out) and reports:

- the held-out split ``tests/nlu/heldout.yml`` (what ``make nlu-eval`` gates with
  ``bot.nlu.gate``): intent macro-F1, out_of_scope recall, accuracy;
- the languages: the single messages of ``tests/eval/understanding.yml`` whose category names an
  intent (partners -> find_partners, calls -> find_calls, facts -> ask_instrument or
  ask_cluster_facts, faq -> faq, out_of_scope -> out_of_scope), with the model trained once more
  without the ``--drop-intent`` examples (default ``other_language``: the intent that sends every
  non-English message to a notice, which the language work removes), as the share of messages
  predicted as their category's intent, per language.

Also printed per config: the held-out F1 of every intent (the gate's per-intent table), and the
intent predicted for each ``--probe`` text by the model trained on all of ``--nlu`` (e.g. the e2e
canary "How much money did the COSME calls for cluster excellence provide?").

Measuring only: neither file is trained on, and nothing here was used to choose a setting other
than the encoder the table compares.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

from bench.nlu_cv import _memoise_encoder, _pipeline, _run_fold, _scores, _spacy_stage

CATEGORY_INTENTS = {
    "partners": ("find_partners",),
    "calls": ("find_calls",),
    "facts": ("ask_instrument", "ask_cluster_facts"),
    "faq": ("faq",),
    "out_of_scope": ("out_of_scope",),
}
LANGS = ("en", "de", "fr", "es", "it", "pl", "nl", "pt")


def _understanding(path: Path) -> list[dict]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [m for m in document.get("messages") or [] if m.get("category") in CATEGORY_INTENTS]


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", action="append", type=Path, help="config.yml (repeatable)")
    parser.add_argument("--nlu", type=Path, default=Path("data/nlu"))
    parser.add_argument("--heldout", type=Path, default=Path("tests/nlu/heldout.yml"))
    parser.add_argument("--understanding", type=Path, default=Path("tests/eval/understanding.yml"))
    parser.add_argument("--drop-intent", default="other_language")
    parser.add_argument(
        "--probe",
        action="append",
        default=[],
        help="a text whose predicted intent (model trained on all of --nlu) is printed per config "
        "(repeatable; e.g. the e2e canary questions)",
    )
    args = parser.parse_args(argv)
    configs = args.config or [Path("config.yml")]

    import logging

    logging.disable(logging.WARNING)
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    base = load_data(str(args.nlu))
    heldout = load_data(str(args.heldout)).intent_examples
    messages = _understanding(args.understanding)
    texts = sorted(
        {m.get(TEXT) for m in (*base.intent_examples, *heldout)}
        | {m["text"] for m in messages}
        | set(args.probe)
    )
    _memoise_encoder()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, config in enumerate(configs):
            steps = _pipeline(config)
            training, cache = _spacy_stage(steps, base, texts, Path(tmp) / f"spacy{number}")
            examples = training.intent_examples
            predicted = _run_fold(
                steps, training, examples, heldout, cache, Path(tmp) / f"h{number}"
            )
            gold = [m.get("intent") for m in heldout]
            scores = _scores(gold, predicted)
            print(f"{config}: held-out F1 per intent: {_per_intent(gold, predicted)}")
            if args.probe:
                probes = [_Probe(text) for text in args.probe]
                answers = _run_fold(
                    steps, training, examples, probes, cache, Path(tmp) / f"p{number}"
                )
                for text, answer in zip(args.probe, answers, strict=True):
                    print(f"{config}: probe {text!r} -> {answer}")
            kept = [m for m in examples if m.get("intent") != args.drop_intent]
            probes = [_Probe(m["text"]) for m in messages]
            guesses = _run_fold(steps, training, kept, probes, cache, Path(tmp) / f"x{number}")
            right: dict[str, list[int]] = defaultdict(list)
            for message, guess in zip(messages, guesses, strict=True):
                ok = guess.split("/")[0] in CATEGORY_INTENTS[message["category"]]
                right[message["lang"]].append(int(ok))
            rows.append((str(config), scores, right))
            print(f"{config}: done", file=sys.stderr)
    print(_table(rows, args.drop_intent))
    return 0


def _per_intent(gold: list[str], predicted: list[str]) -> str:
    """``intent F1 (n)`` of every intent of the held-out split, as ``bot.nlu.gate`` lists them."""
    from sklearn.metrics import f1_score

    labels = sorted(set(gold))
    values = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    return ", ".join(
        f"{label} {value:.3f} ({gold.count(label)})"
        for label, value in zip(labels, values, strict=True)
    )


class _Probe:
    """A held-out text in the shape :func:`bench.nlu_cv._run_fold` reads (``get(TEXT)``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def get(self, key: str, default=None):
        return self.text if key == "text" else default


def _table(rows, dropped: str) -> str:
    head = (
        "| config | held-out macro-F1 | held-out oos recall | held-out accuracy | "
        + " | ".join(LANGS)
        + " | xx mean |\n|---|---|---|---|"
        + "---|" * (len(LANGS) + 1)
    )
    lines = [head]
    for name, scores, right in rows:
        share = {lang: sum(right[lang]) / len(right[lang]) for lang in LANGS if right[lang]}
        other = [share[lang] for lang in LANGS[1:] if lang in share]
        cells = " | ".join(f"{share.get(lang, 0):.2f}" for lang in LANGS)
        lines.append(
            f"| {name} | {scores['macro_f1']:.3f} | {scores['oos_recall']:.3f} | "
            f"{scores['accuracy']:.3f} | {cells} | {sum(other) / len(other):.2f} |"
        )
    lines.append(
        f"\nLanguages: share of understanding.yml messages predicted as their category's intent, "
        f"trained without `{dropped}`."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
