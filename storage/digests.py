"""Digest entries (what a chat's next digest covers) and produced digest periods."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from storage.db import Reader, Tx, from_db, to_db


@dataclass(frozen=True, slots=True)
class Entry:
    story_id: int
    names: tuple[str, ...]
    event: str
    matched_at: datetime


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A story for a chat's next digest."""

    chat_id: int
    story_id: int
    names: tuple[str, ...]
    event: str


async def add_entries(tx: Tx, entries: list[NewEntry], now: datetime) -> None:
    """Remember stories for the next digests of chats that are still active."""
    if not entries:
        return
    await tx.executemany(
        "INSERT INTO digest_entries (chat_id, story_id, names, event, matched_at) "
        "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM chats WHERE id = ? AND active = 1) ON CONFLICT DO NOTHING",
        [
            (e.chat_id, e.story_id, json.dumps(list(e.names), ensure_ascii=False), e.event, to_db(now), e.chat_id)
            for e in entries
        ],
    )


async def claim_period(tx: Tx, chat_id: int, period: datetime, now: datetime) -> list[Entry] | None:
    """Produce the digest for ``period``: its entries, or None when it was produced before.

    Takes every entry matched up to ``period`` that no digest included yet. Run it in the
    transaction that also queues the digest's messages, so both happen or neither.
    """
    created = await tx.execute(
        "INSERT INTO digests (chat_id, period, created_at, entries) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING",
        (chat_id, to_db(period), to_db(now)),
    )
    if not created:
        return None
    await tx.execute(
        "UPDATE digest_entries SET digest_period = ? WHERE chat_id = ? AND digest_period IS NULL AND matched_at <= ?",
        (to_db(period), chat_id, to_db(period)),
    )
    rows = await tx.fetchall(
        "SELECT story_id, names, event, matched_at FROM digest_entries WHERE chat_id = ? AND digest_period = ?",
        (chat_id, to_db(period)),
    )
    entries = [
        Entry(r["story_id"], tuple(json.loads(r["names"])), r["event"], from_db(r["matched_at"]) or now) for r in rows
    ]
    await tx.execute(
        "UPDATE digests SET entries = ? WHERE chat_id = ? AND period = ?", (len(entries), chat_id, to_db(period))
    )
    return entries


async def last_period(db: Reader, chat_id: int) -> datetime | None:
    return from_db(await db.fetchval("SELECT MAX(period) FROM digests WHERE chat_id = ?", (chat_id,)))
