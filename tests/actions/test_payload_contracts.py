"""Every custom payload the actions build has exactly the keys of its contract TypedDict."""

from __future__ import annotations

from datetime import date

from actions.funding.replies import call_detail_payload, call_results_payload
from actions.partners.replies import partner_payload, profile_payload
from contracts.payloads import (
    CallItem,
    CallResults,
    PartnerItem,
    PartnerProfile,
    PartnerResults,
    ProfileDetail,
)
from contracts.state import LastSearch
from knowledge.calls import Call


def _keys_fit(value: dict, contract: type) -> None:
    keys = set(value)
    assert contract.__required_keys__ <= keys, contract.__required_keys__ - keys
    assert keys <= contract.__required_keys__ | contract.__optional_keys__, keys


def test_partner_payloads_fit_their_contracts(services):
    result = services.partners.search("hydrogen storage", k=3)
    assert result.matches
    payload = partner_payload(result, page=1)
    _keys_fit(payload, PartnerResults)
    for item in payload["items"]:
        _keys_fit(item, PartnerItem)
    profile = profile_payload(result.matches[0].profile)
    _keys_fit(profile, PartnerProfile)
    _keys_fit(profile["item"], ProfileDetail)


def test_call_payloads_fit_their_contract():
    call = Call(
        id="TEST-01",
        title="A test topic",
        url="https://example.org/test-01",
        programme="Horizon Europe",
        programme_code="HORIZON",
        action_type="RIA",
        deadlines=(date(2027, 2, 1),),
        deadline_model="single-stage",
        source_status="open",
    )
    payload = call_detail_payload(call, date(2026, 11, 21), date(2026, 8, 10))
    _keys_fit(payload, CallResults)
    _keys_fit(payload["items"][0], CallItem)
    empty = call_results_payload([], query="x", as_of=date(2026, 8, 10), total=0)
    _keys_fit(empty, CallResults)


def test_last_search_of_a_partner_page_fits_the_contract(services):
    from actions.partners.search import last_search_of

    result = services.partners.search("hydrogen storage", k=3)
    _keys_fit(last_search_of(result), LastSearch)
    _keys_fit(last_search_of(result, similar_to="x"), LastSearch)


def test_fact_answer_payloads_fit_their_contract(services):
    from actions.funding.replies import fact_answer_payload
    from contracts.payloads import FactAlternative, FactAnswer, FactSource
    from knowledge.facts import build_answerer
    from knowledge.instruments import load_catalogue

    answerer = build_answerer(load_catalogue(), services.embedder)
    answered = fact_answer_payload(answerer.answer("How many SMEs did INNOSUP-1 support?"))
    assert answered["verdict"] == "answered"
    _keys_fit(answered, FactAnswer)
    _keys_fit(answered["source"], FactSource)
    for alternative in answered["alternatives"]:
        _keys_fit(alternative, FactAlternative)
    unknown = fact_answer_payload(answered, unknown_name="Horizon Europe", closest=["COSME"])
    _keys_fit(unknown, FactAnswer)
    assert unknown["verdict"] == "not_known" and unknown["source"] is None
    assert unknown["closest_instruments"] == ["COSME"]
