"""How the relay delivers the human part's stored messages: in order, and once across servers.

:class:`Delivery` is the delivery half of :class:`actions.handoff.relay.Relay`. Every message is
stored before it is delivered (:mod:`actions.handoff.relay_store`); :meth:`Delivery.flush`
delivers what is pending, oldest first per ticket and direction, and leaves what failed for the
next round. Before delivering a message a relay takes the message's lease in the ticket store
(one conditional ``UPDATE``, :meth:`actions.handoff.store.TicketStore.lease`), so of several
action servers sharing one ticket store only one delivers it: two servers flushing the same
message in the same millisecond never both write it into the SME's conversation or the thread.
A delivery is abandoned after :data:`DELIVERY_S` seconds and its lease given back; the lease of
a server that died mid-delivery runs out after :data:`LEASE_S` seconds (then the tracker check
of :mod:`actions.handoff.sme_outlet` finds a write that went through).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from actions.handoff.relay_store import TO_ADVISER, TO_SME, RelayMessage
from actions.handoff.store import Ticket

logger = logging.getLogger(__name__)

#: One delivery (tracker read, write, Teams push) is abandoned after this many seconds...
DELIVERY_S = 20.0
#: ...and the lease that makes it the only one runs longer: another action server takes a
#: message over only when its owner died during the delivery (or gave it back).
LEASE_S = 30.0


class Delivery:
    """The delivery methods of the relay (needs ``store``, ``adviser``, ``sme``, ``_locks``,
    ``owner``, ``lease_s`` and ``delivery_s``, the relay's fields)."""

    store: Any
    adviser: Any
    sme: Any
    _locks: dict[str, asyncio.Lock] | None
    owner: str
    lease_s: float
    delivery_s: float

    async def _call(self, fn: Any, *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

    async def _refresh(self, ticket: Ticket | None) -> None:
        if self.adviser is None or ticket is None or not ticket.thread_key:
            return
        try:
            await self.adviser.refresh(ticket)
        except Exception:
            logger.exception("could not update the thread of ticket #%d", ticket.id)

    async def flush(self, directions: tuple[str, ...] = (TO_SME, TO_ADVISER)) -> int:
        """Delivers every pending message in these directions, oldest first.

        A message that cannot be delivered stays pending, and later messages of the same
        ticket and direction wait behind it (order is kept), as they do behind a message another
        action server is delivering (it holds the message's lease). Safe to call concurrently,
        in one process and across processes (the lease): one lock per direction, so that
        delivery to the SME (which waits for Rasa's lock on the conversation) never holds up
        delivery to the adviser (which runs inside Rasa's handling of an SME message).

        Returns:
            How many messages were delivered.
        """
        if self._locks is None:
            self._locks = {TO_SME: asyncio.Lock(), TO_ADVISER: asyncio.Lock()}
        delivered = 0
        for direction in directions:
            async with self._locks[direction]:
                delivered += await self._flush(direction)
        return delivered

    async def _flush(self, direction: str) -> int:
        delivered, blocked = 0, set()
        for message in await self._call(self.store.undelivered, direction, 200):
            if message.ticket_id in blocked:
                continue
            ticket = await self._call(self.store.get, message.ticket_id)
            if ticket is None:
                continue
            if not await self._call(self.store.lease, message.id, self.owner, self.lease_s):
                blocked.add(message.ticket_id)  # delivered meanwhile, or another server's now
                continue
            try:
                ok = await asyncio.wait_for(self._deliver(ticket, message), self.delivery_s)
            except asyncio.CancelledError:  # shutting down: the next server need not wait
                self.store.unlease(message.id, self.owner)
                raise
            except Exception:
                logger.exception("delivery of handoff message %d failed", message.id)
                ok = False
            if ok:
                await self._call(self.store.mark_delivered, message.id)
                delivered += 1
            else:
                await self._call(self.store.unlease, message.id, self.owner)
                blocked.add(message.ticket_id)
        return delivered

    async def _deliver(self, ticket: Ticket, message: RelayMessage) -> bool:
        if message.direction == TO_SME:
            return await self.sme.deliver(ticket, message)
        if self.adviser is None or not ticket.thread_key:
            return False
        return await self.adviser.post(ticket, message.author, message.text)
