"""Several bot processes on one database: each message claimed once, each source polled by one, work taken over."""

from __future__ import annotations

import asyncio
import functools
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from bot.app import Services
from bot.cluster import ALONE, SETTLE, TAKEOVER, Cluster, Shard, shard_of
from bot.matching import Lexicon
from bot.telegram.chat_settings import save
from storage import chats as chats_db
from storage import digests as digests_db
from storage import feeds as feeds_db
from storage import instances as instances_db
from storage import outbox
from storage import watches as watches_db
from storage.chats import ChatChange
from storage.db import SQLITE, Database, open_database
from tests.conftest import Clock, Harness, pg_database
from tests.fakes import Flood, Route, rss
from tests.procs import Stage, alerts, wait_until

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("instance", "live", "shard"),
    [
        ("b", ["a", "b", "c"], Shard(1, 3)),
        ("a", ["c", "a"], Shard(0, 2)),
        ("x", ["a", "b"], ALONE),  # not seen yet: it sends to everyone until its first beat
        ("a", ["a"], ALONE),
    ],
)
def test_live_instances_split_the_chats(instance: str, live: list[str], shard: Shard) -> None:
    assert shard_of(instance, live) == shard


def test_a_chat_belongs_to_exactly_one_shard() -> None:
    shards = [Shard(i, 3) for i in range(3)]
    for chat in (-1001234567890, -5, 0, 7, 123456789):
        assert sum(s.mine(chat) for s in shards) == 1


@pytest.fixture
async def two(database_url: str) -> Iterator[tuple[Database, Database]]:  # type: ignore[misc]
    """Two connections to one database, as two processes have."""
    first = await open_database(database_url)
    second = await open_database(database_url)
    yield first, second
    await first.close()
    await second.close()


async def queued_alert(db: Database) -> int:
    await chats_db.ensure_chat(db, 5, "private", NOW)
    async with db.transaction() as tx:
        await outbox.enqueue(tx, [outbox.Queued(5, outbox.NOTICE, "notice:1", "hello")], NOW)
    (row,) = await outbox.pending_after(db, 0, 10)
    return row.id


async def test_two_processes_claim_a_message_once(two: tuple[Database, Database]) -> None:
    first, second = two
    row_id = await queued_alert(first)
    claims = await asyncio.gather(outbox.claim(first, row_id, NOW), outbox.claim(second, row_id, NOW))
    assert sorted(claims, key=str) == [5, None]
    # a claim left by a process that died is released once it is older than the takeover period, not before
    assert await outbox.release_claims(second, NOW - timedelta(seconds=60)) == 0
    assert await outbox.release_claims(second, NOW + timedelta(seconds=1)) == 1
    assert await outbox.claim(second, row_id, NOW) == 5


async def test_a_claim_cut_off_by_a_lost_database_is_taken_again_only_if_it_is_ones_own(
    two: tuple[Database, Database],
) -> None:
    first, second = two
    row_id = await queued_alert(first)
    assert await outbox.claim(second, row_id, NOW, "b") == 5  # b claimed it while a's claim was cut off
    assert await outbox.claim(first, row_id, NOW, "a", again=True) is None  # a never takes b's claim
    assert await outbox.claim(second, row_id, NOW, "b", again=True) == 5  # b may take its own again


async def test_claims_are_put_back_only_by_a_process_that_has_beaten_steadily(two: tuple[Database, Database]) -> None:
    first, second = two
    if first.dialect == SQLITE:
        pytest.skip("one process per SQLite file: it puts its claims back at start")
    row_id = await queued_alert(first)
    assert await outbox.claim(first, row_id, NOW) == 5  # sent, then the database went away before "sent" was stored
    clock = [NOW + timedelta(minutes=2)]  # back: every heartbeat is old, the claim too
    released: list[bool] = []
    cluster = Cluster(second, lambda: clock[0], lambda _: None, lambda: released.append(True), "b", TAKEOVER)
    while clock[0] < NOW + timedelta(minutes=2) + TAKEOVER + SETTLE:
        await cluster.beat()
        row = await outbox.get_row(second, row_id)
        assert row is not None and row.status == "sending" and not released  # its holder may still store "sent"
        clock[0] += timedelta(seconds=5)
    await cluster.beat()
    assert released and (await outbox.get_row(second, row_id)).status == "pending"  # type: ignore[union-attr]


