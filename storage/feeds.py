"""Feeds: configured sources and their polling state."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, from_db, to_db


@dataclass(frozen=True, slots=True)
class FeedState:
    id: int
    name: str
    url: str
    etag: str | None
    last_modified: str | None
    primed: bool
    failures: int
    last_error: str | None
    failing_since: datetime | None
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    next_poll_at: datetime | None


_COLUMNS = (
    "id, name, url, etag, last_modified, primed, failures, last_error, failing_since, "
    "last_attempt_at, last_success_at, next_poll_at"
)


def _state(r: sqlite3.Row) -> FeedState:
    return FeedState(
        id=r["id"],
        name=r["name"],
        url=r["url"],
        etag=r["etag"],
        last_modified=r["last_modified"],
        primed=bool(r["primed"]),
        failures=r["failures"],
        last_error=r["last_error"],
        failing_since=from_db(r["failing_since"]),
        last_attempt_at=from_db(r["last_attempt_at"]),
        last_success_at=from_db(r["last_success_at"]),
        next_poll_at=from_db(r["next_poll_at"]),
    )


async def sync_feeds(db: Database, feeds: list[tuple[str, str]]) -> dict[str, FeedState]:
    """Make the table hold every configured (name, url); a changed URL starts afresh."""
    async with db.transaction() as conn:
        for name, url in feeds:
            await conn.execute(
                "INSERT INTO feeds (name, url) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET url = excluded.url, etag = NULL, last_modified = NULL, "
                "primed = 0 WHERE feeds.url != excluded.url",
                (name, url),
            )
    names = {name for name, _ in feeds}
    return {s.name: s for s in await all_feeds(db) if s.name in names}


async def all_feeds(db: Database) -> list[FeedState]:
    async with db.conn.execute(f"SELECT {_COLUMNS} FROM feeds ORDER BY name") as cur:
        return [_state(r) for r in await cur.fetchall()]


async def record_success(
    db: Database, feed_id: int, *, etag: str | None, last_modified: str | None, now: datetime, next_at: datetime
) -> None:
    """A 200 or 304: clears the error state. Call inside a transaction with the items."""
    await db.conn.execute(
        "UPDATE feeds SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), primed = 1, "
        "failures = 0, last_error = NULL, failing_since = NULL, last_attempt_at = ?, last_success_at = ?, "
        "next_poll_at = ? WHERE id = ?",
        (etag, last_modified, to_db(now), to_db(now), to_db(next_at), feed_id),
    )


async def record_failure(db: Database, feed_id: int, *, error: str, now: datetime, next_at: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE feeds SET failures = failures + 1, last_error = ?, failing_since = COALESCE(failing_since, ?), "
            "last_attempt_at = ?, next_poll_at = ? WHERE id = ?",
            (error[:500], to_db(now), to_db(now), to_db(next_at), feed_id),
        )
