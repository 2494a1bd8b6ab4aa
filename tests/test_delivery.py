"""Tables for the pure pieces of delivery: deciding, the fair queue, retries, messages that fit, the throttle."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.delivery.outcomes import BACKOFF_MAX, Outcome, backoff, bad_request_outcome
from bot.delivery.queue import DeliveryQueue
from bot.delivery.render import MAX_MESSAGE, pack_lines, render_alert, visible_length
from bot.i18n import Catalogs
from bot.pipeline.decide import Hit, decide
from bot.telegram.throttle import CommandThrottle, Verdict
from storage.chats import Chat
from storage.outbox import OutboxRow
from storage.watches import Target
from tests.fakes import check_message

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


# -- deciding ----------------------------------------------------------------------------------


def chat(chat_id: int, mode: str = "instant", releases_only: bool = False, active: bool = True) -> Chat:
    return Chat(chat_id, "private" if chat_id > 0 else "supergroup", "en", active, mode, "20:00", "UTC", True, True,
                releases_only)  # fmt: skip


@pytest.mark.parametrize(
    ("event", "chats", "expected"),
    [
        ("release", [chat(1)], [(1, True, False)]),
        ("other", [chat(1, releases_only=True)], []),  # filtered out, and no digest to keep it for
        ("release", [chat(1, releases_only=True)], [(1, True, False)]),  # "releases only" never misses one
        ("other", [chat(-1, mode="digest", releases_only=True)], [(-1, False, True)]),  # filtered at digest time
        ("sentence", [chat(1, mode="both")], [(1, True, True)]),
        ("release", [chat(1, active=False)], []),  # blocked the bot
        ("release", [chat(1), chat(2, mode="digest")], [(1, True, False), (2, False, True)]),
    ],
)
def test_decide(event: str, chats: list[Chat], expected: list[tuple[int, bool, bool]]) -> None:
    targets = {n: Target(n, f"Name {n}", c) for n, c in enumerate(chats)}
    found = {n: Hit(("Surface",), event) for n in targets}
    assert [(d.chat_id, d.alert, d.digest) for d in decide(found, targets)] == expected


def test_decide_groups_a_chats_watches_and_ignores_deleted_ones() -> None:
    one = chat(1)
    targets = {10: Target(10, "Kolesnikova", one), 11: Target(11, "Babariko", one)}
    found = {  # watch 12 was deleted
        10: Hit(("Калеснікава",), "release"),
        11: Hit(("Бабарыка", "Babaryka"), "other"),
        12: Hit(("Gone",), "release"),
    }
    (d,) = decide(found, targets)
    assert d.names == ("Kolesnikova", "Babariko") and d.surfaces == ("Калеснікава", "Бабарыка", "Babaryka")
    assert json.loads(d.payload().to_json()) == {
        "v": 2,
        "names": list(d.names),
        "surfaces": list(d.surfaces),
        "event": "release",
        "events": ["release", "other"],
        "watches": [10, 11],
        "updated": False,
    }


def test_releases_only_follows_each_chats_own_person() -> None:
    """ "Kolesnikova was freed, Babaryka remains in the colony": news of a release only for her chat."""
    hers, his = chat(1, releases_only=True), chat(2, releases_only=True)
    targets = {10: Target(10, "Kolesnikova", hers), 20: Target(20, "Babaryka", his)}
    found = {10: Hit(("Калеснікаву",), "release"), 20: Hit(("Бабарыка",), "other")}
    assert [(d.chat_id, d.event, d.alert) for d in decide(found, targets)] == [(1, "release", True)]


# -- the fair queue ----------------------------------------------------------------------------------


def row(row_id: int, chat_id: int, not_before: datetime = NOW) -> OutboxRow:
    return OutboxRow(row_id, chat_id, "alert", row_id, "{}", 0, not_before, NOW, None)


def drain(queue: DeliveryQueue, ready_at: dict[int, float], now: float = 0.0) -> list[int]:
    """Row ids in the order the queue hands them out at ``now`` (each finished at once)."""
    out = []
    wall = NOW + timedelta(seconds=now)
    while (r := queue.pick(now, wall, lambda c, t: max(t, ready_at.get(c, t)))) is not None:
        out.append(r.id)
        queue.done(r.chat_id)
    return out


def test_rows_keep_their_order_within_a_chat_and_the_oldest_chat_goes_first() -> None:
    queue = DeliveryQueue()
    for r in (row(1, -5), row(2, -5), row(3, 7), row(4, -5), row(5, 8)):
        queue.add(r)
    assert drain(queue, {}) == [1, 2, 3, 4, 5]


def test_a_chat_that_may_not_receive_does_not_hold_up_the_others() -> None:
    queue = DeliveryQueue()
    for n in range(1, 61):
        queue.add(row(n, -5))  # a group's backlog
    queue.add(row(61, 7))
    assert drain(queue, {-5: 30.0}) == [61]  # the group is at its limit for 30 s: the private chat goes now
    assert queue.next_time() == 30.0
    assert drain(queue, {}, now=30.0)[:3] == [1, 2, 3]


def test_a_row_waits_for_its_time_and_blocks_only_its_own_chat() -> None:
    queue = DeliveryQueue()
    queue.add(row(1, 7, not_before=NOW + timedelta(seconds=20)))
    queue.add(row(2, 7))
    queue.add(row(3, 8))
    assert drain(queue, {}) == [3]  # row 2 may not overtake row 1 in its chat
    assert drain(queue, {}, now=20.0) == [1, 2]


def test_the_held_rows_are_the_silent_ones_still_waiting() -> None:
    queue = DeliveryQueue()
    morning = NOW + timedelta(hours=8)
    queue.add(replace(row(1, 7, not_before=morning), silent=True))  # held for quiet hours
    queue.add(replace(row(2, 7, not_before=NOW - timedelta(minutes=1)), silent=True))  # its quiet hours are over
    queue.add(row(3, 8, not_before=morning))  # a retry's backoff, not quiet hours
    assert queue.held(NOW) == {1: (7, morning)}
    queue.drop_chat(7)
    assert queue.held(NOW) == {}


def test_a_busy_chat_is_skipped_until_done_and_a_put_back_row_goes_first() -> None:
    queue = DeliveryQueue()
    for r in (row(1, 7), row(2, 7), row(3, 8)):
        queue.add(r)
    first = queue.pick(0.0, NOW, lambda c, t: t)
    assert first is not None and first.id == 1
    assert [r.id for r in iter(lambda: queue.pick(0.0, NOW, lambda c, t: t), None)] == [3]  # chat 7 is busy
    queue.put_back(first, NOW)
    queue.done(7)
    assert drain(queue, {}) == [1, 2]


def test_a_retired_chat_is_forgotten() -> None:
    queue = DeliveryQueue()
    for r in (row(1, 7), row(2, 7), row(3, 8)):
        queue.add(r)
    queue.drop_chat(7)
    assert drain(queue, {}) == [3] and len(queue) == 0


# -- retries -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "outcome"),
    [
        ("Bad Request: chat not found", Outcome.RETIRE),
        ("Bad Request: PEER_ID_INVALID", Outcome.RETIRE),
        ("Bad Request: not enough rights to send text messages to the chat", Outcome.RETRY),
        ("Bad Request: have no rights to send a message", Outcome.RETRY),
        ("Bad Request: message is too long", Outcome.FAIL),
        ("Bad Request: can't parse entities: Unsupported start tag", Outcome.FAIL),
    ],
)
def test_what_a_400_means(description: str, outcome: Outcome) -> None:
    assert bad_request_outcome(description) is outcome


@pytest.mark.parametrize(
    ("attempts", "low", "high"), [(0, 2.7, 3.3), (1, 5.4, 6.6), (4, 43.2, 52.8), (8, 540, 660), (40, 540, 660)]
)
def test_backoff_grows_and_is_capped(attempts: int, low: float, high: float) -> None:
    for jitter in (0.0, 0.5, 0.999):
        assert low <= backoff(attempts, jitter) <= high <= BACKOFF_MAX * 1.1


# -- messages that fit -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "length"),
    [
        ("<b>Hi</b> &amp; bye", 8),
        ('<a href="https://x.org/very/long">link</a>', 4),
        ("🎉🎉", 4),  # outside the BMP: two UTF-16 units each
        ("Лосік", 5),
    ],
)
def test_visible_length_counts_like_telegram(markup: str, length: int) -> None:
    assert visible_length(markup) == length


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(min_size=0, max_size=12_000),
    summary=st.text(max_size=3_000),
    names=st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=50),
    link=st.one_of(st.none(), st.just("https://e.org/a?b=1&c=<2>")),
)
def test_every_alert_fits_and_parses(title: str, summary: str, names: list[str], link: str | None) -> None:
    message = render_alert(
        Catalogs().get("ru"),
        "Europe/Minsk",
        names=names,
        surfaces=[summary[:5]] if summary.strip() else [],
        event="release",
        title=title,
        link=link,
        summary=summary,
        source="Viasna <b>",
        when=NOW,
    )
    assert visible_length(message) <= MAX_MESSAGE
    assert check_message(message) is None  # what the fake Bot API, like Telegram, would refuse


def test_pack_lines_splits_at_lines_and_shortens_a_monster_line() -> None:
    lines = [f"✓ <b>{n}</b> " + "x" * 90 for n in range(100)] + ["<i>" + "🎉" * 5000 + "</i>"]
    parts = pack_lines(lines)
    assert len(parts) >= 3 and all(visible_length(p) <= MAX_MESSAGE and check_message(p) is None for p in parts)
    assert "\n".join(parts).count("✓") == 100
    assert html.unescape(parts[-1]).endswith("…")


# -- the command throttle -------------------------------------------------------------------------------------


def test_throttle_allows_a_burst_warns_once_then_drops_and_recovers() -> None:
    throttle = CommandThrottle(burst=3, every=2.0)
    verdicts = [throttle.check(1, 0.0) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN] + [Verdict.DROP] * 2
    assert throttle.check(2, 0.0) is Verdict.ALLOW  # another user is not affected
    assert throttle.check(1, 2.0) is Verdict.ALLOW  # one more earned after two seconds
    assert throttle.check(1, 2.0) is Verdict.WARN  # and a new flood is told again
