"""action_search_partners with a fake embedder over the real shipped profiles."""

from __future__ import annotations

import pytest

from actions import services as composition
from actions.dialogue.parsing import partner_request
from actions.partners.search import PAGE_SIZE, ActionSearchPartners
from tests.actions.support import entity, make_tracker, slots_of


async def run_action(dispatcher, text, entities=None, **slots):
    tracker = make_tracker(text, entities, **slots)
    events = await ActionSearchPartners().run(dispatcher, tracker, {})
    return events, dispatcher.messages


def payloads(messages):
    return [m["custom"] for m in messages if m.get("custom")]


async def test_country_filter_never_leaks_and_payload_matches_text(services, dispatcher, profiles):
    text = "clusters working on textile recycling in France"
    events, messages = await run_action(dispatcher, text, [entity(text, "country", "France")])
    [payload] = payloads(messages)
    assert payload["type"] == "partner_results"
    assert payload["filters"] == {"country": "FR"}
    assert payload["page"] == 1
    french = [p for p in profiles if p.country == "FR"]
    assert len(payload["items"]) == min(PAGE_SIZE, len(french))
    assert {item["country"] for item in payload["items"]} == {"FR"}
    for item in payload["items"]:
        assert set(item) >= {"id", "name", "country", "score", "why", "website"}
        assert item["why"]
    # The text lists the same organisations, in the same order, numbered.
    text_reply = next(m["text"] for m in messages if m.get("text"))
    positions = [text_reply.index(item["name"]) for item in payload["items"]]
    assert positions == sorted(positions)
    assert "1. " in text_reply
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["country"] == "FR"
    # The country name was a filter, so it is not part of the ranking text.
    assert "France" not in slots["partner_query"]


async def test_adjective_and_native_country_names_become_iso_codes(services, dispatcher):
    for word, code in (("German", "DE"), ("Polska", "PL"), ("españa", "ES")):
        text = f"{word} cluster for batteries"
        _, messages = await run_action(dispatcher, text, [entity(text, "country", word)])
        payload = payloads(messages)[-1]
        assert payload["filters"].get("country") == code, word
        assert all(item["country"] == code for item in payload["items"])


async def test_unknown_country_gets_a_suggestion_and_no_search(services, dispatcher):
    text = "partners in Germny for hydrogen"
    events, messages = await run_action(dispatcher, text, [entity(text, "country", "Germny")])
    assert not payloads(messages)
    assert "Germny" in messages[0]["text"]
    assert "Germany" in messages[0]["text"]
    # The bad value is not kept for the next search.
    assert events == [{"event": "slot", "timestamp": None, "name": "country", "value": None}]


async def test_no_topic_and_no_filter_asks_what_is_needed(services, dispatcher):
    _, messages = await run_action(dispatcher, "   ")
    assert not payloads(messages)
    assert "what should they work on" in messages[0]["text"].lower()


async def test_a_sector_the_country_lacks_is_dropped_and_said(services, dispatcher, profiles):
    # Cyprus has one profile in the corpus; a sector it has no cluster of would empty the search
    # in Cyprus: the closest Cypriot clusters come instead, and the user is told which filter went.
    cyprus_sectors = {s for p in profiles if p.country == "CY" for s in p.sectors}
    absent = next(s for s in ("Textiles & Fashion", "Aerospace & Space") if s not in cyprus_sectors)
    text = f"{absent} clusters in Cyprus"
    entities = [entity(text, "country", "Cyprus"), entity(text, "sector", absent)]
    events, messages = await run_action(dispatcher, text, entities)
    [payload] = payloads(messages)
    assert payload["items"] and {i["country"] for i in payload["items"]} == {"CY"}
    assert payload["filters"] == {"country": "CY"}
    assert absent in messages[0]["text"] and "without it" in messages[0]["text"]
    assert not [m for m in messages if m.get("buttons") and "drop_filter" in str(m["buttons"])]
    assert slots_of(events)["sector"] is None


