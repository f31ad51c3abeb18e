"""Reply formatting for instruments, cluster facts and calls. Pure functions, no tracker, no I/O.

Instrument and cluster-fact answers come from the fact cards (``knowledge.facts``): the statement
and its source named by title, event and date (or page and date), or an honest "I don't know"
with the closest known instruments; :func:`fact_answer_payload` builds the ``fact_answer``
payload sent beside the text. Call replies name the data's as-of date and the date statuses were
computed for, link each call to the portal, and say plainly when nothing is open. The
``call_results`` and ``fact_answer`` payloads are the contract of docs/conversation.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from contracts.payloads import CALL_RESULTS, CallItem, CallResults, FactAnswer, fact_source_text
from knowledge.calls import Call, CallHit, CallSearchResult
from knowledge.facts.payload import not_known_answer
from knowledge.instruments import ClusterFacts

CALL_EXAMPLES = '"open calls on battery recycling" or "Horizon Europe calls on hydrogen storage"'
INSTRUMENT_EXAMPLES = '"what is ESCP-4i?", "how much could an INNOSUP-1 project get?"'
#: Data older than this (days) gets a "check the portal" reminder.
STALE_DAYS = 30


def source_line(url: str, as_of: date) -> str:
    """``Source: <url> (as of <YYYY-MM-DD>)``."""
    return f"Source: {url} (as of {as_of.isoformat()})"


# --- instruments and cluster facts: answers from the fact cards ----------------------------


def closest_sentence(names: Sequence[str]) -> str:
    """Offers the closest known instruments, or examples when there are none."""
    if names:
        return f"The closest instruments I know: {', '.join(names)}. Ask me about any of them."
    return f"Try its full name or acronym, for example {INSTRUMENT_EXAMPLES}."


def fact_text(answer: FactAnswer, programme: str | None = None) -> str:
    """The readable version of a ``fact_answer`` payload.

    Args:
        answer: From :func:`fact_answer_payload`.
        programme: Display name of the EU programme an unknown name belongs to, if any: the
            reply then offers a calls search for it (as a suggestion, not as the answer).

    Returns:
        Answered: the statement and its source line. Not known: "I don't know ..." and the
        closest known instruments; never another instrument's figures.
    """
    source = answer.get("source")
    if answer.get("verdict") == "answered" and answer.get("statement") and source:
        line = fact_source_text(source, answer.get("source_checked"), answer.get("refers_to"))
        return f"{answer['statement']}\n{line}"
    name = (answer.get("unknown_name") or "").strip()[:80]
    if programme:
        text = (
            f"{programme} is an EU programme, but it is not in my catalogue of cluster and SME "
            "support instruments, so I have no checked facts about it. I can search its open "
            f'calls: say for example "{programme} calls on hydrogen storage".'
        )
    elif name:
        text = f"I don't know '{name}': I have no checked facts about it, so I won't guess."
    else:
        text = "I don't know that: none of my checked facts answers it, so I won't guess."
    return f"{text} {closest_sentence(answer.get('closest_instruments') or [])}"


def fact_answer_payload(
    answer: FactAnswer,
    *,
    unknown_name: str | None = None,
    closest: Sequence[str] | None = None,
) -> FactAnswer:
    """THE builder of the ``fact_answer`` custom payload (docs/conversation.md).

    Args:
        answer: The answerer's answer (``knowledge.facts.FactAnswerer.answer``).
        unknown_name: A name the action knows nothing checked about (an EU programme outside the
            catalogue, an instrument the conversation named): the payload becomes ``not_known``
            for it whatever the cards matched.
        closest: Closest known instruments to offer instead of the answerer's (with
            ``unknown_name``).

    Returns:
        A JSON-ready copy of the payload.
    """
    payload: FactAnswer = {
        **answer,
        "source": dict(answer["source"]) if answer.get("source") else None,  # type: ignore[typeddict-item]
        "alternatives": [dict(a) for a in answer.get("alternatives") or []],  # type: ignore[misc]
        "closest_instruments": list(answer.get("closest_instruments") or []),
    }
    if unknown_name is None:
        return payload
    kept = payload["closest_instruments"] if closest is None else list(closest)[:3]
    return not_known_answer(payload["question"], payload["confidence"], unknown_name, kept)


def ask_instrument_text() -> str:
    """Asked when the user wants an instrument explained but named none."""
    return f"Which EU instrument or programme shall I explain? For example {INSTRUMENT_EXAMPLES}."


def cluster_facts_text(facts: ClusterFacts) -> str:
    """The headline cluster figures, labelled historical, with the contact and source."""
    intro = f"From the {facts.source_name}"
    if facts.historical:
        intro += " (historical figures, not current ones)"
    lines = [intro + ":"]
    lines.extend(f"- {fact.text}" for fact in facts.facts)
    lines.append(f"Contact for EU cluster policy: {facts.contact} {facts.contact_url}")
    lines.append(source_line(facts.source_url, facts.as_of))
    return "\n".join(lines)


def catalogue_unavailable_text() -> str:
    """Said when the catalogue could not be loaded (details are in the log)."""
    return (
        "Sorry, my funding catalogue is not available right now. Please try again later, or ask "
        "for an adviser."
    )


# --- calls ---------------------------------------------------------------------------------


def _deadline_phrase(hit: CallHit) -> str:
    if hit.status == "closed":
        last = hit.call.final_deadline
        return f"closed (last deadline {last.isoformat()})" if last else "closed"
    if hit.next_deadline is None:
        return f"{hit.status}, no deadline given"
    return f"{hit.status}, next deadline {hit.next_deadline.isoformat()}"


def call_line(number: int, hit: CallHit) -> str:
    """One numbered result line: title, id, programme, status and deadline, portal link."""
    call = hit.call
    programme = f", {call.programme}" if call.programme else ""
    return f"{number}. {call.title} ({call.id}{programme}): {_deadline_phrase(hit)}. {call.url}"


def data_note(as_of: date, today: date) -> str:
    """Names the data's date and the date statuses are computed for."""
    text = f"Portal data as of {as_of.isoformat()}; statuses computed for {today.isoformat()}."
    if (today - as_of).days > STALE_DAYS:
        text += " Please check the deadline on the portal before applying."
    return text


