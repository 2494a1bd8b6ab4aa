"""What the bot is and how it is doing: /start, /help, /sources, /status, the command list."""

from __future__ import annotations

import html
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from telegram import BotCommand, Message, MessageEntity, Update
from telegram import Chat as TgChat
from telegram.ext import ContextTypes

from bot.config import FeedConfig
from bot.i18n import Text
from bot.pipeline.source_health import Health, SourceHealth, source_health
from bot.telegram.commands import command_argument
from bot.telegram.context import Deps, chat_text, current_chat, deps, opened, reply
from bot.telegram.namesakes import on_answer
from bot.telegram.watching import status_of_name
from storage import feeds as feeds_db
from storage import items as items_db
from storage import outbox
from storage import watches as watches_db

log = logging.getLogger(__name__)


def help_lines(t: Text) -> list[tuple[str, str]]:
    """Every command a chat can use, with one line each (``/help`` and the tests that keep it complete)."""
    return [
        ("/watch", t.gettext("<i>name</i> — follow a person (several: separate with commas or new lines)")),
        ("/unwatch", t.gettext("<i>name</i> — stop following, in any spelling")),
        ("/watchlist", t.gettext("— who this chat follows")),
        ("/unexclude", t.gettext("<i>word</i> — take back a “Not this person”")),
        ("/status", t.gettext("— health of the sources; with a <i>name</i>, the latest news about them")),
        ("/sources", t.gettext("— the news sources watched")),
        ("/settings", t.gettext("— everything below, with buttons")),
        ("/mode", t.gettext("<i>instant|digest|both</i> — alerts at once, a daily digest, or both")),
        ("/digest", t.gettext("<i>HH:MM</i> — the daily digest's time; <i>off</i> to stop it")),
        ("/filter", t.gettext("<i>releases|all</i> — only releases, or every mention")),
        ("/quiet", t.gettext("<i>23:00-08:00</i> — quiet hours: alerts wait, releases do not")),
        ("/tz", t.gettext("<i>Area/City</i> — this chat's time zone")),
        ("/lang", t.gettext("<i>en|ru|be|uk</i> — the bot's language")),
        ("/here", t.gettext("— in a forum group's topic: post alerts and digests there")),
        ("/channel", t.gettext("<i>@name</i> — manage a channel from here (<i>off</i>: this chat again)")),
        ("/export", t.gettext("— this chat's settings and watchlist as a file")),
        ("/stop", t.gettext("— erase everything stored about this chat")),
        ("/help", t.gettext("— this list")),
    ]


def help_text(t: Text) -> str:
    intro = t.gettext(
        "<b>releasewatch</b> tells you when news mentions a political prisoner you care about: "
        "released, pardoned, sentenced or detained."
    )
    names = t.gettext(
        "Names work in any spelling, script and grammatical case: <i>Kolesnikova</i> also finds "
        "<i>Калеснікавай</i> and <i>Kolesnikowej</i>. Add a given name to tell relatives apart."
    )
    lines = "\n".join(f"{command} {words}" for command, words in help_lines(t))
    return f"{intro}\n\n{lines}\n\n{names}"


def commands(t: Text) -> list[BotCommand]:
    """The command list shown by Telegram, in one language."""
    return [
        BotCommand("watch", t.gettext("Follow a person by name")),
        BotCommand("unwatch", t.gettext("Stop following a person")),
        BotCommand("watchlist", t.gettext("Who this chat follows")),
        BotCommand("status", t.gettext("Sources' health, or news about a name")),
        BotCommand("settings", t.gettext("Alerts, digest, filter, language")),
        BotCommand("digest", t.gettext("Daily digest time and time zone")),
        BotCommand("quiet", t.gettext("Quiet hours: alerts wait, releases do not")),
        BotCommand("tz", t.gettext("This chat's time zone")),
        BotCommand("sources", t.gettext("The news sources watched")),
        BotCommand("help", t.gettext("How to use the bot")),
        BotCommand("stop", t.gettext("Erase this chat's data")),
    ]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = deps(context)
    chat = await current_chat(update, s)
    await reply(update, help_text(s.catalogs.get(chat.language)))


def addressed(message: Message, bot_id: int, bot_username: str) -> bool:
    """Is this message meant for the bot? In a private chat every message is; in a group only a reply to the bot,
    an @mention of it or a command written ``/cmd@bot`` (a bare ``/cmd`` may be for another bot)."""
    if message.chat.type == TgChat.PRIVATE:
        return True
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    me = "@" + bot_username.casefold()
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.BOT_COMMAND]).items():
        if entity.type == MessageEntity.MENTION and text.casefold() == me:
            return True
        if entity.type == MessageEntity.BOT_COMMAND and text.casefold().endswith(me):
            return True
    return False


