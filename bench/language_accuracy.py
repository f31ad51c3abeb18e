"""Language identification on every labelled text of the project: training and evaluation data.

Usage (Rasa environment)::

    python -m bench.language_accuracy                 # right / undecided / wrong per language
    python -m bench.language_accuracy --wrong de it   # also list the misses of these languages

Owns measuring ``bot.nlu.language.identify_language`` as the product calls it: with the spans of
the gazetteer entities found before it (the project's spaCy pipeline ``var/spacy/cluster_en``,
whose EntityRuler Rasa's ``SpacyEntityExtractor`` reads) passed as ``skip``. Every text whose
language is known counts: the training data (``data/nlu/*.yml`` English except the language
switch requests and the privacy requests, which are in eight languages, ``data/nlu/languages/<code>.yml``) and the evaluation sets of ``tests/eval``
that name a language per text (language_id, understanding, understanding2, conversations,
conversations2, crosslingual, crosslingual_eu, fact_questions_languages, fact_questions_eu).

Right: the detector names the text's language. Undecided: ``None`` (the conversation keeps its
language; English on a first message). Wrong: another language. For English, undecided is what
short English gets by design, so English's "right" counts both.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
NLU_DIR = REPO_ROOT / "data" / "nlu"
EVAL_DIR = REPO_ROOT / "tests" / "eval"
SPACY_MODEL = REPO_ROOT / "var" / "spacy" / "cluster_en"
REPLY = ("de", "fr", "es", "it", "pl", "nl", "pt")
_MARKUP = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


def _examples(block: dict) -> list[str]:
    return [
        _MARKUP.sub(r"\1", line.strip()[2:].strip())
        for line in str(block.get("examples") or "").splitlines()
        if line.strip().startswith("- ")
    ]


def training_texts() -> Iterator[tuple[str, str, str]]:
    """``(source, language, text)`` of the NLU training data."""
    for path in sorted(NLU_DIR.glob("*.yml")):
        if path.name in ("language.yml", "privacy.yml"):  # eight languages, not labelled per text
            continue
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if block.get("intent"):
                yield from (("train", "en", text) for text in _examples(block))
    for path in sorted((NLU_DIR / "languages").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if block.get("intent"):
                yield from (("train", path.stem, text) for text in _examples(block))


def _load(name: str) -> dict:
    return yaml.safe_load((EVAL_DIR / name).read_text(encoding="utf-8")) or {}


def eval_texts() -> Iterator[tuple[str, str, str]]:
    """``(source, language, text)`` of the evaluation sets that name each text's language."""
    for block in _load("language_id.yml").get("nlu") or []:
        code = (block.get("metadata") or {}).get("language")
        yield from (("eval", code, text) for text in _examples(block))
    for name in ("understanding.yml", "understanding2.yml"):
        for item in _load(name).get("messages") or []:
            yield "eval", item["lang"], item["text"]
    for name in ("conversations.yml", "conversations2.yml"):
        for item in _load(name).get("conversations") or []:
            for turn in item.get("turns") or []:
                yield "eval", turn.get("lang") or item["lang"], turn["text"]
    for name in ("crosslingual.yml", "crosslingual_eu.yml"):
        for query in _load(name).get("queries") or []:
            for code, text in (query.get("texts") or {}).items():
                yield "eval", code, text
    for name in ("fact_questions_languages.yml", "fact_questions_eu.yml"):
        document = _load(name)
        for key in ("answerable", "not_known"):
            for item in document.get(key) or []:
                if isinstance(item, dict) and item.get("lang") and item.get("q"):
                    yield "eval", item["lang"], item["q"]


