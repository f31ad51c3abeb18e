"""Fact cards derived from the instrument catalogue (``knowledge/data/instruments.yml``).

The catalogue owns what each instrument is, what it offers, who can take part, how to apply, when
it runs and whether it still runs; this module turns each of those texts into one card citing the
entry's own ``source_url`` / ``source_note``, so the text is written once. The catalogue's figures
are cards of ``cards.yml`` instead, citing the presentation that states them; a budget text
without a figure ("no figure in this catalogue") becomes a card here. The cluster facts' contact
becomes a ``cluster-policy`` contact card.

Dates are honest: the catalogue's ``as_of`` is the day its pages were read, not the date of any
statement, so it is only the source's ``checked`` date. A card's ``as_of`` is the date of its
source when the source note gives one ("Commission memo of 2 July 2014"), else None (an undated
page); its ``refers_to`` is the year or period its own text names ("COSME 2017" -> "2017",
"(2014-2020)" -> "2014-2020"), or, for what an ended instrument was, offered and who could take
part, the years of the instrument's period.
"""

from __future__ import annotations

import re
from datetime import date

from knowledge.facts.records import FactCard, Source
from knowledge.instruments import Catalogue, Instrument

_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
#: English month names, January first (the catalogue's dates and the fact cards' values).
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_LONG_DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) ((?:19|20)\d{{2}})\b", re.I)
#: Aspects that describe what an ended instrument was: they refer to its period.
_PERIOD_BOUND = frozenset(("what", "offers", "who", "budget"))


def source_date(note: str) -> date | None:
    """Return the date a source note gives for its source ("memo of 2 July 2014"), or None.

    Args:
        note: The catalogue entry's ``source_note``.

    Returns:
        The date, or None when the note names no full date.
    """
    match = _LONG_DATE.search(note)
    if match is None:
        return None
    day, month, year = match.groups()
    try:
        return date(int(year), MONTHS.index(month.lower()) + 1, int(day))
    except ValueError:
        return None


def years_of(text: str) -> str:
    """Return the year or period a text names: ``"2017"``, ``"2014-2020"``, or ``""``.

    Args:
        text: A card's value or an instrument's period.

    Returns:
        One year, the span from the first to the last year named, or "" when none.
    """
    years = sorted({int(y) for y in _YEAR.findall(text)})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _source(instrument: Instrument) -> Source:
    return Source(
        title=instrument.source_note,
        event="",
        date=source_date(instrument.source_note),
        url=instrument.source_url,
        checked=instrument.as_of,
    )


def _refers_to(instrument: Instrument, aspect: str, value: str) -> str:
    own = years_of(value)
    if own or instrument.status == "active" or aspect not in _PERIOD_BOUND:
        return own
    return years_of(instrument.period)


def _status_statement(catalogue: Catalogue, instrument: Instrument) -> tuple[str, str]:
    successor = catalogue.successor_of(instrument)
    if instrument.status == "active":
        return f"{instrument.name} is still running.", "still running"
    text = f"{instrument.name} has ended; it belongs to a past funding period."
    value = "ended"
    if successor is not None:
        text += f" It is continued by {successor.name}."
        value = f"ended; continued by {successor.name}"
    return text, value


def catalogue_cards(catalogue: Catalogue) -> tuple[FactCard, ...]:
    """Return the cards of every instrument's texts and of the cluster facts' contact.

    Args:
        catalogue: The loaded instrument catalogue.

    Returns:
        Cards with ids ``<instrument>-<aspect>`` (what, offers, who, how_to_apply, period, status,
        and budget when the budget text has no figure).
    """
    cards: list[FactCard] = []
    for ins in catalogue:

        def card(aspect: str, statement: str, value: str, ins: Instrument = ins) -> FactCard:
            source = _source(ins)
            return FactCard(
                id=f"{ins.id}-{aspect.replace('_', '-')}",
                instrument=ins.id,
                aspect=aspect,  # type: ignore[arg-type]  # one of CARD_ASPECTS
                statement=statement,
                value=value,
                as_of=source.date,
                source=source,
                refers_to=_refers_to(ins, aspect, value),
            )

        cards.append(card("what", f"{ins.name}: {ins.summary}", ins.summary))
        cards.append(card("offers", f"What {ins.name} offers: {ins.funds}", ins.funds))
        cards.append(
            card("who", f"Who can take part in {ins.name}: {ins.who_can_apply}", ins.who_can_apply)
        )
        cards.append(
            card(
                "how_to_apply", f"How to apply to {ins.name}: {ins.how_to_apply}", ins.how_to_apply
            )
        )
        cards.append(card("period", f"When {ins.name} runs: {ins.period}", ins.period))
        statement, value = _status_statement(catalogue, ins)
        cards.append(card("status", statement, value))
        if not _DIGIT.search(ins.budget):
            cards.append(card("budget", f"Budget of {ins.name}: {ins.budget}", ins.budget))
    facts = catalogue.facts
    cards.append(
        FactCard(
            id="cluster-policy-contact",
            instrument="cluster-policy",
            aspect="contact",
            statement=f"Contact for EU cluster policy: {facts.contact}",
            value=facts.contact,
            as_of=None,
            source=Source(
                title=facts.source_note,
                event="",
                date=None,
                url=facts.contact_url,
                checked=facts.as_of,
            ),
        )
    )
    return tuple(cards)
