"""Refresh of the calls store from a local fake portal: atomic swap, or the last good store kept."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from calls_helpers import AS_OF, SMALL_CALLS
from calls_portal_fake import (
    NEW_ID,
    STATUS_ON_2026_11_21,
    FakePortal,
    RecordingSleep,
    Reply,
    closed_port,
    faq_result,
    serve_in_thread,
    standard_results,
)

from knowledge.calls.cli import main
from knowledge.calls.portal_client import PortalClient
from knowledge.calls.refresh import RefreshReport, refresh
from knowledge.calls.store import CallStore

Serve = Callable[[FakePortal], Awaitable[str]]
TODAY = date(2026, 11, 21)


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    """A store of the six hand-made calls, as of 2026-08-10: the 'last good' data."""
    path = tmp_path / "calls.sqlite"
    CallStore.build(path, SMALL_CALLS, as_of=AS_OF, source="test snapshot").close()
    return path


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """SHA-256 of the store and the names in its directory (no temporary files left behind)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(
        p.name for p in path.parent.iterdir()
    )


def factory(url: str, sleep: RecordingSleep, **kwargs: Any) -> Callable[..., PortalClient]:
    values: dict[str, Any] = {"page_size": 3, "rand": lambda: 0.5}
    values.update(kwargs)
    return lambda session: PortalClient(session, base_url=url, sleep=sleep, **values)


async def run(
    path: Path, url: str, sleep: RecordingSleep | None = None, **kw: Any
) -> RefreshReport:
    client_kwargs = {k: kw.pop(k) for k in list(kw) if k in ("max_attempts", "timeout")}
    return await refresh(
        path,
        today=TODAY,
        client_factory=factory(url, sleep or RecordingSleep(), **client_kwargs),
        **kw,
    )


def assert_kept(report: RefreshReport, path: Path, before: tuple[str, list[str]]) -> None:
    assert not report.ok and report.error
    assert report.serving_as_of == AS_OF
    assert report.summary().startswith("refresh failed: ")
    assert report.summary().endswith("; still serving data as of 2026-08-10")
    assert fingerprint(path) == before
    with CallStore.open(path) as store:
        assert store.as_of == AS_OF and store.source == "test snapshot"
        assert store.count == len(SMALL_CALLS)


async def test_a_full_fetch_swaps_in_a_new_store(serve: Serve, old_store: Path) -> None:
    url = await serve(FakePortal(standard_results()))
    report = await run(old_store, url)

    assert report.ok, report.error
    assert report.serving_as_of == TODAY
    assert (report.expected, report.fetched, report.pages) == (10, 10, 4)
    assert report.duplicates == 2 and report.stored == 6
    assert len(report.skipped) == 2 and all(s.reason for s in report.skipped)
    assert report.degraded  # truncated JSON-in-string fields, kept
    assert dict(report.by_status) == STATUS_ON_2026_11_21
    assert report.changes == {"added": 6, "changed": 0, "unchanged": 0, "removed": 6}
    summary = report.summary()
    assert "6 calls" in summary and "2 duplicates dropped" in summary
    assert "2 malformed skipped" in summary and "4 open, 1 forthcoming, 1 closed" in summary
    assert summary.endswith("data as of 2026-11-21")
    json.dumps(report.to_dict())  # JSON-ready

    with CallStore.open(old_store) as store:
        assert store.as_of == TODAY and "portal search API" in store.source and url in store.source
        assert store.count == 6
        result = store.search("hydrogen", today=TODAY)
        assert [hit.call.id for hit in result.items] == [NEW_ID]
    assert sorted(p.name for p in old_store.parent.iterdir()) == ["calls.sqlite"]

    again = await run(old_store, url)  # nothing changed on the portal
    assert again.changes == {"added": 0, "changed": 0, "unchanged": 6, "removed": 0}


async def test_exhausted_retries_leave_the_previous_store_and_its_date(
    serve: Serve, old_store: Path
) -> None:
    fake = FakePortal(standard_results())
    fake.always[3] = Reply(503)  # pages 1 and 2 succeed, page 3 never does
    url = await serve(fake)
    before = fingerprint(old_store)
    sleep = RecordingSleep()
    report = await run(old_store, url, sleep)
    assert_kept(report, old_store, before)
    assert "HTTP 503 (page 3, attempt 4/4)" in report.error
    assert fake.count(3) == 4 and len(sleep.delays) == 3


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda f: f.then(1, Reply(body=b"<html>gateway</html>")), "not valid JSON"),
        (lambda f: f.then(2, Reply(body=b'{"results": []}')), "totalResults"),
        (lambda f: f.then(1, Reply(404, body=b"no such API")), "HTTP 404"),
        (lambda f: f.empty_pages.add(3), "held 0 results"),
        (lambda f: f.results.clear(), "no usable grant topic"),
        (lambda f: setattr(f, "results", [faq_result(n) for n in range(3)]), "SEDIA_FAQ"),
    ],
    ids=["html-body", "no-total", "404", "empty-page", "zero-results", "only-faqs"],
)
async def test_failures_keep_the_last_good_store(
    serve: Serve, old_store: Path, setup: Callable[[FakePortal], Any], message: str
) -> None:
    fake = FakePortal(standard_results())
    setup(fake)
    url = await serve(fake)
    before = fingerprint(old_store)
    report = await run(old_store, url)
    assert_kept(report, old_store, before)
    assert message in report.error


