"""A chat's settings: /settings with its buttons, /mode, /digest, /filter, /lang, /tz, /quiet."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from babel.dates import get_timezone_location
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.delivery.digest import next_slot, parse_hhmm, valid_zone
from bot.delivery.quiet import held_until, parse_quiet
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, Text
from bot.telegram.commands import button_fields, command_argument
from bot.telegram.context import Deps, allowed, may_press, opened, out_of_date, pressed, reply
from storage import chats as chats_db
from storage import outbox
from storage.chats import BOTH, DIGEST, INSTANT, KEEP, Chat, ChatChange

log = logging.getLogger(__name__)
# the time zones offered as buttons in /settings: where most of the bot's users live; /tz sets any other
ZONE_CHOICES = ("Europe/Minsk", "Europe/Vilnius", "Europe/Warsaw", "Europe/Kyiv", "Europe/Berlin")
QUIET_USAGE = "/quiet 23:00-08:00 | /quiet off"
SETTING = "set"  # a settings button's callback data: set:KEY:VALUE


def describe_settings(chat: Chat, t: Text, s: Deps) -> str:
    modes = {
        INSTANT: t.gettext("instant alerts"),
        DIGEST: t.gettext("daily digest"),
        BOTH: t.gettext("instant alerts and a daily digest"),
    }
    if chat.mode == INSTANT:  # no digest is coming: say so, not a time
        digest = t.gettext("none in instant mode (/mode both adds one)")
    elif chat.digest_on:
        nxt = next_slot(s.now(), chat.digest_time, chat.digest_tz)
        digest = t.gettext("at {time} {zone}; next: {next}").format(
            time=chat.digest_time, zone=chat.digest_tz, next=t.datetime(nxt, chat.digest_tz, offset=False)
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
        t.gettext("Time zone: {zone} (<code>/tz Area/City</code> to change)").format(zone=html.escape(chat.digest_tz)),
    ]
    if chat.mode == DIGEST and not chat.digest_on:
        lines.append(
            "⚠️ "
            + t.gettext(
                "This chat receives nothing now: no instant alerts, no digest. Use /mode instant, or /digest on."
            )
        )
    if chat.quiet and chat.instant:
        start, end = chat.quiet.split("-")
        text = t.gettext(
            "Quiet hours: {start}–{end}: alerts wait until {end} and come silently; releases come at once."
        )
        lines.append(text.format(start=start, end=end))
    return "\n".join(lines)


def settings_keyboard(chat: Chat, t: Text) -> InlineKeyboardMarkup:
    def mark(on: bool, label: str) -> str:
        return f"• {label}" if on else label

    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    mark(chat.mode == INSTANT, t.gettext("Instant")), callback_data=f"{SETTING}:mode:instant"
                ),
                InlineKeyboardButton(
                    mark(chat.mode == DIGEST, t.gettext("Digest")), callback_data=f"{SETTING}:mode:digest"
                ),
                InlineKeyboardButton(mark(chat.mode == BOTH, t.gettext("Both")), callback_data=f"{SETTING}:mode:both"),
            ],
            [
                InlineKeyboardButton(
                    mark(chat.releases_only, t.gettext("Releases only")), callback_data=f"{SETTING}:filter:releases"
                ),
                InlineKeyboardButton(
                    mark(not chat.releases_only, t.gettext("All mentions")), callback_data=f"{SETTING}:filter:all"
                ),
            ],
            [
                InlineKeyboardButton(
                    t.gettext("Digest off") if chat.digest_on else t.gettext("Digest on"),
                    callback_data=f"{SETTING}:digest:" + ("off" if chat.digest_on else "on"),
                ),
            ],
            [
                InlineKeyboardButton(mark(chat.language == code, code.upper()), callback_data=f"{SETTING}:lang:{code}")
                for code in LANGUAGES
            ],
            [
                InlineKeyboardButton(
                    mark(chat.digest_tz == zone, get_timezone_location(zone, locale=t.language, return_city=True)),
                    callback_data=f"{SETTING}:tz:{zone}",
                )
                for zone in ZONE_CHOICES
            ],
        ]
    )


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    await reply(update, describe_settings(chat, t, s), settings_keyboard(chat, t))


def apply_setting(chat: Chat, key: str, value: str) -> ChatChange | None:
    """The storage change a setting (from a command or a button) means, or None when invalid."""
    if key == "mode" and value in (INSTANT, DIGEST, BOTH):
        return ChatChange(mode=value)
    if key == "filter" and value in ("releases", "all"):
        return ChatChange(releases_only=value == "releases")
    if key == "lang" and value in LANGUAGES:
        return ChatChange(language=value)
    if key == "tz" and valid_zone(value):
        return ChatChange(digest_tz=value)
    if key == "digest" and value in ("on", "off"):
        return ChatChange(digest_on=value == "on", mode=BOTH if value == "on" and chat.mode == INSTANT else KEEP)
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
    if not await allowed(update, context, t):
        return
    chat = await save(s, chat, changes)
    await saved(update, s, chat)


async def mode(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_from_command(update, context, "mode", "/mode instant|digest|both")


async def filter_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_from_command(update, context, "filter", "/filter releases|all")


async def lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_from_command(update, context, "lang", "/lang en|ru|be|uk")


async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest, /digest HH:MM [Area/City], /digest off, /digest quiet on|off."""
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    words = command_argument(update.effective_message.text or "").split()
    if not words:
        await reply(update, describe_settings(chat, t, s))
        return
    changes: ChatChange | None = None
    if words[0].lower() in ("off", "on") and len(words) == 1:
        changes = apply_setting(chat, "digest", words[0].lower())
    elif words[0].lower() == "quiet" and len(words) == 2 and words[1].lower() in ("on", "off"):
        changes = ChatChange(digest_quiet=words[1].lower() == "on")
    elif parse_hhmm(words[0]) and len(words) <= 2:
        at = parse_hhmm(words[0])
        assert at is not None
        if len(words) == 2 and not valid_zone(words[1]):
            await reply(update, unknown_zone(t, words[1]))
            return
        changes = ChatChange(
            digest_time=at.strftime("%H:%M"),
            digest_on=True,
            digest_tz=words[1] if len(words) == 2 else KEEP,
            mode=BOTH if chat.mode == INSTANT else KEEP,
        )
    if changes is None:
        await reply(
            update,
            t.gettext("Usage: <code>{usage}</code>").format(
                usage="/digest 20:00 Europe/Vilnius | /digest off | /digest quiet on|off"
            ),
        )
        return
    if not await allowed(update, context, t):
        return
    chat = await save(s, chat, changes)
    await saved(update, s, chat)


