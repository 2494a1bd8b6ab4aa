"""Telegram's limits as arithmetic: about 30 messages a second overall, 20 a minute per group.

Pure: ``reserve(chat_id, now)`` books a slot and says how long to wait for it.
"""

from __future__ import annotations

from collections import deque

GLOBAL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
PRIVATE_INTERVAL = 1.0  # seconds between messages to one private chat


class RateLimiter:
    def __init__(self, per_second: int = GLOBAL_PER_SECOND, group_per_minute: int = GROUP_PER_MINUTE) -> None:
        self.per_second = per_second
        self.group_per_minute = group_per_minute
        self._global: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}

    def reserve(self, chat_id: int, now: float) -> float:
        """Book the earliest slot for a message to ``chat_id``; the delay from ``now``."""
        at = now
        if len(self._global) >= self.per_second:
            at = max(at, self._global[-self.per_second] + 1.0)
        chat = self._chats.setdefault(chat_id, deque())
        if chat_id < 0:  # groups and channels
            if len(chat) >= self.group_per_minute:
                at = max(at, chat[-self.group_per_minute] + 60.0)
        elif chat:
            at = max(at, chat[-1] + PRIVATE_INTERVAL)
        self._global.append(at)
        chat.append(at)
        while self._global and self._global[0] < at - 1.0 and len(self._global) > self.per_second:
            self._global.popleft()
        while len(chat) > self.group_per_minute:
            chat.popleft()
        return at - now
