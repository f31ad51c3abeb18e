"""A negated place is left out of the real results, never searched in (issue 13, fourth-set
class 1): "not in Germany", "hors de France", "excepto España", "poza Polską", "behalve
Nederland". The exclusion is an exact filter of the search over the shipped profiles, shown in
the reply's filters line in the conversation's language, and kept by a refinement."""

from __future__ import annotations

import pytest

from actions.dialogue.parsing import partner_request, split_exclusions
from actions.partners.search import ActionSearchPartners
from knowledge.partners.query import PartnerFilters
from taxonomy.countries import EU_MEMBER_STATES
from tests.actions.support import entity, make_tracker

CASES = [
    # (message, place as written, its entity value, excluded code, conversation language, word)
    ("hydrogen clusters, but not in Germany", "Germany", "Germany", "DE", "en", "excluding"),
    ("Wasserstoff-Cluster, aber nicht in Deutschland", "Deutschland", "DE", "DE", "de", "ohne"),
    ("des clusters du textile hors de France", "France", "FR", "FR", "fr", "sauf"),
    ("clústeres de baterías excepto España", "España", "ES", "ES", "es", "excepto"),
    ("cluster agroalimentari tranne l'Italia", "Italia", "IT", "IT", "it", "escluso"),
    ("klastry energetyczne poza Polską", "Polską", "PL", "PL", "pl", "wyjątkiem"),
    ("clusters voor waterstof behalve Nederland", "Nederland", "NL", "NL", "nl", "behalve"),
    ("clusters de saúde fora de Portugal", "Portugal", "PT", "PT", "pt", "exceto"),
]


def _payload(messages):
    return next(m["custom"] for m in messages if m.get("custom"))


@pytest.mark.parametrize(("text", "place", "value", "code", "lang", "word"), CASES)
async def test_a_negated_country_is_excluded_from_real_results(
    services, dispatcher, profiles, text, place, value, code, lang, word
):
    # Rasa fills the country slot from the entity; the action must not search inside it.
    tracker = make_tracker(text, [entity(text, "country", place) | {"value": value}],
                           said_in=lang, country=value)  # fmt: skip
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    payload = _payload(dispatcher.messages)
    assert payload["filters"].get("exclude_country") == code
    assert "country" not in payload["filters"]
    assert payload["items"], text
    assert all(item["country"] != code for item in payload["items"])
    reply = next(m["text"] for m in dispatcher.messages if m.get("text") and m.get("custom"))
    assert word in reply  # "excluding Germany", "ohne Deutschland", "sauf France"...
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["country"] is None
    assert place not in (slots["partner_query"] or "")


async def test_nordics_but_not_sweden_keeps_the_filter_and_drops_the_negated_one(
    services, dispatcher
):
    text = "partners in Denmark for wind energy, but not Sweden"
    entities = [entity(text, "country", "Denmark"), entity(text, "country", "Sweden")]
    tracker = make_tracker(text, entities, country="Denmark")
    await ActionSearchPartners().run(dispatcher, tracker, {})
    payload = _payload(dispatcher.messages)
    assert payload["filters"]["country"] == "DK"
    assert payload["filters"]["exclude_country"] == "SE"
    assert {item["country"] for item in payload["items"]} == {"DK"}


def test_the_searcher_applies_the_exclusion_exactly(fake_services, profiles):
    searcher = fake_services.partner_searcher(None)
    excluded = PartnerFilters.parse(exclude_country="Germany,FR")
    assert excluded.exclude_country == "DE,FR"
    without = searcher.search("clusters", excluded, k=100)
    german_or_french = sum(p.country in ("DE", "FR") for p in profiles)
    assert german_or_french
    assert without.total == len(profiles) - german_or_french
    pages = [searcher.search("clusters", excluded, k=100, offset=o) for o in range(0, 400, 100)]
    assert not {m.profile.country for page in pages for m in page.matches} & {"DE", "FR"}


