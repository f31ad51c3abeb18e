"""Calls requests in ten languages: the request's frame words left out of the query or not.

Usage::

    python -m bench.calls_requests          # nDCG@10 / hit@5 per language, before and after
    python -m bench.calls_requests --e5     # CS and SV with e5's hook, as the product does

The set (``tests/eval/calls_requests.yml``, session 12) holds calls requests as SMEs write them,
frame and all ("Gibt es offene Ausschreibungen zur Kreislaufwirtschaft?", "Jsou otevřené výzvy
na oběhové hospodářství?"), ten topics of the calls snapshot in EN DE FR ES IT PL NL PT CS SV.
The calls texts of the older sets (``crosslingual.yml``, ``topic_queries.yml``,
``calls_topic_queries.yml``: mostly a topic alone) are measured the same way, for regressions.
Each text is searched with the product's calls path of its language (the multilingual hook plus
the title signal, :class:`bench.calls_topic.CallsSearches`, way ``titles``):

- ``before``: the message as written (what the product embeds for another language);
- ``after``: the message without its frame words (:func:`knowledge.calls.request_frame.topic_text`).

English goes through the product's English topic words (:func:`actions.funding.calls.call_request`)
both times.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bench.calls_topic import CallsSearches, _sets, scores
from bench.topic_terms import Searches, load_topics, table, topic_items
from knowledge.calls.request_frame import topic_text
from knowledge.config import REPO_ROOT

REQUESTS_SET = REPO_ROOT / "tests" / "eval" / "calls_requests.yml"


def _english_query(text: str) -> str:
    from actions.funding.calls import call_request

    return call_request(text, []).query or text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--e5", action="store_true", help="the e5 languages with e5's hook")
    args = parser.parse_args(argv)
    calls = CallsSearches(Searches(), e5=args.e5)
    calls.product = args.e5
    sets = {"calls_requests.yml": topic_items(load_topics(REQUESTS_SET)), **_sets()}
    for name, items in sets.items():
        items = [i for i in items if i[1] == "calls"]
        before = [(lang, c, _english_query(t) if lang == "en" else t, r) for lang, c, t, r in items]
        after = [
            (lang, c, _english_query(t) if lang == "en" else topic_text(t, lang), r)
            for lang, c, t, r in items
        ]
        title = f"{name}, frame words left out"
        print(table(title, scores(calls, before, "titles"), scores(calls, after, "titles")))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
