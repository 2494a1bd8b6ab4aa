"""Command, button and membership handlers. Replies are HTML in the chat's language."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from telegram import BotCommand, ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram import Chat as TgChat
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.delivery.digest import next_slot, parse_hhmm, valid_zone
from bot.delivery.send import NO_PREVIEW
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, Text, pick_language
from bot.matching import InvalidWatch, Matcher, WatchSpec
from bot.telegram.commands import MAX_WATCHES_PER_CHAT, command_argument, split_names
from storage import chats as chats_db
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import watches as watches_db
from storage.chats import BOTH, DIGEST, INSTANT, Chat

if TYPE_CHECKING:
    from bot.app import Services

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


def invalid(t: Text, e: InvalidWatch) -> str:
    """Why a name was refused, in the chat's language, escaped."""
    return html.escape(t.gettext(e.template).format(**e.params))


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]  # type: ignore[no-any-return]


async def current_chat(update: Update, s: Services) -> Chat:
    """The chat, created on first contact in its user's Telegram language."""
    tg_chat = update.effective_chat
    assert tg_chat is not None
    user = update.effective_user
    language = pick_language(user.language_code if user else None)
    return await chats_db.ensure_chat(s.db, tg_chat.id, tg_chat.type, s.now(), language)


async def opened(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Services, Chat, Text]:
    """What every handler starts with: the services, the chat and its language."""
    s = services(context)
    chat = await current_chat(update, s)
    return s, chat, s.catalogs.get(chat.language)


def parsed(s: Services, t: Text, names: list[str], lines: list[str]) -> Iterator[WatchSpec]:
    """The names that parse as watches; a line in ``lines`` for each that does not."""
    for name in names:
        try:
            yield s.lexicon.parse(name)
        except InvalidWatch as e:
            lines.append(f"✗ {html.escape(name[:80])}: {invalid(t, e)}.")


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, reply_markup=markup
    )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    chat = await current_chat(update, s)
    await reply(update, help_text(s.catalogs.get(chat.language)))


async def _allowed(update: Update, context: ContextTypes.DEFAULT_TYPE, t: Text) -> bool:
    message = update.effective_message
    assert message is not None
    if await services(context).admins.may_change(context.bot, message):
        return True
    await reply(update, t.gettext("Sorry, only this group's administrators can change this."))
    return False


async def _names(update: Update, context: ContextTypes.DEFAULT_TYPE, t: Text, example: str) -> list[str] | None:
    """The names after /watch or /unwatch, once the sender may change the watchlist."""
    message = update.effective_message
    assert message is not None
    names = split_names(command_argument(message.text or ""))
    if not names:
        await reply(update, t.gettext("Tell me whom, e.g. <code>{example}</code>.").format(example=example))
        return None
    return names if await _allowed(update, context, t) else None


async def watch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    names = await _names(update, context, t, "/watch Maria Kolesnikova")
    if names is None:
        return
    lines: list[str] = []
    count = await watches_db.count_watches(s.db, chat.id)
    for spec in parsed(s, t, names, lines):
        typed = html.escape(spec.typed)
        if count >= MAX_WATCHES_PER_CHAT:
            lines.append(
                "✗ "
                + t.gettext("{name}: this chat already watches {max} names, the maximum.").format(
                    name=typed, max=MAX_WATCHES_PER_CHAT
                )
            )
        elif not await watches_db.add_watch(s.db, chat.id, spec.typed, spec.identity, s.now()):
            lines.append("✗ " + t.gettext("{name}: already on the watchlist.").format(name=typed))
        else:
            count += 1
            s.matchers.invalidate()
            forms = ", ".join(html.escape(f) for f in s.lexicon.forms(spec))
            lines.append(
                "✓ "
                + t.gettext("Watching <b>{name}</b>: matches {forms} in any case and spelling.").format(
                    name=typed, forms=forms
                )
            )
    await reply(update, "\n".join(lines))


async def unwatch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    names = await _names(update, context, t, "/unwatch Kolesnikova")
    if names is None:
        return
    lines: list[str] = []
    for spec in parsed(s, t, names, lines):
        removed = await watches_db.remove_watch(s.db, chat.id, spec.identity)
        if removed is None:
            lines.append(
                "✗ "
                + t.gettext("{name} is not on the watchlist (see /watchlist).").format(name=html.escape(spec.typed))
            )
        else:
            s.matchers.invalidate()
            lines.append("✓ " + t.gettext("No longer watching <b>{name}</b>.").format(name=html.escape(removed)))
    await reply(update, "\n".join(lines))


