"""Items: what the feeds published, deduplicated into stories."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, Reader, Row, Tx, from_db, id_list, text_list, to_db


@dataclass(frozen=True, slots=True)
class NewItem:
    """An item as parsed, before it has an id."""

    guid: str
    link: str | None
    canonical_link: str | None
    title: str
    summary: str
    published_at: datetime | None

    @property
    def fingerprint(self) -> str:
        """Changes when the item's text does (an edited post, an RSS item updated in place)."""
        return hashlib.sha256(f"{self.title}\n{self.summary}".encode()).hexdigest()[:16]


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


@dataclass(frozen=True, slots=True)
class Known:
    """An item its feed listed before, as stored."""

    id: int
    story_id: int
    fingerprint: str | None  # None for items stored before fingerprints were kept
    mentions: frozenset[int]  # the watches it was matched with


@dataclass(frozen=True, slots=True)
class Matched:
    """What matching found in an item: its event and the watches it mentions."""

    event: str
    mentions: frozenset[int]


async def known_items(db: Reader, feed_id: int, guids: list[str]) -> dict[str, Known]:
    """The items among ``guids`` that the feed has listed before."""
    listed, values = text_list(db, guids)
    rows = await db.fetchall(
        f"SELECT guid, id, story_id, content_hash, mentions FROM items WHERE feed_id = ? AND guid IN {listed}",
        (feed_id, values),
    )
    return {
        r["guid"]: Known(r["id"], r["story_id"], r["content_hash"], frozenset(json.loads(r["mentions"]))) for r in rows
    }


async def known_guids(db: Reader, feed_id: int, guids: list[str]) -> set[str]:
    """Which of ``guids`` the feed has listed before."""
    return set(await known_items(db, feed_id, guids))


async def stories_by_link(db: Reader, links: list[str]) -> dict[str, int]:
    """The story already stored under each of these canonical links (the same story in another feed), if any."""
    if not links:
        return {}
    listed, values = text_list(db, sorted(set(links)))
    rows = await db.fetchall(
        f"SELECT canonical_link, MIN(story_id) AS story_id FROM items WHERE canonical_link IN {listed} "
        "GROUP BY canonical_link",
        (values,),
    )
    return {r["canonical_link"]: r["story_id"] for r in rows}


async def mark_listed(tx: Tx, ids: list[int], now: datetime) -> None:
    """These stored items are still listed by their feed."""
    if ids:
        listed, values = id_list(tx, ids)
        await tx.execute(f"UPDATE items SET last_listed_at = ? WHERE id IN {listed}", (to_db(now), values))


async def rewrite_item(tx: Tx, item_id: int, item: NewItem, mentions: frozenset[int], event: str | None) -> None:
    """A stored item's new text, and what matching found in it (``event`` None: keep the old one)."""
    await tx.execute(
        "UPDATE items SET title = ?, summary = ?, content_hash = ?, mentions = ?, event = COALESCE(?, event) "
        "WHERE id = ?",
        (item.title, item.summary, item.fingerprint, json.dumps(sorted(mentions)), event, item_id),
    )


async def insert_item(
    tx: Tx,
    feed_id: int,
    item: NewItem,
    mentions: frozenset[int],
    event: str | None,
    story_id: int | None,
    now: datetime,
) -> int:
    """Store a new item, in the story ``story_id`` or (None) as the first item of its own story; its id."""
    item_id = await tx.insert(
        "INSERT INTO items (feed_id, guid, link, canonical_link, title, summary, published_at, seen_at, "
        "last_listed_at, story_id, event, content_hash, mentions) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, 0), ?, ?, ?)",
        (
            feed_id,
            item.guid,
            item.link,
            item.canonical_link,
            item.title,
            item.summary,
            to_db(item.published_at),
            to_db(now),
            to_db(now),
            story_id,
            event,
            item.fingerprint,
            json.dumps(sorted(mentions)),
        ),
    )
    if story_id is None:
        await tx.execute("UPDATE items SET story_id = id WHERE id = ?", (item_id,))
    return item_id


async def relist(tx: Tx, feed_id: int, listed_at: datetime | None, now: datetime) -> None:
    """A 304: the feed still lists what it listed at ``listed_at``."""
    if listed_at is not None:
        await tx.execute(
            "UPDATE items SET last_listed_at = ? WHERE feed_id = ? AND last_listed_at = ?",
            (to_db(now), feed_id, to_db(listed_at)),
        )


ITEM_SELECT = (
    "SELECT i.id, i.feed_id, f.name AS feed_name, i.link, i.title, i.summary, i.published_at, i.seen_at, "
    "i.story_id FROM items i JOIN feeds f ON f.id = i.feed_id"
)


def item_from_row(r: Row) -> StoredItem:
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


async def get_items(db: Reader, ids: list[int]) -> list[StoredItem]:
    if not ids:
        return []
    listed, values = id_list(db, ids)
    rows = await db.fetchall(f"{ITEM_SELECT} WHERE i.id IN {listed} ORDER BY i.id", (values,))
    return [item_from_row(r) for r in rows]


async def recent_stories(db: Reader, limit: int) -> list[StoredItem]:
    """The latest stories (one item each), newest first."""
    rows = await db.fetchall(
        f"{ITEM_SELECT} WHERE i.id = i.story_id ORDER BY COALESCE(i.published_at, i.seen_at) DESC, i.id DESC LIMIT ?",
        (limit,),
    )
    return [item_from_row(r) for r in rows]


async def count_items_since(db: Reader, since: datetime) -> int:
    return int(await db.fetchval("SELECT COUNT(*) FROM items WHERE seen_at >= ?", (to_db(since),)))


async def prune_items(db: Database, before: datetime) -> int:
    """Forget items not listed since ``before`` that have left their feed; their outbox rows go with them.

    An item its feed still lists is kept however old it is, so it is never new again. A feed
    that has listed nothing since ``before`` (failing for that long, or removed from the
    configuration) loses its items and is treated as new: its next listing is history.
    """
    cutoff = to_db(before)
    async with db.transaction() as tx:
        left = await tx.execute(
            "DELETE FROM items WHERE last_listed_at < ? AND last_listed_at < "
            "(SELECT f.listed_at FROM feeds f WHERE f.id = items.feed_id)",
            (cutoff,),
        )
        stale = [
            r["id"] for r in await tx.fetchall("SELECT id FROM feeds WHERE COALESCE(listed_at, '') < ?", (cutoff,))
        ]
        dead = 0
        for feed_id in stale:
            gone = await tx.execute("DELETE FROM items WHERE feed_id = ? AND last_listed_at < ?", (feed_id, cutoff))
            if gone:
                await tx.execute("UPDATE feeds SET primed = 0 WHERE id = ?", (feed_id,))
            dead += gone
        return left + dead


async def story_items(db: Reader, story_ids: list[int]) -> dict[int, list[StoredItem]]:
    """Every stored item of each story (one per feed that carried it), first seen first."""
    if not story_ids:
        return {}
    listed, values = id_list(db, story_ids)
    rows = [
        item_from_row(r)
        for r in await db.fetchall(f"{ITEM_SELECT} WHERE i.story_id IN {listed} ORDER BY i.id", (values,))
    ]
    out: dict[int, list[StoredItem]] = {}
    for item in rows:
        out.setdefault(item.story_id, []).append(item)
    return out
