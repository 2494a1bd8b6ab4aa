"""Outbox: messages decided but not yet delivered. Claim, send, mark.

An alert row names a story (rendered when sent); a digest row carries its message.
``dedupe_key`` is unique per chat, so nothing is queued twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, to_db

ALERT = "alert"
DIGEST = "digest"


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    chat_id: int
    kind: str
    story_id: int | None
    payload: str
    attempts: int


async def enqueue(
    db: Database, chat_id: int, kind: str, dedupe_key: str, payload: str, now: datetime, story_id: int | None = None
) -> bool:
    """Queue a message for an active chat unless its key was queued before. Call inside a transaction."""
    cur = await db.conn.execute(
        "INSERT OR IGNORE INTO outbox (chat_id, kind, dedupe_key, story_id, payload, not_before, created_at) "
        "SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM chats WHERE id = ? AND active = 1)",
        (chat_id, kind, dedupe_key, story_id, payload, to_db(now), to_db(now), chat_id),
    )
    return cur.rowcount > 0


async def claim_due(db: Database, now: datetime, limit: int) -> list[OutboxRow]:
    """Mark up to ``limit`` due rows as being sent and return them, oldest first."""
    async with db.transaction() as conn:
        async with conn.execute(
            "SELECT id, chat_id, kind, story_id, payload, attempts FROM outbox "
            "WHERE status = 'pending' AND not_before <= ? ORDER BY id LIMIT ?",
            (to_db(now), limit),
        ) as cur:
            rows = list(await cur.fetchall())
        if rows:
            marks = ",".join("?" * len(rows))
            await conn.execute(f"UPDATE outbox SET status = 'sending' WHERE id IN ({marks})", [r["id"] for r in rows])
    return [OutboxRow(r["id"], r["chat_id"], r["kind"], r["story_id"], r["payload"], r["attempts"]) for r in rows]


async def mark_sent(db: Database, row_id: int, now: datetime) -> None:
    await db.conn.execute(
        "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
        (to_db(now), row_id),
    )


async def mark_retry(db: Database, row_id: int, not_before: datetime, error: str) -> None:
    await db.conn.execute(
        "UPDATE outbox SET status = 'pending', not_before = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
        (to_db(not_before), error[:500], row_id),
    )


async def mark_failed(db: Database, row_id: int, error: str) -> None:
    await db.conn.execute(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
        (error[:500], row_id),
    )


async def release_claims(db: Database) -> int:
    """Rows left 'sending' by a crash go back to pending (at-least-once delivery)."""
    cur = await db.conn.execute("UPDATE outbox SET status = 'pending' WHERE status = 'sending'")
    return cur.rowcount


async def count_sent_since(db: Database, since: datetime, kind: str = ALERT) -> int:
    async with db.conn.execute(
        "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND kind = ? AND sent_at >= ?", (kind, to_db(since))
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0