async def test_a_town_without_a_cluster_leaves_the_search_in_its_country(services, dispatcher):
    # "any craic with the lads down in Galway": no profile names Galway, Ireland has clusters
    text = "medtech cluster down in Galway, Ireland"
    entities = [entity(text, "region", "Galway"), entity(text, "country", "Ireland")]
    _, messages = await run_action(dispatcher, text, entities)
    [payload] = payloads(messages)
    assert payload["items"] and {i["country"] for i in payload["items"]} == {"IE"}
    assert payload["filters"] == {"country": "IE"}
    assert "Galway" in messages[0]["text"]


def test_the_country_searched_in_is_the_one_after_a_locative():
    # the sender's country first ("de Portugal"), the one searched in after "na"
    text = "somos de Portugal e procuramos clusters florestais na Finlândia"
    entities = [entity(text, "country", "Portugal"), entity(text, "country", "Finlândia")]
    assert partner_request(text, entities).filters.country == "FI"
    text = "we are from Spain, looking for space clusters in Italy"
    entities = [entity(text, "country", "Spain"), entity(text, "country", "Italy")]
    assert partner_request(text, entities).filters.country == "IT"
    # one country named: it stays whatever precedes it
    text = "clusters from Austria for plastics"
    assert partner_request(text, [entity(text, "country", "Austria")]).filters.country == "AT"


def test_a_town_of_another_country_than_the_one_searched_is_no_filter():
    # a letter: the sender's town beside the request and in the signature
    text = (
        "Wij zijn een bedrijf uit Utrecht en zoeken een cluster in Duitsland. Groet, Jan, Utrecht"
    )
    entities = [entity(text, "region", "Utrecht"), entity(text, "country", "Duitsland")]
    request = partner_request(text, entities)
    assert request.filters.country == "DE"
    assert request.filters.region is None
    # a region of the country searched in stays
    text = "clusters in Bavaria, Germany"
    entities = [entity(text, "region", "Bavaria"), entity(text, "country", "Germany")]
    assert partner_request(text, entities).filters.region == "Bavaria"


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        "🚀🚀🚀",
        "'; DROP TABLE profiles; --",
        "<script>alert(1)</script> partners",
        "Wir suchen Partner für Wasserstoffspeicherung",
        "\x00\x01\x02 binary",
        "the and of to",
    ],
)
async def test_bad_input_gets_a_reply_not_an_exception(services, dispatcher, text):
    _, messages = await run_action(dispatcher, text)
    assert messages, "no reply"
    assert all("Traceback" not in (m.get("text") or "") for m in messages)


async def test_search_failure_is_a_friendly_sentence(dispatcher, fake_services):
    class Broken:
        def search(self, *args, **kwargs):
            raise RuntimeError("index file vanished")

    composition.install(
        composition.Services(fake_services.settings, fake_services.embedder, Broken())
    )
    try:
        _, messages = await run_action(dispatcher, "hydrogen partners")
    finally:
        composition.install(None)
    assert len(messages) == 1
    assert "not working right now" in messages[0]["text"]
    assert "vanished" not in messages[0]["text"]


async def test_without_loaded_services_the_user_still_gets_a_sentence(dispatcher):
    composition.install(None)
    _, messages = await run_action(dispatcher, "hydrogen partners")
    assert "not working right now" in messages[0]["text"]


def test_request_strips_filter_spans_and_keeps_topic():
    text = "hydrogen storage in Bavaria, Germany"
    request = partner_request(
        text, [entity(text, "region", "Bavaria"), entity(text, "country", "Germany")]
    )
    assert request.filters.country == "DE"
    assert request.filters.region == "Bavaria"
    assert "Bavaria" not in request.query and "Germany" not in request.query
    assert request.query.startswith("hydrogen storage")


def test_request_ignores_malformed_entities():
    request = partner_request("batteries", [{"entity": "country"}, "junk", {"start": "x"}])
    assert request.filters.country is None
    assert request.query == "batteries"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "x" * 20000,
        "🚀🔥💡",
        "<script>alert(1)</script> clusters",
        "'; DROP TABLE profiles; --",
        "{{ 7*7 }} ${jndi:ldap://x} {% raw %}",
        "\x00\x01\x02 control",
    ],
)
async def test_odd_messages_never_crash(services, dispatcher, text):
    events, messages = await run_action(dispatcher, text)
    assert messages, "every message gets a reply"
    assert all("Traceback" not in (m.get("text") or "") for m in messages)
    for event in events:
        if event["name"] == "partner_query" and event["value"]:
            assert len(event["value"]) <= 500


