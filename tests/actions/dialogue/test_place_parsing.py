"""Places in other languages on the action side: typos after a locative preposition of the
reply languages, and the country a region lies in (actions/dialogue/parsing.py,
knowledge/regions.py). Names from CLDR/CORDIS and NUTS 2021."""

from __future__ import annotations

import pytest

from actions.dialogue.parsing import misspelt_country, partner_request
from knowledge.regions import region_table


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("des partenaires en Alemagne", "DE"),  # Allemagne (fr), one letter short
        ("Cluster im Östereich", "AT"),  # Österreich (de)
        ("klastry w Niemczach", "DE"),  # Niemczech (pl), one letter wrong
        ("socios em Itállia", "IT"),  # Itália (pt)
        ("clusters in Styria", None),  # a region's name is no misspelt Syria
        ("clusters en energía", None),
        ("partners in mining", None),
    ],
)
def test_country_typo_after_a_preposition_of_the_reply_languages(text, code):
    found = misspelt_country(text)
    assert (found[0] if found else None) == code


@pytest.mark.parametrize(
    ("name", "codes", "country"),
    [
        ("Madrid", {"ES30"}, "ES"),  # NUTS 3 ES300, all of its NUTS 2 region ES30
        ("Wien", {"AT13"}, "AT"),  # AT130, all of AT13
        ("Douro", {"PT11D"}, "PT"),  # one of several NUTS 3 units of Norte: kept
        ("Graz", {"AT221"}, "AT"),
        ("Scotland", {"UKM"}, "GB"),  # NUTS 1, ISO code of the UK
        ("Schotland", {"UKM"}, "GB"),  # its Dutch name (regions.yml)
        ("Pomorze Zachodnie", {"PL42"}, "PL"),
    ],
)
def test_region_resolves_with_its_country(name, codes, country):
    assert set(region_table().resolve(name).codes) == codes
    assert region_table().country_of(name) == country


def test_a_region_value_fills_the_country_filter():
    text = "aerospace cluster in Madrid"
    entity = {"entity": "region", "value": "Madrid", "start": 21, "end": 27}
    request = partner_request(text, [entity])
    assert (request.filters.country, request.filters.region) == ("ES", "Madrid")
    # A country the user named wins; an unknown region names no country.
    both = [entity, {"entity": "country", "value": "PT", "start": 0, "end": 9}]
    assert partner_request(text, both).filters.country == "PT"
    assert region_table().country_of("Rhine-Neckar") is None


async def test_refine_with_a_region_takes_its_country(services, dispatcher):
    from actions.dialogue.navigation import ActionRefineSearch
    from actions.partners.search import ActionSearchPartners
    from tests.actions.support import entity, make_tracker

    first = make_tracker("hydrogen storage", partner_query="hydrogen storage", country="DE")
    first.latest_message["intent"] = {"name": "find_partners"}
    events = await ActionSearchPartners().run(dispatcher, first, {})
    last = next(e["value"] for e in events if e.get("name") == "last_search")
    text = "and in Madrid?"
    tracker = make_tracker(text, [entity(text, "region", "Madrid")], last_search=last)
    tracker.latest_message["intent"] = {"name": "inform"}
    events = await ActionRefineSearch().run(dispatcher, tracker, {})
    new = next(e["value"] for e in events if e.get("name") == "last_search")
    assert new["filters"] == {"country": "ES", "region": "Madrid"}


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("a cluster near Lyon for plastics recycling", "Lyon", "FR"),
        ("partners in the Turin area for aerospace", "Turin", "IT"),
        ("klastry we Wrocławiu", "Wrocław", "PL"),
        ("clusters perto de Matosinhos", "Matosinhos", "PT"),
    ],
)
def test_a_profile_city_fills_the_country_filter(text, city, country):
    span = text.index(city[:5])
    end = text.index(" ", span) if " " in text[span:] else len(text)
    request = partner_request(
        text, [{"entity": "region", "value": city, "start": span, "end": end}]
    )
    assert (request.filters.country, request.filters.region) == (country, city)


@pytest.mark.parametrize(
    ("text", "region", "country", "code"),
    [
        ("robotics clusters in Bavaria, Germany", "Bavaria", "Germany", "DE"),
        ("clústeres de salud en Cataluña (España)", "Cataluña", "España", "ES"),
        ("Noord-Brabant in Nederland, waterstof", "Noord-Brabant", "Nederland", "NL"),
    ],
)
def test_a_region_and_its_country_are_both_filters(text, region, country, code):
    entities = [
        {"entity": "region", "value": region, "start": text.index(region),
         "end": text.index(region) + len(region)},
        {"entity": "country", "value": country, "start": text.index(country),
         "end": text.index(country) + len(country)},
    ]  # fmt: skip
    filters = partner_request(text, entities).filters
    assert (filters.country, filters.region) == (code, region)
