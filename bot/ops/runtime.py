"""The operator's side of a running bot: metrics, the loop-lag watcher, errors to the operator, the HTTP endpoint."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.config import FeedConfig
from bot.ops.alarm import AlarmHandler
from bot.ops.health import Probe, assess, poll_deadline
from bot.ops.http import OpsServer
from bot.ops.lag import LoopLag
from bot.ops.metrics import Metrics
from bot.pipeline.source_health import Health, states_of
from storage import feeds as feeds_db
from storage import ops as ops_db
from storage import outbox
from storage.db import Database

log = logging.getLogger(__name__)
WRITE_TIMEOUT = 5.0  # the health check's write waits behind at most this much of other writes


class Ops:
    def __init__(
        self,
        db: Database,
        feeds: tuple[FeedConfig, ...],
        now: Callable[[], datetime],
        metrics: Metrics,
        *,
        operator: int | None = None,
        on_queued: Callable[[], None] = lambda: None,
        http: tuple[str, int] | None = None,
    ) -> None:
        self.db = db
        self.feeds = feeds
        self.now = now
        self.metrics = metrics
        self.operator = operator
        self.on_queued = on_queued
        self.lag = LoopLag()
        self.write_timeout = WRITE_TIMEOUT
        self.started_at = now()
        self.server = OpsServer(*http, self.health, self.scrape) if http else None
        self.alarm: AlarmHandler | None = None
        self._notices = itertools.count()

    async def start(self) -> None:
        """Start watching the loop, the operator's error notices and the endpoint; note the sources known to block
        bots."""
        await self.expect_blocked()
        self.lag.start()
        if self.operator is not None:
            self.alarm = AlarmHandler(self._tell_operator, self.now)
            self.alarm.counted = lambda where: self.metrics.errors.labels(where).inc()
            logging.getLogger().addHandler(self.alarm)
        if self.server is not None:
            await self.server.start()
            log.info("health and metrics on http://%s:%d/healthz and /metrics", self.server.host, self.server.port)

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()
        if self.alarm is not None:
            logging.getLogger().removeHandler(self.alarm)
            await self.alarm.drain()
        await self.lag.stop()

    async def health(self) -> tuple[bool, dict[str, Any]]:
        now = self.now()
        db_error = None
        try:
            async with asyncio.timeout(self.write_timeout):
                await ops_db.heartbeat(self.db, now)
        except TimeoutError:
            db_error = f"a write waited more than {self.write_timeout:g} s"
        except Exception as e:  # disk full, read-only file system, locked by another process
            db_error = f"{type(e).__name__}: {e}"[:200]
        try:
            counts = await ops_db.counts(self.db, now, now - timedelta(days=1))
        except Exception as e:
            counts, db_error = None, db_error or f"{type(e).__name__}: {e}"[:200]
        deadline = poll_deadline([f.interval for f in self.feeds])
        probe = Probe(now, self.started_at, self.lag.worst(), db_error, counts, deadline, self.db.down_since)
        return assess(probe)

    async def scrape(self) -> bytes:
        now = self.now()
        counts = await ops_db.counts(self.db, now, now - timedelta(days=1))
        states = states_of(await feeds_db.all_feeds(self.db), {f.name for f in self.feeds})
        oldest = (now - counts.oldest_pending_alert).total_seconds() if counts.oldest_pending_alert else 0.0
        self.metrics.refresh(counts, states, oldest, self.lag.worst())
        return self.metrics.render()

    async def expect_blocked(self) -> None:
        """Sources marked ``blocks_bots`` in feeds.yaml are failing as far as the operator knows: record them as
        announced "failing" (so their failing is not news, and their working again is), and tell the operator in
        one notice, once per source (a restart repeats nothing)."""
        blocked = [f for f in self.feeds if f.blocks_bots]
        if not blocked:
            return
        states = await feeds_db.sync_feeds(self.db, [(f.name, f.url) for f in self.feeds])
        fresh = [f for f in blocked if states[f.name].announced is None]
        if not fresh:
            return
        now = self.now()
        names = ", ".join(f.name for f in fresh)
        text = f"📡 Known to block bots, so not announced when they fail (you will hear if one starts working): {names}"
        async with self.db.transaction() as tx:
            for feed in fresh:
                await feeds_db.set_announced(tx, states[feed.name].id, Health.FAILING)
            queued = 0
            if self.operator is not None:
                key = f"{outbox.NOTICE}:blocks-bots:{now.isoformat()}"
                queued = await outbox.enqueue(tx, [outbox.Queued(self.operator, outbox.NOTICE, key, text)], now)
        log.info("sources known to block bots (their failing is not announced): %s", names)
        if queued:
            self.on_queued()

    async def _tell_operator(self, text: str) -> None:
        assert self.operator is not None
        now = self.now()
        key = f"{outbox.NOTICE}:error:{now.isoformat()}:{next(self._notices)}"
        async with self.db.transaction() as tx:
            queued = await outbox.enqueue(tx, [outbox.Queued(self.operator, outbox.NOTICE, key, text)], now)
        if queued:
            self.on_queued()
