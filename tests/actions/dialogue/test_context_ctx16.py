"""Context across turns, session 16 (issue 13 part 3): the classes the unread sets still lost.

1. "Not X but Y" right after a partner list ("not agri-food, rather maritime", "nicht Logistik,
   sondern Wasserwirtschaft", "pas le textile mais plutôt l'eau"): Y replaces X, the sector X
   goes with it, the place stays.
2. A correction opening with "no" or written in Swiss or Austrian German ("non, je voulais dire
   aux Pays-Bas", "nei, i meinti Österreich", "na, in Österreich hab i gmeint") is a place alone:
   the country changes, the topic stays (before: "non voulais" became the topic, or the message
   was out of scope).
3. Partners asked right after a calls list that NLU read as a question about clusters
   ("quels clusters travaillent là-dessus ?", "¿qué clústeres trabajan en eso?") are searched
   in this turn on the calls' topic: before, a follow-up action ran the search on the message's
   words and the core fallback after it reverted the list, so the next "y en España?" refined
   the calls.

Sectors and countries from the profiles (knowledge/data/clusters); phrasings written from each
language's grammar, not from data/nlu or tests/eval.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.continuation import continues_results
from actions.dialogue.follow_up import unsure_kind
from actions.dialogue.forms import form_topic
from actions.dialogue.navigation import ActionRefineSearch
from actions.dialogue.parsing import contrast_cut
from actions.funding.calls import ActionSearchCalls
from actions.funding.instruments import ActionClusterFacts, ActionExplainInstrument
from knowledge.facts.question import numbers_of
from tests.actions.dialogue.test_continuation import AFTER_CALLS, PARTNERS, after
from tests.actions.support import conversation, entity, slots_of

# -- 1. not X but Y ---------------------------------------------------------------------------

#: (message, left-out sector as written, its sector, the sector asked for as written or None,
#: that sector, a word of the new topic, language)
NOT_X_BUT_Y = [
    ("not agri-food, rather maritime", "agri-food", "Agri-food", "maritime",
     "Maritime & Blue Economy", "maritime", None),
    ("nicht Logistik, sondern Wasserwirtschaft", "Logistik", "Logistics", "Wasserwirtschaft",
     "Water", "wasserwirtschaft", "de"),
    ("pas le textile mais plutôt l'eau", "textile", "Textiles & Fashion", None, None, "eau",
     "fr"),
    ("no el turismo, sino la logística", "turismo", "Tourism", "logística", "Logistics",
     "logística", "es"),
    ("non l'energia ma la chimica", "energia", "Energy", "chimica", "Chemicals & Plastics",
     "chimica", "it"),
    ("nie energetyka, tylko rolnictwo", "energetyka", "Energy", None, None, "rolnictwo", "pl"),
    ("niet gezondheid maar water", "gezondheid", "Health & Medical Devices", "water", "Water",
     "water", "nl"),
    ("não o turismo, mas a madeira", "turismo", "Tourism", None, None, "madeira", "pt"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "old", "old_sector", "new", "new_sector", "word", "language"), NOT_X_BUT_Y
)
async def test_not_x_but_y_replaces_the_sector_and_keeps_the_country(
    fact_services, text, old, old_sector, new, new_sector, word, language
):
    entities = [dict(entity(text, "sector", old), value=old_sector)]  # NLU's canonical value
    if new is not None:
        entities.append(dict(entity(text, "sector", new), value=new_sector))
    last = dict(PARTNERS, query=f"{old} clusters", filters={"country": "BE", "sector": old_sector})
    tracker = after(text, "inform", entities=entities, language=language, last=last)
    events = await ActionRefineSearch().run(CollectingDispatcher(), tracker, {})
    searched = slots_of(events)["last_search"]
    assert searched["filters"].get("country") == "BE"
    assert searched["filters"].get("sector") == new_sector  # None: the old sector is gone
    assert word in searched["query"].lower() and old.lower() not in searched["query"].lower()


@pytest.mark.parametrize(
    "text",
    ["no, in Spain", "not only in Germany", "nicht in Deutschland", "non, en France", "hydrogen"],
)
def test_a_negation_without_a_contrast_is_no_not_x_but_y(text):
    assert contrast_cut(text) is None


def test_not_x_but_y_with_places_only_keeps_the_sector():
    text = "nie w Polsce, tylko w Finlandii"
    assert text[contrast_cut(text) :].strip() == "w Finlandii"


async def test_a_place_contrast_keeps_the_sector(fact_services):
    text = "not in Poland, rather in Finland"
    entities = [entity(text, "country", "Poland"), entity(text, "country", "Finland")]
    last = dict(PARTNERS, query="software", filters={"country": "PL", "sector": "Digital & ICT"})
    tracker = after(text, "inform", entities=entities, last=last)
    events = await ActionRefineSearch().run(CollectingDispatcher(), tracker, {})
    searched = slots_of(events)["last_search"]
    assert searched["filters"]["country"] == "FI"
    assert searched["filters"]["sector"] == "Digital & ICT" and searched["query"] == "software"


# -- 2. corrections opening with "no", Swiss and Austrian German ------------------------------

CORRECTIONS = [
    ("non, je voulais dire aux Pays-Bas", "Pays-Bas", "NL", "fr"),
    ("no, I meant Finland", "Finland", "FI", None),
    ("nein, eigentlich Österreich", "Österreich", "AT", "de"),
    ("nei, i meinti Österreich", "Österreich", "AT", "de"),
    ("na, in Österreich hab i gmeint", "Österreich", "AT", "de"),
    ("no, quería decir Bélgica", "Bélgica", "BE", "es"),
    ("no, intendevo la Francia", "Francia", "FR", "it"),
    ("nie, chodziło mi o Czechy", "Czechy", "CZ", "pl"),
    ("nee, ik bedoelde Denemarken", "Denemarken", "DK", "nl"),
    ("não, queria dizer Portugal", "Portugal", "PT", "pt"),
]


@pytest.mark.parametrize(("text", "place", "code", "language"), CORRECTIONS)
def test_a_correction_opening_with_no_refines_the_list(fact_services, text, place, code, language):
    tracker = after(
        text, "out_of_scope", entities=[entity(text, "country", place)], language=language
    )
    assert continues_results(tracker)
    assert unsure_kind(tracker) == "refine"


@pytest.mark.parametrize(("text", "place", "code", "language"), CORRECTIONS)
async def test_a_correction_opening_with_no_keeps_the_topic(
    fact_services, text, place, code, language
):
    last = dict(PARTNERS, query="water clusters", filters={"country": "BE", "sector": "Water"})
    tracker = after(
        text, "inform", entities=[entity(text, "country", place)], language=language, last=last
    )
    dispatcher = CollectingDispatcher()
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    searched = slots_of(events)["last_search"]
    assert searched["filters"]["country"] == code and searched["query"] == "water clusters"
    # the sector is kept, or (the country has no water cluster) dropped and said, the topic's
    # words still searched (actions.partners.search.relaxed)
    said = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert searched["filters"].get("sector") == "Water" or "Water" in said


# -- 3. partners after calls read as a question about clusters --------------------------------

CALLS = {"kind": "calls", "query": "hydrogen", "filters": {}, "ids": ["x"]}
CLUSTERS_ON_IT = [
    ("quels clusters travaillent là-dessus ?", "fr"),
    ("¿qué clústeres trabajan en eso?", "es"),
    ("which clusters work on that?", None),
    ("welche Cluster arbeiten daran?", "de"),
]


@pytest.mark.parametrize(("text", "language"), CLUSTERS_ON_IT)
async def test_clusters_on_the_calls_topic_are_searched_in_this_turn(fact_services, text, language):
    dispatcher = CollectingDispatcher()
    tracker = after(text, "ask_cluster_facts", language=language, last=CALLS, history=AFTER_CALLS)
    events = await ActionClusterFacts().run(dispatcher, tracker, {})
    assert not [e for e in events if e.get("event") == "followup"]
    searched = slots_of(events)["last_search"]
    assert searched["kind"] == "partners" and "hydrogen" in searched["query"]
    types = [(m.get("custom") or {}).get("type") for m in dispatcher.messages]
    assert "partner_results" in types


# -- 4. the partner request written as a noun --------------------------------------------------

SEARCH_NOUNS = [
    ("Partnersuche", "de"),
    ("Partnervermittlung bitte", "de"),
    ("búsqueda de socios", "es"),
    ("ricerca di partner", "it"),
    ("poszukiwanie partnerów", "pl"),
    ("zoektocht naar partners", "nl"),
    ("pesquisa de parceiros", "pt"),
    ("partner search please", None),
]


@pytest.mark.parametrize(("text", "language"), SEARCH_NOUNS)
def test_a_partner_request_as_a_noun_leaves_the_topic_to_the_form(text, language):
    assert form_topic(text, [], language) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [("Partnersuche Holzbau", "de"), ("búsqueda de socios en turismo", "es")],
)
def test_a_partner_request_as_a_noun_with_a_topic_keeps_it(text, language):
    assert form_topic(text, [], language)


# -- 5. an instrument follow-up naming the programme that funds it ------------------------------

#: (question, language, instrument in context, the card that answers, the funder named)
FUNDER_FOLLOW_UPS = [
    ("how much COSME money did it get?", None, "cluster-excellence-programme",
     "excellence-budget", "COSME"),
    ("wie viel COSME-Geld hat es bekommen?", "de", "cluster-excellence-programme",
     "excellence-budget", "COSME"),
    ("combien d'argent COSME a-t-il reçu pour ses projets ?", "fr",
     "european-observatory-for-clusters", "observatory-budget", "COSME"),
    ("¿cuánto dinero de COSME recibió para su trabajo?", "es",
     "european-observatory-for-clusters", "observatory-budget", "COSME"),
    ("en hoeveel COSME-geld kreeg het?", "nl", "european-observatory-for-clusters",
     "observatory-budget", "COSME"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language", "current", "card", "funder"), FUNDER_FOLLOW_UPS)
async def test_the_funder_named_in_a_follow_up_keeps_the_instrument(
    fact_services, text, language, current, card, funder
):
    found = fact_services.lookup(current)
    dispatcher = CollectingDispatcher()
    tracker = conversation(
        text,
        "ask_instrument",
        entities=[entity(text, "instrument", funder)],
        language=language,
        said_in=language,
        history=[
            {"event": "user", "text": f"what is {found.name}?", "parse_data": {}},
            {"event": "slot", "name": "instrument", "value": found.name},
            "action_explain_instrument",
        ],
        instrument=funder,  # NLU's entity fills the slot before the action runs
    )
    await ActionExplainInstrument().run(dispatcher, tracker, {})
    [answer] = [m["custom"] for m in dispatcher.messages if (m.get("custom") or {}).get("type")]
    assert answer["card_id"] == card


async def test_the_programme_asked_about_on_its_own_is_answered(fact_services):
    text = "what is the budget of COSME?"
    found = fact_services.lookup("cluster-excellence-programme")
    dispatcher = CollectingDispatcher()
    tracker = conversation(
        text,
        "ask_instrument",
        entities=[entity(text, "instrument", "COSME")],
        history=["action_explain_instrument"],
        instrument=found.name,
    )
    await ActionExplainInstrument().run(dispatcher, tracker, {})
    [answer] = [m["custom"] for m in dispatcher.messages if (m.get("custom") or {}).get("type")]
    assert answer["instrument"] == "cosme"


# -- 6. a refinement in another language searches the kept query in its own language ----------

SWITCHES = [
    # (refinement, its language, the place as written, code, the first search's language)
    ("and Belgium?", None, "Belgium", "BE", "de"),
    ("what about Italy?", None, "Italy", "IT", "es"),
    ("et en France ?", "fr", "France", "FR", "pl"),
    ("¿y en España?", "es", "España", "ES", "fr"),
    ("e in Italia?", "it", "Italia", "IT", "pt"),
    ("a w Polsce?", "pl", "Polsce", "PL", "it"),
    ("en in Nederland?", "nl", "Nederland", "NL", "pl"),
    ("e em Portugal?", "pt", "Portugal", "PT", "nl"),
]


@pytest.mark.parametrize(("text", "language", "place", "code", "before"), SWITCHES)
async def test_a_place_in_another_language_searches_the_kept_query_as_before(
    fact_services, monkeypatch, text, language, place, code, before
):
    from actions.dialogue import navigation

    searched = []

    async def record(dispatcher, query, filters, lang="en", language=None, refining=False):
        searched.append((query, filters.country, filters.sector, language))
        return []

    monkeypatch.setattr(navigation, "search_partners", record)
    last = dict(PARTNERS, query="Elektrofahrzeuge", filters={"country": "FR", "sector": "Energy"})
    if before:
        last["language"] = before
    tracker = after(
        text, "inform", entities=[entity(text, "country", place)], language=language, last=last
    )
    await ActionRefineSearch().run(CollectingDispatcher(), tracker, {})
    assert searched == [("Elektrofahrzeuge", code, "Energy", before)]


async def test_a_first_search_in_no_told_language_is_refined_in_the_messages(
    fact_services, monkeypatch
):
    """An undetected (or English) first search, refined in German: the multilingual encoder of
    the refinement's language reads either language."""
    from actions.dialogue import navigation

    searched = []

    async def record(dispatcher, query, filters, lang="en", language=None, refining=False):
        searched.append(language)
        return []

    monkeypatch.setattr(navigation, "search_partners", record)
    text = "und in Österreich?"
    last = dict(PARTNERS, query="Kunststoffrecycling", filters={"country": "DE"})
    tracker = after(
        text, "inform", entities=[entity(text, "country", "Österreich")], language="de", last=last
    )
    await ActionRefineSearch().run(CollectingDispatcher(), tracker, {})
    assert searched == ["de"]


