"""Following people: /watch, /unwatch, /watchlist and /status NAME."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.i18n import Text, in_language_order
from bot.matching import InvalidWatch, Matcher, WatchSpec, same_person, wider
from bot.telegram.commands import button_fields, row_id
from bot.telegram.context import (
    Deps,
    invalid,
    may_press,
    names_argument,
    opened,
    out_of_date,
    parse_names,
    pressed,
    reply,
)
from storage import items as items_db
from storage import watches as watches_db
from storage.chats import Chat
from storage.watches import Added

log = logging.getLogger(__name__)
RECENT = 500  # stories /status NAME looks through
SHOWN = 20  # lines of a /watch answer before the rest is counted
SWAP = "swap"  # a swap button's callback data: swap:WATCH_ID:NAME
MAX_SWAPS = 5  # swap buttons under one /watch answer


async def watch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    names = await names_argument(update, context, t, "/watch Maria Kolesnikova")
    if names is None:
        return
    read = parse_names(s, t, names)
    # one person, one watch: a name that follows someone the chat already watches (in another form) is not added
    known: list[tuple[str, str, int | None]] = [
        (w.name, w.identity, w.id) for w in await watches_db.chat_watches(s.db, chat.id)
    ]
    twins: dict[int, tuple[str, str, int | None]] = {}
    specs: list[WatchSpec] = []
    swaps: list[InlineKeyboardButton] = []
    for spec in read:
        if isinstance(spec, str):
            continue
        twin = next((k for k in known if same_person(k[1], spec.identity)), None)
        if twin is None:
            specs.append(spec)
            known.append((spec.typed, spec.identity, None))
            continue
        twins[id(spec)] = twin
        button = swap_button(t, spec, *twin)
        if button is not None and len(swaps) < MAX_SWAPS:
            swaps.append(button)
    limit = s.max_watches
    added = await watches_db.add_watches(s.db, chat.id, [(x.typed, x.identity) for x in specs], limit, s.now())
    outcomes = dict(zip((id(spec) for spec in specs), added, strict=True))
    lines: list[str] = []
    for spec in read:
        if isinstance(spec, str):
            lines.append(spec)
        elif id(spec) in twins:
            lines.append("✗ " + twin_line(t, spec, *twins[id(spec)][:2]))
        elif outcomes[id(spec)] is Added.FULL:
            lines.append(
                "✗ "
                + t.ngettext(
                    "{name}: this chat already watches {max} name, the maximum.",
                    "{name}: this chat already watches {max} names, the maximum.",
                    limit,
                ).format(name=html.escape(spec.typed), max=limit)
            )
        elif outcomes[id(spec)] is Added.DUPLICATE:  # another /watch added it meanwhile
            lines.append("✗ " + t.gettext("{name}: already on the watchlist.").format(name=html.escape(spec.typed)))
        else:
            forms = ", ".join(html.escape(f) for f in in_language_order(s.lexicon.forms(spec), t.language))
            lines.append(
                "✓ "
                + t.gettext("Watching <b>{name}</b>: matches {forms} in any case and spelling.").format(
                    name=html.escape(spec.typed), forms=forms
                )
            )
    markup = InlineKeyboardMarkup([[b] for b in swaps]) if swaps else None
    await reply(update, "\n".join(summarised(t, lines)), markup)


def twin_line(t: Text, spec: WatchSpec, watched: str, identity: str) -> str:
    """Why a name was not added: the chat already follows that person as ``watched``; how to narrow or widen."""
    name, other = html.escape(spec.typed), html.escape(watched)
    if identity == spec.identity:
        if watched == spec.typed:
            return t.gettext("{name}: already on the watchlist.").format(name=name)
        return t.gettext("{name}: already on the watchlist as <b>{watched}</b>.").format(name=name, watched=other)
    if wider(identity, spec.identity):
        text = t.gettext(
            "{name}: already covered by <b>{watched}</b>, which matches everyone of that surname. "
            "To watch only {name}: <code>/unwatch {watched}</code>, then <code>/watch {name}</code>."
        )
    else:
        text = t.gettext(
            "{name}: already watched as <b>{watched}</b>. To watch everyone of that surname instead: "
            "<code>/unwatch {watched}</code>, then <code>/watch {name}</code>."
        )
    return text.format(name=name, watched=other)


def swap_button(
    t: Text, spec: WatchSpec, watched: str, identity: str, watch_id: int | None
) -> InlineKeyboardButton | None:
    """A button that puts ``spec`` in place of the watch it would narrow or widen, when its data fits Telegram's
    64 bytes (a longer name keeps the typed commands of the reply)."""
    data = f"{SWAP}:{watch_id}:{spec.typed}"
    if identity == spec.identity or watch_id is None or len(data.encode()) > 64:
        return None
    label = t.gettext("Watch {name} instead of {watched}").format(name=spec.typed, watched=watched)
    return InlineKeyboardButton(label, callback_data=data)


async def on_swap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The button under a refused /watch: the new form takes the place of the watch it narrows or widens."""
    s, query, chat, t = await pressed(update, context)
    fields = button_fields(query.data, SWAP, 2)
    watch_id = row_id(fields[0]) if fields else None
    if fields is None or watch_id is None:
        await out_of_date(query, t, SWAP)
        return
    if not await may_press(context, query, t):
        return
    typed = fields[1]
    old = await watches_db.get_watch(s.db, watch_id)
    try:
        spec = s.lexicon.parse(typed)
    except InvalidWatch:  # the rules changed since the button was sent
        spec = None
    if (
        old is None
        or old.chat_id != chat.id
        or spec is None
        or not same_person(old.identity, spec.identity)
        or not await watches_db.replace_watch(s.db, chat.id, old.id, spec.typed, spec.identity, s.now())
    ):
        await query.answer(
            t.gettext("The watchlist has changed since: nothing was swapped (see /watchlist)."), show_alert=True
        )
        return
    await query.answer()
    await without_button(query)
    forms = ", ".join(html.escape(f) for f in in_language_order(s.lexicon.forms(spec), t.language))
    await reply(
        update,
        "✓ "
        + t.gettext("Watching <b>{name}</b> instead of <b>{watched}</b>: matches {forms}.").format(
            name=html.escape(spec.typed), watched=html.escape(old.name), forms=forms
        ),
    )


