"""Watchlists that think in people: one person one watch, /unwatch in any spelling, long lists in one answer."""

from __future__ import annotations

import asyncio

import pytest

from bot.i18n import in_language_order
from bot.matching import Lexicon, same_person, wider
from bot.ops.export_format import load
from tests.conftest import Harness
from tests.fakes import Route, rss

CHAT = 2002


@pytest.mark.parametrize(
    ("a", "b", "same", "a_wider"),
    [
        ("Kolesnikova", "Maria Kolesnikova", True, True),
        ("Maria Kolesnikova", "Колесникова Мария", True, False),
        ("Марыя Калеснікава", "Maria Kolesnikova", True, False),
        ("Maria Kolesnikova", "Alexandra Kolesnikova", False, False),  # namesakes
        ("Kolesnikova", "Kolesnikov", False, False),  # she and he: two people
        ("Babariko", "Viktar Babaryka", True, True),
        ("Losik", "Znak", False, False),
    ],
)
def test_same_person(lexicon: Lexicon, a: str, b: str, same: bool, a_wider: bool) -> None:
    ia, ib = lexicon.parse(a).identity, lexicon.parse(b).identity
    assert same_person(ia, ib) is same and same_person(ib, ia) is same
    assert wider(ia, ib) is a_wider and not wider(ib, ia)


