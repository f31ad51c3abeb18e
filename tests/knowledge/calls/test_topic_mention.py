"""Calls that name the asked topic come first (knowledge/calls/topic_mention.py, session 17).

Hand-made calls: a broad energy call the meaning-based ranking puts first, and narrower calls
that name wind, tidal power or air quality; then the shipped snapshot, where a German wind
request had five energy calls first and none of the calls that mention wind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pytest

from knowledge.calls.store import CallStore
from knowledge.calls.topic_mention import Mentions, mention_rank_hook, singular
from tests.knowledge.calls.calls_helpers import make_call

FILLER = "energy systems for a sustainable future in Europe with new solutions"


def _calls() -> list:
    calls = [
        make_call(
            "BROAD-ENERGY",
            title="Renewable energy valleys",
            description=f"Regional {FILLER}.",
        ),
        make_call("WIND-1", title="Blade recycling", description="Recycling wind turbine blades."),
        make_call("TIDAL-1", title="Ocean power", description="Wave and tidal energy devices."),
        make_call("AIR-1", title="Urban pollution", description="Air quality planning in cities."),
    ]
    # enough other calls that "energy" is a general word and "wind" a rare one
    calls += [
        make_call(f"OTHER-{n}", title=f"Topic {n}", description=f"{FILLER} air and quality {n}.")
        for n in range(30)
    ]
    return calls


def _meaning_first(text: str, candidates: Sequence[tuple[str, float]]) -> Mapping[str, float]:
    """A stand-in for the hybrid hook: the broad energy call is nearest in meaning."""
    ranking = {cid: score for cid, score in candidates}
    ranking["BROAD-ENERGY"] = 5.0
    return ranking


def test_specific_words_and_pairs_name_the_topic():
    mentions = Mentions.build(_calls())
    assert mentions.topic("Windenergie wind energy") == {"wind"}
    assert mentions.topic("tidal and wave energy") == {"tidal", "wave"}
    # "air" and "quality" are general alone, together they are the topic
    assert mentions.topic("air quality monitoring") == {"air quality"}
    assert mentions.topic("energy") == frozenset()
    assert mentions.topic("small and medium-sized enterprises") == frozenset()
    assert mentions.topic(None) == frozenset()


def test_calls_naming_the_topic_come_first():
    calls = _calls()
    hook = mention_rank_hook(_meaning_first, Mentions.build(calls))
    ranking = hook("Fördermöglichkeiten Windenergie wind energy", [("BROAD-ENERGY", 1.0)])
    ordered = sorted(ranking, key=ranking.__getitem__, reverse=True)
    assert ordered[0] == "WIND-1"  # added although the keyword candidates missed it
    assert ordered[1] == "BROAD-ENERGY"


def test_general_requests_keep_the_hooks_order():
    calls = _calls()
    hook = mention_rank_hook(_meaning_first, Mentions.build(calls))
    assert hook("energy", [("OTHER-1", 1.0)]) == _meaning_first("energy", [("OTHER-1", 1.0)])


def test_in_the_store_the_mentioning_call_passes_the_filters(tmp_path):
    calls = _calls()
    closed = make_call(
        "WIND-PAST",
        title="Wind farms",
        description="Offshore wind.",
        deadlines=(date(2026, 9, 1),),
        source_status="closed",
    )
    store = CallStore.build(tmp_path / "c.sqlite", [*calls, closed], date(2026, 8, 10), "test")
    result = store.search(
        "wind energy",
        today=date(2026, 11, 21),
        k=3,
        rank_hook=mention_rank_hook(_meaning_first, store.mentions),
    )
    ids = [hit.call.id for hit in result.items]
    assert ids[0] == "WIND-1"
    assert "WIND-PAST" not in ids  # a closed call is never offered, however well it names wind


def test_singular():
    assert [singular(w) for w in ("batteries", "drones", "glass", "gas", "bus")] == [
        "battery",
        "drone",
        "glass",
        "gas",
        "bus",
    ]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Fördermöglichkeiten Windenergie-Technologien wind energy", "wind"),
        ("energia das ondas wave energy", "wave"),
        ("Kernfusion fusion energy", "fusion"),
    ],
)
def test_shipped_calls_naming_the_topic_come_first(text, word, tmp_path):
    from knowledge.calls.ingest import load_snapshot

    snapshot = load_snapshot()
    store = CallStore.build(tmp_path / "s.sqlite", snapshot, date(2026, 8, 10), "snapshot")
    result = store.search(
        text,
        today=date(2026, 12, 7),
        k=5,
        rank_hook=mention_rank_hook(_meaning_first, store.mentions),
    )
    assert result.items
    first = result.items[0].call
    assert word in " ".join([first.title, *first.keywords, first.description]).lower()


def test_services_rank_every_languages_calls_by_the_topic_mention(tmp_path):
    from actions import services as composition
    from actions.services import Services
    from knowledge.config import Settings

    store = CallStore.build(tmp_path / "c.sqlite", _calls(), date(2026, 8, 10), "test")
    services = Services(
        Settings.from_env(), object(), object(), calls=store, calls_ranker=_meaning_first
    )
    for language in (None, "en", "de", "cs"):
        ranking = services.calls_rank_hook(language)("Windenergie wind energy", [])
        assert max(ranking, key=ranking.__getitem__) == "WIND-1"
    assert composition.MENTION_FIRST


def test_in_another_language_only_the_glossarys_english_words_name_the_topic():
    calls = [
        *_calls(),
        make_call("FILIERE-1", title="Filiere of wood", description="A filiere for timber."),
    ]
    mentions = Mentions.build(calls)
    # Italian "filiere" (supply chains) is written by one English call: no topic in Italian
    assert mentions.topic("filiere alimentari urbane", "it") == frozenset()
    assert mentions.topic("filiere alimentari urbane", None) == {"filiere"}
    # the glossary's terms count: "Windenergie" gave "wind energy"
    assert mentions.topic("Windenergie wind energy", "de") == {"wind"}
    hook = mention_rank_hook(_meaning_first, mentions, "it")
    assert hook("filiere", []) == _meaning_first("filiere", [])


def test_the_wrapped_hook_is_kept():
    hook = mention_rank_hook(_meaning_first, Mentions.build(_calls()))
    assert hook.__wrapped__ is _meaning_first