async def without_button(query: CallbackQuery) -> None:
    """Take the pressed button from under its message (the others stay): it has done its work."""
    assert query.message is not None
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    rows = [[b for b in row if b.callback_data != query.data] for row in markup.inline_keyboard] if markup else []
    rows = [row for row in rows if row]
    with contextlib.suppress(TelegramError):  # too old to edit, or deleted: the button then just says "changed"
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)


def summarised(t: Text, lines: list[str]) -> list[str]:
    """At most ``SHOWN`` lines, then one that counts the rest: a long /watch answers in one message."""
    if len(lines) <= SHOWN:
        return lines
    rest = lines[SHOWN:]
    done = sum(1 for line in rest if line.startswith("✓"))
    return [
        *lines[:SHOWN],
        t.ngettext(
            "…and {count} more: {added} added, {refused} not (see /watchlist).",
            "…and {count} more: {added} added, {refused} not (see /watchlist).",
            len(rest),
        ).format(count=len(rest), added=done, refused=len(rest) - done),
    ]


async def unwatch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    names = await names_argument(update, context, t, "/unwatch Kolesnikova")
    if names is None:
        return
    lines: list[str] = []
    watches = await watches_db.chat_watches(s.db, chat.id)
    for spec in parse_names(s, t, names):
        if isinstance(spec, str):
            lines.append(spec)
            continue
        # any spelling, script or form of a watched person: "Колесникова" finds "Maria Kolesnikova"
        alike = [w for w in watches if same_person(w.identity, spec.identity)]
        chosen = [w for w in alike if w.identity == spec.identity] or alike
        name = html.escape(spec.typed)
        if not chosen:
            lines.append("✗ " + t.gettext("{name} is not on the watchlist (see /watchlist).").format(name=name))
        elif len(chosen) > 1:
            which = ", ".join(f"<b>{html.escape(w.name)}</b>" for w in chosen)
            lines.append("✗ " + t.gettext("{name} could be {which}: name one of them.").format(name=name, which=which))
        elif await watches_db.remove_watch_id(s.db, chat.id, chosen[0].id):
            watches.remove(chosen[0])
            lines.append("✓ " + t.gettext("No longer watching <b>{name}</b>.").format(name=html.escape(chosen[0].name)))
        else:  # removed meanwhile
            lines.append("✗ " + t.gettext("{name} is not on the watchlist (see /watchlist).").format(name=name))
    await reply(update, "\n".join(lines))


async def watchlist(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    watches = await watches_db.chat_watches(s.db, chat.id)
    if not watches:
        await reply(update, t.gettext("This chat watches nobody yet. Add a name with <code>/watch Name</code>."))
        return
    lines = []
    for w in watches:
        try:
            forms = [f for f in s.lexicon.forms(s.lexicon.parse(w.name, check=False)) if f != w.name]
            forms = in_language_order(forms, t.language)
        except InvalidWatch:  # a name the rules of an older version took
            forms = []
        line = f"• <b>{html.escape(w.name)}</b>" + "".join(f" · {html.escape(f)}" for f in forms)
        if w.exclusions:
            line += " — " + t.gettext("not with: {words}").format(words=", ".join(html.escape(x) for x in w.exclusions))
        lines.append(line)
    head = t.gettext("Watching {count} of at most {max}:").format(count=len(watches), max=s.max_watches)
    await reply(update, f"<b>{head}</b>\n" + "\n".join(lines))


async def status_of_name(update: Update, s: Deps, chat: Chat, t: Text, name: str) -> None:
    """The latest stored news mentioning ``name``, newest first."""
    try:
        spec = s.lexicon.parse(name, check=False)  # a look-up: a name that would rarely be found may still be
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
