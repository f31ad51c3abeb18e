"""The judge's expectations about earlier turns (session 19): a shown result named by position or
name (``select``), the reason for one (``why``), a filter dropped (``dropped``).

Fake replies only (no servers): each test shows a list in a :class:`Conversation`, then judges a
right answer and each wrong one, which must fail with a reason that says what was wrong.
"""

from __future__ import annotations

from dataclasses import fields

import pytest

import bench.understanding as understanding
from bench.understanding import SETS, load_conversations, load_messages
from bench.understanding_judge import POSITION_WORDS, Conversation, judge
from knowledge.partners.query import PartnerFilters

FILTERS = {"country": "DE", "sector": "Energy"}


def _partners(ids, offset=0, filters=None, similar_to=None, query="hydrogen"):
    items = [
        {
            "id": item,
            "name": f"{item.title()} Cluster",
            "country": "DE",
            "place": "Bilbao" if item == "basque" else "Hamburg",
            "sectors": ["Energy"],
            "reason": {"similar_to": similar_to} if similar_to else {},
            "why": "works on hydrogen",
        }
        for item in ids
    ]
    payload = {
        "type": "partner_results",
        "query": query,
        "filters": dict(FILTERS if filters is None else filters),
        "offset": offset,
        "total": 10,
        "items": items,
    }
    return [{"text": "Here are the clusters I found:"}, {"custom": payload}]


def _calls(ids, query="soil", filters=None):
    items = [{"id": item, "title": f"Call on {item}", "status": "open"} for item in ids]
    payload = {
        "type": "call_results",
        "query": query,
        "filters": filters or {},
        "offset": 0,
        "total": len(ids),
        "items": items,
    }
    return [{"custom": payload}]


def _profile(item):
    return [{"text": "A profile"}, {"custom": {"type": "partner_profile", "item": {"id": item}}}]


def _reason(item, kind="partner", why="works on hydrogen", position=None):
    payload = {
        "type": "match_reason",
        "result_kind": kind,
        "id": item,
        "name": item,
        "position": position,
        "why": why,
        "reason": {},
        "request": "hydrogen",
        "language": "en",
    }
    return [{"text": why}, {"custom": payload}]


def _shown(*turns) -> Conversation:
    context = Conversation()
    for messages in turns:
        context.record(messages)
    return context


# --- select -----------------------------------------------------------------------------------


def test_select_wants_the_profile_numbered_n_counting_across_pages():
    context = _shown(_partners(["a", "b", "c", "d", "e"]), _partners(["f", "g"], offset=5))
    expect = {"kind": "partner_profile", "select": 2}
    assert judge(_profile("b"), expect, "en", context=context).handled
    # number 7 is the second card of page two, as the assistant numbers it
    assert judge(
        _profile("g"), {"kind": "partner_profile", "select": 7}, "en", context=context
    ).handled
    other = judge(_profile("c"), expect, "en", context=context)
    assert not other.handled and other.reasons == ["partner c shown, not partner number 2 (b)"]
    missing = judge(_partners(["a"]), expect, "en", context=context)
    assert not missing.handled and "no partner_profile payload" in missing.reasons[0]
    assert judge(
        _profile("g"), {"kind": "partner_profile", "select": "last"}, "en", context=context
    ).handled
    beyond = judge(_profile("a"), {"kind": "partner_profile", "select": 9}, "en", context=context)
    assert not beyond.handled and "number 9" in beyond.reasons[0]


def test_a_new_search_numbers_its_cards_from_one_again():
    context = _shown(_partners(["a", "b"]), _partners(["x", "y"], filters={"country": "FR"}))
    assert judge(
        _profile("y"), {"kind": "partner_profile", "select": 2}, "en", context=context
    ).handled
    assert not judge(
        _profile("b"), {"kind": "partner_profile", "select": 2}, "en", context=context
    ).handled


