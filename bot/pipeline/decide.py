"""What each chat gets from a new story: an instant alert, a digest entry, both or nothing.

Pure, like lemon24/reader's Decider: it takes the watches an item mentions, each with what
happened *to that person* (``Hit``), and those watches' chats as they are now, and returns
decisions. A chat's event is the highest of its people's: "Kolesnikova was freed, Babaryka
remains in the colony" is a release for a chat watching Kolesnikova, and other news for
one watching only Babaryka, so "releases only" lets the first through and not the second.
The per-source task loads the inputs, calls ``decide`` and stores the result; nothing here
touches the database or a clock.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.matching.exclusions import mentions_any
from storage.watches import Target

RELEASE = "release"
_RANK = {"release": 0, "sentence": 1, "detention": 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """A watch an item mentions: how it was written, and what happened to that person."""

    surfaces: tuple[str, ...]
    event: str


def highest(events: Sequence[str]) -> str:
    """The highest event by the SPEC's priority (release > sentence > detention > other)."""
    best, rank = "other", len(_RANK)
    for event in events:
        r = _RANK.get(event, rank)
        if r < rank:
            best, rank = event, r
    return best


@dataclass(frozen=True, slots=True)
class Decision:
    chat_id: int
    names: tuple[str, ...]  # the chat's watches the item mentions, as the chat typed them
    surfaces: tuple[str, ...]  # how the item wrote them
    event: str  # the highest of its people's events
    alert: bool  # send an instant alert now
    digest: bool  # keep it for the chat's next digest (its filter applies when the digest is made)
    watches: frozenset[int] = frozenset()  # the chat's watch ids the item mentions
    updated: bool = False  # an edit of an item made it mention them
    events: tuple[str, ...] = ()  # each name's own event, in the order of ``names``
    ids: tuple[int, ...] = ()  # a watch id for each name, for "not this person"
    quiet: str | None = None  # the chat's quiet hours and time zone: an alert other than a release waits
    zone: str = "UTC"

    def payload(self) -> str:
        """What an alert row carries; the story itself is read when it is sent."""
        fields: dict[str, object] = {"names": list(self.names), "surfaces": list(self.surfaces), "event": self.event}
        fields["events"] = list(self.events)
        fields["watches"] = list(self.ids)
        return json.dumps({**fields, "updated": True} if self.updated else fields, ensure_ascii=False)


def decide(found: Mapping[int, Hit], targets: Mapping[int, Target], text: str = "") -> list[Decision]:
    """Decisions for every active chat whose watches ``found`` (watch id → hit) names, in mention order.

    A watch missing from ``targets`` no longer exists and counts for nobody; nor does one whose
    chat said "not this person" with a word that ``text`` (the item's) contains. A person
    10,000 chats watch is 10,000 decisions: the common case (one watch per chat) stays lean.
    """
    by_chat: dict[int, list[tuple[Target, int, Hit]]] = {}
    for watch_id, hit in found.items():
        target = targets.get(watch_id)
        if target is None or not target.chat.active or (target.exclusions and mentions_any(text, target.exclusions)):
            continue
        entries = by_chat.get(target.chat.id)
        if entries is None:
            by_chat[target.chat.id] = [(target, watch_id, hit)]
        else:
            entries.append((target, watch_id, hit))
    out = []
    names: tuple[str, ...]
    ids: tuple[int, ...]
    events: tuple[str, ...]
    for chat_id, entries in by_chat.items():
        chat = entries[0][0].chat
        if len(entries) == 1:
            target, watch_id, hit = entries[0]
            names, ids, surfaces = (target.name,), (watch_id,), hit.surfaces
            events = (highest((hit.event,)),)
        else:
            by_name: dict[str, tuple[int, list[str]]] = {}
            seen: list[str] = []
            for target, watch_id, hit in entries:
                by_name.setdefault(target.name, (watch_id, []))[1].append(hit.event)
                seen.extend(s for s in hit.surfaces if s not in seen)
            names, surfaces = tuple(by_name), tuple(seen)
            ids = tuple(first for first, _ in by_name.values())
            events = tuple(highest(e) for _, e in by_name.values())
        event = highest(events)
        alert = chat.instant and (event == RELEASE or not chat.releases_only)
        if alert or chat.digest:
            watches = frozenset(ids)
            out.append(
                Decision(
                    chat_id, names, surfaces, event, alert, chat.digest, watches, events=events, ids=ids,
                    quiet=chat.quiet if event != RELEASE else None, zone=chat.digest_tz,
                )
            )  # fmt: skip
    return out
