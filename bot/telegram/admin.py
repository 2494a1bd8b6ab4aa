"""``/admin``: the operator's view, in the operator's chat only (``RELEASEWATCH_OPERATOR_CHAT``).

``/admin`` shows counts: chats, watches, sources by state, the queue, failures.
``/admin pause NAME`` stops polling a source until ``/admin resume NAME`` (e.g. while a site
blocks the bot, or serves garbage). Its replies are in English: they are for one person,
who also reads the logs.
"""

from __future__ import annotations

import html
from datetime import timedelta

from telegram import Update
from telegram.ext import ContextTypes

from bot.pipeline.source_health import states_of
from bot.telegram.commands import command_argument
from bot.telegram.context import Deps, allowed, opened, reply
from storage import feeds as feeds_db
from storage import ops as ops_db

USAGE = "Usage: <code>/admin</code>, <code>/admin pause SOURCE</code>, <code>/admin resume SOURCE</code>"


async def admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    if chat.id != s.operator_chat:
        await reply(update, t.gettext("Only the bot's operator can use this command."))
        return
    if not await allowed(update, context, t):
        return
    verb, _, name = command_argument(update.effective_message.text or "").partition(" ")
    if not verb:
        await reply(update, await overview(s))
    elif verb.lower() in ("pause", "resume") and name.strip():
        await reply(update, await pause(s, name.strip(), verb.lower() == "pause"))
    else:
        await reply(update, USAGE)


async def overview(s: Deps) -> str:
    now = s.now()
    c = await ops_db.counts(s.db, now, now - timedelta(days=1))
    names = {f.name for f in s.feeds}
    states = await feeds_db.all_feeds(s.db)
    by_state = states_of(states, names)
    paused = sorted(f.name for f in states if f.name in names and f.paused_at)
    oldest = f", the oldest alert queued {_ago(now - c.oldest_pending_alert)} ago" if c.oldest_pending_alert else ""
    lines = [
        "<b>releasewatch</b>",
        f"Chats: {c.chats} · watches: {c.watches}",
        "Sources: " + ", ".join(f"{n} {state}" for state, n in sorted(by_state.items())),
        f"Queue: {c.pending} waiting{oldest}",
        f"Given up in 24 hours: {c.failed_day}",
    ]
    if paused:
        lines.append("Paused: " + ", ".join(html.escape(n) for n in paused))
    for feed in sorted((f for f in states if f.name in names and f.failures), key=lambda f: f.name):
        # the pipeline's own reason, exception and all: /status and /sources tell users what it means
        lines.append(f"✗ {html.escape(feed.name)}: {html.escape(feed.last_error or '?')}")
    return "\n".join(lines)


async def pause(s: Deps, name: str, paused: bool) -> str:
    feed = next((f for f in s.feeds if f.name.casefold() == name.casefold()), None)
    if feed is None:
        known = ", ".join(html.escape(f.name) for f in s.feeds)
        return f"No source is called “{html.escape(name)}”. Sources: {known}"
    await feeds_db.set_paused(s.db, feed.name, s.now() if paused else None)
    if paused:
        return f"⏸ {html.escape(feed.name)} is paused: it is not polled until <code>/admin resume</code>."
    return f"▶️ {html.escape(feed.name)} is polled again, starting now."


def _ago(d: timedelta) -> str:
    minutes = int(d.total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h"
