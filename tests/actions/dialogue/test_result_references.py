"""One shown result named by position in any language, by name or place, and "why this one?"
(actions/dialogue/references.py, the match_reason payload)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from actions import services as composition
from actions.dialogue.navigation import ActionSelectResult, ActionShowMore
from actions.dialogue.references import ActionExplainMatch, id_at, named_result
from actions.partners.search import ActionSearchPartners
from contracts.payloads import MatchReason
from knowledge.calls import Call
from tests.actions.support import make_tracker, slots_of


def payloads(messages):
    return [m["custom"] for m in messages if m.get("custom")]


def texts(messages):
    return [m["text"] for m in messages if m.get("text")]


async def first_search(dispatcher, text="hydrogen storage", **slots):
    tracker = make_tracker(text, intent="find_partners", partner_query=text, **slots)
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    dispatcher.messages.clear()
    return slots_of(events)["last_search"]


def _keys_fit(value: dict, contract: type) -> None:
    keys = set(value)
    assert contract.__required_keys__ <= keys, contract.__required_keys__ - keys
    assert keys <= contract.__required_keys__ | contract.__optional_keys__, keys


# Turns in the eight reply languages that point at the second card, with no ordinal entity
# (the English-only gazetteer finds none in them).
SECOND_TURNS = [
    ("en", "what does the second cluster do?"),
    ("fr", "le deuxième, s'il vous plaît"),
    ("de", "erzählen Sie mir mehr über den zweiten"),
    ("es", "más sobre la segunda"),
    ("it", "dimmi di più sul secondo"),
    ("pl", "opowiedz więcej o drugim"),
    ("nl", "meer over de tweede"),
    ("pt", "fale-me do segundo"),
]


@pytest.mark.parametrize(("lang", "text"), SECOND_TURNS)
async def test_the_second_one_in_the_reply_languages(services, dispatcher, profiles, lang, text):
    last = await first_search(dispatcher)
    tracker = make_tracker(text, intent="select_result", said_in=lang, last_search=last)
    events = await ActionSelectResult().run(dispatcher, tracker, {})
    assert slots_of(events) == {"selected_id": last["ids"][1]}
    [payload] = payloads(dispatcher.messages)
    assert payload["type"] == "partner_profile" and payload["item"]["id"] == last["ids"][1]


async def test_positions_count_across_pages(services, dispatcher):
    last = await first_search(dispatcher)
    events = await ActionShowMore().run(dispatcher, make_tracker("more", last_search=last), {})
    last = slots_of(events)["last_search"]
    dispatcher.messages.clear()
    tracker = make_tracker("der siebte? nein: Nummer 7", intent="select_result", last_search=last)
    events = await ActionSelectResult().run(dispatcher, tracker, {})
    assert slots_of(events) == {"selected_id": last["ids"][6]}


async def test_a_position_beyond_the_list_is_said(services, dispatcher):
    last = await first_search(dispatcher)
    tracker = make_tracker(
        "le neuvième? non, le numéro 9", intent="select_result", last_search=last
    )
    events = await ActionSelectResult().run(dispatcher, tracker, {})
    assert events == []
    assert not payloads(dispatcher.messages)
    assert "5" in texts(dispatcher.messages)[0]


async def test_a_result_named_by_its_town_or_acronym(services, dispatcher, profiles):
    last = await first_search(dispatcher)
    by_id = {p.id: p for p in profiles}
    shown = [by_id[i] for i in last["ids"]]
    towns = [p.city for p in shown]
    third = shown[2]
    if third.city and towns.count(third.city) == 1:
        assert named_result(f"the one in {third.city}", last) == third.id
    if third.acronym:
        assert named_result(f"tell me more about {third.acronym}", last) == third.id
    # a misspelt name of a shown result
    words = [w for w in third.name.split() if len(w) > 5]
    if words:
        typo = words[0][:-2] + words[0][-1] + words[0][-2]
        assert named_result(f"details on {third.name.replace(words[0], typo)}", last) == third.id
    assert named_result("tell me more about the weather", last) is None


async def test_why_the_second_sends_its_stored_reason(services, dispatcher, profiles):
    last = await first_search(dispatcher, country="DE")
    assert set(last["reasons"]) == set(last["ids"])
    assert last["request"]
    tracker = make_tracker(
        "why did you suggest the second?", intent="explain_match", last_search=last
    )
    events = await ActionExplainMatch().run(dispatcher, tracker, {})
    assert slots_of(events) == {"selected_id": last["ids"][1]}  # last_search is kept
    [payload] = payloads(dispatcher.messages)
    _keys_fit(payload, MatchReason)
    profile = next(p for p in profiles if p.id == last["ids"][1])
    assert payload["type"] == "match_reason" and payload["result_kind"] == "partner"
    assert (payload["id"], payload["name"], payload["position"]) == (profile.id, profile.name, 2)
    assert payload["reason"] == last["reasons"][profile.id]
    assert payload["request"] == last["request"] and payload["language"] == "en"
    assert payload["why"] and "Germany" in payload["why"]  # the country filter it meets
    [reply] = texts(dispatcher.messages)
    assert reply.startswith(f"2. {profile.name}") and payload["why"] in reply


async def test_why_this_one_is_the_selected_one_else_the_first(services, dispatcher):
    last = await first_search(dispatcher)
    tracker = make_tracker(
        "warum dieser Cluster?", intent="explain_match", said_in="de", last_search=last
    )
    await ActionExplainMatch().run(dispatcher, tracker, {})
    [payload] = payloads(dispatcher.messages)
    assert payload["id"] == last["ids"][0] and payload["language"] == "de"
    dispatcher.messages.clear()
    tracker = make_tracker(
        "dlaczego ten?",
        intent="explain_match",
        said_in="pl",
        last_search=last,
        selected_id=last["ids"][3],
    )
    await ActionExplainMatch().run(dispatcher, tracker, {})
    [payload] = payloads(dispatcher.messages)
    assert (payload["id"], payload["position"], payload["language"]) == (last["ids"][3], 4, "pl")


async def test_why_after_show_more_for_a_result_of_the_first_page(services, dispatcher):
    last = await first_search(dispatcher)
    events = await ActionShowMore().run(dispatcher, make_tracker("more", last_search=last), {})
    last = slots_of(events)["last_search"]
    assert set(last["reasons"]) == set(last["ids"]) and len(last["ids"]) > 5
    dispatcher.messages.clear()
    tracker = make_tracker("¿por qué el segundo?", intent="explain_match", last_search=last)
    await ActionExplainMatch().run(dispatcher, tracker, {})
    [payload] = payloads(dispatcher.messages)
    assert payload["id"] == last["ids"][1] and payload["reason"] == last["reasons"][last["ids"][1]]


async def test_why_of_a_filter_only_list_names_the_filters(services, dispatcher):
    last = dict(
        kind="partners",
        query="",
        filters={"country": "FR", "label": "gold"},
        offset=0,
        ids=[],
        page_size=5,
    )
    profile = composition.get_services().partners.index.profiles[0]
    last["ids"] = [profile.id]
    tracker = make_tracker("why this one?", intent="explain_match", last_search=last)
    await ActionExplainMatch().run(dispatcher, tracker, {})
    [payload] = payloads(dispatcher.messages)
    assert payload["reason"] == {}  # nothing stored: no reason invented
    assert "France" in payload["why"] and "gold" in payload["why"]


async def test_why_before_any_list_says_so(services, dispatcher):
    events = await ActionExplainMatch().run(
        dispatcher, make_tracker("why this one?", intent="explain_match"), {}
    )
    assert events == [] and not payloads(dispatcher.messages)
    assert "haven't shown you any results" in texts(dispatcher.messages)[0]


def _call(call_id: str, title: str) -> Call:
    return Call(
        id=call_id,
        title=title,
        url=f"https://example.org/{call_id}",
        programme="Horizon Europe",
        programme_code="HORIZON",
        action_type="RIA",
        deadlines=(date(2027, 2, 1),),
        deadline_model="single-stage",
        source_status="open",
    )


class _Store:
    def __init__(self, calls):
        self.calls = {c.id: c for c in calls}

    def get(self, call_id):
        return self.calls.get(call_id)


@pytest.fixture
def call_list(fake_services):
    calls = [_call(f"TOPIC-{n}", f"Topic {n} on green hydrogen storage") for n in range(6, 11)]
    composition.install(dataclasses.replace(fake_services, calls=_Store(calls)))
    yield {
        "kind": "calls",
        "query": "hydrogen storage",
        "filters": {"programme": "HORIZON"},
        "offset": 5,
        "ids": [c.id for c in calls],
        "page_size": 5,
    }
    composition.install(None)


async def test_call_positions_are_the_card_numbers_of_the_page(call_list):
    assert id_at(7, call_list) == "TOPIC-7"
    assert id_at(-1, call_list) == "TOPIC-10"
    assert id_at(12, call_list) is None


async def test_why_this_call(call_list, dispatcher):
    tracker = make_tracker("why the seventh?", intent="explain_match", last_search=call_list)
    await ActionExplainMatch().run(dispatcher, tracker, {})
    [payload] = payloads(dispatcher.messages)
    _keys_fit(payload, MatchReason)
    assert payload["result_kind"] == "call" and payload["id"] == "TOPIC-7"
    assert payload["position"] == 7 and payload["reason"] == {}
    assert "hydrogen" in payload["why"] and "Horizon Europe" in payload["why"]


# --- a shown result named by its name or acronym alone (session 20) ----------------------------

SHOWN = [
    ("aerospace-valley", None, "Aerospace Valley"),
    ("hegan", "HEGAN", "Basque Aerospace Cluster"),
    ("acstyria", "ACstyria", "ACstyria Autocluster"),
    ("lyonbiopole", None, "Lyonbiopôle"),
    ("kunststoff-cluster", None, "Kunststoff-Cluster"),
    ("clusters-of-sweden", None, "Clusters of Sweden"),
    ("jak", "JAK", "JAK Hungarian E-Mobility Cluster"),
    ("sim", "SIM", "Strategic Initiative Materials"),
]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("and Aerospace Valley?", "aerospace-valley"),
        ("tell me more about HEGAN", "hegan"),
        ("tell me about hegan", "hegan"),
        ("erzähl mir mehr über ACstyria", "acstyria"),
        ("Lyonbiopôle ?", "lyonbiopole"),
        ("e a Aerospace Valey?", "aerospace-valley"),
    ],
)
def test_a_bare_name_of_a_shown_result(text, wanted):
    from actions.dialogue.shown_names import bare_name_in

    assert bare_name_in(text, SHOWN) == wanted


@pytest.mark.parametrize(
    "text",
    [
        "aerospace",  # the topic of the list, not a name
        "and in aerospace?",
        "und Kunststoff?",  # a sector word alone is a refinement
        "and Sweden?",  # a country alone too
        "jak złożyć wniosek?",  # Polish "how", not the acronym JAK
        "sim, é isso",  # Portuguese "yes", not SIM
        "what is the average salary of an aerospace engineer in the valley?",
        "tell me more about the weather",
    ],
)
def test_ordinary_words_name_no_shown_result(text):
    from actions.dialogue.shown_names import bare_name_in

    assert bare_name_in(text, SHOWN) is None


async def test_a_bare_acronym_read_as_an_unknown_programme_shows_that_result(
    services, dispatcher, profiles
):
    from actions.funding.instruments import ActionExplainInstrument

    last = await first_search(dispatcher)
    by_id = {p.id: p for p in profiles}
    shown = [by_id[i] for i in last["ids"]]
    named = next((p for p in shown if p.acronym and len(p.acronym) >= 3), None)
    if named is None:
        pytest.skip("no shown result with an acronym in the test profiles")
    tracker = make_tracker(
        f"tell me more about {named.acronym}",
        intent="ask_instrument",
        history=["action_search_partners"],
        last_search=last,
    )
    events = await ActionExplainInstrument().run(dispatcher, tracker, {})
    assert slots_of(events).get("selected_id") == named.id
    [payload] = payloads(dispatcher.messages)
    assert payload["type"] == "partner_profile" and payload["item"]["id"] == named.id


async def test_a_bare_name_read_as_a_refinement_shows_that_result(services, dispatcher, profiles):
    from actions.dialogue.navigation import ActionRefineSearch

    last = await first_search(dispatcher)
    by_id = {p.id: p for p in profiles}
    third = by_id[last["ids"][2]]
    tracker = make_tracker(
        f"and {third.name}?",
        intent="inform",
        history=["action_search_partners"],
        last_search=last,
    )
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    kinds = [p["type"] for p in payloads(dispatcher.messages)]
    if slots_of(events).get("selected_id") is None:
        # a name made of topic or country words only (a refinement by design)
        assert "partner_profile" not in kinds
        return
    assert slots_of(events)["selected_id"] == third.id
    assert kinds == ["partner_profile"]


async def test_the_one_before_the_last(services, dispatcher):
    last = await first_search(dispatcher)
    tracker = make_tracker("o penúltimo", intent="select_result", last_search=last)
    events = await ActionSelectResult().run(dispatcher, tracker, {})
    assert slots_of(events) == {"selected_id": last["ids"][-2]}
    assert id_at(-2, {"kind": "partners", "ids": ["a"]}) is None


def test_a_country_word_names_no_shown_result():
    """The ninth set's loss of the first bench run: "Scotland" read as the cluster ScotlandIS."""
    from actions.dialogue.shown_names import bare_name_in

    shown = [("scotlandis", None, "ScotlandIS"), *SHOWN]
    assert bare_name_in("and cyber security in Scotland?", shown) is None
    assert bare_name_in("Scotland", shown) is None
    assert bare_name_in("ScotlandIS?", shown) == "scotlandis"


async def test_a_filter_let_go_after_a_similar_list_keeps_it_similar(services, dispatcher):
    """The eleventh's DROP turn after "similar to the second": the similar search again without
    the country, its other filters kept (a new search lost the sector)."""
    from actions.dialogue.navigation import ActionFindSimilar, ActionRefineSearch

    last = await first_search(dispatcher, country="DE", sector="Energy")
    tracker = make_tracker("similar to the first one", intent="find_similar", last_search=last)
    events = await ActionFindSimilar().run(dispatcher, tracker, {})
    similar = slots_of(events)["last_search"]
    assert similar.get("similar_to") == last["ids"][0]
    assert similar["filters"].get("country") == "DE"
    dispatcher.messages.clear()
    tracker = make_tracker(
        "any country is fine",
        intent="inform",
        history=["action_find_similar"],
        last_search=similar,
    )
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert new.get("similar_to") == last["ids"][0]
    assert "country" not in new["filters"]
    assert {k: v for k, v in similar["filters"].items() if k != "country"} == new["filters"]