@pytest.mark.parametrize(
    "slots",
    [
        {"country": "XX"},
        {"country": 42},
        {"country": {"$ne": 1}},
        {"region": ["a"], "sector": "not a sector"},
        {"partner_query": 12345},
    ],
)
async def test_typed_intent_payloads_with_bad_values(services, dispatcher, slots):
    _, messages = await run_action(dispatcher, '/find_partners{"country": "XX"}', **slots)
    assert messages
    if slots.get("country") == "XX":
        assert "XX" in messages[0]["text"] and not payloads(messages)


def test_button_payload_topic_comes_from_its_entities():
    request = partner_request(
        '/find_partners{"technology": "hydrogen storage", "region": "Bavaria"}',
        [
            {"entity": "technology", "value": "hydrogen storage"},
            {"entity": "region", "value": "Bavaria"},
        ],
    )
    assert request.query == "hydrogen storage"
    assert request.filters.region == "Bavaria"
    assert partner_request("/restart", []).query == ""


# --- excellence label and region filters from the conversation -------------------------------


def _has_level(label: str | None, level: str) -> bool:
    return bool(label) and level in label.casefold().replace("-", " ").split()


async def test_label_entity_filters_and_is_cut_from_the_query(services, dispatcher, profiles):
    text = "gold-labelled clusters working on automotive supply"
    entities = [{**entity(text, "label", "gold-labelled"), "value": "gold label"}]
    events, messages = await run_action(dispatcher, text, entities)
    [payload] = payloads(messages)
    assert payload["filters"] == {"label": "gold"}
    gold = {p.id for p in profiles if _has_level(p.label, "gold")}
    assert payload["total"] == len(gold)
    assert payload["items"] and {item["id"] for item in payload["items"]} <= gold
    assert "label 'gold'" in messages[0]["text"]
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["label"] == "gold"
    assert "gold" not in slots["partner_query"].lower()


async def test_label_slot_is_used_when_the_message_names_none(services, dispatcher, profiles):
    _, messages = await run_action(
        dispatcher, "hydrogen", partner_query="hydrogen", label="any label"
    )
    [payload] = payloads(messages)
    assert payload["filters"] == {"label": "any"}
    assert payload["total"] == sum(1 for p in profiles if p.label)
    assert "any excellence label" in messages[0]["text"]


async def test_native_region_name_and_code_filter_like_the_english_name(services, dispatcher):
    found = []
    for value in ("Bavaria", "Bayern", "DE2"):
        dispatcher.messages.clear()
        text = f"clusters in {value}"
        _, messages = await run_action(
            dispatcher, text, [entity(text, "region", value)], partner_query="clusters"
        )
        [payload] = payloads(messages)
        assert payload["items"], value
        found.append([item["id"] for item in payload["items"]])
    assert found[0] == found[1] == found[2]


async def test_empty_result_offers_to_drop_the_filter_that_emptied_it(services, dispatcher):
    text = "aquaculture clusters in Atlantis"
    events, messages = await run_action(
        dispatcher, text, [entity(text, "region", "Atlantis")], partner_query="aquaculture"
    )
    [payload] = payloads(messages)
    assert payload["items"] == []
    assert "region 'Atlantis'" in messages[0]["text"]
    [offer] = [m for m in messages if m.get("buttons")]
    [button] = offer["buttons"]
    assert button["payload"] == '/inform{"drop_filter": "region"}'
    assert "region" in offer["text"]
    last = next(e["value"] for e in events if e["event"] == "slot" and e["name"] == "last_search")
    assert last["filters"] == {"region": "Atlantis"}


async def test_control_characters_are_not_quoted_back(services, dispatcher):
    text = "hydrogen \x1b[31mstorage\u200b\x00 valleys"
    events, messages = await run_action(dispatcher, text)
    reply = next(m["text"] for m in messages if m.get("text"))
    assert '"hydrogen storage valleys"' in reply
    assert not any(ch in reply for ch in "\x1b\x00\u200b")
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["partner_query"] == "hydrogen storage valleys"


