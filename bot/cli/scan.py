"""``releasewatch scan``: read every source once and print what mentions the given names."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

import httpx

from bot.config import Config, FeedConfig
from bot.matching import InvalidWatch, Matcher
from bot.pipeline.poll import Clients
from bot.pipeline.source import Failed, Listing, Net, read_source
from storage.feeds import unpolled


class _ErrorsSeen(httpx.AsyncBaseTransport):
    """The real transport, remembering each host's last network error: the poller reports only its class,
    and someone trying ``scan`` needs the words ("Name or service not known", "Connection refused")."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.errors: dict[str, str] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self.inner.handle_async_request(request)
        except httpx.TransportError as e:
            self.errors[request.url.host] = str(e) or type(e).__name__
            raise

    async def aclose(self) -> None:
        await self.inner.aclose()


def _why(feed: FeedConfig, failed: Failed, errors: dict[str, str]) -> str:
    """The source's failure, with the network error's own words where it had one."""
    details = [f"{host}: {errors[host]}" for u in feed.urls if (host := httpx.URL(u).host) in errors]
    why = failed.reason + (f" ({'; '.join(details)})" if details and "network error" in failed.reason else "")
    return why + (" [known to block bots: blocks_bots in the feeds file]" if feed.blocks_bots else "")


async def scan(config: Config, names: list[str]) -> int:
    """Read every source once; print matching items. Exit 1 when no source could be read."""
    try:
        matcher = Matcher.compile({n: n for n in names})
    except InvalidWatch as e:
        print(f"releasewatch scan: {e}", file=sys.stderr)
        return 2
    transport = _ErrorsSeen()
    net = Net(clients=Clients(transport))
    now = datetime.now(UTC)

    async def one(feed: FeedConfig) -> tuple[FeedConfig, Listing | Failed]:
        outcome = await read_source(net, feed, unpolled(feed.name, feed.url), now, None)
        return feed, outcome if isinstance(outcome, Listing | Failed) else Failed("not modified")

    try:
        results = await asyncio.gather(*(one(f) for f in config.feeds))
    finally:
        await net.clients.aclose()
        await transport.aclose()
    found = failed = 0
    for feed, outcome in results:
        if isinstance(outcome, Failed):
            failed += 1
            print(f"! {feed.name}: {_why(feed, outcome, transport.errors)}", file=sys.stderr)
            continue
        for item in outcome.parsed.items:
            result = matcher.find(f"{item.title}\n{item.summary}")
            if result.mentions:
                found += 1
                who = ", ".join(sorted({m.watch for m in result.mentions}))
                print(f"[{feed.name}] {who} · {result.event.value}: {item.title}\n    {item.link or ''}")
    if results and failed == len(results):
        print(
            f"releasewatch scan: every source failed ({failed} of {failed}): nothing was read "
            "(is this machine online, or behind a proxy?)",
            file=sys.stderr,
        )
        return 1
    print(f"{found} matching items in {len(config.feeds)} sources ({failed} failed)", file=sys.stderr)
    return 0
