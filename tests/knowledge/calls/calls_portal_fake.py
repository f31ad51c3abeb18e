"""A local fake of the portal's search API: replays the real response format, misbehaves on cue.

Results are built from the two real results of ``ft_portal_search_api_response_sample.json`` and
variations of them. The fake listens on 127.0.0.1 only. Like the real server, it ignores the filter
of a request that is not ``multipart/form-data`` and answers with FAQ documents; a multipart
request must carry the three JSON parts ``query``, ``sort`` and ``languages`` or it gets a 400.
"""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from knowledge.calls.paths import DATA_DIR

SAMPLE = json.loads(
    (DATA_DIR / "ft_portal_search_api_response_sample.json").read_text(encoding="utf-8")
)
SOIL_ID = "HORIZON-MISS-2027-05-SOIL-01-two-stage"
ECCC_ID = "HORIZON-CL3-2026-02-CS-ECCC-01"


def real_result(identifier: str) -> dict[str, Any]:
    """A deep copy of one of the two real results of the sample."""
    for result in SAMPLE["results"]:
        if result["metadata"]["identifier"] == [identifier]:
            return copy.deepcopy(result)
    raise KeyError(identifier)


def variant(base: str, identifier: str, **metadata: Any) -> dict[str, Any]:
    """A real result re-labelled as another topic; keyword arguments replace metadata fields.

    Values are stored as given (wrap them in a list to follow the API's array convention).
    """
    result = real_result(base)
    url = result["url"].rsplit("/", 1)[0] + "/" + identifier
    result["url"] = url
    result["reference"] = f"{zlib.crc32(identifier.encode()) % 10**8}TOPICSen"
    meta = result["metadata"]
    meta.update(identifier=[identifier], url=[url], REFERENCE=[result["reference"]])
    meta.update(metadata)
    return result


def actions_json(status: tuple[int, str], types: str, deadlines: list[str], model: str) -> str:
    """An ``actions`` value as the API encodes it (JSON in a string)."""
    return json.dumps(
        [
            {
                "types": [{"typeOfAction": types, "typeOfMGA": []}],
                "status": {"id": status[0], "abbreviation": status[1]},
                "plannedOpeningDate": "2026-05-05",
                "submissionProcedure": {"abbreviation": model},
                "deadlineDates": deadlines,
            }
        ],
        separators=(",", ":"),
    )


def budget_json(entries: dict[str, tuple[int, int, int]]) -> str:
    """A ``budgetOverview`` value: ``{topic id: (min, max, grants)}`` as the API encodes it."""
    action_map = {
        str(100000 + n): [
            {
                "action": f"{topic} - HORIZON-IA HORIZON Innovation Actions",
                "expectedGrants": grants,
                "minContribution": low,
                "maxContribution": high,
                "budgetYearMap": {"2027": str(high * grants)},
            }
        ]
        for n, (topic, (low, high, grants)) in enumerate(entries.items())
    }
    return json.dumps(
        {"budgetYearsColumns": ["2027"], "budgetTopicActionMap": action_map},
        separators=(",", ":"),
    )


def faq_result(number: int) -> dict[str, Any]:
    """A portal FAQ document, what the real server returns when it ignores the filter."""
    return {
        "reference": f"FAQ-{number}",
        "url": f"https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/support/faq/{number}",
        "summary": "How do I register my organisation?",
        "metadata": {"DATASOURCE": ["SEDIA_FAQ"], "language": ["en"]},
    }


def envelope(results: list[dict[str, Any]], total: int, page: int, size: int) -> dict[str, Any]:
    """A search response envelope shaped like the real one."""
    data = {k: v for k, v in SAMPLE.items() if k != "results"}
    data.update(totalResults=total, pageNumber=page, pageSize=size, results=results)
    return data