async def test_an_alert_held_longer_by_one_process_is_not_sent_early_by_the_other(
    two: tuple[Database, Database],
) -> None:
    first, second = two
    await chats_db.ensure_chat(first, 5, "private", NOW)
    night = NOW + timedelta(hours=1)
    async with first.transaction() as tx:  # held for quiet hours that end in an hour
        await outbox.enqueue(tx, [outbox.Queued(5, outbox.ALERT, "alert:1", "{}", None, night, True)], NOW)
    (row,) = await outbox.pending_after(second, 0, 10)  # the second process has it in memory, due in an hour
    later = NOW + timedelta(hours=3)
    assert await outbox.rehold(first, 5, later, NOW) == 1  # the chat's quiet hours now end later
    assert await outbox.claim(second, row.id, night) is None
    assert await outbox.held(second, row.id, night) == later  # so it waits again, until then
    assert await outbox.claim(second, row.id, later) == 5


async def test_a_source_is_polled_by_one_process_and_taken_over_when_its_holder_dies(
    two: tuple[Database, Database],
) -> None:
    first, second = two
    states = await feeds_db.sync_feeds(first, [("Viasna", "https://e.org/rss")])
    feed_id = states["Viasna"].id
    for instance, db in (("a", first), ("b", second)):
        await instances_db.beat(db, instance, NOW, NOW - timedelta(seconds=60))
    until = NOW + timedelta(minutes=10)
    attempts = (feeds_db.take_lease(db, feed_id, i, NOW, until) for i, db in (("a", first), ("b", second)))
    taken = await asyncio.gather(*attempts)
    assert sorted(taken) == [False, True]
    holder = "a" if taken[0] else "b"
    other = second if holder == "a" else first
    later = NOW + timedelta(seconds=90)  # the holder has stopped beating; the other beats on
    assert not await feeds_db.take_lease(other, feed_id, "c", NOW + timedelta(seconds=5), until)
    await instances_db.beat(other, "b" if holder == "a" else "a", later, later - timedelta(seconds=60))
    assert await feeds_db.take_lease(other, feed_id, "c", later, later + timedelta(minutes=10))


async def test_two_processes_produce_a_digest_period_once(two: tuple[Database, Database]) -> None:
    first, second = two
    await chats_db.ensure_chat(first, -100, "supergroup", NOW)

    async def produce(db: Database) -> list[digests_db.Entry] | None:
        async with db.transaction() as tx:
            return await digests_db.claim_period(tx, -100, NOW, NOW)

    results = await asyncio.gather(produce(first), produce(second))
    assert sorted(r is None for r in results) == [False, True]


async def beats(*bots: Services) -> None:
    """Each bot's heartbeat, then the first's again: every one sees every other, and they split the chats."""
    for bot in (*bots, bots[0]):
        await bot.beat()