def test_select_name_finds_the_result_by_name_or_place():
    context = _shown(_partners(["a", "basque", "c"]))
    by_place = {"kind": "partner_profile", "select_name": "bilbao"}
    assert judge(_profile("basque"), by_place, "en", context=context).handled
    by_name = {"kind": "partner_profile", "select_name": "C Cluster"}
    assert judge(_profile("c"), by_name, "en", context=context).handled
    unknown = judge(
        _profile("a"), {"kind": "partner_profile", "select_name": "Lyon"}, "en", context=context
    )
    assert not unknown.handled and "named 'Lyon'" in unknown.reasons[0]


def test_select_of_a_call_wants_that_call_described_alone():
    # calls shown, then partners: "the first call" still names the calls list
    context = _shown(_calls(["HORIZON-1", "HORIZON-2"]), _partners(["a", "b"]))
    expect = {"kind": "call_results", "select": 2}
    described = _calls(["HORIZON-2"], query="")
    assert judge(described, expect, "en", context=context).handled
    wrong = judge(_calls(["HORIZON-1"], query=""), expect, "en", context=context)
    assert not wrong.handled and "not call number 2" in wrong.reasons[0]
    # the whole list again is not the call described
    again = judge(_calls(["HORIZON-1", "HORIZON-2"]), expect, "en", context=context)
    assert not again.handled and "no one-item call_results" in again.reasons[0]
    # a plain call search is still judged as before
    assert judge(_calls(["X"]), {"kind": "call_results"}, "en", context=context).handled


def test_select_without_anything_shown_fails_and_says_so():
    alone = judge(_profile("a"), {"kind": "partner_profile", "select": 1}, "en")
    assert not alone.handled and "nothing shown earlier" in alone.reasons[0]
    calls_only = judge(
        _profile("a"), {"kind": "partner_profile", "select": 1}, "en", context=_shown(_calls(["C"]))
    )
    assert not calls_only.handled and "no partner list shown" in calls_only.reasons[0]


# --- why ---------------------------------------------------------------------------------------


def test_why_first_wants_the_reason_for_the_first_result():
    context = _shown(_partners(["a", "b", "c"]))
    expect = {"kind": "match_reason", "why": "first"}
    right = judge(_reason("a", position=1), expect, "en", context=context)
    assert right.handled and right.kind == "match_reason:partner:a"
    other = judge(_reason("b", position=2), expect, "en", context=context)
    assert not other.handled and other.reasons == ["match_reason for b, not a"]
    missing = judge(_partners(["a", "b", "c"]), expect, "en", context=context)
    assert not missing.handled and "no match_reason payload" in missing.reasons[0]
    empty = judge(_reason("a", why=" "), expect, "en", context=context)
    assert not empty.handled and "empty why" in empty.reasons[0]
    misplaced = judge(_reason("a", position=3), expect, "en", context=context)
    assert not misplaced.handled and "position 3 != 1" in misplaced.reasons[0]
    as_call = judge(_reason("a", kind="call"), expect, "en", context=context)
    assert not as_call.handled and "the list shown is partners" in as_call.reasons[0]


def test_why_a_number_and_why_of_a_call():
    context = _shown(_partners(["a", "b", "c"]), _partners(["d"], offset=3))
    assert judge(
        _reason("d", position=4), {"kind": "match_reason", "why": 4}, "en", context=context
    ).handled
    assert not judge(
        _reason("c"), {"kind": "match_reason", "why": 4}, "en", context=context
    ).handled
    calls = _shown(_partners(["a"]), _calls(["C1", "C2"]))
    assert judge(
        _reason("C2", kind="call"), {"kind": "match_reason", "why": 2}, "en", context=calls
    ).handled