async def test_a_new_topic_in_another_language_is_searched_in_that_language(
    fact_services, monkeypatch
):
    from actions.dialogue import navigation

    searched = []

    async def record(dispatcher, query, filters, lang="en", language=None, refining=False):
        searched.append((query, language))
        return []

    monkeypatch.setattr(navigation, "search_partners", record)
    last = dict(PARTNERS, query="aerospace", language="de")
    tracker = after("et pour le bois ?", "inform", language="fr", last=last)
    await ActionRefineSearch().run(CollectingDispatcher(), tracker, {})
    [(query, language)] = searched
    assert "bois" in query and language == "fr"


# -- 7. partners asked after calls go back to the partner list the calls followed -------------

FIRST_LIST = {
    "kind": "partners",
    "query": "energy clusters",
    "filters": {"country": "NO", "sector": "Energy"},
    "ids": ["a"],
}
CALLS_ON_IT = {"kind": "calls", "query": "energy", "filters": {}, "ids": ["x"]}


def _back_to_partners(text, intent, entities, language=None, first=FIRST_LIST):
    history = [
        {"event": "slot", "name": "last_search", "value": first},
        "action_search_partners",
        {"event": "slot", "name": "last_search", "value": CALLS_ON_IT},
        "action_search_calls",
    ]
    tracker = conversation(
        text,
        intent,
        ranking=[(intent, 0.6)],
        entities=entities,
        language=language,
        said_in=language,
        history=history,
        last_search=CALLS_ON_IT,
        country="NO",
        sector="Energy",
    )
    return tracker


