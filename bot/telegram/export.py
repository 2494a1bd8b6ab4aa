"""``/export``: the chat's settings and watchlist as a JSON file, in the format ``releasewatch import`` reads."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot.ops.export_format import dump
from bot.telegram.context import opened
from storage.transfer import chat_records


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s, chat, t = await opened(update, context)
    assert update.effective_message is not None
    data = dump(await chat_records(s.db, chat.id), s.now()).encode()
    await update.effective_message.reply_document(
        InputFile(data, filename="releasewatch-export.json"),
        caption=t.gettext("This chat's settings and watchlist: everything the bot keeps about it, except messages."),
    )