NEW_ID = "HORIZON-CL5-2027-TEST-01"
LEGACY_ID = "LIFE-2027-LEGACY-01"
CUTOFF_ID = "DIGITAL-2027-CUTOFF-01"
BROKEN_ID = "HORIZON-CL4-2027-BROKEN-01"
BAD_DATE_ID = "HORIZON-CL6-2027-BADDATE-01"
#: Statuses of the six usable topics of :func:`standard_results` on 2026-11-21.
STATUS_ON_2026_11_21 = {"open": 4, "forthcoming": 1, "closed": 1}


def _ts(day: str) -> str:
    return f"{day}T00:00:00.000+0000"


def standard_results() -> list[dict[str, Any]]:
    """Ten results (four pages of three): six topics, two repeats of one topic, two unusable.

    - the two real results (a forthcoming two-stage topic; an open topic whose deadline passed);
    - ``NEW_ID`` three times: an older record on page 1, then the newest and a stub on page 3;
    - ``LEGACY_ID``: keywords as one JSON-encoded string (legacy record);
    - ``CUTOFF_ID``: multiple cut-off topic with three deadline dates;
    - ``BROKEN_ID``: ``actions`` and ``budgetOverview`` cut short (JSON-in-string truncated);
    - ``BAD_DATE_ID``: a deadline that is not a date (skipped), and one FAQ document (skipped).
    """
    newest = variant(
        ECCC_ID,
        NEW_ID,
        title=["Hydrogen storage in salt caverns"],
        es_SortDate=[_ts("2026-06-01")],
        startDate=[_ts("2026-06-01")],
        ccm2Id=["60000001"],
        deadlineDate=[_ts("2027-01-20")],
        status=["31094502"],
        typesOfAction=["HORIZON Innovation Actions"],
        actions=[
            actions_json(
                (31094502, "Open"),
                "HORIZON-IA HORIZON Innovation Actions",
                ["2027-01-20"],
                "single-stage",
            )
        ],
        budgetOverview=[
            budget_json({NEW_ID: (2_000_000, 4_000_000, 3), "OTHER-TOPIC-01": (1, 2, 1)})
        ],
    )
    older = variant(
        ECCC_ID,
        NEW_ID,
        title=["Old title of the hydrogen topic"],
        es_SortDate=[_ts("2026-01-10")],
        startDate=[_ts("2026-01-10")],
        ccm2Id=["50000001"],
        deadlineDate=[_ts("2027-01-20")],
    )
    stub = variant(
        ECCC_ID,
        NEW_ID,
        title=["Stub record"],
        es_SortDate=[_ts("2026-12-01")],
        status=[],
        descriptionByte=[],
    )
    legacy = variant(
        SOIL_ID,
        LEGACY_ID,
        title=["Circular textiles in the Alps"],
        keywords='["Circular economy", "Recycling", "circular economy"]',
        tags=[],
        frameworkProgramme=["43252405"],
        deadlineModel=["single-stage"],
        deadlineDate=[_ts("2027-03-03")],
        startDate=[_ts("2026-09-01")],
        status=["31094502"],
    )
    cutoff = variant(
        ECCC_ID,
        CUTOFF_ID,
        title=["Testing and experimentation facilities, cut-offs"],
        frameworkProgramme=["43152860"],
        deadlineModel=["multiple cut-off"],
        deadlineDate=[_ts("2027-06-01"), _ts("2026-10-01"), _ts("2027-02-01")],
    )
    broken = variant(
        ECCC_ID,
        BROKEN_ID,
        title=["Robots for small factories"],
        typesOfAction=["HORIZON Innovation Actions"],
        deadlineDate=[_ts("2027-05-05")],
        actions=['[{"types":[{"typeOfAction":"HORIZON-IA HORIZON Innov'],
        budgetOverview=[
            '{"budgetYearsColumns":["2027"],"budgetTopicActionMap":{"1":[{"action":"'
            + BROKEN_ID
            + ' - HORIZON-IA","minContribution":1000000,"maxContribution":2000000,'
            '"expectedGrants":2},{"action":"OTHER - X","minContri'
        ],
    )
    bad_date = variant(ECCC_ID, BAD_DATE_ID, deadlineDate=["31/12/2027"])
    return [
        real_result(SOIL_ID),
        real_result(ECCC_ID),
        older,
        legacy,
        cutoff,
        broken,
        newest,
        stub,
        bad_date,
        faq_result(7),
    ]


