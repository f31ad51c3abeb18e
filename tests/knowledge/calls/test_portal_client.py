"""The portal client against a local fake of the search API (127.0.0.1 only), and its parsing."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import aiohttp
import pytest
from calls_portal_fake import (
    BAD_DATE_ID,
    BROKEN_ID,
    CUTOFF_ID,
    ECCC_ID,
    LEGACY_ID,
    NEW_ID,
    SOIL_ID,
    FakePortal,
    RecordingSleep,
    Reply,
    closed_port,
    real_result,
    standard_results,
    variant,
)

from knowledge.calls.errors import (
    PortalIncompleteError,
    PortalRequestError,
    PortalResponseError,
    PortalUnavailableError,
    RecordError,
)
from knowledge.calls.portal_client import (
    SEARCH_QUERY,
    Backoff,
    PortalClient,
    parse_retry_after,
)
from knowledge.calls.portal_parse import (
    decode_embedded_json,
    dedupe,
    parse_result,
    parse_search_page,
    salvage_objects,
)

Serve = Callable[[FakePortal], Awaitable[str]]
FAST = aiohttp.ClientTimeout(total=5)


def client(
    session: aiohttp.ClientSession, url: str, sleep: RecordingSleep, **kwargs: Any
) -> PortalClient:
    values: dict[str, Any] = {"page_size": 3, "timeout": FAST, "rand": lambda: 0.5}
    values.update(kwargs)
    return PortalClient(session, base_url=url, sleep=sleep, **values)


# --- the request ------------------------------------------------------------------------------


async def test_sends_multipart_with_the_three_json_parts(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    fake = FakePortal([real_result(SOIL_ID), real_result(ECCC_ID)])
    url = await serve(fake)
    result = await client(http, url, RecordingSleep(), page_size=100).fetch_all()
    assert [c.id for c in result.calls] == [SOIL_ID, ECCC_ID]

    (seen,) = fake.requests
    assert seen.content_type == "multipart/form-data"
    assert [(name, ctype) for name, ctype, _ in seen.parts] == [
        ("query", "application/json"),
        ("sort", "application/json"),
        ("languages", "application/json"),
    ]
    query = seen.part("query")
    assert query == SEARCH_QUERY
    must = {next(iter(t["terms"])): next(iter(t["terms"].values())) for t in query["bool"]["must"]}
    assert must == {"type": ["1"], "status": ["31094501", "31094502"]}
    assert query["bool"]["must_not"] == [{"terms": {"DATASOURCE": ["SEDIA_FAQ"]}}]
    assert seen.part("sort") == {"field": "startDate", "order": "DESC"}
    assert seen.part("languages") == ["en"]
    assert seen.query == {"apiKey": "SEDIA", "text": "***", "pageSize": "100", "pageNumber": "1"}


async def test_the_fake_ignores_the_filter_of_a_non_multipart_request(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    url = await serve(FakePortal(standard_results()))
    async with http.post(url, params={"apiKey": "SEDIA"}, json={"query": SEARCH_QUERY}) as resp:
        body = await resp.json()
    assert {r["metadata"]["DATASOURCE"][0] for r in body["results"]} == {"SEDIA_FAQ"}
    async with http.post(url, data={"query": json.dumps(SEARCH_QUERY)}) as resp:  # url-encoded
        body = await resp.json()
    assert {r["metadata"]["DATASOURCE"][0] for r in body["results"]} == {"SEDIA_FAQ"}
    form = aiohttp.FormData()
    form.add_field("query", "{}", filename="blob", content_type="application/json")
    async with http.post(url, data=form) as resp:
        assert resp.status == 400  # multipart without the sort and languages parts


# --- paging, parsing, de-duplication ----------------------------------------------------------


async def test_pages_parses_the_real_format_and_keeps_the_newest_record(
    serve: Serve, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakePortal(standard_results())
    url = await serve(fake)
    with caplog.at_level(logging.WARNING, logger="knowledge.calls"):
        result = await client(http, url, RecordingSleep()).fetch_all()

    assert [r.page for r in fake.requests] == [1, 2, 3, 4]
    assert (result.expected, result.received, result.pages) == (10, 10, 4)
    calls = {c.id: c for c in result.calls}
    assert list(calls) == [SOIL_ID, ECCC_ID, NEW_ID, LEGACY_ID, CUTOFF_ID, BROKEN_ID]
    assert len(result.duplicates) == 2 and {i for i, _ in result.duplicates} == {NEW_ID}
    skipped = {s.identifier: s.reason for s in result.skipped}
    assert set(skipped) == {BAD_DATE_ID, None}
    assert "deadline" in skipped[BAD_DATE_ID] and "31/12/2027" in skipped[BAD_DATE_ID]
    assert "SEDIA_FAQ" in skipped[None]
    assert len(result.calls) + len(result.duplicates) + len(result.skipped) == result.received

    newest = calls[NEW_ID]  # not the older record (page 1) nor the newer-dated stub (page 3)
    assert newest.title == "Hydrogen storage in salt caverns"
    assert (newest.budget_min, newest.budget_max, newest.expected_grants) == (
        2_000_000,
        4_000_000,
        3,
    )
    assert newest.action_type == "IA" and newest.source_status == "open"

    soil = calls[SOIL_ID]
    assert soil.deadlines == (date(2027, 4, 8), date(2027, 9, 14))
    assert soil.deadline_model == "two-stage" and soil.opening_date == date(2027, 2, 4)
    assert soil.status(date(2026, 11, 21)) == "forthcoming"
    assert soil.programme == "Horizon Europe" and soil.action_type == "RIA"
    assert soil.description.startswith("Expected Outcome: Activities under this topic")
    assert "<" not in soil.description and "Soil biodiversity" in soil.keywords
    assert soil.url.endswith("/topic-details/" + SOIL_ID)

    assert calls[ECCC_ID].status(date(2026, 11, 21)) == "closed"  # deadline 2026-09-15 passed
    assert calls[LEGACY_ID].keywords == ("Circular economy", "Recycling")
    assert calls[LEGACY_ID].programme_code == "LIFE"
    cutoff = calls[CUTOFF_ID]
    assert cutoff.deadlines == (date(2026, 10, 1), date(2027, 2, 1), date(2027, 6, 1))
    assert cutoff.deadline_model == "multiple cut-off" and cutoff.programme_code == "DIGITAL"
    assert cutoff.next_deadline(date(2026, 11, 21)) == date(2027, 2, 1)

    broken = calls[BROKEN_ID]  # truncated actions and budgetOverview: kept, other fields used
    assert broken.action_type == "IA" and broken.source_status == "open"
    assert (broken.budget_min, broken.budget_max, broken.expected_grants) == (
        1_000_000,
        2_000_000,
        2,
    )
    assert any(i == BROKEN_ID and "'actions' is malformed" in p for i, p in result.degraded)
    assert any(i == BROKEN_ID and "'budgetOverview' is malformed" in p for i, p in result.degraded)
    assert any(BROKEN_ID in r.getMessage() for r in caplog.records)


async def test_stops_at_total_results_without_asking_for_more(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    fake = FakePortal(standard_results()[:6])  # exactly two full pages of three
    url = await serve(fake)
    result = await client(http, url, RecordingSleep()).fetch_all()
    assert [r.page for r in fake.requests] == [1, 2]
    assert result.received == 6


async def test_an_empty_page_before_the_announced_total_is_an_incomplete_fetch(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    fake = FakePortal(standard_results())
    fake.empty_pages.add(2)
    url = await serve(fake)
    with pytest.raises(PortalIncompleteError, match=r"page 2 .* held 0 results after 3.* 10"):
        await client(http, url, RecordingSleep()).fetch_all()
    assert [r.page for r in fake.requests] == [1, 2]  # stopped at the empty page


async def test_an_empty_listing_is_returned_empty(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    url = await serve(FakePortal([]))
    result = await client(http, url, RecordingSleep()).fetch_all()
    assert result.calls == () and result.expected == 0 and result.pages == 1


async def test_the_page_cap_stops_paging(serve: Serve, http: aiohttp.ClientSession) -> None:
    fake = FakePortal(standard_results())
    url = await serve(fake)
    with pytest.raises(PortalIncompleteError, match=r"after 2 pages with 6 of 10.*--max-pages"):
        await client(http, url, RecordingSleep(), max_pages=2).fetch_all()
    assert len(fake.requests) == 2


# --- misbehaving server: retries ----------------------------------------------------------------


async def test_500s_then_success(
    serve: Serve, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakePortal(standard_results())
    fake.then(2, Reply(500), Reply(503, body=b"<html>busy</html>"))
    url = await serve(fake)
    sleep = RecordingSleep()
    with caplog.at_level(logging.WARNING, logger="knowledge.calls.portal_client"):
        result = await client(http, url, sleep).fetch_all()
    assert len(result.calls) == 6
    assert fake.count(2) == 3
    assert sleep.delays == [0.25, 0.5]  # rand 0.5 x ceilings 0.5 s, 1 s
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("HTTP 500 on attempt 1/4" in m for m in messages)
    assert any("HTTP 503 on attempt 2/4" in m for m in messages)


async def test_429_retry_after_is_honoured_and_capped(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    fake = FakePortal(standard_results())
    fake.then(1, Reply(429, headers={"Retry-After": "7"}))
    fake.then(3, Reply(429, headers={"Retry-After": "3600"}), Reply(502))
    fake.then(
        4,
        Reply(
            429,
            headers={
                "Date": "Sat, 21 Nov 2026 12:00:00 GMT",
                "Retry-After": "Sat, 21 Nov 2026 12:00:12 GMT",
            },
        ),
    )
    url = await serve(fake)
    sleep = RecordingSleep()
    backoff = Backoff(retry_after_max=30.0, max_elapsed=10_000)
    result = await client(http, url, sleep, backoff=backoff).fetch_all()
    assert len(result.calls) == 6
    # Retry-After in seconds as sent, then capped, then plain backoff, then an HTTP date.
    assert sleep.delays == [7.0, 30.0, 0.5, 12.0]


async def test_timeouts_are_retried(serve: Serve, http: aiohttp.ClientSession) -> None:
    fake = FakePortal(standard_results())
    fake.then(1, Reply(delay=5.0))  # the handler sleeps far longer than the client waits
    url = await serve(fake)
    sleep = RecordingSleep()
    started = time.monotonic()
    timeout = aiohttp.ClientTimeout(total=0.3)
    result = await client(http, url, sleep, timeout=timeout).fetch_all()
    assert time.monotonic() - started < 3
    assert len(result.calls) == 6 and fake.count(1) == 2 and len(sleep.delays) == 1


async def test_retries_are_bounded(serve: Serve, http: aiohttp.ClientSession) -> None:
    fake = FakePortal(standard_results())
    fake.always[1] = Reply(503)
    url = await serve(fake)
    sleep = RecordingSleep()
    with pytest.raises(PortalUnavailableError, match=r"HTTP 503 \(page 1, attempt 3/3\)"):
        await client(http, url, sleep, max_attempts=3).fetch_all()
    assert fake.count(1) == 3 and len(sleep.delays) == 2


async def test_backoff_delays_grow_exponentially_and_are_capped(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    fake = FakePortal(standard_results())
    fake.always[1] = Reply(500)
    url = await serve(fake)
    sleep = RecordingSleep()
    backoff = Backoff(base_delay=0.5, max_delay=8.0, max_elapsed=10_000)
    almost_one = 0.999_999
    with pytest.raises(PortalUnavailableError):
        await client(
            http, url, sleep, max_attempts=9, backoff=backoff, rand=lambda: almost_one
        ).fetch_all()
    assert fake.count(1) == 9
    ceilings = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]
    assert sleep.delays == pytest.approx([c * almost_one for c in ceilings])
    assert max(sleep.delays) <= backoff.max_delay


def test_full_jitter_spans_zero_to_the_ceiling() -> None:
    backoff = Backoff(base_delay=1.0, max_delay=4.0)
    assert backoff.delay(3, lambda: 0.0, None) == 0.0
    assert backoff.delay(3, lambda: 0.5, None) == 2.0
    assert backoff.delay(10, lambda: 1.0, None) == 4.0  # capped
    assert backoff.delay(1, lambda: 0.3, retry_after=-5) == 0.0
    with pytest.raises(ValueError, match="max_delay"):
        Backoff(max_delay=float("inf"))


async def test_gives_up_rather_than_wait_past_the_time_budget(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    fake = FakePortal(standard_results())
    fake.always[1] = Reply(429, headers={"Retry-After": "20"})
    url = await serve(fake)
    now = [0.0]
    sleep = RecordingSleep()

    async def advancing_sleep(seconds: float) -> None:
        await sleep(seconds)
        now[0] += seconds

    portal = client(
        http,
        url,
        sleep,
        backoff=Backoff(max_elapsed=45.0),
        clock=lambda: now[0],
        max_attempts=10,
    )
    portal._sleep = advancing_sleep
    with pytest.raises(PortalUnavailableError, match=r"attempt 3/10"):
        await portal.fetch_all()
    assert sleep.delays == [20.0, 20.0]  # a third wait would end at 60 s > 45 s


async def test_connection_refused_is_retried_then_reported(http: aiohttp.ClientSession) -> None:
    port = closed_port()
    sleep = RecordingSleep()
    portal = client(http, f"http://127.0.0.1:{port}/search", sleep, max_attempts=3)
    with pytest.raises(PortalUnavailableError, match=f"cannot connect to 127.0.0.1:{port}"):
        await portal.fetch_all()
    assert len(sleep.delays) == 2


async def test_malformed_json_body_is_not_retried(
    serve: Serve, http: aiohttp.ClientSession
) -> None:
    fake = FakePortal(standard_results())
    fake.then(1, Reply(200, body=b'{"totalResults": 10, "results": [{"metadata": {'))
    url = await serve(fake)
    sleep = RecordingSleep()
    with pytest.raises(PortalResponseError, match="not valid JSON"):
        await client(http, url, sleep).fetch_all()
    assert fake.count(1) == 1 and sleep.delays == []


async def test_a_4xx_is_not_retried(serve: Serve, http: aiohttp.ClientSession) -> None:
    fake = FakePortal(standard_results())
    fake.then(1, Reply(400, body=b'{"businessError": "Invalid Query format"}'))
    url = await serve(fake)
    sleep = RecordingSleep()
    with pytest.raises(PortalRequestError, match=r"HTTP 400.*Invalid Query format"):
        await client(http, url, sleep).fetch_all()
    assert fake.count(1) == 1 and sleep.delays == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"page_size": 101}, "page_size"),
        ({"max_attempts": 0}, "max_attempts"),
        ({"max_pages": True}, "max_pages"),
    ],
)
async def test_bad_settings_are_refused(
    http: aiohttp.ClientSession, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        PortalClient(http, **kwargs)


# --- pure parsing ---------------------------------------------------------------------------


def test_retry_after_seconds_and_http_dates() -> None:
    server_now = "Sat, 21 Nov 2026 12:00:00 GMT"
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Sat, 21 Nov 2026 12:00:30 GMT", server_now) == 30.0
    assert parse_retry_after("Sat, 21 Nov 2026 11:00:00 GMT", server_now) == 0.0
    assert parse_retry_after("Sat, 21 Nov 2026 12:00:30 GMT", None) is None  # no Date header
    assert parse_retry_after("soon", server_now) is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>Service Unavailable</html>", "not valid JSON"),
        (b'{"totalResults": 9, "results": [', "not valid JSON"),
        (b"[1, 2]", "not a search envelope"),
        (b'{"results": []}', "totalResults"),
        (b'{"totalResults": "9", "results": []}', "totalResults"),
        (b'{"totalResults": 9, "results": {"a": 1}}', "'results' list"),
        (b'{"totalResults": 9, "results": ["x"]}', "'results' list"),
    ],
)
def test_malformed_envelopes_are_refused(body: bytes, message: str) -> None:
    with pytest.raises(PortalResponseError, match=message):
        parse_search_page(body)


def test_the_real_sample_parses_and_its_truncated_budget_is_survived() -> None:
    from calls_portal_fake import SAMPLE

    page = parse_search_page(json.dumps(SAMPLE))
    assert page.total_results == 9 and len(page.results) == 2
    record = parse_result(page.results[1])
    assert record.call.id == ECCC_ID
    assert record.call.budget_min is None  # its own entry was cut off in the recording
    assert any("budgetOverview" in p and "malformed" in p for p in record.problems)


def test_salvage_keeps_complete_entries_only() -> None:
    text = '{"m":{"1":[{"action":"A - x","maxContribution":5},{"action":"B - y","maxCon'
    assert salvage_objects(text, '{"action"') == [{"action": "A - x", "maxContribution": 5}]
    _, problem = decode_embedded_json({"budgetOverview": [text]}, "budgetOverview", '{"a')
    assert problem and "malformed JSON" in problem
    assert decode_embedded_json({"actions": []}, "actions", "{") == ([], None)
    assert decode_embedded_json({"actions": ['[{"a": 1}]']}, "actions", "{") == ([{"a": 1}], None)


@pytest.mark.parametrize(
    "keywords",
    [
        '["Soil", "Water", "soil"]',  # legacy: one JSON-encoded string
        ['["Soil", "Water"]'],  # legacy, wrapped in the usual array
        ["Soil", "Water"],  # new records: a list
        "Soil, Water",  # plain text
    ],
)
def test_keyword_shapes(keywords: Any) -> None:
    result = variant(ECCC_ID, "KW-01", keywords=keywords, tags=["Water", "Rivers"])
    assert parse_result(result).call.keywords == ("Soil", "Water", "Rivers")


def test_unusable_results_name_the_field() -> None:
    with pytest.raises(RecordError, match="'identifier'"):
        parse_result(variant(ECCC_ID, "X", title=["t"]) | {"metadata": {"title": ["t"]}})
    with pytest.raises(RecordError, match=r"'type'.*'0'"):
        parse_result(variant(ECCC_ID, "TENDER-1", type=["0"]))
    with pytest.raises(RecordError, match="'metadata'"):
        parse_result({"reference": "r"})


def test_status_falls_back_to_actions_and_dedupe_keeps_first_on_ties() -> None:
    result = variant(ECCC_ID, "FALLBACK-01", status=[])
    assert parse_result(result).call.source_status == "open"  # from the actions JSON
    a = parse_result(variant(ECCC_ID, "SAME-01", title=["First"]))
    b = parse_result(variant(ECCC_ID, "same-01", title=["Second"]))
    kept, dropped = dedupe([a, b])
    assert [r.call.title for r in kept] == ["First"] and dropped == [b]
