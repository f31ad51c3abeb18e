"""Context across turns, session 15 (issue 13 part 3): the classes the unread sets still lost.

1. Right after a calls list, a request for the organisations that could work on its topic ("who
   could work on this with us", "organisations active on it", "any companies doing that") is a
   partner search on the calls' topic, not calls again, whatever NLU called it
   (``find_calls``, ``out_of_scope``, ``nlu_fallback``).
2. Right after a partner list, a short fragment continues it: a place ("others in X?"), or asks
   for the next page ("show me a few more", "noch mehr bitte", "más por favor"), or is a sector
   alone ("agri-food", "Lebensmittel?").
3. A partner request naming no topic leaves the topic to the form, which asks for it: a greeting,
   getting in touch, partners anywhere in Europe and compound partner nouns name no topic.

Written from each language's grammar; the topic (hydrogen) is one of the open calls' topics.
"""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.follow_up import ActionFollowUp, follow_up_kind, unsure_kind
from actions.dialogue.forms import form_topic, requested_feature
from actions.funding.calls import ActionSearchCalls
from tests.actions.dialogue.test_continuation import AFTER_CALLS, after
from tests.actions.support import conversation, entity, slots_of

CALLS = {"kind": "calls", "query": "hydrogen", "filters": {}, "ids": ["x"]}

# -- 1. partners after a calls list ---------------------------------------------------------

WHO_WORKS_ON_IT = [
    ("who could work on this with us?", None),
    ("are there organisations active on it?", None),
    ("any companies doing that?", None),
    ("welche Organisationen sind da aktiv?", "de"),
    ("wer könnte mit uns daran arbeiten?", "de"),
    ("quelles organisations sont actives là-dessus ?", "fr"),
    ("qui pourrait travailler avec nous sur ça ?", "fr"),
    ("¿qué organizaciones trabajan en esto?", "es"),
    ("¿quién podría trabajar con nosotros en eso?", "es"),
    ("quali organizzazioni sono attive su questo?", "it"),
    ("chi potrebbe lavorare con noi su questo?", "it"),
    ("jakie organizacje się tym zajmują?", "pl"),
    ("kto mógłby z nami nad tym pracować?", "pl"),
    ("welke organisaties zijn daarmee bezig?", "nl"),
    ("wie zou daaraan met ons kunnen werken?", "nl"),
    ("que organizações trabalham nisso?", "pt"),
    ("quem poderia trabalhar connosco nisso?", "pt"),
]


@pytest.mark.parametrize(("text", "language"), WHO_WORKS_ON_IT)
def test_organisations_working_on_it_ask_for_partners(text, language):
    assert requested_feature(text) == "find_partners"


@pytest.mark.parametrize(("text", "language"), WHO_WORKS_ON_IT)
async def test_a_calls_reading_after_calls_searches_partners(fact_services, text, language):
    dispatcher = CollectingDispatcher()
    tracker = after(text, "find_calls", language=language, last=CALLS, history=AFTER_CALLS)
    events = await ActionSearchCalls().run(dispatcher, tracker, {})
    last = slots_of(events)["last_search"]
    assert last["kind"] == "partners" and "hydrogen" in last["query"]


@pytest.mark.parametrize(("text", "language"), WHO_WORKS_ON_IT)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_an_unsure_reading_after_calls_is_a_partner_search(fact_services, text, language, intent):
    tracker = after(text, intent, language=language, last=CALLS, history=AFTER_CALLS)
    kind = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert kind == "partners"


@pytest.mark.parametrize(
    "text",
    [
        "which organisations can apply?",
        "can companies from Norway take part?",
        "welche Organisationen dürfen sich bewerben?",
        "quelles entreprises peuvent candidater ?",
    ],
)
def test_who_may_apply_names_no_partner_request(text):
    assert requested_feature(text) is None


# -- 2. fragments after a partner list ------------------------------------------------------

PLACE_FRAGMENTS = [
    ("maybe austria?", "austria", "country", None),
    ("dann die Steiermark", "Steiermark", "region", "de"),
    ("d'autres en Espagne ?", "Espagne", "country", "fr"),
    ("¿hay otros en Portugal?", "Portugal", "country", "es"),
    ("altri in Spagna?", "Spagna", "country", "it"),
    ("jakieś inne w Niemczech?", "Niemczech", "country", "pl"),
    ("andere in Duitsland?", "Duitsland", "country", "nl"),
    ("outros na França?", "França", "country", "pt"),
    ("others in sweden?", "sweden", "country", None),
    ("gibt es noch andere in Deutschland?", "Deutschland", "country", "de"),
]


