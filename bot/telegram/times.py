"""Times and time zones as people write them. Pure.

A time: ``20:00``, ``20.00``, ``20h``, ``2000``, ``8pm``, ``8:30 pm``, ``8.30 p.m.``; quiet hours: two of them with a
dash (``23:00-08:00``, ``11pm – 7am``). What cannot be read says why (``Unreadable``): an hour past 23, a minute
past 59, ``24:00``, ``13pm``. A time zone: its IANA name in any case, or the zones whose city is closest to what
was typed (``minsk`` → Europe/Minsk), by the city's name in English, in its zone's name or in the chat's language.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from functools import lru_cache
from zoneinfo import available_timezones

from babel.core import get_global
from babel.dates import get_timezone_location

_AREAS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{1,2}))?h?(am|pm)?$")  # 20:00, 20.00, 20h, 8pm, 8:30pm
_DIGITS = re.compile(r"^(\d{1,2})(\d{2})(am|pm)?$")  # 2000, 830pm
_SPAN = re.compile(r"\s*[-–—]\s*|\s+to\s+")
SUGGESTIONS = 5  # zones offered at most


class Wrong(StrEnum):
    """Why a time or quiet hours could not be read."""

    NOT_A_TIME = "not a time"
    HOUR = "no such hour"
    MINUTE = "no such minute"
    MIDNIGHT = "24:00"
    HOUR_12 = "am/pm hour past 12"
    NOT_A_SPAN = "not a start and an end"
    EMPTY_SPAN = "starts and ends at once"


@dataclass(frozen=True, slots=True)
class Unreadable:
    wrong: Wrong
    text: str  # what was typed (the part that is wrong)
    number: int | None = None  # the hour or minute that does not exist


def parse_time(text: str) -> time | Unreadable:
    """A time of day as people write it, or why it is not one."""
    typed = text.strip()
    compact = re.sub(r"\s+", "", typed.casefold()).replace(".m.", "m").replace("a.m", "am").replace("p.m", "pm")
    m = _CLOCK.match(compact) or _DIGITS.match(compact)
    if not m:
        return Unreadable(Wrong.NOT_A_TIME, typed)
    hour, minute, half = int(m.group(1)), m.group(2), m.group(3)
    if minute is not None and len(minute) != 2:
        return Unreadable(Wrong.NOT_A_TIME, typed)
    minutes = int(minute or 0)
    if half:
        if not 1 <= hour <= 12:
            return Unreadable(Wrong.HOUR_12, typed, hour)
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour == 24 and minutes == 0:
        return Unreadable(Wrong.MIDNIGHT, typed)
    elif hour > 23:
        return Unreadable(Wrong.HOUR, typed, hour)
    if minutes > 59:
        return Unreadable(Wrong.MINUTE, typed, minutes)
    return time(hour, minutes)


def parse_span(text: str) -> str | Unreadable:
    """Quiet hours as stored (``HH:MM-HH:MM``), or why they could not be read."""
    parts = _SPAN.split(text.strip(), maxsplit=1)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        return Unreadable(Wrong.NOT_A_SPAN, text.strip())
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if isinstance(start, Unreadable):
        return start
    if isinstance(end, Unreadable):
        return end
    if start == end:
        return Unreadable(Wrong.EMPTY_SPAN, text.strip())
    return f"{start:%H:%M}-{end:%H:%M}"


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    """The IANA zones of places (not ``Etc/``, nor old names such as Europe/Kiev: Babel knows them as aliases)."""
    aliases = get_global("zone_aliases")
    return tuple(sorted(z for z in available_timezones() if z.startswith(_AREAS) and z not in aliases))


@lru_cache(maxsize=8)  # reading Babel's ~600 city names takes ~0.3 s: once per language
def _cities(language: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each zone with the names it may be typed as, folded: its IANA name, its city, the city in ``language``."""
    out = []
    for zone in _zones():
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
        local = get_timezone_location(zone, locale=language, return_city=True)
        out.append((zone, frozenset(n.casefold() for n in (zone, city, local))))
    return tuple(out)


def exact_zone(typed: str) -> str | None:
    """The IANA zone ``typed`` names in any case (``europe/minsk`` → Europe/Minsk; an old name such as Europe/Kiev
    stays as typed), or None."""
    folded = typed.strip().casefold()
    return next((z for z in sorted(available_timezones()) if z.casefold() == folded and ("/" in z or z == "UTC")), None)


def closest_zones(typed: str, language: str) -> list[str]:
    """The zones whose city (in English or in ``language``) is closest to ``typed``, best first; none when nothing
    is close."""
    folded = " ".join(typed.replace("_", " ").split()).casefold()
    if not folded:
        return []
    scored: list[tuple[float, str]] = []
    for zone, names in _cities(language):
        if folded in names:
            score = 3.0
        elif any(n.startswith(folded) for n in names) and len(folded) >= 3:
            score = 2.0
        else:
            score = max(difflib.SequenceMatcher(None, folded, n).ratio() for n in names)
            if score < 0.75:
                continue
        scored.append((score, zone))
    scored.sort(key=lambda sz: (-sz[0], sz[1]))
    return [zone for _, zone in scored[:SUGGESTIONS]]
