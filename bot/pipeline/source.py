"""Read one source: its addresses in turn, in the way its kind is read. Reads only, writes nothing.

A source has a url and maybe mirrors (``schedule.address_order`` says which to try first),
maybe a proxy and a User-Agent of its own. Its kind says how its document is read: an
RSS/Atom feed (``parse``), a Telegram channel's preview (``telegram``: with older pages when
a busy channel posted more than a page since the last poll) or a news page through CSS
selectors (``page``). Items reached through a mirror get the first address's host in
their links, so the same story from two mirrors is one story.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

from bot.config import HTML, TELEGRAM, FeedConfig
from bot.pipeline.channel_preview import parse_channel
from bot.pipeline.page import parse_page
from bot.pipeline.parse import NotAFeed, ParsedFeed, canonical_link, parse_feed
from bot.pipeline.poll import DEADLINE, Clients, Fetched, FetchFailed, FetchResult, NotModified, fetch
from bot.pipeline.schedule import address_order
from storage.feeds import FeedState, Poll
from storage.items import NewItem

log = logging.getLogger(__name__)
FETCHES = 8  # sources fetched at once
OLDER_PAGES = 3  # a Telegram channel that posted more than a page since the last poll: pages read back
Known = Callable[[list[str]], Awaitable[set[str]]]  # which of these guids the source listed before


@dataclass
class Net:
    """How sources are reached: HTTP clients (one per proxy), a bound on fetches at once, a deadline each."""

    clients: Clients = field(default_factory=Clients)
    slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(FETCHES))
    deadline: float = DEADLINE


@dataclass(frozen=True, slots=True)
class Failed:
    reason: str
    tried_first: bool = False


@dataclass(frozen=True, slots=True)
class Listing:
    fetched: Fetched
    parsed: ParsedFeed
    poll: Poll


@dataclass(frozen=True, slots=True)
class Unchanged:
    poll: Poll


Outcome = Listing | Unchanged | Failed


async def read_source(net: Net, feed: FeedConfig, state: FeedState, now: datetime, known: Known | None) -> Outcome:
    """Try the source's addresses in turn; the first that gives a listing wins.

    ``known`` lets a busy Telegram channel be read back to a post seen before (None: only
    the newest page).
    """
    order = address_order(len(feed.urls), state.mirror, state.first_tried_at, now)
    tried_first = order[0] == 0 and state.mirror != 0
    reasons: list[str] = []
    for address in order:
        poll = Poll(address, tried_first)
        try:
            outcome = await _read_address(net, feed, state, address, now, known)
        except Exception as e:  # a bug or a library surprise: this source fails, no other
            log.exception("source %s: unexpected error while fetching", feed.name)
            outcome = f"internal error while reading the source ({type(e).__name__})"
        if isinstance(outcome, str):
            reasons.append(outcome if len(feed.urls) == 1 else f"{_host(feed.urls[address])}: {outcome}")
            continue
        if isinstance(outcome, NotModified):
            return Unchanged(poll)
        fetched, parsed = outcome
        if address and feed.kind != TELEGRAM:  # the same story from two mirrors is one story
            parsed = replace(parsed, items=[_rehost(i, feed.urls[address], feed.url) for i in parsed.items])
        return Listing(fetched, parsed, poll)
    return Failed("; ".join(reasons), tried_first)


async def _read_address(
    net: Net, feed: FeedConfig, state: FeedState, address: int, now: datetime, known: Known | None
) -> str | NotModified | tuple[Fetched, ParsedFeed]:
    """The listing at one address, NotModified, or why there is none."""
    url = feed.urls[address]
    same = address == state.mirror  # validators belong to the address that gave them
    result = await _get(net, feed, url, state.etag if same else None, state.last_modified if same else None)
    if isinstance(result, FetchFailed):
        return result.reason
    if isinstance(result, NotModified):
        return result
    try:  # parsing is CPU work: off the event loop
        if feed.kind == TELEGRAM:
            parsed, before = await asyncio.to_thread(parse_channel, result.body, now)
            parsed = await _older_posts(net, feed, url, parsed, before, now, known)
        elif feed.kind == HTML:
            assert feed.page is not None
            parsed = await asyncio.to_thread(parse_page, result.body, url, feed.page, now, result.content_type)
        else:
            parsed = await asyncio.to_thread(parse_feed, result.body, result.content_type, now)
    except NotAFeed as e:
        return str(e)
    return result, parsed


async def _get(net: Net, feed: FeedConfig, url: str, etag: str | None, modified: str | None) -> FetchResult:
    headers = {"User-Agent": feed.user_agent} if feed.user_agent else None
    async with net.slots:
        return await fetch(net.clients.get(feed.proxy), url, etag, modified, deadline=net.deadline, headers=headers)


async def _older_posts(
    net: Net, feed: FeedConfig, url: str, page: ParsedFeed, before: int | None, now: datetime, known: Known | None
) -> ParsedFeed:
    """A channel that posted more than one page since the last poll: read back until a known post."""
    items, pages = list(page.items), 0
    while known is not None and before and pages < OLDER_PAGES:
        if await known([i.guid for i in items]):
            break
        result = await _get(net, feed, f"{url}{'&' if '?' in url else '?'}before={before}", None, None)
        if not isinstance(result, Fetched):
            break  # what the newest page gave is still worth storing
        try:
            older, before = await asyncio.to_thread(parse_channel, result.body, now)
        except NotAFeed:
            break
        items = older.items + items
        pages += 1
    return replace(page, items=items)


def _rehost(item: NewItem, mirror: str, primary: str) -> NewItem:
    """Links on the mirror's host are the primary's: one story however it was reached."""
    old, new = urlsplit(mirror).netloc.lower(), urlsplit(primary).netloc
    if not item.link or urlsplit(item.link).netloc.lower() != old:
        return item
    link = urlsplit(item.link)._replace(netloc=new).geturl()
    guid = link if item.guid in (item.link, item.canonical_link) else item.guid
    return replace(item, link=link, canonical_link=canonical_link(link), guid=guid)


def _host(url: str) -> str:
    return urlsplit(url).netloc or url
