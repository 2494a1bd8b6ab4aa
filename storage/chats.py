"""Chats and their settings. Nothing about a chat's members is stored."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, to_db

INSTANT, DIGEST, BOTH = "instant", "digest", "both"
SETTABLE = frozenset({"language", "mode", "digest_time", "digest_tz", "digest_on", "digest_quiet", "releases_only"})
_COLUMNS = "id, kind, language, active, mode, digest_time, digest_tz, digest_on, digest_quiet, releases_only"


@dataclass(frozen=True, slots=True)
class Chat:
    id: int
    kind: str
    language: str | None
    active: bool
    mode: str  # effective: private chats start with instant alerts, groups with a digest
    digest_time: str  # HH:MM
    digest_tz: str
    digest_on: bool
    digest_quiet: bool
    releases_only: bool

    @property
    def instant(self) -> bool:
        return self.mode in (INSTANT, BOTH)

    @property
    def digest(self) -> bool:
        return self.mode in (DIGEST, BOTH) and self.digest_on


def _chat(row: sqlite3.Row) -> Chat:
    kind = row["kind"]
    return Chat(
        id=row["id"],
        kind=kind,
        language=row["language"],
        active=bool(row["active"]),
        mode=row["mode"] or (INSTANT if kind == "private" else DIGEST),
        digest_time=row["digest_time"],
        digest_tz=row["digest_tz"],
        digest_on=bool(row["digest_on"]),
        digest_quiet=bool(row["digest_quiet"]),
        releases_only=bool(row["releases_only"]),
    )


async def ensure_chat(db: Database, chat_id: int, kind: str, now: datetime, language: str | None = None) -> Chat:
    """Create the chat (with a first language), or mark it active again; return it."""
    await db.conn.execute(
        "INSERT INTO chats (id, kind, language, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET active = 1, kind = excluded.kind",
        (chat_id, kind, language, to_db(now)),
    )
    chat = await get_chat(db, chat_id)
    assert chat is not None
    return chat


async def get_chat(db: Database, chat_id: int) -> Chat | None:
    async with db.conn.execute(f"SELECT {_COLUMNS} FROM chats WHERE id = ?", (chat_id,)) as cur:
        r = await cur.fetchone()
    return _chat(r) if r else None


async def update_chat(db: Database, chat_id: int, **fields: object) -> Chat | None:
    """Change settings; the keys must be in SETTABLE."""
    unknown = set(fields) - SETTABLE
    if unknown:
        raise ValueError(f"not settable: {sorted(unknown)}")
    if fields:
        assignments = ", ".join(f"{k} = ?" for k in fields)
        await db.conn.execute(f"UPDATE chats SET {assignments} WHERE id = ?", (*fields.values(), chat_id))
    return await get_chat(db, chat_id)


async def digest_chats(db: Database) -> list[Chat]:
    """Active chats that receive a digest."""
    async with db.conn.execute(
        f"SELECT {_COLUMNS} FROM chats WHERE active = 1 AND digest_on = 1 "
        "AND COALESCE(mode, CASE kind WHEN 'private' THEN 'instant' ELSE 'digest' END) IN ('digest', 'both')"
    ) as cur:
        return [_chat(r) for r in await cur.fetchall()]


async def deactivate_chat(db: Database, chat_id: int) -> None:
    """The bot was blocked or removed: stop queueing and drop what is pending."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE chats SET active = 0 WHERE id = ?", (chat_id,))
        await conn.execute("DELETE FROM outbox WHERE chat_id = ? AND status IN ('pending', 'sending')", (chat_id,))


async def delete_chat(db: Database, chat_id: int) -> bool:
    """Erase everything stored about a chat (watches, settings, outbox and digests cascade)."""
    async with db.transaction() as conn:
        cur = await conn.execute("DELETE FROM chats WHERE id = ?", (chat_id,))
        return cur.rowcount > 0


async def migrate_chat(db: Database, old_id: int, new_id: int) -> None:
    """A group became a supergroup: move it, with its settings and watchlist, to the new id."""
    async with db.transaction() as conn:
        async with conn.execute("SELECT 1 FROM chats WHERE id = ?", (new_id,)) as cur:
            exists = await cur.fetchone()
        if exists:  # the new chat talked to us first: keep the old chat's settings and watches
            await conn.execute("DELETE FROM chats WHERE id = ?", (new_id,))
        await conn.execute("UPDATE chats SET id = ?, kind = 'supergroup' WHERE id = ?", (new_id, old_id))
