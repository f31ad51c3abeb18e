"""Near-duplicates between evaluation messages and NLU training data (the held-out guard).

Owns the rule "an evaluation message never near-duplicates a training message": reading the user
messages of Rasa YAML files, normalising them, and finding the pairs that are too close.

Reads:

* Rasa NLU files (``nlu:`` with ``intent`` and ``examples``, either a ``|`` block of ``- `` lines
  or a list of ``{text: ...}``); lookup-table entries count as training texts (the model gets a
  feature for each); synonym entries count only when a message equals one after normalising (a
  bare "netherlands" is a gazetteer name the pipeline is built from, while "clusters in the
  Netherlands" merely contains one); regexes are entity data and are skipped. Entity markup ``[text](entity)``, ``[text](entity:value)``,
  ``[text]{"entity": ...}`` and ``[text][{...}, ...]`` is reduced to its plain ``text``.
* Rasa stories and rules (``stories:``/``rules:``): every ``user:`` step with its ``intent``.
  ``tests/stories`` is run with ``rasa test core --e2e``, so its user texts go through the NLU
  model and are evaluation data as well.
* Labelled search sets of ``tests/eval`` (``queries:`` with a ``query`` each, or with ``texts``:
  one phrasing per language, e.g. ``{en: ..., de: ...}``, as in ``crosslingual.yml``) and the
  fact-question sets (``answerable:`` / ``not_known:`` with a ``q`` each).
* The held-out understanding sets run over REST by ``bench/understanding.py``: single messages
  (``messages:`` with a ``text`` each, ``understanding.yml``) and conversations
  (``conversations:``, each with ``turns:`` of ``{text: ...}``, ``conversations.yml``).

Normalising case-folds, keeps accents, deletes apostrophes, turns every other punctuation
character into a space and collapses whitespace. Two messages are a pair when they are equal after
that, or when ``difflib.SequenceMatcher(...).ratio()`` of the normalised texts (characters) is at
least the threshold (0.85 by default). difflib's ratio stays the measure (the threshold means what
it meant when the guard was written), but it is computed only for the candidates that rapidfuzz's
Indel similarity, ``2 * LCS / (len_a + len_b)``, puts at or above the threshold: the matching
blocks difflib finds are a common subsequence, so their length is at most the longest one's and the
Indel similarity is an upper bound of the ratio; no pair is lost. rapidfuzz compares every
evaluation message with every training message in C++ on every core (``process.cdist``), which
takes the guard from about four minutes of pure-Python bounds (``quick_ratio``) to seconds
(docs/benchmarks.md, "The overlap guard").

Usage::

    python -m bot.nlu.overlap EVAL.yml [EVAL2.yml ...] [--train data/nlu] [--threshold 0.85]

prints every pair with its score and exits 1 when there is any, 0 when there is none.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

#: libyaml's safe loader when PyYAML was built with it (the same documents from every file of
#: data/, domain/, tests/nlu and tests/eval, at about a seventh of the pure-Python loader's CPU
#: time; docs/benchmarks.md "s15-speed15"), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

THRESHOLD = 0.85
#: The held-out sets that only their writer has read (the fourth set on): the guard names the file
#: and line of a clash but never prints their text, so whoever rewords a training example to clear
#: the guard does not learn the held-out phrasing.
UNREAD_SET = re.compile(r"(?:understanding|conversations)(?:[4-9]|[1-9]\d+)\.yml$")
TRAIN_DIR = Path("data/nlu")

# [text](entity) / [text](entity:value) / [text]{"entity": ...} / [text][{...}, {...}]
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\])")
_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Message:
    """One user message read from a data file.

    Attributes:
        text: The plain text (entity markup removed).
        intent: Its intent label, or None when the file has none (search sets).
        source: ``path:line`` where it was read.
        exact_only: Only an equal message is its duplicate (an entity synonym entry).
    """

    text: str
    intent: str | None
    source: str
    exact_only: bool = False

    @property
    def normalised(self) -> str:
        """The text as compared (see :func:`normalise`)."""
        return normalise(self.text)


@dataclass(frozen=True)
class Pair:
    """An evaluation message too close to a training message.

    Attributes:
        evaluation: The evaluation message.
        training: The training message it resembles.
        score: SequenceMatcher ratio of the normalised texts (1.0 when they are equal).
    """

    evaluation: Message
    training: Message
    score: float

    @property
    def exact(self) -> bool:
        """True when the two texts are equal after normalising."""
        return self.evaluation.normalised == self.training.normalised

    def describe(self) -> str:
        """One readable line per pair, for the CLI and the guard test."""
        kind = "EXACT" if self.exact else f"{self.score:.3f}"
        source = str(self.evaluation.source)
        shown = (
            "(text withheld: an unread held-out set)"
            if UNREAD_SET.search(source.split(":")[0])
            else repr(self.evaluation.text)
        )
        return (
            f"{kind}  {source} [{self.evaluation.intent}] {shown}\n"
            f"       ~ {self.training.source} [{self.training.intent}] {self.training.text!r}"
        )


def strip_entities(text: str) -> str:
    """Reduce Rasa entity markup to the annotated text.

    Args:
        text: A training or test example, e.g. ``partners for [hydrogen](technology)``.

    Returns:
        The plain message, e.g. ``partners for hydrogen``.
    """
    return _ENTITY.sub(r"\1", text)


def normalise(text: str) -> str:
    """Normalise a message for comparison.

    Case-folded, accents kept, apostrophes deleted (``what's`` = ``whats``), every other
    punctuation character (Unicode category P*) replaced by a space, whitespace collapsed.

    Args:
        text: A plain message (entity markup is stripped here as well).

    Returns:
        The normalised text.
    """
    chars = []
    for char in strip_entities(text).casefold():
        if char in _APOSTROPHES:
            continue
        chars.append(" " if unicodedata.category(char).startswith("P") else char)
    return _SPACES.sub(" ", "".join(chars)).strip()


def _line_numbers(raw: str) -> dict[str, int]:
    """Map each stripped line (without a leading ``- ``) to its first line number."""
    lines: dict[str, int] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        key = line.strip()
        key = key[2:].strip() if key.startswith("- ") else key
        lines.setdefault(key, number)
    return lines


def _first_line_containing(raw: str, text: str) -> int:
    """The number of the first line containing ``text`` (0 when none does)."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if text and text in line:
            return number
    return 0


#: Lists of ``{q: question, ...}`` in the fact-answering sets (tests/eval/fact_questions*.yml).
FACT_QUESTION_KEYS = ("answerable", "not_known")
#: Top-level keys of the held-out understanding sets (tests/eval/understanding.yml, conversations.yml).
HELDOUT_SET_KEYS = ("messages", "conversations")


def _example_texts(examples: object) -> Iterator[str]:
    """The example strings of an NLU item, from a ``|`` block or a list of ``{text: ...}``."""
    if isinstance(examples, str):
        for line in examples.splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield line[2:].strip()
    elif isinstance(examples, list):
        for item in examples:
            text = item.get("text") if isinstance(item, dict) else item
            if isinstance(text, str) and text.strip():
                yield text.strip().removeprefix("- ").strip()


def _raw_messages(document: dict) -> Iterator[tuple[str, str | None]]:
    """Yield ``(raw text, intent)`` for every user message in a parsed YAML document."""
    for item in document.get("nlu") or []:
        if isinstance(item, dict) and "intent" in item:
            for text in _example_texts(item.get("examples")):
                yield text, item["intent"]
        elif isinstance(item, dict) and "lookup" in item:
            # A lookup table's entries are features the model is trained with ("danke",
            # "au revoir"): an evaluation message equal to one is not held out.
            for text in _example_texts(item.get("examples")):
                yield text, None
    for key in ("stories", "rules"):
        for story in document.get(key) or []:
            for step in (story or {}).get("steps") or []:
                if isinstance(step, dict) and isinstance(step.get("user"), str):
                    yield step["user"].strip(), step.get("intent")
    for query in document.get("queries") or []:
        if not isinstance(query, dict):
            continue
        if isinstance(query.get("query"), str):
            yield query["query"].strip(), None
        texts = query.get("texts")
        if isinstance(texts, dict):
            for text in texts.values():
                if isinstance(text, str) and text.strip():
                    yield text.strip(), None
    for key in FACT_QUESTION_KEYS:
        for question in document.get(key) or []:
            if isinstance(question, dict) and isinstance(question.get("q"), str):
                yield question["q"].strip(), None
    yield from _heldout_texts(document)


def _heldout_texts(document: dict) -> Iterator[tuple[str, None]]:
    """The texts of ``messages:`` items and of every turn of ``conversations:`` items."""
    items = list(document.get("messages") or [])
    for conversation in document.get("conversations") or []:
        if isinstance(conversation, dict):
            items.extend(conversation.get("turns") or [])
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
            yield item["text"].strip(), None


def read_file(path: Path) -> list[Message]:
    """Read the user messages of one Rasa YAML or search-set file.

    Args:
        path: A ``.yml``/``.yaml`` file.

    Returns:
        Its messages in file order; empty when the file holds none of the known formats.
    """
    raw = path.read_text(encoding="utf-8")
    document = yaml.load(raw, Loader=SAFE_LOADER)
    if not isinstance(document, dict):
        return []
    lines = _line_numbers(raw)
    messages = []
    for text, intent in _raw_messages(document):
        first_line = text.splitlines()[0].strip() if text else ""
        line = lines.get(first_line) or _first_line_containing(raw, first_line)
        messages.append(Message(strip_entities(text).strip(), intent, f"{path}:{line}"))
    for item in document.get("nlu") or []:
        if isinstance(item, dict) and "synonym" in item:
            for text in _example_texts(item.get("examples")):
                line = lines.get(text) or _first_line_containing(raw, text)
                messages.append(Message(text, None, f"{path}:{line}", exact_only=True))
    return messages


def read_messages(paths: Iterable[Path | str]) -> list[Message]:
    """Read the user messages of files and of every YAML file under directories.

    Args:
        paths: Files or directories (searched recursively for ``*.yml`` and ``*.yaml``).

    Returns:
        All messages, files in sorted order.
    """
    messages: list[Message] = []
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in {".yml", ".yaml"})
        else:
            files = [path]
        for file in files:
            messages.extend(read_file(file))
    return messages


