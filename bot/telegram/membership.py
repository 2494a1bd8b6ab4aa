"""A chat's life with the bot: added to a group, removed or blocked, unblocked, upgraded, erased (/stop)."""

from __future__ import annotations

import logging

from telegram import Chat as TgChat
from telegram import ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.ext import ContextTypes

from bot.telegram.channels import channel_title
from bot.telegram.commands import button_fields
from bot.telegram.context import allowed, current_chat, deps, may_press, opened, out_of_date, pressed, reply
from storage import chats as chats_db
from storage import watches as watches_db

log = logging.getLogger(__name__)


STOP = "stop"  # the confirmation buttons' callback data: stop:yes, stop:no


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stop asks first: erasing a watchlist cannot be undone."""
    s, chat, t = await opened(update, context)
    if not await allowed(update, context, t):
        return
    count = len(await watches_db.chat_watches(s.db, chat.id))
    if chat.kind == TgChat.CHANNEL:  # managed from this private chat (/channel): the channel is what is erased
        question = t.ngettext(
            "Erase everything stored about the channel <b>{title}</b>: its watchlist ({count} person), settings "
            "and messages waiting? This cannot be undone. This private chat is kept (to erase it: "
            "<code>/channel off</code>, then /stop).",
            "Erase everything stored about the channel <b>{title}</b>: its watchlist ({count} people), settings "
            "and messages waiting? This cannot be undone. This private chat is kept (to erase it: "
            "<code>/channel off</code>, then /stop).",
            count,
        ).format(count=count, title=await channel_title(context, chat.id))
    else:
        question = t.ngettext(
            "Erase everything stored about this chat: its watchlist ({count} person), settings and messages "
            "waiting? This cannot be undone.",
            "Erase everything stored about this chat: its watchlist ({count} people), settings and messages "
            "waiting? This cannot be undone.",
            count,
        ).format(count=count)
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t.gettext("Erase everything"), callback_data=f"{STOP}:yes"),
                InlineKeyboardButton(t.gettext("Keep it"), callback_data=f"{STOP}:no"),
            ]
        ]
    )
    await reply(update, question, buttons)


async def on_stop_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to /stop's question: ``stop:yes`` or ``stop:no``."""
    s, query, chat, t = await pressed(update, context)
    fields = button_fields(query.data, STOP, 1)
    if fields is None or fields[0] not in ("yes", "no"):
        await out_of_date(query, t, STOP)
        return
    if not await may_press(context, query, t):
        return
    await query.answer()
    if fields[0] == "no":
        await query.edit_message_text(t.gettext("Kept: nothing was erased."))
        return
    erased = await chats_db.delete_chat(s.db, chat.id)
    watches, messages = (erased.watches, erased.messages + erased.digest_entries) if erased else (0, 0)
    if chat.kind == TgChat.CHANNEL:
        done = t.gettext(
            "Erased: the channel's watchlist ({watches}), its settings, and {messages}. Nothing about the channel is "
            "kept; commands apply to this chat again."
        )
    else:
        done = t.gettext(
            "Erased: the watchlist ({watches}), the settings, and {messages}. Nothing about this chat is kept. "
            "Send /start to begin again."
        )
    stored = t.ngettext(
        "{n} stored message or digest entry", "{n} stored messages and digest entries", messages
    ).format(n=messages)
    await query.edit_message_text(done.format(watches=watches, messages=stored))


async def on_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to a group (introduce itself), removed or blocked (retire the chat), or unblocked."""
    s = deps(context)
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
        s = deps(context)
        await chats_db.migrate_chat(s.db, message.chat.id, message.migrate_to_chat_id)
