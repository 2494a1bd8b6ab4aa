"""Feeds: configured sources and their polling state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, Reader, Row, Tx, from_db, to_db


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
    mirror: int = 0  # which address answered last: 0 the url, 1… the mirrors
    first_tried_at: datetime | None = None
    announced: str | None = None  # the health last told to the operator
    paused_at: datetime | None = None  # the operator paused it: not polled


_COLUMNS = (
    "id, name, url, etag, last_modified, primed, failures, last_error, failing_since, "
    "last_attempt_at, last_success_at, next_poll_at, listed, listed_at, mirror, first_tried_at, announced, paused_at"
)


def unpolled(name: str, url: str) -> FeedState:
    """A source as it is before its first poll (for reading one without a database: ``scan``)."""
    return FeedState(0, name, url, None, None, False, 0, None, None, None, None, None, 0, None)


def _state(r: Row) -> FeedState:
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
        mirror=r["mirror"],
        first_tried_at=from_db(r["first_tried_at"]),
        announced=r["announced"],
        paused_at=from_db(r["paused_at"]),
    )


async def sync_feeds(db: Database, feeds: list[tuple[str, str]]) -> dict[str, FeedState]:
    """Make the table hold every configured (name, url); a changed URL starts afresh."""
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO feeds (name, url) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET url = excluded.url, etag = NULL, last_modified = NULL, "
            "primed = 0, listed = 0, mirror = 0 WHERE feeds.url != excluded.url",
            feeds,
        )
    names = {name for name, _ in feeds}
    return {s.name: s for s in await all_feeds(db) if s.name in names}


async def all_feeds(db: Reader) -> list[FeedState]:
    return [_state(r) for r in await db.fetchall(f"SELECT {_COLUMNS} FROM feeds ORDER BY name")]


async def get_feed(db: Reader, feed_id: int) -> FeedState | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,))
    return _state(row) if row else None


@dataclass(frozen=True, slots=True)
class Poll:
    """What one poll of a source found out about its addresses."""

    address: int  # the address that answered (0: the url, 1…: mirrors)
    tried_first: bool  # the first address was tried (while a mirror was in use)


async def record_success(
    tx: Tx,
    feed_id: int,
    *,
    etag: str | None,
    last_modified: str | None,
    now: datetime,
    next_at: datetime,
    listed: int,
    poll: Poll = Poll(0, False),
    unchanged: bool = False,
) -> None:
    """A 200 (``unchanged`` False: its validators replace the old ones) or a 304 listing ``listed`` items."""
    await tx.execute(
        "UPDATE feeds SET etag = CASE WHEN ? = 1 THEN etag ELSE ? END, "
        "last_modified = CASE WHEN ? = 1 THEN last_modified ELSE ? END, primed = 1, failures = 0, last_error = NULL, "
        "failing_since = NULL, last_attempt_at = ?, last_success_at = ?, next_poll_at = ?, listed = ?, listed_at = ?, "
        "lease_owner = NULL, lease_until = NULL, "
        "mirror = ?, first_tried_at = CASE WHEN ? = 1 THEN ? ELSE first_tried_at END WHERE id = ?",
        (
            unchanged,
            etag,
            unchanged,
            last_modified,
            to_db(now),
            to_db(now),
            to_db(next_at),
            listed,
            to_db(now),
            poll.address,
            poll.tried_first,
            to_db(now),
            feed_id,
        ),
    )


async def record_failure(
    db: Database, feed_id: int, *, error: str, now: datetime, next_at: datetime, tried_first: bool = False
) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE feeds SET failures = failures + 1, last_error = ?, failing_since = COALESCE(failing_since, ?), "
            "last_attempt_at = ?, next_poll_at = ?, first_tried_at = CASE WHEN ? = 1 THEN ? ELSE first_tried_at END, "
            "lease_owner = NULL, lease_until = NULL WHERE id = ?",
            (error[:500], to_db(now), to_db(now), to_db(next_at), tried_first, to_db(now), feed_id),
        )


async def set_announced(tx: Tx, feed_id: int, health: str) -> None:
    """The operator has been told that the source is now ``health``."""
    await tx.execute("UPDATE feeds SET announced = ? WHERE id = ?", (health, feed_id))


async def new_item_times(db: Reader, feed_id: int, limit: int = 30) -> list[datetime]:
    """When the source's latest items appeared (published, else first seen), newest first, each time once."""
    rows = await db.fetchall(
        "SELECT DISTINCT COALESCE(published_at, seen_at) AS at FROM items WHERE feed_id = ? ORDER BY at DESC LIMIT ?",
        (feed_id, limit),
    )
    return [t for r in rows if (t := from_db(r["at"])) is not None]


async def take_lease(db: Database, feed_id: int, owner: str, now: datetime, until: datetime) -> bool:
    """Poll the source as ``owner`` until ``until``, if it is due and no other lease holds it: a lease ends at
    its time, or when its holder is no longer among the live instances (it died: ``storage.instances``). The
    holder itself may take it again: a poll whose results the database could not take left it behind, and the
    holder never polls one source twice at once."""
    async with db.transaction() as tx:
        taken = await tx.execute(
            "UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE id = ? AND paused_at IS NULL "
            "AND (next_poll_at IS NULL OR next_poll_at <= ?) AND (lease_until IS NULL OR lease_until <= ? "
            "OR lease_owner = ? OR lease_owner NOT IN (SELECT id FROM instances))",
            (owner, to_db(until), feed_id, to_db(now), to_db(now), owner),
        )
    return taken > 0


async def set_paused(db: Database, name: str, paused_at: datetime | None) -> bool:
    """Pause a source (``paused_at``) or resume it (None); False when no source has that name."""
    async with db.transaction() as tx:
        if paused_at is None:  # resumed: due now
            changed = await tx.execute("UPDATE feeds SET paused_at = NULL, next_poll_at = NULL WHERE name = ?", (name,))
        else:
            changed = await tx.execute("UPDATE feeds SET paused_at = ? WHERE name = ?", (to_db(paused_at), name))
    return changed > 0
