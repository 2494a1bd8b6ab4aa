"""What the bot is and how it is doing: /start, /help, /sources, /status, the command list."""

from __future__ import annotations

import html
import logging
from collections import Counter
from datetime import timedelta

from telegram import BotCommand, Update
from telegram.ext import ContextTypes

from bot.config import FeedConfig
from bot.i18n import Text
from bot.pipeline.source_health import Health, SourceHealth, source_health
from bot.telegram.commands import command_argument
from bot.telegram.context import Deps, current_chat, deps, opened, reply
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


MARKS = {
    Health.OK: "🟢",
    Health.MIRROR: "🔵",
    Health.QUIET: "🟡",
    Health.EMPTY: "🟠",
    Health.FAILING: "🔴",
    Health.NEW: "⚪",
}


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
        return t.gettext("failing since {since}: {error}").format(since=since, error=reason)
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
    return "<i>" + " · ".join(f"{MARKS[h]} {w}" for h, w in words.items()) + "</i>"


async def healths(s: Deps) -> list[tuple[FeedConfig, SourceHealth]]:
    """Every configured source with its health now."""
    states = {f.name: f for f in await feeds_db.all_feeds(s.db)}
    out = []
    for feed in s.feeds:
        state = states.get(feed.name)
        if state is None:
            out.append((feed, SourceHealth(Health.NEW)))
            continue
        times = await feeds_db.new_item_times(s.db, state.id)
        out.append((feed, source_health(state, feed.urls, times, s.now())))
    return out


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    lines = ["<b>" + t.gettext("Sources") + "</b>"]
    for feed, health in await healths(s):
        lang = f" [{feed.language}]" if feed.language else ""
        words = health_words(t, health, chat.digest_tz)
        lines.append(f"{MARKS[health.state]} {html.escape(feed.name)}{lang} — {words}")
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
    count = Counter(h.state for _, h in found)
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
    lines = [line]
    for feed, health in found:
        if health.state not in (Health.OK, Health.NEW):
            words = health_words(t, health, chat.digest_tz)
            lines.append(f"  {MARKS[health.state]} {html.escape(feed.name)}: {words}")
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