BACK_WITH_A_LABEL = [
    ("back to the clusters: only those with a gold label", "gold label", None),
    ("wróćmy do klastrów, tylko te ze złotym certyfikatem", "złotym certyfikatem", "pl"),
    ("zurück zu den Clustern, nur die mit Gold-Label", "Gold-Label", "de"),
]


@pytest.mark.parametrize(("text", "label", "language"), BACK_WITH_A_LABEL)
async def test_a_label_after_calls_keeps_the_first_lists_place_and_sector(
    fact_services, text, label, language
):
    tracker = _back_to_partners(
        text, "inform", [dict(entity(text, "label", label), value="gold")], language
    )
    events = await ActionRefineSearch().run(CollectingDispatcher(), tracker, {})
    searched = slots_of(events)["last_search"]
    assert searched["kind"] == "partners"
    assert searched["filters"].get("label") == "gold"
    assert searched["filters"].get("country") == "NO"
    assert searched["filters"].get("sector") == "Energy"


async def test_partners_after_calls_without_an_earlier_list_keep_no_place(fact_services):
    text = "who could work on this with us?"
    tracker = conversation(
        text,
        "find_calls",
        ranking=[("find_calls", 0.6)],
        history=[{"event": "slot", "name": "last_search", "value": CALLS_ON_IT}],
        last_search=CALLS_ON_IT,
        country="NO",
    )
    events = await ActionSearchCalls().run(CollectingDispatcher(), tracker, {})
    searched = slots_of(events)["last_search"]
    assert searched["kind"] == "partners" and "country" not in searched["filters"]


