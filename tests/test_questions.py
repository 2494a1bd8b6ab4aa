"""What the bot asks and how every press is answered: a question waits in the database (any process takes its
answer, for a day), every button press gets an answer, and a database that is down gets "busy", not silence."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from telegram import Update

from bot.telegram.commands import button_fields, row_id
from bot.telegram.context import provide
from storage import questions as questions_db
from storage import watches as watches_db
from storage.db import Database, DatabaseUnavailable, Params, Row, Tx
from storage.questions import Asked
from tests.conftest import Clock, Harness
from tests.fakes import BOT_ID

CHAT = 8201
OUT_OF_DATE = "This button is out of date."
BUSY = "The bot is busy, try again in a minute."


async def watch_id(h: Harness, chat: int, name: str) -> int:
    assert h.services is not None
    await h.say(chat, f"/watch {name}")
    (w,) = [w for w in await watches_db.chat_watches(h.services.db, chat) if w.name == name]
    return w.id


async def ask_namesake(h: Harness, chat: int, watch: int) -> str:
    """Press "Not this person" for ``watch``; the bot's question."""
    before = len(h.telegram.messages_to(chat))
    assert await h.press(chat, f"np:{watch}") == ""  # answered without a word: the question follows
    return (await h.wait_messages(chat, before + 1))[-1]


async def exclusions(h: Harness, watch: int) -> tuple[str, ...]:
    assert h.services is not None
    w = await watches_db.get_watch(h.services.db, watch)
    assert w is not None
    return w.exclusions


# -- questions in the database ------------------------------------------------------------------------------


async def test_the_answer_is_taken_by_a_process_that_did_not_ask(make_harness) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    first: Harness = await make_harness(clock=clock)
    babariko = await watch_id(first, CHAT, "Babariko")
    assert "What sets <b>Babariko</b> apart" in await ask_namesake(first, CHAT, babariko)
    await first.stop()  # the process that asked is gone: nothing of the question was in its memory

    clock.advance(hours=23)  # a day to answer
    second: Harness = await make_harness(clock=clock)
    assert "“Эдуард” will no longer count" in await second.say(CHAT, "Эдуард")
    assert await exclusions(second, babariko) == ("Эдуард",)
    assert "/help" in await second.say(CHAT, "Виктор")  # answered once: now an ordinary message, pointed at /help
    assert "not with: Эдуард" in await second.say(CHAT, "/watchlist")
    assert await exclusions(second, babariko) == ("Эдуард",)
    assert len(second.telegram.messages_to(CHAT)) == 5  # /watch, the question, the confirmation, /help, /watchlist


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_processes_behind_a_webhook_one_asks_the_other_takes_the_answer(make_harness) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    first: Harness = await make_harness(clock=clock)
    second: Harness = await make_harness(clock=clock)
    assert first.services is not None and second.services is not None
    updates = Updates()
    await deliver(first, updates.text(CHAT, "/watch Babariko"))
    (w,) = await watches_db.chat_watches(second.services.db, CHAT)  # both run on one database
    babariko = w.id
    await deliver(first, updates.press(CHAT, f"np:{babariko}"))  # the first process asks
    assert "What sets <b>Babariko</b> apart" in first.telegram.messages_to(CHAT)[-1]
    await deliver(second, updates.text(CHAT, "Эдуард"))  # the answer reaches the second
    assert "“Эдуард” will no longer count" in second.telegram.messages_to(CHAT)[-1]
    assert await exclusions(first, babariko) == ("Эдуард",)
    assert await questions_db.pending(first.services.db, CHAT, CHAT, clock()) is None


async def test_a_question_expires_after_a_day(harness: Harness) -> None:
    babariko = await watch_id(harness, CHAT, "Babariko")
    await ask_namesake(harness, CHAT, babariko)
    harness.clock.advance(days=1, seconds=1)
    assert "/help" in await harness.say(CHAT, "Эдуард")  # no longer an answer: an ordinary message
    assert "not with" not in await harness.say(CHAT, "/watchlist")
    assert len(harness.telegram.messages_to(CHAT)) == 4  # /watch, the question, /help, /watchlist
    assert await exclusions(harness, babariko) == ()
    assert harness.services is not None
    assert await questions_db.prune_questions(harness.services.db, harness.clock()) == 1


