"""Drain the outbox: claim due rows, send them within limits, mark them.

``RetryAfter`` and network errors put a row back with a delay; ``Forbidden`` (blocked,
kicked) retires the chat; a group that became a supergroup moves to its new id; a
message Telegram refuses as malformed is marked failed (it would fail again). Nothing
is deleted before it is sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.delivery.ratelimit import RateLimiter
from bot.delivery.render import render_alert
from bot.i18n import Catalogs
from storage import chats as chats_db
from storage import items as items_db
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
BATCH = 50
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass
class Sender:
    db: Database
    bot: Bot
    limiter: RateLimiter
    catalogs: Catalogs
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    monotonic: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._lock = asyncio.Lock()

    async def drain(self, now: datetime) -> int:
        """Send every due row; the number sent. One drain at a time."""
        sent = 0
        async with self._lock:
            while rows := await outbox.claim_due(self.db, now, BATCH):
                for row in rows:
                    sent += await self._send(row, now)
                if len(rows) < BATCH:
                    break
        return sent

    async def wait_idle(self) -> None:
        """Return once no drain is running (for a clean shutdown)."""
        async with self._lock:
            await outbox.release_claims(self.db)

    async def _send(self, row: OutboxRow, now: datetime) -> int:
        text = await self._render(row)
        if text is None:
            await outbox.mark_failed(self.db, row.id, "the story is no longer stored")
            return 0
        delay = self.limiter.reserve(row.chat_id, self.monotonic())
        if delay > 0:
            await self.sleep(delay)
        try:
            await self.bot.send_message(row.chat_id, text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
        except RetryAfter as e:
            retry = _retry_after(e)
            await outbox.mark_retry(self.db, row.id, now + retry, "flood control")
            return 0
        except ChatMigrated as e:
            await chats_db.migrate_chat(self.db, row.chat_id, e.new_chat_id)
            await outbox.mark_retry(self.db, row.id, now, "chat migrated")
            return 0
        except Forbidden:
            log.info("chat %s blocked or removed the bot; retiring it", row.chat_id)
            await chats_db.deactivate_chat(self.db, row.chat_id)
            return 0
        except BadRequest as e:
            log.warning("outbox row %s refused by Telegram: %s", row.id, e.message)
            await outbox.mark_failed(self.db, row.id, e.message)
            return 0
        except (NetworkError, TelegramError) as e:
            await self._retry_later(row, now, str(e))
            return 0
        await outbox.mark_sent(self.db, row.id, datetime.now(UTC))
        return 1

    async def _retry_later(self, row: OutboxRow, now: datetime, error: str) -> None:
        if row.attempts + 1 >= MAX_ATTEMPTS:
            await outbox.mark_failed(self.db, row.id, error)
        else:
            await outbox.mark_retry(self.db, row.id, now + timedelta(seconds=15 * 2**row.attempts), error)

    async def _render(self, row: OutboxRow) -> str | None:
        if row.kind == outbox.DIGEST:
            return row.payload  # rendered when the digest was produced
        chat = await chats_db.get_chat(self.db, row.chat_id)
        items = await items_db.get_items(self.db, [row.story_id] if row.story_id else [])
        if not items or chat is None:
            return None
        item = items[0]
        p = json.loads(row.payload)
        return render_alert(
            self.catalogs.get(chat.language),
            chat.digest_tz,
            names=p["names"],
            surfaces=p["surfaces"],
            event=p.get("event", "other"),
            title=item.title,
            link=item.link,
            summary=item.summary if _mentions(item.summary, p["surfaces"]) else f"{item.title}\n{item.summary}",
            source=item.feed_name,
            when=item.published_at or item.seen_at,
        )


def _retry_after(e: RetryAfter) -> timedelta:
    value = e.retry_after  # a timedelta with PTB_TIMEDELTA=1 (see app.build_application), else seconds
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def _mentions(text: str, surfaces: list[str]) -> bool:
    return any(s in text for s in surfaces)
