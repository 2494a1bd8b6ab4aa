"""Deliver the outbox: one long-running loop, fair across chats, never asleep while a chat could be served.

The loop keeps the pending rows in a ``DeliveryQueue`` (loaded at start, and again whenever
``wake()`` says something was queued), picks the next row whose chat may receive now,
claims it, books its slot and sends it in a task of its own, so a slow answer from
Telegram holds up only that chat. What happens to a row:

=============================================  ==============================================
sent                                           marked sent
429 ``RetryAfter``                             the chat waits; retried, not counted as a try
``ChatMigrated``                               the chat moves to its new id; retried there
403 ``Forbidden``, 400 "chat not found"        the chat is retired, its rows dropped
400 that cannot change (too long, bad HTML)    failed: counted in /status, logged at WARNING
network error, 5xx, 400 "not enough rights"    retried with capped backoff for RETRY_FOR,
                                               then failed (counted, WARNING)
=============================================  ==============================================

Network errors also pause all sending for a few seconds: Telegram is likely down for
everyone, and hammering it helps nobody. Delivery is at least once: a crash (or a stop
that has to cut a send short) leaves the row ``sending``, and it goes out after a restart.

When the database goes away (``DatabaseUnavailable``), sending pauses and tries again every
second: a row it could not claim goes back to the queue, and what Telegram already answered
(sent, retry, give up) is kept in memory and written, in order, before anything else is
sent — a message that went out is never sent again because its "sent" could not be stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from telegram import Bot, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.cluster import ALONE, Shard
from bot.delivery.compose import LATER, NOTHING, Composer
from bot.delivery.gate import TelegramGate, retry_after
from bot.delivery.outcomes import RETRY_FOR, Outcome, backoff, bad_request_outcome, topic_gone
from bot.delivery.queue import DeliveryQueue
from bot.delivery.ratelimit import RateLimiter
from bot.i18n import Catalogs
from bot.ops.metrics import Metrics
from storage import chats as chats_db
from storage import outbox
from storage.db import Database, DatabaseUnavailable
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)
IN_FLIGHT = 8  # messages on their way at once
PAUSE_MAX = 30.0  # seconds all sending waits after repeated network errors
LOAD_BATCH = 1000
LOADED_MAX = 20_000  # rows kept in memory; more are loaded as these go out
STOP_GRACE = 5.0
DB_RETRY = 1.0  # seconds between tries while the database is unreachable


@dataclass
class SenderStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    flood_waits: int = 0  # 429s answered to the sender


class Sender:
    def __init__(
        self,
        db: Database,
        bot: Bot,
        limiter: RateLimiter,
        gate: TelegramGate,
        catalogs: Catalogs,
        now: Callable[[], datetime],
        monotonic: Callable[[], float] = time.monotonic,
        in_flight: int = IN_FLIGHT,
        metrics: Metrics | None = None,
        instance: str = "",
    ) -> None:
        self.db = db
        self.limiter = limiter
        self.gate = gate
        self.now = now
        self.monotonic = monotonic
        self.in_flight = in_flight
        self.composer = Composer(db, bot, catalogs)
        self.queue = DeliveryQueue()
        self.stats = SenderStats()
        self.metrics = metrics or Metrics()
        self.instance = instance  # this process, in the claims it makes (bot.cluster)
        self.rng = random.Random()
        self.shard = ALONE  # the chats this process sends to (bot.cluster)
        self._kick = asyncio.Event()  # look again: woken, or a send finished
        self._idle = asyncio.Event()  # nothing can go now and nothing is on its way
        self._load = True
        self._place = outbox.new_pending()  # every pending row before it is in the queue (or on its way)
        self._more = False  # rows were left in the outbox because the queue was full
        self._rescan = False  # the next load starts from the first pending row
        self._held_moved = False  # look whether the times of the alerts held here changed in the outbox
        self._tasks: set[asyncio.Task[None]] = set()
        self._paused_until = 0.0
        self._network_errors = 0
        self._unwritten: deque[Callable[[], Awaitable[object]]] = deque()  # outcomes the database did not take yet
        self._maybe_claimed: set[int] = set()  # rows whose claim was cut off by a lost database
        self._stopping = False
        self._loop: asyncio.Task[None] | None = None

    # -- running -----------------------------------------------------------------------

    async def start(self) -> None:
        """Start the loop, with the limiter knowing what went out in the last minute (after a restart)."""
        await self._seed_limiter()
        self._loop = asyncio.create_task(self._run(), name="sender")

    def wake(self) -> None:
        """Something was queued: load it and look again."""
        self._load = True
        self._kick.set()

    def set_shard(self, shard: Shard) -> None:
        """At every heartbeat: this process's share of the chats and of the rate, and what other processes did to
        its chats' rows since the last one (they cannot wake this sender): rows queued, held alerts moved."""
        if shard != self.shard:
            self.shard = shard
            self.limiter.share = shard.count
            self.queue.keep_chats(shard.mine)  # trying another's rows would spend this one's rate on lost claims
            self.rescan()
        self.recheck_held()

    def recheck_held(self) -> None:
        """Alerts held for quiet hours may have new times in the outbox (a chat changed its quiet hours or zone,
        here or in another process): load what is new, and reload the chats whose held alerts moved."""
        self._held_moved = True
        self.wake()

    def rescan(self) -> None:
        """Load every pending row again (claims another process released, chats it no longer sends to)."""
        self._rescan = True  # taken at the next load, not now: a load in progress would overwrite it
        self.wake()

    async def settled(self) -> None:
        """Wake, then wait until nothing can go now and nothing is on its way (tests, burst runs)."""
        self._idle.clear()
        self.wake()
        await self._idle.wait()

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """Stop picking rows; let messages on their way finish (cut short after ``grace`` seconds)."""
        self._stopping = True
        self._kick.set()
        if self._loop is not None:
            await self._loop
        if self._tasks:
            _, late = await asyncio.wait(self._tasks, timeout=grace)
            for task in late:  # their rows stay 'sending' and go out after a restart
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        with contextlib.suppress(DatabaseUnavailable):  # else those rows stay 'sending' and go out again later
            await self._write_unwritten()

    async def _run(self) -> None:
        while not self._stopping:
            self._kick.clear()
            try:
                await self._write_unwritten()
                if self._load or (self._more and len(self.queue) < LOADED_MAX // 2):
                    self._load = False
                    if self._held_moved:
                        self._held_moved = False
                        await self._reload_moved()
                    await self._load_pending()
                    self.queue.recheck()
            except DatabaseUnavailable:  # logged once by the database; everything here is tried again
                self._load = True
                self._database_gone()
            delay = self._dispatch(self.monotonic())
            if not self._tasks and not self._load:
                self._idle.set()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._kick.wait()

    def _dispatch(self, now: float) -> float | None:
        """Start every send that may go now; how long until one more might (None: until woken)."""
        if now < self._paused_until:
            return self._paused_until - now
        if self._unwritten:  # what Telegram answered is stored first
            return DB_RETRY
        while len(self._tasks) < self.in_flight:
            # keep one share of the global rate, and one more per waiting reply, for replies
            at = self.limiter.global_ready_at(now, reserve=1 + self.gate.replies_waiting)
            if at > now:
                return at - now
            row = self.queue.pick(now, self.now(), self._chat_ready_at)
            if row is None:
                nxt = self.queue.next_time()
                return None if nxt is None else max(0.0, nxt - now)
            self.limiter.book(row.chat_id, now)
            task = asyncio.create_task(self._deliver(row))
            self._tasks.add(task)
            task.add_done_callback(self._finished)
        return None

    def _chat_ready_at(self, chat_id: int, now: float) -> float:
        ready = self.limiter.chat_ready_at(chat_id, now)
        return max(ready, now + 0.05) if self.gate.waiting.get(chat_id) else ready  # the reply goes first

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._kick.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("sending failed unexpectedly", exc_info=task.exception())

    def _database_gone(self) -> None:
        """Pause all sending for a moment: the next try reopens the database if it is back."""
        self._paused_until = max(self._paused_until, self.monotonic() + DB_RETRY)

    async def _write_unwritten(self) -> None:
        """Store, in order, the outcomes the database could not take when they happened."""
        while self._unwritten:
            await self._unwritten[0]()
            self._unwritten.popleft()

    async def _write(self, write: Callable[[], Awaitable[object]]) -> None:
        """Store an outcome now, or as soon as the database is back (before anything else is sent)."""
        if not self._unwritten:
            try:
                await write()
                return
            except DatabaseUnavailable:
                self._database_gone()
        self._unwritten.append(write)

    async def _load_pending(self) -> None:
        self._more = False
        if self._rescan:
            self._rescan, self._place = False, outbox.new_pending()
        while True:
            if len(self.queue) >= LOADED_MAX:
                self._more = True
                return
            rows = await outbox.next_pending(self.db, self._place, LOAD_BATCH)
            for row in rows:
                if self.shard.mine(row.chat_id):
                    self.queue.add(row)  # one it has (loaded again on PostgreSQL) is ignored
            if len(rows) < LOAD_BATCH:
                return

    async def _reload_moved(self) -> None:
        """Reload the chats whose held alerts have other times in the outbox than here."""
        held = self.queue.held(self.now())
        if not held:
            return
        times = await outbox.times_of(self.db, list(held))
        moved = {
            chat_id
            for row_id, (chat_id, at) in held.items()
            if row_id in times and abs((times[row_id] - at).total_seconds()) >= 1  # the outbox keeps whole seconds
        }
        for chat_id in moved:
            self.queue.drop_chat(chat_id)
        if moved:
            self._rescan = True

    async def _seed_limiter(self) -> None:
        window = max(self.limiter.limits.group_window, self.limiter.limits.second, self.limiter.limits.private_interval)
        wall, mono = self.now(), self.monotonic()
        for chat_id, sent_at in await outbox.recent_sends(self.db, wall - timedelta(seconds=window)):
            # sent_at has whole seconds: count each send a second late, to be on the safe side
            self.limiter.book(chat_id, min(mono, mono - (wall - sent_at).total_seconds() + 1.0))

    # -- one message -------------------------------------------------------------------

    async def _deliver(self, row: OutboxRow) -> None:
        queued_for = row.chat_id
        try:
            again = row.id in self._maybe_claimed
            chat_id = await outbox.claim(self.db, row.id, self.now(), self.instance, again)
            self._maybe_claimed.discard(row.id)
            if chat_id is None:  # gone meanwhile (the chat was retired or erased), or held longer
                later = await outbox.held(self.db, row.id, self.now())
                if later is not None:
                    self.queue.put_back(row, later)
                return
            await self._send(replace(row, chat_id=chat_id))
        except DatabaseUnavailable:  # before anything was sent: the row waits for the database in the queue
            self._maybe_claimed.add(row.id)
            self.queue.put_back(row, row.not_before)
            self._database_gone()
        except Exception as e:  # a bug must cost one message, not the sender
            log.exception("outbox row %s: unexpected error while sending", row.id)
            error = f"internal error ({type(e).__name__})"
            await self._write(partial(outbox.mark_failed, self.db, row.id, error, self.now()))
            self.stats.failed += 1
            self.metrics.failed.labels(row.kind).inc()
        finally:
            self.queue.done(queued_for)

    async def _send(self, row: OutboxRow) -> None:
        call = await self.composer.call(row)
        if isinstance(call, str):
            if call == LATER:  # an edit of an alert still on its way: after it
                not_before = self.now() + timedelta(seconds=10)
                waiting = "waiting for the alert it edits"
                await self._write(partial(outbox.mark_retry, self.db, row.id, not_before, waiting, None))
                self.queue.put_back(row, not_before)
            elif call == NOTHING:
                await self._write(partial(outbox.mark_sent, self.db, row.id, self.now()))
            else:
                await self._give_up(row, call)
            return
        try:
            with self.metrics.send_seconds.time():
                message = await call()
        except RetryAfter as e:
            wait = retry_after(e)
            self.stats.flood_waits += 1
            self.metrics.flood_waits.inc()
            self.limiter.block(row.chat_id, self.monotonic() + wait)
            not_before = self.now() + timedelta(seconds=wait)
            await self._write(partial(outbox.mark_retry, self.db, row.id, not_before, "flood control", None))
            self.queue.put_back(row, not_before)
        except ChatMigrated as e:
            await self._write(partial(chats_db.migrate_chat, self.db, row.chat_id, e.new_chat_id))
            await self._write(partial(outbox.mark_retry, self.db, row.id, self.now(), "chat migrated", None))
            self.queue.put_back(row, self.now(), chat_id=e.new_chat_id)
        except Forbidden:
            await self._retire(row.chat_id)
        except BadRequest as e:
            outcome = bad_request_outcome(e.message)
            if topic_gone(e.message):  # the forum's topic was deleted: post in the main thread
                await self._write(partial(chats_db.update_chat, self.db, row.chat_id, topic=None))
                outcome = Outcome.RETRY
            if row.kind == outbox.EDIT and outcome is Outcome.FAIL:  # not modified, too old to edit, deleted: let it be
                log.info("an alert could not be edited: %s", e.message)
                await self._write(partial(outbox.mark_sent, self.db, row.id, self.now()))
            elif outcome is Outcome.RETIRE:
                await self._retire(row.chat_id)
            elif outcome is Outcome.RETRY:
                await self._retry(row, e.message)
            else:
                await self._give_up(row, e.message)
        except (NetworkError, TelegramError) as e:
            self._network_errors += 1
            self._paused_until = self.monotonic() + min(PAUSE_MAX, 2.0 ** min(self._network_errors, 8))
            await self._retry(row, f"{type(e).__name__}: {e.message}")
        else:
            self._network_errors = 0
            message_id = message.message_id if isinstance(message, Message) else None
            await self._write(partial(outbox.mark_sent, self.db, row.id, self.now(), message_id))
            self.stats.sent += 1
            self.metrics.sent.labels(row.kind).inc()

    async def _retry(self, row: OutboxRow, error: str) -> None:
        now = self.now()
        since = row.failing_since or now
        if now - since >= RETRY_FOR:
            await self._give_up(row, f"still failing after {RETRY_FOR}: {error}")
            return
        not_before = now + timedelta(seconds=backoff(row.attempts, self.rng.random()))
        await self._write(partial(outbox.mark_retry, self.db, row.id, not_before, error, now))
        self.stats.retried += 1
        self.queue.put_back(replace(row, attempts=row.attempts + 1, failing_since=since), not_before)

    async def _give_up(self, row: OutboxRow, error: str) -> None:
        log.warning("a %s message could not be delivered and was given up: %s", row.kind, error)
        await self._write(partial(outbox.mark_failed, self.db, row.id, error, self.now()))
        self.stats.failed += 1
        self.metrics.failed.labels(row.kind).inc()

    async def _retire(self, chat_id: int) -> None:
        log.info("chat %s blocked or removed the bot; retiring it", chat_id)
        await self._write(partial(chats_db.deactivate_chat, self.db, chat_id))
        self.queue.drop_chat(chat_id)