async def test_in_a_group_only_the_asked_members_reply_answers(harness: Harness) -> None:
    group, admin, other = -8202, 7, 8
    harness.telegram.admins[group] = {admin}
    await harness.say(group, "/watch Babariko", user_id=admin, chat_type="supergroup")
    assert harness.services is not None
    (w,) = await watches_db.chat_watches(harness.services.db, group)
    assert await harness.press(group, f"np:{w.id}", user_id=admin, chat_type="supergroup") == ""
    await harness.wait_messages(group, 2)
    question = int(harness.telegram.sent[-1]["message_id"])
    updates = Updates()

    def says(user: int, text: str, replying: bool = True) -> None:
        message = updates.text(group, text, user=user, reply_to=question if replying else None)["message"]
        harness.telegram.queue_update(message=message)

    says(admin, "1984!")
    assert "one to three words" in (await harness.wait_messages(group, 3))[-1]  # still waiting for a word
    says(other, "Эдуард")  # not asked: addressed to the bot all the same, so pointed at /help
    assert "/help" in (await harness.wait_messages(group, 4))[-1]
    says(admin, "Виктор", replying=False)  # not a reply to the bot: the group's own talk
    await asyncio.sleep(0.3)
    assert len(harness.telegram.messages_to(group)) == 4
    says(admin, "Эдуард")
    assert "“Эдуард” will no longer count" in (await harness.wait_messages(group, 5))[-1]
    assert await exclusions(harness, w.id) == ("Эдуард",)


async def test_stop_erases_the_chats_questions(harness: Harness) -> None:
    babariko = await watch_id(harness, CHAT, "Babariko")
    await ask_namesake(harness, CHAT, babariko)
    await harness.say(CHAT, "/stop")
    await harness.press(CHAT, "stop:yes", edit=True)
    assert harness.services is not None
    assert await harness.services.db.fetchval("SELECT COUNT(*) FROM questions") == 0


async def test_questions_in_storage(harness: Harness) -> None:
    s = harness.services
    assert s is not None
    now = harness.clock()
    await harness.say(CHAT, "/start")
    await questions_db.ask(s.db, CHAT, 5, Asked.NAMESAKE, 1, now)
    first = await questions_db.pending(s.db, CHAT, 5, now)
    assert first == questions_db.Question(CHAT, 5, Asked.NAMESAKE, 1, now, now + questions_db.ASK_FOR)
    assert await questions_db.pending(s.db, CHAT, 6, now) is None
    harness.clock.advance(minutes=1)
    await questions_db.ask(s.db, CHAT, 5, Asked.NAMESAKE, 2, harness.clock())  # asked again: replaces it
    second = await questions_db.pending(s.db, CHAT, 5, harness.clock())
    assert first is not None and second is not None and second.watch_id == 2
    assert not await questions_db.take(s.db, first)  # the old question's answer does not take the new one
    assert await questions_db.take(s.db, second)
    assert not await questions_db.take(s.db, second)  # taken once
    await questions_db.ask(s.db, CHAT, 5, Asked.NAMESAKE, 1, now)
    later = now + questions_db.ASK_FOR
    assert await questions_db.pending(s.db, CHAT, 5, later) is None  # expired: ignored
    await questions_db.ask(s.db, CHAT, 6, Asked.NAMESAKE, 1, later)  # and swept by the next question
    assert await s.db.fetchval("SELECT COUNT(*) FROM questions") == 1


# -- every press gets an answer -----------------------------------------------------------------------------

MALFORMED = (
    "set:",
    "set:mode",
    "set:mode:",
    "set::instant",
    "set:mode:sometimes",  # a value this version does not have
    "set:colour:red",  # a setting this version does not have
    "swap:x",
    "swap:1",
    "swap:x:Babariko",
    "swap::Babariko",
    "swap:²:Babariko",
    "np:",
    "np:x",
    "np:-1",
    "np:1:2",
    "stop:",
    "stop:maybe",
    "np",
    "settings",
    "poll:1",  # an unknown prefix
)


async def test_every_malformed_or_unknown_press_is_answered_out_of_date(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await harness.say(CHAT, "/settings")
    for data in MALFORMED:
        assert await harness.press(CHAT, data) == OUT_OF_DATE, data
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("bot.") and r.levelno == logging.WARNING]
    assert len(warnings) == len(MALFORMED) and not any("Babariko" in w for w in warnings)
    await harness.say(CHAT, "/lang ru")
    assert await harness.press(CHAT, "set:mode") == "Эта кнопка устарела."
    assert await harness.press(CHAT, "poll:1") == "Эта кнопка устарела."  # read, not made, for an unknown one


