"""The composition root: settings → database, HTTP client, matcher, poller, sender, Telegram app, scheduler.

What runs at once on the one event loop, and why nothing waits for anything else:

- the **poller** (``Poller.tick`` every few seconds) starts one task per due feed; each
  fetches with a deadline, then stores and queues in a transaction of its own;
- the **sender** is one long-running task that sends whatever may go now and sleeps only
  when nothing may; feeds and digests wake it when they queue something;
- **digests** and **pruning** are short periodic jobs;
- **handlers** run per chat, in order within a chat (``ChatOrderedUpdates``); their
  replies share the sender's rate limits through ``TelegramGate`` and go first.

Every write goes through the database's one writer (see ``storage.db``). ``Services.open``
opens everything (the one factory: ``run``, the tests and the benches build the same objects
through it), ``start`` starts the background work, ``stop`` lets it finish (fetches are
cancelled, writes never), ``close`` closes in reverse order. ``Lifecycle`` hands these to
python-telegram-bot as its ``post_init``/``post_stop``/``post_shutdown``, which ``run`` and
the tests' harness both call. Handlers see none of this: they get ``Deps``
(``bot.telegram.context``), which ``post_init`` hands them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
import psycopg
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.cluster import Cluster, beat_every, new_instance_id
from bot.config import Config
from bot.delivery.gate import TelegramGate
from bot.delivery.produce import produce_digests
from bot.delivery.ratelimit import Limits, RateLimiter
from bot.delivery.send import Sender
from bot.i18n import LANGUAGES, Catalogs
from bot.matching import Lexicon
from bot.ops.metrics import Metrics
from bot.ops.runtime import Ops
from bot.pipeline.cycle import CycleReport, Pipeline, run_poll_cycle
from bot.pipeline.match import MatcherCache
from bot.pipeline.poll import Clients
from bot.pipeline.poller import Poller
from bot.pipeline.source import Net
from bot.settings import Settings, webhook_secret
from bot.telegram import handlers
from bot.telegram.context import Deps, provide
from bot.telegram.info import commands
from bot.telegram.permissions import AdminCheck
from bot.telegram.throttle import CommandThrottle
from bot.telegram.updates import ChatOrderedUpdates
from storage import chats as chats_db
from storage import items as items_db
from storage import outbox
from storage import questions as questions_db
from storage.db import (
    POSTGRESQL,
    SQLITE,
    Database,
    DatabaseError,
    DatabaseUnavailable,
    database_name,
    first_line,
    open_database,
)

log = logging.getLogger(__name__)
FEED_TICK = 5  # seconds between looks for due feeds
DIGEST_TICK = 60  # digests are due at a minute of the chat's local time
PRUNE_EVERY = timedelta(hours=6)
KEEP_ITEMS = timedelta(days=30)
T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    config: Config
    db: Database
    net: Net
    lexicon: Lexicon
    catalogs: Catalogs
    matchers: MatcherCache
    pipeline: Pipeline
    poller: Poller
    sender: Sender
    gate: TelegramGate
    ops: Ops
    cluster: Cluster
    deps: Deps  # what the handlers may use
    now: Callable[[], datetime] = utcnow
    monotonic: Callable[[], float] = time.monotonic
    _jobs: set[asyncio.Future[object]] = field(default_factory=set)
    _warmup: asyncio.Task[None] | None = None
    _stopping: bool = False

    @classmethod
    async def open(
        cls,
        settings: Settings,
        config: Config,
        application: Application,  # type: ignore[type-arg]
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        now: Callable[[], datetime] = utcnow,
        lexicon: Lexicon | None = None,
        catalogs: Catalogs | None = None,
        throttle: CommandThrottle | None = None,
    ) -> Services:
        """Open the database and build every part of the bot on it (nothing starts yet: ``start``)."""
        gate = application.bot.rate_limiter
        assert isinstance(gate, TelegramGate), "build the application with build_application()"
        db = await open_database(settings.database)
        try:
            await db.own()  # SQLite: one process per file, refused while another runs
        except BaseException:
            await db.close()
            raise
        if db.dialect == SQLITE:  # one process: rows a crash left half-sent go out again (PostgreSQL: bot.cluster)
            await outbox.release_claims(db)
        net = Net(Clients(transport))
        lexicon = lexicon or Lexicon()
        gc.freeze()  # the dictionaries live as long as the process: full collections need not walk them
        catalogs = catalogs or Catalogs()
        matchers = MatcherCache(lexicon)
        metrics = Metrics()
        gate.metrics = metrics  # replies are counted with the sender's messages
        instance = new_instance_id()
        sender = Sender(
            db, application.bot, gate.limiter, gate, catalogs, now, gate.monotonic, metrics=metrics, instance=instance
        )
        operator = settings.operator_chat
        if operator is not None:  # its notices go through the outbox, which needs the chat
            await chats_db.ensure_chat(db, operator, "private" if operator > 0 else "supergroup", now())
        pipeline = Pipeline(db, net, config.feeds, matchers, random.Random(), sender.wake, operator, metrics)
        cluster = Cluster(db, now, sender.set_shard, sender.rescan, instance, settings.takeover)
        poller = Poller(pipeline, now, cluster.instance)
        ops = Ops(db, config.feeds, now, metrics, operator=operator, on_queued=sender.wake, http=settings.http)
        deps = Deps(
            db, catalogs, lexicon, AdminCheck(), throttle or CommandThrottle(), config.feeds, settings.max_watches,
            operator, now, gate.monotonic, sender.recheck_held,
        )  # fmt: skip
        return cls(
            settings, config, db, net, lexicon, catalogs, matchers, pipeline, poller, sender, gate, ops, cluster, deps,
            now=now, monotonic=gate.monotonic,
        )  # fmt: skip

    async def start(self) -> None:
        """Start the background work: the sender, and compiling the watches (feeds wait for it, handlers do not)."""
        await self.cluster.start()  # which chats this process sends to, before the sender starts
        await self.sender.start()
        await self.ops.start()
        self._warmup = asyncio.create_task(self._compile_watches(), name="compile watches")

    async def _compile_watches(self) -> None:
        await asyncio.to_thread(self.lexicon.common_words.load)  # dictionaries and word lists: 0.5 s off the loop
        with contextlib.suppress(DatabaseUnavailable):  # the first poll compiles them then
            await self.matchers.sync(self.db)
        gc.freeze()  # nor the compiled watches: a full collection of them stalled the loop for ~50 ms

    # -- the periodic jobs (the scheduler calls them; each returns quickly) ----------------

    async def tick_feeds(self) -> None:
        await self.job(self.poller.tick())

    async def beat(self) -> None:
        await self.job(self.cluster.beat())

    async def digests(self) -> None:
        if await self.job(produce_digests(self.db, self.catalogs, self.now())):
            self.sender.wake()

    async def prune(self) -> None:
        removed = await self.job(items_db.prune_items(self.db, self.now() - KEEP_ITEMS))
        if removed:
            log.info("pruned %d items that left their feeds", removed)
        await self.job(questions_db.prune_questions(self.db, self.now()))  # unanswered for a day

    # -- burst mode: what tests (and one-off runs) call ------------------------------------

    async def poll(self) -> CycleReport:
        """Poll every due feed now, wait for all of them, then for the sender to send what may go now."""
        report = await run_poll_cycle(self.pipeline, self.now())
        await self.sender.settled()
        return report

    async def register_commands(self, application: Application) -> None:  # type: ignore[type-arg]
        """The command list in every interface language."""
        bot = application.bot
        await bot.set_my_commands(commands(self.catalogs.get("en")))
        for language in LANGUAGES:
            await bot.set_my_commands(commands(self.catalogs.get(language)), language_code=language)

    async def stop(self) -> None:
        """Finish running work: fetches in flight are cancelled, writes and sends in flight finish."""
        self._stopping = True
        if self._warmup is not None:
            self._warmup.cancel()  # it only reads
        await self.poller.stop()
        await asyncio.gather(*self._jobs, return_exceptions=True)
        await self.sender.stop()
        await self.ops.stop()
        try:
            await self.cluster.leave()
        except DatabaseUnavailable:  # the others take over when its heartbeat is old enough
            log.debug("left without saying so: the database is unreachable")

    async def close(self) -> None:
        """Close in reverse order of opening (after ``stop``)."""
        if not self._stopping:
            await self.stop()
        await self.net.clients.aclose()
        await self.db.close()

    async def job(self, work: Coroutine[object, object, T]) -> T | None:
        """Run a periodic job's work so that ``stop`` waits for it (the scheduler's cancelling does not reach it); its
        failure is logged (and told to the operator) and stays in the job: the next run tries again."""
        if self._stopping:
            work.close()
            return None
        name = getattr(work, "__qualname__", "?")
        task = asyncio.ensure_future(work)
        self._jobs.add(task)  # type: ignore[arg-type]
        task.add_done_callback(self._jobs.discard)  # type: ignore[arg-type]
        try:
            return await asyncio.shield(task)
        except DatabaseUnavailable:  # the database said so once; the next run tries again
            log.debug("job %s: the database is unreachable", name)
            return None
        except Exception:  # logged here, with the job's name (and told to the operator): the next run tries again
            log.exception("job %s failed", name)
            return None


def build_application(
    settings: Settings, limits: Limits | None = None, monotonic: Callable[[], float] = time.monotonic
) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot application: our rate limits on every request, updates per chat in order."""
    assert settings.token
    # Opt in to PTB 23's durations (timedelta), announced with a deprecation warning in 22.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .rate_limiter(TelegramGate(RateLimiter(limits), monotonic))
        .concurrent_updates(ChatOrderedUpdates())
    )
    if settings.api_base_url:
        base = settings.api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    app = builder.build()
    handlers.register(app)
    return app


