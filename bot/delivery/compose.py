"""What an outbox row becomes on Telegram: the Bot API call that delivers it, rendered as its chat reads it now.

An alert is rendered when it is sent, not when it was queued: in the chat's language and time
zone of that moment, with the sources that reported its story meanwhile. An edit re-renders
a sent alert; it waits while that alert is still on its way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode

from bot.delivery.gate import SENDER
from bot.delivery.render import render_alert
from bot.i18n import Catalogs
from bot.pipeline.decide import AlertPayload
from bot.pipeline.parse import shorten
from storage import chats as chats_db
from storage import items as items_db
from storage import outbox
from storage import stories as stories_db
from storage.chats import Chat
from storage.db import Database
from storage.outbox import OutboxRow, Status

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
LATER, NOTHING = "later", "nothing"  # what an edit does when its alert is still on its way, or gone
NAMESAKE = "np"  # the callback of "Not this person": np:<watch id>
NAMESAKE_BUTTONS = 3

Call = Callable[[], Awaitable[object]]


class Composer:
    def __init__(self, db: Database, bot: Bot, catalogs: Catalogs) -> None:
        self.db = db
        self.bot = bot
        self.catalogs = catalogs

    async def call(self, row: OutboxRow) -> Call | str:
        """The Bot API call that delivers the row, or what to do instead (LATER, NOTHING, or why it cannot go)."""
        chat = await chats_db.get_chat(self.db, row.chat_id)  # its language, zone and topic: read once
        if row.kind == outbox.EDIT:
            original = await outbox.get_row(self.db, int(row.payload))
            if original is None or original.status is Status.FAILED:
                return NOTHING  # the alert it would edit is gone
            if original.status is not Status.SENT or original.message_id is None:
                return LATER
            edited = await self._render(original.row, chat)
            if edited is None:
                return NOTHING
            message_id = original.message_id
            keep = self._buttons(original.row, chat)
            return lambda: self.bot.edit_message_text(
                edited,
                chat_id=row.chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=keep,
                rate_limit_args=SENDER,  # type: ignore[call-arg]  # ExtBot's extra argument
            )
        text = await self._render(row, chat)
        if text is None:
            return "the story is no longer stored"
        buttons = self._buttons(row, chat)
        return lambda: self.bot.send_message(
            row.chat_id,
            text,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=buttons,
            disable_notification=row.silent,
            message_thread_id=chat.topic if chat else None,  # a forum's chosen topic (/here)
            rate_limit_args=SENDER,  # type: ignore[call-arg]  # ExtBot's extra argument
        )

    def _buttons(self, row: OutboxRow, chat: Chat | None) -> InlineKeyboardMarkup | None:
        """Under an alert: "Not this person", for each person it names (a namesake is news for nobody)."""
        if row.kind != outbox.ALERT:
            return None
        p = AlertPayload.from_json(row.payload)
        pairs = list(zip(p.names, p.watches, strict=False))[:NAMESAKE_BUTTONS]  # version 1 rows may have no watches
        if not pairs:
            return None
        t = self.catalogs.get(chat.language if chat else None)
        label = t.gettext("Not this person")
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        f"🚫 {label}" + (f": {shorten(name, 30)}" if len(pairs) > 1 else ""),
                        callback_data=f"{NAMESAKE}:{watch}",
                    )
                ]
                for name, watch in pairs
            ]
        )

    async def _render(self, row: OutboxRow, chat: Chat | None) -> str | None:
        if row.kind in (outbox.DIGEST, outbox.NOTICE):
            return row.payload  # rendered when it was queued
        items = await items_db.get_items(self.db, [row.story_id] if row.story_id else [])
        if not items or chat is None:
            return None
        item = items[0]
        p = AlertPayload.from_json(row.payload)
        also = (await stories_db.also_reported(self.db, row.chat_id, [item.story_id])).get(item.story_id, [])
        return render_alert(
            self.catalogs.get(chat.language),
            chat.digest_tz,
            names=list(p.names),
            surfaces=list(p.surfaces),
            event=p.event,
            title=item.title,
            link=item.link,
            summary=item.summary if _mentions(item.summary, p.surfaces) else f"{item.title}\n{item.summary}",
            source=item.feed_name,
            when=item.published_at or item.seen_at,
            updated=p.updated,
            also=[(i.feed_name, i.link) for i in also],
            events=list(p.events) or None,
        )


def _mentions(text: str, surfaces: tuple[str, ...]) -> bool:
    return any(s in text for s in surfaces)
