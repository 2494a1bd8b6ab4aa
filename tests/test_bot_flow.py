"""End to end: the real application against a fake Bot API and a fixture feed server."""

from __future__ import annotations

from tests.conftest import Harness
from tests.fakes import Route, rss

CHAT = 1001


async def test_watch_then_alert_once_with_escaping(harness: Harness) -> None:
    reply = await harness.say(CHAT, "/watch Maria Kolesnikova")
    assert "Watching <b>Maria Kolesnikova</b>" in reply
    assert "Колесникова" in reply  # shows the Cyrillic form it will match

    await harness.poll_and_send()  # first poll: the existing items alert nobody
    assert len(harness.telegram.messages_to(CHAT)) == 1

    harness.feeds.routes["/news.xml"] = Route(
        rss(
            [
                {"title": "Old story", "link": "https://example.org/old", "guid": "old"},
                {
                    "title": "Марыя Калеснікава выйшла на волю: 5 &lt; 10 &amp; &lt;i&gt;едзе&lt;/i&gt; дадому",
                    "link": "https://example.org/k?id=1&amp;utm_source=tg",
                    "guid": "k1",
                    "description": "&lt;p&gt;Сёння &lt;b&gt;Марыю Калеснікаву&lt;/b&gt; вызвалілі.&lt;/p&gt;",
                },
            ]
        )
    )
    await harness.poll_and_send()
    messages = await harness.wait_messages(CHAT, 2)
    alert = messages[-1]
    assert "<b>Maria Kolesnikova</b>" in alert
    assert "🟢 release" in alert
    assert '<a href="https://example.org/k?id=1&amp;utm_source=tg">' in alert
    assert "5 &lt; 10 &amp; едзе" in alert  # feed HTML stripped, the rest escaped
    assert "<i>едзе" not in alert
    assert "Марыю <b>Калеснікаву</b>" in alert  # the mention, highlighted in the snippet
    assert "Viasna" in alert

    await harness.poll_and_send()  # nothing new: nothing sent
    assert len(harness.telegram.messages_to(CHAT)) == 2


async def test_restart_sends_nothing_again(make_harness) -> None:  # type: ignore[no-untyped-def]
    first = await make_harness()
    await first.say(CHAT, "/watch Babariko")
    await first.poll_and_send()
    first.feeds.routes["/news.xml"] = Route(
        rss([{"title": "Бабарико освобождён", "link": "https://example.org/b", "guid": "b"}])
    )
    await first.poll_and_send()
    await first.wait_messages(CHAT, 2)
    await first.stop()

    second = await make_harness()
    second.clock.now = first.clock.now
    await second.poll_and_send()
    await second.poll_and_send(minutes=60)
    assert len(second.telegram.messages_to(CHAT)) == 2
    await second.stop()


