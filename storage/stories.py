"""Stories across sources: what each chat heard of lately, and which other reports it heard it from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from storage.db import Reader, Row, Tx, from_db, id_list, to_db
from storage.items import ITEM_SELECT, StoredItem, item_from_row
from storage.outbox import Status


@dataclass(frozen=True, slots=True)
class Heard:
    """A story a chat heard of lately: by an alert (``outbox_id``, its ``payload`` says whom and what) or a digest
    entry (``names`` and ``event``)."""

    chat_id: int
    story_id: int
    names: tuple[str, ...]  # a digest entry's; () for an alert
    event: str  # a digest entry's; "" for an alert
    at: datetime
    text: str
    outbox_id: int | None  # the alert, or None for a digest entry
    sent: bool  # the alert is out: a new source means editing it
    payload: str | None = None  # the alert's payload (JSON, read by ``bot.pipeline.decide.AlertPayload``)


async def heard_since(db: Reader, chat_ids: list[int], since: datetime) -> list[Heard]:
    """What these chats heard of since ``since``, by alert or digest entry."""
    if not chat_ids:
        return []
    chats, ids = id_list(db, sorted(set(chat_ids)))
    alerts = await db.fetchall(
        "SELECT o.id, o.chat_id, o.story_id, o.payload, o.status, o.created_at, i.title, i.summary FROM outbox o "
        "JOIN items i ON i.id = o.story_id WHERE o.kind = 'alert' AND o.status != 'failed' AND o.created_at >= ? "
        f"AND o.chat_id IN {chats}",
        (to_db(since), ids),
    )
    entries = await db.fetchall(
        "SELECT d.chat_id, d.story_id, d.names, d.event, d.matched_at, i.title, i.summary FROM digest_entries d "
        f"JOIN items i ON i.id = d.story_id WHERE d.matched_at >= ? AND d.chat_id IN {chats}",
        (to_db(since), ids),
    )
    return [_alert(r) for r in alerts] + [
        Heard(
            r["chat_id"],
            r["story_id"],
            tuple(json.loads(r["names"])),
            r["event"],
            from_db(r["matched_at"]) or since,
            f"{r['title']}\n{r['summary']}",
            None,
            False,
        )
        for r in entries
    ]


def _alert(r: Row) -> Heard:
    return Heard(
        r["chat_id"],
        r["story_id"],
        (),
        "",
        from_db(r["created_at"]) or datetime.min,
        f"{r['title']}\n{r['summary']}",
        r["id"],
        r["status"] == Status.SENT,
        r["payload"],
    )


async def add_also_reported(tx: Tx, chat_id: int, story_id: int, item_id: int) -> bool:
    """``item_id`` reports, for this chat, the story it heard of as ``story_id``; False if known already."""
    added = await tx.execute(
        "INSERT INTO also_reported (chat_id, story_id, item_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (chat_id, story_id, item_id),
    )
    return added > 0


async def also_reported(db: Reader, chat_id: int, story_ids: list[int]) -> dict[int, list[StoredItem]]:
    """By story: the other sources' reports of it that this chat heard of, first seen first."""
    if not story_ids:
        return {}
    stories, ids = id_list(db, story_ids)
    rows = await db.fetchall(
        f"SELECT a.story_id AS heard_as, sub.* FROM also_reported a JOIN ({ITEM_SELECT}) sub ON sub.id = a.item_id "
        f"WHERE a.chat_id = ? AND a.story_id IN {stories} ORDER BY sub.id",
        (chat_id, ids),
    )
    out: dict[int, list[StoredItem]] = {}
    for r in rows:
        out.setdefault(r["heard_as"], []).append(item_from_row(r))
    return out
