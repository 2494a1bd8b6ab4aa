"""A planned listing, written in one transaction: items, the stories' sources, outbox rows, digest entries, the feed.

``bot.pipeline.plan`` decides (pure); ``apply_listing`` writes what it decided, in order, and
decides nothing. The only thing a plan cannot know is the id a new item gets: it names such
an item by its guid (``New``), and ``apply_listing`` puts the id in once the item is stored
(a new story's id is its first item's). An outbox key is a tuple of parts joined with ``:``
(``("alert", New("g1"))`` becomes ``alert:1234``).

Concurrency: the caller reads the feed's known items and the stories of the listing's links
inside the same transaction, just before planning, so within one process (one writer) nothing
can change between the read and the write. Two PostgreSQL processes polling two sources that
carry one link may both read "no story" and both start one, as before: each keeps its story,
and the unique outbox key (chat, key), ``also_reported``'s and ``digest_entries``' primary keys
with ``ON CONFLICT DO NOTHING`` keep any row from being queued twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage import digests as digests_db
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import stories as stories_db
from storage.db import Tx
from storage.feeds import Poll
from storage.items import NewItem


@dataclass(frozen=True, slots=True)
class New:
    """An item this plan stores (by its guid): its id, or its new story's, once it is stored."""

    guid: str


Ref = int | New  # a stored row's id, or an item of this plan


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A known item whose text changed: its new text and what matching found (``event`` None: keep the old)."""

    id: int
    item: NewItem
    mentions: frozenset[int]
    event: str | None


@dataclass(frozen=True, slots=True)
class Insert:
    """A new item, in a stored story or one of this plan's (``story``), or (None) the first of a new story."""

    item: NewItem
    mentions: frozenset[int]
    event: str | None
    story: Ref | None


@dataclass(frozen=True, slots=True)
class AlsoReported:
    """For this chat, ``item`` is another source's report of the story it heard of as ``story``."""

    chat_id: int
    story: Ref
    item: Ref


@dataclass(frozen=True, slots=True)
class Message:
    """An outbox row to queue, unless its key was queued before (or its chat left)."""

    chat_id: int
    kind: str
    key: tuple[str | Ref, ...]
    payload: str
    story: Ref | None = None
    not_before: datetime | None = None  # held (quiet hours) until then; None: now
    silent: bool = False


@dataclass(frozen=True, slots=True)
class DigestEntry:
    chat_id: int
    story: Ref
    names: tuple[str, ...]
    event: str


@dataclass(frozen=True, slots=True)
class Success:
    """The poll worked: the feed's new validators, when it is polled next, how many items it listed."""

    etag: str | None
    last_modified: str | None
    next_at: datetime
    listed: int
    poll: Poll


@dataclass(frozen=True, slots=True)
class ListingPlan:
    """Everything one listing changes, in the order it is written."""

    relisted: tuple[int, ...]  # known items still listed
    items: tuple[Rewrite | Insert, ...]  # in listing order
    also: tuple[AlsoReported, ...]
    messages: tuple[Message, ...]
    entries: tuple[DigestEntry, ...]
    success: Success
    new_stories: int = 0  # inserted items that start a story


@dataclass(frozen=True, slots=True)
class Applied:
    inserted: int  # new items
    queued: int  # outbox rows queued


def key_text(key: tuple[str | Ref, ...], ids: dict[str, int]) -> str:
    """An outbox key as stored: its parts with each new item's id put in."""
    return ":".join(str(ids[part.guid]) if isinstance(part, New) else str(part) for part in key)


async def apply_listing(tx: Tx, feed_id: int, plan: ListingPlan, now: datetime) -> Applied:
    """Write the plan in the caller's transaction."""
    await items_db.mark_listed(tx, list(plan.relisted), now)
    ids: dict[str, int] = {}  # a new item's guid -> its id
    stories: dict[str, int] = {}  # a new item's guid -> its story's id

    def resolve(ref: Ref, by: dict[str, int]) -> int:
        return by[ref.guid] if isinstance(ref, New) else ref

    for step in plan.items:
        if isinstance(step, Rewrite):
            await items_db.rewrite_item(tx, step.id, step.item, step.mentions, step.event)
            continue
        story = None if step.story is None else resolve(step.story, stories)
        item_id = await items_db.insert_item(tx, feed_id, step.item, step.mentions, step.event, story, now)
        ids[step.item.guid] = item_id
        stories[step.item.guid] = item_id if story is None else story
    for also in plan.also:
        await stories_db.add_also_reported(tx, also.chat_id, resolve(also.story, stories), resolve(also.item, ids))
    queued = await outbox.enqueue(
        tx,
        [
            outbox.Queued(
                m.chat_id,
                m.kind,
                key_text(m.key, ids),
                m.payload,
                None if m.story is None else resolve(m.story, stories),
                m.not_before,
                m.silent,
            )
            for m in plan.messages
        ],
        now,
    )
    entries = [digests_db.NewEntry(e.chat_id, resolve(e.story, stories), e.names, e.event) for e in plan.entries]
    await digests_db.add_entries(tx, entries, now)
    s = plan.success
    await feeds_db.record_success(
        tx,
        feed_id,
        etag=s.etag,
        last_modified=s.last_modified,
        now=now,
        next_at=s.next_at,
        listed=s.listed,
        poll=s.poll,
    )
    return Applied(len(ids), queued)
