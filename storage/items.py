"""Items: what the feeds published, deduplicated into stories."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, from_db, to_db


@dataclass(frozen=True, slots=True)
class NewItem:
    """An item as parsed, before it has an id."""

    guid: str
    link: str | None
    canonical_link: str | None
    title: str
    summary: str
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredItem:
    id: int
    feed_id: int
    feed_name: str
    link: str | None
    title: str
    summary: str
    published_at: datetime | None
    seen_at: datetime
    story_id: int


async def insert_items(db: Database, feed_id: int, items: list[NewItem], now: datetime) -> list[int]:
    """Store items not seen before; return the ids of those that start a new story.

    An item is old when its feed already has its guid. It is new but not a new story
    when another item already has its canonical link (the same story in another feed).
    Call inside a transaction.
    """
    new_stories: list[int] = []
    for item in items:
        async with db.conn.execute("SELECT 1 FROM items WHERE feed_id = ? AND guid = ?", (feed_id, item.guid)) as cur:
            if await cur.fetchone():
                continue
        story_id = None
        if item.canonical_link:
            async with db.conn.execute(
                "SELECT story_id FROM items WHERE canonical_link = ? LIMIT 1", (item.canonical_link,)
            ) as cur:
                row = await cur.fetchone()
            story_id = row[0] if row else None
        cur = await db.conn.execute(
            "INSERT INTO items (feed_id, guid, link, canonical_link, title, summary, published_at, seen_at, story_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, 0))",
            (
                feed_id,
                item.guid,
                item.link,
                item.canonical_link,
                item.title,
                item.summary,
                to_db(item.published_at),
                to_db(now),
                story_id,
            ),
        )
        item_id = cur.lastrowid
        assert item_id is not None
        if story_id is None:
            await db.conn.execute("UPDATE items SET story_id = id WHERE id = ?", (item_id,))
            new_stories.append(item_id)
    return new_stories


_SELECT = (
    "SELECT i.id, i.feed_id, f.name AS feed_name, i.link, i.title, i.summary, i.published_at, i.seen_at, "
    "i.story_id FROM items i JOIN feeds f ON f.id = i.feed_id"
)


def _item(r: sqlite3.Row) -> StoredItem:
    return StoredItem(
        id=r["id"],
        feed_id=r["feed_id"],
        feed_name=r["feed_name"],
        link=r["link"],
        title=r["title"],
        summary=r["summary"],
        published_at=from_db(r["published_at"]),
        seen_at=from_db(r["seen_at"]) or datetime.min,
        story_id=r["story_id"],
    )


async def get_items(db: Database, ids: list[int]) -> list[StoredItem]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    async with db.conn.execute(f"{_SELECT} WHERE i.id IN ({marks}) ORDER BY i.id", ids) as cur:
        return [_item(r) for r in await cur.fetchall()]


async def set_event(db: Database, item_id: int, event: str) -> None:
    await db.conn.execute("UPDATE items SET event = ? WHERE id = ?", (event, item_id))


async def recent_stories(db: Database, limit: int) -> list[StoredItem]:
    """The latest stories (one item each), newest first."""
    async with db.conn.execute(
        f"{_SELECT} WHERE i.id = i.story_id ORDER BY COALESCE(i.published_at, i.seen_at) DESC, i.id DESC LIMIT ?",
        (limit,),
    ) as cur:
        return [_item(r) for r in await cur.fetchall()]


async def count_items_since(db: Database, since: datetime) -> int:
    async with db.conn.execute("SELECT COUNT(*) FROM items WHERE seen_at >= ?", (to_db(since),)) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def prune_items(db: Database, before: datetime) -> int:
    """Forget items seen before ``before`` (their outbox rows go with them)."""
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM items WHERE seen_at < ?", (to_db(before),))
        return cur.rowcount


async def story_items(db: Database, story_ids: list[int]) -> dict[int, list[StoredItem]]:
    """Every stored item of each story (one per feed that carried it), first seen first."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    async with db.conn.execute(f"{_SELECT} WHERE i.story_id IN ({marks}) ORDER BY i.id", story_ids) as cur:
        rows = [_item(r) for r in await cur.fetchall()]
    out: dict[int, list[StoredItem]] = {}
    for item in rows:
        out.setdefault(item.story_id, []).append(item)
    return out
