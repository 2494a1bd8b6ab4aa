"""Watches: the names each chat follows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from storage.catchup import Catchup
from storage.chats import CHAT_COLUMNS, Chat, chat_from_row
from storage.db import Database, Reader, Row, id_list, to_db

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Watch:
    id: int
    chat_id: int
    name: str
    identity: str
    exclusions: tuple[str, ...] = ()  # words that set this person apart from a namesake


@dataclass(frozen=True, slots=True)
class Target:
    """A watch with the chat it belongs to, as they are now: what deciding needs."""

    watch_id: int
    name: str
    chat: Chat
    exclusions: tuple[str, ...] = ()


class Added(Enum):
    ADDED = "added"
    DUPLICATE = "duplicate"  # the chat already watches that person
    FULL = "full"  # the chat is at its maximum


async def add_watches(
    db: Database, chat_id: int, names: Iterable[tuple[str, str]], limit: int, now: datetime
) -> list[Added]:
    """Add (name, identity) pairs in one transaction, up to ``limit`` watches per chat."""
    out: list[Added] = []
    async with db.transaction() as tx:
        count = int(await tx.fetchval("SELECT COUNT(*) FROM watches WHERE chat_id = ?", (chat_id,)))
        for name, identity in names:
            if count >= limit:
                out.append(Added.FULL)
                continue
            added = await tx.execute(
                "INSERT INTO watches (chat_id, name, identity, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (chat_id, name, identity, to_db(now)),
            )
            out.append(Added.ADDED if added else Added.DUPLICATE)
            count += added
    return out


async def replace_watch(db: Database, chat_id: int, watch_id: int, name: str, identity: str, now: datetime) -> bool:
    """Swap one of a chat's watches for another form of the same person, keeping its exclusions, in one step;
    False when that watch is gone or the new form is already watched."""
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT exclusions FROM watches WHERE id = ? AND chat_id = ?", (watch_id, chat_id))
        taken = await tx.fetchone("SELECT id FROM watches WHERE chat_id = ? AND identity = ?", (chat_id, identity))
        if row is None or taken is not None:
            return False
        await tx.execute("DELETE FROM watches WHERE id = ?", (watch_id,))
        await tx.execute(
            "INSERT INTO watches (chat_id, name, identity, created_at, exclusions) VALUES (?, ?, ?, ?, ?)",
            (chat_id, name, identity, to_db(now), row["exclusions"]),
        )
        return True


async def remove_watch(db: Database, chat_id: int, identity: str) -> str | None:
    """Remove a chat's watch by identity; the name as it was typed, or None."""
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT id, name FROM watches WHERE chat_id = ? AND identity = ?", (chat_id, identity))
        if row is None:
            return None
        await tx.execute("DELETE FROM watches WHERE id = ?", (row["id"],))
        return str(row["name"])


async def remove_watch_id(db: Database, chat_id: int, watch_id: int) -> bool:
    async with db.transaction() as tx:
        return await tx.execute("DELETE FROM watches WHERE id = ? AND chat_id = ?", (watch_id, chat_id)) > 0


async def chat_watches(db: Reader, chat_id: int) -> list[Watch]:
    rows = await db.fetchall(
        "SELECT id, chat_id, name, identity, exclusions FROM watches WHERE chat_id = ? ORDER BY id", (chat_id,)
    )
    return [_watch(r) for r in rows]


async def get_watch(db: Reader, watch_id: int) -> Watch | None:
    r = await db.fetchone("SELECT id, chat_id, name, identity, exclusions FROM watches WHERE id = ?", (watch_id,))
    return _watch(r) if r else None


def _watch(r: Row) -> Watch:
    return Watch(r["id"], r["chat_id"], r["name"], r["identity"], tuple(json.loads(r["exclusions"])))


async def set_exclusions(db: Database, watch_id: int, exclusions: Iterable[str]) -> None:
    """What sets the watched person apart from namesakes (in the order added, each once)."""
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE watches SET exclusions = ? WHERE id = ?",
            (json.dumps(list(dict.fromkeys(exclusions)), ensure_ascii=False), watch_id),
        )


def new_watches() -> Catchup:
    """A reader's place among the watches (see ``storage.catchup``): every watch, then those added since."""
    return Catchup("watches", "id, chat_id, name, identity")


async def next_watches(db: Reader, place: Catchup, limit: int) -> list[Watch]:
    """The next watches from ``place``, in id order (fewer than ``limit``: caught up for now; a watch may come
    twice on PostgreSQL)."""
    return [Watch(r["id"], r["chat_id"], r["name"], r["identity"]) for r in await place.batch(db, (), limit)]


async def watches_after(db: Reader, after_id: int, limit: int) -> list[Watch]:
    """Watches with an id above ``after_id``, in id order (tools that read them all once; a running reader that
    must not miss one uses ``next_watches``)."""
    rows = await db.fetchall(
        "SELECT id, chat_id, name, identity FROM watches WHERE id > ? ORDER BY id LIMIT ?", (after_id, limit)
    )
    return [Watch(r["id"], r["chat_id"], r["name"], r["identity"]) for r in rows]


async def targets(db: Reader, watch_ids: Iterable[int]) -> list[Target]:
    """The watches that still exist among ``watch_ids``, each with its chat's current state.

    Read in chunks: a person watched by 10,000 chats is 10,000 rows, and the event loop
    runs between chunks.
    """
    columns = ", ".join(f"c.{c.strip()}" for c in CHAT_COLUMNS.split(","))
    ids = sorted(set(watch_ids))
    out: list[Target] = []
    for start in range(0, len(ids), _CHUNK):
        listed, values = id_list(db, ids[start : start + _CHUNK])
        rows = await db.fetchall(
            f"SELECT w.id AS watch_id, w.name AS watch_name, w.exclusions AS exclusions, {columns} FROM watches w "
            f"JOIN chats c ON c.id = w.chat_id WHERE w.id IN {listed}",
            (values,),
        )
        out.extend(
            Target(r["watch_id"], r["watch_name"], chat_from_row(r), tuple(json.loads(r["exclusions"]))) for r in rows
        )
    return out


async def count_watches(db: Reader, chat_id: int) -> int:
    return int(await db.fetchval("SELECT COUNT(*) FROM watches WHERE chat_id = ?", (chat_id,)))
