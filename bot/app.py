"""The composition root: settings → database, HTTP client, matcher, sender, Telegram app, scheduler.

Opened in ``Services.open``, closed in reverse in ``Services.close``. ``run`` wires
them into python-telegram-bot's ``post_init``/``post_shutdown``; tests use
``Services`` directly and drive the periodic jobs by calling them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.ext import Application, ApplicationBuilder

from bot.config import Config, Settings
from bot.delivery.produce import produce_digests
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.send import Sender
from bot.i18n import LANGUAGES, Catalogs
from bot.matching import Lexicon
from bot.pipeline.cycle import Pipeline, run_poll_cycle
from bot.pipeline.match import MatcherCache
from bot.pipeline.poll import make_client
from bot.telegram import handlers
from bot.telegram.admins import AdminCheck
from storage import items as items_db
from storage import outbox
from storage.db import Database

log = logging.getLogger(__name__)
POLL_TICK = 15  # seconds between checks for due feeds
SEND_TICK = 2
DIGEST_TICK = 60  # digests are due at a minute of the chat's local time
KEEP_ITEMS = timedelta(days=30)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    config: Config
    db: Database
    http: httpx.AsyncClient
    lexicon: Lexicon
    catalogs: Catalogs
    matchers: MatcherCache
    pipeline: Pipeline
    sender: Sender
    admins: AdminCheck = field(default_factory=AdminCheck)
    now: Callable[[], datetime] = utcnow
    # Held by a running poll cycle or digest run, so that close() waits for it.
    _work: asyncio.Lock = field(default_factory=asyncio.Lock)

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
    ) -> Services:
        db = await Database.open(settings.db_path)
        await outbox.release_claims(db)  # rows a crash left half-sent go out again
        http = make_client(transport)
        lexicon = lexicon or Lexicon()
        matchers = MatcherCache(lexicon)
        pipeline = Pipeline(db=db, http=http, feeds=config.feeds, matchers=matchers, rng=random.Random())
        catalogs = Catalogs()
        sender = Sender(db=db, bot=application.bot, limiter=RateLimiter(), catalogs=catalogs)
        return cls(settings, config, db, http, lexicon, catalogs, matchers, pipeline, sender, now=now)

    async def poll(self) -> None:
        async with self._work:
            await run_poll_cycle(self.pipeline, self.now())
        await self.sender.drain(self.now())

    async def send(self) -> None:
        await self.sender.drain(self.now())

    async def digests(self) -> None:
        async with self._work:
            produced = await produce_digests(self.db, self.catalogs, self.now())
        if produced:
            await self.sender.drain(self.now())

    async def register_commands(self, application: Application) -> None:  # type: ignore[type-arg]
        """The command list in every interface language."""
        bot = application.bot
        await bot.set_my_commands(handlers.commands(self.catalogs.get("en")))
        for language in LANGUAGES:
            await bot.set_my_commands(handlers.commands(self.catalogs.get(language)), language_code=language)

    async def prune(self) -> None:
        await items_db.prune_items(self.db, self.now() - KEEP_ITEMS)

    async def close(self) -> None:
        """Let a running cycle and the sender finish, then close in reverse order of opening."""
        async with self._work:
            await self.sender.wait_idle()
            await self.http.aclose()
            await self.db.close()


def build_application(settings: Settings) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot application, pointed at ``TELEGRAM_API_BASE_URL`` when set."""
    assert settings.token
    # Opt in to PTB 23's durations (timedelta), announced with a deprecation warning in 22.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    builder = ApplicationBuilder().token(settings.token)
    if settings.api_base_url:
        base = settings.api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    app = builder.build()
    handlers.register(app)
    return app


def start_scheduler(services: Services) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    now = services.now()
    scheduler.add_job(
        services.poll, "interval", seconds=POLL_TICK, next_run_time=now, id="poll", max_instances=1, coalesce=True
    )
    scheduler.add_job(services.send, "interval", seconds=SEND_TICK, id="send", max_instances=1, coalesce=True)
    scheduler.add_job(
        services.digests,
        "interval",
        seconds=DIGEST_TICK,
        next_run_time=now,
        id="digests",
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(services.prune, "interval", hours=6, id="prune", max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler


def run(settings: Settings, config: Config) -> None:
    """Run until SIGINT/SIGTERM: long polling plus the scheduler."""
    app = build_application(settings)
    state: dict[str, object] = {}

    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        services = await Services.open(settings, config, application)
        application.bot_data["services"] = services
        await services.register_commands(application)
        state["scheduler"] = start_scheduler(services)
        log.info("releasewatch started: %d feeds", len(config.feeds))

    async def post_stop(application: Application) -> None:  # type: ignore[type-arg]
        scheduler = state.get("scheduler")
        if isinstance(scheduler, AsyncIOScheduler):
            scheduler.shutdown(wait=False)

    async def post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
        services = application.bot_data.get("services")
        if isinstance(services, Services):
            await services.close()
        log.info("releasewatch stopped")

    app.post_init = post_init
    app.post_stop = post_stop
    app.post_shutdown = post_shutdown
    app.run_polling(allowed_updates=["message", "my_chat_member", "callback_query"], drop_pending_updates=False)
