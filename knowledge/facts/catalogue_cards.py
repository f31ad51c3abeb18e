"""Fact cards derived from the instrument catalogue (``knowledge/data/instruments.yml``).

The catalogue owns what each instrument is, what it offers, who can take part, how to apply, when
it runs and whether it still runs; this module turns each of those texts into one card citing the
entry's own ``source_url`` / ``source_note``, so the text is written once. The catalogue's figures
are cards of ``cards.yml`` instead, citing the presentation that states them; a budget text
without a figure ("no figure in this catalogue") becomes a card here. The cluster facts' contact
becomes a ``cluster-policy`` contact card.
"""

from __future__ import annotations

import re

from knowledge.facts.records import FactCard, Source
from knowledge.instruments import Catalogue, Instrument

_DIGIT = re.compile(r"\d")


def _source(instrument: Instrument) -> Source:
    return Source(
        title=instrument.source_note,
        event="",
        date=instrument.as_of,
        url=instrument.source_url,
    )


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
            return FactCard(
                id=f"{ins.id}-{aspect.replace('_', '-')}",
                instrument=ins.id,
                aspect=aspect,  # type: ignore[arg-type]  # one of CARD_ASPECTS
                statement=statement,
                value=value,
                as_of=ins.as_of,
                source=_source(ins),
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
            as_of=facts.as_of,
            source=Source(
                title=facts.source_note, event="", date=facts.as_of, url=facts.contact_url
            ),
        )
    )
    return tuple(cards)
