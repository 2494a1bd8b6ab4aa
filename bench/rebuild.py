"""The matcher at 10,000 chats × 10 watches: event-loop stalls, memory, and a name everybody watches.

Run: .venv/bin/python bench/rebuild.py [--chats 10000] [--per-chat 10] [--seed 1]

Every chat watches ``--per-chat`` names: one of them is Maria Kolesnikova (typed four ways),
the others come from a pool of generated names, so watches repeat across chats as they do
in real communities. A heartbeat task measures the longest time the event loop could not
run while:

- the matcher is built from the database at start-up (``MatcherCache.sync``);
- one more ``/watch`` is caught up with;
- an item naming Kolesnikova is matched and decided for the 10,000 chats that watch her.

The bot freezes the garbage collector's view of its long-lived objects after loading the
dictionaries and after the first build (``gc.freeze``, in ``bot.app``); this benchmark does
the same. In the same run, the previous design for comparison: every watch parsed and
compiled in one go on the event loop (what a rebuild after any /watch did).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import tempfile
import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from match import watches as generated_names

from bot.matching import Lexicon, Matcher
from bot.pipeline.decide import decide
from bot.pipeline.match import MatcherCache
from storage import chats as chats_db
from storage import watches as watches_db
from storage.db import open_database

T = TypeVar("T")
KOLESNIKOVA = ("Maria Kolesnikova", "Kolesnikova", "Калеснікава", "Мария Колесникова")
ITEM = "Марыю Калеснікаву вызвалілі і вывезлі з краіны, паведамляе Вясна."


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


async def stalls(work: Awaitable[T]) -> tuple[T, float, float]:
    """Run ``work`` next to a 1 ms heartbeat: (its result, seconds it took, the longest stall in seconds)."""
    longest = 0.0
    done = False

    async def heartbeat() -> None:
        nonlocal longest
        while not done:
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            longest = max(longest, time.perf_counter() - t - 0.001)

    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    result = await work
    took = time.perf_counter() - started
    done = True
    await beat
    return result, took, longest


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--per-chat", type=int, default=10)
    parser.add_argument("--pool", type=int, default=3000, help="distinct generated names")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lexicon = Lexicon()
    lexicon.common_words.load()  # the dictionaries and word lists, as Services.start does off the loop
    gc.freeze()  # as Services.open does
    pool = list(generated_names(args.pool, rng).values())
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(Path(folder) / "bench.sqlite3")
        t0 = time.perf_counter()
        for chat in range(1, args.chats + 1):
            names = [KOLESNIKOVA[chat % 4], *rng.sample(pool, args.per_chat - 1)]
            await chats_db.ensure_chat(db, chat, "private", now)
            await watches_db.add_watches(db, chat, [(n, lexicon.parse(n).identity) for n in names], 50, now)
        print(f"setup: {args.chats} chats × {args.per_chat} watches stored in {time.perf_counter() - t0:.0f} s")
        gc.collect()

        before = rss_mb()
        cache = MatcherCache(lexicon)
        added, took, longest = await stalls(cache.sync(db))
        gc.freeze()  # as Services.start does after the first build
        print(f"start-up build: {added} watches as {cache.patterns} patterns in {took:.1f} s; "
              f"longest event-loop stall {longest * 1000:.0f} ms; memory +{rss_mb() - before:.0f} MB")  # fmt: skip

        await watches_db.add_watches(db, 1, [("Ihar Losik", lexicon.parse("Ihar Losik").identity)], 50, now)
        _, took, longest = await stalls(cache.sync(db))
        print(f"one /watch caught up in {took * 1000:.1f} ms; longest stall {longest * 1000:.1f} ms")

        async def match_and_decide() -> int:
            _, found = cache.match(ITEM)
            targets = {t.watch_id: t for t in await watches_db.targets(db, found)}
            return len(decide(found, targets, ITEM))

        chats, took, longest = await stalls(match_and_decide())
        print(f"an item naming Kolesnikova: {chats} chats decided in {took * 1000:.0f} ms "
              f"(longest stall {longest * 1000:.0f} ms)")  # fmt: skip
        all_watches = await watches_db.watches_after(db, 0, 10**9)
        await db.close()

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    matcher = Matcher(lexicon, {str(w.id): lexicon.parse(w.name) for w in all_watches})
    took = time.perf_counter() - started
    print(f"previous design, same run: a rebuild on the loop stalls it {took:.1f} s "
          f"(memory +{rss_mb() - before:.0f} MB for {len(matcher)} compiled watches)")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