async def test_too_many_unusable_results_fail_the_refresh(serve: Serve, old_store: Path) -> None:
    results = standard_results()
    faq = results[-1]
    fake = FakePortal(results[:2] + [faq] * 4)  # 2 topics, 4 FAQs
    url = await serve(fake)
    before = fingerprint(old_store)
    report = await run(old_store, url)
    assert_kept(report, old_store, before)
    assert "4 of 6 results were not usable" in report.error
    assert "ignored the search filter" in report.error


async def test_a_client_that_does_not_send_multipart_gets_faqs_and_fails(
    serve: Serve, old_store: Path
) -> None:
    class JsonBodyClient(PortalClient):
        def _form(self) -> aiohttp.FormData:  # type: ignore[override]
            return aiohttp.FormData({"query": "{}"})  # url-encoded: the filter is ignored

    url = await serve(FakePortal(standard_results()))
    before = fingerprint(old_store)
    report = await refresh(
        old_store,
        today=TODAY,
        client_factory=lambda s: JsonBodyClient(s, base_url=url, sleep=RecordingSleep()),
    )
    assert_kept(report, old_store, before)
    assert "SEDIA_FAQ" in report.error


async def test_a_timeout_on_every_attempt_fails_within_the_budget(
    serve: Serve, old_store: Path
) -> None:
    fake = FakePortal(standard_results())
    fake.always[1] = Reply(delay=5.0)
    url = await serve(fake)
    before = fingerprint(old_store)
    started = time.monotonic()
    report = await run(old_store, url, max_attempts=2, timeout=aiohttp.ClientTimeout(total=0.2))
    assert time.monotonic() - started < 3
    assert_kept(report, old_store, before)
    assert "no answer within the timeout (page 1, attempt 2/2)" in report.error


async def test_failure_without_any_store_says_so(serve: Serve, tmp_path: Path) -> None:
    fake = FakePortal(standard_results())
    fake.then(1, Reply(body=b"{"))
    url = await serve(fake)
    path = tmp_path / "none.sqlite"
    report = await run(path, url)
    assert not report.ok and report.serving_as_of is None
    assert "no calls store exists" in report.summary() and "calls build" in report.summary()
    assert not path.exists()


async def test_a_failed_build_keeps_the_store(serve: Serve, old_store: Path) -> None:
    url = await serve(FakePortal(standard_results()))
    blocker = old_store.parent / "not-a-dir"
    blocker.write_text("x")
    report = await run(blocker / "calls.sqlite", url)
    assert not report.ok and "cannot write" in report.error
    assert report.fetched == 10  # the fetch worked; the counts are still reported


# --- the CLI ------------------------------------------------------------------------------------


def test_cli_refresh_fails_quickly_and_clearly_when_the_portal_is_unreachable(
    old_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(old_store)
    port = closed_port()
    started = time.monotonic()
    code = main(
        ["calls", "refresh", "--db", str(old_store), "--base-url",
         f"http://127.0.0.1:{port}/search", "--today", "2026-11-21", "--max-attempts", "2"]
    )  # fmt: skip
    assert time.monotonic() - started < 3
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("refresh failed: the portal search at http://127.0.0.1:")
    assert f"cannot connect to 127.0.0.1:{port}" in err[0]
    assert err[0].endswith("; still serving data as of 2026-08-10")
    assert fingerprint(old_store) == before


def test_cli_refresh_succeeds_against_the_fake(
    old_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_in_thread(FakePortal(standard_results())) as url:
        code = main(
            ["refresh", "--db", str(old_store), "--base-url", url, "--today", "2026-11-21",
             "--json"]
        )  # fmt: skip
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] and payload["serving_as_of"] == "2026-11-21"
    assert payload["fetched"] == 10 and payload["stored"] == 10 - 2 - 2
    assert payload["by_status"] == STATUS_ON_2026_11_21
    assert main(["info", "--db", str(old_store), "--today", "2026-11-21", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-11-21"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base-url", "ftp://example.org"], "not an http(s) URL"),
        (["--max-pages", "0"], "between 1 and"),
        (["--today", "21/11/2026"], "not a date"),
        (["--timeout", "-1"], "more than 0"),
    ],
)
def test_cli_refresh_refuses_bad_options(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["refresh", *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_cli_help_lists_refresh(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calls", "refresh", "--help"])
    out = capsys.readouterr().out
    for option in ("--db", "--base-url", "--today", "--max-pages", "--max-attempts", "--json"):
        assert option in out
