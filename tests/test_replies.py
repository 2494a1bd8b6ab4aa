"""No silence: what the bot answers to what it does not understand, and how it says things (plurals, dates, the
reasons a source fails, time zones and times as people write them)."""

from __future__ import annotations

import asyncio
import time as clock
from datetime import UTC, datetime, time
from typing import Any

import pytest

from bot.i18n import Catalogs
from bot.telegram.info import Failure, failure, failure_words
from bot.telegram.throttle import CommandThrottle
from bot.telegram.times import Unreadable, Wrong, closest_zones, exact_zone, parse_span, parse_time
from tests.conftest import Harness
from tests.fakes import BOT_ID, BOT_USERNAME, Route

GROUP = -8301


def group_message(text: str, *, reply_to_bot: bool = False, mention: bool = False) -> dict[str, Any]:
    """A group member's message as Telegram sends it, maybe a reply to the bot or with an @mention of it."""
    chat = {"id": GROUP, "type": "supergroup", "title": "Test group"}
    message: dict[str, Any] = {
        "message_id": int(clock.monotonic() * 1000) % 1_000_000,
        "date": int(clock.time()),
        "chat": chat,
        "from": {"id": 7, "is_bot": False, "first_name": "Tester", "language_code": "ru"},
        "text": text,
    }
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    if mention:
        at = text.index("@" + BOT_USERNAME)
        entities.append({"type": "mention", "offset": at, "length": len(BOT_USERNAME) + 1})
    if entities:
        message["entities"] = entities
    if reply_to_bot:
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "releasewatch", "username": BOT_USERNAME}
        message["reply_to_message"] = {"message_id": 1, "date": 0, "chat": chat, "from": bot, "text": "✓"}
    return message


async def test_unknown_commands_and_plain_text_in_a_private_chat_point_at_help(harness: Harness) -> None:
    assert "/help" in await harness.say(8300, "/foo")
    assert "/help" in await harness.say(8300, "hello?")
    be = await harness.say(8310, "/foo", language="be")
    assert "/help" in be and "каманды" in be  # in the chat's language
    ru = await harness.say(8311, "Колесникова", language="ru")
    assert "/help" in ru and "команды" in ru


async def test_in_a_group_only_what_is_addressed_to_the_bot_is_answered(harness: Harness) -> None:
    telegram = harness.telegram
    telegram.queue_update(message=group_message("/foo"))  # maybe another bot's command
    telegram.queue_update(message=group_message("hello everyone"))  # the group's own talk
    await asyncio.sleep(0.3)
    assert telegram.messages_to(GROUP) == []
    telegram.queue_update(message=group_message(f"/foo@{BOT_USERNAME}"))
    assert "/help" in (await harness.wait_messages(GROUP, 1))[-1]
    telegram.queue_update(message=group_message("what can you do?", reply_to_bot=True))
    assert "/help" in (await harness.wait_messages(GROUP, 2))[-1]
    telegram.queue_update(message=group_message(f"@{BOT_USERNAME} hi", mention=True))
    answer = (await harness.wait_messages(GROUP, 3))[-1]
    assert "/help" in answer and "команды" in answer  # the group took its first member's language


async def test_a_flood_of_plain_text_is_throttled_like_commands(make_harness) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(throttle=CommandThrottle(burst=2, every=3600.0))
    assert "/help" in await h.say(8305, "hi")
    assert "/help" in await h.say(8305, "hello?")
    assert "faster than I can answer" in await h.say(8305, "anyone?")
    h.telegram.user_says(8305, "still there?")  # then silence
    await asyncio.sleep(0.3)
    assert len(h.telegram.messages_to(8305)) == 3


