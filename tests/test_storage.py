"""The database's one writer, and the matcher kept up to date from it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.matching import Lexicon
from bot.pipeline.match import MatcherCache
from storage import chats as chats_db
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import watches as watches_db
from storage.db import Database, migrations, open_database

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
async def db(database_url: str):  # type: ignore[no-untyped-def]
    database = await open_database(database_url)
    yield database
    await database.close()


async def test_concurrent_transactions_take_turns_and_never_see_each_other(db: Database) -> None:
    await chats_db.ensure_chat(db, 1, "private", NOW)

    async def add(n: int) -> None:
        async with db.transaction() as tx:
            count = await tx.fetchval("SELECT COUNT(*) FROM watches")
            await asyncio.sleep(0)  # another coroutine runs here: it must not join this transaction
            await tx.execute(
                "INSERT INTO watches (chat_id, name, identity, created_at) VALUES (1, ?, ?, 'x')", (f"n{count}", n)
            )

    await asyncio.gather(*(add(n) for n in range(50)))
    assert await watches_db.count_watches(db, 1) == 50  # each saw the one before it: serialised


async def test_a_failed_transaction_rolls_back_only_itself(db: Database) -> None:
    await chats_db.ensure_chat(db, 1, "private", NOW)
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO watches (chat_id, name, identity, created_at) VALUES (1, 'a', 'a', 'x')")
            raise RuntimeError
    assert await watches_db.add_watches(db, 1, [("b", "b")], 50, NOW) == [watches_db.Added.ADDED]
    assert [w.name for w in await watches_db.chat_watches(db, 1)] == ["b"]


async def test_a_cancelled_transaction_leaves_no_transaction_open(db: Database) -> None:
    inside = asyncio.Event()

    async def hang() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO chats (id, kind, created_at) VALUES (5, 'private', 'x')")
            inside.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(hang())
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await chats_db.get_chat(db, 5) is None
    await chats_db.ensure_chat(db, 6, "private", NOW)  # the writer is free again


async def test_the_matcher_catches_up_by_id_shares_identical_watches_and_forgets_deleted_ones(
    db: Database, lexicon: Lexicon
) -> None:
    cache = MatcherCache(lexicon)
    for chat in (1, 2, 3):
        await chats_db.ensure_chat(db, chat, "private", NOW)
    for chat, name in ((1, "Kolesnikova"), (2, "Колесникова"), (3, "Maria Kolesnikova")):
        await watches_db.add_watches(db, chat, [(name, lexicon.parse(name).identity)], 50, NOW)
    assert await cache.sync(db) == 3
    assert cache.watches == 3 and cache.patterns == 2  # the two surname-only watches are one pattern
    _, found = cache.match("Марыю Калеснікаву вызвалілі")
    assert len(found) == 3
    await watches_db.add_watches(db, 1, [("Babariko", lexicon.parse("Babariko").identity)], 50, NOW)
    assert await cache.sync(db) == 1  # only the new one
    assert len(cache.match("Бабарыка")[1]) == 1
    await watches_db.remove_watch(db, 1, lexicon.parse("Babariko").identity)
    _, found = cache.match("Бабарыка")
    alive = {t.watch_id for t in await watches_db.targets(db, found)}
    cache.forget(set(found) - alive)
    assert cache.match("Бабарыка")[1] == {} and cache.patterns == 2


async def test_replacing_a_watch_keeps_its_exclusions_and_never_makes_two(db: Database, lexicon: Lexicon) -> None:
    await chats_db.ensure_chat(db, 1, "private", NOW)
    wide, narrow = lexicon.parse("Kolesnikova"), lexicon.parse("Maria Kolesnikova")
    await watches_db.add_watches(db, 1, [("Kolesnikova", wide.identity)], 50, NOW)
    (old,) = await watches_db.chat_watches(db, 1)
    await watches_db.set_exclusions(db, old.id, ["футбол"])
    assert await watches_db.replace_watch(db, 1, old.id, "Maria Kolesnikova", narrow.identity, NOW)
    (new,) = await watches_db.chat_watches(db, 1)
    assert (new.name, new.exclusions) == ("Maria Kolesnikova", ("футбол",)) and new.id > old.id
    assert not await watches_db.replace_watch(db, 1, old.id, "Kolesnikova", wide.identity, NOW)  # gone
    assert not await watches_db.replace_watch(db, 2, new.id, "Kolesnikova", wide.identity, NOW)  # not that chat's
    assert not await watches_db.replace_watch(db, 1, new.id, "Maria Kolesnikova", narrow.identity, NOW)  # taken
    assert [w.id for w in await watches_db.chat_watches(db, 1)] == [new.id]


async def test_upgrading_a_database_keeps_everything_and_prunes_nothing_still_listed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path)
    for version, sql in migrations()[:2]:  # a database as the previous release left it
        raw.executescript(sql)
        raw.execute(f"PRAGMA user_version = {version}")
    raw.executescript(
        """
        INSERT INTO chats (id, kind, created_at) VALUES (1, 'private', '2026-09-01T00:00:00Z');
        INSERT INTO watches (id, chat_id, name, identity, created_at) VALUES (7, 1, 'Losik', 'l', 'x');
        INSERT INTO feeds (id, name, url, primed, last_success_at)
            VALUES (1, 'Viasna', 'https://e.org/rss', 1, '2026-11-24T11:50:00Z');
        INSERT INTO items (id, feed_id, guid, title, summary, seen_at, story_id)
            VALUES (1, 1, 'old', 'Seen in September, still listed', '', '2026-09-01T00:00:00Z', 1);
        INSERT INTO outbox (id, chat_id, kind, dedupe_key, story_id, payload, not_before, created_at)
            VALUES (3, 1, 'alert', 'alert:1', 1, '{}', '2026-09-01T00:00:00Z', '2026-09-01T00:00:00Z');
        """
    )
    raw.commit()
    raw.close()
    db = await open_database(path)
    try:
        assert await items_db.prune_items(db, NOW - timedelta(days=30)) == 0
        feed = (await feeds_db.all_feeds(db))[0]
        assert feed.primed and feed.listed_at is not None
        (row,) = await outbox.pending_after(db, 0, 10)
        assert row.id == 3
        await watches_db.remove_watch(db, 1, "l")
        await watches_db.add_watches(db, 1, [("Znak", "z")], 50, NOW)
        assert [w.id for w in await watches_db.chat_watches(db, 1)] == [8]  # ids go on from the old ones
    finally:
        await db.close()
