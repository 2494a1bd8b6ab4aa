"""Chats and their settings. Nothing about a chat's members is stored."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import Enum
from typing import Final

from storage.db import Database, Reader, Row, from_db, to_db

INSTANT, DIGEST, BOTH = "instant", "digest", "both"
CHAT_COLUMNS = (
    "id, kind, language, active, mode, digest_time, digest_tz, digest_on, digest_quiet, releases_only, quiet, topic, "
    "manages"
)


@dataclass(frozen=True, slots=True)
class Chat:
    id: int
    kind: str
    language: str | None
    active: bool
    mode: str  # effective: private chats start with instant alerts, groups with a digest
    digest_time: str  # HH:MM
    digest_tz: str  # the chat's time zone: for its digest, its quiet hours and every time the bot shows it
    digest_on: bool
    digest_quiet: bool
    releases_only: bool
    quiet: str | None = None  # quiet hours, 'HH:MM-HH:MM' local time (bot.delivery.quiet)
    topic: int | None = None  # a forum group's topic for alerts and digests (/here)
    manages: int | None = None  # a private chat: the channel its commands apply to (/channel)

    @property
    def instant(self) -> bool:
        return self.mode in (INSTANT, BOTH)

    @property
    def digest(self) -> bool:
        return self.mode in (DIGEST, BOTH) and self.digest_on


def chat_from_row(row: Row) -> Chat:
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
        quiet=row["quiet"],
        topic=row["topic"],
        manages=row["manages"],
    )


DEFAULT_ZONE = "UTC"  # when the user's language does not tell where they are (bot.i18n.ZONES); /settings says so


async def ensure_chat(
    db: Database, chat_id: int, kind: str, now: datetime, language: str | None = None, zone: str | None = None
) -> Chat:
    """Create the chat (with a first language and time zone), or mark it active again; return it.

    Most calls find the chat as it should be and only read, so a command that changes
    nothing never waits for a write in progress.
    """
    chat = await get_chat(db, chat_id)
    if chat is not None and chat.active and chat.kind == kind:
        return chat
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO chats (id, kind, language, created_at, digest_tz) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET active = 1, kind = excluded.kind",
            (chat_id, kind, language, to_db(now), zone or DEFAULT_ZONE),
        )
        chat = await get_chat(tx, chat_id)
    assert chat is not None
    return chat


async def get_chat(db: Reader, chat_id: int) -> Chat | None:
    r = await db.fetchone(f"SELECT {CHAT_COLUMNS} FROM chats WHERE id = ?", (chat_id,))
    return chat_from_row(r) if r else None


class Keep(Enum):
    """A setting a ``ChatChange`` leaves as it is (``None`` is a value: no quiet hours, the main thread)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


@dataclass(frozen=True, slots=True)
class ChatChange:
    """A change of a chat's settings: each field given is stored, the others (``KEEP``) stay as they are."""

    language: str | Keep = KEEP
    mode: str | Keep = KEEP  # INSTANT, DIGEST or BOTH
    digest_time: str | Keep = KEEP  # HH:MM
    digest_tz: str | Keep = KEEP
    digest_on: bool | Keep = KEEP
    digest_quiet: bool | Keep = KEEP
    releases_only: bool | Keep = KEEP
    quiet: str | Keep | None = KEEP  # 'HH:MM-HH:MM', or None: no quiet hours
    topic: int | Keep | None = KEEP  # None: the chat's main thread
    manages: int | Keep | None = KEEP  # None: the private chat's commands apply to itself again


async def update_chat(
    db: Database,
    chat_id: int,
    change: ChatChange | None = None,
    *,
    quiet: str | Keep | None = KEEP,
    topic: int | Keep | None = KEEP,
    manages: int | Keep | None = KEEP,
    mode: str | Keep = KEEP,
) -> Chat | None:
    """Store a change of a chat's settings (``change``, or the few settings set alone as keywords); the chat after
    it, or None when there is no such chat."""
    whole = {f.name: getattr(change, f.name) for f in fields(ChatChange)} if change is not None else {}
    alone = {"quiet": quiet, "topic": topic, "manages": manages, "mode": mode}
    given = {name: value for name, value in whole.items() if value is not KEEP}
    given |= {name: value for name, value in alone.items() if value is not KEEP}
    async with db.transaction() as tx:
        if given:  # the column names are ChatChange's fields, never data
            assignments = ", ".join(f"{name} = ?" for name in given)
            values = tuple(int(v) if isinstance(v, bool) else v for v in given.values())  # flags: INTEGER columns
            await tx.execute(f"UPDATE chats SET {assignments} WHERE id = ?", (*values, chat_id))
        return await get_chat(tx, chat_id)


async def digest_chats(db: Reader) -> list[tuple[Chat, datetime | None]]:
    """Active chats that receive a digest, each with the period of its latest digest."""
    rows = await db.fetchall(
        f"SELECT {CHAT_COLUMNS}, (SELECT MAX(period) FROM digests d WHERE d.chat_id = chats.id) AS last_period "
        "FROM chats WHERE active = 1 AND digest_on = 1 "
        "AND COALESCE(mode, CASE kind WHEN 'private' THEN 'instant' ELSE 'digest' END) IN ('digest', 'both')"
    )
    return [(chat_from_row(r), from_db(r["last_period"])) for r in rows]


async def deactivate_chat(db: Database, chat_id: int) -> None:
    """The bot was blocked or removed: stop queueing and drop what is pending."""
    async with db.transaction() as tx:
        await tx.execute("UPDATE chats SET active = 0 WHERE id = ?", (chat_id,))
        await tx.execute("DELETE FROM outbox WHERE chat_id = ? AND status IN ('pending', 'sending')", (chat_id,))


@dataclass(frozen=True, slots=True)
class Erased:
    """What ``delete_chat`` erased, to say so."""

    watches: int
    messages: int  # outbox rows: waiting, and the record of sent ones
    digest_entries: int


async def delete_chat(db: Database, chat_id: int) -> Erased | None:
    """Erase everything stored about a chat (watches, settings, outbox, digests and pending questions cascade); None if
    unknown."""
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "SELECT (SELECT COUNT(*) FROM watches WHERE chat_id = ?) AS w, "
            "(SELECT COUNT(*) FROM outbox WHERE chat_id = ?) AS o, "
            "(SELECT COUNT(*) FROM digest_entries WHERE chat_id = ?) AS d",
            (chat_id, chat_id, chat_id),
        )
        if not await tx.execute("DELETE FROM chats WHERE id = ?", (chat_id,)):
            return None
        await tx.execute("UPDATE chats SET manages = NULL WHERE manages = ?", (chat_id,))  # an erased channel
    await db.scrub()  # no copy left in the database's files either
    assert row is not None
    return Erased(row["w"], row["o"], row["d"])


async def migrate_chat(db: Database, old_id: int, new_id: int) -> None:
    """A group became a supergroup: move it, with its settings and watchlist, to the new id."""
    async with db.transaction() as tx:
        found = {r["id"] for r in await tx.fetchall("SELECT id FROM chats WHERE id IN (?, ?)", (old_id, new_id))}
        if found == {old_id, new_id}:  # the new chat talked to us first: keep the old chat's settings and watches
            await tx.execute("DELETE FROM chats WHERE id = ?", (new_id,))
        await tx.execute("UPDATE chats SET id = ?, kind = 'supergroup' WHERE id = ?", (new_id, old_id))
