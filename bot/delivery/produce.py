"""Produce due digests: claim each chat's period and queue its messages in one transaction.

A plain coroutine, ``produce_digests(db, catalogs, now)``: the scheduler calls it every
minute, tests call it with the clock they want. Stateless: what is due is worked out
from the database, so a restart rebuilds the schedule and catches up missed digests.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.delivery.digest import build_digest, due_period
from bot.delivery.render import event_badge
from bot.i18n import Catalogs
from storage import chats as chats_db
from storage import digests as digests_db
from storage import items as items_db
from storage import outbox
from storage import stories as stories_db
from storage.db import Database, to_db

log = logging.getLogger(__name__)


async def produce_digests(db: Database, catalogs: Catalogs, now: datetime) -> int:
    """Queue every digest that is due; the number of digest periods produced."""
    produced = 0
    for chat, last in await chats_db.digest_chats(db):
        period = due_period(now, chat.digest_time, chat.digest_tz, last)
        if period is None:
            continue
        async with db.transaction() as tx:
            entries = await digests_db.claim_period(tx, chat.id, period, now)
            if entries is None:
                continue  # produced before (e.g. by a run that crashed while sending)
            ids = [e.story_id for e in entries]
            stories = await items_db.story_items(tx, ids)
            for story_id, others in (await stories_db.also_reported(tx, chat.id, ids)).items():
                stories.setdefault(story_id, []).extend(others)  # the same news from other sources: one entry
            messages = build_digest(
                entries,
                stories,
                catalogs.get(chat.language),
                chat.digest_tz,
                period,
                releases_only=chat.releases_only,
                quiet=chat.digest_quiet,
                badge=event_badge,
            )
            key = f"digest:{to_db(period)}"
            await outbox.enqueue(
                tx, [outbox.Queued(chat.id, outbox.DIGEST, f"{key}:{part}", m) for part, m in enumerate(messages)], now
            )
        produced += 1
        log.info("digest for a chat: %d entries, %d messages", len(entries), len(messages))
    return produced
