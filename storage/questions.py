"""Questions the bot asked and waits for an answer to: one per user per chat, in the database, so that any process
of the bot can take the answer (behind a webhook, the answer may reach another process than the question).

A question expires after ``ASK_FOR``: an expired one is ignored, and deleted when the next question is asked
anywhere and by ``prune_questions``. Erasing a chat erases its questions (the foreign key cascades).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from storage.db import Database, Reader, Row, from_db, to_db

ASK_FOR = timedelta(days=1)  # how long an answer is waited for


class Asked(StrEnum):
    """What a question is about, and so what its answer does."""

    NAMESAKE = "namesake"  # what sets a watched person apart from a namesake: the answer becomes an exclusion


@dataclass(frozen=True, slots=True)
class Question:
    chat_id: int
    user_id: int  # only this user's answer counts
    kind: Asked
    watch_id: int | None  # the watch it is about
    asked_at: datetime
    expires_at: datetime


def _question(row: Row) -> Question:
    asked_at, expires_at = from_db(row["asked_at"]), from_db(row["expires_at"])
    assert asked_at is not None and expires_at is not None
    return Question(row["chat_id"], row["user_id"], Asked(row["kind"]), row["watch_id"], asked_at, expires_at)


async def ask(db: Database, chat_id: int, user_id: int, kind: Asked, watch_id: int | None, now: datetime) -> None:
    """Wait a day for ``user_id``'s answer in ``chat_id``; it replaces what was asked of them there before.
    Expired questions (anyone's) go meanwhile."""
    async with db.transaction() as tx:
        await tx.execute("DELETE FROM questions WHERE expires_at <= ?", (to_db(now),))
        await tx.execute(
            "INSERT INTO questions (chat_id, user_id, kind, watch_id, asked_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (chat_id, user_id) DO UPDATE SET kind = excluded.kind, watch_id = excluded.watch_id, "
            "asked_at = excluded.asked_at, expires_at = excluded.expires_at",
            (chat_id, user_id, kind.value, watch_id, to_db(now), to_db(now + ASK_FOR)),
        )


async def pending(db: Reader, chat_id: int, user_id: int, now: datetime) -> Question | None:
    """What ``user_id`` was asked in ``chat_id`` and has not answered, unless it expired."""
    row = await db.fetchone(
        "SELECT chat_id, user_id, kind, watch_id, asked_at, expires_at FROM questions "
        "WHERE chat_id = ? AND user_id = ? AND expires_at > ?",
        (chat_id, user_id, to_db(now)),
    )
    return _question(row) if row else None


async def take(db: Database, question: Question) -> bool:
    """The answer to ``question`` came: it is no longer waited for. False if it was already taken (the same answer
    delivered twice) or asked again since (a newer question waits for its own answer)."""
    q = question
    async with db.transaction() as tx:
        taken = await tx.execute(
            "DELETE FROM questions WHERE chat_id = ? AND user_id = ? AND kind = ? AND COALESCE(watch_id, 0) = ? "
            "AND asked_at = ?",
            (q.chat_id, q.user_id, q.kind.value, q.watch_id or 0, to_db(q.asked_at)),
        )
    return taken > 0


async def prune_questions(db: Database, now: datetime) -> int:
    """Delete the questions that expired unanswered; how many."""
    async with db.transaction() as tx:
        return await tx.execute("DELETE FROM questions WHERE expires_at <= ?", (to_db(now),))
