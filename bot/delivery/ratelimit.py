"""Telegram's limits as arithmetic: about 30 messages a second overall, 20 a minute per group,
about one a second per private chat. Pure: times are plain seconds on one clock.

``ready_at(chat, now)`` says when a message to ``chat`` may go; ``book(chat, now)`` records
one that goes now. Bookings are only ever made for "now", so the history of each chat and
of the bot is in time order and a booking never blocks an earlier slot. ``reserve`` keeps
some of the global rate free: the sender asks with a reserve so that replies to commands,
which ask without one, are never stuck behind a broadcast.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    per_second: int = 30  # every chat together, in any one-second window
    group_messages: int = 20  # per group or channel ...
    group_window: float = 60.0  # ... in any window this long (seconds)
    private_interval: float = 1.0  # seconds between two messages to one private chat
    second: float = 1.0  # the global window (tests shrink every window to run fast)


class RateLimiter:
    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.share = 1  # processes sharing the bot's token (bot.cluster): each takes its part of per_second
        self._global: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        self._blocked: dict[int, float] = {}

    def ready_at(self, chat_id: int, now: float, reserve: int = 0) -> float:
        """The earliest time at or after ``now`` when a message to ``chat_id`` may go."""
        return max(self.global_ready_at(now, reserve), self.chat_ready_at(chat_id, now))

    def global_ready_at(self, now: float, reserve: int = 0) -> float:
        limit = max(1, self.limits.per_second // self.share - reserve)
        window = self.limits.second
        sent = self._global
        while sent and sent[0] <= now - window:
            sent.popleft()
        return now if len(sent) < limit else max(now, sent[len(sent) - limit] + window)

    def chat_ready_at(self, chat_id: int, now: float) -> float:
        at = max(now, self._blocked.get(chat_id, now))
        sent = self._chats.get(chat_id)
        if not sent:
            return at
        if chat_id < 0:  # groups, supergroups and channels
            limit, window = self.limits.group_messages, self.limits.group_window
            while sent and sent[0] <= now - window:
                sent.popleft()
            if len(sent) >= limit:
                at = max(at, sent[len(sent) - limit] + window)
        else:
            at = max(at, sent[-1] + self.limits.private_interval)
        return at

    def book(self, chat_id: int, at: float) -> None:
        """A message to ``chat_id`` goes at ``at`` (now, or a moment in the past when seeding)."""
        self._global.append(at)
        sent = self._chats.setdefault(chat_id, deque())
        sent.append(at)
        while len(sent) > self.limits.group_messages:
            sent.popleft()
        if len(self._chats) > 50_000:  # forget chats whose windows have long passed
            horizon = at - max(self.limits.group_window, self.limits.private_interval)
            self._chats = {c: q for c, q in self._chats.items() if q and q[-1] > horizon}
            self._blocked = {c: t for c, t in self._blocked.items() if t > at}

    def block(self, chat_id: int, until: float) -> None:
        """Telegram said to wait (429 with ``retry_after``): nothing goes to the chat before ``until``."""
        self._blocked[chat_id] = max(until, self._blocked.get(chat_id, until))
