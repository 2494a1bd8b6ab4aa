"""Poll one source: fetch → parse → match → decide → store and queue. Each source costs only itself.

``poll_feed`` has two phases. ``fetch_feed`` only reads the network and parses (it may be
cancelled at any point: nothing is written). It tries the source's addresses in turn (its
url, then its mirrors: ``schedule.address_order``), through the source's proxy and with its
User-Agent, and reads the document as the source's kind says: an RSS/Atom feed, a
Telegram channel's preview (with older pages when a busy channel outran one page), or a
news page through CSS selectors. ``store_outcome`` is read → plan → apply: matching,
deciding and reading what chats heard of lately happen first, off the write lock; then, in
one transaction, it reads the source's known items and the stories stored under the
listing's links, asks the pure planner (``bot.pipeline.plan.plan_listing``) what the listing
changes, and ``storage.listings.apply_listing`` writes that plan (items, outbox rows, digest
entries, the source's success). Every failure is recorded against the source and backs it
off; it never reaches another source.

New items alert as before. An item whose text changed (an edited post) is matched again,
and only watches its old text did not mention alert, marked "updated".

``run_poll_cycle(pipeline, now)`` polls every due source and waits for all of them: what
tests and ``scan`` call. The running bot starts the same ``poll_feed`` per source from
``bot.pipeline.poller``.
"""

from __future__ import annotations

import asyncio
import html
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.config import FeedConfig
from bot.ops.metrics import Metrics
from bot.pipeline.decide import Decision, decide
from bot.pipeline.match import MatcherCache
from bot.pipeline.plan import NOTHING_HEARD, Empty, empty_listing, hear, plan_listing
from bot.pipeline.schedule import next_poll_at
from bot.pipeline.source import Failed, Listing, Net, Outcome, Unchanged, read_source
from bot.pipeline.source_health import Health, announcement, source_health
from bot.pipeline.stories import WINDOW
from storage import feeds as feeds_db
from storage import items as items_db
from storage import listings as listings_db
from storage import outbox
from storage import stories as stories_db
from storage import watches as watches_db
from storage.db import Database, DatabaseUnavailable
from storage.feeds import FeedState
from storage.items import Known, Matched, NewItem
from storage.listings import Success

log = logging.getLogger(__name__)


def _nothing() -> None:
    return None


@dataclass
class Pipeline:
    db: Database
    net: Net
    feeds: tuple[FeedConfig, ...]
    matchers: MatcherCache
    rng: random.Random = field(default_factory=random.Random)
    on_queued: Callable[[], None] = _nothing  # wakes the sender
    operator: int | None = None  # the chat told when a source's health changes
    metrics: Metrics = field(default_factory=Metrics)


@dataclass
class FeedReport:
    ok: bool = True
    new_stories: int = 0
    queued: int = 0
    stored: int = 0  # new items
    matches: int = 0  # (item, chat) pairs that mention a chat's watch


@dataclass
class CycleReport:
    polled: int = 0
    failed: int = 0
    new_stories: int = 0
    queued: int = 0


async def run_poll_cycle(p: Pipeline, now: datetime, *, force: bool = False) -> CycleReport:
    """Poll every source that is due (or all with ``force``), concurrently, and wait for all of them."""
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
    if state.paused_at is not None:  # the operator paused it
        return False
    return state.next_poll_at is None or state.next_poll_at <= now


async def poll_feed(p: Pipeline, feed: FeedConfig, state: FeedState, now: datetime) -> FeedReport:
    return await store_outcome(p, feed, state, await fetch_feed(p, feed, state, now), now)


async def fetch_feed(p: Pipeline, feed: FeedConfig, state: FeedState, now: datetime) -> Outcome:
    """Read the source (its addresses in turn, older pages of a busy channel). Writes nothing."""

    async def known(guids: list[str]) -> set[str]:
        return await items_db.known_guids(p.db, state.id, guids)

    with p.metrics.poll_seconds.labels(feed.name).time():
        return await read_source(p.net, feed, state, now, known if state.primed else None)


# -- storing: one transaction per poll ----------------------------------------------------


async def store_outcome(p: Pipeline, feed: FeedConfig, state: FeedState, outcome: Outcome, now: datetime) -> FeedReport:
    """Record the outcome; for a new listing, store its items and queue what chats get; review the source's health."""
    report = await _record(p, feed, state, outcome, now)
    kind = "unchanged" if isinstance(outcome, Unchanged) else "ok" if report.ok else "failed"
    p.metrics.polls.labels(feed.name, kind).inc()
    p.metrics.items.labels(feed.name).inc(report.stored)
    p.metrics.matches.labels(feed.name).inc(report.matches)
    p.metrics.queued.labels(feed.name).inc(report.queued)
    try:
        await _review(p, feed, state.id, now)
    except DatabaseUnavailable:
        raise
    except Exception:
        log.exception("source %s: unexpected error while reviewing its health", feed.name)
    return report


async def _review(p: Pipeline, feed: FeedConfig, feed_id: int, now: datetime) -> None:
    """Work out the source's health; when it changed, remember it and tell the operator (once)."""
    state = await feeds_db.get_feed(p.db, feed_id)
    if state is None:
        return
    health = source_health(state, feed.urls, await feeds_db.new_item_times(p.db, feed_id), now)
    if health.state == state.announced or health.state is Health.NEW:
        return
    news = announcement(state.announced, health)
    async with p.db.transaction() as tx:
        await feeds_db.set_announced(tx, feed_id, health.state)
        if news and p.operator is not None:
            text = f"📡 <b>{html.escape(feed.name)}</b>: {html.escape(news)}"
            key = f"{outbox.NOTICE}:{feed_id}:{health.state}:{now.isoformat()}"
            queued = await outbox.enqueue(tx, [outbox.Queued(p.operator, outbox.NOTICE, key, text)], now)
        else:
            queued = 0
    if news:
        log.info("source %s is now %s", feed.name, health.state)
    if queued:
        p.on_queued()