def start_scheduler(
    services: Services, feed_tick: float = FEED_TICK, digest_tick: float = DIGEST_TICK, beat: float | None = None
) -> AsyncIOScheduler:
    """The periodic jobs; each only starts work (tracked by ``services``) and returns."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    now = datetime.now(UTC)  # the scheduler runs on real time, whatever clock the services see
    every = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
    scheduler.add_job(services.tick_feeds, "interval", seconds=feed_tick, next_run_time=now, id="feeds", **every)
    if services.db.dialect == POSTGRESQL:  # one SQLite file has one process: nobody to share the work with
        beat = beat or beat_every(services.settings.takeover)
        scheduler.add_job(services.beat, "interval", seconds=beat, id="cluster", **every)
    scheduler.add_job(services.digests, "interval", seconds=digest_tick, next_run_time=now, id="digests", **every)
    scheduler.add_job(
        services.prune, "interval", seconds=PRUNE_EVERY.total_seconds(), next_run_time=now, id="prune", **every
    )
    scheduler.start()
    return scheduler


async def halt(services: Services | None, scheduler: AsyncIOScheduler | None) -> None:
    """Stop the running work cleanly: no new job starts, running work finishes (fetches are cancelled)."""
    if scheduler is not None:
        scheduler.pause()
    if services is not None:
        await services.stop()
    if scheduler is not None:
        scheduler.shutdown(wait=False)  # nothing of ours is left running for it to cancel


@dataclass
class Lifecycle:
    """What happens around python-telegram-bot taking updates, in its hooks: ``post_init`` opens the services,
    hands the handlers their ``Deps``, registers the command list and starts the background work (and, with
    ``schedule``, the periodic jobs); ``post_stop`` lets running work finish; ``post_shutdown`` closes everything
    in reverse order. ``run`` and the tests' harness build the bot with ``build`` and drive these same hooks."""

    settings: Settings
    config: Config
    transport: httpx.AsyncBaseTransport | None = None
    now: Callable[[], datetime] = utcnow
    lexicon: Lexicon | None = None
    throttle: CommandThrottle | None = None
    schedule: bool = True  # the periodic jobs on the real clock (tests start them when they want them)
    services: Services | None = None
    scheduler: AsyncIOScheduler | None = None

    async def post_init(self, application: Application) -> None:  # type: ignore[type-arg]
        services = await Services.open(
            self.settings, self.config, application,
            transport=self.transport, now=self.now, lexicon=self.lexicon, throttle=self.throttle,
        )  # fmt: skip
        self.services = services
        provide(application, services.deps)
        await services.register_commands(application)
        await services.start()
        if self.schedule:
            self.scheduler = start_scheduler(services)
        log.info("releasewatch started: %d feeds", len(self.config.feeds))

    async def post_stop(self, application: Application) -> None:  # type: ignore[type-arg]
        await halt(self.services, self.scheduler)

    async def post_shutdown(self, application: Application) -> None:  # type: ignore[type-arg]
        if self.services is not None:
            await self.services.close()
            log.info("releasewatch stopped")


