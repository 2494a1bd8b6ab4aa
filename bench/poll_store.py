"""Storing polls: a first poll of many sources, then a poll with news that many chats watch.

Run: .venv/bin/python bench/poll_store.py [--feeds 1000] [--items 50] [--news-feeds 100] [--chats 1000]

What it times is ``store_outcome`` (the storing half of ``poll_feed``: known items read, the
listing planned, stored and queued in one transaction each), for listings made in memory, every
source at once as ``run_poll_cycle`` does, on SQLite in a temporary folder:

- **first poll**: ``--feeds`` sources × ``--items`` items, history: stored, nobody alerted
  (one item of each source shares its canonical link with the others: one story);
- **news**: ``--news-feeds`` of them list 5 new items each, one naming a person ``--chats`` chats
  watch (a release: the first source alerts every chat, the others are "also reported"), and one
  listed item edited so that it names her (an "updated" alert).

Matching is a stub (a fixed answer for items that name her): the figure is storage and
deciding, not the matcher.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

from bot.config import FeedConfig
from bot.matching import Event, Lexicon, MatchResult
from bot.pipeline.cycle import Pipeline, store_outcome
from bot.pipeline.decide import Hit
from bot.pipeline.match import MatcherCache
from bot.pipeline.parse import ParsedFeed
from bot.pipeline.poll import Fetched
from bot.pipeline.source import Listing, Net
from storage import chats as chats_db
from storage import feeds as feeds_db
from storage import outbox
from storage import watches as watches_db
from storage.db import Reader, open_database
from storage.feeds import Poll
from storage.items import NewItem

NAME = "Kolesnikova"


class Result:
    event = Event.RELEASE


class FixedMatcher(MatcherCache):
    """Every item that names her mentions every watch (all chats watch her)."""

    def __init__(self, watch_ids: list[int]) -> None:
        super().__init__(Lexicon())
        self.found = {w: Hit((NAME,), "release") for w in watch_ids}

    async def sync(self, db: Reader) -> int:
        return 0

    def match(self, text: str) -> tuple[MatchResult, dict[int, Hit]]:
        return cast(MatchResult, Result()), (self.found if NAME in text else {})


def listing(feed: int, items: list[NewItem]) -> Listing:
    return Listing(Fetched(b"", None, None, None), ParsedFeed(items, None), Poll(0, False))


def item(feed: int, n: int, title: str | None = None) -> NewItem:
    canonical = "https://shared.example/0" if n == 0 else f"https://f{feed}.example/{n}"
    return NewItem(f"f{feed}-{n}", canonical, canonical, title or f"News {feed}/{n}", "Something happened.", None)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--news-feeds", type=int, default=100)
    parser.add_argument("--chats", type=int, default=1000)
    args = parser.parse_args()
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(Path(folder) / "bench.sqlite3")
        for chat in range(1, args.chats + 1):
            await chats_db.ensure_chat(db, chat, "private", now)
            await watches_db.add_watches(db, chat, [(f"Maria {NAME}", f"id-{NAME}")], 50, now)
        watch_ids = [t.watch_id for t in await watches_db.targets(db, range(1, args.chats + 1))]
        configs = tuple(
            FeedConfig(f"Feed {n}", f"https://f{n}.example/rss", timedelta(minutes=10)) for n in range(args.feeds)
        )
        p = Pipeline(db, Net(), configs, FixedMatcher(watch_ids), random.Random(1))
        states = await feeds_db.sync_feeds(db, [(f.name, f.url) for f in configs])

        first = {n: [item(n, i) for i in range(args.items)] for n in range(args.feeds)}
        started = time.perf_counter()
        await asyncio.gather(
            *(store_outcome(p, f, states[f.name], listing(n, first[n]), now) for n, f in enumerate(configs))
        )
        took = time.perf_counter() - started
        stored = args.feeds * args.items
        print(f"first poll: {args.feeds} sources × {args.items} items in {took:.2f} s ({stored / took:,.0f} items/s)")

        later = now + timedelta(minutes=10)
        states = {s.name: s for s in await feeds_db.all_feeds(db)}
        news = range(args.news_feeds)
        lists = {}
        for n in news:
            old = first[n][5:]
            old[0] = item(n, 5, f"News {n}/5: Maria {NAME} is free")  # edited to name her
            fresh = [item(n, args.items + k, f"Maria {NAME} released" if k == 0 else None) for k in range(5)]
            lists[n] = fresh + old
        started = time.perf_counter()
        reports = await asyncio.gather(
            *(store_outcome(p, configs[n], states[configs[n].name], listing(n, lists[n]), later) for n in news)
        )
        took = time.perf_counter() - started
        queued = sum(r.queued for r in reports)
        pending = await outbox.count_pending(db)
        print(
            f"news: {args.news_feeds} sources × 5 new items, {args.chats} chats watching in {took:.2f} s "
            f"({queued} rows queued, {pending} pending)"
        )
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