async def on_unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command no handler takes, or plain text that answers no question: where addressed to the bot, a pointer
    to /help in the chat's language (in groups, the rest of the talk is not for the bot: silence)."""
    message = update.effective_message
    if message is None:
        return
    command = (message.text or "").startswith("/")
    if not command and await on_answer(update, context):
        return  # it answered "what sets them apart?"
    if update.message is None:  # an edited message or a channel's post: the pointer was given, or is not wanted
        return
    if not addressed(message, context.bot.id, context.bot.username):
        return
    t = await chat_text(update, deps(context))
    if command:
        text = t.gettext("I do not know this command. /help lists the ones I know.")
    else:
        text = t.gettext("I only understand commands: /help lists them, e.g. <code>/watch Kolesnikova</code>.")
    await reply(update, text)


MARKS = {
    Health.OK: "🟢",
    Health.MIRROR: "🔵",
    Health.QUIET: "🟡",
    Health.EMPTY: "🟠",
    Health.FAILING: "🔴",
    Health.NEW: "⚪",
}
PAUSED = "⏸"


class Failure(StrEnum):
    """Why a source fails, as a user needs it: the pipeline's own reason (an exception's text, an HTTP status) is
    for the log and ``/admin``."""

    NOT_XML = "not valid XML"
    NOT_A_FEED = "not a feed"
    BLOCKED = "blocked"
    NO_PREVIEW = "no public preview"
    LAYOUT = "page changed"
    EMPTY_ANSWER = "empty answer"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    GONE = "gone"
    REFUSED = "refused"
    SERVER = "server error"
    HTTP = "HTTP error"
    TOO_LARGE = "too large"
    DAMAGED = "damaged"
    OTHER = "other"


# The start of a pipeline reason (bot.pipeline.poll, parse, page, channel_preview), and what it means; first match
_FAILURES = (
    ("malformed document", Failure.NOT_XML),
    ("got an html page", Failure.BLOCKED),
    ("not a telegram channel page", Failure.BLOCKED),
    ("http 401", Failure.REFUSED),
    ("http 403", Failure.REFUSED),
    ("http 429", Failure.REFUSED),
    ("http 404", Failure.GONE),
    ("http 410", Failure.GONE),
    ("http 5", Failure.SERVER),
    ("http ", Failure.HTTP),
    ("not a feed", Failure.NOT_A_FEED),
    ("the channel has no public preview", Failure.NO_PREVIEW),
    ("nothing on the page matches", Failure.LAYOUT),
    ("empty response", Failure.EMPTY_ANSWER),
    ("feed document is almost empty", Failure.EMPTY_ANSWER),
    ("timed out", Failure.TIMEOUT),
    ("network error", Failure.UNREACHABLE),
    ("too many redirects", Failure.UNREACHABLE),
    ("feed larger than", Failure.TOO_LARGE),
    ("malformed compressed body", Failure.DAMAGED),
    ("unsupported content encoding", Failure.DAMAGED),
)


def failure(reason: str | None) -> Failure:
    """What a source's failure (the pipeline's reason) means for a user."""
    folded = (reason or "").casefold()
    return next((plain for start, plain in _FAILURES if folded.startswith(start)), Failure.OTHER)


def failure_words(t: Text, reason: str | None) -> str:
    """A source's failure in plain words, in the chat's language."""
    plain = failure(reason)
    code = (
        html.escape(" ".join((reason or "").split()[1:2]))
        if plain in (Failure.REFUSED, Failure.GONE, Failure.SERVER, Failure.HTTP)
        else ""
    )
    words = {
        Failure.NOT_XML: t.gettext("the feed is broken (not valid XML)"),
        Failure.NOT_A_FEED: t.gettext("the address no longer gives a feed"),
        Failure.BLOCKED: t.gettext("the site shows an HTML page instead (it may block bots)"),
        Failure.NO_PREVIEW: t.gettext("the channel has no public preview"),
        Failure.LAYOUT: t.gettext("the page changed its layout"),
        Failure.EMPTY_ANSWER: t.gettext("the site answers with an empty document"),
        Failure.TIMEOUT: t.gettext("the site timed out: it does not answer in time"),
        Failure.UNREACHABLE: t.gettext("the site cannot be reached"),
        Failure.GONE: t.gettext("the address no longer exists (HTTP {code})").format(code=code),
        Failure.REFUSED: t.gettext("the site refuses the bot (HTTP {code})").format(code=code),
        Failure.SERVER: t.gettext("the site has an error of its own (HTTP {code})").format(code=code),
        Failure.HTTP: t.gettext("the site answers with an error (HTTP {code})").format(code=code),
        Failure.TOO_LARGE: t.gettext("the feed is too large"),
        Failure.DAMAGED: t.gettext("the answer arrives damaged"),
        Failure.OTHER: t.gettext("it cannot be read"),
    }
    return words[plain]


def health_words(t: Text, health: SourceHealth, tz: str) -> str:
    """A source's health in words, in the chat's language (escaped)."""
    since = t.datetime(health.since, tz) if health.since else "?"
    reason = html.escape(health.reason or "")
    if health.state is Health.MIRROR:
        return t.gettext("working, through a mirror ({host})").format(host=reason)
    if health.state is Health.QUIET:
        usual = t.duration(health.usual) if health.usual else "?"
        return t.gettext("quiet: nothing new since {since}, though usually every {usual}").format(
            since=since, usual=usual
        )
    if health.state is Health.EMPTY:
        return t.gettext("answers, but lists nothing since {since}").format(since=since)
    if health.state is Health.FAILING:
        return t.gettext("failing since {since}: {error}").format(since=since, error=failure_words(t, health.reason))
    if health.state is Health.NEW:
        return t.gettext("not polled yet")
    return t.gettext("working")


