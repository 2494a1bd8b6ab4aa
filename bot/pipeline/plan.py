"""What a new listing changes: which items are new or edited, which start a story, and what each chat gets. Pure.

``plan_listing`` takes what was read just before (the feed's known items, the stories already
stored under the listing's links, what chats heard of lately), what matching and deciding
found, and ``now``; it returns a ``storage.listings.ListingPlan`` of frozen intents that
``storage.listings.apply_listing`` writes in one transaction. No ``await``, no clock, no
database: the rules below are tested by tables and golden files (``tests/test_plan.py``).

- A listed item its feed had is **known**: still listed; if its text changed (and it was
  stored with a fingerprint), it is rewritten, and the chats whose watches only its new
  text names get an alert marked "updated" (key ``alert:<story>:<those watches>``).
- A **new** item joins the story stored under its canonical link, or an earlier new item's of
  this listing; else it starts a story. Only a new story alerts.
- For each chat a new story concerns (``decide``): if the chat heard of the same news lately
  (``bot.pipeline.stories``, from another source or earlier in this listing), the item is
  recorded as another source of that story and the chat's sent alerts about it are edited;
  else it gets an alert (key ``alert:<story>``; held until its quiet hours end, then
  silent) and/or a digest entry.
- The first listing of a source (not ``primed``) is history: ``decisions`` is empty.
- A listing of nothing where the source listed items is a failure (``Empty``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.delivery.quiet import held_until
from bot.pipeline.decide import AlertPayload, Decision
from bot.pipeline.source_health import EMPTY
from bot.pipeline.stories import Report, Words, first_report
from bot.pipeline.stories import report as story_report
from storage import stories as stories_db
from storage.items import Known, Matched, NewItem
from storage.listings import (
    AlsoReported,
    DigestEntry,
    Insert,
    ListingPlan,
    Message,
    New,
    Ref,
    Rewrite,
    Success,
)
from storage.outbox import ALERT, EDIT

UNSTORED = 1 << 62  # this listing's new stories, numbered from here in order: after every stored story, as their ids


@dataclass(frozen=True, slots=True)
class Heard:
    """What chats heard of lately, as reports (``bot.pipeline.stories``), and their sent alerts by story."""

    reports: Mapping[int, tuple[Report, ...]]  # chat -> its reports
    sent: Mapping[tuple[int, int], tuple[int, ...]]  # (chat, story) -> the outbox rows of its sent alerts


NOTHING_HEARD = Heard({}, {})


def hear(rows: Iterable[stories_db.Heard]) -> Heard:
    """The reports of what chats heard of (``storage.stories.heard_since``): read before planning, off the lock."""
    reports: dict[int, list[Report]] = {}
    sent: dict[tuple[int, int], list[int]] = {}
    for h in rows:
        names, event = h.names, h.event
        if h.payload is not None:
            alert = AlertPayload.from_json(h.payload)
            names, event = alert.names, alert.event
        reports.setdefault(h.chat_id, []).append(story_report(h.story_id, names, event, h.at, h.text))
        if h.sent and h.outbox_id is not None:
            sent.setdefault((h.chat_id, h.story_id), []).append(h.outbox_id)
    return Heard({c: tuple(r) for c, r in reports.items()}, {k: tuple(v) for k, v in sent.items()})


@dataclass(frozen=True, slots=True)
class Empty:
    """The source listed nothing where it listed items: a failure, nothing is stored."""

    reason: str


def empty_listing(items: Sequence[NewItem], listed_before: int) -> Empty | None:
    """A listing of nothing where the source listed items before: it failed (an anti-bot page, a broken feed)."""
    return Empty(f"{EMPTY} (it listed {listed_before} before)") if not items and listed_before else None


def plan_listing(
    primed: bool,
    listed_before: int,
    items: Sequence[NewItem],
    known: Mapping[str, Known],
    stories: Mapping[str, int],
    matched: Mapping[str, Matched],
    decisions: Mapping[str, Sequence[Decision]],
    heard: Heard,
    success: Success,
    now: datetime,
) -> ListingPlan | Empty:
    """The plan for a listing. ``known``: the feed's stored items by guid; ``stories``: the story stored under
    each canonical link; ``matched`` and ``decisions``: by guid, for new and changed items (empty when the
    source is not ``primed``); ``heard``: what the decisions' chats heard of within ``stories.WINDOW``."""
    empty = empty_listing(items, listed_before)
    if empty is not None:
        return empty
    if not primed:  # the first listing of a source is history: it alerts nobody
        matched, decisions = {}, {}
    relisted: list[int] = []
    steps: list[Rewrite | Insert] = []
    fresh: list[NewItem] = []  # new items that start a story
    changed: list[tuple[NewItem, Known]] = []
    by_link: dict[str, Ref] = dict(stories)
    seen: set[str] = set()
    for item in items:
        if item.guid in seen:
            continue
        seen.add(item.guid)
        found = matched.get(item.guid)
        mentions = found.mentions if found else frozenset()
        event = found.event if found else None
        was = known.get(item.guid)
        if was is not None:
            relisted.append(was.id)
            if was.fingerprint != item.fingerprint:
                steps.append(Rewrite(was.id, item, mentions, event))
                if was.fingerprint is not None:
                    changed.append((item, was))
            continue
        story = by_link.get(item.canonical_link) if item.canonical_link else None
        steps.append(Insert(item, mentions, event, story))
        if story is None:
            fresh.append(item)
            if item.canonical_link:
                by_link[item.canonical_link] = New(item.guid)
    chats = _Chats(heard)
    messages: list[Message] = []
    also: list[AlsoReported] = []
    entries: list[DigestEntry] = []
    for n, item in enumerate(fresh):
        story_id, ref = UNSTORED + n, New(item.guid)
        chats.name(story_id, ref)
        text = f"{item.title}\n{item.summary}"
        words = Words.of(text) if item.guid in decisions else None  # once, not once for each chat
        for d in decisions.get(item.guid, ()):
            news = story_report(story_id, d.names, d.event, now, text, words)
            first = chats.first(d.chat_id, news)
            if first is not None:  # another source's report of news the chat heard of: add it there
                also.append(AlsoReported(d.chat_id, chats.ref(first), ref))
                for row in heard.sent.get((d.chat_id, first), ()):  # its sent alerts list one more source
                    messages.append(Message(d.chat_id, EDIT, (EDIT, row, ref), str(row), first))
                continue
            chats.add(d.chat_id, news)
            if d.alert:
                hold = held_until(d.quiet, d.zone, now)  # quiet hours: until they end, then without a sound
                messages.append(
                    Message(d.chat_id, ALERT, (ALERT, ref), d.payload().to_json(), ref, hold, hold is not None)
                )
            if d.digest:
                entries.append(DigestEntry(d.chat_id, ref, d.names, d.event.value))
    for item, was in changed:
        newly = matched[item.guid].mentions - was.mentions if item.guid in matched else frozenset()
        for d in decisions.get(item.guid, ()):
            if d.alert and newly & d.watches:
                update = replace(d, updated=True).payload().to_json()
                key = (ALERT, was.story_id, str(sorted(newly & d.watches)))
                messages.append(Message(d.chat_id, ALERT, key, update, was.story_id))
    return ListingPlan(tuple(relisted), tuple(steps), tuple(also), tuple(messages), tuple(entries), success, len(fresh))


class _Chats:
    """What each chat heard of, as the plan goes: ``heard`` and this listing's new stories (numbered ids)."""

    def __init__(self, heard: Heard) -> None:
        self._reports = {chat: list(reports) for chat, reports in heard.reports.items()}
        self._refs: dict[int, New] = {}

    def name(self, story_id: int, ref: New) -> None:
        self._refs[story_id] = ref

    def ref(self, story_id: int) -> Ref:
        return self._refs.get(story_id, story_id)

    def add(self, chat_id: int, news: Report) -> None:
        self._reports.setdefault(chat_id, []).append(news)

    def first(self, chat_id: int, news: Report) -> int | None:
        """The story the chat heard this news as, if it did."""
        found = first_report(news, self._reports.get(chat_id, []))
        return None if found is None else found.story_id