async def test_a_message_in_another_language_searches_with_its_recognised_topics(
    services, dispatcher
):
    text = "Bonjour, nous cherchons des partenaires pour le recyclage textile en France"
    entities = [
        {**entity(text, "language", "Bonjour"), "value": "fr"},
        {**entity(text, "technology", "recyclage textile"), "value": "textile recycling"},
        {**entity(text, "country", "France"), "value": "FR"},
    ]
    events, messages = await run_action(dispatcher, text, entities)
    # French is a reply language: the reply is in French, no "I answer in English" notice
    assert messages[0]["text"].startswith("Voici les 5 meilleurs résultats pour « textile")
    [payload] = payloads(messages)
    assert payload["filters"] == {"country": "FR"}
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    # French stop words ("le", "des", "pour") are not search terms: they match names.
    assert slots["partner_query"] == "textile recycling"
    assert all("'le'" not in item["why"] for item in payload["items"])


def test_unknown_country_reply_uses_the_knowledge_wording():
    from actions.partners.replies import unknown_country_text

    assert unknown_country_text("Germny", "Germany") == (
        "Sorry, country 'Germny' not recognised; did you mean Germany?"
    )
    assert unknown_country_text("Qqq", None) == (
        "Sorry, country 'Qqq' not recognised; give its name (in English or in your language) or its ISO code (e.g. DE, FR)."
    )


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("AT plastics cluster", "AT", None),
        ("offshore wind clusters NO", "NO", None),
        ("marine biotech partners IS", "IS", None),
        ("robotics BE", "BE", None),
        ("IT clusters", None, "Digital & ICT"),
        ("klastry IT", None, "Digital & ICT"),
        ("IT-Cluster für KI", None, "Digital & ICT"),
    ],
)
def test_an_upper_case_code_that_is_an_english_word_is_a_country_or_the_it_sector(
    text, country, sector
):
    request = partner_request(text, [])
    assert (request.filters.country, request.filters.sector) == (country, sector)


@pytest.mark.parametrize(
    "text", ["IS there a cluster for fish farming?", "NO, I meant Sweden", "WHAT IS AT STAKE"]
)
def test_words_in_capitals_are_no_country(text):
    assert partner_request(text, []).filters.country is None


def test_the_it_sector_beside_a_named_country():
    text = "klastry IT w Polsce"
    request = partner_request(text, [entity(text, "country", "Polsce")])
    assert (request.filters.country, request.filters.sector) == ("PL", "Digital & ICT")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("DE gold clusters", "gold"),
        ("gold clusters in Spain", "gold"),
        ("clustere cu marca de argint din Romania", "silver"),
        ("clustere romanesti cu eticheta silver", "silver"),
    ],
)
def test_a_level_beside_a_cluster_word_or_code_is_the_label(text, level):
    assert partner_request(text, []).filters.label == level


@pytest.mark.parametrize("text", ["clusters silver economy", "gold mining companies"])
def test_a_level_word_as_a_topic_is_no_label(text):
    assert partner_request(text, []).filters.label is None


async def test_a_label_that_empties_a_sector_search_drops_the_sector(services, dispatcher):
    # no French health cluster has a gold label in the corpus; French gold-labelled clusters exist
    text = "gold-labelled health clusters in France"
    entities = [
        entity(text, "country", "France"),
        entity(text, "sector", "health"),
        {"entity": "label", "value": "gold label", "start": 0, "end": 4},
    ]
    _, messages = await run_action(dispatcher, text, entities)
    [payload] = payloads(messages)
    assert payload["items"] and payload["filters"] == {"country": "FR", "label": "gold"}
    assert "Health" in messages[0]["text"]


async def test_a_label_nobody_in_the_country_has_keeps_the_button(services, dispatcher):
    text = "gold-labelled clusters in Cyprus"
    entities = [
        entity(text, "country", "Cyprus"),
        {"entity": "label", "value": "gold label", "start": 0, "end": 4},
    ]
    _, messages = await run_action(dispatcher, text, entities)
    [payload] = payloads(messages)
    assert payload["items"] == []
    assert any("drop_filter" in str(m.get("buttons")) for m in messages)