@dataclass
class Reply:
    """A scripted answer: a status (with headers/body), optionally after a delay."""

    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class SeenRequest:
    """What the fake received."""

    page: int | None
    query: dict[str, str]
    content_type: str
    parts: list[tuple[str | None, str | None, str]]  # (name, content type, text)

    def part(self, name: str) -> Any:
        return next(json.loads(text) for n, _, text in self.parts if n == name)


class FakePortal:
    """The fake search endpoint. Serve ``app`` with aiohttp's TestServer on 127.0.0.1.

    Args:
        results: All results, paged by the requested ``pageSize``.
        total: ``totalResults`` to announce (default: ``len(results)``).
    """

    def __init__(self, results: list[dict[str, Any]], total: int | None = None) -> None:
        self.results = results
        self.total = total
        self.script: dict[int, list[Reply]] = {}
        self.always: dict[int, Reply] = {}
        self.empty_pages: set[int] = set()
        self.requests: list[SeenRequest] = []
        self.release = asyncio.Event()
        self.app = web.Application()
        self.app.router.add_post("/search", self.handle)

    def then(self, page: int, *replies: Reply) -> None:
        """Answer the next requests of ``page`` with ``replies``, then normally."""
        self.script.setdefault(page, []).extend(replies)

    def count(self, page: int) -> int:
        return sum(1 for r in self.requests if r.page == page)

    async def handle(self, request: web.Request) -> web.Response:
        page = int(request.query.get("pageNumber", "0") or 0)
        size = int(request.query.get("pageSize", "50") or 50)
        seen = SeenRequest(page, dict(request.query), request.content_type, [])
        self.requests.append(seen)
        if request.content_type != "multipart/form-data":
            # The real server ignores the filter of such a request: FAQ documents come back.
            # (It announces ~24,550 of them; five here keep the paging short.)
            faqs = [faq_result(n) for n in range(1, 6)]
            return web.json_response(envelope(faqs, len(faqs), page, size))
        reader = await request.multipart()
        async for part in reader:
            seen.parts.append(
                (part.name, part.headers.get("Content-Type"), await part.text())  # type: ignore[union-attr]
            )
        names = [name for name, _, _ in seen.parts]
        bad = [n for n, ctype, _ in seen.parts if ctype != "application/json"]
        if sorted(names) != ["languages", "query", "sort"] or bad:
            return web.json_response({"error": f"bad parts {names}, not JSON: {bad}"}, status=400)
        try:
            for _, _, text in seen.parts:
                json.loads(text)
        except json.JSONDecodeError:
            return web.json_response({"error": "a part is not JSON"}, status=400)

        scripted = self.script.get(page)
        reply = scripted.pop(0) if scripted else self.always.get(page)
        if reply is not None:
            if reply.delay:
                with suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self.release.wait(), reply.delay)
            if reply.status != 200 or reply.body is not None:
                return web.Response(status=reply.status, body=reply.body, headers=reply.headers)
        chunk = [] if page in self.empty_pages else self.results[(page - 1) * size : page * size]
        total = len(self.results) if self.total is None else self.total
        return web.json_response(envelope(chunk, total, page, size))


@contextmanager
def serve_in_thread(fake: FakePortal) -> Iterator[str]:
    """Serve ``fake`` on 127.0.0.1 from a thread with its own loop (for sync CLI tests).

    Yields:
        The search URL.
    """
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(fake.app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/search"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.run_until_complete(runner.cleanup())
        loop.close()


class RecordingSleep:
    """An injected ``sleep`` that records the delays and does not wait."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