async def two_bots(
    make_harness: Callable[..., Awaitable[Harness]], lexicon: Lexicon, quiet: str | None = None
) -> tuple[Harness, Services, Services, Clock, int]:
    """Two bots on one PostgreSQL, on one clock, past the feeds' history: the first's harness, both bots, the clock,
    and a private chat that the second sends to (with ``quiet`` hours, in UTC), watching Ihar Losik."""
    clock = Clock()
    harness, other = await make_harness(clock=clock), await make_harness(clock=clock)
    first, second = harness.services, other.services
    assert first is not None and second is not None
    await harness.poll_and_send()  # the first listing is history
    await beats(first, second)
    chat = next(c for c in range(1, 10) if second.cluster.shard.mine(c))
    assert not first.cluster.shard.mine(chat)
    await chats_db.ensure_chat(first.db, chat, "private", clock())
    await chats_db.update_chat(first.db, chat, quiet=quiet)
    losik = lexicon.parse("Ihar Losik")
    await watches_db.add_watches(first.db, chat, [(losik.typed, losik.identity)], 50, clock())
    return harness, first, second, clock, chat


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_an_alert_another_process_queued_goes_out_at_its_owners_next_heartbeat(make_harness, lexicon) -> None:  # type: ignore[no-untyped-def]
    h, first, second, clock, chat = await two_bots(make_harness, lexicon)
    h.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік выйшаў на волю", "link": "https://e.org/l"}]))
    clock.advance(minutes=11)
    await beats(first, second)
    report = await first.poll()  # the first process polls; the chat is the second's
    assert report.queued == 1 and h.telegram.messages_to(chat) == []
    await second.beat()  # only its heartbeat: nothing else wakes the second process's sender
    assert "Losik" in (await h.wait_messages(chat, 1))[0]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_quiet_hours_ended_in_one_process_free_the_alert_another_holds(make_harness, lexicon) -> None:  # type: ignore[no-untyped-def]
    h, first, second, clock, chat = await two_bots(make_harness, lexicon, quiet="23:00-08:00")
    h.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігара Лосіка затрымалі", "link": "https://e.org/l"}]))
    clock.now = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    await beats(first, second)
    assert (await first.poll()).queued == 1  # held until 08:00
    await second.beat()  # the chat's process loads it, due at 08:00
    async with asyncio.timeout(5):
        while len(second.sender.queue) != 1:  # noqa: ASYNC110 - its sender loads it on its own task
            await asyncio.sleep(0.02)
    held = await chats_db.get_chat(first.db, chat)
    assert held is not None
    await save(first.deps, held, ChatChange(quiet=None))  # the user ends the quiet hours; the first process answers
    await second.beat()
    assert "Losik" in (await h.wait_messages(chat, 1))[0]


# -- two real `releasewatch run` processes on one PostgreSQL, one killed half-way --------------------------

PEOPLE = ("Maria Kolesnikova", "Ales Bialiatski", "Viktar Babaryka", "Maksim Znak")
SURFACES = ("Марыя Калеснікава", "Алесь Бяляцкі", "Віктар Бабарыка", "Максім Знак")
CHATS = 40  # private chats, each watching one person
FEEDS = 4


EVENTS = ("вызвалены", "асуджаны да пяці гадоў калоніі", "затрыманы ў Менску")


def stories(feed: int) -> list[dict[str, str]]:
    """Three new stories per feed, each about one person: each person is in three, each time with another event
    (one event of a person reported twice would be one story, told once)."""
    return [
        {
            "title": f"{SURFACES[(feed + n) % 4]} {EVENTS[n]}: паведамленне {feed}-{n}",
            "link": f"https://e.org/{feed}/{n}",
            "guid": f"{feed}-{n}",
        }
        for n in range(3)
    ]


def listing(feed: int, history: list[dict[str, str]], new: dict[str, bool], hit: int) -> bytes:
    return rss(history + stories(feed) if new["on"] else history)


def db_value(url: str, sql: str) -> object:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(sql.encode()).fetchone()
    return None if row is None else row[0]


async def add_chats(url: str, lexicon: Lexicon) -> None:
    db = await open_database(url)
    try:
        for chat in range(1, CHATS + 1):
            await chats_db.ensure_chat(db, chat, "private", NOW)
            name = PEOPLE[chat % 4]
            await watches_db.add_watches(db, chat, [(name, lexicon.parse(name).identity)], 50, NOW)
    finally:
        await db.close()


