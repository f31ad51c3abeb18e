"""Reply formatting for instruments, cluster facts and calls. Pure functions, no tracker, no I/O.

Instrument and cluster-fact answers come from the fact cards (``knowledge.facts``): the statement
and its source named by title, event and date (or page and date), or an honest "I don't know"
with the closest known instruments; :func:`fact_answer_payload` builds the ``fact_answer``
payload sent beside the text. Call replies name the data's as-of date and the date statuses were
computed for, link each call to the portal, and say plainly when nothing is open. The
``call_results`` and ``fact_answer`` payloads are the contract of docs/conversation.md.

Every sentence is the message catalogues' (``i18n/locales/*/LC_MESSAGES/funding.po``) in the
conversation's language (``lang``); call titles, descriptions and fact statements are the data's
own (English) text. Dates are ISO dates in English (as the portal writes them) and written the
language's way in the others (:func:`i18n.format_date`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from contracts.payloads import (
    CALL_RESULTS,
    PRESENTATION_AUTHOR,
    CallItem,
    CallResults,
    FactAnswer,
    FactSource,
    fact_source_text,
    long_date,
)
from i18n import format_date, format_euro, plural, text
from knowledge.calls import Call, CallHit, CallSearchResult
from knowledge.facts.payload import not_known_answer
from knowledge.instruments import ClusterFacts
from taxonomy.stopwords import call_request_stopwords, topic_words

#: Data older than this (days) gets a "check the portal" reminder.
STALE_DAYS = 30


def day(value: date, lang: str = "en") -> str:
    """A date in a reply: ISO in English (as the portal writes it), the language's long form
    in the others ("10. August 2026")."""
    return value.isoformat() if lang == "en" else format_date(value, lang)


def _long(iso: str | None, lang: str) -> str:
    try:
        return format_date(date.fromisoformat(str(iso)), lang)
    except (TypeError, ValueError):
        return str(iso or "")


def _fact_date(iso: str, lang: str) -> str:
    """A card's date as its source line writes it ("22 February 2018" in English)."""
    return long_date(iso) if lang == "en" else _long(iso, lang)


def source_text(
    source: FactSource, checked: str | None, refers_to: str | None, lang: str = "en"
) -> str:
    """A fact card's source line in ``lang``; in English exactly
    :func:`contracts.payloads.fact_source_text` (the wording the cards use)."""
    if lang == "en":
        return fact_source_text(source, checked, refers_to)
    title = source.get("title") or ""
    when = source.get("date") or ""
    url = source.get("url") or ""
    if source.get("event"):
        line = text(
            "funding.source_presentation",
            lang,
            author=PRESENTATION_AUTHOR,
            title=title,
            event=source["event"],
            date=_long(when, lang),
        )
    elif when:
        line = text("funding.source_dated", lang, title=title or url, date=_long(when, lang))
        line += f" ({url})" if url and title else ""
    else:
        where = [text("funding.source_from", lang, url=url)] if url else []
        if checked:
            where.append(text("funding.source_read_on", lang, date=_long(checked, lang)))
        line = text("funding.source_plain", lang, title=title or url)
        line += f" ({', '.join(where)})" if where else ""
    if refers_to:
        line += text("funding.source_about", lang, period=refers_to)
    return line


def source_line(url: str, as_of: date, lang: str = "en") -> str:
    """``Source: <url> (as of <YYYY-MM-DD>)``."""
    return text("funding.source_as_of", lang, url=url, date=day(as_of, lang))


# --- instruments and cluster facts: answers from the fact cards ----------------------------


def closest_sentence(names: Sequence[str], lang: str = "en") -> str:
    """Offers the closest known instruments, or examples when there are none."""
    if names:
        return text("funding.closest_instruments", lang, names=", ".join(names))
    return text("funding.try_full_name", lang, examples=text("funding.instrument_examples", lang))


def fact_text(
    answer: FactAnswer, programme: str | None = None, lang: str = "en", exact: bool = True
) -> str:
    """The readable version of a ``fact_answer`` payload.

    Args:
        answer: From :func:`fact_answer_payload`.
        programme: Display name of the EU programme an unknown name belongs to, if any: the
            reply then offers a calls search for it (as a suggestion, not as the answer).
        exact: False when the card is the closest the instrument has, not what was asked ("is
            there a contact person?" and no contact card): the frame says so.

    Returns:
        Answered: a line in the reply language naming what the card is about
        (:func:`fact_intro`), the statement with the date its figure refers to, and its source
        line (title, event, date). Not known: "I don't know ..." and the
        closest known instruments; never another instrument's figures.
    """
    source = answer.get("source")
    if answer.get("verdict") == "answered" and answer.get("statement") and source:
        line = source_text(source, answer.get("source_checked"), answer.get("refers_to"), lang)
        statement = str(answer["statement"])
        if answer.get("as_of"):  # the date the figure refers to: its source's date
            statement += " " + text(
                "funding.fact_as_of", lang, date=_fact_date(answer["as_of"], lang)
            )
        return f"{fact_intro(answer, lang, exact)}\n{statement}\n{line}"
    name = (answer.get("unknown_name") or "").strip()[:80]
    if programme:
        said = text("funding.programme_not_in_catalogue", lang, programme=programme)
    elif name:
        said = text("funding.unknown_name", lang, name=name)
    else:
        said = text("funding.unknown_question", lang)
    return f"{said} {closest_sentence(answer.get('closest_instruments') or [], lang)}"


