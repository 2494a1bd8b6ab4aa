"""Chats: the only thing stored about a chat is its id, kind, language and whether it is active."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, to_db


@dataclass(frozen=True, slots=True)
class Chat:
    id: int
    kind: str
    language: str | None
    active: bool


async def ensure_chat(db: Database, chat_id: int, kind: str, now: datetime) -> None:
    """Create the chat, or mark it active again."""
    await db.conn.execute(
        "INSERT INTO chats (id, kind, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET active = 1, kind = excluded.kind",
        (chat_id, kind, to_db(now)),
    )


async def get_chat(db: Database, chat_id: int) -> Chat | None:
    async with db.conn.execute("SELECT id, kind, language, active FROM chats WHERE id = ?", (chat_id,)) as cur:
        r = await cur.fetchone()
    return Chat(r["id"], r["kind"], r["language"], bool(r["active"])) if r else None


async def deactivate_chat(db: Database, chat_id: int) -> None:
    """The bot was blocked or removed: stop queueing and drop what is pending."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE chats SET active = 0 WHERE id = ?", (chat_id,))
        await conn.execute("DELETE FROM outbox WHERE chat_id = ? AND status IN ('pending', 'sending')", (chat_id,))


async def delete_chat(db: Database, chat_id: int) -> bool:
    """Erase everything stored about a chat (watches and outbox cascade)."""
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM chats WHERE id = ?", (chat_id,))
        return cur.rowcount > 0


async def migrate_chat(db: Database, old_id: int, new_id: int) -> None:
    """A group became a supergroup: move everything to the new id (watches cascade)."""
    async with db.transaction() as conn:
        async with conn.execute("SELECT 1 FROM chats WHERE id = ?", (new_id,)) as cur:
            exists = await cur.fetchone()
        if exists:
            await conn.execute("UPDATE OR IGNORE watches SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
            await conn.execute("UPDATE OR IGNORE outbox SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
            await conn.execute("DELETE FROM chats WHERE id = ?", (old_id,))
        else:
            await conn.execute("UPDATE chats SET id = ?, kind = 'supergroup' WHERE id = ?", (new_id, old_id))