def test_a_negated_region_is_excluded_and_its_country_kept():
    text = "robotics clusters in Germany but not in Bavaria"
    entities = [entity(text, "country", "Germany"), entity(text, "region", "Bavaria")]
    request = partner_request(text, entities)
    assert request.filters.country == "DE"
    assert request.filters.region is None
    assert request.filters.exclude_region == "Bavaria"
    assert "Bavaria" not in request.query and "not" not in request.query.split()


def test_negated_typo_and_unknown_country():
    request = partner_request("textile partners not in Germny", [])
    assert (request.filters.country, request.filters.exclude_country) == (None, "DE")
    assert request.query == "textile partners"
    text = "clusters except Xyzland"
    kept, excluded = split_exclusions(text, [entity(text, "country", "Xyzland")])
    assert kept == [] and excluded.unknown == ("Xyzland",)


async def test_a_refinement_adds_the_exclusion_to_the_last_search(services, dispatcher):
    from actions.dialogue.navigation import ActionRefineSearch

    first = "hydrogen clusters"
    tracker = make_tracker(first, [])
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    last = next(e["value"] for e in events if e.get("name") == "last_search")
    text = "and not in Germany?"
    dispatcher.messages.clear()
    tracker = make_tracker(text, [entity(text, "country", "Germany")], intent="inform",
                           last_search=last, country="Germany")  # fmt: skip
    await ActionRefineSearch().run(dispatcher, tracker, {})
    payload = _payload(dispatcher.messages)
    assert payload["filters"].get("exclude_country") == "DE"
    assert "country" not in payload["filters"]
    assert all(item["country"] != "DE" for item in payload["items"])


@pytest.mark.parametrize(
    ("text", "place", "code", "lang"),
    [
        ("clusters not in Germany", "Germany", "DE", "en"),
        ("Cluster außer Frankreich", "Frankreich", "FR", "de"),
        ("klastry poza Polską", "Polską", "PL", "pl"),
    ],
)
async def test_an_exclusion_alone_is_a_search(services, dispatcher, text, place, code, lang):
    tracker = make_tracker(text, [entity(text, "country", place) | {"value": code}], said_in=lang)
    await ActionSearchPartners().run(dispatcher, tracker, {})
    payload = _payload(dispatcher.messages)
    assert payload["filters"] == {"exclude_country": code}
    assert payload["total"] > 0
    assert all(item["country"] != code for item in payload["items"])


# --- sectors and the European Union left out (session 18, issue 13 part 2, class 1) -----------

SECTOR_CASES = [
    # (message, sector as written, entity value, the sector label left out, language, word)
    ("clusters in Spain, any sector except aerospace", "aerospace", "aerospace",
     "Aerospace & Space", "en", "excluding"),
    ("no tourism clusters in Italy please", "tourism", "tourism", "Tourism", "en", "excluding"),
    ("Cluster in Frankreich, außer Energie", "Energie", "Energy", "Energy", "de", "ohne"),
    ("des clusters en Pologne sauf le tourisme", "tourisme", "Tourism", "Tourism", "fr", "sauf"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "written", "value", "label", "lang", "word"), SECTOR_CASES)
async def test_a_negated_sector_is_left_out_of_real_results(
    services, dispatcher, profiles, text, written, value, label, lang, word
):
    # Rasa fills the sector slot from the entity; the action must not search inside it.
    ents = [entity(text, "sector", written) | {"value": value}]
    ents += [entity(text, "country", c) for c in ("Spain", "Italy", "Frankreich", "Pologne")
             if c in text]  # fmt: skip
    tracker = make_tracker(text, ents, said_in=lang, sector=value)
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    payload = _payload(dispatcher.messages)
    assert payload["filters"].get("exclude_sector") == label
    assert "sector" not in payload["filters"]
    assert payload["items"], text
    shown = {item["id"] for item in payload["items"]}
    by_id = {p.id: p for p in profiles}
    assert not any(label in by_id[i].sectors for i in shown)
    reply = next(m["text"] for m in dispatcher.messages if m.get("text") and m.get("custom"))
    assert word in reply and label in reply
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["sector"] is None
    assert written not in (slots["partner_query"] or "")


