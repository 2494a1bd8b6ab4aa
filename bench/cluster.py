"""Alerts a second from one and from two bot instances sharing one bot token, against a fake Bot API with
Telegram's limits.

Run: .venv/bin/python bench/cluster.py [--chats 600] [--latency 0.05]

Each case broadcasts one alert to each of ``--chats`` private chats from a fresh database:

- **SQLite, one instance**: the embedded default;
- **PostgreSQL, one instance**: the same on a throwaway PostgreSQL server (tests/pg.py);
- **PostgreSQL, two instances**: two bots (each its own sender, rate limiter and Bot API
  client, on one event loop) on one database, splitting the chats and the token's rate as
  ``bot.cluster`` has them do;
- **two instances, rate not split**: the same, with each instance believing it is alone
  (what they would do without ``bot.cluster``): the 429s this costs.

Prints messages a second, the 429s the fake answered, and messages sent twice. The token's
limit (about 30 a second) bounds them all: a second instance is for availability, not speed.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the fakes live with the tests

import psycopg
from telegram.ext import Application

from bot.app import Services, build_application
from bot.cluster import ALONE, Shard
from bot.config import Config
from bot.delivery.ratelimit import Limits
from bot.settings import Settings
from storage import chats as chats_db
from storage import outbox
from storage.items import NewItem, insert_item
from tests import pg
from tests.fakes import FakeTelegram, Flood, Server


async def queue(services: Services, chats: int) -> None:
    db, now = services.db, datetime.now(UTC)
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO feeds (name, url) VALUES ('Bench', 'http://127.0.0.1/')")
        feed_id = await tx.fetchval("SELECT id FROM feeds WHERE name = 'Bench'")
        items = [NewItem(f"g{n}", f"https://e.org/{n}", f"https://e.org/{n}", "Ігар Лосік на волі", "", None)
                 for n in range(chats)]  # fmt: skip
        stored = [await insert_item(tx, feed_id, i, frozenset(), None, None, now) for i in items]  # their own stories
    for n in range(chats):
        await chats_db.ensure_chat(db, 10_000 + n, "private", now)
    payload = '{"names": ["Losik"], "surfaces": ["Лосік"], "event": "release"}'
    alerts = [outbox.Queued(10_000 + n, outbox.ALERT, f"alert:{i}", payload, i)
              for n, i in enumerate(stored)]  # fmt: skip
    async with db.transaction() as tx:
        await outbox.enqueue(tx, alerts, now)


def alone(services: Services, shard: Shard) -> None:
    services.sender.set_shard(ALONE)


async def broadcast(telegram: FakeTelegram, api: str, database: str, chats: int, instances: int, split: bool) -> str:
    telegram.sent.clear()
    telegram.refused.clear()
    telegram.flood = Flood()
    everyone: list[tuple[Services, Application]] = []  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(instances):
            settings = Settings(telegram.token, api, Path(folder) / "feeds.yaml", database)
            app = build_application(settings, Limits())
            await app.initialize()
            services = await Services.open(settings, Config(feeds=()), app)
            if not split:  # each believes it is alone: the whole rate, every chat
                services.cluster.on_shard = functools.partial(alone, services)
            everyone.append((services, app))
        await queue(everyone[0][0], chats)
        started = time.monotonic()
        for services, _ in everyone:
            await services.start()
        for services, _ in everyone:  # each sees the others (the running bot beats every few seconds)
            await services.cluster.beat()
        while len(telegram.sent) < chats:  # noqa: ASYNC110 - the fake is a thread
            await asyncio.sleep(0.01)
        seconds = time.monotonic() - started
        for services, app in everyone:
            await services.stop()
            await services.close()
            await app.shutdown()
    twice = sum(n - 1 for n in Counter(m["chat_id"] for m in telegram.sent).values() if n > 1)
    return f"{chats / seconds:5.1f} msg/s, {telegram.flood_errors} 429s, {twice} sent twice"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=600)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the fake Bot API takes to answer")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    telegram = FakeTelegram(latency=args.latency)
    with Server(telegram) as server, pg.temporary_server() as postgres, tempfile.TemporaryDirectory() as folder:
        api = f"{server.url}/bot"

        def fresh() -> str:
            name = f"b{uuid.uuid4().hex[:12]}"
            with psycopg.connect(postgres, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}".encode())
            return postgres.rsplit("/", 1)[0] + f"/{name}"

        cases = [
            ("SQLite, one instance", str(Path(folder) / "bench.sqlite3"), 1, True),
            ("PostgreSQL, one instance", fresh(), 1, True),
            ("PostgreSQL, two instances", fresh(), 2, True),
            ("two instances, rate not split", fresh(), 2, False),
        ]
        print(f"{args.chats} private chats × 1 alert, Bot API answering in {args.latency * 1000:.0f} ms")
        for label, database, instances, split in cases:
            result = await broadcast(telegram, api, database, args.chats, instances, split)
            print(f"  {label:32} {result}")


if __name__ == "__main__":
    asyncio.run(main())
