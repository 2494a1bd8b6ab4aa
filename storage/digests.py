"""Digest entries (what a chat's next digest covers) and produced digest periods."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, from_db, to_db


@dataclass(frozen=True, slots=True)
class Entry:
    story_id: int
    names: tuple[str, ...]
    event: str
    matched_at: datetime


async def add_entry(db: Database, chat_id: int, story_id: int, names: list[str], event: str, now: datetime) -> None:
    """Remember a story for the chat's next digest. Call inside a transaction."""
    await db.conn.execute(
        "INSERT OR IGNORE INTO digest_entries (chat_id, story_id, names, event, matched_at) VALUES (?, ?, ?, ?, ?)",
        (chat_id, story_id, json.dumps(names, ensure_ascii=False), event, to_db(now)),
    )


async def claim_period(db: Database, chat_id: int, period: datetime, now: datetime) -> list[Entry] | None:
    """Produce the digest for ``period``: its entries, or None when it was produced before.

    Takes every entry matched up to ``period`` that no digest included yet. Call inside
    the transaction that also queues the digest's messages, so both happen or neither.
    """
    cur = await db.conn.execute(
        "INSERT OR IGNORE INTO digests (chat_id, period, created_at, entries) VALUES (?, ?, ?, 0)",
        (chat_id, to_db(period), to_db(now)),
    )
    if cur.rowcount == 0:
        return None
    await db.conn.execute(
        "UPDATE digest_entries SET digest_period = ? WHERE chat_id = ? AND digest_period IS NULL AND matched_at <= ?",
        (to_db(period), chat_id, to_db(period)),
    )
    async with db.conn.execute(
        "SELECT story_id, names, event, matched_at FROM digest_entries WHERE chat_id = ? AND digest_period = ?",
        (chat_id, to_db(period)),
    ) as cur:
        rows = await cur.fetchall()
    entries = [
        Entry(r["story_id"], tuple(json.loads(r["names"])), r["event"], from_db(r["matched_at"]) or now) for r in rows
    ]
    await db.conn.execute(
        "UPDATE digests SET entries = ? WHERE chat_id = ? AND period = ?", (len(entries), chat_id, to_db(period))
    )
    return entries


async def last_period(db: Database, chat_id: int) -> datetime | None:
    async with db.conn.execute("SELECT MAX(period) FROM digests WHERE chat_id = ?", (chat_id,)) as cur:
        row = await cur.fetchone()
    return from_db(row[0]) if row and row[0] else None
