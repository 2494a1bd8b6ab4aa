"""Which handler answers which update, the command throttle in front of them, and the error handler.

Every button press gets an answer: a press no handler understands is told its button is out of date, and one
whose handler failed is told why (busy, or something went wrong).
"""

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

from bot.telegram.admin import admin
from bot.telegram.channels import channel, on_forward
from bot.telegram.chat_settings import SETTING, digest, filter_command, here, lang, mode, on_button, quiet, settings, tz
from bot.telegram.context import chat_text, deps, out_of_date, reply, user_text
from bot.telegram.export import export
from bot.telegram.info import on_unknown, sources, start, status
from bot.telegram.membership import STOP, on_membership, on_migration, on_stop_answer, stop
from bot.telegram.namesakes import NAMESAKE, on_not_this_person, unexclude
from bot.telegram.throttle import Verdict
from bot.telegram.watching import SWAP, on_swap, unwatch, watch, watchlist
from storage.db import DatabaseUnavailable

log = logging.getLogger(__name__)
BUSY_LOG_EVERY = 60.0  # seconds: while the database is down, "busy" answers are logged once in this (INFO)
FALLBACK = 1  # the handler group after the commands' (0): it sees every command, and answers those none took


async def throttle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler: a user flooding the bot with commands (or, in a private chat, with any text: each
    gets an answer) gets one polite answer, then silence."""
    message, query, user = update.message, update.callback_query, update.effective_user
    is_command = message is not None and (message.text or "").startswith("/")
    answered = message is not None and message.chat.type == "private" and bool(message.text)  # /help's pointer
    if user is None or not (is_command or answered or query is not None):
        return
    s = deps(context)
    verdict = s.throttle.check(user.id, s.monotonic())
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.WARN:
        t = await chat_text(update, s)
        text = t.gettext("You are sending commands faster than I can answer. Please wait a few seconds.")
        if query is not None:
            await query.answer(text, show_alert=True)
        else:
            await reply(update, text)
    raise ApplicationHandlerStop


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command no handler of the commands' group takes (checked there, so that a handler added later counts too):
    pointed at /help where it was addressed to the bot."""
    if any(handler.check_update(update) for handler in context.application.handlers.get(0, ())):
        return
    await on_unknown(update, context)


async def on_unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press no other handler takes (a button of an older version, or data Telegram should not send)."""
    query = update.callback_query
    assert query is not None
    await out_of_date(query, await chat_text(update, deps(context)), "unknown")


class Errors:
    """The error handler: what the user is told when their update could not be handled, and what the log says.

    While the database is down (``DatabaseUnavailable``), every command and button is answered "busy" in its
    user's language (the chat's cannot be read), and the log says so at INFO once a minute at most, without a
    traceback: storage itself warns when the database goes and says when it is back. Any other error is a bug:
    logged with its traceback (and so told to the operator), and the user is told something went wrong.
    """

    def __init__(self, busy_log_every: float = BUSY_LOG_EVERY) -> None:
        self.busy_log_every = busy_log_every
        self._busy_logged_at: float | None = None

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if isinstance(error, RetryAfter | NetworkError):  # Telegram is busy or unreachable: expected
            log.warning("could not answer an update: %s: %s", type(error).__name__, error)
            return
        if isinstance(error, DatabaseUnavailable):
            await self.busy(update, context)
            raise ApplicationHandlerStop  # nor any later handler group: the update is answered
        log.error("error while handling an update", exc_info=error)
        if not isinstance(update, Update):
            return
        try:
            t = await chat_text(update, deps(context))
            await tell(update, t.gettext("Something went wrong on our side. Please try again."))
        except Exception:  # the answer itself failed: already logged above
            log.debug("could not report the error to the chat", exc_info=True)

    async def busy(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The database is unavailable: the user is asked to try again soon."""
        s = deps(context)
        now = s.monotonic()
        if self._busy_logged_at is None or now - self._busy_logged_at >= self.busy_log_every:
            self._busy_logged_at = now
            log.info("the database is unavailable: commands and buttons are answered 'busy'")
        else:
            log.debug("the database is unavailable: answered 'busy'")
        if not isinstance(update, Update):
            return
        try:
            await tell(update, user_text(update, s.catalogs).gettext("The bot is busy, try again in a minute."))
        except Exception:  # Telegram is unreachable too: nobody to tell
            log.debug("could not tell the user the bot is busy", exc_info=True)


async def tell(update: Update, text: str) -> None:
    """Answer a button press with an alert, a message with a reply; other updates have nobody to answer."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None and update.effective_chat is not None:
        await reply(update, text)


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
    app.add_handler(CallbackQueryHandler(on_button, pattern=rf"^{SETTING}:"))
    app.add_handler(CallbackQueryHandler(on_not_this_person, pattern=rf"^{NAMESAKE}:"))
    app.add_handler(CallbackQueryHandler(on_stop_answer, pattern=rf"^{STOP}:"))
    app.add_handler(CallbackQueryHandler(on_swap, pattern=rf"^{SWAP}:"))
    app.add_handler(CallbackQueryHandler(on_unknown_button))  # after the others: what none of them takes
    app.add_handler(MessageHandler(filters.FORWARDED & filters.ChatType.PRIVATE, on_forward))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_unknown))  # a question's answer, else /help
    app.add_handler(MessageHandler(filters.COMMAND, on_unknown_command), group=FALLBACK)
    app.add_handler(ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migration))
    app.add_error_handler(Errors().on_error)
