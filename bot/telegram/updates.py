"""How updates are processed: different chats at once, one chat's updates in the order they came.

python-telegram-bot processes one update at a time by default, so a handler waiting for a
rate-limit slot (or a slow database write) would hold up every other chat. Here each chat
has its own lane: its updates run one after another, in order (a /watch is answered before
the /unwatch that follows it), while other chats' updates run beside them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

CONCURRENT = 4096  # bounds memory only; fairness comes from the per-chat lanes


class ChatOrderedUpdates(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self._lanes: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # lane -> updates using it

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        lane = _lane(update)
        if lane is None:
            await coroutine
            return
        lock = self._lanes.setdefault(lane, asyncio.Lock())
        self._users[lane] = self._users.get(lane, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[lane] -= 1
            if not self._users[lane]:
                del self._users[lane]
                del self._lanes[lane]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _lane(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
