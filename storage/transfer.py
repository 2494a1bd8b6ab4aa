"""Chats with their settings and watchlists, read out and written back whole: ``export``/``import``, ``/export``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, Reader, to_db

SETTINGS = ("mode", "digest_time", "digest_tz", "digest_on", "digest_quiet", "releases_only", "quiet")


@dataclass(frozen=True, slots=True)
class WatchRecord:
    name: str  # as the user typed it
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChatRecord:
    id: int
    kind: str
    language: str | None
    settings: dict[str, object]  # the columns in SETTINGS, as stored (mode None: by chat kind)
    watches: tuple[WatchRecord, ...]


async def chat_records(db: Reader, chat_id: int | None = None) -> list[ChatRecord]:
    """Every active chat (or the one), with its settings and watches."""
    where = "active = 1" if chat_id is None else "id = ?"
    chats = await db.fetchall(
        f"SELECT id, kind, language, {', '.join(SETTINGS)} FROM chats WHERE {where} ORDER BY id",
        () if chat_id is None else (chat_id,),
    )
    watches: dict[int, list[WatchRecord]] = {}
    rows = await db.fetchall(
        "SELECT w.chat_id, w.name, w.exclusions FROM watches w JOIN chats c ON c.id = w.chat_id "
        f"WHERE c.{where} ORDER BY w.id",
        () if chat_id is None else (chat_id,),
    )
    for r in rows:
        watches.setdefault(r["chat_id"], []).append(WatchRecord(r["name"], tuple(json.loads(r["exclusions"]))))
    return [
        ChatRecord(
            c["id"],
            c["kind"],
            c["language"],
            {k: bool(c[k]) if k in ("digest_on", "digest_quiet", "releases_only") else c[k] for k in SETTINGS},
            tuple(watches.get(c["id"], ())),
        )
        for c in chats
    ]


async def restore_chat(db: Database, chat: ChatRecord, identities: list[str], now: datetime) -> int:
    """Create or update the chat with the record's settings and add its watches (``identities`` in the same
    order); a person the chat already watches keeps its watch. The number of watches added."""
    values = [chat.settings[k] for k in SETTINGS]
    async with db.transaction() as tx:
        await tx.execute(
            f"INSERT INTO chats (id, kind, language, created_at, {', '.join(SETTINGS)}) "
            f"VALUES (?, ?, ?, ?, {', '.join('?' for _ in SETTINGS)}) ON CONFLICT (id) DO UPDATE SET "
            "kind = excluded.kind, language = excluded.language, active = 1, "
            + ", ".join(f"{k} = excluded.{k}" for k in SETTINGS),
            (chat.id, chat.kind, chat.language, to_db(now), *values),
        )
        added = 0
        for watch, identity in zip(chat.watches, identities, strict=True):
            added += await tx.execute(
                "INSERT INTO watches (chat_id, name, identity, created_at, exclusions) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (chat.id, watch.name, identity, to_db(now), json.dumps(list(watch.exclusions), ensure_ascii=False)),
            )
        return added
