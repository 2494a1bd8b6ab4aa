"""Channels, managed from a private chat: ``/channel @name`` (or a post forwarded from the channel) selects it,
then ``/watch``, ``/settings`` and the rest apply to the channel, whose alerts and digests are posted there;
``/channel off`` returns to the private chat. Only the channel's administrators, checked with Telegram, may.
"""

from __future__ import annotations

import html

from telegram import Chat as TgChat
from telegram import MessageOriginChannel, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.commands import command_argument
from bot.telegram.context import current_chat, deps, reply
from storage import chats as chats_db

CAN_POST = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def channel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/channel @name, /channel off, /channel (which one is managed)."""
    s = deps(context)
    message, tg_chat = update.effective_message, update.effective_chat
    assert message is not None and tg_chat is not None
    own = await current_chat(update, s, own=True)
    t = s.catalogs.get(own.language)
    if tg_chat.type != TgChat.PRIVATE:
        await reply(update, t.gettext("Manage a channel from a private chat with me: /channel @name there."))
        return
    target = command_argument(message.text or "")
    if target.lower() == "off":
        await chats_db.update_chat(s.db, own.id, manages=None)
        await reply(update, "✓ " + t.gettext("Back to this chat: commands apply to it again."))
        return
    if not target:
        if own.manages:
            text = t.gettext("Commands apply to the channel <b>{title}</b> (/channel off: this chat again).").format(
                title=await channel_title(context, own.manages)
            )
        else:
            text = t.gettext("Send <code>/channel @name</code>, or forward a post from the channel, to manage it here.")
        await reply(update, text)
        return
    await select(update, context, target if target.startswith("@") or target.lstrip("-").isdigit() else "@" + target)


async def on_forward(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A post forwarded from a channel into the private chat: manage that channel."""
    message = update.effective_message
    origin = message.forward_origin if message else None
    if isinstance(origin, MessageOriginChannel):
        await select(update, context, origin.chat.id)


async def select(update: Update, context: ContextTypes.DEFAULT_TYPE, target: str | int) -> None:
    s = deps(context)
    user = update.effective_user
    own = await current_chat(update, s, own=True)
    t = s.catalogs.get(own.language)
    try:
        found = await context.bot.get_chat(target)
    except TelegramError:
        found = None
    if found is None or found.type != TgChat.CHANNEL:
        await reply(update, t.gettext("I cannot find that channel. Is its name right, and am I a member?"))
        return
    if user is None or not await s.admins.is_admin(context.bot, TgChat(found.id, TgChat.CHANNEL), user.id):
        await reply(update, t.gettext("Only the channel's administrators can manage it."))
        return
    try:
        me = await context.bot.get_chat_member(found.id, context.bot.id)
    except TelegramError:
        me = None
    if me is None or me.status not in CAN_POST:
        await reply(update, t.gettext("Add me to the channel as an administrator who may post, then try again."))
        return
    await chats_db.ensure_chat(s.db, found.id, "channel", s.now(), own.language, None)
    await chats_db.update_chat(s.db, own.id, manages=found.id)
    title = html.escape(found.title or str(found.id))
    await reply(
        update,
        "✓ "
        + t.gettext(
            "Now managing <b>{title}</b>: /watch, /watchlist, /settings and the other commands apply to it, and its "
            "alerts and digests are posted there. <code>/channel off</code> returns to this chat."
        ).format(title=title),
    )


async def channel_title(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> str:
    """A channel's title as Telegram has it now (nothing about it is stored), else its id; escaped."""
    try:
        found = await context.bot.get_chat(chat_id)
    except TelegramError:
        return str(chat_id)
    return html.escape(found.title or str(chat_id))
