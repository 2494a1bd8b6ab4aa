"""Poll one feed: fetch → parse → match → decide → store and queue. Each feed costs only itself.

``poll_feed`` has two phases. ``fetch_feed`` only reads the network and parses (it may be
cancelled at any point: nothing is written). ``store_outcome`` writes what was fetched, and
queues alerts and digest entries, in one transaction; matching and deciding happen before
that transaction, so the write lock is held only for the writes. Every failure, expected
(HTTP errors, timeouts, malformed documents) or not (a bug), is recorded against the feed
and backs it off; it never reaches another feed.

``run_poll_cycle(pipeline, now)`` polls every due feed and waits for all of them: what
tests and ``scan`` call. The running bot starts the same ``poll_feed`` per feed from
``bot.pipeline.poller``.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from bot.config import FeedConfig
from bot.pipeline.decide import Decision, decide
from bot.pipeline.match import MatcherCache
from bot.pipeline.parse import NotAFeed, ParsedFeed, parse_feed
from bot.pipeline.poll import DEADLINE, Fetched, FetchFailed, NotModified, fetch
from bot.pipeline.schedule import next_poll_at
from storage import digests as digests_db
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import watches as watches_db
from storage.db import Database
from storage.feeds import FeedState

log = logging.getLogger(__name__)
FETCHES = 8  # feeds fetched at once


def _nothing() -> None:
    return None


@dataclass
class Pipeline:
    db: Database
    http: httpx.AsyncClient
    feeds: tuple[FeedConfig, ...]
    matchers: MatcherCache
    rng: random.Random = field(default_factory=random.Random)
    fetch_slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(FETCHES))
    deadline: float = DEADLINE
    on_queued: Callable[[], None] = _nothing  # wakes the sender


@dataclass(frozen=True, slots=True)
class Failed:
    reason: str


@dataclass(frozen=True, slots=True)
class Listing:
    fetched: Fetched
    parsed: ParsedFeed


Outcome = Listing | NotModified | Failed


@dataclass
class FeedReport:
    ok: bool = True
    new_stories: int = 0
    queued: int = 0


@dataclass
class CycleReport:
    polled: int = 0
    failed: int = 0
    new_stories: int = 0
    queued: int = 0


async def run_poll_cycle(p: Pipeline, now: datetime, *, force: bool = False) -> CycleReport:
    """Poll every feed that is due (or all with ``force``), concurrently, and wait for all of them."""
    states = await feeds_db.sync_feeds(p.db, [(f.name, f.url) for f in p.feeds])
    due = [f for f in p.feeds if force or is_due(states[f.name], now)]
    reports = await asyncio.gather(*(poll_feed(p, f, states[f.name], now) for f in due))
    report = CycleReport(polled=len(reports))
    for r in reports:
        report.failed += not r.ok
        report.new_stories += r.new_stories
        report.queued += r.queued
    return report


def is_due(state: FeedState, now: datetime) -> bool:
    return state.next_poll_at is None or state.next_poll_at <= now


async def poll_feed(p: Pipeline, feed: FeedConfig, state: FeedState, now: datetime) -> FeedReport:
    return await store_outcome(p, feed, state, await fetch_feed(p, feed, state, now), now)


async def fetch_feed(p: Pipeline, feed: FeedConfig, state: FeedState, now: datetime) -> Outcome:
    """Fetch and parse; writes nothing."""
    try:
        async with p.fetch_slots:
            result = await fetch(p.http, feed.url, state.etag, state.last_modified, deadline=p.deadline)
        if isinstance(result, FetchFailed):
            return Failed(result.reason)
        if isinstance(result, NotModified):
            return result
        try:  # feedparser is CPU-bound: keep it off the event loop
            parsed = await asyncio.to_thread(parse_feed, result.body, result.content_type, now)
        except NotAFeed as e:
            return Failed(str(e))
        return Listing(result, parsed)
    except Exception as e:  # a bug or a library surprise: this feed fails, no other
        log.exception("feed %s: unexpected error while fetching", feed.name)
        return Failed(f"internal error while reading the feed ({type(e).__name__})")


async def store_outcome(p: Pipeline, feed: FeedConfig, state: FeedState, outcome: Outcome, now: datetime) -> FeedReport:
    """Record the outcome; for a new listing, store its items and queue what chats get."""
    try:
        if isinstance(outcome, Failed):
            return await _fail(p, feed, state, outcome.reason, now)
        next_at = next_poll_at(now, feed.interval, 0, p.rng.random())
        if isinstance(outcome, NotModified):
            async with p.db.transaction() as tx:
                await items_db.relist(tx, state.id, state.listed_at, now)
                await feeds_db.record_success(
                    tx, state.id, etag=None, last_modified=None, now=now, next_at=next_at, listed=state.listed
                )
            return FeedReport()
        fetched, parsed = outcome.fetched, outcome.parsed
        if not parsed.items and state.listed:
            return await _fail(p, feed, state, f"the feed lists no items (it listed {state.listed} before)", now)
        if parsed.warning:
            log.info("feed %s parsed with a warning: %s", feed.name, parsed.warning)
        for reason in parsed.skipped:
            log.warning("feed %s: skipped %s", feed.name, reason)
        return await _store(p, feed, state, fetched, parsed, now, next_at)
    except Exception as e:
        log.exception("feed %s: unexpected error while storing", feed.name)
        return await _fail(p, feed, state, f"internal error while storing the feed ({type(e).__name__})", now)


async def _store(
    p: Pipeline,
    feed: FeedConfig,
    state: FeedState,
    fetched: Fetched,
    parsed: ParsedFeed,
    now: datetime,
    next_at: datetime,
) -> FeedReport:
    report = FeedReport()
    decisions: dict[str, list[Decision]] = {}
    events: dict[str, str] = {}
    if state.primed:  # the first listing of a feed is history: it alerts nobody
        decisions, events = await _decide(p, state, parsed)
    async with p.db.transaction() as tx:
        inserted = await items_db.store_listing(tx, state.id, parsed.items, events, now)
        alerts: list[outbox.Queued] = []
        entries: list[digests_db.NewEntry] = []
        for item in inserted:
            if not item.new_story:
                continue  # another feed carried the story first: its chats heard of it then
            report.new_stories += 1
            for d in decisions.get(item.guid, ()):
                if d.alert:
                    key = f"{outbox.ALERT}:{item.story_id}"
                    alerts.append(outbox.Queued(d.chat_id, outbox.ALERT, key, d.payload(), item.story_id))
                if d.digest:
                    entries.append(digests_db.NewEntry(d.chat_id, item.story_id, d.names, d.event))
        report.queued = await outbox.enqueue(tx, alerts, now)
        await digests_db.add_entries(tx, entries, now)
        await feeds_db.record_success(
            tx,
            state.id,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            now=now,
            next_at=next_at,
            listed=len(parsed.items),
        )
    if not state.primed:
        log.info("feed %s primed with %d items", feed.name, len(inserted))
    if report.queued:
        p.on_queued()
    return report


async def _decide(
    p: Pipeline, state: FeedState, parsed: ParsedFeed
) -> tuple[dict[str, list[Decision]], dict[str, str]]:
    """Match the items this feed has not listed before and decide, per item, what each chat gets."""
    known = await items_db.known_guids(p.db, state.id, [i.guid for i in parsed.items])
    fresh = [i for i in parsed.items if i.guid not in known]
    if not fresh:
        return {}, {}
    await p.matchers.sync(p.db)
    matched = []
    for item in fresh:
        result, found = p.matchers.match(f"{item.title}\n{item.summary}")
        matched.append((item.guid, result.event.value, found))
        await asyncio.sleep(0)  # matching is CPU work: let handlers and the sender in between items
    watch_ids = {w for _, _, found in matched for w in found}
    targets = {t.watch_id: t for t in await watches_db.targets(p.db, watch_ids)} if watch_ids else {}
    p.matchers.forget(watch_ids - targets.keys())
    decisions = {guid: decide(event, found, targets) for guid, event, found in matched}
    return decisions, {guid: event for guid, event, _ in matched}


async def _fail(p: Pipeline, feed: FeedConfig, state: FeedState, reason: str, now: datetime) -> FeedReport:
    log.warning("feed %s failed: %s", feed.name, reason)
    next_at = next_poll_at(now, feed.interval, state.failures + 1, p.rng.random())
    await feeds_db.record_failure(p.db, state.id, error=reason, now=now, next_at=next_at)
    return FeedReport(ok=False)
