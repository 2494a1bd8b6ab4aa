"""Unexpected errors, told to the operator's chat: rate-limited, and without message texts or watched names.

``AlarmHandler`` is a logging handler: whatever logs an error with a traceback (PTB's
error handler, a failed job, the sender or the poller catching a bug) reaches the
operator, from one place. The notice names the logger, the exception's type and the line
that raised it; never the exception's text, which may quote a message or a name.
"""

from __future__ import annotations

import asyncio
import html
import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from telegram.error import InvalidToken, NetworkError, RetryAfter

EVERY = timedelta(minutes=15)  # one notice per kind of error per quarter of an hour
PER_HOUR = 10  # and no more than this in all
EXPECTED = (NetworkError, RetryAfter, InvalidToken, TimeoutError, ConnectionError)


@dataclass(frozen=True, slots=True)
class Fault:
    where: str  # the logger and function
    kind: str  # the exception's type
    line: str  # file:line that raised it

    @classmethod
    def of(cls, record: logging.LogRecord) -> Fault | None:
        error = record.exc_info[1] if record.exc_info else None
        if error is None or isinstance(error, EXPECTED):
            return None
        frames = traceback.extract_tb(error.__traceback__)
        line = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        return cls(f"{record.name}.{record.funcName}", type(error).__name__, line)


@dataclass
class AlarmLimit:
    """Pure: may a notice about ``fault`` go now? Counts what it holds back, to say so in the next one."""

    every: timedelta = EVERY
    per_hour: int = PER_HOUR
    _last: dict[tuple[str, str], datetime] = field(default_factory=dict)
    _held: dict[tuple[str, str], int] = field(default_factory=dict)
    _hour: list[datetime] = field(default_factory=list)

    def allow(self, fault: Fault, now: datetime) -> int | None:
        """None: hold it back; else the number of like errors held back since the last notice."""
        key = (fault.where, fault.kind)
        self._hour = [t for t in self._hour if t > now - timedelta(hours=1)]
        last = self._last.get(key)
        if (last is not None and now - last < self.every) or len(self._hour) >= self.per_hour:
            self._held[key] = self._held.get(key, 0) + 1
            return None
        self._last[key] = now
        self._hour.append(now)
        return self._held.pop(key, 0)


def notice(fault: Fault, held: int) -> str:
    more = f" (and {held} more like it)" if held else ""
    return (
        f"⚠️ <b>Unexpected error</b>{more}\n{html.escape(fault.kind)} in <code>{html.escape(fault.where)}</code>"
        f" at <code>{html.escape(fault.line)}</code>. The log has the details."
    )


class AlarmHandler(logging.Handler):
    """Logs errors with a traceback to the operator's chat through ``send(text)`` (a coroutine)."""

    def __init__(
        self, send: Callable[[str], Awaitable[None]], now: Callable[[], datetime], limit: AlarmLimit | None = None
    ) -> None:
        super().__init__(logging.ERROR)
        self.send = send
        self.now = now
        self.limit = limit or AlarmLimit()
        self.loop = asyncio.get_running_loop()
        self.counted: Callable[[str], None] = lambda where: None
        self._tasks: set[asyncio.Task[None]] = set()

    def emit(self, record: logging.LogRecord) -> None:
        fault = Fault.of(record)
        if fault is None:
            return
        self.counted(fault.where)
        self.loop.call_soon_threadsafe(self._report, fault)

    def _report(self, fault: Fault) -> None:
        held = self.limit.allow(fault, self.now())
        if held is None or self.loop.is_closed():
            return
        task = self.loop.create_task(self._send(notice(fault, held)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, text: str) -> None:
        try:
            await self.send(text)
        except Exception as e:  # told nobody; logged below ERROR so that it does not come back here
            logging.getLogger(__name__).warning("could not tell the operator about an error: %s", type(e).__name__)

    async def drain(self) -> None:
        """Wait for notices on their way (at stop)."""
        await asyncio.gather(*self._tasks, return_exceptions=True)
