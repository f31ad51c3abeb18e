"""A calls reply says when none of the calls shown names the asked topic (session 17): the
closest calls in meaning are not presented as a match. Hand-made calls, no model."""

from __future__ import annotations

from datetime import date

import pytest

from actions.funding import replies
from actions.funding.calls import unnamed_topic
from knowledge.calls.store import CallStore
from knowledge.calls.topic_mention import mention_rank_hook
from tests.knowledge.calls.calls_helpers import make_call

TODAY = date(2026, 11, 21)
FILLER = "energy systems for a sustainable future in Europe with new solutions"


@pytest.fixture
def store(tmp_path) -> CallStore:
    calls = [
        make_call("WIND-1", title="Blade recycling", description=f"Wind turbine blades. {FILLER}"),
        make_call("FUSION-PAST", title="Fusion", description="Fusion.", source_status="closed",
                  deadlines=(date(2026, 9, 1),)),
        *(make_call(f"E-{n}", title=f"Energy topic {n}", description=FILLER) for n in range(30)),
    ]  # fmt: skip
    return CallStore.build(tmp_path / "c.sqlite", calls, date(2026, 8, 10), "test")


def _search(store: CallStore, text: str):
    def meaning(query, candidates):
        return {cid: score for cid, score in candidates}

    hook = mention_rank_hook(meaning, store.mentions)
    return store.search(text, today=TODAY, k=5, rank_hook=hook)


def test_a_topic_no_open_call_names_is_said(store):
    # the only fusion call is closed: the energy calls shown do not name fusion
    result = _search(store, "fusion energy")
    assert result.items and all("fusion" not in h.call.title.lower() for h in result.items)
    unnamed = unnamed_topic(store, "fusion energy", None, result)
    assert unnamed == ("fusion",)
    text = replies.calls_text(result, "fusion energy", None, TODAY, 0, "de", unnamed)
    assert "Keine offene oder geplante Ausschreibung nennt “fusion”" in text


def test_nothing_is_said_when_a_shown_call_names_the_topic(store):
    result = _search(store, "wind energy")
    assert result.items[0].call.id == "WIND-1"
    assert unnamed_topic(store, "wind energy", None, result) == ()
    assert unnamed_topic(store, "energy", None, _search(store, "energy")) == ()


def test_a_store_without_mentions_says_nothing():
    class Bare:
        pass

    assert unnamed_topic(Bare(), "fusion", None, object()) == ()
