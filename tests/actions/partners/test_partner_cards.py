"""Partner cards: the reason worded from what matched, the understood request, the buttons."""

from __future__ import annotations

from actions.partners import cards
from actions.partners.search import ActionSearchPartners
from contracts.payloads import payload_language, switch_language_payload
from knowledge.partners.query import PartnerFilters
from knowledge.partners.results import MatchReason
from knowledge.records import ClusterProfile
from tests.actions.support import entity, make_tracker


def test_reason_names_what_matched_in_the_conversation_language() -> None:
    reason = MatchReason(
        technologies=("green hydrogen", "fuel cells"), sectors=("Energy",), places=("Hamburg",)
    )
    assert (
        cards.reason_text(reason, "en")
        == "works on green hydrogen and fuel cells; Energy sector; Hamburg"
    )
    assert cards.reason_text(reason, "de") == (
        "arbeitet an green hydrogen und fuel cells; Branche: Energy; Hamburg"
    )
    two = MatchReason(sectors=("Energy", "Maritime"))
    assert cards.reason_text(two, "pl") == "sektory Energy i Maritime"
    meaning = MatchReason(related=("precision viticulture",))
    assert cards.reason_text(meaning, "en") == "closest to your request: precision viticulture"
    country = MatchReason(places=("DE",), label="gold")
    assert cards.reason_text(country, "fr", "DE") == "label d'excellence : gold; Allemagne"
    like = MatchReason(technologies=("batteries",), similar_to="Battery Cluster")
    assert cards.reason_text(like, "en") == "shares batteries with Battery Cluster"
    assert cards.reason_text(MatchReason(), "en") == ""


def test_request_is_said_as_the_user_would_say_it_with_removable_chips() -> None:
    assert cards.topic_of("hydrogen storage partners in") == "hydrogen storage"
    assert cards.topic_of("find me some clusters on textile recycling please") == (
        "textile recycling"
    )
    request = cards.request_of(
        "hydrogen storage partners in", PartnerFilters(country="DE", label="any"), "en"
    )
    assert request["text"] == "hydrogen storage · Germany · any excellence label"
    assert [c["remove"] for c in request["chips"]] == [
        '/inform{"drop_filter": "country"}',
        '/inform{"drop_filter": "label"}',
    ]
    assert cards.request_of("", PartnerFilters(), "es")["text"] == (
        "todas las organizaciones de clúster"
    )
    similar = cards.request_of("like x-1", PartnerFilters(), "it", similar_to="Cluster X")
    assert similar["topic"] == "come Cluster X"


def test_language_field_and_switch_payload_have_one_shape() -> None:
    assert payload_language({"type": "partner_results", "language": "DE"}) == "de"
    assert payload_language({"language": "<script>"}) == "en"
    assert payload_language(None, "fr") == "fr"
    assert switch_language_payload("pl") == '/switch_language{"language": "pl"}'


async def test_search_payload_has_cards_that_explain_themselves(services, dispatcher) -> None:
    text = "clusters working on textile recycling in France"
    tracker = make_tracker(text, [entity(text, "country", "France")])
    await ActionSearchPartners().run(dispatcher, tracker, {})
    [payload] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert payload["language"] == "en" and payload["offset"] == 0
    assert payload["request"]["chips"][0]["label"] == "France"
    assert "France" in payload["request"]["text"] and "clusters" not in payload["request"]["text"]
    for number, item in enumerate(payload["items"], start=1):
        assert item["why"] and "similarity" not in item["why"] and "score" not in item["why"]
        assert item["link"] == (item["website"] or item["source_url"])
        assert [a["kind"] for a in item["actions"]] == ["details", "more_like_this"]
        assert item["actions"][0]["payload"] == f'/select_result{{"ordinal": "{number}"}}'
        assert item["strength"] in ("strong", "good", "partial")
        assert isinstance(item["score"], float) and "technologies" in item["reason"]
    more = payload["total"] > len(payload["items"])
    assert (payload["more"] is not None) == more


async def test_the_text_reply_gives_each_result_the_cards_plain_reason(
    services, dispatcher
) -> None:
    text = "Cluster für Textilrecycling in Frankreich"
    tracker = make_tracker(text, [entity(text, "country", "Frankreich")], said_in="de")
    await ActionSearchPartners().run(dispatcher, tracker, {})
    [message] = [m for m in dispatcher.messages if m.get("custom")]
    reply, payload = message["text"], message["custom"]
    assert payload["language"] == "de" and payload["items"]
    # The subject is the understood request, without the request word "Cluster".
    head = reply.splitlines()[0]
    assert "Textilrecycling" in head and '"Cluster' not in head
    assert "Why:" not in reply and "similarity" not in reply
    lines = reply.splitlines()[1:]
    assert len(lines) == len(payload["items"])
    for line, item in zip(lines, payload["items"], strict=True):
        assert item["place"] in line  # "..., Frankreich": the country in German
        if item["why"]:
            assert item["why"][1:] in line


async def test_a_german_search_says_its_request_and_places_in_german(services, dispatcher) -> None:
    text = "Wir suchen Partner für Textilrecycling in Frankreich"
    tracker = make_tracker(text, [entity(text, "country", "Frankreich")], said_in="de")
    await ActionSearchPartners().run(dispatcher, tracker, {})
    [message] = [m for m in dispatcher.messages if m.get("custom")]
    head = message["text"].splitlines()[0]
    assert "„Textilrecycling“" in head and "(Land Frankreich)" in head  # the subject as said
    assert message["custom"]["request"]["text"] == "Textilrecycling · Frankreich"


def test_country_names_in_replies_follow_the_conversation_language() -> None:
    from actions.partners import replies

    assert replies.unknown_country_text("Frankriech", "France", "de").count("Frankreich") == 1
    assert "France" not in replies.unknown_country_text("Frankriech", "France", "de")
    assert "Frankrijk" in replies.filters_text(PartnerFilters(country="FR"), "nl")
    profile = ClusterProfile.from_dict(
        {
            "id": "x",
            "name": "X",
            "country": "EL",
            "city": "Patras",
            "sectors": [],
            "source_url": "https://x.eu",
        }
    )
    assert "Griechenland" in replies.profile_text(profile, lang="de")
