"""The held-out sets' expectations are reachable from the shipped data (issue 13, "Measured honestly").

An expectation the data cannot meet measures the writer, not the assistant: a partner search
expecting a Portuguese energy cluster when the corpus has none, or calls about a word no open call
contains. These tests check every ``partner_results`` and ``call_results`` expectation of every set
of ``bench.understanding`` against knowledge/data (the same files the judge reads), with the
judge's own folding, so a set written from the sources stays answerable when the data changes.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache

import pytest

from bench.understanding import SETS, load_conversations, load_messages
from bench.understanding_judge import REPO_ROOT
from bench.understanding_language import fold

#: Calls whose deadline is on or after this day count as open for the sets: the day the third set
#: was written (the calls snapshot is of August 2026; its topics closing in 2027 stay open longest).
OPEN_FROM = date(2026, 12, 6)


def _jsonl(path: str) -> list[dict]:
    text = (REPO_ROOT / path).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


PROFILES = _jsonl("knowledge/data/clusters/cluster_profiles.jsonl")
CALLS = [
    c
    for c in _jsonl("knowledge/data/calls/ft_portal_topics_2026-08.jsonl")
    if c.get("deadline") and date.fromisoformat(c["deadline"][:10]) >= OPEN_FROM
]


@cache
def _profile_text(profile_id: str) -> str:
    profile = next(p for p in PROFILES if p["id"] == profile_id)
    fields = ("description", "technologies", "sectors", "name")
    return fold(" ".join(json.dumps(profile.get(f) or "", ensure_ascii=False) for f in fields))


@cache
def _call_texts() -> tuple[str, ...]:
    return tuple(_call_text(call) for call in CALLS)


def _call_text(call: dict) -> str:
    return fold(
        " ".join(str(call.get(f) or "") for f in ("title", "keywords", "description", "callTitle"))
    )


def _as_list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def matching_profiles(expect: dict) -> list[dict]:
    """The profiles that meet a ``partner_results`` expectation's country, region, sector, label
    and words (a region matches the profile's region or city)."""
    found = PROFILES
    if country := expect.get("country"):
        found = [p for p in found if p["country"] == country]
    if sector := expect.get("sector"):
        found = [p for p in found if sector in p["sectors"]]
    if label := expect.get("label"):
        found = [p for p in found if fold(label) in fold(p.get("label") or "")]
    if region := expect.get("region"):
        names = [fold(r) for r in _as_list(region)]
        places = lambda p: fold(f"{p.get('region') or ''} {p.get('city') or ''}")  # noqa: E731
        found = [p for p in found if any(n in places(p) for n in names)]
    if words := expect.get("words"):
        found = [p for p in found if any(fold(w) in _profile_text(p["id"]) for w in words)]
    return found


def _expectations(name: str) -> list[tuple[str, dict]]:
    messages, conversations = SETS[name]
    found = [(m["id"], m["expect"]) for m in load_messages(messages)]
    for conversation in load_conversations(conversations):
        for number, turn in enumerate(conversation["turns"], 1):
            found.append((f"{conversation['id']}#{number}", turn["expect"]))
    return found + [(item, o) for item, e in found for o in e.get("or") or []]


#: The sets checked: all of them. ``fresh`` was left out in session 10 because one of its calls
#: expectations (a follow-up "calls on that topic" with no ``words``) counted as met by no call; an
#: expectation without words is met by any shown call (bench/understanding_judge.py), so it needs
#: open calls, not words (session 11: the expectation was right; the check was wrong).
CHECKED = list(SETS)  # every held-out set, a new one included when it is added to SETS


def calls_meeting(expect: dict) -> list[str]:
    """The open calls' texts that meet a ``call_results`` expectation (any call when no words)."""
    words = [fold(w) for w in _as_list(expect.get("words") or [])]
    return [text for text in _call_texts() if not words or any(w in text for w in words)]


@pytest.mark.parametrize("name", CHECKED)
def test_every_partner_expectation_has_a_matching_profile(name):
    missing = [
        (item, expect)
        for item, expect in _expectations(name)
        if expect["kind"] == "partner_results" and not matching_profiles(expect)
    ]
    assert missing == []


@pytest.mark.parametrize("name", CHECKED)
def test_every_calls_expectation_names_words_of_at_least_two_open_calls(name):
    thin = []
    for item, expect in _expectations(name):
        if expect["kind"] == "call_results":
            hits = calls_meeting(expect)
            if len(hits) < 2:
                thin.append((item, expect.get("words"), len(hits)))
    assert thin == []


def test_matching_profiles_applies_every_filter():
    # The Galician automotive cluster holds a gold label; Galicia has no aerospace profile.
    assert matching_profiles({"country": "ES", "region": "Galicia", "label": "gold"})
    assert not matching_profiles(
        {"country": "ES", "region": "Galicia", "sector": "Aerospace & Space"}
    )
    assert not matching_profiles({"country": "PT", "sector": "Energy"})
    assert matching_profiles({"country": "SE", "words": ["paper"]})
    assert not matching_profiles({"country": "SE", "words": ["no such technology word"]})


def test_calls_meeting_reads_words_and_takes_any_open_call_without_them():
    everything = calls_meeting({"kind": "call_results"})
    assert len(everything) == len(CALLS) > 100
    assert 2 <= len(calls_meeting({"kind": "call_results", "words": ["composite"]})) < len(CALLS)
    assert calls_meeting({"kind": "call_results", "words": ["no such call word"]}) == []
