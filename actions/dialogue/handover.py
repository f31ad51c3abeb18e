"""Running another action in the same turn, by name, without importing its module.

A search action that finds the message is another feature's ("und für textilien?" read as calls
right after partners) answers with that action in the same turn: a ``FollowupAction`` would leave
the policies unsure after it, and the core fallback would revert the results. The actions that
may be handed a turn register here (:func:`register`); the callers ask by name
(:func:`run_action`), so the action modules do not import each other.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

_ACTIONS: dict[str, type[Action]] = {}


def register(cls: type[Action]) -> type[Action]:
    """Class decorator: the action may be handed a turn by name."""
    _ACTIONS[cls().name()] = cls
    return cls


async def run_action(
    name: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """The events of action ``name`` run on this turn, or None when it is not registered."""
    cls = _ACTIONS.get(name)
    if cls is None:
        return None
    return await cls().run(dispatcher, tracker, domain)
