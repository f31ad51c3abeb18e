"""In-process fakes of the relay's two sides, for tests of the relay's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from actions.handoff.relay_store import RelayMessage
from actions.handoff.service import ReleaseResult
from actions.handoff.store import Ticket


@dataclass
class FakeAdviserChannel:
    """Records threads and posts; ``members`` are the adviser channel; ``down`` drops posts."""

    members: set[str] = field(default_factory=lambda: {"slack:UANNA", "slack:UBOB"})
    down: bool = False
    threads: list[int] = field(default_factory=list)
    posts: list[tuple[int, str, str]] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    kind: str = "fake"

    async def open_thread(self, ticket: Ticket) -> tuple[str, dict[str, Any]]:
        self.threads.append(ticket.id)
        return f"fake:{ticket.id}", {"n": ticket.id}

    async def post(self, ticket: Ticket, author: str, text: str) -> bool:
        if self.down:
            return False
        self.posts.append((ticket.id, author, text))
        return True

    async def refresh(self, ticket: Ticket) -> None:
        self.refreshed.append(ticket.state)

    async def is_member(self, adviser_id: str) -> bool:
        return adviser_id in self.members


@dataclass
class FakeOutlet:
    """Records what each conversation received; ``down`` makes every delivery fail."""

    down: bool = False
    received: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    async def deliver(self, ticket: Ticket, message: RelayMessage) -> bool:
        if self.down:
            return False
        self.received.setdefault(ticket.conversation_id, []).append((message.author, message.text))
        return True

    def unreachable(self, ticket: Ticket) -> str | None:
        return None


@dataclass
class FakeRelease:
    """Stands in for the handoff service's release: marks the tickets released in the store."""

    store: Any
    texts: list[tuple[str, str]] = field(default_factory=list)

    async def __call__(self, conversation_id: str, released_by: str, text: str) -> ReleaseResult:
        self.texts.append((conversation_id, text))
        released = self.store.release(conversation_id, released_by)
        return ReleaseResult(200, {"released": [t.id for t in released]})