async def watchlist(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    watches = await watches_db.chat_watches(s.db, chat.id)
    if not watches:
        await reply(update, t.gettext("This chat watches nobody yet. Add a name with <code>/watch Name</code>."))
        return
    body = "\n".join(f"• {html.escape(w.name)}" for w in watches)
    head = t.gettext("Watching {count} of at most {max}:").format(count=len(watches), max=MAX_WATCHES_PER_CHAT)
    await reply(update, f"<b>{head}</b>\n{body}")


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
        await _status_of_name(update, s, chat, t, argument)
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
    lines.append(
        t.gettext("<b>This chat watches:</b> {count} names").format(count=await watches_db.count_watches(s.db, chat.id))
    )
    await reply(update, "\n".join(lines))


async def _status_of_name(update: Update, s: Services, chat: Chat, t: Text, name: str) -> None:
    try:
        spec = s.lexicon.parse(name)
    except InvalidWatch as e:
        await reply(update, f"✗ {invalid(t, e)}.")
        return
    matcher = Matcher(s.lexicon, {"x": spec})
    found = []
    for item in await items_db.recent_stories(s.db, 500):
        if matcher.find(f"{item.title}\n{item.summary}").mentions:
            found.append(item)
            if len(found) == 10:
                break
    typed = html.escape(spec.typed)
    if not found:
        await reply(update, t.gettext("No stored news mentions <b>{name}</b> yet.").format(name=typed))
        return
    lines = [t.gettext("<b>Latest news mentioning {name}:</b>").format(name=typed)]
    for item in found:
        when = t.datetime(item.published_at or item.seen_at, chat.digest_tz, "d MMM yyyy")
        title = html.escape(item.title)
        if item.link:
            title = f'<a href="{html.escape(item.link, quote=True)}">{title}</a>'
        lines.append(f"• {when} · {html.escape(item.feed_name)}: {title}")
    await reply(update, "\n".join(lines))


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    if not await _allowed(update, context, t):
        return
    await chats_db.delete_chat(s.db, chat.id)
    s.matchers.invalidate()
    await reply(
        update,
        t.gettext(
            "Done: everything stored about this chat (watchlist, settings, pending messages) is erased. "
            "Send /start to begin again."
        ),
    )


# -- settings -------------------------------------------------------------------------


def describe_settings(chat: Chat, t: Text, s: Services) -> str:
    modes = {
        INSTANT: t.gettext("instant alerts"),
        DIGEST: t.gettext("daily digest"),
        BOTH: t.gettext("instant alerts and a daily digest"),
    }
    if chat.digest_on:
        nxt = next_slot(s.now(), chat.digest_time, chat.digest_tz)
        digest = t.gettext("at {time} {zone}; next: {next}").format(
            time=chat.digest_time, zone=chat.digest_tz, next=t.datetime(nxt, chat.digest_tz)
        )
        if not chat.digest_quiet:
            digest += t.gettext(", with a note on days without news")
    else:
        digest = t.gettext("off")
    lines = [
        "<b>" + t.gettext("Settings") + "</b>",
        t.gettext("Delivery: {mode}").format(mode=modes[chat.mode]),
        t.gettext("Digest: {digest}").format(digest=html.escape(digest)),
        t.gettext("Filter: {filter}").format(
            filter=t.gettext("releases only") if chat.releases_only else t.gettext("every mention")
        ),
        t.gettext("Language: {language}").format(language=LANGUAGE_NAMES.get(chat.language or "en", "English")),
    ]
    return "\n".join(lines)


def settings_keyboard(chat: Chat, t: Text) -> InlineKeyboardMarkup:
    def mark(on: bool, label: str) -> str:
        return f"• {label}" if on else label

    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    mark(chat.mode == INSTANT, t.gettext("Instant")), callback_data="set:mode:instant"
                ),
                InlineKeyboardButton(mark(chat.mode == DIGEST, t.gettext("Digest")), callback_data="set:mode:digest"),
                InlineKeyboardButton(mark(chat.mode == BOTH, t.gettext("Both")), callback_data="set:mode:both"),
            ],
            [
                InlineKeyboardButton(
                    mark(chat.releases_only, t.gettext("Releases only")), callback_data="set:filter:releases"
                ),
                InlineKeyboardButton(
                    mark(not chat.releases_only, t.gettext("All mentions")), callback_data="set:filter:all"
                ),
            ],
            [
                InlineKeyboardButton(
                    t.gettext("Digest off") if chat.digest_on else t.gettext("Digest on"),
                    callback_data="set:digest:" + ("off" if chat.digest_on else "on"),
                ),
            ],
            [
                InlineKeyboardButton(mark(chat.language == code, code.upper()), callback_data=f"set:lang:{code}")
                for code in LANGUAGES
            ],
        ]
    )


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    await reply(update, describe_settings(chat, t, s), settings_keyboard(chat, t))


