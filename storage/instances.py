"""Bot processes sharing one database: each says it is alive every few seconds; the live ones split the work."""

from __future__ import annotations

from datetime import datetime

from storage.db import Database, to_db


async def beat(db: Database, instance: str, now: datetime, live_since: datetime) -> list[str]:
    """Say ``instance`` is alive; every instance seen since ``live_since`` (itself included), in id order."""
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO instances (id, started_at, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
            (instance, to_db(now), to_db(now)),
        )
        await tx.execute("DELETE FROM instances WHERE seen_at < ?", (to_db(live_since),))
        rows = await tx.fetchall("SELECT id FROM instances ORDER BY id")
    return [r["id"] for r in rows]


async def clear(db: Database) -> None:
    """Forget every instance and the leases they held: the caller knows it is the only one (SQLite)."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM instances")
        await tx.execute("UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL")


async def leave(db: Database, instance: str) -> None:
    """A clean stop: the others take over its share at their next beat, not after a timeout."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM instances WHERE id = ?", (instance,))
        await tx.execute("UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", (instance,))
