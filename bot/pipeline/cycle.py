"""One polling cycle: fetch due feeds concurrently, then store, match and queue alerts.

A plain coroutine, ``run_poll_cycle(pipeline, now)``: the scheduler calls it on a
timer, tests call it directly.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from bot.config import FeedConfig
from bot.pipeline.match import MatcherCache
from bot.pipeline.parse import NotAFeed, ParsedFeed, parse_feed
from bot.pipeline.poll import Fetched, FetchFailed, FetchResult, NotModified, fetch
from bot.pipeline.schedule import next_poll_at
from storage import chats as chats_db
from storage import digests as digests_db
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import watches as watches_db
from storage.db import Database
from storage.feeds import FeedState

log = logging.getLogger(__name__)


@dataclass
class Pipeline:
    db: Database
    http: httpx.AsyncClient
    feeds: tuple[FeedConfig, ...]
    matchers: MatcherCache
    rng: random.Random = field(default_factory=random.Random)
    concurrency: int = 8


@dataclass
class CycleReport:
    polled: int = 0
    failed: int = 0
    new_stories: int = 0
    queued: int = 0


async def run_poll_cycle(p: Pipeline, now: datetime, *, force: bool = False) -> CycleReport:
    """Poll every feed that is due (or all with ``force``) and queue alerts for new stories."""
    states = await feeds_db.sync_feeds(p.db, [(f.name, f.url) for f in p.feeds])
    due = [f for f in p.feeds if force or _due(states[f.name], now)]
    report = CycleReport()
    if not due:
        return report
    gate = asyncio.Semaphore(p.concurrency)

    async def one(feed: FeedConfig) -> tuple[FeedConfig, FetchResult, ParsedFeed | str | None]:
        state = states[feed.name]
        async with gate:
            result = await fetch(p.http, feed.url, state.etag, state.last_modified)
        if not isinstance(result, Fetched):
            return feed, result, None
        try:  # feedparser is CPU-bound: keep it off the event loop
            return feed, result, await asyncio.to_thread(parse_feed, result.body, result.content_type)
        except NotAFeed as e:
            return feed, result, str(e)

    results = await asyncio.gather(*(one(f) for f in due))
    if p.matchers.stale:
        p.matchers.rebuild(await watches_db.active_watches(p.db))
    for feed, result, parsed in results:
        state = states[feed.name]
        report.polled += 1
        try:
            await _store(p, feed, state, result, parsed, now, report)
        except Exception:
            log.exception("storing feed %s failed", feed.name)
            report.failed += 1
            await _fail(p, feed, state, "internal error while storing the feed", now)
    return report


def _due(state: FeedState, now: datetime) -> bool:
    return state.next_poll_at is None or state.next_poll_at <= now


async def _store(
    p: Pipeline,
    feed: FeedConfig,
    state: FeedState,
    result: FetchResult,
    parsed: ParsedFeed | str | None,
    now: datetime,
    report: CycleReport,
) -> None:
    if isinstance(result, FetchFailed) or isinstance(parsed, str):
        reason = result.reason if isinstance(result, FetchFailed) else str(parsed)
        report.failed += 1
        log.warning("feed %s failed: %s", feed.name, reason)
        await _fail(p, feed, state, reason, now)
        return
    next_at = next_poll_at(now, feed.interval, 0, p.rng.random())
    if isinstance(result, NotModified) or parsed is None:
        async with p.db.transaction():
            await feeds_db.record_success(p.db, state.id, etag=None, last_modified=None, now=now, next_at=next_at)
        return
    assert isinstance(result, Fetched)
    if parsed.warning:
        log.info("feed %s parsed with a warning: %s", feed.name, parsed.warning)
    async with p.db.transaction():
        new_ids = await items_db.insert_items(p.db, state.id, parsed.items, now)
        await feeds_db.record_success(
            p.db, state.id, etag=result.etag, last_modified=result.last_modified, now=now, next_at=next_at
        )
        if not state.primed:
            # First poll of a feed: what it already lists is history, not news.
            log.info("feed %s primed with %d items", feed.name, len(new_ids))
            return
        report.new_stories += len(new_ids)
        for item in await items_db.get_items(p.db, new_ids):
            result_, matches = p.matchers.match(f"{item.title}\n{item.summary}")
            event = result_.event.value
            await items_db.set_event(p.db, item.id, event)
            for match in matches:
                chat = await chats_db.get_chat(p.db, match.chat_id)
                if chat is None or not chat.active:
                    continue
                if chat.digest:  # the filter applies when the digest is made, so changing it applies too
                    await digests_db.add_entry(p.db, chat.id, item.story_id, list(match.names), event, now)
                if chat.instant and (event == "release" or not chat.releases_only):
                    payload = {"names": list(match.names), "surfaces": list(match.surfaces), "event": event}
                    key = f"{outbox.ALERT}:{item.story_id}"
                    if await outbox.enqueue(
                        p.db, chat.id, outbox.ALERT, key, json.dumps(payload, ensure_ascii=False), now, item.story_id
                    ):
                        report.queued += 1


async def _fail(p: Pipeline, feed: FeedConfig, state: FeedState, reason: str, now: datetime) -> None:
    failures = state.failures + 1
    await feeds_db.record_failure(
        p.db, state.id, error=reason, now=now, next_at=next_poll_at(now, feed.interval, failures, p.rng.random())
    )
