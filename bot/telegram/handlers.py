"""Command handlers. Each reads the services from ``context.bot_data`` and replies in HTML."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.delivery.send import NO_PREVIEW
from bot.matching import InvalidWatch, Matcher
from bot.telegram.commands import MAX_WATCHES_PER_CHAT, command_argument, split_names
from storage import chats as chats_db
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import watches as watches_db

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger(__name__)

HELP = """<b>releasewatch</b> tells you when news mentions a political prisoner you care about: \
released, pardoned, sentenced or detained.

/watch <i>name</i> — follow a person (several: separate with commas or new lines)
/unwatch <i>name</i> — stop following
/watchlist — who this chat follows
/sources — the news sources watched
/status — health of the sources and of this chat
/status <i>name</i> — the latest news mentioning a watched person
/stop — erase everything stored about this chat

Names work in any spelling, script and grammatical case: <i>Kolesnikova</i> also finds \
<i>Калеснікавай</i> and <i>Kolesnikowej</i>. Add a given name to tell relatives apart."""

COMMANDS = [
    BotCommand("watch", "Follow a person by name"),
    BotCommand("unwatch", "Stop following a person"),
    BotCommand("watchlist", "Who this chat follows"),
    BotCommand("status", "Sources' health, or news about a name"),
    BotCommand("sources", "The news sources watched"),
    BotCommand("help", "How to use the bot"),
    BotCommand("stop", "Erase this chat's data"),
]


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]  # type: ignore[no-any-return]


async def reply(update: Update, text: str) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    chat = update.effective_chat
    assert chat is not None
    await chats_db.ensure_chat(s.db, chat.id, chat.type, s.now())
    await reply(update, HELP)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, HELP)


async def _allowed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    s = services(context)
    message = update.effective_message
    assert message is not None
    if await s.admins.may_change(context.bot, message):
        return True
    await reply(update, "Sorry, only this group's administrators can change what it watches.")
    return False


async def watch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    names = split_names(command_argument(message.text or ""))
    if not names:
        await reply(update, "Tell me whom to watch, e.g. <code>/watch Maria Kolesnikova</code>.")
        return
    if not await _allowed(update, context):
        return
    await chats_db.ensure_chat(s.db, chat.id, chat.type, s.now())
    lines: list[str] = []
    count = await watches_db.count_watches(s.db, chat.id)
    changed = False
    for name in names:
        try:
            spec = s.lexicon.parse(name)
        except InvalidWatch as e:
            lines.append(f"✗ {html.escape(name[:80])}: {html.escape(str(e))}.")
            continue
        if count >= MAX_WATCHES_PER_CHAT:
            lines.append(f"✗ {html.escape(name)}: this chat already watches {MAX_WATCHES_PER_CHAT} names, the maximum.")
            continue
        if not await watches_db.add_watch(s.db, chat.id, spec.typed, spec.identity, s.now()):
            lines.append(f"✗ {html.escape(spec.typed)}: already on the watchlist.")
            continue
        count += 1
        changed = True
        forms = ", ".join(html.escape(f) for f in s.lexicon.forms(spec))
        lines.append(f"✓ Watching <b>{html.escape(spec.typed)}</b>: matches {forms} in any case and spelling.")
    if changed:
        s.matchers.invalidate()
    await reply(update, "\n".join(lines))


async def unwatch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    names = split_names(command_argument(message.text or ""))
    if not names:
        await reply(update, "Tell me whom to stop watching, e.g. <code>/unwatch Kolesnikova</code>.")
        return
    if not await _allowed(update, context):
        return
    lines = []
    for name in names:
        try:
            spec = s.lexicon.parse(name)
        except InvalidWatch as e:
            lines.append(f"✗ {html.escape(name[:80])}: {html.escape(str(e))}.")
            continue
        removed = await watches_db.remove_watch(s.db, chat.id, spec.identity)
        if removed is None:
            lines.append(f"✗ {html.escape(spec.typed)} is not on the watchlist (see /watchlist).")
        else:
            s.matchers.invalidate()
            lines.append(f"✓ No longer watching <b>{html.escape(removed)}</b>.")
    await reply(update, "\n".join(lines))


async def watchlist(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    assert update.effective_chat is not None
    watches = await watches_db.chat_watches(s.db, update.effective_chat.id)
    if not watches:
        await reply(update, "This chat watches nobody yet. Add a name with <code>/watch Name</code>.")
        return
    body = "\n".join(f"• {html.escape(w.name)}" for w in watches)
    await reply(update, f"<b>Watching {len(watches)} of at most {MAX_WATCHES_PER_CHAT}:</b>\n{body}")


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    states = {f.name: f for f in await feeds_db.all_feeds(s.db)}
    lines = []
    for feed in s.config.feeds:
        state = states.get(feed.name)
        mark = "⚪" if state is None or state.last_attempt_at is None else ("🔴" if state.failures else "🟢")
        lang = f" [{feed.language}]" if feed.language else ""
        lines.append(f"{mark} {html.escape(feed.name)}{lang}")
    await reply(update, "<b>Sources</b>\n" + "\n".join(lines))


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    argument = command_argument(message.text or "")
    if argument:
        await _status_of_name(update, s, argument)
        return
    now = s.now()
    configured = {f.name for f in s.config.feeds}
    states = [f for f in await feeds_db.all_feeds(s.db) if f.name in configured]
    failing = [f for f in states if f.failures]
    never = [f for f in states if f.last_attempt_at is None]
    healthy = len(states) - len(failing) - len(never)
    last_ok = max((f.last_success_at for f in states if f.last_success_at), default=None)
    day = now - timedelta(hours=24)
    lines = [
        f"<b>Sources:</b> {len(configured)} configured, {healthy} healthy, {len(failing)} failing"
        + (f", {len(never)} not polled yet" if never else ""),
    ]
    for f in failing:
        since = _ago(now, f.failing_since)
        lines.append(f"  🔴 {html.escape(f.name)}: {html.escape(f.last_error or 'error')} (failing since {since})")
    lines.append(f"<b>Last successful poll:</b> {_ago(now, last_ok)}")
    lines.append(
        f"<b>Last 24 hours:</b> {await items_db.count_items_since(s.db, day)} items seen, "
        f"{await outbox.count_sent_since(s.db, day)} alerts sent"
    )
    lines.append(f"<b>This chat watches:</b> {await watches_db.count_watches(s.db, chat.id)} names")
    await reply(update, "\n".join(lines))


async def _status_of_name(update: Update, s: Services, name: str) -> None:
    try:
        spec = s.lexicon.parse(name)
    except InvalidWatch as e:
        await reply(update, f"✗ {html.escape(str(e))}.")
        return
    matcher = Matcher(s.lexicon, {"x": spec})
    found = []
    for item in await items_db.recent_stories(s.db, 500):
        if matcher.find(f"{item.title}\n{item.summary}").mentions:
            found.append(item)
            if len(found) == 10:
                break
    if not found:
        await reply(update, f"No stored news mentions <b>{html.escape(spec.typed)}</b> yet.")
        return
    lines = [f"<b>Latest news mentioning {html.escape(spec.typed)}:</b>"]
    for item in found:
        when = (item.published_at or item.seen_at).strftime("%d %b %Y")
        title = html.escape(item.title)
        if item.link:
            title = f'<a href="{html.escape(item.link, quote=True)}">{title}</a>'
        lines.append(f"• {when} · {html.escape(item.feed_name)}: {title}")
    await reply(update, "\n".join(lines))


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    assert update.effective_chat is not None
    if not await _allowed(update, context):
        return
    await chats_db.delete_chat(s.db, update.effective_chat.id)
    s.matchers.invalidate()
    await reply(
        update,
        "Done: everything stored about this chat (its watchlist and pending alerts) is erased. "
        "Send /start to begin again.",
    )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await reply(update, "Something went wrong on our side; nothing was changed. Please try again later.")
        except Exception:  # the reply itself failed: already logged above
            log.debug("could not report the error to the chat", exc_info=True)


def _ago(now: datetime, when: datetime | None) -> str:
    if when is None:
        return "never"
    minutes = int((now - when).total_seconds() // 60)
    stamp = when.astimezone(UTC).strftime("%d %b %H:%M UTC")
    if minutes < 1:
        return f"{stamp} (just now)"
    if minutes < 120:
        return f"{stamp} ({minutes} min ago)"
    return f"{stamp} ({minutes // 60} h ago)"


def register(app: Application) -> None:  # type: ignore[type-arg]
    for name, callback in (
        ("start", start),
        ("help", help_command),
        ("watch", watch),
        ("unwatch", unwatch),
        ("watchlist", watchlist),
        ("sources", sources),
        ("status", status),
        ("stop", stop),
    ):
        app.add_handler(CommandHandler(name, callback))
    app.add_error_handler(on_error)