def test_the_searcher_never_shows_an_excluded_sector(fake_services, profiles):
    searcher = fake_services.partner_searcher(None)
    excluded = PartnerFilters.parse(exclude_sector="aerospace,Tourism")
    assert excluded.exclude_sector == "Aerospace & Space,Tourism"
    left_out = {"Aerospace & Space", "Tourism"}
    with_them = sum(bool(left_out & set(p.sectors)) for p in profiles)
    assert with_them
    assert searcher.search("clusters", excluded, k=100).total == len(profiles) - with_them
    pages = [searcher.search("space", excluded, k=100, offset=o) for o in range(0, 400, 100)]
    assert not any(left_out & set(m.profile.sectors) for page in pages for m in page.matches)


@pytest.mark.parametrize(
    "text",
    [
        "hydrogen partners outside the EU",
        "non-EU clusters for batteries",
        "Wasserstoff-Partner außerhalb der EU",
        "partenaires hors de l'UE pour l'hydrogène",
        "socios fuera de la Unión Europea para baterías",
        "partner per l'idrogeno fuori dall'UE",
        "partnerzy poza Unią Europejską",
        "partners buiten de EU voor waterstof",
        "parceiros fora da UE",
    ],
)
def test_outside_the_eu_leaves_out_the_member_states(text):
    request = partner_request(text, [])
    assert set(request.filters.exclude_country.split(",")) == EU_MEMBER_STATES
    assert request.filters.country is None
    assert "EU" not in request.query and "UE" not in request.query


@pytest.mark.parametrize(
    "text", ["EU clusters for batteries", "no es posible, clusters de la UE", "Unión Europea"]
)
def test_the_eu_named_without_a_cue_is_no_exclusion(text):
    assert partner_request(text, []).filters.exclude_country is None


async def test_outside_the_eu_shows_only_other_countries(services, dispatcher):
    text = "energy clusters outside the EU"
    await ActionSearchPartners().run(dispatcher, make_tracker(text, []), {})
    payload = _payload(dispatcher.messages)
    assert payload["items"]
    assert not {item["country"] for item in payload["items"]} & EU_MEMBER_STATES
    reply = next(m["text"] for m in dispatcher.messages if m.get("text") and m.get("custom"))
    assert "excluding the EU member states" in reply
    assert "Austria" not in reply.split("excluding")[1].split("\n")[0]


async def test_a_refinement_leaves_a_sector_out_of_the_last_search(services, dispatcher):
    from actions.dialogue.navigation import ActionRefineSearch

    first = "clusters in France"
    tracker = make_tracker(first, [entity(first, "country", "France")], country="France")
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    last = next(e["value"] for e in events if e.get("name") == "last_search")
    text = "the same, except aerospace"
    dispatcher.messages.clear()
    tracker = make_tracker(text, [entity(text, "sector", "aerospace")], intent="inform",
                           last_search=last, sector="aerospace")  # fmt: skip
    await ActionRefineSearch().run(dispatcher, tracker, {})
    payload = _payload(dispatcher.messages)
    assert payload["filters"] == {"country": "FR", "exclude_sector": "Aerospace & Space"}
    assert payload["items"]
    assert all(item["country"] == "FR" for item in payload["items"])


def test_a_plain_not_before_a_sector_is_no_exclusion():
    # "not timber but forest biomass": two topics under one sector label; the plain "not"
    # leaves a place out, a sector only after "except", "without", "no ... clusters"
    text = "pas le bois brut mais la biomasse forestière pour la chimie verte"
    ents = [entity(text, "sector", "bois") | {"value": "Forestry & Bioeconomy"},
            entity(text, "sector", "chimie") | {"value": "Chemicals & Plastics"}]  # fmt: skip
    request = partner_request(text, ents)
    assert request.filters.exclude_sector is None
    assert request.filters.sector == "Forestry & Bioeconomy"
    text = "clusters not in Germany"
    request = partner_request(text, [entity(text, "country", "Germany")])
    assert request.filters.exclude_country == "DE"