async def test_one_person_watched_in_two_forms_is_one_watch_and_alerts_once(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Maria Kolesnikova")
    wider_reply = await harness.say(CHAT, "/watch Kolesnikova")
    assert "already watched as <b>Maria Kolesnikova</b>" in wider_reply
    assert "<code>/unwatch Maria Kolesnikova</code>, then <code>/watch Kolesnikova</code>" in wider_reply
    assert "already on the watchlist as <b>Maria Kolesnikova</b>" in await harness.say(CHAT, "/watch Колесникова Мария")
    await harness.say(CHAT, "/watch Babariko")
    narrower = await harness.say(CHAT, "/watch Viktar Babaryka, Losik")
    assert "already covered by <b>Babariko</b>, which matches everyone of that surname" in narrower
    assert "✓ Watching <b>Losik</b>" in narrower
    listing = await harness.say(CHAT, "/watchlist")
    assert listing.count("Kolesnikova") == 1 and "Watching 3 of at most 50" in listing
    assert "Колесникова" in listing  # the forms it matches, in the other script

    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(
        rss([{"title": "Марыю Калеснікаву вызвалілі", "link": "https://e.org/k"}])
    )
    await harness.poll_and_send()
    (alert,) = [m for m in harness.telegram.messages_to(CHAT) if m.startswith("🔔")]
    assert alert.count("Kolesnikova") == 1


async def test_a_button_narrows_or_widens_a_watch_in_place(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Maria Kolesnikova, Babariko")
    await harness.say(CHAT, "/watch Kolesnikova, Viktar Babaryka")
    question = harness.telegram.sent[-1]
    buttons = [row[0] for row in question["reply_markup"]["inline_keyboard"]]
    assert [b["text"] for b in buttons] == [
        "Watch Kolesnikova instead of Maria Kolesnikova",
        "Watch Viktar Babaryka instead of Babariko",
    ]
    done = (
        "<b>Kolesnikova</b> instead of <b>Maria Kolesnikova</b>",
        "<b>Viktar Babaryka</b> instead of <b>Babariko</b>",
    )
    for button, swapped in zip(buttons, done, strict=True):
        before = len(harness.telegram.messages_to(CHAT))
        assert await harness.press(CHAT, button["callback_data"], message_id=question["message_id"]) == ""
        assert (await harness.wait_messages(CHAT, before + 1))[-1].startswith(f"✓ Watching {swapped}")
    assert question["reply_markup"] is None  # each pressed button was taken away, the last with the keyboard
    listing = await harness.say(CHAT, "/watchlist")
    assert "<b>Kolesnikova</b>" in listing and "<b>Viktar Babaryka</b>" in listing and "Babariko</b>" not in listing
    assert "Watching 2 of" in listing
    # the same button again: that watch is gone, nothing changes
    assert "nothing was swapped" in await harness.press(
        CHAT, buttons[0]["callback_data"], message_id=question["message_id"]
    )

    group = -100777
    harness.telegram.admins[group] = {5}
    await harness.say(group, "/watch Znak", chat_type="supergroup", user_id=5)
    await harness.say(group, "/watch Maxim Znak", chat_type="supergroup", user_id=5)
    (row,) = harness.telegram.sent[-1]["reply_markup"]["inline_keyboard"]
    assert "administrators" in await harness.press(group, row[0]["callback_data"], user_id=6, chat_type="supergroup")
    assert "<b>Znak</b>" in await harness.say(group, "/watchlist", chat_type="supergroup", user_id=6)


async def test_unwatch_takes_any_spelling_and_asks_when_it_could_be_two(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Maria Kolesnikova, Alexandra Kolesnikova, Znak")
    assert "could be <b>Maria Kolesnikova</b>, <b>Alexandra Kolesnikova</b>" in await harness.say(
        CHAT, "/unwatch Kolesnikova"
    )
    assert "No longer watching <b>Maria Kolesnikova</b>" in await harness.say(CHAT, "/unwatch Колесникова Мария")
    assert "No longer watching <b>Alexandra Kolesnikova</b>" in await harness.say(CHAT, "/unwatch Калеснікава")
    assert "No longer watching <b>Znak</b>" in await harness.say(CHAT, "/unwatch Максим Знак")
    assert "watches nobody" in await harness.say(CHAT, "/watchlist")


SURNAMES = (
    "Losik, Znak, Babaryka, Bialiatski, Stefanovich, Labkovich, Tsikhanouski, Statkevich, Kalesnikava, Loika, "
    "Palchys, Khilchuk, Kazak, Shchetko, Sharenda-Panasiuk, Kavalkova, Mikhalevich, Lapteva, Dzianisava, "
    "Hermanovich, Karpitskaya, Seviarynets, Mikalaichuk, Marozau, Kuchynski"
)


async def test_a_long_watch_answers_in_one_message_and_the_maximum_is_the_operators(make_harness) -> None:  # type: ignore[no-untyped-def]
    harness: Harness = await make_harness(max_watches=22)
    before = len(harness.telegram.messages_to(CHAT))
    reply = await harness.say(CHAT, f"/watch {SURNAMES}")
    assert len(harness.telegram.messages_to(CHAT)) == before + 1  # one message
    lines = reply.splitlines()
    assert len(lines) == 21 and all(line.startswith("✓") for line in lines[:20])
    assert lines[-1] == "…and 5 more: 2 added, 3 not (see /watchlist)."  # the 23rd to 25th: over the maximum
    assert "Watching 22 of at most 22" in await harness.say(CHAT, "/watchlist")


async def test_export_sends_the_chats_settings_and_watchlist_as_a_file(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Maria Kolesnikova, Znak")
    await harness.say(CHAT, "/quiet 23:00-08:00")
    harness.telegram.user_says(CHAT, "/export")
    async with asyncio.timeout(10):
        while not harness.telegram.documents:  # noqa: ASYNC110 - set by the server's thread
            await asyncio.sleep(0.01)
    (document,) = harness.telegram.documents
    assert document["chat_id"] == CHAT and document["filename"] == "releasewatch-export.json"
    (chat,) = load(document["content"].decode())  # the format the operator's import reads
    assert chat.id == CHAT and [w.name for w in chat.watches] == ["Maria Kolesnikova", "Znak"]
    assert chat.settings["quiet"] == "23:00-08:00"


async def test_help_lists_every_command_a_chat_can_use(harness: Harness) -> None:
    from telegram.ext import CommandHandler

    text = await harness.say(CHAT, "/help")
    registered = {c for h in harness.app.handlers[0] if isinstance(h, CommandHandler) for c in h.commands}
    listed = {line.split()[0].lstrip("/") for line in text.splitlines() if line.startswith("/")}
    assert registered - {"start", "admin"} == listed  # /start is /help; /admin is the operator's


async def test_a_name_that_would_rarely_be_found_is_refused_with_the_way_out_in_the_chats_language(
    harness: Harness,
) -> None:
    refused = await harness.say(CHAT, "/watch Smith")
    assert "frequent English or German word" in refused and "“Smith!”" in refused
    assert "Smith" not in await harness.say(CHAT, "/watchlist")
    await harness.say(CHAT, "/watch Smith!")  # match it anyway: remembered on the watch
    assert "Smith!" in await harness.say(CHAT, "/watchlist")
    await harness.say(CHAT, "/lang ru")
    refused = await harness.say(CHAT, "/watch Zeit")
    assert "ещё и частое английское или немецкое слово" in refused and "«Zeit!»" in refused


FORMS = ["Maria Kolesnikova", "Мария Колесникова", "Марыя Калеснікава", "Марія Колеснікова"]


@pytest.mark.parametrize(
    ("forms", "language", "ordered"),
    [
        (FORMS, "be", ["Марыя Калеснікава", "Марія Колеснікова", "Maria Kolesnikova", "Мария Колесникова"]),
        (FORMS, "uk", ["Марія Колеснікова", "Maria Kolesnikova", "Мария Колесникова", "Марыя Калеснікава"]),
        (FORMS, "ru", ["Мария Колесникова", "Maria Kolesnikova", "Марыя Калеснікава", "Марія Колеснікова"]),
        (FORMS, "en", ["Maria Kolesnikova", "Мария Колесникова", "Марыя Калеснікава", "Марія Колеснікова"]),
        (["Ihar Losik", "Игорь Лосик"], "be", ["Ihar Losik", "Игорь Лосик"]),  # a Russian form comes last
        (["Ihar Losik", "Игорь Лосик"], "ru", ["Игорь Лосик", "Ihar Losik"]),
        (["Лосік", "Losik"], "uk", ["Лосік", "Losik"]),
    ],
)
def test_forms_in_the_chats_language_and_script_come_first(forms: list[str], language: str, ordered: list[str]) -> None:
    assert in_language_order(forms, language) == ordered


async def test_watch_and_watchlist_show_the_chats_own_forms_first(harness: Harness) -> None:
    ru = await harness.say(2101, "/watch Ihar Losik", language="ru")
    assert "Найду Игорь Лосик, Ihar Losik" in ru
    be = await harness.say(2102, "/watch Ihar Losik", language="be")
    assert "Знайду Ihar Losik, Игорь Лосик" in be  # the lexicon has no Belarusian form: the Russian one comes last
    await harness.say(2102, "/watch Марыя Калеснікава")
    assert "• <b>Марыя Калеснікава</b> · Maria Kalesnikava" in await harness.say(2102, "/watchlist")
