"""A chat's settings: /settings with its buttons, /mode, /digest, /filter, /lang, /tz, /quiet."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime, time

from babel.dates import get_timezone_location
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.delivery.digest import next_slot, valid_zone
from bot.delivery.quiet import held_until
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, Text
from bot.telegram.commands import button_fields, command_argument
from bot.telegram.context import Deps, allowed, may_press, opened, out_of_date, pressed, reply
from bot.telegram.times import Unreadable, Wrong, closest_zones, exact_zone, parse_span, parse_time
from storage import chats as chats_db
from storage import outbox
from storage.chats import BOTH, DIGEST, INSTANT, KEEP, Chat, ChatChange

log = logging.getLogger(__name__)
# the time zones offered as buttons in /settings: where most of the bot's users live; /tz sets any other
ZONE_CHOICES = ("Europe/Minsk", "Europe/Vilnius", "Europe/Warsaw", "Europe/Kyiv", "Europe/Berlin")
QUIET_USAGE = "/quiet 23:00-08:00 | /quiet 11pm-7am | /quiet off"
DIGEST_USAGE = "/digest 20:00 Europe/Vilnius | /digest 8pm | /digest off | /digest quiet on|off"
SETTING = "set"  # a settings button's callback data: set:KEY:VALUE


def describe_settings(chat: Chat, t: Text, now: datetime) -> str:
    """What the chat gets, in words that hold for every mode × digest on/off × quiet hours set or not."""
    if chat.instant and chat.digest:
        delivery = t.gettext("instant alerts and a daily digest")
    elif chat.instant and chat.mode == BOTH:
        delivery = t.gettext("instant alerts (the daily digest is off)")
    elif chat.instant:
        delivery = t.gettext("instant alerts")
    elif chat.digest:
        delivery = t.gettext("daily digest")
    else:
        delivery = t.gettext("nothing: no instant alerts, and the digest is off")
    if chat.mode == INSTANT:  # no digest is coming: say so, not a time
        digest = t.gettext("none in instant mode (/mode both adds one)")
    elif chat.digest_on:
        nxt = next_slot(now, chat.digest_time, chat.digest_tz)
        digest = t.gettext("at {time} {zone}; next: {next}").format(
            time=chat.digest_time, zone=chat.digest_tz, next=t.datetime(nxt, chat.digest_tz, offset=False)
        )
        if not chat.digest_quiet:
            digest += t.gettext(", with a note on days without news")
    else:
        digest = t.gettext("off")
    lines = [
        "<b>" + t.gettext("Settings") + "</b>",
        t.gettext("Delivery: {mode}").format(mode=delivery),
        t.gettext("Digest: {digest}").format(digest=html.escape(digest)),
        t.gettext("Filter: {filter}").format(
            filter=t.gettext("releases only") if chat.releases_only else t.gettext("every mention")
        ),
        t.gettext("Language: {language}").format(language=LANGUAGE_NAMES.get(chat.language or "en", "English")),
        t.gettext("Time zone: {zone} (<code>/tz Area/City</code> to change)").format(zone=html.escape(chat.digest_tz)),
    ]
    if not chat.quiet:
        lines.append(t.gettext("Quiet hours: none (<code>/quiet 23:00-08:00</code> sets them)"))
    elif chat.instant:
        start, end = chat.quiet.split("-")
        text = t.gettext(
            "Quiet hours: {start}–{end}: alerts wait until {end} and come silently; releases come at once."
        )
        lines.append(text.format(start=start, end=end))
    else:
        start, end = chat.quiet.split("-")
        text = t.gettext("Quiet hours: {start}–{end} (they hold instant alerts; this chat gets none)")
        lines.append(text.format(start=start, end=end))
    if not chat.instant and not chat.digest:
        lines.append(
            "⚠️ "
            + t.gettext(
                "This chat receives nothing now: no instant alerts, no digest. Use /mode instant, or /digest on."
            )
        )
    return "\n".join(lines)


def settings_keyboard(chat: Chat, t: Text) -> InlineKeyboardMarkup:
    def mark(on: bool, label: str) -> str:
        return f"• {label}" if on else label

    digest_row = (  # in instant mode there is no digest to turn off or on (the mode buttons add one)
        []
        if chat.mode == INSTANT
        else [
            [
                InlineKeyboardButton(
                    t.gettext("Digest off") if chat.digest_on else t.gettext("Digest on"),
                    callback_data=f"{SETTING}:digest:" + ("off" if chat.digest_on else "on"),
                )
            ]
        ]
    )

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
            *digest_row,
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
    await reply(update, describe_settings(chat, t, s.now()), settings_keyboard(chat, t))


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
            t.gettext("Usage: <code>{usage}</code>").format(usage=usage) + "\n\n" + describe_settings(chat, t, s.now()),
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
        await reply(update, describe_settings(chat, t, s.now()))
        return
    changes: ChatChange | None = None
    if words[0].lower() in ("off", "on") and len(words) == 1:
        changes = apply_setting(chat, "digest", words[0].lower())
    elif words[0].lower() == "quiet" and len(words) == 2 and words[1].lower() in ("on", "off"):
        changes = ChatChange(digest_quiet=words[1].lower() == "on")
    else:
        at, zone = digest_time(words)
        if isinstance(at, Unreadable):
            await reply(update, unreadable(t, at) + "\n" + t.gettext("Usage: <code>{usage}</code>").format(
                usage=DIGEST_USAGE))  # fmt: skip
            return
        known = exact_zone(zone) if zone is not None else None
        if zone is not None and known is None:
            await reply(update, *unknown_zone(t, zone))
            return
        changes = ChatChange(
            digest_time=at.strftime("%H:%M"),
            digest_on=True,
            digest_tz=known or KEEP,
            mode=BOTH if chat.mode == INSTANT else KEEP,
        )
    if changes is None:
        await reply(
            update,
            t.gettext("Usage: <code>{usage}</code>").format(usage=DIGEST_USAGE),
        )
        return
    if not await allowed(update, context, t):
        return
    chat = await save(s, chat, changes)
    await saved(update, s, chat)


async def tz(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tz Area/City: the chat's time zone, for its digest, its quiet hours and every time shown."""

    def changes(value: str, t: Text) -> ChatChange | tuple[str, InlineKeyboardMarkup | None]:
        zone = exact_zone(value)
        return ChatChange(digest_tz=zone) if zone else unknown_zone(t, value)

    await _change(update, context, changes)