async def _record(p: Pipeline, feed: FeedConfig, state: FeedState, outcome: Outcome, now: datetime) -> FeedReport:
    try:
        if isinstance(outcome, Failed):
            return await _fail(p, feed, state, outcome.reason, now, outcome.tried_first)
        next_at = next_poll_at(now, feed.interval, 0, p.rng.random())
        if isinstance(outcome, Unchanged):
            async with p.db.transaction() as tx:
                await items_db.relist(tx, state.id, state.listed_at, now)
                await feeds_db.record_success(
                    tx,
                    state.id,
                    etag=None,
                    last_modified=None,
                    now=now,
                    next_at=next_at,
                    listed=state.listed,
                    poll=outcome.poll,
                    unchanged=True,
                )
            return FeedReport()
        parsed = outcome.parsed
        empty = empty_listing(parsed.items, state.listed)
        if empty is not None:
            return await _fail(p, feed, state, empty.reason, now, outcome.poll.tried_first)
        if parsed.warning:
            log.info("source %s parsed with a warning: %s", feed.name, parsed.warning)
        for reason in parsed.skipped:
            log.warning("source %s: skipped %s", feed.name, reason)
        return await _store(p, feed, state, outcome, now, next_at)
    except DatabaseUnavailable:  # nothing was stored; the source stays due and is polled again at the next tick
        raise
    except Exception as e:
        log.exception("source %s: unexpected error while storing", feed.name)
        return await _fail(p, feed, state, f"internal error while storing the source ({type(e).__name__})", now)


async def _store(
    p: Pipeline, feed: FeedConfig, state: FeedState, listing: Listing, now: datetime, next_at: datetime
) -> FeedReport:
    """Read → plan → apply: match and decide off the write lock; read what planning needs, plan and write in one
    transaction (``storage.listings`` says how two processes storing one story at once resolve)."""
    report = FeedReport()
    parsed = listing.parsed
    guids = [i.guid for i in parsed.items]
    matched: dict[str, Matched] = {}
    decisions: dict[str, list[Decision]] = {}
    if state.primed and parsed.items:  # the first listing of a source is history: it alerts nobody
        matched, decisions = await _decide(p, parsed.items, await items_db.known_items(p.db, state.id, guids))
    chats = sorted({d.chat_id for found in decisions.values() for d in found})
    heard = hear(await stories_db.heard_since(p.db, chats, now - WINDOW)) if chats else NOTHING_HEARD
    fetched = listing.fetched
    success = Success(fetched.etag, fetched.last_modified, next_at, len(parsed.items), listing.poll)
    async with p.db.transaction() as tx:
        known = await items_db.known_items(tx, state.id, list(dict.fromkeys(guids)))
        links = [i.canonical_link for i in parsed.items if i.canonical_link and i.guid not in known]
        stories = await items_db.stories_by_link(tx, links)
        plan = plan_listing(
            state.primed, state.listed, parsed.items, known, stories, matched, decisions, heard, success, now
        )
        if isinstance(plan, Empty):  # ruled out by ``_record``
            raise AssertionError(plan.reason)
        applied = await listings_db.apply_listing(tx, state.id, plan, now)
    report.stored = applied.inserted
    report.queued = applied.queued
    report.new_stories = plan.new_stories
    report.matches = sum(len(found) for found in decisions.values())
    if not state.primed:
        log.info("source %s primed with %d items", feed.name, applied.inserted)
    if report.queued:
        p.on_queued()
    return report


async def _decide(
    p: Pipeline, items: list[NewItem], known: dict[str, Known]
) -> tuple[dict[str, Matched], dict[str, list[Decision]]]:
    """Match the new items and the changed ones, and decide, per item, what each chat gets."""
    fresh = [i for i in items if i.guid not in known or (known[i.guid].fingerprint not in (None, i.fingerprint))]
    if not fresh:
        return {}, {}
    await p.matchers.sync(p.db)
    found_by_guid = {}
    texts = {}
    for item in fresh:
        texts[item.guid] = f"{item.title}\n{item.summary}"
        result, found = p.matchers.match(texts[item.guid])
        found_by_guid[item.guid] = (result.event.value, found)
        await asyncio.sleep(0)  # matching is CPU work: let handlers and the sender in between items
    watch_ids = {w for _, found in found_by_guid.values() for w in found}
    targets = {t.watch_id: t for t in await watches_db.targets(p.db, watch_ids)} if watch_ids else {}
    p.matchers.forget(watch_ids - targets.keys())
    matched = {guid: Matched(event, frozenset(found)) for guid, (event, found) in found_by_guid.items()}
    decisions = {}
    for guid, (_, found) in found_by_guid.items():
        decisions[guid] = decide(found, targets, texts[guid])
        await asyncio.sleep(0)  # a person 10,000 chats watch is ~35 ms per item: the loop runs between items
    return matched, decisions


async def _fail(
    p: Pipeline, feed: FeedConfig, state: FeedState, reason: str, now: datetime, tried_first: bool = False
) -> FeedReport:
    log.warning("source %s failed: %s", feed.name, reason)
    next_at = next_poll_at(now, feed.interval, state.failures + 1, p.rng.random())
    await feeds_db.record_failure(p.db, state.id, error=reason, now=now, next_at=next_at, tried_first=tried_first)
    return FeedReport(ok=False)
