"""Daily digests, pure: when one is due, and what it says.

A chat's digest is due at its local HH:MM in its IANA zone (DST-correct through
zoneinfo). A digest missed while the bot was down is still due for ``GRACE`` after
its time; past that, its entries roll into the next one, so nothing is dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.delivery.render import MAX_MESSAGE, visible_length
from bot.i18n import Text, utc_offset
from bot.matching import Event
from storage.digests import Entry
from storage.items import StoredItem

GRACE = timedelta(hours=6)
MIN_GAP = timedelta(hours=12)  # after a time change, do not send a second digest the same day
MAX_ITEMS = 40  # a busy day is summarised past this
_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_hhmm(value: str) -> time | None:
    m = _HHMM.match(value.strip())
    return time(int(m.group(1)), int(m.group(2))) if m else None


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"


def latest_slot(now: datetime, hhmm: str, tz: str) -> datetime:
    """The most recent scheduled time at or before ``now``, in UTC."""
    at = parse_hhmm(hhmm) or time(20, 0)
    zone = ZoneInfo(tz)
    local_day = now.astimezone(zone).date()
    for back in range(3):
        slot = datetime.combine(local_day - timedelta(days=back), at, tzinfo=zone).astimezone(UTC)
        if slot <= now:
            return slot
    raise AssertionError("unreachable: a slot exists within three days")


def next_slot(now: datetime, hhmm: str, tz: str) -> datetime:
    """The next scheduled time after ``now``, in UTC."""
    at = parse_hhmm(hhmm) or time(20, 0)
    zone = ZoneInfo(tz)
    local_day = now.astimezone(zone).date()
    for ahead in range(3):
        slot = datetime.combine(local_day + timedelta(days=ahead), at, tzinfo=zone).astimezone(UTC)
        if slot > now:
            return slot
    raise AssertionError("unreachable: a slot exists within three days")


def due_period(now: datetime, hhmm: str, tz: str, last: datetime | None, grace: timedelta = GRACE) -> datetime | None:
    """The period to produce now, or None."""
    slot = latest_slot(now, hhmm, tz)
    if now - slot > grace:
        return None
    if last is not None and (slot <= last or slot - last < MIN_GAP):
        return None
    return slot


@dataclass(frozen=True, slots=True)
class DigestItem:
    entry: Entry
    items: list[StoredItem]  # the story in every feed that carried it

    @property
    def when(self) -> datetime:
        first = self.items[0]
        return first.published_at or first.seen_at


def build_digest(
    entries: list[Entry],
    stories: dict[int, list[StoredItem]],
    t: Text,
    tz: str,
    period: datetime,
    *,
    releases_only: bool,
    quiet: bool,
    badge: Callable[[Text, str], str],
) -> list[str]:
    """The digest's messages (empty when there is nothing to send)."""
    chosen = [
        DigestItem(e, stories[e.story_id])
        for e in entries
        if e.story_id in stories and (not releases_only or e.event == Event.RELEASE)
    ]
    date = f"{t.datetime(period, tz, 'd MMMM yyyy')} ({utc_offset(period, tz)})"  # the zone of the times below
    title = t.gettext("📰 <b>Digest</b> · {date}").format(date=html.escape(date))
    if not chosen:
        return (
            []
            if quiet
            else [title + "\n" + html.escape(t.gettext("No news about your watchlist since the last digest."))]
        )
    by_person: dict[str, list[DigestItem]] = {}
    for item in chosen:
        by_person.setdefault(item.entry.names[0], []).append(item)
    for items in by_person.values():
        items.sort(key=lambda d: (d.entry.event != Event.RELEASE, -d.when.timestamp()))
    people = sorted(
        by_person.items(),
        key=lambda kv: (
            not any(d.entry.event == Event.RELEASE for d in kv[1]),
            -max(d.when.timestamp() for d in kv[1]),
        ),
    )
    shown = 0
    blocks: list[tuple[str, str]] = []  # (person heading, item block)
    for person, items in people:
        heading = f"\n<b>{html.escape(person)}</b>"
        for item in items:
            if shown == MAX_ITEMS:
                break
            blocks.append((heading, _item_block(item, t, tz, badge)))
            shown += 1
    messages = _pack(title, blocks, t)
    if len(chosen) > shown:
        more = t.ngettext("…and {n} more mention", "…and {n} more mentions", len(chosen) - shown).format(
            n=len(chosen) - shown
        )
        tail = html.escape(more)
        if visible_length(messages[-1]) + 2 + visible_length(tail) <= MAX_MESSAGE:
            messages[-1] += "\n\n" + tail
        else:
            messages.append(tail)
    return messages


def _item_block(item: DigestItem, t: Text, tz: str, badge: Callable[[Text, str], str]) -> str:
    first = item.items[0]
    title = html.escape(first.title[:300]) or "…"
    if first.link:
        title = f'<a href="{html.escape(first.link, quote=True)}">{title}</a>'
    sources = []
    for it in item.items:
        name = html.escape(it.feed_name)
        sources.append(f'<a href="{html.escape(it.link, quote=True)}">{name}</a>' if it.link else name)
    others = list(item.entry.names[1:])
    if len(others) > 10:
        others = [*others[:10], f"+{len(others) - 10}"]
    also = (" · " + html.escape(t.gettext("also: {names}").format(names=", ".join(others)))) if others else ""
    mark = badge(t, item.entry.event)
    head = f"{mark} " if mark else "• "
    return f"{head}{title}\n    {', '.join(sources)} · {t.datetime(item.when, tz, 'd MMM, HH:mm', offset=False)}{also}"


def _pack(title: str, blocks: list[tuple[str, str]], t: Text) -> list[str]:
    """Fill messages block by block; a person's heading is repeated where a message starts mid-person."""
    messages: list[str] = []
    current = title
    current_heading = None
    for heading, block in blocks:
        piece = (heading + "\n" if heading != current_heading else "") + block
        if visible_length(current) + 1 + visible_length(piece) > MAX_MESSAGE:
            messages.append(current)
            current = heading.strip() + " " + t.gettext("(continued)") + "\n" + block
        else:
            current += "\n" + piece
        current_heading = heading
    messages.append(current)
    return messages