@pytest.mark.parametrize(("text", "place", "kind", "language"), PLACE_FRAGMENTS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_a_place_fragment_after_partners_refines_them(
    fact_services, text, place, kind, language, intent
):
    tracker = after(text, intent, entities=[entity(text, kind, place)], language=language)
    found = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert found == "refine"


MORE = [
    ("show me a few more", None),
    ("noch mehr bitte", "de"),
    ("encore d'autres ?", "fr"),
    ("más por favor", "es"),
    ("mostrami altri risultati", "it"),
    ("pokaż więcej", "pl"),
    ("nog meer graag", "nl"),
    ("mostra mais", "pt"),
]


@pytest.mark.parametrize(("text", "language"), MORE)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_more_after_partners_is_their_next_page(fact_services, text, language, intent):
    tracker = after(text, intent, language=language)
    found = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert found == "more"


@pytest.mark.parametrize(("text", "language"), MORE[:3])
def test_more_without_a_list_before_is_no_page(fact_services, text, language):
    tracker = conversation(
        text, "out_of_scope", language=language, said_in=language, history=["utter_greet"]
    )
    assert unsure_kind(tracker) != "more"


@pytest.mark.parametrize("text", ["more about the weather", "tell me more about COSME"])
def test_more_with_other_words_is_no_page(fact_services, text):
    assert unsure_kind(after(text)) != "more"


async def test_more_after_partners_sends_their_next_page(fact_services):
    dispatcher = CollectingDispatcher()
    last = {
        "kind": "partners",
        "query": "hydrogen",
        "filters": {},
        "ids": ["a"],
        "offset": 0,
        "page_size": 5,
        "total": 40,
    }
    tracker = after("noch mehr bitte", language="de", last=last)
    events = await ActionFollowUp().run(dispatcher, tracker, {})
    assert slots_of(events)["last_search"]["offset"] == 5
    types = [(m.get("custom") or {}).get("type") for m in dispatcher.messages]
    assert "partner_results" in types


SECTOR_FRAGMENTS = [
    ("agri-food", "agri-food", None),
    ("agrifood maybe?", "agrifood", None),
    ("Lebensmittel", "Lebensmittel", "de"),
    ("textile", "textile", "fr"),
    ("turismo?", "turismo", "es"),
    ("logistica", "logistica", "it"),
    ("energetyka", "energetyka", "pl"),
    ("chemie?", "chemie", "nl"),
    ("saúde", "saúde", "pt"),
]


@pytest.mark.parametrize(("text", "sector", "language"), SECTOR_FRAGMENTS)
@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_a_sector_alone_after_partners_refines_them(fact_services, text, sector, language, intent):
    tracker = after(text, intent, entities=[entity(text, "sector", sector)], language=language)
    found = unsure_kind(tracker) if intent == "out_of_scope" else follow_up_kind(tracker)
    assert found == "refine"


@pytest.mark.parametrize("text", ["logistics", "tourism?"])
def test_a_sector_name_nlu_missed_after_partners_refines_them(fact_services, text):
    assert unsure_kind(after(text)) == "refine"


@pytest.mark.parametrize("text", ["pizza recipes", "cool thanks", "football results"])
def test_other_short_words_after_partners_are_no_sector(fact_services, text):
    assert unsure_kind(after(text)) != "refine"


# -- 3. a partner request naming no topic: the form asks ------------------------------------

VAGUE_REQUESTS = [
    ("we'd like to get in touch with a few clusters abroad", "en"),
    ("our small business needs reliable partners across Europe", "en"),
    ("Guten Morgen, unser Betrieb sucht europäische Kooperationspartner", "de"),
    ("bonjour, nous cherchons des partenaires étrangers pour notre PME", "fr"),
    ("hola, buscamos socios europeos para nuestra empresa", "es"),
    ("buongiorno, cerchiamo partner in tutta Europa", "it"),
    ("dzień dobry, szukamy partnerów w całej Unii", "pl"),
    ("wij zoeken samenwerkingspartners in Europa", "nl"),
    ("bom dia, procuramos parceiros europeus para a nossa empresa", "pt"),
    ("olá, gostaríamos de encontrar parceiros noutros países", "pt"),
]


@pytest.mark.parametrize(("text", "language"), VAGUE_REQUESTS)
def test_a_request_naming_no_topic_leaves_the_topic_to_the_form(text, language):
    assert form_topic(text, [], language) is None


@pytest.mark.parametrize(
    ("text", "language", "word"),
    [
        ("good morning, we look for hydrogen partners across Europe", "en", "hydrogen"),
        ("Guten Tag, wir suchen Kooperationspartner für Holzbau", "de", "Holzbau"),
        ("olá, procuramos parceiros europeus para cortiça", "pt", "cortiça"),
    ],
)
def test_a_greeting_and_a_reach_keep_the_topic_named(text, language, word):
    assert word in (form_topic(text, [], language) or "")
