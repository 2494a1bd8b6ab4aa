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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.matching import Event
from bot.matching.events import PRIORITY
from bot.matching.exclusions import mentions_any
from storage.watches import Target

_RANK = {event: rank for rank, event in enumerate(PRIORITY)}  # bot.matching's priority; other news ranks last


@dataclass(frozen=True, slots=True)
class Hit:
    """A watch an item mentions: how it was written, and what happened to that person."""

    surfaces: tuple[str, ...]
    event: str  # an ``Event``'s value, as matching gives it


def as_event(value: str) -> Event:
    """The event a stored or matched value names; a value this version does not know counts as other news."""
    return Event._value2member_map_.get(value, Event.OTHER)  # type: ignore[return-value]


def highest(events: Iterable[str]) -> Event:
    """The highest event by ``bot.matching``'s ``PRIORITY`` (release > sentence > detention > other)."""
    best, rank = Event.OTHER, len(_RANK)
    for value in events:
        event = as_event(value)
        r = _RANK.get(event, rank)
        if r < rank:
            best, rank = event, r
    return best


PAYLOAD_VERSION = 2


@dataclass(frozen=True, slots=True)
class AlertPayload:
    """What an alert row carries (the story itself is read when it is sent), stored as JSON with its version.

    Version 1 rows (written before payloads had ``"v"``, still in an operator's outbox) are read
    by ``from_json`` too: the only place that knows which of their fields older releases left out.
    """

    names: tuple[str, ...]  # the chat's watches the item mentions, as the chat typed them
    surfaces: tuple[str, ...]  # how the item wrote them
    event: Event  # the highest of its people's events
    events: tuple[Event, ...] = ()  # each name's own event, in the order of ``names``
    watches: tuple[int, ...] = ()  # a watch id for each name, for "not this person"
    updated: bool = False  # an edit of an item made it mention them

    def to_json(self) -> str:
        fields: dict[str, object] = {"v": PAYLOAD_VERSION, "names": list(self.names), "surfaces": list(self.surfaces)}
        fields |= {"event": self.event.value, "events": [e.value for e in self.events]}
        fields |= {"watches": list(self.watches), "updated": self.updated}
        return json.dumps(fields, ensure_ascii=False)

    @staticmethod
    def from_json(text: str) -> AlertPayload:
        """A stored payload, of this version or version 1; a newer one is refused (ValueError)."""
        data: dict[str, Any] = json.loads(text)
        version = data.get("v", 1)
        if version == PAYLOAD_VERSION:
            return AlertPayload(
                tuple(data["names"]),
                tuple(data["surfaces"]),
                as_event(data["event"]),
                tuple(as_event(e) for e in data["events"]),
                tuple(data["watches"]),
                bool(data["updated"]),
            )
        if version == 1:  # names and surfaces always; "events" and "watches" since 2026; "updated" only when true
            return AlertPayload(
                tuple(data.get("names", ())),
                tuple(data.get("surfaces", ())),
                as_event(data.get("event", Event.OTHER)),
                tuple(as_event(e) for e in data.get("events", ())),
                tuple(data.get("watches", ())),
                bool(data.get("updated", False)),
            )
        raise ValueError(f"an alert payload of version {version}: this release reads up to {PAYLOAD_VERSION}")


@dataclass(frozen=True, slots=True)
class Decision:
    chat_id: int
    names: tuple[str, ...]  # the chat's watches the item mentions, as the chat typed them
    surfaces: tuple[str, ...]  # how the item wrote them
    event: Event  # the highest of its people's events
    alert: bool  # send an instant alert now
    digest: bool  # keep it for the chat's next digest (its filter applies when the digest is made)
    watches: frozenset[int] = frozenset()  # the chat's watch ids the item mentions
    updated: bool = False  # an edit of an item made it mention them
    events: tuple[Event, ...] = ()  # each name's own event, in the order of ``names``
    ids: tuple[int, ...] = ()  # a watch id for each name, for "not this person"
    quiet: str | None = None  # the chat's quiet hours and time zone: an alert other than a release waits
    zone: str = "UTC"

    def payload(self) -> AlertPayload:
        """What an alert row carries; the story itself is read when it is sent."""
        return AlertPayload(self.names, self.surfaces, self.event, self.events, self.ids, self.updated)


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
    events: tuple[Event, ...]
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
        alert = chat.instant and (event is Event.RELEASE or not chat.releases_only)
        if alert or chat.digest:
            watches = frozenset(ids)
            out.append(
                Decision(
                    chat_id, names, surfaces, event, alert, chat.digest, watches, events=events, ids=ids,
                    quiet=chat.quiet if event is not Event.RELEASE else None, zone=chat.digest_tz,
                )
            )  # fmt: skip
    return out