def test_two_processes_share_the_work_and_a_killed_one_loses_nothing(
    postgres_server: str, tmp_path: Path, lexicon: Lexicon
) -> None:
    new = {"on": False}
    with pg_database(postgres_server) as url, Stage(tmp_path, url, Flood()) as stage:
        telegram = stage.telegram
        for f in range(FEEDS):
            history = [{"title": f"History {f}", "link": f"https://e.org/h{f}", "guid": f"h{f}"}]
            stage.feeds.routes[f"/f{f}.xml"] = Route(b"", body_for=functools.partial(listing, f, history, new))
        asyncio.run(add_chats(url, lexicon))
        stage.write_config({f"F{f}": f"/f{f}.xml" for f in range(FEEDS)})
        first = stage.start("first")
        wait_until(lambda: db_value(url, "SELECT COUNT(*) FROM feeds WHERE primed = 1") == FEEDS, 60, "priming")
        second = stage.start("second")
        wait_until(lambda: db_value(url, "SELECT COUNT(*) FROM instances") == 2, 60, "the second process")
        time.sleep(1.0)  # the first process's next beat (every 0.75 s) sees the second: they split the chats
        new["on"] = True
        db_value(url, "UPDATE feeds SET next_poll_at = NULL RETURNING id")  # due now
        expected = CHATS * 3
        wait_until(lambda: len(alerts(telegram)) >= 20, 60, "the first alerts")
        first.kill()  # SIGKILL: no goodbye, claims and chats left behind
        with psycopg.connect(url, autocommit=True) as conn:  # what it had on the wire (the survivor waits 3 s)
            on_the_wire = {
                (chat, link)
                for chat, link in conn.execute(
                    b"SELECT o.chat_id, i.link FROM outbox o JOIN items i ON i.id = o.story_id "
                    b"WHERE o.status = 'sending'"
                ).fetchall()
            }
        wait_until(lambda: len(alerts(telegram)) >= expected, 60, f"{expected} alerts")
        time.sleep(1.0)  # anything sent twice would arrive now
        second.terminate()
        sent = Counter(
            (m["chat_id"], re.findall(r"https://e\.org/\d+/\d+", str(m["text"]))[0]) for m in alerts(telegram)
        )
        assert len(sent) == expected, second.tail()  # every alert arrived ...
        twice = {key for key, n in sent.items() if n > 1}
        # ... once, but for what the killed process had on the wire: Telegram may have taken a message it then
        # died before recording; sending it again is the price of never losing one (at-least-once, as on SQLite)
        assert max(sent.values()) <= 2 and twice <= on_the_wire, (twice, on_the_wire)
        assert telegram.flood_errors == 0  # the two senders kept to one token's limits together
        assert second.returncode == 0, second.tail()
        # (the fake Bot API refuses a 31st message in any 0.9 s, as Telegram does about 30 a second: none was)
        busiest = max(sum(1 for m in telegram.sent if 0 <= float(m["at"]) - float(t["at"]) < 1) for t in telegram.sent)
        print(f"\n{expected} alerts, {len(twice)} sent twice ({len(on_the_wire)} on the wire at the kill), "
              f"busiest second: {busiest} messages")  # fmt: skip


def test_webhook_mode_takes_updates_from_telegram_only(tmp_path: Path) -> None:
    with Stage(tmp_path, str(tmp_path / "rw.sqlite3")) as stage:
        telegram = stage.telegram
        stage.feeds.routes["/f.xml"] = Route(rss([{"title": "Hello", "link": "https://e.org/h"}]))
        stage.write_config({"Fixture": "/f.xml"}, interval="10m")
        bot = stage.start("webhook", webhook=True)
        wait_until(lambda: telegram.webhook is not None and telegram.commands, 60, "setWebhook")
        assert telegram.webhook is not None
        assert telegram.webhook["url"] == bot.webhook
        assert len(telegram.webhook["secret_token"]) >= 32 and telegram.token not in telegram.webhook["secret_token"]
        stage.wait_ready(bot)  # its webhook server starts right after setWebhook
        telegram.user_says(11, "/status")  # posted to the webhook, with the secret
        (reply,) = telegram.wait_for_messages(11, 1)
        assert "1 configured" in reply
        forged = {"update_id": 999, "message": {"message_id": 1, "date": 0, "chat": {"id": 12, "type": "private"},
                                                "text": "/status"}}  # fmt: skip
        assert telegram.post_update(forged, secret="guessed") == 403
        time.sleep(0.3)  # a forged update would be answered by now
        assert telegram.messages_to(12) == []
        bot.terminate()
        out = bot.output()
        assert bot.returncode == 0, out
        assert "Traceback" not in out and telegram.token not in out