def legend(t: Text) -> str:
    words = {
        Health.OK: t.gettext("working"),
        Health.MIRROR: t.gettext("through a mirror"),
        Health.QUIET: t.gettext("quiet"),
        Health.EMPTY: t.gettext("empty"),
        Health.FAILING: t.gettext("failing"),
        Health.NEW: t.gettext("not polled yet"),
    }
    shown = [f"{MARKS[h]} {w}" for h, w in words.items()] + [f"{PAUSED} " + t.gettext("paused")]
    return "<i>" + " · ".join(shown) + "</i>"


@dataclass(frozen=True, slots=True)
class Shown:
    """A configured source as a chat sees it: its health, or that the operator paused it (since when)."""

    feed: FeedConfig
    health: SourceHealth
    paused: datetime | None = None


async def healths(s: Deps) -> list[Shown]:
    """Every configured source with its health now."""
    states = {f.name: f for f in await feeds_db.all_feeds(s.db)}
    out = []
    for feed in s.feeds:
        state = states.get(feed.name)
        if state is None:
            out.append(Shown(feed, SourceHealth(Health.NEW)))
            continue
        times = await feeds_db.new_item_times(s.db, state.id)
        out.append(Shown(feed, source_health(state, feed.urls, times, s.now()), state.paused_at))
    return out


def shown_words(t: Text, shown: Shown, tz: str) -> tuple[str, str]:
    """A source's mark and its state in words (escaped): paused by the operator, or its health."""
    if shown.paused is not None:
        return PAUSED, t.gettext("paused by the bot's operator since {since}: not read for now").format(
            since=t.datetime(shown.paused, tz)
        )
    return MARKS[shown.health.state], health_words(t, shown.health, tz)


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    lines = ["<b>" + t.gettext("Sources") + "</b>"]
    for shown in await healths(s):
        lang = f" [{shown.feed.language}]" if shown.feed.language else ""
        mark, words = shown_words(t, shown, chat.digest_tz)
        lines.append(f"{mark} {html.escape(shown.feed.name)}{lang} — {words}")
    lines.append(legend(t))
    await reply(update, "\n".join(lines))


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    argument = command_argument(update.effective_message.text or "")
    if argument:
        await status_of_name(update, s, chat, t, argument)
        return
    now = s.now()
    found = await healths(s)
    paused = [f for f in found if f.paused is not None]
    count = Counter(f.health.state for f in found if f.paused is None)
    states = await feeds_db.all_feeds(s.db)
    last_ok = max((f.last_success_at for f in states if f.last_success_at), default=None)
    day = now - timedelta(hours=24)
    line = t.gettext("<b>Sources:</b> {configured} configured, {healthy} healthy, {failing} failing").format(
        configured=len(found),
        healthy=count[Health.OK] + count[Health.MIRROR] + count[Health.QUIET],
        failing=count[Health.FAILING] + count[Health.EMPTY],
    )
    if count[Health.NEW]:
        line += t.gettext(", {count} not polled yet").format(count=count[Health.NEW])
    if paused:
        line += t.gettext(", {count} paused").format(count=len(paused))
    lines = [line]
    for shown in found:
        if shown.paused is not None or shown.health.state not in (Health.OK, Health.NEW):
            mark, words = shown_words(t, shown, chat.digest_tz)
            lines.append(f"  {mark} {html.escape(shown.feed.name)}: {words}")
    lines.append(
        t.gettext("<b>Last successful poll:</b> {when}").format(
            when=t.datetime(last_ok, chat.digest_tz) if last_ok else t.gettext("never")
        )
    )
    items, alerts = await items_db.count_items_since(s.db, day), await outbox.count_sent_since(s.db, day)
    lines.append(
        t.gettext("<b>Last 24 hours:</b> {items}, {alerts}").format(
            items=t.ngettext("{n} item seen", "{n} items seen", items).format(n=items),
            alerts=t.ngettext("{n} alert sent", "{n} alerts sent", alerts).format(n=alerts),
        )
    )
    waiting, given_up = await outbox.count_pending(s.db), await outbox.count_failed_since(s.db, day)
    if waiting or given_up:
        lines.append(
            t.gettext("<b>Delivery:</b> {waiting}, {failed} in 24 hours").format(
                waiting=t.ngettext("{n} message waiting", "{n} messages waiting", waiting).format(n=waiting),
                failed=t.ngettext("{n} given up", "{n} given up", given_up).format(n=given_up),
            )
        )
    watched = await watches_db.count_watches(s.db, chat.id)
    lines.append(
        t.gettext("<b>This chat watches:</b> {names}").format(
            names=t.ngettext("{n} name", "{n} names", watched).format(n=watched)
        )
    )
    await reply(update, "\n".join(lines))
