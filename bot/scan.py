"""``releasewatch scan``: poll every feed once and print what mentions the given names."""

from __future__ import annotations

import asyncio
import sys

from bot.config import Config, FeedConfig
from bot.matching import InvalidWatch, Matcher
from bot.pipeline.parse import NotAFeed, ParsedFeed, parse_feed
from bot.pipeline.poll import Fetched, FetchFailed, fetch, make_client


async def scan(config: Config, names: list[str]) -> int:
    try:
        matcher = Matcher.compile({n: n for n in names})
    except InvalidWatch as e:
        print(f"releasewatch scan: {e}", file=sys.stderr)
        return 2
    async with make_client() as client:

        async def one(feed: FeedConfig) -> tuple[FeedConfig, ParsedFeed | str]:
            result = await fetch(client, feed.url, None, None)
            if isinstance(result, FetchFailed):
                return feed, result.reason
            assert isinstance(result, Fetched)
            try:
                return feed, await asyncio.to_thread(parse_feed, result.body, result.content_type)
            except NotAFeed as e:
                return feed, str(e)

        results = await asyncio.gather(*(one(f) for f in config.feeds))
    found = 0
    for feed, parsed in results:
        if isinstance(parsed, str):
            print(f"! {feed.name}: {parsed}", file=sys.stderr)
            continue
        for item in parsed.items:
            result = matcher.find(f"{item.title}\n{item.summary}")
            if result.mentions:
                found += 1
                who = ", ".join(sorted({m.watch for m in result.mentions}))
                print(f"[{feed.name}] {who} · {result.event.value}: {item.title}\n    {item.link or ''}")
    print(f"{found} matching items in {len(config.feeds)} feeds", file=sys.stderr)
    return 0
