"""Async client for the EU Funding & Tenders portal search API (grant topics, open + forthcoming).

The client takes a passed-in :class:`aiohttp.ClientSession` (one session for a whole refresh; it
never creates or closes one) and sets explicit :class:`aiohttp.ClientTimeout` s on every request.
It pages through the results, retries a page per :mod:`~knowledge.calls.portal_client.retry`
and converts the results with :mod:`knowledge.calls.portal_parse` (pure).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp

from knowledge.calls.errors import (
    PortalIncompleteError,
    PortalRequestError,
    PortalUnavailableError,
    RecordError,
)
from knowledge.calls.portal_client.request import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    MAX_ATTEMPTS_LIMIT,
    MAX_PAGE_SIZE,
    MAX_PAGES_LIMIT,
    SEARCH_LANGUAGES,
    search_form,
    search_params,
)
from knowledge.calls.portal_client.retry import (
    RETRY_STATUSES,
    Backoff,
    Sleep,
    describe_error,
    parse_retry_after,
)
from knowledge.calls.portal_parse import (
    PortalRecord,
    SearchPage,
    SkippedResult,
    dedupe,
    parse_result,
    parse_search_page,
    result_identifier,
)
from knowledge.calls.records import Call

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchResult:
    """Everything one full fetch produced.

    Attributes:
        calls: One call per topic, in server order of first appearance.
        expected: ``totalResults`` announced by the server (duplicates included).
        received: Results received over all pages.
        pages: Pages requested successfully.
        duplicates: ``(topic id, reference)`` of each record dropped because another record of
            the same topic was kept (an older one, a stub, or an unusable one).
        skipped: Results that could not be used, with reasons.
        degraded: ``(topic id, problem)`` of calls kept despite a malformed field.
        base_url: The endpoint the results came from.
    """

    calls: tuple[Call, ...]
    expected: int
    received: int
    pages: int
    duplicates: tuple[tuple[str, str], ...]
    skipped: tuple[SkippedResult, ...]
    degraded: tuple[tuple[str, str], ...]
    base_url: str = DEFAULT_BASE_URL


class PortalClient:
    """Fetch every open and forthcoming grant topic from the portal's search API.

    Args:
        session: The session to send requests with (not closed by the client).
        base_url: The search endpoint.
        page_size: Results per page, 1-100 (the server caps it at 100).
        max_pages: Stop with :class:`PortalIncompleteError` rather than request more pages.
        max_attempts: Attempts per page (1 = no retry).
        timeout: Timeouts of each request.
        backoff: Waits between attempts.
        languages: The ``languages`` part of the query.
        sleep: ``await sleep(seconds)``; :func:`asyncio.sleep` by default.
        clock: Monotonic seconds, for ``max_elapsed``.
        rand: Uniform ``[0, 1)`` source for the jitter.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str = DEFAULT_BASE_URL,
        page_size: int = MAX_PAGE_SIZE,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT,
        backoff: Backoff | None = None,
        languages: Sequence[str] = SEARCH_LANGUAGES,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
    ) -> None:
        for name, value, low, high in (
            ("page_size", page_size, 1, MAX_PAGE_SIZE),
            ("max_pages", max_pages, 1, MAX_PAGES_LIMIT),
            ("max_attempts", max_attempts, 1, MAX_ATTEMPTS_LIMIT),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(
                    f"{name} must be a whole number from {low} to {high}, got {value!r}"
                )
        if not isinstance(timeout, aiohttp.ClientTimeout):
            raise ValueError(f"timeout must be an aiohttp.ClientTimeout, got {timeout!r}")
        self._session = session
        self.base_url = base_url
        self.page_size = page_size
        self.max_pages = max_pages
        self.max_attempts = max_attempts
        self.timeout = timeout
        self.backoff = backoff or Backoff()
        self.languages = list(languages)
        self._sleep = sleep
        self._clock = clock
        self._rand = rand

    # --- one page -----------------------------------------------------------------------------

    def _params(self, page_number: int) -> dict[str, str]:
        return search_params(self.page_size, page_number)

    def _form(self) -> aiohttp.FormData:
        return search_form(self.languages)

    async def fetch_page(self, page_number: int) -> SearchPage:
        """Fetch and parse one page, retrying per the policy.

        Args:
            page_number: 1-based page number.

        Returns:
            The parsed page.

        Raises:
            PortalUnavailableError: 429/5xx/connection errors/timeouts on every attempt.
            PortalRequestError: The server refused the request (4xx other than 429).
            PortalResponseError: The body is not a search envelope.
        """
        started = self._clock()
        problem = "no attempt made"
        attempt = 0
        for attempt in range(1, self.max_attempts + 1):
            retry_after: float | None = None
            try:
                async with self._session.post(
                    self.base_url,
                    params=self._params(page_number),
                    data=self._form(),
                    timeout=self.timeout,
                    headers={"Accept": "application/json"},
                ) as response:
                    if response.status == 200:
                        body = await response.read()
                        return parse_search_page(body)
                    if response.status not in RETRY_STATUSES:
                        text = (await response.text(errors="replace"))[:200]
                        raise PortalRequestError(
                            f"the portal refused page {page_number} with HTTP {response.status} "
                            f"({response.reason}): {' '.join(text.split())!r}; check --base-url"
                        )
                    problem = f"HTTP {response.status}"
                    retry_after = parse_retry_after(
                        response.headers.get("Retry-After"), response.headers.get("Date")
                    )
                    if retry_after is not None:
                        problem += f" (Retry-After {response.headers['Retry-After']})"
            except aiohttp.ClientSSLError as exc:
                raise PortalRequestError(f"TLS error talking to {self.base_url}: {exc}") from None
            except asyncio.TimeoutError:
                problem = "no answer within the timeout"
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
                problem = describe_error(exc)
            except aiohttp.ClientError as exc:  # e.g. InvalidURL: retrying cannot help
                raise PortalRequestError(
                    f"cannot send the request to {self.base_url!r}: {describe_error(exc)}"
                ) from None
            if attempt == self.max_attempts:
                break
            delay = self.backoff.delay(attempt, self._rand, retry_after)
            if self._clock() - started + delay > self.backoff.max_elapsed:
                logger.warning(
                    "portal page %d: %s on attempt %d/%d; not retrying, the next wait (%.1f s) "
                    "would pass the %.0f s limit",
                    page_number,
                    problem,
                    attempt,
                    self.max_attempts,
                    delay,
                    self.backoff.max_elapsed,
                )
                break
            logger.warning(
                "portal page %d: %s on attempt %d/%d; retrying in %.2f s",
                page_number,
                problem,
                attempt,
                self.max_attempts,
                delay,
            )
            await self._sleep(delay)
        raise PortalUnavailableError(
            f"the portal search at {self.base_url} failed: {problem} "
            f"(page {page_number}, attempt {attempt}/{self.max_attempts})"
        )

    # --- all pages ----------------------------------------------------------------------------

    async def fetch_raw(self) -> tuple[list[dict[str, Any]], int, int]:
        """Fetch every page; return the raw results, ``totalResults`` and pages fetched.

        Paging stops when as many results as announced have arrived, on a short or empty page,
        or at ``max_pages``.

        Raises:
            PortalIncompleteError: Fewer results arrived than the server announced (empty page
                early, or the page cap reached).
            PortalUnavailableError, PortalRequestError, PortalResponseError: From a page.
        """
        results: list[dict[str, Any]] = []
        expected = 0
        for page_number in range(1, self.max_pages + 1):
            page = await self.fetch_page(page_number)
            expected = page.total_results
            results.extend(page.results)
            logger.info(
                "portal page %d: %d results (%d of %d)",
                page_number,
                len(page.results),
                len(results),
                expected,
            )
            if len(results) >= expected:
                return results, expected, page_number
            if not page.results or len(page.results) < self.page_size:
                raise PortalIncompleteError(
                    f"page {page_number} of the portal search held {len(page.results)} results "
                    f"after {len(results) - len(page.results)}, but the portal announced "
                    f"{expected}; the listing changed or paging broke, try again later"
                )
        raise PortalIncompleteError(
            f"stopped after {self.max_pages} pages with {len(results)} of {expected} results; "
            "raise --max-pages"
        )

    async def fetch_all(self) -> FetchResult:
        """Fetch every open and forthcoming grant topic and convert it to calls.

        Returns:
            The calls (one per topic: the newest record kept) and what was dropped and why.

        Raises:
            PortalError: A page could not be fetched, or paging was incomplete (see
                :meth:`fetch_raw`). Individual bad results do not raise: they are skipped and
                listed.
        """
        raw, expected, pages = await self.fetch_raw()
        records: list[PortalRecord] = []
        failed: list[tuple[str | None, SkippedResult]] = []
        for result in raw:
            identifier = result_identifier(result)
            try:
                records.append(parse_result(result))
            except RecordError as exc:
                reference = str(result.get("reference") or "")
                failed.append((identifier, SkippedResult(identifier, reference, str(exc))))
        kept, dropped = dedupe(records)
        kept_ids = {r.call.id.casefold() for r in kept}
        skipped: list[SkippedResult] = []
        for identifier, skip in failed:
            if identifier and identifier.casefold() in kept_ids:
                logger.info("portal: ignored a bad duplicate of %s (%s)", identifier, skip.reason)
                continue  # another record of the same topic was usable
            skipped.append(skip)
            logger.warning("portal: skipped result %s", skip)
        degraded = [(r.call.id, p) for r in kept for p in r.problems]
        for topic_id, problem in degraded:
            logger.warning("portal: %s: %s; kept with the other fields' data", topic_id, problem)
        return FetchResult(
            calls=tuple(r.call for r in kept),
            expected=expected,
            received=len(raw),
            pages=pages,
            duplicates=tuple((r.call.id, r.reference) for r in dropped)
            + tuple((i, s.reference) for i, s in failed if i and i.casefold() in kept_ids),
            skipped=tuple(skipped),
            degraded=tuple(degraded),
            base_url=self.base_url,
        )
