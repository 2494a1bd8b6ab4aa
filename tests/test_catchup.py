"""Catching up with new rows while other processes write: a row committed out of id order is still seen.

On PostgreSQL two processes insert at once and commit in another order than their ids
(storage/catchup.py); SQLite has one writer process, whose ids commit in order.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest

from bot.matching import Lexicon
from bot.pipeline.match import MatcherCache
from storage import chats as chats_db
from storage import outbox
from storage import watches as watches_db
from storage.db import Database, open_database
from tests.conftest import pg_database

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
NAMES = ["Maria Kolesnikova", "Ihar Losik", "Ales Bialiatski", "Maksim Znak", "Viktar Babaryka", "Andrzej Poczobut"]


@pytest.fixture
def pg_url(postgres_server: str) -> Iterator[str]:
    with pg_database(postgres_server) as url:
        yield url


@pytest.fixture
async def three(pg_url: str) -> AsyncIterator[tuple[Database, Database, Database]]:
    """Two writing processes and a reading one, on one PostgreSQL database."""
    dbs = [await open_database(pg_url) for _ in range(3)]
    for chat_id in (1, 2):
        await chats_db.ensure_chat(dbs[0], chat_id, "private", NOW)
    yield dbs[0], dbs[1], dbs[2]
    for db in dbs:
        await db.close()


async def insert_watch(db: Database, chat_id: int, name: str) -> None:
    await watches_db.add_watches(db, chat_id, [(name, name.casefold())], 1000, NOW)


async def test_a_watch_committed_after_a_later_one_was_read_is_still_compiled(
    three: tuple[Database, Database, Database], lexicon: Lexicon
) -> None:
    first, second, reader = three
    cache = MatcherCache(lexicon)
    inserted, go_on = asyncio.Event(), asyncio.Event()

    async def slow() -> None:  # takes the lower id, commits last
        async with first.transaction() as tx:
            await tx.execute(
                "INSERT INTO watches (chat_id, name, identity, created_at) VALUES (1, 'Ihar Losik', 'losik', ?)",
                (NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),),
            )
            inserted.set()
            await go_on.wait()

    task = asyncio.create_task(slow())
    await inserted.wait()
    await insert_watch(second, 2, "Maria Kolesnikova")
    assert await cache.sync(reader) == 1  # Kolesnikova; Losik's transaction is still open
    go_on.set()
    await task
    assert await cache.sync(reader) == 1  # Losik: a lower id than one already read
    assert await cache.sync(reader) == 0  # nothing is compiled twice
    _, found = cache.match("Ігар Лосік і Марыя Калеснікава на волі")
    assert len(found) == 2


async def test_an_outbox_row_committed_out_of_id_order_is_loaded(three: tuple[Database, Database, Database]) -> None:
    first, second, reader = three
    place = outbox.new_pending()
    inserted, go_on = asyncio.Event(), asyncio.Event()

    async def slow() -> None:
        async with first.transaction() as tx:
            await outbox.enqueue(tx, [outbox.Queued(1, outbox.NOTICE, "n:1", "first")], NOW)
            inserted.set()
            await go_on.wait()

    task = asyncio.create_task(slow())
    await inserted.wait()
    async with second.transaction() as tx:
        await outbox.enqueue(tx, [outbox.Queued(2, outbox.NOTICE, "n:2", "second")], NOW)
    assert [r.payload for r in await outbox.next_pending(reader, place, 100)] == ["second"]
    go_on.set()
    await task
    again = await outbox.next_pending(reader, place, 100)
    assert "first" in [r.payload for r in again]  # "second" may come again: the sender skips what it has


async def test_concurrent_watches_from_two_processes_are_all_seen_by_a_reader_syncing_meanwhile(
    three: tuple[Database, Database, Database], lexicon: Lexicon
) -> None:
    first, second, reader = three
    cache = MatcherCache(lexicon)
    rng = random.Random(16)
    done = asyncio.Event()

    async def write(db: Database, chat_id: int) -> None:
        for i in range(60):
            async with db.transaction() as tx:
                await tx.execute(
                    "INSERT INTO watches (chat_id, name, identity, created_at) VALUES (?, ?, ?, ?)",
                    (chat_id, NAMES[i % len(NAMES)], f"w{i}", NOW.strftime("%Y-%m-%dT%H:%M:%SZ")),
                )
                await asyncio.sleep(rng.random() / 500)  # commit a moment later: the other one may overtake

    async def read() -> None:
        while not done.is_set():
            await cache.sync(reader)
            await asyncio.sleep(0)

    reading = asyncio.create_task(read())
    await asyncio.gather(write(first, 1), write(second, 2))
    done.set()
    await reading
    await cache.sync(reader)
    assert cache.watches == 120