async def tz(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tz Area/City: the chat's time zone, for its digest, its quiet hours and every time shown."""

    def changes(value: str, t: Text) -> ChatChange | str:
        return ChatChange(digest_tz=value) if valid_zone(value) else unknown_zone(t, value)

    await _change(update, context, changes)


async def quiet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quiet 23:00-08:00, /quiet off."""

    def changes(value: str, t: Text) -> ChatChange | str:
        if value.lower() == "off":
            return ChatChange(quiet=None)
        hours = parse_quiet(value)
        return ChatChange(quiet=hours) if hours else t.gettext("Usage: <code>{usage}</code>").format(usage=QUIET_USAGE)

    await _change(update, context, changes)


async def _change(
    update: Update, context: ContextTypes.DEFAULT_TYPE, changes: Callable[[str, Text], ChatChange | str]
) -> None:
    """A setting with an argument: none shows the settings; a bad one gets why (``changes`` returns the text);
    else an administrator's change is stored and the settings shown."""
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    value = command_argument(update.effective_message.text or "")
    if not value:
        await reply(update, describe_settings(chat, t, s))
        return
    change = changes(value, t)
    if isinstance(change, str):
        await reply(update, change)
        return
    if not await allowed(update, context, t):
        return
    await saved(update, s, await save(s, chat, change))


async def save(s: Deps, chat: Chat, change: ChatChange) -> Chat:
    """Store a chat's new settings. When its quiet hours or zone change, the alerts held for the old quiet hours
    wait for the new ones, or go now."""
    new = await chats_db.update_chat(s.db, chat.id, change) or chat
    if (new.quiet, new.digest_tz) != (chat.quiet, chat.digest_tz):
        now = s.now()
        if await outbox.rehold(s.db, chat.id, held_until(new.quiet, new.digest_tz, now), now):
            s.recheck_held()  # this process's, if it sends to the chat; another's finds out at its heartbeat
    return new


async def saved(update: Update, s: Deps, chat: Chat) -> None:
    """The settings after a change, in the chat's (maybe new) language. A chat left receiving nothing is offered
    the two ways out as buttons."""
    t = s.catalogs.get(chat.language)
    markup = None
    if chat.mode == DIGEST and not chat.digest_on:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(t.gettext("Instant"), callback_data=f"{SETTING}:mode:instant"),
                    InlineKeyboardButton(t.gettext("Digest on"), callback_data=f"{SETTING}:digest:on"),
                ]
            ]
        )
    await reply(update, "✓ " + describe_settings(chat, t, s), markup)


async def here(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/here in a forum's topic: alerts and digests go to that topic (in General: back to General)."""
    s, chat, t = await opened(update, context)
    message = update.effective_message
    assert message is not None
    if not await allowed(update, context, t):
        return
    topic = message.message_thread_id if message.is_topic_message else None
    await chats_db.update_chat(s.db, chat.id, topic=topic)
    if topic is None:
        await reply(update, "✓ " + t.gettext("Alerts and digests will be posted in the chat's main thread."))
    else:
        await reply(update, "✓ " + t.gettext("Alerts and digests will be posted in this topic."))


def unknown_zone(t: Text, zone: str) -> str:
    return t.gettext("Unknown time zone “{zone}”: use an IANA name such as Europe/Vilnius or Europe/Warsaw.").format(
        zone=html.escape(zone)
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of /settings: ``set:KEY:VALUE``."""
    s, query, chat, t = await pressed(update, context)
    fields = button_fields(query.data, SETTING, 2)
    changes = apply_setting(chat, *fields) if fields else None
    if changes is None:  # a setting or value this version does not have
        await out_of_date(query, t, SETTING)
        return
    if not await may_press(context, query, t):
        return
    chat = await save(s, chat, changes)
    t = s.catalogs.get(chat.language)
    await query.answer(t.gettext("Saved."))
    await query.edit_message_text(
        describe_settings(chat, t, s), parse_mode=ParseMode.HTML, reply_markup=settings_keyboard(chat, t)
    )
