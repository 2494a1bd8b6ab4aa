"""The running system: the real scheduler, sender and handlers at once on one loop and one database.

Each test puts one kind of trouble next to healthy work (a long write, a hung or trickling
feed, a broken item, a group backlog, a gzip bomb, a 429 storm, Telegram down, a chat that
blocks and comes back) and checks that the healthy work goes on and nothing is lost or
sent twice. Time is driven with the test clock where waiting would be slow.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import tracemalloc
import zlib
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from bot.config import Config, FeedConfig
from bot.delivery.ratelimit import Limits
from bot.delivery.render import MAX_MESSAGE, visible_length
from bot.pipeline.cycle import run_poll_cycle
from bot.telegram.throttle import CommandThrottle
from storage import chats as chats_db
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import watches as watches_db
from storage.watches import Added
from tests.conftest import Clock, Harness
from tests.fakes import Flood, Route, rss

CHAT = 1001
GROUP = -100900
TOPICS = [  # different news about one person: none is another's report of the same story
    "суд перанеслі на студзень", "ліст з калоніі дайшоў да сям'і", "адвакат паведаміў пра здароўе",
    "жонка выступіла ў Варшаве", "кнігу выдалі ў Вільні", "праваабаронцы запатрабавалі вызвалення",
    "ШІЗА зноў падоўжылі", "перадачу не прынялі", "пасылку вярнулі назад", "інтэрв'ю маці выйшла ў эфір",
    "падпісалі новую петыцыю", "пра яго нагадалі ў Сейме", "калегі зладзілі выставу", "сябры сабралі грошы",
    "дэпутаты выказалі падтрымку", "рэдакцыя запусціла кампанію",
]  # fmt: skip


async def until(condition: Callable[[], Awaitable[bool] | bool], seconds: float = 20.0) -> None:
    """Wait for ``condition`` (polled), failing the test after ``seconds``."""
    async with asyncio.timeout(seconds):
        while True:
            result = condition()
            if result if isinstance(result, bool) else await result:
                return
            await asyncio.sleep(0.02)


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def alerts(h: Harness, chat: int) -> list[str]:
    return [m for m in h.telegram.messages_to(chat) if m.startswith("🔔")]


def growing(first: list[dict[str, str]], per_hit: Callable[[int], list[dict[str, str]]], hits: int) -> Route:
    """A feed that lists ``first``, then adds ``per_hit(n)`` at its polls n = 2 … hits + 1."""

    def body(hit: int) -> bytes:
        items = list(first)
        for n in range(2, min(hit, hits + 1) + 1):
            items = per_hit(n) + items
        return rss(items)

    return Route(b"", body_for=body)


def config_of(base: str, **feeds: tuple[str, float]) -> Config:
    """Feeds by name: (path on the feed server, interval in seconds)."""
    return Config(feeds=tuple(FeedConfig(name, base + path, timedelta(seconds=s)) for name, (path, s) in feeds.items()))


async def watchers(h: Harness, name: str, chats: list[int], kind: str = "private") -> None:
    """Many chats watching one name, stored the way /watch stores them."""
    assert h.services is not None
    spec = h.lexicon.parse(name)
    for chat in chats:
        await chats_db.ensure_chat(h.services.db, chat, kind, h.clock())
        assert await watches_db.add_watches(h.services.db, chat, [(name, spec.identity)], 50, h.clock()) == [
            Added.ADDED
        ]


# -- one writer ------------------------------------------------------------------------------


async def test_an_open_write_never_blocks_reads_and_never_takes_a_command_with_it(harness: Harness) -> None:
    assert harness.services is not None
    db = harness.services.db
    await harness.say(CHAT, "/watch Losik")
    inside, release = asyncio.Event(), asyncio.Event()

    async def a_poll_that_fails() -> None:
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO watches (chat_id, name, identity, created_at) VALUES (?, 'Half', 'half', 'x')", (CHAT,)
            )
            inside.set()
            await release.wait()
            raise RuntimeError("the poll failed half-way")

    job = asyncio.create_task(a_poll_that_fails())
    try:
        await inside.wait()
        listing = await harness.say(CHAT, "/watchlist")  # a read while the write is open: no waiting, no half-write
        assert "Losik" in listing and "Half" not in listing
        before = len(harness.telegram.messages_to(CHAT))
        harness.telegram.user_says(CHAT, "/watch Znak")  # a write: waits for the open transaction
        await until(lambda: not harness.telegram.pending_updates())
        await asyncio.sleep(0.1)
        assert len(harness.telegram.messages_to(CHAT)) == before and db.writing
    finally:
        release.set()
    with pytest.raises(RuntimeError):
        await job
    (reply,) = (await harness.wait_messages(CHAT, before + 1))[before:]
    assert "Watching <b>Znak</b>" in reply
    listing = await harness.say(CHAT, "/watchlist")  # the command's write survived the job's rollback
    assert "Losik" in listing and "Znak" in listing and "Half" not in listing


async def test_commands_during_polls_that_queue_hundreds_of_alerts(make_harness, fakes, feed_url, caplog) -> None:  # type: ignore[no-untyped-def]
    _, feeds = fakes
    chats = list(range(20_001, 20_101))
    feeds.routes["/busy.xml"] = growing(
        [{"title": "Old", "link": "https://e.org/old"}],
        lambda n: [
            {"title": f"Ігар Лосік: {TOPICS[3 * (n - 2) + k]}", "link": f"https://e.org/{n}/{k}"} for k in range(3)
        ],
        hits=4,
    )
    h: Harness = await make_harness(config_of(feed_url, Viasna=("/busy.xml", 0.2)), clock=Clock(running=True))
    await watchers(h, "Losik", chats)
    h.run_scheduler()
    for _ in range(25):  # commands while polls store 3 stories × 100 chats each and the sender sends
        assert "Watching <b>Statkevich</b>" in await h.say(CHAT, "/watch Statkevich")
        assert "No longer watching <b>Statkevich</b>" in await h.say(CHAT, "/unwatch Statkevich")
    await until(lambda: h.feeds.routes["/busy.xml"].hits >= 6)
    await until(lambda: all(len(alerts(h, c)) == 12 for c in chats), 60)
    await h.stop()
    assert all(len(alerts(h, c)) == len(set(alerts(h, c))) == 12 for c in chats)  # each once
    assert errors(caplog) == []


# -- feeds are independent -------------------------------------------------------------------


async def test_a_hung_feed_and_a_trickling_feed_cost_only_themselves(make_harness, fakes, feed_url, caplog) -> None:  # type: ignore[no-untyped-def]
    _, feeds = fakes
    hung = threading.Event()
    feeds.routes["/hung.xml"] = Route(rss([{"title": "Hung", "link": "https://e.org/h"}]), hold=hung)
    feeds.routes["/loris.xml"] = Route(rss([{"title": "Slow " * 50, "link": "https://e.org/s"}]), trickle=0.05)
    feeds.routes["/fast.xml"] = growing(
        [{"title": "Old", "link": "https://e.org/old"}],
        lambda n: [{"title": f"Ігар Лосік, навіна {n}", "link": f"https://e.org/f{n}"}],
        hits=4,
    )
    config = config_of(feed_url, Hung=("/hung.xml", 0.2), Loris=("/loris.xml", 0.2), Fast=("/fast.xml", 0.2))
    h: Harness = await make_harness(config, clock=Clock(running=True))
    assert h.services is not None
    h.services.pipeline.net.deadline = 1.0  # for the whole fetch: connect, headers and every byte
    await h.say(CHAT, "/watch Losik")
    try:
        h.run_scheduler()
        await until(lambda: len(alerts(h, CHAT)) == 3)  # the healthy feed goes on, alerts go out
        assert h.feeds.routes["/hung.xml"].hits == 1  # never fetched twice at once
        await until(lambda: _failing(h, "Loris"))
        assert "timed out" in await h.say(CHAT, "/status")
        await until(lambda: _failing(h, "Hung"))
    finally:
        hung.set()
        await h.stop()
    assert errors(caplog) == []


async def _failing(h: Harness, name: str) -> bool:
    assert h.services is not None
    return any(f.name == name and f.failures for f in await feeds_db.all_feeds(h.services.db))


async def test_broken_items_are_repaired_or_skipped_and_the_feed_stays_healthy(harness: Harness, caplog) -> None:  # type: ignore[no-untyped-def]
    assert harness.services is not None
    await harness.say(CHAT, "/watch Losik")
    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(
        rss(
            [
                {"title": "Ігар Лосік на волі", "link": "http://example.org:99999/x"},  # a port that cannot be
                {"title": "Лосік " + "доўгі загаловак " * 7000, "link": "https://e.org/long"},  # 100 KB title
                {"title": "Лосік 🎉" + "🎉" * 2500, "link": "https://e.org/emoji"},
                {"title": "Лосіка зноў судзяць", "link": "https://e.org/d", "pubDate": "Sat, 01 Jan 9999 00:00 GMT"},
                {"title": "", "description": ""},  # nothing to read
            ]
        )
    )
    harness.feeds.routes["/other.xml"] = Route(rss([{"title": "Лосік: іншая крыніца", "link": "https://e.org/o"}]))
    report = await harness.poll_and_send()
    assert report.failed == 0
    got = alerts(harness, CHAT)
    assert len(got) == 5  # four from the feed with broken items, one from the healthy feed
    assert all(visible_length(m) <= MAX_MESSAGE for m in got)  # the fake Bot API refuses longer ones anyway
    assert not any("99999" in m for m in got)  # the unusable link is dropped, the story kept
    assert "9999" not in "".join(got)
    assert harness.telegram.refused == []
    assert errors(caplog) == []


async def test_a_gzip_bomb_is_refused_while_it_streams(harness: Harness) -> None:
    assert harness.services is not None
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1 << 20)
    bomb = b"".join(pack.compress(zeros) for _ in range(200)) + pack.flush()  # 200 MB in ~200 KB
    harness.feeds.routes["/other.xml"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        await run_poll_cycle(harness.services.pipeline, harness.clock(), force=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    states = {f.name: f for f in await feeds_db.all_feeds(harness.services.db)}
    assert states["Zerkalo"].last_error == "feed larger than 5 MB"
    assert states["Viasna"].failures == 0
    assert peak < 40 * 2**20  # the cap held while decompressing: 200 MB never existed in memory


async def test_malformed_and_newly_empty_feeds_are_failures_with_their_reason(harness: Harness) -> None:
    assert harness.services is not None
    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Viasna</title><link>https://e.org/</link>'
        b"<description>An empty listing: a valid document, long enough to be a real feed's</description>"
        b"<language>be</language></channel></rss>"
    )
    harness.feeds.routes["/other.xml"] = Route(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title')
    await harness.poll_and_send()
    status = await harness.say(CHAT, "/status")
    assert "0 healthy, 2 failing" in status
    assert "🟠 Viasna: answers, but lists nothing since" in status
    assert "the feed is broken (not valid XML)" in status  # the parser's detail is for the log and /admin


async def test_items_their_feed_still_lists_are_never_new_again(harness: Harness) -> None:
    assert harness.services is not None
    await harness.say(CHAT, "/watch Losik")
    story = {"title": "Ігар Лосік на волі", "link": "https://e.org/l"}
    harness.feeds.routes["/news.xml"] = Route(rss([story]))
    await harness.poll_and_send()  # first poll: history
    await harness.poll_and_send(minutes=60 * 24 * 40)  # 40 days on, still listed
    await harness.services.prune()
    await harness.poll_and_send()
    assert alerts(harness, CHAT) == []
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Іншае", "link": "https://e.org/x"}]))
    await harness.poll_and_send()  # the story has left its feed: it may go once the retention has passed
    await harness.poll_and_send(minutes=60 * 24 * 31)
    await harness.services.prune()
    remaining = [i.title for i in await items_db.recent_stories(harness.services.db, 100)]
    assert "Ігар Лосік на волі" not in remaining and "Іншае" in remaining


# -- sending -----------------------------------------------------------------------------------


async def test_a_private_alert_is_not_held_behind_a_group_backlog(make_harness, fakes, feed_url) -> None:  # type: ignore[no-untyped-def]
    telegram, feeds = fakes
    limits = Limits(per_second=30, group_messages=20, group_window=1.5, private_interval=0.2)
    telegram.flood = Flood(per_second=30, group_messages=20, group_window=1.5, private_interval=0.2)
    losik = [{"title": f"Ігар Лосік: справа {n}", "link": f"https://e.org/l{n}"} for n in range(60)]
    feeds.routes["/busy.xml"] = growing(
        [{"title": "Old", "link": "https://e.org/old"}],
        lambda n: losik if n == 2 else [{"title": "Максім Знак на волі", "link": "https://e.org/z"}],
        hits=2,
    )
    h: Harness = await make_harness(
        config_of(feed_url, Viasna=("/busy.xml", 0.3)), limits=limits, clock=Clock(running=True)
    )
    assert h.services is not None
    await watchers(h, "Losik", [GROUP], kind="supergroup")
    await chats_db.update_chat(h.services.db, GROUP, mode="instant")
    await h.say(CHAT, "/watch Znak")
    h.run_scheduler()
    await until(lambda: len(alerts(h, CHAT)) == 1)
    group_then = len(alerts(h, GROUP))
    hits_then = h.feeds.routes["/busy.xml"].hits
    assert group_then < 60  # it went out while the group's backlog was still being worked through
    await until(lambda: len(alerts(h, GROUP)) == 60)
    assert h.feeds.routes["/busy.xml"].hits > hits_then  # polling went on while sending
    await h.stop()
    assert h.telegram.flood_errors == 0
    assert len(set(alerts(h, GROUP))) == 60


async def test_a_429_storm_then_a_500_delays_an_alert_but_never_drops_it(harness: Harness) -> None:
    assert harness.services is not None
    await harness.say(CHAT, "/watch Losik")
    await harness.poll_and_send()
    for _ in range(7):
        harness.telegram.fail_next(CHAT, 429, "Too Many Requests: retry after 3", retry_after=3)
    harness.telegram.fail_next(CHAT, 500, "Internal Server Error")
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/l"}]))
    await harness.poll_and_send()
    while len(harness.telegram.refused) < 8:  # the 429s' waits pass
        harness.clock.advance(seconds=3)
        await harness.services.sender.settled()
    (row,) = await outbox.pending_after(harness.services.db, 0, 10)
    assert row.attempts == 1  # the 429s are not counted as tries
    assert 2 <= (row.not_before - harness.clock()).total_seconds() <= 5  # a 5xx is mostly momentary
    harness.clock.advance(seconds=5)
    await harness.services.sender.settled()
    assert len(alerts(harness, CHAT)) == 1
    assert [status for status, _ in harness.telegram.refused] == [429] * 7 + [500]


async def test_hours_without_telegram_lose_nothing_and_a_day_is_counted_for_the_operator(harness: Harness) -> None:
    assert harness.services is not None
    await harness.say(CHAT, "/watch Losik")
    await harness.say(2002, "/watch Losik")
    await harness.poll_and_send()
    harness.telegram.down = (502, "Bad Gateway")
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/l"}]))
    await harness.poll_and_send()
    for _ in range(6 * 5):  # five hours, ten minutes at a time
        harness.clock.advance(minutes=11)
        await harness.services.sender.settled()
    assert await outbox.count_failed_since(harness.services.db, harness.clock() - timedelta(days=1)) == 0
    harness.telegram.down = None
    harness.clock.advance(minutes=11)
    await harness.services.sender.settled()
    assert len(alerts(harness, CHAT)) == len(alerts(harness, 2002)) == 1

    harness.telegram.down = (502, "Bad Gateway")
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігара Лосіка зноў судзяць", "link": "https://e.org/2"}]))
    await harness.poll_and_send()
    for _ in range(6 * 25):  # more than a day
        harness.clock.advance(minutes=11)
        await harness.services.sender.settled()
    harness.telegram.down = None
    assert "2 given up in 24 hours" in await harness.say(CHAT, "/status")


async def test_a_chat_that_blocks_and_returns_gets_alerts_again(harness: Harness) -> None:
    assert harness.services is not None
    await harness.say(CHAT, "/watch Losik")
    await harness.poll_and_send()
    harness.telegram.fail_next(CHAT, 403, "Forbidden: bot was blocked by the user")
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/1"}]))
    await harness.poll_and_send()
    chat = await chats_db.get_chat(harness.services.db, CHAT)
    assert chat is not None and not chat.active
    harness.telegram.bot_membership(CHAT, "kicked", "member", chat_type="private")  # unblocked
    await until(lambda: _active(harness, CHAT))
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік дома", "link": "https://e.org/2"}]))
    await harness.poll_and_send()
    assert [a for a in alerts(harness, CHAT) if "Лосік дома" in a]


async def _active(h: Harness, chat_id: int) -> bool:
    assert h.services is not None
    chat = await chats_db.get_chat(h.services.db, chat_id)
    return chat is not None and chat.active


# -- replies --------------------------------------------------------------------------------------


async def test_a_flood_of_commands_gets_a_few_answers_one_polite_note_and_no_429(make_harness) -> None:  # type: ignore[no-untyped-def]
    limits = Limits(private_interval=0.05)
    h: Harness = await make_harness(limits=limits, throttle=CommandThrottle(burst=10, every=3600.0))
    h.telegram.flood = Flood(private_interval=0.05)
    for _ in range(200):
        h.telegram.user_says(CHAT, "/watchlist")
    h.telegram.user_says(2002, "/help")  # someone else is answered meanwhile
    await h.wait_messages(2002, 1)
    await h.wait_messages(CHAT, 11)
    await until(lambda: not h.telegram.pending_updates() and h.app.update_queue.empty())
    await asyncio.sleep(0.2)
    replies = h.telegram.messages_to(CHAT)
    assert len(replies) == 11
    assert sum("faster than I can answer" in r for r in replies) == 1
    assert h.telegram.flood_errors == 0


async def test_long_replies_are_split_and_always_fit(make_harness) -> None:  # type: ignore[no-untyped-def]
    harness: Harness = await make_harness(max_watches=200)  # the operator allows more
    given = ("Aleksandr", "Nikolai", "Vladimir", "Sergei", "Andrei", "Dmitri", "Pavel", "Ivan")
    surnames = [p + s for p in ("Bara", "Kali", "Miro", "Sava", "Tara") for s in ("novich", "shenko", "nchuk")]
    names = [f"{g} {s}" for g in given for s in surnames]  # 120 people
    watched = await harness.say(CHAT, "/watch " + ", ".join(names))
    assert watched.endswith("…and 100 more: 100 added, 0 not (see /watchlist).")  # one message, summarised
    before = len(harness.telegram.messages_to(CHAT))
    harness.telegram.user_says(CHAT, "/watchlist")  # 120 people with the forms each matches: several messages
    await until(lambda: sum(r.count("•") for r in harness.telegram.messages_to(CHAT)[before:]) == 120)
    replies = harness.telegram.messages_to(CHAT)[before:]
    assert len(replies) >= 2 and all(visible_length(r) <= MAX_MESSAGE for r in replies)
    assert all(r.count("<b>") == r.count("</b>") for r in replies)  # split between lines, never inside a tag
    assert harness.telegram.refused == []
