"""Digests, settings, languages and group membership (the diaspora-groups issue)."""

from __future__ import annotations

import asyncio
import itertools
import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.delivery.digest import MAX_MESSAGE, build_digest, due_period, latest_slot, next_slot
from bot.delivery.render import event_badge, visible_length
from bot.i18n import Catalogs
from storage.chats import get_chat
from storage.digests import Entry
from storage.items import StoredItem
from tests.conftest import Harness
from tests.fakes import Route, rss

GROUP = -100777
ADMIN, MEMBER = 7, 8


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize(
    ("now", "hhmm", "tz", "slot"),
    [
        ("2026-11-24T18:30Z", "20:00", "Europe/Vilnius", "2026-11-24T18:00Z"),  # EET, +2
        ("2026-11-24T17:30Z", "20:00", "Europe/Vilnius", "2026-11-23T18:00Z"),  # not yet today
        ("2026-03-29T17:30Z", "20:00", "Europe/Vilnius", "2026-03-29T17:00Z"),  # EEST from today, +3
        ("2026-10-25T18:30Z", "20:00", "Europe/Vilnius", "2026-10-25T18:00Z"),  # back to EET
        ("2026-11-24T17:30Z", "20:00", "Europe/Minsk", "2026-11-24T17:00Z"),  # +3 all year
        ("2026-11-24T00:30Z", "09:00", "Asia/Tbilisi", "2026-11-23T05:00Z"),
        ("2026-06-01T03:00Z", "23:30", "America/New_York", "2026-05-31T03:30Z"),
    ],
)
def test_latest_slot_in_the_chats_zone(now: str, hhmm: str, tz: str, slot: str) -> None:
    assert latest_slot(utc(now), hhmm, tz) == utc(slot)