def test_why_selected_is_the_result_last_selected_else_the_first():
    expect = {"kind": "match_reason", "why": "selected"}
    listed = _shown(_partners(["a", "b", "c"]))
    profiled = _shown(_partners(["a", "b", "c"]), _profile("c"))
    assert judge(_reason("a"), expect, "en", context=listed).handled
    # `why` alone (absent, empty or true) is `selected`
    for alone in ({}, {"why": None}, {"why": True}):
        assert judge(_reason("a"), {"kind": "match_reason", **alone}, "en", context=listed).handled
        assert not judge(
            _reason("b"), {"kind": "match_reason", **alone}, "en", context=profiled
        ).handled
    profiled = _shown(_partners(["a", "b", "c"]), _profile("b"))
    assert judge(_reason("b"), expect, "en", context=profiled).handled
    first = judge(_reason("a"), expect, "en", context=profiled)
    assert not first.handled and first.reasons == ["match_reason for a, not b"]
    # a "more like this" list selects the result it started from
    like = _shown(_partners(["a", "b", "c"]), _partners(["x", "y"], similar_to="C Cluster"))
    assert judge(_reason("c"), expect, "en", context=like).handled
    assert not judge(_reason("x"), expect, "en", context=like).handled
    # a call selected earlier is no answer to "why that one?" about the partner list shown since
    described = _shown(_calls(["C1", "C2"]), _calls(["C1"], query=""), _partners(["a", "b"]))
    assert judge(_reason("a"), expect, "en", context=described).handled
    assert not judge(_reason("C1", kind="call"), expect, "en", context=described).handled


def test_why_with_two_readings_accepts_either_and_nothing_else():
    like = _shown(_partners(["a", "b", "c"]), _partners(["x", "y"], similar_to="C Cluster"))
    expect = {"kind": "match_reason", "why": ["selected", "first"]}
    assert judge(_reason("c"), expect, "en", context=like).handled
    assert judge(_reason("x"), expect, "en", context=like).handled
    wrong = judge(_reason("y"), expect, "en", context=like)
    assert not wrong.handled and wrong.reasons == ["match_reason for y, not c or x"]


def test_why_of_names_the_kind_of_list_the_result_came_from():
    """``of: partner`` after a calls list: "why did you suggest that cluster?" is about the
    partner list shown before the calls, not the calls list shown last (session 20)."""
    context = _shown(_partners(["a", "b", "c"]), _calls(["C1", "C2"]))
    expect = {"kind": "match_reason", "why": 2, "of": "partner"}
    right = judge(_reason("b", position=2), expect, "en", context=context)
    assert right.handled and right.kind == "match_reason:partner:b"
    # the second CALL is the reason for the wrong list, whatever its position
    as_call = judge(_reason("C2", kind="call", position=2), expect, "en", context=context)
    assert not as_call.handled
    assert as_call.reasons == [
        "match_reason for a call, the list asked about (of) is partners",
        "match_reason for C2, not b",
    ]
    wrong = judge(_reason("a", position=1), expect, "en", context=context)
    assert not wrong.handled and wrong.reasons == ["match_reason for a, not b"]
    # without `of` the list shown last (calls) is meant, as before
    assert judge(
        _reason("C2", kind="call"), {"kind": "match_reason", "why": 2}, "en", context=context
    ).handled
    # of: call when only partners were shown
    partners_only = _shown(_partners(["a", "b"]))
    none = judge(
        _reason("a"), {"kind": "match_reason", "why": 1, "of": "call"}, "en", context=partners_only
    )
    assert not none.handled and none.reasons == [
        "no call list shown earlier in the conversation (of: call)"
    ]
    typo = judge(
        _reason("a"), {"kind": "match_reason", "why": 1, "of": "cluster"}, "en", context=context
    )
    assert not typo.handled and "unknown list kind" in typo.reasons[0]
    # `selected` with `of`: the profile shown before the calls list
    selected = _shown(_partners(["a", "b"]), _profile("b"), _calls(["C1"]))
    of_selected = {"kind": "match_reason", "why": "selected", "of": "partner"}
    assert judge(_reason("b"), of_selected, "en", context=selected).handled
    assert not judge(_reason("a"), of_selected, "en", context=selected).handled


def test_why_without_a_list_fails():
    alone = judge(_reason("a"), {"kind": "match_reason", "why": "first"}, "en")
    assert not alone.handled and "nothing shown earlier" in alone.reasons[0]


