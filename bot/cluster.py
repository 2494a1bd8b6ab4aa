"""Several bot processes on one database (PostgreSQL): who is alive, and which chats each one sends to.

Every process beats every few seconds. The live ones, in id order, split the chats by
id (chat id mod their number), so that all of one chat's messages leave from one process
(Telegram's per-chat limits hold) and each takes its share of the token's 30 messages a
second. A process that stops cleanly leaves at once; one that dies stops beating, and after
``takeover`` (60 s by default, ``RELEASEWATCH_TAKEOVER``; longer than one Bot API call may
take) the others split its chats between them and put back the messages it had claimed and
not sent, and the sources it was polling. Only a process that has itself beaten steadily for
that long (plus ``SETTLE``) puts claims back: after the database was away, every heartbeat is
old, and a live process may hold messages it sent but could not yet mark sent (it marks them
as soon as it reconnects, within ``SETTLE``); putting those back would send them twice. What
must happen once is settled by the database whatever the split: a message is claimed by
one process (``outbox.claim``), a digest period produced once (``digests.claim_period``), a
source polled by one (``feeds.take_lease``).
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import instances as instances_db
from storage import outbox
from storage.db import SQLITE, Database, DatabaseUnavailable

TAKEOVER = timedelta(seconds=60)  # an instance silent this long is gone; a message claimed this long ago is free
LEASE = timedelta(minutes=10)  # a poll that takes longer (every address, every page) loses its source
SETTLE = timedelta(seconds=10)  # a process reconnects and stores what it sent within this after the database is back


def beat_every(takeover: timedelta) -> float:
    """Seconds between heartbeats: several per takeover period, at most every 5 s."""
    return min(5.0, takeover.total_seconds() / 4)


@dataclass(frozen=True, slots=True)
class Shard:
    index: int
    count: int

    def mine(self, chat_id: int) -> bool:
        return chat_id % self.count == self.index


ALONE = Shard(0, 1)


def shard_of(instance: str, live: list[str]) -> Shard:
    """This instance's share among the live ones (all of it when it is alone, or not among them yet)."""
    if instance not in live:
        return ALONE
    return Shard(sorted(live).index(instance), len(live))


def new_instance_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


class Cluster:
    def __init__(
        self,
        db: Database,
        now: Callable[[], datetime],
        on_shard: Callable[[Shard], None],
        on_released: Callable[[], None],
        instance: str | None = None,
        takeover: timedelta = TAKEOVER,
    ) -> None:
        self.db = db
        self.now = now
        self.on_shard = on_shard
        self.on_released = on_released
        self.instance = instance or new_instance_id()
        self.takeover = takeover
        self.shard = ALONE
        self._steady_since: datetime | None = None  # beating without a gap since then
        self._last_beat: datetime | None = None

    async def start(self) -> Shard:
        """Join: on SQLite, this process owns the file (``Database.own``), so whatever a killed one left behind —
        its heartbeat, its sources' leases — is a ghost's and is cleared, and nothing waits for it."""
        if self.db.dialect == SQLITE:
            await instances_db.clear(self.db)
        return await self.beat()

    async def beat(self) -> Shard:
        if self.db.dialect == SQLITE:  # one process per file: it has every chat
            self.on_shard(ALONE)
            return ALONE
        now = self.now()
        try:
            live = await instances_db.beat(self.db, self.instance, now, now - self.takeover)
        except DatabaseUnavailable:
            self._steady_since = None
            raise
        if self._steady_since is None or self._last_beat is None or now - self._last_beat > self.takeover:
            self._steady_since = now  # (again): others' heartbeats may be old for the same reason as ours
        self._last_beat = now
        self.shard = shard_of(self.instance, live)
        self.on_shard(self.shard)
        if now - self._steady_since >= self.takeover + SETTLE and await outbox.release_claims(
            self.db, now - self.takeover
        ):
            self.on_released()
        return self.shard

    async def leave(self) -> None:
        await instances_db.leave(self.db, self.instance)