def apply_setting(chat: Chat, key: str, value: str) -> dict[str, object] | None:
    """The storage change a setting (from a command or a button) means, or None when invalid."""
    if key == "mode" and value in (INSTANT, DIGEST, BOTH):
        return {"mode": value}
    if key == "filter" and value in ("releases", "all"):
        return {"releases_only": int(value == "releases")}
    if key == "lang" and value in LANGUAGES:
        return {"language": value}
    if key == "digest" and value in ("on", "off"):
        changes: dict[str, object] = {"digest_on": int(value == "on")}
        if value == "on" and chat.mode == INSTANT:
            changes["mode"] = BOTH
        return changes
    return None


async def _set_from_command(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, usage: str) -> None:
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    value = command_argument(update.effective_message.text or "").lower()
    changes = apply_setting(chat, key, value)
    if changes is None:
        await reply(
            update,
            t.gettext("Usage: <code>{usage}</code>").format(usage=usage) + "\n\n" + describe_settings(chat, t, s),
        )
        return
    if not await _allowed(update, context, t):
        return
    chat = await chats_db.update_chat(s.db, chat.id, **changes) or chat
    t = s.catalogs.get(chat.language)
    await reply(update, "✓ " + describe_settings(chat, t, s))


async def mode(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_from_command(update, context, "mode", "/mode instant|digest|both")


async def filter_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_from_command(update, context, "filter", "/filter releases|all")


async def lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_from_command(update, context, "lang", "/lang en|ru|be")


async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest, /digest HH:MM [Area/City], /digest off, /digest quiet on|off."""
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    words = command_argument(update.effective_message.text or "").split()
    if not words:
        await reply(update, describe_settings(chat, t, s))
        return
    changes: dict[str, object] | None = None
    if words[0].lower() in ("off", "on") and len(words) == 1:
        changes = apply_setting(chat, "digest", words[0].lower())
    elif words[0].lower() == "quiet" and len(words) == 2 and words[1].lower() in ("on", "off"):
        changes = {"digest_quiet": int(words[1].lower() == "on")}
    elif parse_hhmm(words[0]) and len(words) <= 2:
        at = parse_hhmm(words[0])
        assert at is not None
        changes = {"digest_time": at.strftime("%H:%M"), "digest_on": 1}
        if len(words) == 2:
            if not valid_zone(words[1]):
                await reply(
                    update,
                    t.gettext(
                        "Unknown time zone “{zone}”: use an IANA name such as Europe/Vilnius or Europe/Warsaw."
                    ).format(zone=html.escape(words[1])),
                )
                return
            changes["digest_tz"] = words[1]
        if chat.mode == INSTANT:
            changes["mode"] = BOTH
    if changes is None:
        await reply(
            update,
            t.gettext("Usage: <code>{usage}</code>").format(
                usage="/digest 20:00 Europe/Vilnius | /digest off | /digest quiet on|off"
            ),
        )
        return
    if not await _allowed(update, context, t):
        return
    chat = await chats_db.update_chat(s.db, chat.id, **changes) or chat
    await reply(update, "✓ " + describe_settings(chat, s.catalogs.get(chat.language), s))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    query = update.callback_query
    assert query is not None and query.message is not None
    chat = await current_chat(update, s)
    t = s.catalogs.get(chat.language)
    _, key, value = (query.data or "::").split(":", 2)
    changes = apply_setting(chat, key, value)
    tg_chat = query.message.chat
    if changes is None:
        await query.answer()
        return
    if not await s.admins.is_admin(context.bot, tg_chat, query.from_user.id if query.from_user else None):
        await query.answer(t.gettext("Sorry, only this group's administrators can change this."), show_alert=True)
        return
    chat = await chats_db.update_chat(s.db, chat.id, **changes) or chat
    t = s.catalogs.get(chat.language)
    await query.answer(t.gettext("Saved."))
    await query.edit_message_text(
        describe_settings(chat, t, s), parse_mode=ParseMode.HTML, reply_markup=settings_keyboard(chat, t)
    )


# -- membership -----------------------------------------------------------------------


async def on_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to a group (introduce itself) or removed/blocked (retire the chat)."""
    s = services(context)
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    gone = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
    was_in = change.old_chat_member.status not in gone
    is_in = change.new_chat_member.status not in gone
    if was_in and not is_in:
        await chats_db.deactivate_chat(s.db, change.chat.id)
        s.matchers.invalidate()
        return
    if not was_in and is_in and change.chat.type != TgChat.PRIVATE:
        chat = await current_chat(update, s)
        s.matchers.invalidate()
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
        s.matchers.invalidate()


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            t = services(context).catalogs.get(None)
            await reply(update, t.gettext("Something went wrong on our side; nothing was changed. Please try again."))
        except Exception:  # the reply itself failed: already logged above
            log.debug("could not report the error to the chat", exc_info=True)


def register(app: Application) -> None:  # type: ignore[type-arg]
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
    ):
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^set:"))
    app.add_handler(ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migration))
    app.add_error_handler(on_error)
