"""Delivery through the real sender and a fake Bot API that enforces Telegram's limits.

Run: .venv/bin/python bench/delivery.py [--chats 1000] [--latency 0.05]

Two cases, each from a fresh database:

- **broadcast**: one alert for each of ``--chats`` private chats. Prints messages a second
  (Telegram allows about 30) and the 429s the fake answered (Telegram's limits: 30 a
  second overall, 20 a minute per group, one a second per private chat).
- **private behind a group**: 60 alerts queued for one group (20 a minute allowed); once the
  group has had its 20 for this minute, one alert for a private chat is queued. Prints how
  long the private alert waited, while the group's backlog still needs two minutes.

``--latency`` is the fake's answer time: real Telegram answers in 50–150 ms, which a
sender that sends one message at a time pays for every message.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the fake Bot API lives with the tests

from bot.app import Services, build_application
from bot.config import Config
from bot.delivery.ratelimit import Limits
from bot.settings import Settings
from storage import chats as chats_db
from storage import outbox
from storage.items import NewItem, insert_item
from tests.fakes import FakeTelegram, Flood, Server

GROUP = -100500


async def run_case(
    telegram: FakeTelegram, api: str, first: list[tuple[int, str]], later: tuple[int, str] | None = None
) -> dict[str, float]:
    """Queue one alert per (chat, kind) in ``first`` and start the sender; queue ``later`` once the first
    20 went out. Ends when everything went out, or when ``later`` did; the seconds it took."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(telegram.token, api, Path(folder) / "feeds.yaml", str(Path(folder) / "bench.sqlite3"))
        app = build_application(settings, Limits())
        await app.initialize()
        services = await Services.open(settings, Config(feeds=()), app)
        db, now = services.db, datetime.now(UTC)
        everyone = [*first, *([later] if later else [])]
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO feeds (name, url) VALUES ('Bench', 'http://127.0.0.1/')")
            stories = [NewItem(f"g{n}", f"https://e.org/{n}", f"https://e.org/{n}", "Ігар Лосік на волі", "", None)
                       for n in range(len(everyone))]  # fmt: skip
            inserted = [await insert_item(tx, 1, s, frozenset(), None, None, now) for s in stories]  # their own stories
        for chat, kind in set(everyone):
            await chats_db.ensure_chat(db, chat, kind, now)
        payload = '{"names": ["Losik"], "surfaces": ["Лосік"], "event": "release"}'
        alerts = [outbox.Queued(c, outbox.ALERT, f"alert:{i}", payload, i)
                  for (c, _), i in zip(everyone, inserted, strict=True)]  # fmt: skip
        async with db.transaction() as tx:
            await outbox.enqueue(tx, alerts[: len(first)], now)
        sent_before = len(telegram.sent)
        started = time.monotonic()
        await services.start()
        if later is None:
            while len(telegram.sent) - sent_before < len(first):  # noqa: ASYNC110 - the fake is a thread
                await asyncio.sleep(0.01)
        else:
            while len(telegram.sent) - sent_before < 20:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            started = time.monotonic()
            async with db.transaction() as tx:
                await outbox.enqueue(tx, alerts[len(first) :], now)
            services.sender.wake()  # what a feed does when it queues something
            while not any(m["chat_id"] == later[0] for m in telegram.sent[sent_before:]):  # noqa: ASYNC110
                await asyncio.sleep(0.005)
        seconds = time.monotonic() - started
        await services.stop()
        await services.close()
        await app.shutdown()
    return {"seconds": seconds, "delivered": len(telegram.sent) - sent_before}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the fake Bot API takes to answer")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    telegram = FakeTelegram(flood=Flood(), latency=args.latency)
    with Server(telegram) as server:
        api = f"{server.url}/bot"
        result = await run_case(telegram, api, [(10_000 + n, "private") for n in range(args.chats)])
        print(f"broadcast: {args.chats} chats × 1 alert in {result['seconds']:.1f} s = "
              f"{args.chats / result['seconds']:.1f} msg/s, 429s answered: {telegram.flood_errors}")  # fmt: skip
        floods, telegram.flood = telegram.flood_errors, Flood()
        result = await run_case(telegram, api, [(GROUP, "supergroup")] * 60, later=(777, "private"))
        print(f"private behind a group: the private alert went out {result['seconds']:.2f} s after it was queued, "
              f"with 40 of the group's 60 alerts still waiting; 429s answered: "
              f"{telegram.flood_errors - floods}")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