def build(
    lifecycle: Lifecycle, limits: Limits | None = None, monotonic: Callable[[], float] = time.monotonic
) -> Application:  # type: ignore[type-arg]
    """The whole bot: the application (``build_application``) with ``lifecycle`` in its hooks."""
    app = build_application(lifecycle.settings, limits, monotonic)
    app.post_init = lifecycle.post_init
    app.post_stop = lifecycle.post_stop
    app.post_shutdown = lifecycle.post_shutdown
    return app


def run(settings: Settings, config: Config) -> int:
    """Run until SIGINT/SIGTERM: long polling, the scheduler, the sender. The exit status."""
    app = build(Lifecycle(settings, config))
    updates = ["message", "my_chat_member", "callback_query"]
    try:
        if settings.webhook_url:  # several instances behind a load balancer: Telegram posts each update to one
            host, port = settings.webhook_listen
            app.run_webhook(
                listen=host,
                port=port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=webhook_secret(settings),
                allowed_updates=updates,
                drop_pending_updates=False,
            )
        else:
            app.run_polling(allowed_updates=updates, drop_pending_updates=False)
    except InvalidToken:
        return _fail("Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN (from @BotFather)")
    except NetworkError as e:
        return _fail(f"cannot reach the Telegram Bot API at {_api_host(settings)}: {_reason(e, settings)}")
    except TelegramError as e:
        return _fail(f"the Telegram Bot API refused to start the bot: {_reason(e, settings)}")
    except (DatabaseError, sqlite3.Error, psycopg.Error, OSError) as e:
        return _fail(f"cannot open the database {database_name(settings.database)}: {first_line(e)}")
    return 0


def _fail(message: str) -> int:
    print(f"releasewatch: {message}", file=sys.stderr)
    return 1


def _api_host(settings: Settings) -> str:
    return urlsplit(settings.api_base_url or "https://api.telegram.org").netloc


def _reason(e: TelegramError, settings: Settings) -> str:
    """The error in one line, with the token (which some messages quote) blanked out."""
    text = " ".join(f"{type(e).__name__}: {e}".split())
    return text.replace(settings.token, "<token>") if settings.token else text
