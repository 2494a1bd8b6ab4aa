"""Outbox: messages decided but not yet delivered. Queue, claim, send, mark.

An alert row names a story (rendered when sent); a digest or notice row carries its message.
``dedupe_key`` is unique per chat, so nothing is queued twice. A row is ``pending`` until
the sender claims it (``sending``), then ``sent`` or ``failed``; a crash leaves rows
``sending`` and ``release_claims`` puts them back at start-up (at-least-once delivery).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from storage.catchup import Catchup
from storage.db import POSTGRESQL, SQLITE, Database, Reader, Row, Tx, from_db, id_list, to_db

ALERT = "alert"
DIGEST = "digest"
NOTICE = "notice"  # to the operator: a source's health changed
EDIT = "edit"  # re-render a sent alert (more sources reported its story); payload: the alert's row id


class Status(StrEnum):
    """Where a row stands: ``pending`` → ``sending`` (claimed) → ``sent`` or ``failed``; back to pending to retry."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


SKIP_LOCKED = {SQLITE: "", POSTGRESQL: " FOR UPDATE SKIP LOCKED"}  # SQLite has one writer: nothing to skip


@dataclass(frozen=True, slots=True)
class Queued:
    """A message to queue for a chat."""

    chat_id: int
    kind: str
    dedupe_key: str
    payload: str
    story_id: int | None = None
    not_before: datetime | None = None  # held (quiet hours) until then; None: now
    silent: bool = False  # without a notification sound


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    chat_id: int
    kind: str
    story_id: int | None
    payload: str
    attempts: int
    not_before: datetime
    created_at: datetime
    failing_since: datetime | None
    silent: bool = False


_ROW = "id, chat_id, kind, story_id, payload, attempts, not_before, created_at, failing_since, silent"


def _row(r: Row) -> OutboxRow:
    created = from_db(r["created_at"])
    assert created is not None
    return OutboxRow(
        id=r["id"],
        chat_id=r["chat_id"],
        kind=r["kind"],
        story_id=r["story_id"],
        payload=r["payload"],
        attempts=r["attempts"],
        not_before=from_db(r["not_before"]) or created,
        created_at=created,
        failing_since=from_db(r["failing_since"]),
        silent=bool(r["silent"]),
    )


def _values(m: Queued, now: datetime) -> tuple[object, ...]:
    held = to_db(m.not_before or now)
    return (m.chat_id, m.kind, m.dedupe_key, m.story_id, m.payload, held, to_db(now), int(m.silent), m.chat_id)


async def enqueue(tx: Tx, messages: list[Queued], now: datetime) -> int:
    """Queue messages for active chats unless their key was queued before; the number queued."""
    if not messages:
        return 0
    return await tx.executemany(
        "INSERT INTO outbox (chat_id, kind, dedupe_key, story_id, payload, not_before, created_at, silent) "
        "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM chats WHERE id = ? AND active = 1) "
        "ON CONFLICT DO NOTHING",
        [_values(m, now) for m in messages],
    )


def new_pending() -> Catchup:
    """The sender's place among pending rows (see ``storage.catchup``): all of them, then those queued since."""
    return Catchup("outbox", _ROW, "status = 'pending'")


async def next_pending(db: Reader, place: Catchup, limit: int) -> list[OutboxRow]:
    """The next pending rows from ``place``, in id order (fewer than ``limit``: caught up for now; a row may come
    twice on PostgreSQL)."""
    return [_row(r) for r in await place.batch(db, (), limit)]


async def pending_after(db: Reader, after_id: int, limit: int) -> list[OutboxRow]:
    """Pending rows with an id above ``after_id``, oldest first (tools and tests; the sender uses ``next_pending``)."""
    rows = await db.fetchall(
        f"SELECT {_ROW} FROM outbox WHERE status = 'pending' AND id > ? ORDER BY id LIMIT ?", (after_id, limit)
    )
    return [_row(r) for r in rows]


async def claim(db: Database, row_id: int, now: datetime, by: str = "", again: bool = False) -> int | None:
    """Take a pending row for sending as process ``by``; its chat id now (a group may have moved), or None if it
    is gone or taken. ``again``: ``by`` may hold the claim already (the database went away while its claim
    committed); a claim another process made meanwhile is never taken.

    On PostgreSQL another process may be claiming the same row: ``SKIP LOCKED`` makes the
    loser move on at once instead of waiting for the winner's transaction.
    """
    mine = " OR (status = 'sending' AND claimed_by = ?)" if again else ""
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "UPDATE outbox SET status = 'sending', claimed_at = ?, claimed_by = ? WHERE id = (SELECT id FROM outbox "
            f"WHERE id = ? AND (status = 'pending'{mine}) AND not_before <= ?{SKIP_LOCKED[tx.dialect]}) "
            "RETURNING chat_id",
            (to_db(now), by, row_id, *((by,) if again else ()), to_db(now)),
        )
    return None if row is None else int(row[0])


