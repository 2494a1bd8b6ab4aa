"""Watches: the names each chat follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, to_db


@dataclass(frozen=True, slots=True)
class Watch:
    id: int
    chat_id: int
    name: str
    identity: str


async def add_watch(db: Database, chat_id: int, name: str, identity: str, now: datetime) -> bool:
    """Add a watch; False when the chat already watches that person."""
    cur = await db.conn.execute(
        "INSERT OR IGNORE INTO watches (chat_id, name, identity, created_at) VALUES (?, ?, ?, ?)",
        (chat_id, name, identity, to_db(now)),
    )
    return cur.rowcount > 0


async def remove_watch(db: Database, chat_id: int, identity: str) -> str | None:
    """Remove a chat's watch by identity; the name as it was typed, or None."""
    async with db.transaction() as conn:
        async with conn.execute(
            "SELECT id, name FROM watches WHERE chat_id = ? AND identity = ?", (chat_id, identity)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        await conn.execute("DELETE FROM watches WHERE id = ?", (row["id"],))
        return str(row["name"])


async def chat_watches(db: Database, chat_id: int) -> list[Watch]:
    async with db.conn.execute(
        "SELECT id, chat_id, name, identity FROM watches WHERE chat_id = ? ORDER BY id", (chat_id,)
    ) as cur:
        return [Watch(r["id"], r["chat_id"], r["name"], r["identity"]) for r in await cur.fetchall()]


async def active_watches(db: Database) -> list[Watch]:
    """Every watch of every active chat: what the matcher is compiled from."""
    async with db.conn.execute(
        "SELECT w.id, w.chat_id, w.name, w.identity FROM watches w JOIN chats c ON c.id = w.chat_id "
        "WHERE c.active = 1 ORDER BY w.id"
    ) as cur:
        return [Watch(r["id"], r["chat_id"], r["name"], r["identity"]) for r in await cur.fetchall()]


async def count_watches(db: Database, chat_id: int) -> int:
    async with db.conn.execute("SELECT COUNT(*) FROM watches WHERE chat_id = ?", (chat_id,)) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0
