"""How late the event loop runs: a task that asks to wake every ``period`` and measures how late it woke.

A handler or a job that blocks the loop (a slow regular expression, a synchronous read)
delays every chat at once; this is how the health check and the metrics see it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

PERIOD = 0.5  # seconds between looks
WINDOW = 60.0  # the lag reported is the worst of the last minute


class LoopLag:
    def __init__(self, period: float = PERIOD, window: float = WINDOW, clock: Callable[[], float] = time.monotonic):
        self.period = period
        self.window = window
        self.clock = clock
        self.last_tick: float | None = None  # when the watcher last ran: a loop blocked now shows here
        self._samples: deque[tuple[float, float]] = deque()  # (when, lag)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name="loop lag")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def record(self, at: float, lag: float) -> None:
        self.last_tick = at
        self._samples.append((at, max(0.0, lag)))
        while self._samples and self._samples[0][0] < at - self.window:
            self._samples.popleft()

    def worst(self) -> float:
        """The longest stall seen in the window, in seconds."""
        return max((lag for _, lag in self._samples), default=0.0)

    async def _watch(self) -> None:
        while True:
            before = self.clock()
            await asyncio.sleep(self.period)
            after = self.clock()
            self.record(after, after - before - self.period)
