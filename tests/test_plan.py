"""The listing planner (``bot.pipeline.plan``): tables, golden files of whole listings, and its plans applied.

A golden file (``tests/golden/plans/*.json``) holds one listing's input (items, what was known,
what matching and deciding found, what chats heard of) and the plan it gives, one intent a
line. ``UPDATE_GOLDEN=1 pytest tests/test_plan.py`` rewrites the expected lines after a change
that is meant.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.matching import Event
from bot.pipeline.decide import PAYLOAD_VERSION, AlertPayload, Decision
from bot.pipeline.plan import NOTHING_HEARD, UNSTORED, Empty, Heard, hear, plan_listing
from bot.pipeline.stories import report
from storage import chats as chats_db
from storage import listings
from storage import stories as stories_db
from storage.db import open_database
from storage.feeds import Poll
from storage.items import Known, Matched, NewItem
from storage.listings import (
    AlsoReported,
    DigestEntry,
    Insert,
    ListingPlan,
    Message,
    New,
    Rewrite,
    Success,
    apply_listing,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden" / "plans"
OK = Success('"e1"', None, NOW + timedelta(minutes=10), 0, Poll(0, False))


def item(guid: str, title: str = "News", link: str | None = None, summary: str = "") -> NewItem:
    return NewItem(guid, link, link, title, summary, None)


def decision(chat_id: int, *names: str, event: Event = Event.RELEASE, **kw: Any) -> Decision:
    ids = tuple(range(10 * chat_id, 10 * chat_id + len(names)))
    fields: dict[str, Any] = {"alert": True, "digest": False, "watches": frozenset(ids), "ids": ids}
    fields["events"] = (event,) * len(names)
    return Decision(chat_id, names, names, event, **(fields | kw))


def plan(
    items: list[NewItem],
    *,
    known: dict[str, Known] | None = None,
    stories: dict[str, int] | None = None,
    matched: dict[str, Matched] | None = None,
    decisions: dict[str, list[Decision]] | None = None,
    heard: Heard = NOTHING_HEARD,
    primed: bool = True,
    listed_before: int = 0,
) -> ListingPlan:
    out = plan_listing(
        primed, listed_before, items, known or {}, stories or {}, matched or {}, decisions or {}, heard, OK, NOW
    )
    assert isinstance(out, ListingPlan)
    return out


# -- items and stories -----------------------------------------------------------------------


def test_known_items_are_relisted_and_changed_ones_rewritten() -> None:
    same, edited = item("a", "Same"), item("b", "Edited")
    known = {
        "a": Known(1, 1, same.fingerprint, frozenset()),
        "b": Known(2, 2, "old-print", frozenset()),
        "c": Known(3, 3, None, frozenset()),  # stored before fingerprints: rewritten, never "updated"
    }
    p = plan([same, edited, item("c", "Old"), item("a", "Twice")], known=known)
    assert p.relisted == (1, 2, 3)  # the second "a" is the same item listed twice: ignored
    assert p.items == (Rewrite(2, edited, frozenset(), None), Rewrite(3, item("c", "Old"), frozenset(), None))
    assert p.messages == () and p.new_stories == 0


@pytest.mark.parametrize(
    ("links", "stored", "expected"),
    [
        (["https://e.org/1"], {}, [None]),  # a new story
        ([None], {}, [None]),  # no link: its own story
        (["https://e.org/1"], {"https://e.org/1": 77}, [77]),  # another feed carried it first
        (["https://e.org/1", "https://e.org/1"], {}, [None, New("g0")]),  # twice in this listing: one story
        (["https://e.org/1", "https://e.org/2"], {"https://e.org/2": 5}, [None, 5]),
    ],
)
def test_story_identity(links: list[str | None], stored: dict[str, int], expected: list[object]) -> None:
    p = plan([item(f"g{n}", link=link) for n, link in enumerate(links)], stories=stored)
    assert [step.story for step in p.items if isinstance(step, Insert)] == expected
    assert p.new_stories == expected.count(None)


def test_an_empty_listing_where_there_were_items_is_a_failure() -> None:
    out = plan_listing(True, 12, [], {}, {}, {}, {}, NOTHING_HEARD, OK, NOW)
    assert out == Empty("the source lists no items (it listed 12 before)")
    assert isinstance(plan_listing(True, 0, [], {}, {}, {}, {}, NOTHING_HEARD, OK, NOW), ListingPlan)


# -- what chats get --------------------------------------------------------------------------


def test_a_new_story_alerts_with_its_key_and_a_digest_entry() -> None:
    new = item("g", "Ігар Лосік на волі", "https://e.org/1")
    d = decision(1, "Losik", digest=True)
    p = plan([new], matched={"g": Matched("release", frozenset({10}))}, decisions={"g": [d]})
    (alert,) = p.messages
    assert alert == Message(1, "alert", ("alert", New("g")), d.payload().to_json(), New("g"), None, False)
    assert p.entries == (DigestEntry(1, New("g"), ("Losik",), "release"),)
    assert p.items == (Insert(new, frozenset({10}), "release", None),)


def test_the_first_listing_of_a_source_alerts_nobody() -> None:
    p = plan([item("g")], decisions={"g": [decision(1, "Losik")]}, primed=False)
    assert p.messages == () and p.entries == () and p.new_stories == 1


def test_an_item_joining_a_stored_story_alerts_nobody() -> None:
    p = plan([item("g", link="https://e.org/1")], stories={"https://e.org/1": 5}, decisions={"g": [decision(1, "X")]})
    assert p.messages == () and p.new_stories == 0


@pytest.mark.parametrize(
    ("quiet", "zone", "held"),
    [
        (None, "UTC", None),
        ("23:00-08:00", "UTC", None),  # 12:00 is not quiet
        ("10:00-13:00", "UTC", datetime(2026, 11, 24, 13, 0, tzinfo=UTC)),
        ("14:00-16:00", "Europe/Minsk", datetime(2026, 11, 24, 13, 0, tzinfo=UTC)),  # 15:00 in Minsk
    ],
)
def test_quiet_hours_hold_an_alert_then_it_goes_silently(quiet: str | None, zone: str, held: datetime | None) -> None:
    d = decision(1, "Losik", event=Event.SENTENCE, quiet=quiet, zone=zone)
    (alert,) = plan([item("g")], decisions={"g": [d]}).messages
    assert (alert.not_before, alert.silent) == (held, held is not None)


def heard_of(chat_id: int, story_id: int, names: tuple[str, ...], text: str, sent_rows: tuple[int, ...] = ()) -> Heard:
    news = report(story_id, names, Event.RELEASE, NOW - timedelta(hours=1), text)
    return Heard({chat_id: (news,)}, {(chat_id, story_id): sent_rows} if sent_rows else {})


@pytest.mark.parametrize(
    ("rows", "edits"),
    [
        ((), []),  # its alert is not out yet (or was a digest entry): nothing to edit
        ((501,), [Message(1, "edit", ("edit", 501, New("g")), "501", 40)]),
        ((501, 502), [Message(1, "edit", ("edit", r, New("g")), str(r), 40) for r in (501, 502)]),
    ],
)
def test_news_a_chat_heard_from_another_source_is_added_to_it(rows: tuple[int, ...], edits: list[Message]) -> None:
    heard = heard_of(1, 40, ("Losik",), "Лосік вызвалены", rows)
    p = plan([item("g", "Losik freed")], decisions={"g": [decision(1, "Losik")]}, heard=heard)
    assert p.also == (AlsoReported(1, 40, New("g")),)
    assert list(p.messages) == edits and p.entries == ()


def test_two_reports_in_one_listing_are_one_story_for_a_chat() -> None:
    d = decision(1, "Losik", digest=True)
    p = plan([item("a", "Losik freed"), item("b", "Лосік на волі")], decisions={"a": [d], "b": [d]})
    assert [m.key for m in p.messages] == [("alert", New("a"))]
    assert p.also == (AlsoReported(1, New("a"), New("b")),)
    assert p.new_stories == 2  # two stories stored; the chat hears of one


def test_other_news_with_different_words_stays_two_stories() -> None:
    d = decision(1, "Losik", event=Event.OTHER)
    text = ("Losik wrote a letter from the colony", "Losik's wife spoke at a conference in Vilnius")
    p = plan([item("a", text[0]), item("b", text[1])], decisions={"a": [d], "b": [d]})
    assert [m.key for m in p.messages] == [("alert", New("a")), ("alert", New("b"))] and p.also == ()


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (frozenset(), frozenset({10}), [("alert", 7, "[10]")]),  # the edit named her: "updated"
        (frozenset({10}), frozenset({10}), []),  # it named her before: nothing new
        (frozenset({10}), frozenset({10, 11}), [("alert", 7, "[11]")]),  # only the newly named
        (frozenset({10}), frozenset(), []),
    ],
)
def test_an_edited_item_alerts_the_newly_mentioned(
    before: frozenset[int], now: frozenset[int], expected: list[tuple[object, ...]]
) -> None:
    d = decision(1, "Losik", "Znak", quiet="00:00-23:59")  # an update is never held
    p = plan(
        [item("g", "Edited")],
        known={"g": Known(3, 7, "old-print", before)},
        matched={"g": Matched("release", now)},
        decisions={"g": [d]},
    )
    assert [m.key for m in p.messages] == expected
    for m in p.messages:
        assert AlertPayload.from_json(m.payload).updated and m.story == 7 and m.not_before is None


# -- what chats heard of, and the payload ----------------------------------------------------

OLD_PAYLOAD = '{"names": ["Losik"], "surfaces": ["Лосік"], "event": "release"}'  # an alert queued by 2025's release


def test_hear_reads_alerts_of_every_payload_version_and_digest_entries() -> None:
    rows = [
        stories_db.Heard(1, 40, (), "", NOW, "Лосік на волі", 501, True, OLD_PAYLOAD),
        stories_db.Heard(1, 41, (), "", NOW, "Лосік на волі", 502, False, decision(1, "Losik").payload().to_json()),
        stories_db.Heard(2, 42, ("Znak",), "sentence", NOW, "Знак", None, False),
    ]
    heard = hear(rows)
    assert [(r.story_id, r.names, r.event) for r in heard.reports[1]] == [
        (40, frozenset({"Losik"}), Event.RELEASE),
        (41, frozenset({"Losik"}), Event.RELEASE),
    ]
    assert heard.reports[2][0].event == "sentence" and heard.sent == {(1, 40): (501,)}


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (OLD_PAYLOAD, AlertPayload(("Losik",), ("Лосік",), Event.RELEASE)),
        (
            '{"names": ["A", "B"], "surfaces": ["a"], "event": "release", "events": ["release", "other"], '
            '"watches": [3, 4], "updated": true}',
            AlertPayload(("A", "B"), ("a",), Event.RELEASE, (Event.RELEASE, Event.OTHER), (3, 4), True),
        ),
        ('{"names": ["A"], "surfaces": []}', AlertPayload(("A",), (), Event.OTHER)),
        ('{"names": ["A"], "surfaces": [], "event": "amnesty"}', AlertPayload(("A",), (), Event.OTHER)),
    ],
)
def test_version_1_payloads_are_read(stored: str, expected: AlertPayload) -> None:
    assert AlertPayload.from_json(stored) == expected


def test_a_payload_goes_through_json_unchanged_and_a_newer_one_is_refused() -> None:
    p = AlertPayload(("A", "B"), ("a", "b"), Event.SENTENCE, (Event.SENTENCE, Event.DETENTION), (1, 2), True)
    assert AlertPayload.from_json(p.to_json()) == p and json.loads(p.to_json())["v"] == PAYLOAD_VERSION
    with pytest.raises(ValueError, match="version 3"):
        AlertPayload.from_json('{"v": 3, "names": []}')


# -- golden files of whole listings ----------------------------------------------------------


def _ref(ref: object) -> str:
    return f"<{ref.guid}>" if isinstance(ref, New) else str(ref)


def describe(out: ListingPlan | Empty) -> list[str]:
    """A plan, one intent a line (new items in <guid>, as their ids are not known before they are stored)."""
    if isinstance(out, Empty):
        return [f"fail: {out.reason}"]
    lines = [f"relist {list(out.relisted)}"]
    for step in out.items:
        if isinstance(step, Rewrite):
            lines.append(f"rewrite {step.id} {step.item.title!r} mentions {sorted(step.mentions)} event {step.event}")
        else:
            story = "new story" if step.story is None else f"story {_ref(step.story)}"
            lines.append(f"insert <{step.item.guid}> {step.item.title!r} {story} mentions {sorted(step.mentions)}")
    for a in out.also:
        lines.append(f"chat {a.chat_id}: {_ref(a.item)} also reports story {_ref(a.story)}")
    for m in out.messages:
        key = ":".join(_ref(part) for part in m.key)
        held = f" held until {m.not_before.isoformat()}" if m.not_before else ""
        lines.append(f"queue chat {m.chat_id} {m.kind} {key}{held}{' silent' if m.silent else ''} {m.payload}")
    for e in out.entries:
        lines.append(f"digest chat {e.chat_id} story {_ref(e.story)} {list(e.names)} {e.event}")
    s = out.success
    lines.append(f"feed ok: etag {s.etag}, {s.listed} listed, next poll {s.next_at.isoformat()}")
    lines.append(f"{out.new_stories} new stories")
    return lines


def _run_golden(data: dict[str, Any]) -> ListingPlan | Empty:
    now = datetime.fromisoformat(data["now"])
    items = [NewItem(i["guid"], i.get("link"), i.get("link"), i["title"], i.get("summary", ""), None)
             for i in data["items"]]  # fmt: skip
    known = {
        g: Known(k["id"], k["story"], k["fingerprint"], frozenset(k["mentions"])) for g, k in data["known"].items()
    }
    matched = {g: Matched(m["event"], frozenset(m["mentions"])) for g, m in data["matched"].items()}
    decisions = {
        g: [
            Decision(
                d["chat"],
                tuple(d["names"]),
                tuple(d["names"]),
                Event(d["event"]),
                d["alert"],
                d["digest"],
                frozenset(d["ids"]),
                events=(Event(d["event"]),) * len(d["names"]),
                ids=tuple(d["ids"]),
                quiet=d.get("quiet"),
                zone=d.get("zone", "UTC"),
            )
            for d in found
        ]
        for g, found in data["decisions"].items()
    }
    heard = hear(
        stories_db.Heard(
            h["chat"],
            h["story"],
            tuple(h.get("names", ())),
            h.get("event", ""),
            datetime.fromisoformat(h["at"]),
            h["text"],
            h.get("row"),
            h.get("sent", False),
            h.get("payload"),
        )
        for h in data["heard"]
    )
    success = Success(data.get("etag"), None, now + timedelta(minutes=10), len(items), Poll(0, False))
    return plan_listing(
        data.get("primed", True),
        data.get("listed_before", 0),
        items,
        known,
        data["stories"],
        matched,
        decisions,
        heard,
        success,
        now,
    )


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_listing(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    got = describe(_run_golden(data["input"]))
    if os.environ.get("UPDATE_GOLDEN"):
        data["plan"] = got
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == data["plan"]


def test_there_are_golden_listings() -> None:
    assert len(list(GOLDEN.glob("*.json"))) >= 3


# -- applied: the ids a plan could not know --------------------------------------------------


async def test_apply_puts_in_the_ids_of_new_items_and_stories(database_url: str) -> None:
    db = await open_database(database_url)
    try:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO feeds (name, url) VALUES ('F', 'https://f.org/')")
        await chats_db.ensure_chat(db, 1, "private", NOW)
        feed_id = int(await db.fetchval("SELECT id FROM feeds"))
        d = decision(1, "Losik", digest=True)
        p = plan(
            [
                item("a", "Losik freed", "https://e.org/a"),
                item("b", "Лосік на волі"),
                item("c", link="https://e.org/a"),
            ],
            decisions={"a": [d], "b": [d]},
        )
        async with db.transaction() as tx:
            applied = await apply_listing(tx, feed_id, p, NOW)
        assert (applied.inserted, applied.queued) == (3, 1)
        ids = {r["guid"]: (r["id"], r["story_id"]) for r in await db.fetchall("SELECT guid, id, story_id FROM items")}
        a, b, c = ids["a"], ids["b"], ids["c"]
        assert a[1] == a[0] and b[1] == b[0] and c[1] == a[0]  # "c" carries a's link: a's story
        (row,) = await db.fetchall("SELECT chat_id, dedupe_key, story_id, payload FROM outbox")
        assert (row["dedupe_key"], row["story_id"]) == (f"alert:{a[0]}", a[0])
        assert AlertPayload.from_json(row["payload"]) == d.payload()
        also = await db.fetchall("SELECT chat_id, story_id, item_id FROM also_reported")
        assert [(r["chat_id"], r["story_id"], r["item_id"]) for r in also] == [(1, a[0], b[0])]
        entries = await db.fetchall("SELECT story_id FROM digest_entries")
        assert [r["story_id"] for r in entries] == [a[0]]
    finally:
        await db.close()


def test_a_new_story_sorts_after_every_stored_one() -> None:
    assert UNSTORED > 2**53  # far beyond any id a table reaches
    assert listings.key_text(("alert", New("g"), 3), {"g": 12}) == "alert:12:3"