def entity_spans(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """The gazetteer entities of each text, ``(start, end, type)`` (none when the spaCy
    pipeline is not built)."""
    if not SPACY_MODEL.exists():
        print(f"warning: {SPACY_MODEL} missing, no entity spans", file=sys.stderr)
        return [[] for _ in texts]
    import spacy

    nlp = spacy.load(SPACY_MODEL)
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def _outcome(code: str, found: str | None) -> str:
    if found == code or (code == "en" and found is None):
        return "right"
    return "undecided" if found is None else "wrong"


def grid(items: list[tuple[str, str, str]], spans: list) -> int:
    """Right and wrong, training and evaluation, for each short-message setting (chosen on
    the training rows: most reply-language texts right with no more English texts wrong)."""
    from bot.nlu import language, language_votes

    print(
        "| weight | margin | place votes | train reply right | train reply wrong | "
        "train en wrong | eval reply right | eval other EU right | eval en wrong |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for weight in (0.5, 1.0, 1.5, 2.0):
        for margin in (1.2, 1.5, 2.0):
            for places in (False, True):
                language.FUNCTION_WORD_WEIGHT = weight
                language.SHORT_MARGIN = margin
                language_votes.PLACE_NAME_VOTES = places
                tally: Counter[str] = Counter()
                for (source, code, text), skip in zip(items, spans, strict=True):
                    group = "en" if code == "en" else "reply" if code in REPLY else "other"
                    tally[
                        f"{source} {group} {_outcome(code, language.identify_language(text, skip))}"
                    ] += 1
                print(
                    f"| {weight} | {margin} | {places} | {tally['train reply right']} | "
                    f"{tally['train reply wrong']} | {tally['train en wrong']} | "
                    f"{tally['eval reply right']} | {tally['eval other right']} | "
                    f"{tally['eval en wrong']} |"
                )
    return 0


def conversation_turns() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """``(conversation id, [(language, text), ...])`` of the held-out conversations."""
    for name in ("conversations.yml", "conversations2.yml"):
        for item in _load(name).get("conversations") or []:
            turns = [(t.get("lang") or item["lang"], t["text"]) for t in item.get("turns") or []]
            yield item["id"], turns


def conversations() -> int:
    """Per language, the turns of the held-out conversations whose conversation language
    (:func:`i18n.conversation.conversation_language` over the detector's parse data, as the
    replies read it) is the turn's language."""
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.language import LANGUAGE_PROPERTY, LanguageDetector
    from i18n.conversation import conversation_language

    detector = LanguageDetector({})
    items = list(conversation_turns())
    texts = [text for _, turns in items for _, text in turns]
    spans = iter(entity_spans(texts))
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for _, turns in items:
        history: list[dict] = []
        for code, text in turns:
            entities = [
                {"entity": label, "start": start, "end": end, "value": text[start:end]}
                for start, end, label in next(spans)
            ]
            message = Message(data={"text": text, "entities": entities})
            detector.process([message])
            history.insert(0, {LANGUAGE_PROPERTY: message.get(LANGUAGE_PROPERTY)})
            tally[code]["right" if conversation_language(history) == code else "wrong"] += 1
    print("| language | turns | conversation language right |")
    print("|---|---|---|")
    for code, counts in sorted(tally.items()):
        n = sum(counts.values())
        print(f"| {code} | {n} | {counts['right']} ({100 * counts['right'] / n:.0f}%) |")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Print right/undecided/wrong per language and source; list misses on request."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wrong", nargs="*", default=[], help="languages whose misses to list")
    parser.add_argument("--grid", action="store_true", help="sweep the short-message settings")
    parser.add_argument(
        "--untyped", action="store_true", help="(start, end) spans, as the detector before s9 took"
    )
    parser.add_argument(
        "--conversations", action="store_true", help="the conversation language per turn"
    )
    parser.add_argument(
        "--thin",
        action="store_true",
        help="the language the detector component decides (bot.nlu.language.message_language: "
        "thin one-language evidence decides too)",
    )
    args = parser.parse_args(argv)
    if args.conversations:
        return conversations()
    from bot.nlu.language import identify_language, message_language

    items = list(dict.fromkeys([*training_texts(), *eval_texts()]))
    spans = entity_spans([text for _, _, text in items])
    if args.untyped:
        spans = [[(start, end) for start, end, _ in found] for found in spans]
    if args.grid:
        return grid(items, spans)
    tally: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    misses = []
    for (source, code, text), skip in zip(items, spans, strict=True):
        found = message_language(text, skip)[0] if args.thin else identify_language(text, skip)
        outcome = _outcome(code, found)
        tally[(source, code)][outcome] += 1
        if outcome != "right" and code in args.wrong:
            misses.append(f"{source} {code} -> {found}: {text}")
    print("| source | language | texts | right | undecided | wrong | right % |")
    print("|---|---|---|---|---|---|---|")
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for (source, code), counts in sorted(tally.items()):
        n = sum(counts.values())
        group = "reply" if code in REPLY else code
        group = "other EU" if group not in ("reply", "en") else group
        totals[f"{source} {group}"].update(counts)
        print(
            f"| {source} | {code} | {n} | {counts['right']} | {counts['undecided']} | "
            f"{counts['wrong']} | {100 * counts['right'] / n:.1f} |"
        )
    for key, counts in sorted(totals.items()):
        n = sum(counts.values())
        print(
            f"| **{key}** | | {n} | {counts['right']} | {counts['undecided']} | "
            f"{counts['wrong']} | {100 * counts['right'] / n:.1f} |"
        )
    for line in misses:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
