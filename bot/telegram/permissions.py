"""Who may change a group's watchlist: its administrators, checked with Telegram, cached briefly."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Bot, Chat, Message
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

CACHE_SECONDS = 120.0


@dataclass
class AdminCheck:
    clock: Callable[[], float] = time.monotonic
    ttl: float = CACHE_SECONDS
    _cache: dict[tuple[int, int], tuple[float, bool]] = field(default_factory=dict)

    async def may_change(self, bot: Bot, message: Message) -> bool:
        """May the sender of ``message`` change its chat's watchlist and settings?"""
        chat = message.chat
        if message.sender_chat is not None and message.sender_chat.id == chat.id:
            return True  # an anonymous administrator posts as the group itself
        user = message.from_user
        return await self.is_admin(bot, chat, user.id if user else None)

    async def is_admin(self, bot: Bot, chat: Chat, user_id: int | None) -> bool:
        if chat.type == Chat.PRIVATE:
            return True
        if user_id is None:
            return False
        key = (chat.id, user_id)
        now = self.clock()
        hit = self._cache.get(key)
        if hit and now - hit[0] < self.ttl:
            return hit[1]
        try:
            member = await bot.get_chat_member(chat.id, user_id)
            allowed = member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
        except TelegramError:
            allowed = False
        self._cache[key] = (now, allowed)
        return allowed