def _subject(query: str, programme: str | None) -> str:
    parts = []
    if query:
        parts.append(f'on "{query}"')
    if programme:
        parts.append(f"under {programme}")
    return (" " + " ".join(parts)) if parts else ""


def calls_text(
    result: CallSearchResult,
    query: str,
    programme: str | None,
    today: date,
    offset: int = 0,
) -> str:
    """The readable version of a page of call results.

    Says plainly when no matching call is open, naming the nearest forthcoming ones.

    Args:
        result: The store's result page.
        query: The topic words searched.
        programme: Display name of the programme filter, if any.
        today: The date statuses were computed for.
        offset: Position of the first item (numbering starts at ``offset + 1``).

    Returns:
        The text.
    """
    subject = _subject(query, programme)
    note = data_note(result.as_of, today)
    if not result.items:
        if offset > 0:
            return f"That's all: there are no more calls{subject}. {note}"
        return (
            f"I found no open or forthcoming call{subject}. {note} "
            f"Try other or fewer words, for example {CALL_EXAMPLES}."
        )
    lines: list[str] = []
    open_count = result.counts.get("open", 0)
    forthcoming_count = result.counts.get("forthcoming", 0)
    if result.none_open:
        head = f"No call{subject} is open right now."
        if result.nearest_forthcoming:
            nearest = "; ".join(
                f"{h.call.title} ({h.call.id}, "
                + (f"deadline {h.next_deadline.isoformat()}" if h.next_deadline else "no deadline")
                + ")"
                for h in result.nearest_forthcoming
            )
            head += f" {forthcoming_count} announced as forthcoming; the nearest: {nearest}."
        lines.append(head)
    else:
        lines.append(
            f"I found {result.total} call(s){subject}: {open_count} open now, "
            f"{forthcoming_count} forthcoming."
        )
    if result.match == "any":
        lines.append("No call matched all your words; these match some of them.")
    lines.append(note)
    lines.extend(call_line(n, hit) for n, hit in enumerate(result.items, start=offset + 1))
    if result.total > offset + len(result.items):
        lines.append(f'Say "show me more" for the next ones ({result.total} in all).')
    return "\n".join(lines)


def call_results_payload(
    items: Sequence[CallHit],
    *,
    query: str,
    as_of: date,
    total: int,
    nearest_forthcoming: Sequence[CallHit] = (),
    filters: Mapping[str, str] | None = None,
    offset: int = 0,
    today: date | None = None,
    language: str = "en",
) -> CallResults:
    """THE builder of the ``call_results`` custom payload (docs/conversation.md).

    Args:
        items: The calls shown, in order.
        query: The user's topic words ("" when describing one call).
        as_of: Date of the calls data.
        total: Matching calls over all pages.
        nearest_forthcoming: Forthcoming calls offered when none is open.
        filters: The filters applied (``{"programme": ...}``).
        offset: Calls before this page.
        today: The date statuses were computed for (sent when known; gives ``days_left``).
        language: The conversation language (:data:`contracts.payloads.LANGUAGE_FIELD`).

    Returns:
        The payload; items as :meth:`knowledge.calls.CallHit.to_dict`.
    """
    payload: CallResults = {
        "type": CALL_RESULTS,
        "query": query or "",
        "as_of": as_of.isoformat(),
        "total": total,
        "items": [call_item(hit, today) for hit in items],
        "nearest_forthcoming": [call_item(hit, today) for hit in nearest_forthcoming],
        "filters": dict(filters or {}),
        "offset": offset,
        "language": language,
    }
    if today is not None:
        payload["today"] = today.isoformat()
    return payload