async def held(db: Reader, row_id: int, now: datetime) -> datetime | None:
    """Until when a pending row waits, if that is later than ``now`` (its chat moved its quiet hours)."""
    value = await db.fetchval(
        "SELECT not_before FROM outbox WHERE id = ? AND status = 'pending' AND not_before > ?", (row_id, to_db(now))
    )
    return from_db(value)


async def times_of(db: Reader, row_ids: list[int]) -> dict[int, datetime]:
    """When each of these rows that is still pending may go (rows held in another process's memory)."""
    listed, values = id_list(db, row_ids)
    rows = await db.fetchall(
        f"SELECT id, not_before FROM outbox WHERE id IN {listed} AND status = 'pending'", (values,)
    )
    return {int(r["id"]): at for r in rows if (at := from_db(r["not_before"])) is not None}


async def rehold(db: Database, chat_id: int, until: datetime | None, now: datetime) -> int:
    """The chat's alerts held for quiet hours now wait ``until`` (None: go now): its quiet hours or zone
    changed. Alerts being retried keep their backoff. How many moved."""
    async with db.transaction() as tx:
        return await tx.execute(
            "UPDATE outbox SET not_before = ? WHERE chat_id = ? AND kind = ? AND status = 'pending' AND silent = 1 "
            "AND attempts = 0 AND not_before > ?",
            (to_db(until or now), chat_id, ALERT, to_db(now)),
        )


async def mark_sent(db: Database, row_id: int, now: datetime, message_id: int | None = None) -> None:
    """Sent; ``message_id`` is Telegram's id of the message, kept so that an alert can be edited later."""
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL, "
            "failing_since = NULL, message_id = COALESCE(?, message_id) WHERE id = ?",
            (to_db(now), message_id, row_id),
        )


@dataclass(frozen=True, slots=True)
class Delivered:
    """Where a row stands: its status, and Telegram's id of the message once sent."""

    row: OutboxRow
    status: Status
    message_id: int | None


async def get_row(db: Reader, row_id: int) -> Delivered | None:
    r = await db.fetchone(f"SELECT {_ROW}, status, message_id FROM outbox WHERE id = ?", (row_id,))
    return None if r is None else Delivered(_row(r), Status(r["status"]), r["message_id"])


async def mark_retry(db: Database, row_id: int, not_before: datetime, error: str, now: datetime | None) -> None:
    """Back to pending until ``not_before``. ``now`` counts an attempt that failed (None: flood control)."""
    async with db.transaction() as tx:
        if now is None:
            await tx.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ? WHERE id = ?",
                (to_db(not_before), error[:500], row_id),
            )
        else:
            await tx.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, attempts = attempts + 1, last_error = ?, "
                "failing_since = COALESCE(failing_since, ?) WHERE id = ?",
                (to_db(not_before), error[:500], to_db(now), row_id),
            )


async def mark_failed(db: Database, row_id: int, error: str, now: datetime) -> None:
    """Give a message up: it cannot be sent (Telegram refused it for a reason that will not change)."""
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, failed_at = ? WHERE id = ?",
            (error[:500], to_db(now), row_id),
        )


async def release_claims(db: Database, claimed_before: datetime | None = None) -> int:
    """Rows left 'sending' by a crash go back to pending (at-least-once delivery): all of them (one process,
    at start-up), or those claimed before ``claimed_before`` (a process that died while others run)."""
    async with db.transaction() as tx:
        if claimed_before is None:
            return await tx.execute("UPDATE outbox SET status = 'pending' WHERE status = 'sending'")
        return await tx.execute(
            "UPDATE outbox SET status = 'pending' WHERE status = 'sending' AND COALESCE(claimed_at, '') < ?",
            (to_db(claimed_before),),
        )


async def recent_sends(db: Reader, since: datetime) -> list[tuple[int, datetime]]:
    """(chat id, sent at) of messages sent since ``since``: the rate limiter starts from them."""
    rows = await db.fetchall(
        "SELECT chat_id, sent_at FROM outbox WHERE status = 'sent' AND sent_at >= ? ORDER BY sent_at", (to_db(since),)
    )
    return [(r["chat_id"], from_db(r["sent_at"]) or since) for r in rows]


async def count_sent_since(db: Reader, since: datetime, kind: str = ALERT) -> int:
    return int(
        await db.fetchval(
            "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND kind = ? AND sent_at >= ?", (kind, to_db(since))
        )
    )


async def count_failed_since(db: Reader, since: datetime) -> int:
    """Messages given up since ``since`` (all kinds)."""
    return int(
        await db.fetchval("SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND failed_at >= ?", (to_db(since),))
    )


async def count_pending(db: Reader) -> int:
    return int(await db.fetchval("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"))