# -- times and time zones as people write them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("20:00", time(20, 0)),
        ("20.00", time(20, 0)),
        ("20h", time(20, 0)),
        ("2000", time(20, 0)),
        ("830", time(8, 30)),
        ("7:05", time(7, 5)),
        ("8pm", time(20, 0)),
        ("8 PM", time(20, 0)),
        ("8:30 pm", time(20, 30)),
        ("8.30 p.m.", time(20, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("0:00", time(0, 0)),
        ("24:00", Unreadable(Wrong.MIDNIGHT, "24:00")),
        ("25:00", Unreadable(Wrong.HOUR, "25:00", 25)),
        ("99:00", Unreadable(Wrong.HOUR, "99:00", 99)),
        ("20:75", Unreadable(Wrong.MINUTE, "20:75", 75)),
        ("13pm", Unreadable(Wrong.HOUR_12, "13pm", 13)),
        ("20:0", Unreadable(Wrong.NOT_A_TIME, "20:0")),
        ("evening", Unreadable(Wrong.NOT_A_TIME, "evening")),
        ("", Unreadable(Wrong.NOT_A_TIME, "")),
    ],
)
def test_parse_time(text: str, parsed: time | Unreadable) -> None:
    assert parse_time(text) == parsed


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("23:00-08:00", "23:00-08:00"),
        ("7:30–9:00", "07:30-09:00"),
        ("11pm - 7am", "23:00-07:00"),
        ("22.00 to 06.30", "22:00-06:30"),
        ("25:00-99:00", Unreadable(Wrong.HOUR, "25:00", 25)),
        ("23:00-24:00", Unreadable(Wrong.MIDNIGHT, "24:00")),
        ("23:00", Unreadable(Wrong.NOT_A_SPAN, "23:00")),
        ("8:00-8am", Unreadable(Wrong.EMPTY_SPAN, "8:00-8am")),
    ],
)
def test_parse_span(text: str, parsed: str | Unreadable) -> None:
    assert parse_span(text) == parsed


@pytest.mark.parametrize(
    ("typed", "language", "first"),
    [
        ("Minsk", "en", "Europe/Minsk"),
        ("minsk", "en", "Europe/Minsk"),
        ("Мінск", "be", "Europe/Minsk"),
        ("Минск", "ru", "Europe/Minsk"),
        ("Kiev", "en", "Europe/Kyiv"),
        ("Київ", "uk", "Europe/Kyiv"),
        ("new york", "en", "America/New_York"),
        ("Vilnus", "en", "Europe/Vilnius"),
    ],
)
def test_closest_zones(typed: str, language: str, first: str) -> None:
    assert closest_zones(typed, language)[0] == first


def test_exact_zone_in_any_case() -> None:
    assert exact_zone("europe/minsk") == "Europe/Minsk"
    assert exact_zone("utc") == "UTC"
    assert exact_zone("Mars/Olympus") is None
    assert closest_zones("Mars/Olympus", "en") == []


async def test_tz_suggests_the_closest_zones_with_their_cities_in_the_chats_language(harness: Harness) -> None:
    answer = await harness.say(8320, "/tz minsk", language="be")
    assert "Europe/Minsk" in answer and "Мінск" in answer
    (button,) = harness.telegram.sent[-1]["reply_markup"]["inline_keyboard"][0]
    assert button["callback_data"] == "set:tz:Europe/Minsk"
    assert await harness.press(8320, button["callback_data"], edit=True)
    assert "Europe/Minsk" in harness.telegram.edits[-1]["text"]
    assert "Europe/Warsaw" in await harness.say(8320, "/tz europe/warsaw")  # an IANA name in any case


async def test_quiet_hours_and_digest_times_say_what_is_wrong_and_take_common_ways_of_writing(harness: Harness) -> None:
    assert "there is no hour 25" in await harness.say(8321, "/quiet 25:00-99:00")
    assert "midnight is written 00:00" in await harness.say(8321, "/digest 24:00")
    assert "there is no minute 75" in await harness.say(8321, "/digest 20:75 Europe/Vilnius")
    assert "Quiet hours: 23:00–07:00" in await harness.say(8321, "/quiet 11pm-7am")
    answer = await harness.say(8321, "/digest 8:30 pm")
    assert "at 20:30" in answer
    assert "at 20:00 Europe/Vilnius" in await harness.say(8321, "/digest 20.00 Europe/Vilnius")
    ru = await harness.say(8322, "/digest 8.5", language="ru")
    assert "не время" in ru and "/digest 20:00" in ru


# -- plurals, dates and names that need no case ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "n", "said"),
    [
        ("en", 1, "1 item seen"),
        ("en", 2, "2 items seen"),
        ("ru", 1, "1 новость"),
        ("ru", 3, "3 новости"),
        ("ru", 5, "5 новостей"),
        ("ru", 21, "21 новость"),
        ("be", 2, "2 навіны"),
        ("be", 11, "11 навін"),
        ("uk", 4, "4 новини"),
        ("uk", 25, "25 новин"),
    ],
)
def test_counts_take_their_languages_plural(language: str, n: int, said: str) -> None:
    t = Catalogs().get(language)
    assert t.ngettext("{n} item seen", "{n} items seen", n).format(n=n) == said


