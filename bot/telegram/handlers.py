"""Which handler answers which update, the command throttle in front of them, and the error handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.i18n import pick_language
from bot.telegram.admin import admin
from bot.telegram.channels import channel, on_forward
from bot.telegram.context import reply, services
from bot.telegram.export import export
from bot.telegram.info import sources, start, status
from bot.telegram.membership import STOP, on_membership, on_migration, on_stop_answer, stop
from bot.telegram.namesakes import NAMESAKE, on_answer, on_not_this_person, unexclude
from bot.telegram.settings import digest, filter_command, here, lang, mode, on_button, quiet, settings, tz
from bot.telegram.throttle import Verdict
from bot.telegram.watching import SWAP, on_swap, unwatch, watch, watchlist
from storage import chats as chats_db

log = logging.getLogger(__name__)


async def throttle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler: a user flooding the bot with commands gets one polite answer, then silence."""
    message, query, user = update.message, update.callback_query, update.effective_user
    is_command = message is not None and (message.text or "").startswith("/")
    if user is None or not (is_command or query is not None):
        return
    s = services(context)
    verdict = s.throttle.check(user.id, s.monotonic())
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.WARN:
        chat = await chats_db.get_chat(s.db, update.effective_chat.id) if update.effective_chat else None
        t = s.catalogs.get(chat.language if chat else pick_language(user.language_code))
        text = t.gettext("You are sending commands faster than I can answer. Please wait a few seconds.")
        if query is not None:
            await query.answer(text, show_alert=True)
        else:
            await reply(update, text)
    raise ApplicationHandlerStop


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if isinstance(context.error, RetryAfter | NetworkError):  # Telegram is busy or unreachable: expected
        log.warning("could not answer an update: %s: %s", type(context.error).__name__, context.error)
        return
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            s = services(context)
            chat = await chats_db.get_chat(s.db, update.effective_chat.id) if update.effective_chat else None
            user = update.effective_user
            t = s.catalogs.get(chat.language if chat else pick_language(user.language_code if user else None))
            await reply(update, t.gettext("Something went wrong on our side. Please try again."))
        except Exception:  # the reply itself failed: already logged above
            log.debug("could not report the error to the chat", exc_info=True)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, throttle), group=-1)
    for name, callback in (
        ("start", start),
        ("help", start),
        ("watch", watch),
        ("unwatch", unwatch),
        ("watchlist", watchlist),
        ("sources", sources),
        ("status", status),
        ("stop", stop),
        ("settings", settings),
        ("mode", mode),
        ("digest", digest),
        ("filter", filter_command),
        ("lang", lang),
        ("unexclude", unexclude),
        ("admin", admin),
        ("export", export),
        ("tz", tz),
        ("quiet", quiet),
        ("here", here),
        ("channel", channel),
    ):
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^set:"))
    app.add_handler(CallbackQueryHandler(on_not_this_person, pattern=rf"^{NAMESAKE}:"))
    app.add_handler(CallbackQueryHandler(on_stop_answer, pattern=rf"^{STOP}:"))
    app.add_handler(CallbackQueryHandler(on_swap, pattern=rf"^{SWAP}:"))
    app.add_handler(MessageHandler(filters.FORWARDED & filters.ChatType.PRIVATE, on_forward))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_answer))
    app.add_handler(ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migration))
    app.add_error_handler(on_error)