# --- dropped -----------------------------------------------------------------------------------


def test_dropped_wants_the_filter_gone_and_every_other_kept():
    before = {"country": "DE", "region": "Bavaria", "sector": "Energy", "label": "gold"}
    context = _shown(_partners(["a"], filters=before))
    expect = {"kind": "partner_results", "dropped": ["country", "region"], "sector": "Energy"}
    right = _partners(["z"], filters={"sector": "Energy", "label": "gold"})
    assert judge(right, expect, "en", context=context).handled
    still = judge(_partners(["z"], filters=before), expect, "en", context=context)
    assert not still.handled
    assert still.reasons == [
        "filter country='DE' still there",
        "filter region='Bavaria' still there",
    ]
    lost = judge(_partners(["z"], filters={"sector": "Energy"}), expect, "en", context=context)
    assert not lost.handled and lost.reasons == ["filter label='gold' lost (now None)"]
    changed = judge(
        _partners(["z"], filters={"sector": "Energy", "label": "silver"}),
        expect,
        "en",
        context=context,
    )
    assert not changed.handled and "label='gold' lost" in changed.reasons[0]
    none = judge([{"text": "Sorry?"}], expect, "en", context=context)
    assert not none.handled and "no partner_results with items" in none.reasons[0]


def test_dropped_loosens_the_last_list_of_its_type_not_the_calls_between():
    context = _shown(
        _partners(["a"], filters={"country": "ES", "region": "Basque Country", "sector": "Energy"}),
        _calls(["C1"], filters={"programme": "HORIZON"}),
    )
    expect = {"kind": "partner_results", "dropped": ["country", "region"]}
    assert judge(
        _partners(["z"], filters={"sector": "Energy"}), expect, "en", context=context
    ).handled
    kept_region = {"kind": "partner_results", "dropped": ["region"], "country": "ES"}
    only_region = _partners(["z"], filters={"country": "ES", "sector": "Energy"})
    only_region[1]["custom"]["items"][0]["country"] = "ES"
    assert judge(only_region, kept_region, "en", context=context).handled
    assert not judge(
        _partners(["z"], filters={"sector": "Energy"}), kept_region, "en", context=context
    ).handled


def test_dropped_compares_keys_and_tolerates_a_kept_value_written_otherwise():
    """A kept filter written another way still counts as kept (the country's name or code, the
    region's English or own-language name, case); a value that means something else does not,
    and an empty value for the dropped key counts as dropped (session 20)."""
    before = {"country": "DE", "region": "Bavaria", "sector": "Energy", "label": "gold"}
    context = _shown(_partners(["a"], filters=before))
    expect = {"kind": "partner_results", "dropped": ["label"]}
    rewritten = {"country": "Germany", "region": "Bayern", "sector": "energy"}
    assert judge(_partners(["z"], filters=rewritten), expect, "en", context=context).handled
    emptied = {**before, "label": ""}
    assert judge(_partners(["z"], filters=emptied), expect, "en", context=context).handled
    nulled = {**before, "label": None}
    assert judge(_partners(["z"], filters=nulled), expect, "en", context=context).handled
    other_country = judge(
        _partners(["z"], filters={**rewritten, "country": "Austria"}), expect, "en", context=context
    )
    assert not other_country.handled
    assert other_country.reasons == ["filter country='DE' lost (now 'Austria')"]
    other_region = judge(
        _partners(["z"], filters={**rewritten, "region": "Saxony"}), expect, "en", context=context
    )
    assert not other_region.handled
    assert other_region.reasons == ["filter region='Bavaria' lost (now 'Saxony')"]
    # a region inside the one before is narrower, not the same filter
    inner = judge(
        _partners(["z"], filters={**rewritten, "region": "Oberbayern"}),
        expect,
        "en",
        context=context,
    )
    assert not inner.handled and "region='Bavaria' lost" in inner.reasons[0]
    still = judge(
        _partners(["z"], filters={**before, "label": "Gold"}), expect, "en", context=context
    )
    assert not still.handled and still.reasons == ["filter label='Gold' still there"]
    # an empty filter before is no filter to keep
    loose = _shown(_partners(["a"], filters={"country": "DE", "label": "gold", "region": ""}))
    assert judge(_partners(["z"], filters={"country": "de"}), expect, "en", context=loose).handled