@pytest.mark.parametrize(
    ("start", "hhmm"),
    [
        ("2026-03-27T00:00Z", "20:00"),
        ("2026-03-27T00:00Z", "03:30"),  # on 29 March 03:30 does not exist in Vilnius
        ("2026-10-23T00:00Z", "03:30"),  # on 25 October 03:30 happens twice
        ("2026-10-23T00:00Z", "00:00"),
    ],
)
def test_exactly_one_digest_a_day_across_dst(start: str, hhmm: str) -> None:
    now, produced = utc(start), []
    last: datetime | None = latest_slot(now, hhmm, "Europe/Vilnius")  # yesterday's digest went out
    for _ in range(4 * 24 * 60 // 5):  # four days, a tick every five minutes
        period = due_period(now, hhmm, "Europe/Vilnius", last)
        if period is not None:
            produced.append(period)
            last = period
        now += timedelta(minutes=5)
    assert len(produced) == 4
    assert all(timedelta(hours=22) <= b - a <= timedelta(hours=26) for a, b in itertools.pairwise(produced))


def test_missed_digest_is_caught_up_within_the_grace_window() -> None:
    slot = utc("2026-11-24T18:00Z")
    assert due_period(slot + timedelta(hours=2), "20:00", "Europe/Vilnius", None) == slot
    assert due_period(slot + timedelta(hours=7), "20:00", "Europe/Vilnius", None) is None
    assert due_period(slot + timedelta(minutes=5), "20:00", "Europe/Vilnius", slot) is None
    assert next_slot(slot, "20:00", "Europe/Vilnius") == slot + timedelta(days=1)


def _item(story: int, feed: str, title: str, hours: int, link: str | None = None) -> StoredItem:
    when = utc("2026-11-24T06:00Z") + timedelta(hours=hours)
    return StoredItem(
        story * 10 + len(feed), 1, feed, link or f"https://e.org/{story}/{feed}", title, "", when, when, story
    )


def test_digest_groups_by_person_releases_first_and_links_every_source() -> None:
    entries = [
        Entry(1, ("Ihar Losik",), "detention", utc("2026-11-24T10:00Z")),
        Entry(2, ("Maria Kolesnikova",), "other", utc("2026-11-24T09:00Z")),
        Entry(3, ("Maria Kolesnikova", "Maxim Znak"), "release", utc("2026-11-24T08:00Z")),
        Entry(4, ("Ihar Losik",), "other", utc("2026-11-24T11:00Z")),
    ]
    stories = {
        1: [_item(1, "Viasna", "Losik detained", 4)],
        2: [_item(2, "Viasna", "Kolesnikova letter", 3)],
        3: [_item(3, "Viasna", "Kolesnikova & Znak freed", 1), _item(3, "Zerkalo", "Kolesnikova freed", 2)],
        4: [_item(4, "Belsat", "Losik's wife speaks", 5)],
    }
    t = Catalogs().get("en")
    (message,) = build_digest(
        entries,
        stories,
        t,
        "Europe/Vilnius",
        utc("2026-11-24T18:00Z"),
        releases_only=False,
        quiet=True,
        badge=event_badge,
    )
    assert message.index("Maria Kolesnikova") < message.index("Ihar Losik")  # a person with a release first
    assert message.index("Kolesnikova &amp; Znak freed") < message.index("Kolesnikova letter")  # releases first
    assert message.index("Losik&#x27;s wife") < message.index("Losik detained")  # then newest first
    assert message.count("Kolesnikova &amp; Znak freed") == 1  # one story once...
    assert '<a href="https://e.org/3/Zerkalo">Zerkalo</a>' in message  # ...with every source linked
    assert "also: Maxim Znak" in message
    only = build_digest(
        entries, stories, t, "UTC", utc("2026-11-24T18:00Z"), releases_only=True, quiet=True, badge=event_badge
    )
    assert "freed" in only[0] and "detained" not in only[0]


def test_empty_digest_is_silent_unless_asked() -> None:
    t = Catalogs().get("en")
    args: tuple[Any, ...] = ([], {}, t, "UTC", utc("2026-11-24T18:00Z"))
    assert build_digest(*args, releases_only=False, quiet=True, badge=event_badge) == []
    (note,) = build_digest(*args, releases_only=False, quiet=False, badge=event_badge)
    assert "No news" in note


def test_a_busy_day_splits_at_item_boundaries_and_is_summarised() -> None:
    t = Catalogs().get("ru")
    entries = [Entry(n, (f"Person {n % 7}",), "other", utc("2026-11-24T10:00Z")) for n in range(1, 121)]
    stories = {n: [_item(n, "Viasna", f"<{n}> " + "очень длинный заголовок & " * 12, n % 12)] for n in range(1, 121)}
    messages = build_digest(
        entries,
        stories,
        t,
        "Europe/Minsk",
        utc("2026-11-24T18:00Z"),
        releases_only=False,
        quiet=True,
        badge=event_badge,
    )
    assert len(messages) > 1
    for m in messages:
        assert visible_length(m) <= MAX_MESSAGE == 4096  # Telegram counts the text, in UTF-16 units
        assert m.count("<a ") == m.count("</a>") and m.count("<b>") == m.count("</b>")
        assert not re.search(r"&[a-z#0-9]*$", m)  # no entity cut in half
    text = "\n".join(messages)
    assert "…и ещё 80 упоминаний" in text
    shown = [n for n in range(1, 121) if f'href="https://e.org/{n}/Viasna"' in text]
    assert len(shown) == 40  # each shown item whole, in one message: its title and its source link
    assert all(any(m.count(f'href="https://e.org/{n}/Viasna"') == 2 for m in messages) for n in shown)


# -- flows through the fake Bot API ------------------------------------------------------


async def group_says(h: Harness, text: str, user: int = ADMIN) -> str:
    return await h.say(GROUP, text, user_id=user, chat_type="supergroup")


async def test_group_gets_one_belarusian_release_digest_at_20_vilnius(make_harness) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness()
    h.telegram.admins[GROUP] = {ADMIN}
    h.telegram.bot_membership(GROUP, "left", "member", by_user=ADMIN)
    (intro,) = await h.wait_messages(GROUP, 1)
    assert "Вітаю" in intro  # introduces itself, in the language of the admin who added it

    await group_says(h, "/watch Kolesnikova, Losik")
    await group_says(h, "/digest 20:00 Europe/Vilnius")
    await group_says(h, "/lang be")
    reply = await group_says(h, "/filter releases")
    assert "Фільтр: толькі вызваленні" in reply and "а 20:00 (Europe/Vilnius)" in reply

    await h.poll_and_send()  # first poll
    story = {"title": "Марыя Калеснікава выйшла на волю", "link": "https://e.org/k?utm_source=rss"}
    h.feeds.routes["/news.xml"] = Route(rss([story, {"title": "Ігара Лосіка затрымалі", "link": "https://e.org/l"}]))
    h.feeds.routes["/other.xml"] = Route(rss([{**story, "link": "https://www.e.org/k"}]))
    await h.poll_and_send()
    sent_before = len(h.telegram.messages_to(GROUP))
    assert not any(m.startswith("🔔") for m in h.telegram.messages_to(GROUP))  # groups: digest, no instant alerts

    assert h.services is not None
    h.clock.now = utc("2026-11-24T17:59Z")
    await h.digests()
    assert len(h.telegram.messages_to(GROUP)) == sent_before
    h.clock.now = utc("2026-11-24T18:00:30Z")
    await h.digests()
    (digest,) = (await h.wait_messages(GROUP, sent_before + 1))[sent_before:]
    assert digest.startswith("📰 <b>Агляд</b> · 24 лістапада 2026")
    assert "🟢 вызваленне" in digest and "Марыя Калеснікава выйшла на волю" in digest
    assert ">Viasna</a>" in digest and ">Zerkalo</a>" in digest
    assert "Лосіка" not in digest  # filtered: not a release

    h.clock.now = utc("2026-11-24T18:05Z")
    await h.digests()
    await h.stop()
    again = await make_harness()
    again.clock.now = utc("2026-11-24T18:10Z")
    assert again.services is not None
    await again.digests()
    again.clock.now = utc("2026-11-25T18:01Z")  # a day without news: nothing (quiet by default)
    await again.digests()
    assert len(again.telegram.messages_to(GROUP)) == sent_before + 1
    await again.stop()


async def test_missed_digest_is_sent_on_return_and_quiet_off_sends_a_note(harness: Harness) -> None:
    chat = 4004
    await harness.say(chat, "/watch Poczobut")
    reply = await harness.say(chat, "/digest 09:00 Europe/Warsaw")
    assert "instant alerts and a daily digest" in reply  # a private chat keeps its alerts and adds the digest
    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Andrzej Poczobut wolny", "link": "https://e.org/p"}]))
    await harness.poll_and_send()
    assert harness.services is not None
    harness.clock.now = utc("2026-11-25T10:00Z")  # the bot was down at 09:00 Warsaw (08:00 UTC)
    await harness.digests()
    digest = harness.telegram.messages_to(chat)[-1]
    assert digest.startswith("📰 <b>Digest</b>") and "Poczobut wolny" in digest
    await harness.say(chat, "/digest quiet off")
    harness.clock.now = utc("2026-11-26T08:01Z")
    await harness.digests()
    assert "No news about your watchlist" in harness.telegram.messages_to(chat)[-1]


async def test_only_admins_change_settings_anyone_reads_them(harness: Harness) -> None:
    harness.telegram.admins[GROUP] = {ADMIN}
    assert "administrators" in await group_says(harness, "/digest 21:00", user=MEMBER)
    assert "administrators" in await group_says(harness, "/mode instant", user=MEMBER)
    settings = await group_says(harness, "/settings", user=MEMBER)
    assert "Delivery: daily digest" in settings and "at 20:00 UTC" in settings  # English says nothing of where
    assert "administrators" in await harness.press(GROUP, "set:filter:releases", user_id=MEMBER, chat_type="supergroup")
    assert await harness.press(GROUP, "set:mode:both", user_id=ADMIN, chat_type="supergroup", edit=True) == "Saved."
    assert "Delivery: instant alerts and a daily digest" in harness.telegram.edits[-1]["text"]
    assert "Filter: every mention" in harness.telegram.edits[-1]["text"]
    assert "Unknown time zone" in await group_says(harness, "/digest 20:00 Mars/Olympus")
    assert "Usage" in await group_says(harness, "/mode sometimes")


async def test_lang_be_switches_every_reply(harness: Harness) -> None:
    chat = 5005
    assert "Мова: Беларуская" in await harness.say(chat, "/lang be")
    assert "Гэты чат пакуль ні за кім не сочыць" in await harness.say(chat, "/watchlist")
    assert "У спісе: <b>Losik</b>" in await harness.say(chat, "/watch Losik")
    assert "<b>Крыніцы:</b>" in await harness.say(chat, "/status")
    assert "паведамляе" in await harness.say(chat, "/help")
    assert "закароткае" in await harness.say(chat, "/watch Ы")
    assert "Language: English" in await harness.say(chat, "/lang en")


async def test_first_contact_uses_the_telegram_language(harness: Harness) -> None:
    reply = await harness.say(6006, "/start")
    assert "tells you" in reply
    harness.telegram.user_says(6007, "/start", language="ru")
    (ru,) = await harness.wait_messages(6007, 1)
    assert "сообщает" in ru


async def test_migrated_group_keeps_watchlist_and_settings(harness: Harness) -> None:
    old, new = -4242, -1004242
    harness.telegram.admins[old] = {ADMIN}
    harness.telegram.admins[new] = {ADMIN}
    await harness.say(old, "/watch Znak", user_id=ADMIN, chat_type="group")
    await harness.say(old, "/digest 19:30 Europe/Vilnius", user_id=ADMIN, chat_type="group")
    harness.telegram.group_migrated(old, new)
    await harness.say(new, "/help", user_id=ADMIN, chat_type="supergroup")  # processed after the migration
    assert "Znak" in await harness.say(new, "/watchlist", user_id=MEMBER, chat_type="supergroup")
    assert "at 19:30 Europe/Vilnius" in await harness.say(new, "/settings", user_id=MEMBER, chat_type="supergroup")


async def test_removed_bot_marks_the_group_inactive(harness: Harness) -> None:
    harness.telegram.admins[GROUP] = {ADMIN}
    await group_says(harness, "/watch Losik")
    harness.telegram.bot_membership(GROUP, "member", "left")
    assert harness.services is not None
    async with asyncio.timeout(10):
        while (chat := await get_chat(harness.services.db, GROUP)) is None or chat.active:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/l"}]))
    await harness.poll_and_send()
    harness.clock.now = utc("2026-11-25T17:01Z")
    await harness.digests()
    assert not any(m.startswith("📰") for m in harness.telegram.messages_to(GROUP))
