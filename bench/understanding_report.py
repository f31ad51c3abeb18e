"""Tables of a held-out understanding run (bench.understanding): per category and language,
the issue's targets as rates, the failure list, and the floors of the regression gate.

A run is a list of judged turns (:class:`Outcome`); :func:`rates` turns it into the issue's targets
(:data:`TARGETS`, each ``(hits, total)``), which the tables print and the gate in `make test`
(tests/e2e/test_understanding_gate.py) compares with tests/e2e/understanding_floors.yml;
:func:`floors_yaml` writes that file's ``floors:`` block from measured runs minus a margin.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bench.understanding_judge import Verdict
from bench.understanding_language import LANGUAGES


@dataclass
class Outcome:
    """One judged turn (a single message is a one-turn item)."""

    item: str
    category: str
    lang: str
    text: str
    verdict: Verdict | None
    error: str = ""
    seconds: float = 0.0
    reply: str = ""  # the language the reply is expected in, when it is not ``lang``


@dataclass
class Run:
    """Everything measured in one run."""

    singles: list[Outcome] = field(default_factory=list)
    conversations: dict[str, list[Outcome]] = field(default_factory=dict)
    not_run: int = 0


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.0f}% ({hits}/{total})" if total else "-"


def _ok(outcome: Outcome) -> bool:
    return outcome.verdict is not None and outcome.verdict.handled


def _in_lang(outcome: Outcome) -> bool:
    expected = outcome.reply or outcome.lang
    return outcome.verdict is not None and outcome.verdict.language == expected


def table(result: Run) -> str:
    """The markdown tables of a run: per category, per language, headline targets, failures."""
    rows = ["| category | n | handled | replied in language |", "|---|---|---|---|"]
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in result.singles:
        groups[outcome.category].append(outcome)
    turns = [t for conv in result.conversations.values() for t in conv]
    groups["multi_turn (turns)"] = turns
    for name, items in groups.items():
        handled, in_lang = sum(map(_ok, items)), sum(map(_in_lang, items))
        rows.append(f"| {name} | {len(items)} | {_pct(handled, len(items))} | "
                    f"{_pct(in_lang, len(items))} |")  # fmt: skip
    rows += ["", "| language | n | handled | replied in language |", "|---|---|---|---|"]
    for lang in LANGUAGES:
        items = [o for o in result.singles + turns if o.lang == lang]
        rows.append(f"| {lang} | {len(items)} | {_pct(sum(map(_ok, items)), len(items))} | "
                    f"{_pct(sum(map(_in_lang, items)), len(items))} |")  # fmt: skip
    if others := [o for o in result.singles + turns if o.lang not in LANGUAGES]:
        rows.append(f"| other EU (reply: English) | {len(others)} | "
                    f"{_pct(sum(map(_ok, others)), len(others))} | "
                    f"{_pct(sum(map(_in_lang, others)), len(others))} |")  # fmt: skip
    rows += ["", matrix(result), "", headline(result), ""]
    return "\n".join(rows)


def matrix(result: Run) -> str:
    """Single messages handled, per category (rows) and language (columns)."""
    rows = [
        "| handled | " + " | ".join(LANGUAGES) + " |",
        "|---|" + "---|" * len(LANGUAGES),
    ]
    categories = dict.fromkeys(o.category for o in result.singles)
    for category in categories:
        cells = []
        for lang in LANGUAGES:
            items = [o for o in result.singles if o.category == category and o.lang == lang]
            cells.append(f"{sum(map(_ok, items))}/{len(items)}" if items else "-")
        rows.append(f"| {category} | " + " | ".join(cells) + " |")
    turns = [t for conv in result.conversations.values() for t in conv]
    cells = []
    for lang in LANGUAGES:
        convs = [c for c in result.conversations.values() if c and c[0].lang == lang]
        cells.append(f"{sum(all(map(_ok, c)) for c in convs)}/{len(convs)}" if convs else "-")
    if turns:
        rows.append("| conversations | " + " | ".join(cells) + " |")
    return "\n".join(rows)


#: The issue's targets: name -> (label in the headline table, goal).
TARGETS = {
    "facts_right_figure": ("fact questions: right figure and source", ">= 95%"),
    "other_language_handled": ("other-language messages handled", ">= 90%"),
    "replied_in_language": (
        "replied in the user's language (all single messages; other EU languages: English)",
        ">= 95%",
    ),
    "other_language_in_language": ("... of which other-language messages", ">= 95%"),
    "multi_turn": ("multi-turn conversations (every turn handled)", ">= 90%"),
    "out_of_scope_recall": ("out-of-scope recall", ">= 0.9"),
    "out_of_scope_no_leak": ("out-of-scope messages without result payloads", "100%"),
    "not_known_honest": ("unknown programmes answered honestly", "100%"),
    "singles_handled": ("all single messages handled", "-"),
}


def rates(result: Run) -> dict[str, tuple[int, int]]:
    """Every target of :data:`TARGETS` as (hits, total) over a run."""
    singles = result.singles
    facts = [o for o in singles if o.category == "facts"]
    other = [o for o in singles if o.lang != "en"]
    oos = [o for o in singles if o.category == "out_of_scope"]
    unknown = [o for o in singles if o.category == "not_known"]
    convs = list(result.conversations.values())
    return {
        "facts_right_figure": (
            sum(bool(o.verdict and o.verdict.right_figure) for o in facts),
            len(facts),
        ),
        "other_language_handled": (sum(map(_ok, other)), len(other)),
        "replied_in_language": (sum(map(_in_lang, singles)), len(singles)),
        "other_language_in_language": (sum(map(_in_lang, other)), len(other)),
        "multi_turn": (sum(bool(c) and all(map(_ok, c)) for c in convs), len(convs)),
        "out_of_scope_recall": (sum(map(_ok, oos)), len(oos)),
        "out_of_scope_no_leak": (
            sum(not (o.verdict and o.verdict.leak) for o in oos),
            len(oos),
        ),
        "not_known_honest": (sum(map(_ok, unknown)), len(unknown)),
        "singles_handled": (sum(map(_ok, singles)), len(singles)),
    }


def headline(result: Run) -> str:
    """The issue's targets, one line each, as a markdown table."""
    lines = ["| target | measured | goal |", "|---|---|---|"]
    for name, (hits, total) in rates(result).items():
        label, goal = TARGETS[name]
        lines.append(f"| {label} | {_pct(hits, total)} | {goal} |")
    if result.not_run:
        lines.append(f"| items not run (time limit) | {result.not_run} | 0 |")
    return "\n".join(lines)


