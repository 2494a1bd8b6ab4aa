"""What the operator's health check, metrics and ``/admin`` read: counts across all chats, and the heartbeat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, Reader, from_db, to_db


async def heartbeat(db: Database, now: datetime) -> None:
    """Write one row: proves that the database takes writes (disk not full, not locked by a stray process)."""
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
            (to_db(now),),
        )


@dataclass(frozen=True, slots=True)
class Counts:
    chats: int  # active
    watches: int  # of active chats
    pending: int  # outbox rows not yet sent (any kind)
    failed_day: int  # outbox rows given up in the last 24 hours
    oldest_pending_alert: datetime | None  # when the oldest alert still waiting was queued
    oldest_untried_alert: datetime | None  # ... of those due and never tried: a stuck sender shows here
    last_success: datetime | None  # the latest successful poll of any source


async def counts(db: Reader, now: datetime, day_ago: datetime) -> Counts:
    row = await db.fetchone(
        "SELECT (SELECT COUNT(*) FROM chats WHERE active = 1) AS chats, "
        "(SELECT COUNT(*) FROM watches w JOIN chats c ON c.id = w.chat_id WHERE c.active = 1) AS watches, "
        "(SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')) AS pending, "
        "(SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND failed_at >= ?) AS failed_day, "
        "(SELECT MIN(created_at) FROM outbox WHERE status IN ('pending', 'sending') AND kind = 'alert') AS oldest, "
        "(SELECT MIN(created_at) FROM outbox WHERE status = 'pending' AND kind = 'alert' AND attempts = 0 "
        " AND not_before <= ?) AS untried, "
        "(SELECT MAX(last_success_at) FROM feeds) AS last_success",
        (to_db(day_ago), to_db(now)),
    )
    assert row is not None  # an aggregate query always answers one row
    return Counts(
        chats=row["chats"],
        watches=row["watches"],
        pending=row["pending"],
        failed_day=row["failed_day"],
        oldest_pending_alert=from_db(row["oldest"]),
        oldest_untried_alert=from_db(row["untried"]),
        last_success=from_db(row["last_success"]),
    )
