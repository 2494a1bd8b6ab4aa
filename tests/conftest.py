from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from telegram.ext import Application

from bot.app import Lifecycle, Services, build, start_scheduler
from bot.config import Config, FeedConfig
from bot.delivery.ratelimit import Limits
from bot.matching import Lexicon
from bot.pipeline.cycle import CycleReport
from bot.settings import Settings
from bot.telegram.throttle import CommandThrottle
from tests import pg
from tests.fakes import FakeTelegram, FeedServer, Route, Server, rss

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
# Telegram's limits are unit-tested and exercised by the runtime tests; elsewhere they would only slow tests down.
FAST = Limits(per_second=1000, group_messages=1000, group_window=0.001, private_interval=0.0)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon()


@dataclass
class Clock:
    """The wall clock the bot sees, moved by the test (and running in real time when ``running``).

    ``monotonic`` runs in real time plus every ``advance``, so that waits the bot measures
    on it (a 429's retry_after, a paused sender) pass when the test moves time on.
    """

    now: datetime = T0
    skipped: float = 0.0
    running: bool = False
    _started: float = field(default_factory=time.monotonic)

    def __call__(self) -> datetime:
        if self.running:
            return self.now + timedelta(seconds=time.monotonic() - self._started)
        return self.now

    def monotonic(self) -> float:
        return time.monotonic() + self.skipped

    def advance(self, **kwargs: float) -> datetime:
        step = timedelta(**kwargs)
        self.now += step
        self.skipped += step.total_seconds()
        return self.now


@dataclass
class Harness:
    """The real application, talking HTTP to a fake Bot API and polling a fixture feed server."""

    telegram: FakeTelegram
    feeds: FeedServer
    settings: Settings
    config: Config
    lexicon: Lexicon
    clock: Clock = field(default_factory=Clock)
    limits: Limits = FAST
    throttle: CommandThrottle = field(default_factory=lambda: CommandThrottle(burst=10_000))
    stopped: bool = False

    async def start(self) -> None:
        """The bot as ``releasewatch run`` builds it (the periodic jobs wait for ``run_scheduler``), started as
        python-telegram-bot's ``run_polling`` starts it."""
        self.lifecycle = Lifecycle(
            self.settings, self.config, now=self.clock, lexicon=self.lexicon, throttle=self.throttle, schedule=False
        )
        self.app: Application = build(self.lifecycle, self.limits, self.clock.monotonic)  # type: ignore[type-arg]
        await self.app.initialize()
        await self.lifecycle.post_init(self.app)
        assert self.app.updater is not None
        await self.app.updater.start_polling(poll_interval=0.0, timeout=1)
        await self.app.start()

    @property
    def services(self) -> Services | None:
        """The running bot's parts (None until started)."""
        return self.lifecycle.services

    def run_scheduler(self, feed_tick: float = 0.1, digest_tick: float = 60.0) -> None:
        """Let the real scheduler drive the feeds and digests, as in ``releasewatch run`` (ticks shortened)."""
        assert self.services is not None
        self.lifecycle.scheduler = start_scheduler(self.services, feed_tick, digest_tick)

    async def stop(self) -> None:
        """Stop the bot as python-telegram-bot's ``run_polling`` does on SIGTERM."""
        assert self.app.updater is not None
        self.stopped = True
        await self.app.updater.stop()
        await self.app.stop()
        await self.lifecycle.post_stop(self.app)
        await self.app.shutdown()
        await self.lifecycle.post_shutdown(self.app)

    async def say(self, chat_id: int, text: str, **kwargs: object) -> str:
        """Send a message as a user and return the bot's reply."""
        before = len(self.telegram.messages_to(chat_id))
        self.telegram.user_says(chat_id, text, **kwargs)  # type: ignore[arg-type]
        return (await self.wait_messages(chat_id, before + 1))[-1]

    async def press(
        self,
        chat_id: int,
        data: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        message_id: int | None = None,
        edit: bool = False,
    ) -> str:
        """Press a button under one of the bot's messages to the chat (by default its latest) as a user; wait for
        the bot's answer to the press (and, with ``edit``, for the message to be edited). The answer's text."""
        answers, edits = len(self.telegram.answers), len(self.telegram.edits)
        user = user_id if user_id is not None else abs(chat_id)
        self.telegram.press_button(chat_id, user, data, chat_type=chat_type, message_id=message_id)

        def waiting() -> bool:
            return len(self.telegram.answers) == answers or (edit and len(self.telegram.edits) == edits)

        async with asyncio.timeout(10):
            while waiting():  # noqa: ASYNC110 - set by the server's thread
                await asyncio.sleep(0.01)
        return self.telegram.answers[-1]

    async def wait_messages(self, chat_id: int, count: int) -> list[str]:
        try:
            async with asyncio.timeout(10):
                while len(self.telegram.messages_to(chat_id)) < count:  # noqa: ASYNC110 - set from a server thread
                    await asyncio.sleep(0.01)
        except TimeoutError:
            raise AssertionError(
                f"expected {count} messages to {chat_id}: {self.telegram.messages_to(chat_id)}"
            ) from None
        return self.telegram.messages_to(chat_id)

    async def poll_and_send(self, minutes: float = 11) -> CycleReport:
        """Advance the clock past every feed's interval, poll every due feed and let the sender send."""
        assert self.services is not None
        self.clock.advance(minutes=minutes)
        return await self.services.poll()

    async def digests(self) -> None:
        """Produce the digests due now and let the sender send them."""
        assert self.services is not None
        await self.services.digests()
        await self.services.sender.settled()