async def quiet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quiet 23:00-08:00, /quiet off."""

    def changes(value: str, t: Text) -> ChatChange | tuple[str, InlineKeyboardMarkup | None]:
        if value.lower() == "off":
            return ChatChange(quiet=None)
        hours = parse_span(value)
        if isinstance(hours, Unreadable):
            usage = t.gettext("Usage: <code>{usage}</code>").format(usage=QUIET_USAGE)
            return unreadable(t, hours) + "\n" + usage, None
        return ChatChange(quiet=hours)

    await _change(update, context, changes)


async def _change(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    changes: Callable[[str, Text], ChatChange | tuple[str, InlineKeyboardMarkup | None]],
) -> None:
    """A setting with an argument: none shows the settings; a bad one gets why (``changes`` returns the text);
    else an administrator's change is stored and the settings shown."""
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    value = command_argument(update.effective_message.text or "")
    if not value:
        await reply(update, describe_settings(chat, t, s.now()))
        return
    change = changes(value, t)
    if isinstance(change, tuple):
        await reply(update, *change)
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
    await reply(update, "✓ " + describe_settings(chat, t, s.now()), markup)


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


def unknown_zone(t: Text, zone: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """Why a zone was refused, with the closest zones as buttons (their cities in the chat's language)."""
    close = closest_zones(zone, t.language)
    if not close:
        text = t.gettext("Unknown time zone “{zone}”: use an IANA name such as Europe/Vilnius or Europe/Warsaw.")
        return text.format(zone=html.escape(zone)), None
    text = t.gettext("Unknown time zone “{zone}”. Did you mean one of these?").format(zone=html.escape(zone))
    lines = [text] + [f"• {html.escape(city_name(z, t))}: <code>/tz {z}</code>" for z in close]
    buttons = [[InlineKeyboardButton(f"{city_name(z, t)} ({z})", callback_data=f"{SETTING}:tz:{z}")] for z in close]
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


def city_name(zone: str, t: Text) -> str:
    """A zone's city in the chat's language (Europe/Minsk: Minsk, Мінск, Минск)."""
    return get_timezone_location(zone, locale=t.language, return_city=True)


def digest_time(words: list[str]) -> tuple[time | Unreadable, str | None]:
    """``/digest``'s time, and the zone typed after it if any: ``8:30 pm``, ``20:00 Europe/Vilnius``."""
    whole = parse_time(" ".join(words))
    if not isinstance(whole, Unreadable) or len(words) < 2:
        return whole, None
    return parse_time(" ".join(words[:-1])), words[-1]


def unreadable(t: Text, e: Unreadable) -> str:
    """Why a time or quiet hours could not be read, in the chat's language, escaped."""
    text = html.escape(e.text)
    if e.wrong is Wrong.HOUR:
        return t.gettext("“{text}”: there is no hour {hour}; hours go from 0 to 23.").format(text=text, hour=e.number)
    if e.wrong is Wrong.MINUTE:
        return t.gettext("“{text}”: there is no minute {minute}; minutes go from 00 to 59.").format(
            text=text, minute=e.number
        )
    if e.wrong is Wrong.MIDNIGHT:
        return t.gettext("“{text}”: midnight is written 00:00.").format(text=text)
    if e.wrong is Wrong.HOUR_12:
        return t.gettext("“{text}”: with am or pm, hours go from 1 to 12.").format(text=text)
    if e.wrong is Wrong.NOT_A_SPAN:
        return t.gettext("“{text}”: write quiet hours as a start and an end, e.g. 23:00-08:00.").format(text=text)
    if e.wrong is Wrong.EMPTY_SPAN:
        return t.gettext("“{text}”: quiet hours must end at another time than they start.").format(text=text)
    return t.gettext("“{text}” is not a time I can read: write it like 20:00, 20.00 or 8pm.").format(text=text)


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
        describe_settings(chat, t, s.now()), parse_mode=ParseMode.HTML, reply_markup=settings_keyboard(chat, t)
    )
