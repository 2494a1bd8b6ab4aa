"""What the bot is and how it is doing: /start, /help, /sources, /status, the command list."""

from __future__ import annotations

import html
import logging
from datetime import timedelta

from telegram import BotCommand, Update
from telegram.ext import ContextTypes

from bot.i18n import Text
from bot.telegram.commands import command_argument
from bot.telegram.context import current_chat, opened, reply, services
from bot.telegram.watching import status_of_name
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import watches as watches_db

log = logging.getLogger(__name__)


def help_text(t: Text) -> str:
    return t.gettext(
        "<b>releasewatch</b> tells you when news mentions a political prisoner you care about: "
        "released, pardoned, sentenced or detained.\n\n"
        "/watch <i>name</i> — follow a person (several: separate with commas or new lines)\n"
        "/unwatch <i>name</i> — stop following\n"
        "/watchlist — who this chat follows\n"
        "/status — health of the sources and of this chat\n"
        "/status <i>name</i> — the latest news mentioning a watched person\n"
        "/settings — alerts, daily digest, filter and language\n"
        "/sources — the news sources watched\n"
        "/stop — erase everything stored about this chat\n\n"
        "Names work in any spelling, script and grammatical case: <i>Kolesnikova</i> also finds "
        "<i>Калеснікавай</i> and <i>Kolesnikowej</i>. Add a given name to tell relatives apart."
    )


def commands(t: Text) -> list[BotCommand]:
    """The command list shown by Telegram, in one language."""
    return [
        BotCommand("watch", t.gettext("Follow a person by name")),
        BotCommand("unwatch", t.gettext("Stop following a person")),
        BotCommand("watchlist", t.gettext("Who this chat follows")),
        BotCommand("status", t.gettext("Sources' health, or news about a name")),
        BotCommand("settings", t.gettext("Alerts, digest, filter, language")),
        BotCommand("digest", t.gettext("Daily digest time and time zone")),
        BotCommand("sources", t.gettext("The news sources watched")),
        BotCommand("help", t.gettext("How to use the bot")),
        BotCommand("stop", t.gettext("Erase this chat's data")),
    ]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    chat = await current_chat(update, s)
    await reply(update, help_text(s.catalogs.get(chat.language)))


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, _, t = await opened(update, context)
    states = {f.name: f for f in await feeds_db.all_feeds(s.db)}
    lines = []
    for feed in s.config.feeds:
        state = states.get(feed.name)
        mark = "⚪" if state is None or state.last_attempt_at is None else ("🔴" if state.failures else "🟢")
        lang = f" [{feed.language}]" if feed.language else ""
        lines.append(f"{mark} {html.escape(feed.name)}{lang}")
    await reply(update, "<b>" + t.gettext("Sources") + "</b>\n" + "\n".join(lines))


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    argument = command_argument(update.effective_message.text or "")
    if argument:
        await status_of_name(update, s, chat, t, argument)
        return
    now = s.now()
    configured = {f.name for f in s.config.feeds}
    states = [f for f in await feeds_db.all_feeds(s.db) if f.name in configured]
    failing = [f for f in states if f.failures]
    never = [f for f in states if f.last_attempt_at is None]
    healthy = len(states) - len(failing) - len(never)
    last_ok = max((f.last_success_at for f in states if f.last_success_at), default=None)
    day = now - timedelta(hours=24)
    line = t.gettext("<b>Sources:</b> {configured} configured, {healthy} healthy, {failing} failing").format(
        configured=len(configured), healthy=healthy, failing=len(failing)
    )
    if never:
        line += t.gettext(", {count} not polled yet").format(count=len(never))
    lines = [line]
    for f in failing:
        since = t.datetime(f.failing_since, chat.digest_tz) if f.failing_since else "?"
        lines.append(
            "  🔴 "
            + t.gettext("{name}: {error} (failing since {since})").format(
                name=html.escape(f.name), error=html.escape(f.last_error or "error"), since=since
            )
        )
    lines.append(
        t.gettext("<b>Last successful poll:</b> {when}").format(
            when=t.datetime(last_ok, chat.digest_tz) if last_ok else t.gettext("never")
        )
    )
    lines.append(
        t.gettext("<b>Last 24 hours:</b> {items} items seen, {alerts} alerts sent").format(
            items=await items_db.count_items_since(s.db, day), alerts=await outbox.count_sent_since(s.db, day)
        )
    )
    waiting, given_up = await outbox.count_pending(s.db), await outbox.count_failed_since(s.db, day)
    if waiting or given_up:
        lines.append(
            t.gettext("<b>Delivery:</b> {waiting} messages waiting, {failed} given up in 24 hours").format(
                waiting=waiting, failed=given_up
            )
        )
    lines.append(
        t.gettext("<b>This chat watches:</b> {count} names").format(count=await watches_db.count_watches(s.db, chat.id))
    )
    await reply(update, "\n".join(lines))
