"""``releasewatch scan``: read every source once and print what mentions the given names."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

from bot.config import Config, FeedConfig
from bot.matching import InvalidWatch, Matcher
from bot.pipeline.source import Failed, Listing, Net, read_source
from storage.feeds import unpolled


async def scan(config: Config, names: list[str]) -> int:
    try:
        matcher = Matcher.compile({n: n for n in names})
    except InvalidWatch as e:
        print(f"releasewatch scan: {e}", file=sys.stderr)
        return 2
    net = Net()
    now = datetime.now(UTC)

    async def one(feed: FeedConfig) -> tuple[FeedConfig, Listing | Failed]:
        outcome = await read_source(net, feed, unpolled(feed.name, feed.url), now, None)
        return feed, outcome if isinstance(outcome, Listing | Failed) else Failed("not modified")

    try:
        results = await asyncio.gather(*(one(f) for f in config.feeds))
    finally:
        await net.clients.aclose()
    found = 0
    for feed, outcome in results:
        if isinstance(outcome, Failed):
            print(f"! {feed.name}: {outcome.reason}", file=sys.stderr)
            continue
        for item in outcome.parsed.items:
            result = matcher.find(f"{item.title}\n{item.summary}")
            if result.mentions:
                found += 1
                who = ", ".join(sorted({m.watch for m in result.mentions}))
                print(f"[{feed.name}] {who} · {result.event.value}: {item.title}\n    {item.link or ''}")
    print(f"{found} matching items in {len(config.feeds)} sources", file=sys.stderr)
    return 0