@pytest.mark.parametrize(
    ("data", "prefix", "count", "fields"),
    [
        ("set:mode:both", "set", 2, ["mode", "both"]),
        ("set:tz:America/Argentina/Buenos_Aires", "set", 2, ["tz", "America/Argentina/Buenos_Aires"]),
        ("swap:12:Ales: Bialiatski", "swap", 2, ["12", "Ales: Bialiatski"]),
        ("np:5", "np", 1, ["5"]),
        ("set:mode", "set", 2, None),
        ("set::both", "set", 2, None),
        ("stop:", "stop", 1, None),
        ("np:5", "set", 1, None),
        (None, "np", 1, None),
    ],
)
def test_button_fields(data: str | None, prefix: str, count: int, fields: list[str] | None) -> None:
    assert button_fields(data, prefix, count) == fields


@pytest.mark.parametrize(("text", "value"), [("12", 12), ("0", 0), ("x", None), ("-1", None), ("²", None), ("", None)])
def test_row_id(text: str, value: int | None) -> None:
    assert row_id(text) == value


# -- the database is down: "busy" -------------------------------------------------------------------------------


class Down:
    """A database that cannot be reached: every call raises ``DatabaseUnavailable``, as storage does then."""

    def __init__(self, db: Database) -> None:
        self.dialect = db.dialect
        self.writing = False

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        raise DatabaseUnavailable("connection refused")

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        raise DatabaseUnavailable("connection refused")

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        raise DatabaseUnavailable("connection refused")

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        raise DatabaseUnavailable("connection refused")
        yield  # pragma: no cover

    async def close(self) -> None:
        return None


@contextlib.asynccontextmanager
async def database_down(h: Harness) -> AsyncIterator[None]:
    """The handlers' database is down meanwhile (the rest of the bot keeps its own)."""
    assert h.services is not None
    real = h.services.deps
    provide(h.app, replace(real, db=Down(real.db)))  # type: ignore[arg-type]
    try:
        yield
    finally:
        provide(h.app, real)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_while_the_database_is_down_commands_and_buttons_get_busy(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    assert harness.services is not None
    await harness.say(CHAT, "/settings")
    caplog.clear()
    caplog.set_level(logging.INFO, logger="bot")
    async with database_down(harness):
        assert (
            await harness.say(CHAT, "/watch Babariko", language="be")
            == "Бот заняты, паспрабуйце яшчэ раз праз хвіліну."
        )
        assert await harness.say(CHAT, "/watchlist", language="uk-UA") == "Бот зайнятий, спробуйте ще раз за хвилину."
        assert await harness.say(CHAT, "/status", language="de") == BUSY
        assert await harness.press(CHAT, "set:mode:digest") == BUSY
        assert await harness.say(CHAT + 1, "/start", language="ru") == "Бот занят, попробуйте ещё раз через минуту."
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    said = [r for r in caplog.records if r.levelno >= logging.INFO and r.name.startswith("bot.telegram")]
    assert [r.levelname for r in said] == ["INFO"], [r.getMessage() for r in said]  # one line (storage warns)
    assert "Watching <b>Babariko</b>" in await harness.say(CHAT, "/watch Babariko")  # back: all as before


# -- helpers ----------------------------------------------------------------------------------------------


class Updates:
    """Updates as Telegram sends them, to hand to one chosen process (as a load balancer in front of webhooks does)."""

    def __init__(self) -> None:
        self.next_id = 100_000

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def text(self, chat: int, text: str, user: int | None = None, reply_to: int | None = None) -> dict[str, Any]:
        sender = {"id": user or abs(chat), "is_bot": False, "first_name": "Tester", "language_code": "en"}
        message: dict[str, Any] = {
            "message_id": self._id(),
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private" if chat > 0 else "supergroup", "title": "Test group"},
            "from": sender,
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to is not None:
            bot = {"id": BOT_ID, "is_bot": True, "first_name": "releasewatch"}
            message["reply_to_message"] = {**message, "message_id": reply_to, "from": bot, "text": "?"}
        return {"update_id": self._id(), "message": message}

    def press(self, chat: int, data: str) -> dict[str, Any]:
        message = {"message_id": self._id(), "date": int(time.time()), "chat": {"id": chat, "type": "private"}}
        sender = {"id": abs(chat), "is_bot": False, "first_name": "Tester"}
        query = {"id": str(self._id()), "from": sender, "chat_instance": "ci", "data": data, "message": message}
        return {"update_id": self._id(), "callback_query": query}


async def deliver(h: Harness, update: dict[str, Any]) -> None:
    """Hand ``update`` to this process only, and wait until it has answered."""
    await h.app.process_update(Update.de_json(update, h.app.bot))
