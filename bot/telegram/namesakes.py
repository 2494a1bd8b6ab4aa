""" "Not this person": a chat sets the person it watches apart from a namesake.

The button under an alert asks what sets them apart: another given name, or a word such
as "poet". The answer (a reply to the question, so that it reaches the bot in groups too)
becomes an exclusion of that watch: news naming the watch together with that word no
longer counts for this chat. ``/watchlist`` shows exclusions; ``/unexclude WORD`` removes
one. In groups, only administrators may do either.

The question waits in the database (``storage.questions``), for a day: any process of the
bot may receive the answer.
"""

from __future__ import annotations

import html
import re

from telegram import Chat as TgChat
from telegram import ForceReply, Message, Update
from telegram.ext import ContextTypes

from bot.delivery.compose import NAMESAKE
from bot.telegram.commands import button_fields, command_argument, row_id
from bot.telegram.context import allowed, deps, may_press, opened, out_of_date, pressed, reply
from storage import questions as questions_db
from storage import watches as watches_db
from storage.questions import Asked

MAX_EXCLUSIONS = 10
_WORDS = re.compile(r"^[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){0,2}$", re.UNICODE)


async def on_not_this_person(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The button under an alert: ``np:WATCH_ID``. The alert's chat is asked, where the answer will come."""
    s, query, chat, t = await pressed(update, context, own=True)
    fields = button_fields(query.data, NAMESAKE, 1)
    watch_id = row_id(fields[0]) if fields else None
    if watch_id is None:
        await out_of_date(query, t, NAMESAKE)
        return
    watch = await watches_db.get_watch(s.db, watch_id)
    if watch is None or watch.chat_id != chat.id:
        await query.answer(t.gettext("This chat no longer watches that person."), show_alert=True)
        return
    if not await may_press(context, query, t):
        return
    await questions_db.ask(s.db, chat.id, query.from_user.id, Asked.NAMESAKE, watch.id, s.now())
    await query.answer()
    name = html.escape(watch.name)
    await context.bot.send_message(
        chat.id,
        t.gettext(
            "What sets <b>{name}</b> apart from the person in this news? Reply with another given name or a word "
            "such as “poet”: news that has it will no longer count for {name}."
        ).format(name=name),
        parse_mode="HTML",
        reply_markup=ForceReply(selective=True),
    )


async def on_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A plain message: the answer to "what sets them apart?", if one is awaited from its sender in this chat.
    False when it answers no question (the caller may say what the bot understands)."""
    s = deps(context)
    message, user, tg_chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or tg_chat is None or not may_answer(message, context.bot.id):
        return False
    question = await questions_db.pending(s.db, tg_chat.id, user.id, s.now())
    if question is None or question.kind is not Asked.NAMESAKE or question.watch_id is None:
        return False  # an ordinary message: not the answer to a question
    _, _, t = await opened(update, context)
    word = " ".join((message.text or "").split())
    if not _WORDS.match(word) or len(word) > 40:
        await reply(update, t.gettext("Send one to three words, e.g. <code>Eduard</code> or <code>poet</code>."))
        return True  # still waiting for a usable answer
    if not await questions_db.take(s.db, question):
        return True  # this answer was taken already (delivered twice), or another question was asked since
    watch = await watches_db.get_watch(s.db, question.watch_id)
    if watch is None or watch.chat_id != question.chat_id:
        await reply(update, t.gettext("This chat no longer watches that person."))
        return True
    if len(watch.exclusions) >= MAX_EXCLUSIONS:
        await reply(update, t.gettext("{name} already has {max} exclusions, the most a watch may have.").format(
            name=html.escape(watch.name), max=MAX_EXCLUSIONS))  # fmt: skip
        return True
    await watches_db.set_exclusions(s.db, watch.id, [*watch.exclusions, word])
    await reply(
        update,
        "✓ "
        + t.gettext(
            "News that mentions <b>{name}</b> with “{word}” will no longer count. /watchlist shows it; "
            "<code>/unexclude {word}</code> takes it back."
        ).format(name=html.escape(watch.name), word=html.escape(word)),
    )
    return True


def may_answer(message: Message, bot_id: int) -> bool:
    """Could this message answer a question? In a private chat any message may; in a group only a reply to the
    bot (the question asks for one), so that the rest of a group's talk never reaches the database."""
    if message.chat.type == TgChat.PRIVATE:
        return True
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


async def unexclude(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    word = " ".join(command_argument(update.effective_message.text or "").split())
    if not word:
        await reply(update, t.gettext("Usage: <code>{usage}</code>").format(usage="/unexclude poet"))
        return
    if not await allowed(update, context, t):
        return
    changed = []
    for watch in await watches_db.chat_watches(s.db, chat.id):
        kept = [w for w in watch.exclusions if w.casefold() != word.casefold()]
        if len(kept) < len(watch.exclusions):
            await watches_db.set_exclusions(s.db, watch.id, kept)
            changed.append(html.escape(watch.name))
    if not changed:
        await reply(update, t.gettext("No watch of this chat excludes “{word}” (see /watchlist).").format(
            word=html.escape(word)))  # fmt: skip
        return
    await reply(update, "✓ " + t.gettext("“{word}” no longer excludes news about {names}.").format(
        word=html.escape(word), names=", ".join(changed)))  # fmt: skip


__all__ = ["NAMESAKE", "on_answer", "on_not_this_person", "unexclude"]
