"""A chat's life with the bot: added to a group, removed or blocked, unblocked, upgraded, erased (/stop)."""

from __future__ import annotations

import logging

from telegram import Chat as TgChat
from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.ext import ContextTypes

from bot.telegram.context import allowed, current_chat, opened, reply, services
from storage import chats as chats_db

log = logging.getLogger(__name__)


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    if not await allowed(update, context, t):
        return
    await chats_db.delete_chat(s.db, chat.id)
    await reply(
        update,
        t.gettext(
            "Done: everything stored about this chat (watchlist, settings, pending messages) is erased. "
            "Send /start to begin again."
        ),
    )


async def on_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to a group (introduce itself), removed or blocked (retire the chat), or unblocked."""
    s = services(context)
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    gone = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
    was_in = change.old_chat_member.status not in gone
    is_in = change.new_chat_member.status not in gone
    if was_in and not is_in:
        await chats_db.deactivate_chat(s.db, change.chat.id)
        return
    if was_in or not is_in:
        return
    if change.chat.type == TgChat.PRIVATE:  # unblocked: alerts resume for a chat we know, nothing is created
        if await chats_db.get_chat(s.db, change.chat.id) is not None:
            await current_chat(update, s)
        return
    chat = await current_chat(update, s)
    t = s.catalogs.get(chat.language)
    intro = t.gettext(
        "Hello! I follow the news about political prisoners and tell this group when someone it cares about "
        "is released, sentenced or detained.\n\nAdministrators: add names with <code>/watch Name</code>, "
        "choose the time of the daily digest with <code>/digest 20:00 Europe/Vilnius</code> and see "
        "everything in /settings. Anyone can read /watchlist and /status."
    )
    await context.bot.send_message(change.chat.id, intro, parse_mode=ParseMode.HTML)


async def on_migration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: keep its watchlist and settings under the new id."""
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        s = services(context)
        await chats_db.migrate_chat(s.db, message.chat.id, message.migrate_to_chat_id)
