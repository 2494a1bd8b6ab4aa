"""What every handler starts with: what it may use (``Deps``), the chat and its language, the right to change
things, replies."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram import Chat as TgChat
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes

from bot.config import FeedConfig
from bot.delivery.compose import NO_PREVIEW
from bot.delivery.render import pack_lines
from bot.i18n import Catalogs, Text, default_zone, pick_language
from bot.matching import InvalidWatch, Lexicon, WatchSpec
from bot.telegram.commands import command_argument, split_names
from bot.telegram.permissions import AdminCheck
from bot.telegram.throttle import CommandThrottle
from storage import chats as chats_db
from storage.chats import Chat
from storage.db import Database

log = logging.getLogger(__name__)
_DEPS = "deps"  # the key of the handlers' Deps in python-telegram-bot's bot_data


@dataclass(frozen=True, slots=True)
class Deps:
    """Everything a handler may use, built by the composition root (``bot.app``) and handed to the handlers
    through the application (``provide``; a handler reads it with ``deps(context)``)."""

    db: Database
    catalogs: Catalogs
    lexicon: Lexicon
    admins: AdminCheck
    throttle: CommandThrottle
    feeds: tuple[FeedConfig, ...]  # the configured sources, for /sources, /status and /admin
    max_watches: int  # names one chat may watch
    operator_chat: int | None  # where /admin works
    now: Callable[[], datetime]
    monotonic: Callable[[], float]
    recheck_held: Callable[[], None]  # a chat's held alerts changed: this process's sender looks at them again


def provide(application: Application, given: Deps) -> None:  # type: ignore[type-arg]
    """Hand the handlers what they may use (before the application takes updates)."""
    application.bot_data[_DEPS] = given


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    """What a handler may use."""
    found = context.bot_data[_DEPS]
    assert isinstance(found, Deps), "the application was not given its Deps (bot.app provides them)"
    return found


async def current_chat(update: Update, s: Deps, own: bool = False) -> Chat:
    """The chat the update is about: its own chat (created on first contact in its user's Telegram language), or
    the channel a private chat manages (``/channel``) while its user is still that channel's administrator."""
    tg_chat = update.effective_chat
    assert tg_chat is not None
    user = update.effective_user
    code = user.language_code if user else None
    chat = await chats_db.ensure_chat(s.db, tg_chat.id, tg_chat.type, s.now(), pick_language(code), default_zone(code))
    if own or chat.manages is None or user is None:
        return chat
    managed = await chats_db.get_chat(s.db, chat.manages)
    channel = TgChat(chat.manages, TgChat.CHANNEL)
    if managed is None or not managed.active or not await s.admins.is_admin(update.get_bot(), channel, user.id):
        return chat  # the channel is gone, or they are no longer its administrator: their own chat again
    return managed


async def opened(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Deps, Chat, Text]:
    """What every handler starts with: what it may use, the chat and its language."""
    s = deps(context)
    chat = await current_chat(update, s)
    return s, chat, s.catalogs.get(chat.language)


async def pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, own: bool = False
) -> tuple[Deps, CallbackQuery, Chat, Text]:
    """What every button handler starts with: what it may use, the button press, the chat (with ``own``, the one the
    button is in, even where commands apply to a channel) and its language."""
    s = deps(context)
    query = update.callback_query
    assert query is not None and query.message is not None
    chat = await current_chat(update, s, own)
    return s, query, chat, s.catalogs.get(chat.language)


def user_text(update: Update, catalogs: Catalogs) -> Text:
    """The language of the user who sent the update (their Telegram app's), English when it is not one of ours:
    for answers that cannot read the chat's stored language."""
    user = update.effective_user
    return catalogs.get(pick_language(user.language_code if user else None))


async def chat_text(update: Update, s: Deps) -> Text:
    """The chat's stored language, else its user's: for answers that must not create the chat."""
    chat = await chats_db.get_chat(s.db, update.effective_chat.id) if update.effective_chat else None
    return s.catalogs.get(chat.language) if chat and chat.language else user_text(update, s.catalogs)


async def out_of_date(query: CallbackQuery, t: Text, button: str) -> None:
    """A press this version cannot act on (a button of an older version, data Telegram should not have sent):
    the user is told so. The log names the kind of button only, never its data (it may hold a watched name)."""
    log.warning("a button press this version cannot act on (%s): answered that it is out of date", button)
    await query.answer(t.gettext("This button is out of date."))


def invalid(t: Text, e: InvalidWatch) -> str:
    """Why a name was refused, in the chat's language, escaped."""
    return html.escape(t.gettext(e.template).format(**e.params))


def parse_names(s: Deps, t: Text, names: list[str]) -> list[WatchSpec | str]:
    """Each name as a watch, or as the reply line saying why it is not one, in the order typed."""
    out: list[WatchSpec | str] = []
    for name in names:
        try:
            out.append(s.lexicon.parse(name))
        except InvalidWatch as e:
            out.append(f"✗ {html.escape(name[:80])}: {invalid(t, e)}.")
    return out


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat: one message, or several when the text is longer than Telegram allows."""
    assert update.effective_message is not None
    parts = pack_lines(text.split("\n"))
    for n, part in enumerate(parts):
        await update.effective_message.reply_text(
            part,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=markup if n == len(parts) - 1 else None,
        )


async def may_press(context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, t: Text) -> bool:
    """May the user who pressed a button change this chat? Says so with an alert when not."""
    assert query.message is not None
    user = query.from_user
    if await deps(context).admins.is_admin(context.bot, query.message.chat, user.id if user else None):
        return True
    await query.answer(t.gettext("Sorry, only this group's administrators can change this."), show_alert=True)
    return False


async def allowed(update: Update, context: ContextTypes.DEFAULT_TYPE, t: Text) -> bool:
    """May the sender change this chat's watchlist and settings? Says so when not."""
    message = update.effective_message
    assert message is not None
    if await deps(context).admins.may_change(context.bot, message):
        return True
    await reply(update, t.gettext("Sorry, only this group's administrators can change this."))
    return False


async def names_argument(update: Update, context: ContextTypes.DEFAULT_TYPE, t: Text, example: str) -> list[str] | None:
    """The names after /watch or /unwatch, once the sender may change the watchlist."""
    message = update.effective_message
    assert message is not None
    names = split_names(command_argument(message.text or ""))
    if not names:
        await reply(update, t.gettext("Tell me whom, e.g. <code>{example}</code>.").format(example=example))
        return None
    return names if await allowed(update, context, t) else None