def call_item(hit: CallHit, today: date | None = None) -> CallItem:
    """One call card: :meth:`knowledge.calls.CallHit.to_dict` plus what a card shows besides.

    ``days_left`` counts from ``today`` to the card's deadline (None without ``today``, without
    a deadline, or when the deadline has passed); budget range and type of action as the call
    states them (None when it does not).
    """
    item = hit.to_dict()
    deadline = item.get("deadline")
    days_left = None
    if today is not None and deadline:
        left = (date.fromisoformat(deadline[:10]) - today).days
        days_left = left if left >= 0 and item.get("status") != "closed" else None
    item["days_left"] = days_left
    item["budget_min"] = hit.call.budget_min
    item["budget_max"] = hit.call.budget_max
    item["action_type"] = hit.call.action_type
    return item


def calls_payload(
    result: CallSearchResult,
    query: str,
    filters: Mapping[str, str],
    offset: int = 0,
    language: str = "en",
) -> CallResults:
    """The ``call_results`` payload of one page of a calls search (labelled in ``language``)."""
    return call_results_payload(
        result.items,
        query=query,
        as_of=result.as_of,
        total=result.total,
        nearest_forthcoming=result.nearest_forthcoming,
        filters=filters,
        offset=offset,
        today=result.today,
        language=language,
    )


def call_detail_payload(call: Call, today: date, as_of: date, language: str = "en") -> CallResults:
    """The one-item ``call_results`` payload sent with the description of one call."""
    return call_results_payload(
        [CallHit.of(call, today)], query="", as_of=as_of, total=1, today=today, language=language
    )


def ask_call_topic_text() -> str:
    """Asked when a call search has neither topic words nor a programme."""
    return f"Happy to look for EU calls. What is your project about? For example {CALL_EXAMPLES}."


def unknown_programme_text(value: str) -> str:
    """Said when a programme filter could not be resolved (it is then ignored)."""
    return f"I don't know the programme '{value[:80]}', so I searched all programmes."


def calls_unavailable_text() -> str:
    """Said when the calls store is not loaded or failed (details are in the log)."""
    return (
        "Sorry, the calls search is not working right now. Please try again in a moment, or "
        "look on the EU Funding & Tenders portal: "
        "https://ec.europa.eu/info/funding-tenders/opportunities/portal"
    )


def call_detail_text(call: Call, today: date, as_of: date) -> str:
    """A full description of one call: status today, deadlines, budget, programme, link."""
    status = call.status(today)
    nxt = call.next_deadline(today)
    lines = [f"{call.title} ({call.id})"]
    meta = [m for m in (call.programme, call.types_of_action or call.action_type) if m]
    if meta:
        lines.append(" - ".join(meta))
    lines.append(_status_phrase(call, status, nxt, today))
    if len(call.applicant_deadlines) > 1:
        lines.append(
            "Deadlines: " + ", ".join(d.isoformat() for d in call.applicant_deadlines) + "."
        )
    budget = _budget_phrase(call)
    if budget:
        lines.append(budget)
    if call.description:
        summary = call.description[:400].rstrip()
        lines.append(summary + ("..." if len(call.description) > 400 else ""))
    lines.append(f"Portal page: {call.url}")
    lines.append(data_note(as_of, today))
    return "\n".join(lines)


def call_status_text(call: Call, today: date, as_of: date) -> str:
    """Answers "is it still open?" for one call, with the dates behind the answer."""
    status = call.status(today)
    nxt = call.next_deadline(today)
    return "\n".join(
        [
            f"{call.title} ({call.id}): {_status_phrase(call, status, nxt, today)}",
            f"Portal page: {call.url}",
            data_note(as_of, today),
        ]
    )


def _status_phrase(call: Call, status: str, nxt: date | None, today: date) -> str:
    if status == "closed":
        last = call.final_deadline
        if last is not None and last < today:
            return f"Closed: its last deadline was {last.isoformat()}."
        return "Closed: the portal lists it as closed."
    if status == "forthcoming":
        when = f" deadline {nxt.isoformat()}" if nxt else " no deadline given yet"
        return f"Forthcoming: announced, not yet open for submissions;{when}."
    if nxt is None:
        return "Open, with no deadline given."
    return f"Open: next deadline {nxt.isoformat()}."


def _budget_phrase(call: Call) -> str:
    if call.budget_min is None and call.budget_max is None:
        return ""
    low, high = call.budget_min, call.budget_max
    if low is not None and high is not None and low != high:
        text = f"EU contribution per project: €{low:,} to €{high:,}."
    else:
        text = f"EU contribution per project: about €{(high or low):,}."
    if call.expected_grants:
        text += f" Expected grants: {call.expected_grants}."
    return text


def unknown_call_text(call_id: str) -> str:
    """Said when a call id is not (or no longer) in the store."""
    return f"I can't find the call {call_id[:80]} in the current data; it may have been removed."


def which_call_text() -> str:
    """Asked by "is it still open?" when no call was shown or selected before."""
    return f"Which call do you mean? Search first, for example {CALL_EXAMPLES}."
