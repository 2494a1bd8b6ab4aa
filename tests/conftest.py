from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import Services, build_application
from bot.config import Config, FeedConfig, Settings
from bot.matching import Lexicon
from tests.fakes import FakeTelegram, FeedServer, Route, Server, rss

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon()


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
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
    services: Services | None = None

    async def start(self) -> None:
        self.app = build_application(self.settings)
        await self.app.initialize()
        self.services = await Services.open(self.settings, self.config, self.app, now=self.clock, lexicon=self.lexicon)
        self.services.sender.sleep = _no_sleep  # rate limits are unit-tested; do not wait here
        self.app.bot_data["services"] = self.services
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(poll_interval=0.0, timeout=1)

    async def stop(self) -> None:
        assert self.app.updater is not None and self.services is not None
        await self.app.updater.stop()
        await self.app.stop()
        await self.services.close()
        await self.app.shutdown()

    async def say(self, chat_id: int, text: str, **kwargs: object) -> str:
        """Send a message as a user and return the bot's reply."""
        before = len(self.telegram.messages_to(chat_id))
        self.telegram.user_says(chat_id, text, **kwargs)  # type: ignore[arg-type]
        return (await self.wait_messages(chat_id, before + 1))[-1]

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

    async def poll_and_send(self, minutes: float = 11) -> None:
        """Advance the clock past every feed's interval, run one cycle and drain the outbox."""
        assert self.services is not None
        self.clock.advance(minutes=minutes)
        await self.services.poll()


@pytest.fixture
def servers() -> Iterator[tuple[FakeTelegram, FeedServer, Server, Server]]:
    telegram, feeds = FakeTelegram(), FeedServer()
    with Server(telegram) as tg_server, Server(feeds) as feed_server:
        yield telegram, feeds, tg_server, feed_server


@pytest.fixture
def make_harness(servers, tmp_path: Path, lexicon: Lexicon):  # type: ignore[no-untyped-def]
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
        db_path=tmp_path / "releasewatch.sqlite3",
    )
    started: list[Harness] = []

    async def make(config_: Config | None = None) -> Harness:
        h = Harness(telegram, feeds, settings, config_ or config, lexicon)
        await h.start()
        started.append(h)
        return h

    return make


@pytest.fixture
async def harness(make_harness) -> AsyncIterator[Harness]:  # type: ignore[no-untyped-def]
    h = await make_harness()
    yield h
    await h.stop()


async def _no_sleep(_: float) -> None:
    return None


__all__ = ["T0", "Clock", "Harness", "rss"]