# -- the database: every test that stores something runs on SQLite and on PostgreSQL ----------------------

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: the test is about SQLite itself (its file, its backup API)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked ``sqlite_only`` runs once, on SQLite."""
    dropped = [
        item
        for item in items
        if item.get_closest_marker("sqlite_only")
        and getattr(getattr(item, "callspec", None), "params", {}).get("database_url") == "postgresql"
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server for the whole run, started on first use (tests/pg.py)."""
    pg.require_server_programs()
    with pg.temporary_server() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a database of its own on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "releasewatch.sqlite3")
        return
    with pg_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@contextlib.contextmanager
def pg_database(server: str) -> Iterator[str]:
    """A new, empty database on the test server; dropped afterwards, whoever is still connected."""
    name = f"t{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}".encode())
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


@pytest.fixture
def servers() -> Iterator[tuple[FakeTelegram, FeedServer, Server, Server]]:
    telegram, feeds = FakeTelegram(), FeedServer()
    with Server(telegram) as tg_server, Server(feeds) as feed_server:
        yield telegram, feeds, tg_server, feed_server


@pytest.fixture
async def make_harness(servers, tmp_path: Path, lexicon: Lexicon, database_url: str):  # type: ignore[no-untyped-def]
    telegram, feeds, tg_server, feed_server = servers
    feeds.routes["/news.xml"] = Route(rss([{"title": "Old story", "link": "https://example.org/old", "guid": "old"}]))
    feeds.routes["/other.xml"] = Route(rss([{"title": "Weather", "link": "https://example.org/w", "guid": "w"}]))
    config = Config(
        feeds=(
            FeedConfig("Viasna", f"{feed_server.url}/news.xml", timedelta(minutes=10), "be"),
            FeedConfig("Zerkalo", f"{feed_server.url}/other.xml", timedelta(minutes=10), "ru"),
        )
    )
    settings = Settings(
        token=telegram.token,
        api_base_url=f"{tg_server.url}/bot",
        config_path=tmp_path / "feeds.yaml",
        database=database_url,
    )
    started: list[Harness] = []

    async def make(
        config_: Config | None = None,
        limits: Limits = FAST,
        clock: Clock | None = None,
        operator: int | None = None,
        http: bool = False,
        throttle: CommandThrottle | None = None,
        max_watches: int | None = None,
    ) -> Harness:
        chosen = replace(settings, operator_chat=operator, http=("127.0.0.1", 0) if http else None)
        if max_watches is not None:
            chosen = replace(chosen, max_watches=max_watches)
        h = Harness(telegram, feeds, chosen, config_ or config, lexicon, clock=clock or Clock(), limits=limits)
        if throttle is not None:
            h.throttle = throttle
        await h.start()
        started.append(h)
        return h

    yield make
    for h in started:  # a test that failed half-way leaves its bot running
        if not h.stopped:
            async with asyncio.timeout(30):  # fail, never hang, when a test left a write open
                await h.stop()


@pytest.fixture
def feed_url(servers) -> str:  # type: ignore[no-untyped-def]
    """The fixture feed server's address: ``f"{feed_url}/path.xml"``."""
    return servers[3].url  # type: ignore[no-any-return]


@pytest.fixture
def fakes(servers) -> tuple[FakeTelegram, FeedServer]:  # type: ignore[no-untyped-def]
    """The fake Bot API and the feed server, to set up before the bot starts."""
    return servers[0], servers[1]


@pytest.fixture
async def harness(make_harness) -> Harness:  # type: ignore[no-untyped-def]
    return await make_harness()  # type: ignore[no-any-return]


__all__ = ["FAST", "T0", "Clock", "Harness", "rss"]
