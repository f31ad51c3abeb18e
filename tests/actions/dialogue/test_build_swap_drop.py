"""A search built, changed and loosened one filter per turn (issue 13 part 3, session 19).

Right after a partner list, a message that lets one filter go ("any country is fine", "forget the
label", "egal welches Land", "peu importe le pays", "da igual el país", "qualsiasi paese va
bene", "obojętnie gdzie", "maakt niet uit welk land", "tanto faz o país", "without the gold
requirement") re-runs the same search without that filter and keeps the others and the topic,
whatever NLU called the message (out_of_scope, faq, help, nlu_fallback, find_calls); after a
call list that followed a partner list, it loosens that partner list. A level alone ("nur
Gold", "and gold?", "et bronze ?", "tylko złote") narrows the list to that label level. Texts
written from the grammar of each language and the profiles' filters, not from data/nlu or
tests/eval.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.continuation import continues_results, loosens_results
from actions.dialogue.follow_up import follow_up_kind, unsure_kind
from actions.dialogue.navigation import ActionRefineSearch
from actions.funding.calls import ActionSearchCalls
from actions.partners.search import ActionSearchPartners
from tests.actions.support import conversation, slots_of

FILTERS = {"country": "DE", "sector": "Electronics & Photonics", "label": "gold"}
PARTNERS = {
    "kind": "partners",
    "query": "photonics clusters",
    "filters": FILTERS,
    "ids": ["a", "b"],
    "offset": 0,
    "page_size": 5,
    "total": 2,
}
CALLS = {"kind": "calls", "query": "photonics", "filters": {}, "ids": ["x"]}
AFTER_PARTNERS = ["action_search_partners"]
#: A partner list, then calls on its topic.
PARTNERS_THEN_CALLS = [
    {"event": "slot", "name": "last_search", "value": PARTNERS},
    "action_search_partners",
    {"event": "slot", "name": "last_search", "value": CALLS},
    "action_search_calls",
]


@pytest.fixture
def knowledge(fact_services):
    """The shipped profiles and catalogue with the fake embedder (tests/actions/conftest.py)."""
    return fact_services


def after(text, intent="out_of_scope", *, language=None, last=None, history=None, entities=None):
    """The tracker of ``text`` said right after a result list (the partner list by default)."""
    return conversation(
        text,
        intent,
        ranking=[(intent, 0.5)],
        entities=list(entities or []),
        language=language,
        said_in=language,
        history=AFTER_PARTNERS if history is None else history,
        last_search=PARTNERS if last is None else last,
    )


PLACE = {"country", "region"}
LET_GO = [
    ("any country is fine", None, PLACE),
    ("doesn't matter where", None, PLACE),
    ("without the gold requirement", None, {"label"}),
    ("forget the label", None, {"label"}),
    ("egal welches Land", "de", PLACE),
    ("ist mir egal wo eigentlich", "de", PLACE),
    ("peu importe le pays", "fr", PLACE),
    ("oublie le label", "fr", {"label"}),
    ("da igual el país", "es", PLACE),
    ("qualsiasi paese va bene", "it", PLACE),
    ("obojętnie gdzie", "pl", PLACE),
    ("obojętnie jaki certyfikat", "pl", {"label"}),
    ("maakt niet uit welk land", "nl", PLACE),
    ("tanto faz o país", "pt", PLACE),
    ("all sectors", None, {"sector"}),
]


@pytest.mark.parametrize(("text", "language", "dropped"), LET_GO)
@pytest.mark.parametrize("intent", ["out_of_scope", "faq", "nlu_fallback", "help"])
def test_a_filter_let_go_after_a_partner_list_refines_it(
    knowledge, text, language, dropped, intent
):
    tracker = after(text, intent, language=language)
    assert loosens_results(tracker) and continues_results(tracker)
    kind = unsure_kind(tracker) if intent in ("out_of_scope", "faq") else follow_up_kind(tracker)
    assert kind == "refine"


@pytest.mark.parametrize(("text", "language", "dropped"), LET_GO)
async def test_the_refinement_drops_that_filter_and_keeps_the_others(
    knowledge, text, language, dropped
):
    dispatcher = CollectingDispatcher()
    events = await ActionRefineSearch().run(
        dispatcher, after(text, "inform", language=language), {}
    )
    new = slots_of(events)["last_search"]
    assert new["kind"] == "partners" and new["query"] == PARTNERS["query"]
    assert new["filters"] == {k: v for k, v in FILTERS.items() if k not in dropped}
    [payload] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert payload["type"] == "partner_results" and payload["filters"] == new["filters"]


async def test_a_calls_reading_of_a_filter_let_go_searches_partners(knowledge):
    dispatcher = CollectingDispatcher()
    events = await ActionSearchCalls().run(dispatcher, after("egal welches Land", "find_calls"), {})
    assert slots_of(events)["last_search"]["filters"] == {
        "sector": "Electronics & Photonics",
        "label": "gold",
    }


@pytest.mark.parametrize("intent", ["out_of_scope", "inform", "find_calls"])
async def test_after_calls_a_filter_let_go_loosens_the_partner_list_before_them(knowledge, intent):
    dispatcher = CollectingDispatcher()
    tracker = after("any country is fine", intent, last=CALLS, history=PARTNERS_THEN_CALLS)
    assert loosens_results(tracker)
    if intent == "out_of_scope":
        assert unsure_kind(tracker) == "refine"
        return
    action = ActionRefineSearch() if intent == "inform" else ActionSearchCalls()
    events = await action.run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert new["kind"] == "partners" and new["query"] == PARTNERS["query"]
    assert new["filters"] == {"sector": "Electronics & Photonics", "label": "gold"}


PROGRAMME_CALLS = {**CALLS, "filters": {"programme": "SMP"}}


@pytest.mark.parametrize("intent", ["inform", "find_calls"])
def test_after_calls_alone_a_place_let_go_drops_the_calls_filter(knowledge, intent):
    """Session 20 (the eleventh's CALLS/DROP class): no partner list before the calls, so the
    calls again on their topic without their programme filter (they have no place)."""
    history = [{"event": "slot", "name": "last_search", "value": PROGRAMME_CALLS}]
    tracker = after(
        "any country is fine",
        intent,
        last=PROGRAMME_CALLS,
        history=[*history, "action_search_calls"],
    )
    from actions.funding.calls import _request_in_context

    assert loosens_results(tracker) == "calls"
    request = _request_in_context(tracker, tracker.latest_message)
    assert request.query == "photonics" and not request.filters()


QUESTIONS_AND_REQUESTS = [
    "can we apply without a label?",
    "czy bez certyfikatu można złożyć wniosek?",
    "any country is fine for the calls",
    "peu importe le pays, quels appels sont ouverts ?",
]


@pytest.mark.parametrize("text", QUESTIONS_AND_REQUESTS)
def test_a_question_or_a_request_for_calls_is_no_filter_let_go(knowledge, text):
    assert not loosens_results(after(text))


def test_without_results_before_nothing_is_loosened(knowledge):
    tracker = conversation("forget the label", "out_of_scope", history=["utter_greet"])
    assert not loosens_results(tracker)


LEVELS = [
    ("and gold?", None, "gold"),
    ("nur Gold", "de", "gold"),
    ("lieber Silber", "de", "silver"),
    ("et bronze ?", "fr", "bronze"),
    ("solo oro", "es", "gold"),
    ("solo etichetta bronzo", "it", "bronze"),
    ("tylko złote", "pl", "gold"),
    ("alleen goud", "nl", "gold"),
    ("só prata", "pt", "silver"),
]


@pytest.mark.parametrize(("text", "language", "level"), LEVELS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback", "inform"])
async def test_a_level_alone_narrows_the_list_to_that_label(
    knowledge, text, language, level, intent
):
    last = dict(PARTNERS, filters={"country": "DE", "sector": "Electronics & Photonics"})
    tracker = after(text, intent, language=language, last=last)
    if intent != "inform":
        kind = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
        assert kind == "refine"
        return
    events = await ActionRefineSearch().run(CollectingDispatcher(), tracker, {})
    new = slots_of(events)["last_search"]
    assert new["query"] == PARTNERS["query"]
    assert new["filters"] == {"country": "DE", "sector": "Electronics & Photonics", "label": level}


def test_a_level_with_a_topic_preposition_is_a_topic(knowledge):
    assert continues_results(after("e per l'oro?", language="it"))
    tracker = after("e per l'oro?", language="it")
    assert "label" not in {e.get("entity") for e in tracker.latest_message["entities"]}


async def test_a_partner_request_that_lets_the_label_go_searches_without_it(knowledge):
    dispatcher = CollectingDispatcher()
    tracker = conversation(
        "photonics clusters, the label doesn't matter",
        "find_partners",
        partner_query="photonics clusters",
        country="DE",
        label="gold",
    )
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    assert slots_of(events)["last_search"]["filters"] == {"country": "DE"}


# -- calls on the topic built so far ----------------------------------------------------------

CALLS_AFTER = [
    ("e concursos?", "pt", "procuro clusters de turismo", "turismo"),
    ("und Ausschreibungen dazu?", "de", "Cluster für Lebensmittel gesucht", "Lebensmittel"),
    ("a konkursy?", "pl", "szukam jakichś klastrów z branży IT", "IT"),
    ("¿y convocatorias?", "es", "clústeres de automoción", "automoción"),
    ("et des appels ?", "fr", "je cherche des clusters aéronautiques", "aéronautiques"),
    ("e bandi?", "it", "cluster della moda", "moda"),
    ("en subsidies?", "nl", "clusters voor medische technologie", "medische technologie"),
]


@pytest.mark.parametrize(("text", "language", "query", "topic"), CALLS_AFTER)
def test_calls_after_a_partner_list_carry_its_topic_when_the_fragment_has_no_language(
    knowledge, text, language, query, topic
):
    """A two-word fragment is often too short for the language detector: the last search's
    language reads its call noun and conjunction ("e concursos?" was searched as "concursos")."""
    from actions.funding.calls import _request_in_context

    last = dict(PARTNERS, query=query, filters={}, language=language)
    tracker = conversation(text, "find_calls", history=AFTER_PARTNERS, last_search=last)
    request = _request_in_context(tracker, tracker.latest_message)
    assert topic in request.query.split() or request.query == topic


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("klastrów IT w", "pl", True),
        ("Cluster für IT", "de", True),
        ("clusters for it", None, False),
        ("I NEED IT", None, False),  # all capitals: the pronoun shouted
    ],
)
def test_a_sector_acronym_in_capitals_is_a_topic(query, language, expected):
    from actions.dialogue.parsing import has_topic

    assert has_topic(query, language) is expected


@pytest.mark.parametrize(("text", "language", "query", "topic"), CALLS_AFTER)
@pytest.mark.parametrize("guessed", ["es", "it", "en"])
def test_calls_after_a_partner_list_carry_its_topic_whatever_language_is_guessed(
    knowledge, text, language, query, topic, guessed
):
    """The detector guesses at two words: the call noun of any reply language names no topic."""
    from actions.funding.calls import _request_in_context

    last = dict(PARTNERS, query=query, filters={}, language=language)
    tracker = conversation(
        text,
        "find_calls",
        history=AFTER_PARTNERS,
        last_search=last,
        language=None if guessed == "en" else guessed,
        said_in=guessed,
    )
    request = _request_in_context(tracker, tracker.latest_message)
    assert topic in request.query.split() or request.query == topic


# -- one filter changed -------------------------------------------------------------------------

SWAPS = [
    ("actually Portugal instead", "Portugal", "PT", None),
    ("no, make it Austria", "Austria", "AT", None),
    ("lieber Österreich", "Österreich", "AT", "de"),
    ("plutôt la Hongrie en fait", "Hongrie", "HU", "fr"),
    ("no, mejor en Croacia", "Croacia", "HR", "es"),
    ("anzi no, meglio la Repubblica Ceca", "Repubblica Ceca", "CZ", "it"),
    ("a może jednak na Litwie", "Litwie", "LT", "pl"),
    ("liever in België", "België", "BE", "nl"),
    ("afinal, na Letónia", "Letónia", "LV", "pt"),
]


def _swap(text, word, code, language, intent):
    start = text.index(word)
    place = {"entity": "country", "value": code, "start": start, "end": start + len(word)}
    return after(text, intent, language=language, entities=[place])


@pytest.mark.parametrize(("text", "word", "code", "language"), SWAPS)
async def test_a_swap_changes_the_country_and_keeps_the_topic_and_the_other_filters(
    knowledge, text, word, code, language
):
    tracker = _swap(text, word, code, language, "inform")
    dispatcher = CollectingDispatcher()
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = slots_of(events)["last_search"]
    assert new["query"] == PARTNERS["query"]  # "lieber", "afinal" were searched as the topic
    assert new["filters"]["country"] == code and new["filters"]["label"] == "gold"
    # the sector stays, unless the new country has no such cluster (then the reply says so)
    relaxed = len(dispatcher.messages) > 2
    assert new["filters"].get("sector") == FILTERS["sector"] or relaxed


@pytest.mark.parametrize(("text", "word", "code", "language"), SWAPS)
def test_a_swap_nlu_could_not_place_refines_the_list(knowledge, text, word, code, language):
    tracker = _swap(text, word, code, language, "nlu_fallback")
    assert follow_up_kind(tracker) == "refine"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("lieber Österreich", "Österreich"),
        ("afinal, na Letónia", "na Letónia"),
        ("a może jednak na Litwie", "na Litwie"),
        ("dann Holz", "Holz"),
        ("hydrogen storage", "hydrogen storage"),
    ],
)
def test_swap_words_name_no_topic(text, kept):
    from taxonomy.loosening import without_swap_words

    assert without_swap_words(text) == kept


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("szukam klastrów IT", "pl"),
        ("potrzebuję klastrów IT w Polsce", "pl"),
        ("Cluster für IT in Bayern", "de"),
        ("clusters IT en France", "fr"),
    ],
)
def test_an_opening_that_names_a_sector_acronym_has_a_topic_for_the_form(text, language):
    """The partner form asked "what should partners work on?" after "szukam klastrów IT"."""
    from actions.dialogue.forms import form_topic

    assert form_topic(text, [], language) is not None


@pytest.mark.parametrize(("intent", "done"), [("help", "answered"), ("nlu_fallback", "search")])
async def test_a_filter_let_go_read_as_help_ends_its_turn_with_the_new_list(
    knowledge, intent, done
):
    """The rules end a help turn on follow_up "answered": on "search" the core fallback
    reverted the turn, and with it the loosened list ("qualsiasi paese va bene")."""
    from actions.dialogue.follow_up import ActionFollowUp

    dispatcher = CollectingDispatcher()
    tracker = after("qualsiasi paese va bene", intent, language="it")
    events = await ActionFollowUp().run(dispatcher, tracker, {})
    slots = slots_of(events)
    assert slots["follow_up"] == done
    assert slots["last_search"]["filters"] == {"sector": "Electronics & Photonics", "label": "gold"}
