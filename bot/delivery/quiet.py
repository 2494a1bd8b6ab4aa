"""Quiet hours: when a chat's instant alerts wait. Pure.

``/quiet 23:00-08:00`` (the chat's local time, across midnight or not) holds instant
alerts until the quiet hours end; they then go out together, without a notification
sound. A **release** never waits: that is the news people stay up for.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})\s*$")


def parse_quiet(text: str) -> str | None:
    """``23:00-08:00`` (also ``7:30–9:00``) as stored (``HH:MM-HH:MM``), or None when it is not a range."""
    m = _RANGE.match(text)
    if not m:
        return None
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
        return None
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


def _bounds(quiet: str) -> tuple[time, time]:
    start, end = quiet.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def held_until(quiet: str | None, zone: str, now: datetime) -> datetime | None:
    """When quiet hours that hold an alert queued at ``now`` end (UTC), or None when it may go now."""
    if not quiet:
        return None
    start, end = _bounds(quiet)
    local = now.astimezone(ZoneInfo(zone))
    at = local.time().replace(tzinfo=None)
    inside = start <= at < end if start < end else (at >= start or at < end)
    if not inside:
        return None
    day = local.date() if at < end else local.date() + timedelta(days=1)
    # through ZoneInfo, so that the end is right on the night the clocks change
    ends = datetime.combine(day, end, tzinfo=ZoneInfo(zone))
    return ends.astimezone(UTC)
