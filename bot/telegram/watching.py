"""Following people: /watch, /unwatch, /watchlist and /status NAME."""

from __future__ import annotations

import asyncio
import html
import logging
from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import Text
from bot.matching import InvalidWatch, Matcher
from bot.telegram.commands import MAX_WATCHES_PER_CHAT
from bot.telegram.context import invalid, names_argument, opened, parse_names, reply
from storage import items as items_db
from storage import watches as watches_db
from storage.chats import Chat
from storage.watches import Added

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger(__name__)
RECENT = 500  # stories /status NAME looks through


async def watch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    names = await names_argument(update, context, t, "/watch Maria Kolesnikova")
    if names is None:
        return
    read = parse_names(s, t, names)
    specs = [spec for spec in read if not isinstance(spec, str)]
    outcomes = dict(
        zip(
            (id(spec) for spec in specs),
            await watches_db.add_watches(
                s.db, chat.id, [(spec.typed, spec.identity) for spec in specs], MAX_WATCHES_PER_CHAT, s.now()
            ),
            strict=True,
        )
    )
    lines: list[str] = []
    for spec in read:
        if isinstance(spec, str):
            lines.append(spec)
            continue
        outcome = outcomes[id(spec)]
        typed = html.escape(spec.typed)
        if outcome is Added.FULL:
            lines.append(
                "✗ "
                + t.gettext("{name}: this chat already watches {max} names, the maximum.").format(
                    name=typed, max=MAX_WATCHES_PER_CHAT
                )
            )
        elif outcome is Added.DUPLICATE:
            lines.append("✗ " + t.gettext("{name}: already on the watchlist.").format(name=typed))
        else:
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
    names = await names_argument(update, context, t, "/unwatch Kolesnikova")
    if names is None:
        return
    lines: list[str] = []
    for spec in parse_names(s, t, names):
        if isinstance(spec, str):
            lines.append(spec)
            continue
        removed = await watches_db.remove_watch(s.db, chat.id, spec.identity)
        if removed is None:
            lines.append(
                "✗ "
                + t.gettext("{name} is not on the watchlist (see /watchlist).").format(name=html.escape(spec.typed))
            )
        else:
            lines.append("✓ " + t.gettext("No longer watching <b>{name}</b>.").format(name=html.escape(removed)))
    await reply(update, "\n".join(lines))


async def watchlist(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    watches = await watches_db.chat_watches(s.db, chat.id)
    if not watches:
        await reply(update, t.gettext("This chat watches nobody yet. Add a name with <code>/watch Name</code>."))
        return
    body = "\n".join(
        f"• {html.escape(w.name)}"
        + (
            " — " + t.gettext("not with: {words}").format(words=", ".join(html.escape(x) for x in w.exclusions))
            if w.exclusions
            else ""
        )
        for w in watches
    )
    head = t.gettext("Watching {count} of at most {max}:").format(count=len(watches), max=MAX_WATCHES_PER_CHAT)
    await reply(update, f"<b>{head}</b>\n{body}")


async def status_of_name(update: Update, s: Services, chat: Chat, t: Text, name: str) -> None:
    """The latest stored news mentioning ``name``, newest first."""
    try:
        spec = s.lexicon.parse(name)
    except InvalidWatch as e:
        await reply(update, f"✗ {invalid(t, e)}.")
        return
    matcher = Matcher(s.lexicon, {"x": spec})
    found = []
    for n, item in enumerate(await items_db.recent_stories(s.db, RECENT)):
        if matcher.find(f"{item.title}\n{item.summary}").mentions:
            found.append(item)
            if len(found) == 10:
                break
        if n % 50 == 49:
            await asyncio.sleep(0)  # matching is CPU work: let the rest of the bot in
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