async def test_same_story_in_two_feeds_alerts_once(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Poczobut")
    await harness.poll_and_send()
    story = {"title": "Andrzej Poczobut wolny", "link": "https://example.org/p?utm_medium=rss", "guid": "p"}
    harness.feeds.routes["/news.xml"] = Route(rss([story]))
    harness.feeds.routes["/other.xml"] = Route(rss([{**story, "link": "https://www.example.org/p/", "guid": "x"}]))
    await harness.poll_and_send()
    await harness.poll_and_send()
    alerts = [m for m in harness.telegram.messages_to(CHAT) if m.startswith("🔔")]
    assert len(alerts) == 1


async def test_group_non_admin_is_refused_admin_and_anonymous_admin_allowed(harness: Harness) -> None:
    group = -100500
    harness.telegram.admins[group] = {7}
    refused = await harness.say(group, "/watch@releasewatch_test_bot Losik", user_id=8, chat_type="supergroup")
    assert "only this group's administrators can change this" in refused
    allowed = await harness.say(group, "/watch@releasewatch_test_bot Losik", user_id=7, chat_type="supergroup")
    assert "Watching <b>Losik</b>" in allowed
    anonymous = await harness.say(group, "/watch Znak", chat_type="supergroup", sender_chat=True)
    assert "Watching <b>Znak</b>" in anonymous
    listing = await harness.say(group, "/watchlist", user_id=8, chat_type="supergroup")
    assert "Losik" in listing and "Znak" in listing  # anyone may read
    assert "Erase everything" in await harness.say(group, "/stop", user_id=7, chat_type="supergroup")
    answer = await harness.press(group, "stop:yes", user_id=8, chat_type="supergroup")  # a member presses it
    assert "administrators" in answer
    assert "Losik" in await harness.say(group, "/watchlist", user_id=8, chat_type="supergroup")  # nothing erased


async def test_failing_feed_shows_in_status_while_others_work(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Statkevich")
    harness.feeds.routes["/other.xml"] = Route(
        b"<!DOCTYPE html><html><body>Checking your browser</body></html>", content_type="text/html"
    )
    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(
        rss([{"title": "Статкевич освобождён", "link": "https://example.org/s", "guid": "s"}])
    )
    await harness.poll_and_send(minutes=30)
    await harness.wait_messages(CHAT, 2)
    status = await harness.say(CHAT, "/status")
    assert "2 configured, 1 healthy, 1 failing" in status
    assert "Zerkalo" in status and "HTML page" in status
    assert "This chat watches:</b> 1" in status
    sources = await harness.say(CHAT, "/sources")
    assert "🟢 Viasna [be]" in sources and "🔴 Zerkalo [ru]" in sources
    about = await harness.say(CHAT, "/status Statkevich")
    assert "Статкевич освобождён" in about


async def test_watch_refuses_bad_and_duplicate_names(harness: Harness) -> None:
    reply = await harness.say(CHAT, "/watch Kolesnikova, Калеснікава, 12345, " + "x" * 100)
    lines = reply.splitlines()
    assert lines[0].startswith("✓")
    assert "already on the watchlist" in lines[1]
    assert "does not look like part of a name" in lines[2]
    assert "longer than 80" in lines[3]
    assert "Tell me whom" in await harness.say(CHAT, "/watch")


async def test_unwatch_and_stop_erase(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Losik\nZnak")
    assert "No longer watching <b>Losik</b>" in await harness.say(CHAT, "/unwatch Лосік")
    assert "is not on the watchlist" in await harness.say(CHAT, "/unwatch Losik")
    question = await harness.say(CHAT, "/stop")
    assert "Erase everything stored about this chat: its watchlist (1 person)" in question
    await harness.press(CHAT, "stop:no", edit=True)
    assert harness.telegram.edits[-1]["text"] == "Kept: nothing was erased."
    assert "Znak" in await harness.say(CHAT, "/watchlist")
    await harness.say(CHAT, "/stop")
    await harness.press(CHAT, "stop:yes", edit=True)
    assert harness.telegram.edits[-1]["text"].startswith("Erased: the watchlist (1), the settings, and")
    assert "watches nobody" in await harness.say(CHAT, "/watchlist")


async def test_telegram_errors_retry_or_retire(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Losik")
    await harness.say(2002, "/watch Losik")
    await harness.poll_and_send()
    harness.telegram.fail_next(CHAT, 429, "Too Many Requests: retry after 5", retry_after=5)
    harness.telegram.fail_next(2002, 403, "Forbidden: bot was blocked by the user")
    harness.feeds.routes["/news.xml"] = Route(
        rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/l", "guid": "l"}])
    )
    await harness.poll_and_send()
    assert len(harness.telegram.messages_to(CHAT)) == 1  # flood control: not yet
    await harness.poll_and_send(minutes=1)
    assert harness.telegram.messages_to(CHAT)[-1].startswith("🔔")
    assert len(harness.telegram.messages_to(2002)) == 1  # blocked: retired, nothing more
    assert harness.services is not None
    from storage.chats import get_chat

    chat = await get_chat(harness.services.db, 2002)
    assert chat is not None and not chat.active


async def test_bot_commands_are_registered_with_telegram(harness: Harness) -> None:
    assert harness.services is not None
    await harness.services.register_commands(harness.app)
    assert {c["command"] for c in harness.telegram.commands} >= {"watch", "unwatch", "status", "settings", "stop"}