def test_dropped_without_an_earlier_list_fails():
    expect = {"kind": "partner_results", "dropped": ["label"]}
    alone = judge(_partners(["z"], filters={}), expect, "en")
    assert not alone.handled and "nothing shown earlier" in alone.reasons[0]


# --- the sets and the bench --------------------------------------------------------------------

FILTER_NAMES = {f.name for f in fields(PartnerFilters)} | {"programme"}


@pytest.mark.parametrize("name", sorted(SETS))
def test_reference_expectations_of_every_set_are_well_formed(name):
    """``select`` / ``why`` / ``dropped`` only in conversations, never on a first turn, with
    values the judge reads (a typo would fail every reply silently)."""
    messages, conversations = SETS[name]
    keys = {"select", "select_name", "why", "dropped"}
    for message in load_messages(messages):
        assert message["expect"]["kind"] not in ("partner_profile", "match_reason"), message["id"]
        assert not keys & set(message["expect"]), message["id"]
    for conversation in load_conversations(conversations):
        for number, turn in enumerate(conversation["turns"], start=1):
            expect = turn["expect"]
            where = f"{conversation['id']}#{number}"
            if keys & set(expect) or expect["kind"] in ("partner_profile", "match_reason"):
                assert number > 1, where
            if expect["kind"] == "partner_profile":
                assert "select" in expect or "select_name" in expect, where
            whys = expect.get("why")
            for value in whys if isinstance(whys, list) else [whys]:
                alone = value is None or value is True  # `why` alone: the selected, else the first
                assert alone or value in POSITION_WORDS or (type(value) is int and value >= 1), (
                    where
                )
            if "select" in expect:
                value = expect["select"]
                assert value in POSITION_WORDS or (type(value) is int and value >= 1), where
            assert set(expect.get("dropped") or []) <= FILTER_NAMES, where
            if "of" in expect:
                assert expect["kind"] == "match_reason" and expect["of"] in ("partner", "call")


def test_the_elevenths_why_and_drop_turns_use_the_new_expectations():
    conversations = load_conversations(SETS["eleventh"][1])
    kinds = [t["expect"]["kind"] for c in conversations for t in c["turns"]]
    assert kinds.count("match_reason") == 16  # every WHY turn (eval11-kinds.md: 16)
    dropped = [t for c in conversations for t in c["turns"] if "dropped" in t["expect"]]
    assert len(dropped) == 15  # every DROP turn


def test_a_conversation_is_judged_with_what_its_earlier_turns_showed(monkeypatch):
    replies = iter([_partners(["a", "b", "c"]), _profile("b"), _reason("b")])
    monkeypatch.setattr(understanding, "send", lambda *args: next(replies))
    monkeypatch.setattr(understanding, "uttered", lambda *args: [])
    conversation = {
        "id": "c",
        "lang": "en",
        "turns": [
            {"text": "hydrogen clusters in germany", "expect": {"kind": "partner_results"}},
            {"text": "the second one", "expect": {"kind": "partner_profile", "select": 2}},
            {"text": "why that one?", "expect": {"kind": "match_reason", "why": "selected"}},
        ],
    }
    outcomes = understanding._conversation("http://127.0.0.1:1", "s", conversation, 5.0)
    assert [o.verdict.handled for o in outcomes] == [True, True, True]
    # each conversation starts with nothing shown
    replies = iter([_profile("b")])
    single = {"id": "d", "lang": "en", "turns": conversation["turns"][1:2]}
    again = understanding._conversation("http://127.0.0.1:1", "s", single, 5.0)
    assert not again[0].verdict.handled
