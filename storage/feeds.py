"""Feeds: configured sources and their polling state."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, Reader, Tx, from_db, to_db


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
    listed: int  # items in the last listing
    listed_at: datetime | None


_COLUMNS = (
    "id, name, url, etag, last_modified, primed, failures, last_error, failing_since, "
    "last_attempt_at, last_success_at, next_poll_at, listed, listed_at"
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
        listed=r["listed"],
        listed_at=from_db(r["listed_at"]),
    )


async def sync_feeds(db: Database, feeds: list[tuple[str, str]]) -> dict[str, FeedState]:
    """Make the table hold every configured (name, url); a changed URL starts afresh."""
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO feeds (name, url) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET url = excluded.url, etag = NULL, last_modified = NULL, "
            "primed = 0, listed = 0 WHERE feeds.url != excluded.url",
            feeds,
        )
    names = {name for name, _ in feeds}
    return {s.name: s for s in await all_feeds(db) if s.name in names}


async def all_feeds(db: Reader) -> list[FeedState]:
    return [_state(r) for r in await db.fetchall(f"SELECT {_COLUMNS} FROM feeds ORDER BY name")]


async def get_feed(db: Reader, feed_id: int) -> FeedState | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,))
    return _state(row) if row else None


async def record_success(
    tx: Tx,
    feed_id: int,
    *,
    etag: str | None,
    last_modified: str | None,
    now: datetime,
    next_at: datetime,
    listed: int,
) -> None:
    """A 200 or a 304 listing ``listed`` items: clears the error state."""
    await tx.execute(
        "UPDATE feeds SET etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), primed = 1, "
        "failures = 0, last_error = NULL, failing_since = NULL, last_attempt_at = ?, last_success_at = ?, "
        "next_poll_at = ?, listed = ?, listed_at = ? WHERE id = ?",
        (etag, last_modified, to_db(now), to_db(now), to_db(next_at), listed, to_db(now), feed_id),
    )


async def record_failure(db: Database, feed_id: int, *, error: str, now: datetime, next_at: datetime) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE feeds SET failures = failures + 1, last_error = ?, failing_since = COALESCE(failing_since, ?), "
            "last_attempt_at = ?, next_poll_at = ? WHERE id = ?",
            (error[:500], to_db(now), to_db(now), to_db(next_at), feed_id),
        )