#: Evaluation messages compared with the whole training set at a time (bounds cdist's matrix).
_CHUNK = 512
#: Slack under the threshold for the float32 upper bound (rounding must never drop a candidate).
_SLACK = 1e-6


def _candidates(
    evaluation: list[str], training: list[str], threshold: float
) -> Iterator[tuple[int, int]]:
    """Index pairs whose Indel similarity (an upper bound of difflib's ratio) reaches ``threshold``."""
    if not evaluation or not training:
        return
    for start in range(0, len(evaluation), _CHUNK):
        scores = cdist(
            evaluation[start : start + _CHUNK],
            training,
            scorer=Indel.normalized_similarity,
            score_cutoff=min(max(threshold - _SLACK, 0.0), 1.0),
            dtype=np.float32,
            workers=-1,
        )
        for row, column in zip(*np.nonzero(scores), strict=True):
            yield start + int(row), int(column)


def find_overlaps(
    evaluation: Iterable[Message], training: Iterable[Message], threshold: float = THRESHOLD
) -> list[Pair]:
    """Find every evaluation/training pair equal after normalising or at least ``threshold`` alike.

    Args:
        evaluation: The messages that must stay unseen.
        training: The messages the model learns from.
        threshold: Minimum SequenceMatcher ratio of the normalised texts (0..1).

    Returns:
        The pairs, most similar first.
    """
    evaluation = list(evaluation)
    texts = [message.normalised for message in evaluation]
    equal: dict[str, list[Message]] = {}
    fuzzy: list[Message] = []
    for message in training:
        equal.setdefault(message.normalised, []).append(message)
        if not message.exact_only:
            fuzzy.append(message)
    pairs = [
        Pair(message, candidate, 1.0)
        for message, text in zip(evaluation, texts, strict=True)
        for candidate in equal.get(text, ())
    ]
    others = [message.normalised for message in fuzzy]
    matcher = difflib.SequenceMatcher(autojunk=False)
    for row, column in _candidates(texts, others, threshold):
        text, other = texts[row], others[column]
        if text == other:  # already paired above
            continue
        matcher.set_seqs(other, text)
        score = matcher.ratio()
        if score >= threshold:
            pairs.append(Pair(evaluation[row], fuzzy[column], score))
    pairs.sort(key=lambda pair: (-pair.score, pair.evaluation.source, pair.training.source))
    return pairs


