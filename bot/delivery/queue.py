"""The sender's view of the outbox: pending rows by chat, and which one may go next. Pure.

Rows keep their order within a chat (an alert never overtakes an earlier one). Across
chats the oldest waiting row goes first among the chats that may receive now, so a group
held back by its 20-a-minute limit, or a chat waiting out a retry, never delays anyone
else. Chats are kept in two heaps: *eligible* (by the id of their first row) and *waiting*
(by the time they may receive); a pick costs O(log chats), not a scan.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from storage.outbox import OutboxRow


def _order(row: OutboxRow) -> tuple[bool, int]:
    """A chat's messages go in the order they were queued, except that alerts held for quiet hours (silent)
    wait behind the rest: a release at night must not queue behind a sentence held until the morning."""
    return row.silent, row.id


class DeliveryQueue:
    def __init__(self) -> None:
        self._rows: dict[int, deque[OutboxRow]] = {}  # chat id -> its pending rows, in id order
        self._ids: set[int] = set()
        self._busy: set[int] = set()  # chats with a message in flight
        self._eligible: list[tuple[int, int, int]] = []  # (first row id, chat id, token)
        self._waiting: list[tuple[float, int, int]] = []  # (may receive at, chat id, token)
        self._token: dict[int, int] = {}  # numbers a chat's latest heap entry; older entries are stale

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, row_id: int) -> bool:
        return row_id in self._ids

    @property
    def chats(self) -> int:
        return len(self._rows)

    def add(self, row: OutboxRow) -> None:
        """A row loaded from the outbox (ignored if already here)."""
        if row.id in self._ids:
            return
        self._ids.add(row.id)
        rows = self._rows.get(row.chat_id)
        if rows is None:
            self._rows[row.chat_id] = deque([row])
            self._schedule(row.chat_id)
        elif _order(rows[-1]) < _order(row):
            rows.append(row)
        else:  # loaded out of order (a retry put back, a release during quiet hours): keep the order
            rows.append(row)
            self._rows[row.chat_id] = deque(sorted(rows, key=_order))
            self._schedule(row.chat_id)

    def pick(self, now: float, wall: datetime, ready_at: Callable[[int, float], float]) -> OutboxRow | None:
        """The row that should go now, taken out of the queue (its chat is busy until ``done``), or None.

        ``now`` is the limiter's clock; ``wall`` is compared with rows' ``not_before``;
        ``ready_at(chat, now)`` is when the chat may receive.
        """
        while self._waiting and self._waiting[0][0] <= now:
            _, chat_id, token = heapq.heappop(self._waiting)
            if self._token.get(chat_id) == token:
                self._schedule(chat_id)
        while self._eligible:
            _, chat_id, token = heapq.heappop(self._eligible)
            if self._token.get(chat_id) != token or chat_id in self._busy:
                continue
            row = self._rows[chat_id][0]
            due = now + max(0.0, (row.not_before - wall).total_seconds())
            at = max(due, ready_at(chat_id, now))
            if at > now:
                self._token[chat_id] = token + 1
                heapq.heappush(self._waiting, (at, chat_id, token + 1))
                continue
            self._take(chat_id)
            return row
        return None

    def next_time(self) -> float | None:
        """When a waiting chat may receive (stale entries may make this early, never late)."""
        return self._waiting[0][0] if self._waiting else None

    def recheck(self) -> None:
        """Look at every waiting chat again at the next pick (the clock or the limits changed)."""
        waiting, self._waiting = self._waiting, []
        for _, chat_id, token in waiting:
            if self._token.get(chat_id) == token:
                self._schedule(chat_id)

    def done(self, chat_id: int) -> None:
        """The chat's message in flight is finished (sent, failed or put back)."""
        self._busy.discard(chat_id)
        if self._rows.get(chat_id):
            self._schedule(chat_id)

    def held(self, wall: datetime) -> dict[int, tuple[int, datetime]]:
        """The alerts here held for quiet hours past ``wall``, by row id: their chat and when they may go."""
        return {r.id: (chat_id, r.not_before) for chat_id, rows in self._rows.items() for r in rows
                if r.silent and r.not_before > wall}  # fmt: skip

    def put_back(self, row: OutboxRow, not_before: datetime, chat_id: int | None = None) -> None:
        """Retry ``row`` later (first in its chat, which may have a new id), then call ``done``."""
        self.add(replace(row, not_before=not_before, chat_id=row.chat_id if chat_id is None else chat_id))

    def keep_chats(self, mine: Callable[[int], bool]) -> None:
        """Forget the rows of every chat that is not ``mine`` (another process sends to it now)."""
        for chat_id in [c for c in self._rows if not mine(c)]:
            self.drop_chat(chat_id)

    def drop_chat(self, chat_id: int) -> None:
        """Forget a chat's rows (the chat was retired; its outbox rows are gone)."""
        for row in self._rows.pop(chat_id, ()):
            self._ids.discard(row.id)
        self._token[chat_id] = self._token.get(chat_id, 0) + 1  # its heap entries are stale now

    def _take(self, chat_id: int) -> None:
        rows = self._rows[chat_id]
        row = rows.popleft()
        self._ids.discard(row.id)
        if not rows:
            del self._rows[chat_id]
        self._busy.add(chat_id)

    def _schedule(self, chat_id: int) -> None:
        token = self._token.get(chat_id, 0) + 1
        self._token[chat_id] = token
        heapq.heappush(self._eligible, (self._rows[chat_id][0].id, chat_id, token))