def fact_intro(answer: FactAnswer, lang: str = "en", exact: bool = True) -> str:
    """The line in the reply language before a card's statement ("Here is what I found about
    INNOSUP-1:"): the card is quoted as its source writes it (English), the frame around it is in
    the user's language."""
    subject = str(answer.get("instrument_name") or "").strip()
    if subject and not exact:
        return text("funding.fact_intro_closest", lang, subject=subject)
    if subject:
        return text("funding.fact_intro", lang, subject=subject)
    return text("funding.fact_intro_general", lang)


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


def ask_instrument_text(lang: str = "en") -> str:
    """Asked when the user wants an instrument explained but named none."""
    return text("funding.ask_instrument", lang, examples=text("funding.instrument_examples", lang))


def cluster_facts_text(facts: ClusterFacts, lang: str = "en") -> str:
    """The headline cluster figures, labelled historical, with the contact and source."""
    key = "funding.facts_intro_historical" if facts.historical else "funding.facts_intro"
    lines = [text(key, lang, source=facts.source_name)]
    lines.extend(f"- {fact.text}" for fact in facts.facts)
    lines.append(text("funding.facts_contact", lang, contact=facts.contact, url=facts.contact_url))
    lines.append(source_line(facts.source_url, facts.as_of, lang))
    return "\n".join(lines)


def catalogue_unavailable_text(lang: str = "en") -> str:
    """Said when the catalogue could not be loaded (details are in the log)."""
    return text("funding.catalogue_unavailable", lang)


# --- calls ---------------------------------------------------------------------------------


def _deadline_phrase(hit: CallHit, lang: str = "en") -> str:
    status = text(f"funding.status_{hit.status}", lang)
    if hit.status == "closed":
        last = hit.call.final_deadline
        if last:
            return text("funding.line_closed_last", lang, date=day(last, lang))
        return status
    if hit.next_deadline is None:
        return text("funding.line_no_deadline", lang, status=status)
    return text(
        "funding.line_next_deadline", lang, status=status, date=day(hit.next_deadline, lang)
    )


def call_line(number: int, hit: CallHit, lang: str = "en") -> str:
    """One numbered result line: title, id, programme, status and deadline, portal link."""
    call = hit.call
    programme = f", {call.programme}" if call.programme else ""
    phrase = _deadline_phrase(hit, lang)
    return f"{number}. {call.title} ({call.id}{programme}): {phrase}. {call.url}"


def data_note(as_of: date, today: date, lang: str = "en") -> str:
    """Names the data's date and the date statuses are computed for."""
    note = text("funding.data_note", lang, as_of=day(as_of, lang), today=day(today, lang))
    if (today - as_of).days > STALE_DAYS:
        note += " " + text("funding.data_stale", lang)
    return note


def _subject(query: str, programme: str | None, lang: str = "en") -> str:
    parts = []
    topic = topic_words(query, call_request_stopwords(lang)) if query else ""
    if topic:  # the words that name the topic, as the calls card's title shows them
        parts.append(text("funding.subject_query", lang, query=topic))
    if programme:
        parts.append(text("funding.subject_programme", lang, programme=programme))
    return (" " + " ".join(parts)) if parts else ""