def failures(result: Run, texts: bool = True) -> str:
    """Every failed turn: id, language, text (unless ``texts`` is False), what was seen, why."""
    lines = []
    outcomes = result.singles + [t for c in result.conversations.values() for t in c]
    for o in outcomes:
        if _ok(o) and _in_lang(o):
            continue
        if o.verdict is None:
            shown = repr(o.text) if texts else "(text withheld)"
            lines.append(f"- {o.item} [{o.lang}] {shown}: ERROR {o.error}")
            continue
        why = "; ".join(o.verdict.reasons) or "handled"
        shown = repr(o.text) if texts else "(text withheld)"
        lines.append(f"- {o.item} [{o.lang}] {shown}: saw {o.verdict.kind}, "
                     f"reply language {o.verdict.language}; {why}")  # fmt: skip
    return "\n".join(lines)


def floors_yaml(runs: dict[str, Run], margin: float) -> str:
    """The ``floors:`` block of tests/e2e/understanding_floors.yml: measured rates minus ``margin``.

    Args:
        runs: Measured runs by set name.
        margin: Subtracted from every measured rate (e.g. 0.03 for 3 points), floored at 0.

    Returns:
        YAML text, one ``target: floor  # measured hits/total`` line per target and set.
    """
    lines = ["floors:"]
    for name, result in runs.items():
        lines.append(f"  {name}:")
        for target, (hits, total) in rates(result).items():
            rate = hits / total if total else 0.0
            floor = max(0.0, int((rate - margin) * 1000) / 1000)
            lines.append(f"    {target}: {floor:.3f}  # measured {hits}/{total} = {rate:.3f}")
    return "\n".join(lines) + "\n"