@pytest.mark.parametrize(
    ("language", "fmt", "shown"),
    [
        ("be", "d MMM yyyy", "8 снежня 2026"),  # not the cut "8 сне 2026"
        ("be", "d MMM, HH:mm", "8 снежня, 03:00"),
        ("be", "d MMMM yyyy", "8 снежня 2026"),
        ("ru", "d MMM yyyy", "8 дек. 2026"),
        ("en", "d MMM yyyy", "8 Dec 2026"),
    ],
)
def test_dates_spell_the_month_where_its_short_form_is_cut(language: str, fmt: str, shown: str) -> None:
    when = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)
    assert Catalogs().get(language).datetime(when, "Europe/Minsk", fmt, offset=False) == shown


async def test_status_counts_in_plurals_and_watch_replies_need_no_case_of_the_name(harness: Harness) -> None:
    assert "В списке: <b>Kolesnikova</b>" in await harness.say(8330, "/watch Kolesnikova", language="ru")
    status = await harness.say(8330, "/status")
    assert "0 новостей" in status and "В списке этого чата:</b> 1 имя" in status
    await harness.say(8331, "/watch Babariko")
    status = await harness.say(8331, "/status")
    assert "<b>This chat watches:</b> 1 name\n" in status + "\n" and "0 items seen, 0 alerts sent" in status
    be = await harness.say(8332, "/watch Калеснікава", language="be")
    assert "У спісе: <b>Калеснікава</b>" in be and "Сачу за" not in be
    assert "Прыбрана са спісу: <b>Калеснікава</b>" in await harness.say(8332, "/unwatch Калеснікава")


# -- sources in plain words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "plain"),
    [
        ("malformed document: SAXParseException: <unknown>:1:72: not well-formed (invalid token)", Failure.NOT_XML),
        ("not a feed: no <rss> or <feed>", Failure.NOT_A_FEED),
        ("got an HTML page instead of a feed (blocked by an anti-bot wall?)", Failure.BLOCKED),
        ("not a Telegram channel page (blocked by an anti-bot wall?)", Failure.BLOCKED),
        ("the channel has no public preview (it is private, or Telegram hides it)", Failure.NO_PREVIEW),
        (
            "nothing on the page matches `.news-item` (the site changed its layout, or an anti-bot page?)",
            Failure.LAYOUT,
        ),
        ("empty response", Failure.EMPTY_ANSWER),
        ("feed document is almost empty (12 bytes)", Failure.EMPTY_ANSWER),
        ("timed out: no complete answer within 60 s", Failure.TIMEOUT),
        ("network error: ConnectError", Failure.UNREACHABLE),
        ("HTTP 403", Failure.REFUSED),
        ("HTTP 404", Failure.GONE),
        ("HTTP 502", Failure.SERVER),
        ("HTTP 418", Failure.HTTP),
        ("feed larger than 5 MB", Failure.TOO_LARGE),
        ("malformed compressed body: Error -3", Failure.DAMAGED),
        ("something new", Failure.OTHER),
        (None, Failure.OTHER),
    ],
)
def test_failure_reasons_in_plain_words(reason: str | None, plain: Failure) -> None:
    assert failure(reason) is plain
    words = failure_words(Catalogs().get("en"), reason)
    assert "Exception" not in words and "<" not in words and (reason is None or "anti-bot" not in words)


async def test_status_says_what_a_broken_feed_means_and_admin_keeps_the_detail(make_harness) -> None:  # type: ignore[no-untyped-def]
    operator = 8340
    h: Harness = await make_harness(operator=operator)
    h.feeds.routes["/other.xml"] = Route(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title')
    await h.poll_and_send()
    status = await h.say(8341, "/status")
    assert "Zerkalo: failing since" in status and "the feed is broken (not valid XML)" in status
    assert "malformed" not in status and "Exception" not in status
    assert "лента сломана (это не корректный XML)" in await h.say(8342, "/status", language="ru")
    assert "Zerkalo: malformed document" in await h.say(operator, "/admin")


async def test_a_paused_source_shows_as_paused(make_harness) -> None:  # type: ignore[no-untyped-def]
    operator = 8350
    h: Harness = await make_harness(operator=operator)
    await h.poll_and_send()
    await h.say(operator, "/admin pause Viasna")
    sources = await h.say(8351, "/sources")
    assert "⏸ Viasna [be] — paused by the bot's operator since" in sources
    assert "🟢 Zerkalo [ru] — working" in sources and "⏸ paused" in sources  # and in the legend
    status = await h.say(8351, "/status")
    assert "2 configured, 1 healthy, 0 failing, 1 paused" in status and "⏸ Viasna: paused" in status
    await h.say(operator, "/admin resume Viasna")
    await h.poll_and_send()
    assert "🟢 Viasna [be] — working" in await h.say(8351, "/sources")