def calls_text(
    result: CallSearchResult,
    query: str,
    programme: str | None,
    today: date,
    offset: int = 0,
    lang: str = "en",
    unnamed: Sequence[str] = (),
) -> str:
    """The readable version of a page of call results.

    Says plainly when no matching call is open, naming the nearest forthcoming ones, and when
    none of the calls shown names the topic's specific words (``unnamed``,
    :mod:`knowledge.calls.topic_mention`): they are the closest in meaning, not a match.

    Args:
        result: The store's result page.
        query: The topic words searched.
        programme: Display name of the programme filter, if any.
        today: The date statuses were computed for.
        offset: Position of the first item (numbering starts at ``offset + 1``).

    Returns:
        The text.
    """
    subject = _subject(query, programme, lang)
    note = data_note(result.as_of, today, lang)
    if not result.items:
        if offset > 0:
            return text("funding.no_more_calls", lang, subject=subject) + f" {note}"
        examples = text("funding.call_examples", lang)
        return text("funding.no_calls", lang, subject=subject, note=note, examples=examples)
    lines: list[str] = []
    open_count = result.counts.get("open", 0)
    forthcoming_count = result.counts.get("forthcoming", 0)
    if result.none_open:
        head = text("funding.none_open", lang, subject=subject)
        if result.nearest_forthcoming:
            nearest = "; ".join(
                f"{h.call.title} ({h.call.id}, "
                + (
                    text("funding.deadline", lang, date=day(h.next_deadline, lang))
                    if h.next_deadline
                    else text("funding.no_deadline", lang)
                )
                + ")"
                for h in result.nearest_forthcoming
            )
            head += " " + plural(
                "funding.forthcoming_nearest", forthcoming_count, lang, nearest=nearest
            )
        lines.append(head)
    else:
        lines.append(
            plural(
                "funding.found_calls",
                result.total,
                lang,
                subject=subject,
                open=open_count,
                forthcoming=forthcoming_count,
            )
        )
    if result.match == "any":
        lines.append(text("funding.partial_match", lang))
    if unnamed:
        words = ", ".join(f"“{w}”" for w in unnamed)
        lines.append(text("funding.topic_not_named", lang, words=words))
    lines.append(note)
    lines.extend(call_line(n, hit, lang) for n, hit in enumerate(result.items, start=offset + 1))
    if result.total > offset + len(result.items):
        lines.append(text("funding.show_more_hint", lang, total=result.total))
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


def ask_call_topic_text(lang: str = "en") -> str:
    """Asked when a call search has neither topic words nor a programme."""
    return text("funding.ask_calls_topic", lang, examples=text("funding.call_examples", lang))


def unknown_programme_text(value: str, lang: str = "en") -> str:
    """Said when a programme filter could not be resolved (it is then ignored)."""
    return text("funding.unknown_programme", lang, value=value[:80])


def calls_unavailable_text(lang: str = "en") -> str:
    """Said when the calls store is not loaded or failed (details are in the log)."""
    return text("funding.calls_unavailable", lang)


def call_detail_text(call: Call, today: date, as_of: date, lang: str = "en") -> str:
    """A full description of one call: status today, deadlines, budget, programme, link."""
    status = call.status(today)
    nxt = call.next_deadline(today)
    lines = [f"{call.title} ({call.id})"]
    meta = [m for m in (call.programme, call.types_of_action or call.action_type) if m]
    if meta:
        lines.append(" - ".join(meta))
    lines.append(_status_phrase(call, status, nxt, today, lang))
    if len(call.applicant_deadlines) > 1:
        dates = ", ".join(day(d, lang) for d in call.applicant_deadlines)
        lines.append(text("funding.deadlines", lang, dates=dates))
    budget = _budget_phrase(call, lang)
    if budget:
        lines.append(budget)
    if call.description:
        summary = call.description[:400].rstrip()
        lines.append(summary + ("..." if len(call.description) > 400 else ""))
    lines.append(text("funding.portal_page", lang, url=call.url))
    lines.append(data_note(as_of, today, lang))
    return "\n".join(lines)


def call_status_text(call: Call, today: date, as_of: date, lang: str = "en") -> str:
    """Answers "is it still open?" for one call, with the dates behind the answer."""
    status = call.status(today)
    nxt = call.next_deadline(today)
    return "\n".join(
        [
            f"{call.title} ({call.id}): {_status_phrase(call, status, nxt, today, lang)}",
            text("funding.portal_page", lang, url=call.url),
            data_note(as_of, today, lang),
        ]
    )


def _status_phrase(call: Call, status: str, nxt: date | None, today: date, lang: str) -> str:
    if status == "closed":
        last = call.final_deadline
        if last is not None and last < today:
            return text("funding.status_closed_last", lang, date=day(last, lang))
        return text("funding.status_closed_listed", lang)
    if status == "forthcoming":
        if nxt:
            return text("funding.status_forthcoming_deadline", lang, date=day(nxt, lang))
        return text("funding.status_forthcoming_nodeadline", lang)
    if nxt is None:
        return text("funding.status_open_no_deadline", lang)
    return text("funding.status_open_next", lang, date=day(nxt, lang))


def _budget_phrase(call: Call, lang: str = "en") -> str:
    if call.budget_min is None and call.budget_max is None:
        return ""
    low, high = call.budget_min, call.budget_max
    if low is not None and high is not None and low != high:
        said = text(
            "funding.budget_range", lang, low=format_euro(low, lang), high=format_euro(high, lang)
        )
    else:
        said = text("funding.budget_about", lang, amount=format_euro(high or low or 0, lang))
    if call.expected_grants:
        said += " " + text("funding.expected_grants", lang, count=call.expected_grants)
    return said


def unknown_call_text(call_id: str, lang: str = "en") -> str:
    """Said when a call id is not (or no longer) in the store."""
    return text("funding.unknown_call", lang, call_id=call_id[:80])


def which_call_text(lang: str = "en") -> str:
    """Asked by "is it still open?" when no call was shown or selected before."""
    return text("funding.which_call", lang, examples=text("funding.call_examples", lang))