def main(argv: list[str] | None = None) -> int:
    """CLI: list the near-duplicates of evaluation files in the training data.

    Args:
        argv: Command-line arguments (default ``sys.argv[1:]``).

    Returns:
        1 when any pair is found, 0 otherwise.
    """
    parser = argparse.ArgumentParser(
        prog="python -m bot.nlu.overlap", description=__doc__.split("\n")[0]
    )
    parser.add_argument("evaluation", nargs="+", help="evaluation YAML files or directories")
    parser.add_argument(
        "--train", nargs="+", default=[str(TRAIN_DIR)], help="training files or directories"
    )
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="minimum similarity")
    args = parser.parse_args(argv)
    evaluation = read_messages(args.evaluation)
    training = read_messages(args.train)
    pairs = find_overlaps(evaluation, training, args.threshold)
    for pair in pairs:
        print(pair.describe())
    exact = sum(pair.exact for pair in pairs)
    flagged = len({pair.evaluation for pair in pairs})
    print(
        f"{len(evaluation)} evaluation messages, {len(training)} training messages: "
        f"{flagged} evaluation messages in {len(pairs)} pairs >= {args.threshold} "
        f"({exact} exact after normalising)"
    )
    return 1 if pairs else 0


if __name__ == "__main__":
    sys.exit(main())
