"""When and where alerts arrive: quiet hours (a release at night comes at once, a sentence waits for the morning),
the chat's own time zone, settings that never promise what will not come, a forum's topic, a channel."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.delivery.quiet import held_until, parse_quiet
from storage import chats as chats_db
from tests.conftest import Harness
from tests.fakes import BOT_ID, Route, rss

CHAT = 3003


@pytest.mark.parametrize(
    ("text", "stored"),
    [("23:00-08:00", "23:00-08:00"), ("7:30–9:05", "07:30-09:05"), (" 22:00 - 06:00 ", "22:00-06:00"),
     ("25:00-08:00", None), ("23:00", None), ("08:00-08:00", None), ("night", None)],
)  # fmt: skip
def test_parse_quiet(text: str, stored: str | None) -> None:
    assert parse_quiet(text) == stored


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("quiet", "zone", "now", "until"),
    [
        ("23:00-08:00", "Europe/Minsk", utc(2026, 11, 24, 21, 30), utc(2026, 11, 25, 5, 0)),  # 00:30 in Minsk
        ("23:00-08:00", "Europe/Minsk", utc(2026, 11, 24, 20, 30), utc(2026, 11, 25, 5, 0)),  # 23:30, the evening
        ("23:00-08:00", "Europe/Minsk", utc(2026, 11, 24, 5, 0), None),  # 08:00: over
        ("23:00-08:00", "Europe/Minsk", utc(2026, 11, 24, 12, 0), None),  # 15:00
        ("13:00-15:00", "Europe/Warsaw", utc(2026, 11, 24, 12, 30), utc(2026, 11, 24, 14, 0)),  # 13:30 CET
        ("23:00-08:00", "Europe/Warsaw", utc(2026, 3, 28, 23, 30), utc(2026, 3, 29, 6, 0)),  # the clocks go forward
        (None, "Europe/Minsk", utc(2026, 11, 24, 21, 30), None),
    ],
)
def test_held_until(quiet: str | None, zone: str, now: datetime, until: datetime | None) -> None:
    assert held_until(quiet, zone, now) == until


async def test_a_release_at_night_comes_at_once_and_a_sentence_waits_for_the_morning(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Maria Kolesnikova, Viktar Babaryka")
    assert "Time zone: Europe/Warsaw" in await harness.say(CHAT, "/tz Europe/Warsaw")
    assert "Unknown time zone" in await harness.say(CHAT, "/tz Mars/Olympus")
    assert "Usage" in await harness.say(CHAT, "/quiet all night")
    reply = await harness.say(CHAT, "/quiet 23:00-08:00")
    assert "Quiet hours: 23:00–08:00" in reply and "releases come at once" in reply
    await harness.poll_and_send()  # the first listing is history
    harness.clock.now = utc(2026, 11, 24, 22, 30)  # 23:30 in Warsaw
    harness.feeds.routes["/news.xml"] = Route(
        rss(
            [
                {"title": "Суд асудзіў Віктара Бабарыку да 14 гадоў калоніі", "link": "https://e.org/b", "guid": "b"},
                {"title": "Марыю Калеснікаву вызвалілі", "link": "https://e.org/k", "guid": "k"},
            ]
        )
    )
    await harness.poll_and_send(minutes=1)
    sent = [m for m in harness.telegram.sent if m["chat_id"] == CHAT and str(m["text"]).startswith("🔔")]
    assert len(sent) == 1, harness.telegram.messages_to(CHAT)
    assert "Kolesnikova" in str(sent[0]["text"]) and not sent[0]["silent"]

    harness.clock.now = utc(2026, 11, 25, 6, 59)  # 07:59 in Warsaw: still quiet
    assert harness.services is not None
    await harness.services.sender.settled()
    assert len([m for m in harness.telegram.sent if m["chat_id"] == CHAT and str(m["text"]).startswith("🔔")]) == 1
    harness.clock.advance(minutes=2)  # 08:01
    await harness.services.sender.settled()
    sent = [m for m in harness.telegram.sent if m["chat_id"] == CHAT and str(m["text"]).startswith("🔔")]
    assert len(sent) == 2 and "Babaryka" in str(sent[1]["text"]) and sent[1]["silent"]
    assert "Quiet hours: none" in await harness.say(CHAT, "/quiet off")


def alerts_to(harness: Harness, chat_id: int) -> list[str]:
    return [
        str(m["text"]) for m in harness.telegram.sent if m["chat_id"] == chat_id and str(m["text"]).startswith("🔔")
    ]


async def test_held_alerts_follow_the_quiet_hours_when_they_change(harness: Harness) -> None:
    assert harness.services is not None
    for command in ("/watch Viktar Babaryka, Ihar Losik", "/tz Europe/Warsaw", "/quiet 23:00-08:00"):
        await harness.say(CHAT, command)
    await harness.poll_and_send()  # the first listing is history
    harness.clock.now = utc(2026, 11, 24, 22, 30)  # 23:30 in Warsaw
    sentence = {"title": "Суд асудзіў Віктара Бабарыку да 14 гадоў", "link": "https://e.org/b", "guid": "b"}
    harness.feeds.routes["/news.xml"] = Route(rss([sentence]))
    await harness.poll_and_send(minutes=1)
    harness.clock.now = utc(2026, 11, 25, 1, 0)  # 02:00: the quiet hours now end at 10:00
    await harness.say(CHAT, "/quiet 23:00-10:00")
    harness.clock.now = utc(2026, 11, 25, 7, 1)  # 08:01, when they ended before
    await harness.services.sender.settled()
    assert alerts_to(harness, CHAT) == []
    harness.clock.now = utc(2026, 11, 25, 9, 1)  # 10:01
    await harness.services.sender.settled()
    assert len(alerts_to(harness, CHAT)) == 1

    harness.clock.now = utc(2026, 11, 25, 22, 30)  # the next night
    detained = {"title": "Ігара Лосіка зноў затрымалі", "link": "https://e.org/l", "guid": "l"}
    harness.feeds.routes["/news.xml"] = Route(rss([detained, sentence]))
    await harness.poll_and_send(minutes=1)
    assert len(alerts_to(harness, CHAT)) == 1  # held
    await harness.say(CHAT, "/tz America/New_York")  # 17:30 there: outside the quiet hours, so it goes now
    await harness.services.sender.settled()
    assert len(alerts_to(harness, CHAT)) == 2 and "Losik" in alerts_to(harness, CHAT)[1]


async def test_settings_never_promise_what_will_not_come(harness: Harness) -> None:
    await harness.say(CHAT, "/mode instant")
    shown = await harness.say(CHAT, "/settings")
    assert "Digest: none in instant mode" in shown and "next:" not in shown
    await harness.say(CHAT, "/mode digest")
    assert "This chat receives nothing now" in await harness.say(CHAT, "/digest off")
    (row,) = harness.telegram.sent[-1]["reply_markup"]["inline_keyboard"]  # the two ways out, as buttons
    assert [b["callback_data"] for b in row] == ["set:mode:instant", "set:digest:on"]
    await harness.press(CHAT, "set:mode:instant", edit=True)
    assert "Delivery: instant alerts" in harness.telegram.edits[-1]["text"]
    await harness.press(CHAT, "set:tz:Europe/Vilnius", edit=True)  # the zone's buttons
    assert "Time zone: Europe/Vilnius" in harness.telegram.edits[-1]["text"]
    assert "• Vilnius" in str(harness.telegram.edits[-1]["reply_markup"])
    assert "receives nothing" not in await harness.say(CHAT, "/settings")


async def test_here_in_a_forum_topic_sends_the_alerts_there(harness: Harness) -> None:
    forum, admin = -100777, 7
    harness.telegram.admins[forum] = {admin}
    await harness.say(forum, "/watch Losik", user_id=admin, chat_type="supergroup", topic=42)
    await harness.say(forum, "/mode instant", user_id=admin, chat_type="supergroup", topic=42)
    refused = await harness.say(forum, "/here", user_id=8, chat_type="supergroup", topic=42)
    assert "administrators" in refused
    assert "posted in this topic" in await harness.say(forum, "/here", user_id=admin, chat_type="supergroup", topic=42)
    assert harness.telegram.sent[-1]["topic"] == 42  # the reply, in the topic where it was asked
    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/l"}]))
    await harness.poll_and_send()
    (alert,) = [m for m in harness.telegram.sent if m["chat_id"] == forum and str(m["text"]).startswith("🔔")]
    assert alert["topic"] == 42


async def test_a_ukrainian_user_meets_ukrainian_and_kyiv_time_and_lang_uk_switches_every_reply(
    harness: Harness,
) -> None:
    ukrainian = 4004
    welcome = await harness.say(ukrainian, "/settings", language="uk")
    assert "Налаштування" in welcome and "Часовий пояс: Europe/Kyiv" in welcome and "Українська" in welcome
    await harness.say(CHAT, "/lang uk")  # an English chat switches
    replies = [
        await harness.say(CHAT, command)
        for command in ("/help", "/watch Maria Kolesnikova", "/watchlist", "/settings", "/status", "/tz Europe/Kyiv")
    ]
    # every reply is Ukrainian: Cyrillic words, and none of the letters Russian or Belarusian have and Ukrainian not
    assert all(re.search("[а-яіїєґ]{4,}", r) and not re.search("[ыэъёў]", r) for r in replies), replies
    assert "У списку: <b>Maria Kolesnikova</b>" in replies[1]  # no case of the name is needed


async def test_a_channel_managed_from_a_private_chat_receives_its_digest(harness: Harness) -> None:
    channel, owner, stranger = -1001234, 55, 66
    harness.telegram.channels["@rwchan"] = channel
    harness.telegram.admins[channel] = {owner}  # the bot is not the channel's administrator yet
    assert "Add me to the channel as an administrator" in await harness.say(owner, "/channel @rwchan")
    harness.telegram.admins[channel] = {owner, BOT_ID}
    assert "Only the channel's administrators" in await harness.say(stranger, "/channel rwchan")
    assert "cannot find that channel" in await harness.say(owner, "/channel @nowhere")
    assert "Now managing <b>Channel @rwchan</b>" in await harness.say(owner, "/channel @rwchan")
    assert "Watching <b>Losik</b>" in await harness.say(owner, "/watch Losik")  # the channel's watchlist
    assert "Delivery: daily digest" in await harness.say(owner, "/settings")  # a channel's: a digest
    assert "Back to this chat" in await harness.say(owner, "/channel off")
    assert "watches nobody" in await harness.say(owner, "/watchlist")  # the owner's own chat
    before = len(harness.telegram.messages_to(owner))
    harness.telegram.user_says(owner, "a post", forwarded_from=channel)  # selecting it by a forwarded post
    assert "Now managing" in (await harness.wait_messages(owner, before + 1))[-1]
    assert "Losik" in await harness.say(owner, "/watchlist")
    assert "Commands apply to the channel <b>Channel @rwchan</b>" in await harness.say(owner, "/channel")
    harness.telegram.admins[channel] = {BOT_ID}  # the owner is no longer its administrator...
    assert harness.services is not None
    harness.services.deps.admins.ttl = 0.0
    assert "watches nobody" in await harness.say(owner, "/watchlist")  # ...so their commands are their own again

    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік выйшаў на волю", "link": "https://e.org/l"}]))
    await harness.poll_and_send()
    harness.clock.now = utc(2026, 11, 24, 20, 0)  # 20:00 in the channel's zone: UTC, as nothing told another
    await harness.digests()
    (digest,) = await harness.wait_messages(channel, 1)
    assert digest.startswith("📰 <b>Digest</b>") and "Лосік" in digest

    harness.telegram.admins[channel] = {owner, BOT_ID}  # an administrator again: /stop erases the channel
    question = await harness.say(owner, "/stop")
    assert "about the channel <b>Channel @rwchan</b>: its watchlist (1 person)" in question
    assert "This private chat is kept" in question
    await harness.press(owner, "stop:yes", edit=True)
    assert harness.telegram.edits[-1]["text"].startswith("Erased: the channel's watchlist (1)")
    assert await chats_db.get_chat(harness.services.db, channel) is None
    assert "Send <code>/channel @name</code>" in await harness.say(owner, "/channel")  # no longer managing it


async def test_a_deleted_topic_sends_the_alert_to_the_main_thread(harness: Harness) -> None:
    forum, admin = -100778, 7
    harness.telegram.admins[forum] = {admin}
    for command in ("/watch Losik", "/mode instant", "/here"):
        await harness.say(forum, command, user_id=admin, chat_type="supergroup", topic=42)
    await harness.poll_and_send()
    harness.telegram.fail_next(forum, 400, "Bad Request: message thread not found")  # the topic was deleted
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/l"}]))
    await harness.poll_and_send()
    harness.clock.advance(minutes=1)  # past the retry's backoff
    assert harness.services is not None
    await harness.services.sender.settled()
    (alert,) = [m for m in harness.telegram.sent if m["chat_id"] == forum and str(m["text"]).startswith("🔔")]
    assert alert["topic"] is None