# -- 8. a correction naming two countries --------------------------------------------------------

TWO_COUNTRIES = [
    ("sorry, I meant Portugal or Spain", ("Portugal", "Spain"), None),
    ("Entschuldigung, ich meinte Portugal oder Spanien", ("Portugal", "Spanien"), "de"),
    ("perdón, quería decir Portugal o España", ("Portugal", "España"), "es"),
    ("przepraszam, raczej Portugalia albo Hiszpania", ("Portugalia", "Hiszpania"), "pl"),
]


@pytest.mark.parametrize(("text", "places", "language"), TWO_COUNTRIES)
async def test_two_countries_search_the_first_with_results(fact_services, text, places, language):
    """The profiles have tourism clusters in Spain and none in Portugal (or Italy)."""
    entities = [entity(text, "country", p) for p in places]
    last = dict(PARTNERS, query="tourism", filters={"country": "IT", "sector": "Tourism"})
    tracker = after(text, "inform", entities=entities, language=language, last=last)
    events = await ActionRefineSearch().run(CollectingDispatcher(), tracker, {})
    searched = slots_of(events)["last_search"]
    assert searched["filters"]["country"] == "ES" and searched["filters"]["sector"] == "Tourism"
    assert searched["ids"]


# -- 9. a budget follow-up with the number in words ---------------------------------------------

