"""One compiled matcher for every watch of every chat, kept up to date without rebuilding.

Watches that match exactly the same mentions (``WatchSpec.pattern``: "Kolesnikova" typed by
10,000 chats, or "Колесникова" by another) are compiled once, as one pattern that lists
its watch ids. ``sync`` catches up with new watches (``storage.catchup``: none is missed when
another process commits them out of id order), yielding
to the event loop every few milliseconds, so neither the first build at start-up nor a
burst of ``/watch`` commands stalls the bot. Deleted watches are dropped when deciding
finds they no longer exist (``forget``). Which chat a watch belongs to, and whether that
chat is active, is read at deciding time, so a chat that comes back, moves to a new id or
is erased is right on the next item without any notice to this cache.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

from bot.matching import InvalidWatch, Lexicon, Matcher, MatchResult, WatchSpec
from bot.pipeline.decide import Hit
from storage import watches as watches_db
from storage.db import Reader

BATCH = 500  # watches read per query while catching up
SLICE = 0.01  # seconds of work between two yields to the event loop
_PARSED_LIMIT = 100_000


class MatcherCache:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.matcher = Matcher(lexicon, {})
        self.place = watches_db.new_watches()  # where catching up with new watches stands
        self._patterns: dict[tuple[object, ...], tuple[str, set[int]]] = {}  # pattern -> (matcher key, watch ids)
        self._of_watch: dict[int, tuple[object, ...]] = {}
        self._by_key: dict[str, set[int]] = {}  # matcher key -> watch ids (the same sets as in _patterns)
        self._parsed: dict[str, WatchSpec | None] = {}  # by the name as typed: many chats type the same
        self._lock = asyncio.Lock()
        self._next_key = 0

    @property
    def watches(self) -> int:
        return len(self._of_watch)

    @property
    def patterns(self) -> int:
        return len(self._patterns)

    async def sync(self, db: Reader) -> int:
        """Compile the watches added since the last sync; the number added."""
        async with self._lock:
            added = 0
            started = time.perf_counter()
            while batch := await watches_db.next_watches(db, self.place, BATCH):
                for watch in batch:
                    spec = None if watch.id in self._of_watch else self._parse(watch.name)
                    if spec is not None:
                        self._add(watch.id, spec)
                        added += 1
                    if time.perf_counter() - started > SLICE:
                        await asyncio.sleep(0)
                        started = time.perf_counter()
                if len(batch) < BATCH:
                    break
            return added

    def forget(self, watch_ids: Iterable[int]) -> None:
        """Drop watches that no longer exist."""
        for watch_id in watch_ids:
            pattern = self._of_watch.pop(watch_id, None)
            if pattern is None:
                continue
            key, ids = self._patterns[pattern]
            ids.discard(watch_id)
            if not ids:
                del self._patterns[pattern]
                del self._by_key[key]
                self.matcher.remove(key)

    def match(self, text: str) -> tuple[MatchResult, dict[int, Hit]]:
        """The item's result, and for every watch it mentions the surfaces found (in mention order) and its event."""
        result = self.matcher.find(text)
        by_key: dict[str, list[str]] = {}
        for m in result.mentions:
            surfaces = by_key.setdefault(m.watch, [])
            if m.surface not in surfaces:
                surfaces.append(m.surface)
        found: dict[int, Hit] = {}
        for key, surfaces in by_key.items():
            hit = Hit(tuple(surfaces), result.person_events.get(key, result.event).value)
            for watch_id in self._by_key[key]:
                found[watch_id] = hit
        return result, found

    def _parse(self, typed: str) -> WatchSpec | None:
        if typed not in self._parsed:
            if len(self._parsed) >= _PARSED_LIMIT:
                self._parsed.clear()
            try:
                self._parsed[typed] = self.lexicon.parse(typed, check=False)  # stored: it was accepted once
            except InvalidWatch:
                self._parsed[typed] = None  # stored by an older version whose rules were looser
        return self._parsed[typed]

    def _add(self, watch_id: int, spec: WatchSpec) -> None:
        pattern = spec.pattern
        entry = self._patterns.get(pattern)
        if entry is None:
            key = f"p{self._next_key}"
            self._next_key += 1
            entry = self._patterns[pattern] = (key, set())
            self._by_key[key] = entry[1]
            self.matcher.add(key, spec)
        entry[1].add(watch_id)
        self._of_watch[watch_id] = pattern
