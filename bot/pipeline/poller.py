"""The running bot's feed loop: every due feed is polled by a task of its own.

``tick`` (called by the scheduler every few seconds) starts a task for each feed that is due
and not already being polled, and returns at once: a feed that takes a minute to answer
delays nobody, and a feed is never polled twice at the same time: not by this process, and
not by another on the same database (a lease on the source, ``feeds.take_lease``, that
expires if its holder dies). ``stop`` cancels the
tasks still fetching (they have written nothing) and waits for those that are storing, so
a shutdown never leaves half a write behind and never waits for a slow server.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from datetime import datetime

from bot.cluster import LEASE
from bot.config import FeedConfig
from bot.pipeline.cycle import Pipeline, fetch_feed, is_due, store_outcome
from storage import feeds as feeds_db
from storage.db import DatabaseUnavailable
from storage.feeds import FeedState

log = logging.getLogger(__name__)


class Poller:
    def __init__(self, pipeline: Pipeline, now: Callable[[], datetime], owner: str = "") -> None:
        self.pipeline = pipeline
        self.now = now
        self.owner = owner  # this process, in the sources' leases
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._fetching: set[str] = set()
        self._synced = False
        self._stopping = False

    @property
    def running(self) -> list[str]:
        """The feeds being polled right now."""
        return sorted(self._tasks)

    async def tick(self) -> int:
        """Start polling every due feed that is not being polled; the number started."""
        if self._stopping:
            return 0
        p = self.pipeline
        if not self._synced:
            await feeds_db.sync_feeds(p.db, [(f.name, f.url) for f in p.feeds])
            self._synced = True
        states = {s.name: s for s in await feeds_db.all_feeds(p.db)}
        now = self.now()
        started = 0
        for feed in p.feeds:
            state = states.get(feed.name)
            if self._stopping or feed.name in self._tasks or state is None or not is_due(state, now):
                continue
            if not await feeds_db.take_lease(p.db, state.id, self.owner, now, now + LEASE):
                continue  # another process polls it
            if self._stopping:  # stopped while the lease was taken: start nothing (stop no longer waits)
                break
            task = asyncio.create_task(self._poll(feed, state, now), name=f"feed {feed.name}")
            self._tasks[feed.name] = task
            task.add_done_callback(functools.partial(self._finished, feed.name))
            started += 1
        return started

    async def wait(self) -> None:
        """Wait for the feeds being polled (tests)."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def stop(self) -> None:
        self._stopping = True
        for name, task in self._tasks.items():
            if name in self._fetching:
                task.cancel()
        await self.wait()

    async def _poll(self, feed: FeedConfig, state: FeedState, now: datetime) -> None:
        self._fetching.add(feed.name)
        try:
            outcome = await fetch_feed(self.pipeline, feed, state, now)
        finally:
            self._fetching.discard(feed.name)
        await store_outcome(self.pipeline, feed, state, outcome, self.now())

    def _finished(self, name: str, task: asyncio.Task[None]) -> None:
        self._tasks.pop(name, None)
        if task.cancelled() or task.exception() is None:
            return
        if isinstance(task.exception(), DatabaseUnavailable):  # told once by the database; polled again at its turn
            log.debug("feed %s not stored: the database is unreachable", name)
            return
        log.error("polling feed %s failed unexpectedly", name, exc_info=task.exception())