NUMBER_IN_WORDS = [
    ("can a single project get five million euros?", None),
    ("un projet peut-il recevoir cinq millions d'euros ?", "fr"),
    ("kann ein einzelnes Projekt fünf Millionen Euro bekommen?", "de"),
    ("¿puede un proyecto recibir cinco millones de euros?", "es"),
    ("un progetto può ricevere cinque milioni di euro?", "it"),
    ("czy jeden projekt może dostać pięć milionów euro?", "pl"),
    ("kan één project vijf miljoen euro krijgen?", "nl"),
]


@pytest.mark.parametrize(("text", "language"), NUMBER_IN_WORDS)
def test_a_number_in_words_is_read_as_its_digits(text, language):
    """The figure asked about, written in words, is compared with the cards' values ("max €5
    million per project"): :func:`knowledge.facts.question.numbers_of`."""
    assert numbers_of(text) == {"5"}


@pytest.mark.parametrize("text", ["de los dos socios", "le nouveau programme neuf", "sei sicuro?"])
def test_words_that_are_also_common_words_are_no_numbers(text):
    assert numbers_of(text) == set()


# -- 10. a cluster-facts reading that points back at the instrument -----------------------------

IN_IT = [
    ("and how many cluster organisations are in it?", None),
    ("how many SMEs took part in it?", None),
    ("wie viele Cluster-Organisationen sind daran beteiligt?", "de"),
    ("hoeveel clusterorganisaties doen eraan mee?", "nl"),
]


@pytest.mark.parametrize(("text", "language"), IN_IT)
async def test_a_cluster_question_pointing_back_is_about_the_instrument(
    fact_services, text, language
):
    found = fact_services.lookup("escp-4i")
    dispatcher = CollectingDispatcher()
    tracker = conversation(
        text,
        "ask_cluster_facts",
        language=language,
        said_in=language,
        history=[
            {"event": "user", "text": "what is ESCP-4i?", "parse_data": {}},
            {"event": "slot", "name": "instrument", "value": found.name},
            "action_explain_instrument",
        ],
        instrument=found.name,
    )
    await ActionClusterFacts().run(dispatcher, tracker, {})
    [answer] = [m["custom"] for m in dispatcher.messages if (m.get("custom") or {}).get("type")]
    assert answer["instrument"] == "escp-4i"


@pytest.mark.parametrize(
    "text", ["is it true that strong clusters pay higher wages?", "how many clusters are there?"]
)
async def test_a_cluster_question_not_pointing_back_stays_a_cluster_question(fact_services, text):
    found = fact_services.lookup("escp-4i")
    tracker = conversation(
        text, "ask_cluster_facts", history=["action_explain_instrument"], instrument=found.name
    )
    from actions.funding.instruments import _in_the_instrument

    assert not _in_the_instrument(tracker)


async def test_kept_filters_that_leave_nothing_are_loosened(fact_services):
    """No profile is a Norwegian tourism cluster: the first list's sector goes, its place stays."""
    text = "who could work on this with us?"
    first = dict(FIRST_LIST, filters={"country": "NO", "sector": "Tourism"})
    tracker = _back_to_partners(text, "find_calls", [], first=first)
    events = await ActionSearchCalls().run(CollectingDispatcher(), tracker, {})
    searched = slots_of(events)["last_search"]
    assert searched["filters"].get("country") == "NO" and "sector" not in searched["filters"]
    assert searched["ids"]
