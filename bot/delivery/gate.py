"""Every request the bot makes passes here (python-telegram-bot's ``BaseRateLimiter`` hook).

Messages that handlers send (replies, edits, introductions) wait for a slot of the shared
``RateLimiter`` and go before alerts: while a reply waits, the sender keeps the reply's
chat and one more share of the global rate free (``waiting``). A 429 blocks the chat in
the limiter, for the sender too, and the reply is tried again after the delay. The sender's
own messages carry ``SENDER``: it booked their slot itself. Handlers' messages are counted in
``metrics`` (when given) as kind ``reply``; the sender counts its own.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.delivery.ratelimit import RateLimiter
from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)
SENDER = {"booked": True}
REPLY_TRIES = 3
REPLY = "reply"  # the metrics' message kind of whatever handlers send
_LIMITED = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendDocument",
        "sendPhoto",
        "copyMessage",
        "forwardMessage",
    }
)


def retry_after(e: RetryAfter) -> float:
    """Seconds to wait (``retry_after`` is a timedelta with PTB_TIMEDELTA=1, else seconds)."""
    value = e.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramGate(BaseRateLimiter[dict[str, Any]]):
    def __init__(
        self,
        limiter: RateLimiter,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        metrics: Metrics | None = None,
    ) -> None:
        self.limiter = limiter
        self.monotonic = monotonic
        self.sleep = sleep
        self.metrics = metrics  # counts replies (sent, failed, 429s); set by whoever builds the bot's metrics
        self.waiting: Counter[int] = Counter()  # chat id -> replies waiting for a slot
        self.flood_waits = 0  # 429s answered to replies

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        if rate_limit_args == SENDER or endpoint not in _LIMITED or not isinstance(chat_id, int):
            return await callback(*args, **kwargs)
        try:
            answer = await self._reply(callback, args, kwargs, chat_id)
        except Exception:
            if self.metrics is not None:
                self.metrics.failed.labels(REPLY).inc()
            raise
        if self.metrics is not None:
            self.metrics.sent.labels(REPLY).inc()
        return answer

    async def _reply(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        chat_id: int,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """A handler's message, in its turn, tried again after flood control."""
        for attempt in range(1, REPLY_TRIES + 1):
            await self._slot(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as e:
                self.flood_waits += 1
                if self.metrics is not None:
                    self.metrics.flood_waits.inc()
                self.limiter.block(chat_id, self.monotonic() + retry_after(e))
                if attempt == REPLY_TRIES:
                    raise
                log.info("flood control on a reply: waiting %.0f s", retry_after(e))
        raise AssertionError("unreachable")

    async def _slot(self, chat_id: int) -> None:
        """Wait until a message to ``chat_id`` may go, and book it."""
        self.waiting[chat_id] += 1
        try:
            while (at := self.limiter.ready_at(chat_id, self.monotonic())) > self.monotonic():
                await self.sleep(at - self.monotonic())
            self.limiter.book(chat_id, self.monotonic())
        finally:
            self.waiting[chat_id] -= 1
            if not self.waiting[chat_id]:
                del self.waiting[chat_id]

    @property
    def replies_waiting(self) -> int:
        return sum(self.waiting.values())
