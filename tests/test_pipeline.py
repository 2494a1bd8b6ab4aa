"""Polling behaviour through the real cycle: first poll, backoff, recovery, conditional GET, crashes."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from datetime import timedelta

from bot.cluster import SETTLE, TAKEOVER
from storage import feeds as feeds_db
from storage import outbox
from storage.db import POSTGRESQL, open_database
from tests.conftest import Harness
from tests.fakes import Route, rss

CHAT = 3003


async def test_first_poll_records_matching_items_but_alerts_nobody(harness: Harness) -> None:
    await harness.say(CHAT, "/watch Losik")
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/1"}]))
    await harness.poll_and_send()
    assert harness.telegram.messages_to(CHAT)[1:] == []
    assert "Ігар Лосік на волі" in await harness.say(CHAT, "/status Losik")  # stored, just not alerted


async def test_failing_feed_backs_off_and_recovers_by_itself(harness: Harness) -> None:
    assert harness.services is not None
    route = Route(b"oops", status=500)
    harness.feeds.routes["/other.xml"] = route
    await harness.poll_and_send()
    states = {f.name: f for f in await feeds_db.all_feeds(harness.services.db)}
    assert states["Zerkalo"].failures == 1 and states["Zerkalo"].last_error == "HTTP 500"
    assert states["Viasna"].failures == 0
    await harness.poll_and_send(minutes=11)  # the healthy feed is polled; the failing one waits ~20 min
    assert route.hits == 1
    harness.feeds.routes["/other.xml"] = Route(rss([{"title": "Back", "link": "https://e.org/b"}]))
    await harness.poll_and_send(minutes=30)
    states = {f.name: f for f in await feeds_db.all_feeds(harness.services.db)}
    assert states["Zerkalo"].failures == 0 and states["Zerkalo"].last_error is None


async def test_conditional_get_uses_etag(harness: Harness) -> None:
    assert harness.services is not None
    route = Route(rss([{"title": "Same", "link": "https://e.org/s"}]), etag='"v1"')
    harness.feeds.routes["/news.xml"] = route
    await harness.poll_and_send()
    await harness.poll_and_send()
    (viasna,) = [f for f in await feeds_db.all_feeds(harness.services.db) if f.name == "Viasna"]
    assert route.hits == 2 and viasna.etag == '"v1"' and viasna.failures == 0


async def test_delivery_interrupted_by_a_crash_is_sent_after_restart(make_harness) -> None:  # type: ignore[no-untyped-def]
    first = await make_harness()
    await first.say(CHAT, "/watch Znak")
    await first.poll_and_send()
    first.feeds.routes["/news.xml"] = Route(rss([{"title": "Максім Знак выйшаў на волю", "link": "https://e.org/z"}]))
    assert first.services is not None
    await first.services.sender.stop()  # it will "crash" holding the row
    first.clock.advance(minutes=11)
    from bot.pipeline.cycle import run_poll_cycle

    await run_poll_cycle(first.services.pipeline, first.clock())
    (row,) = await outbox.pending_after(first.services.db, 0, 10)
    assert await outbox.claim(first.services.db, row.id, first.clock()) == CHAT  # the sender took it, then "crashed"
    await first.stop()

    second = await make_harness()
    second.clock.now = first.clock.now + timedelta(seconds=5)
    assert second.services is not None
    if second.services.db.dialect == POSTGRESQL:  # another process may hold the claim: it is released once stale,
        for _ in range(int((TAKEOVER + SETTLE).total_seconds()) // 5 + 1):  # by a process that has beaten that long
            second.clock.advance(seconds=5)
            await second.services.cluster.beat()
    await second.services.sender.settled()
    alerts = [m for m in second.telegram.messages_to(CHAT) if m.startswith("🔔")]
    assert len(alerts) == 1 and "Знак" in alerts[0]
    await second.services.sender.settled()
    assert len([m for m in second.telegram.messages_to(CHAT) if m.startswith("🔔")]) == 1
    await second.stop()


async def test_stopping_cancels_a_hung_fetch_and_keeps_what_was_stored(make_harness, caplog) -> None:  # type: ignore[no-untyped-def]
    h = await make_harness()
    assert h.services is not None
    hung = threading.Event()
    h.feeds.routes["/other.xml"] = Route(rss([{"title": "Slow", "link": "https://e.org/s"}]), hold=hung)
    try:
        await h.services.tick_feeds()  # the running bot's way: a task per due feed
        async with asyncio.timeout(10):
            while h.feeds.routes["/other.xml"].hits == 0 or h.services.poller.running != ["Zerkalo"]:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            await h.stop()  # SIGTERM while Zerkalo's server still has not answered
    finally:
        hung.set()
    db = await open_database(h.settings.database)
    states = {f.name: f for f in await feeds_db.all_feeds(db)}
    await db.close()
    assert states["Viasna"].last_success_at is not None  # stored before the stop
    assert states["Zerkalo"].last_attempt_at is None  # cancelled while fetching: nothing written, polled after restart
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_stop_while_a_source_is_being_leased_starts_no_poll(harness: Harness) -> None:
    assert harness.services is not None
    services = harness.services
    await services.poller.tick()  # a first round of polls
    await services.poller.wait()
    harness.clock.advance(minutes=11)  # every source is due again
    async with services.db.transaction():  # the lease waits for this write...
        tick = asyncio.create_task(services.poller.tick())
        await asyncio.sleep(0.05)
        await services.poller.stop()  # ...and the bot stops meanwhile: nothing is running to wait for
    await tick
    assert services.poller.running == []  # no poll started after the stop, to store into a closed database


async def test_an_alert_queued_by_the_previous_release_is_still_sent(harness: Harness) -> None:
    """An operator's outbox holds alerts with the payload of before versions ("v"): they go out as they would have."""
    assert harness.services is not None
    await harness.say(CHAT, "/watch Losik")
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Ігар Лосік на волі", "link": "https://e.org/1"}]))
    await harness.poll_and_send()  # the first poll: stored, nobody alerted
    db = harness.services.db
    story = int(await db.fetchval("SELECT story_id FROM items WHERE link = 'https://e.org/1'"))
    watch = int(await db.fetchval("SELECT id FROM watches WHERE chat_id = ?", (CHAT,)))
    old = {"names": ["Losik"], "surfaces": ["Лосік"], "event": "release", "events": ["release"], "watches": [watch]}
    async with db.transaction() as tx:
        row = outbox.Queued(CHAT, outbox.ALERT, f"alert:{story}", json.dumps(old, ensure_ascii=False), story)
        assert await outbox.enqueue(tx, [row], harness.clock()) == 1
    await harness.services.sender.settled()
    (alert,) = [m for m in harness.telegram.sent if m["chat_id"] == CHAT and m["text"].startswith("🔔")]
    assert "<b>Losik</b> · 🟢" in alert["text"] and "<b>Лосік</b>" in alert["text"]
    assert f"np:{watch}" in json.dumps(alert["reply_markup"])
