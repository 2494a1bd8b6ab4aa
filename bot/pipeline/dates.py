"""Dates as the region's news pages write them. Pure.

"13 снежня 2025", "13 декабря 2025 г., 10:15", "13 грудня", "13 grudnia 2025", "13. Dezember
2025", "December 13, 2025", "13.12.2025 10:15", "2025-12-13T10:15:00+03:00", "сёння, 10:15",
"вчера". A time without a zone is local time of ``tz`` (Minsk by default); a date without
a year is the latest such date not after tomorrow.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINSK = "Europe/Minsk"

# Stems that start a month's name, in every language covered (by month, 1-12). Longest first
# when matching, so that no stem is read as a shorter one of another month.
_STEMS: dict[int, tuple[str, ...]] = {
    1: ("янв", "студз", "січ", "sty", "jan", "jän"),
    2: ("фев", "лют", "lut", "feb"),
    3: ("мар", "сакав", "берез", "mar", "mär", "maa"),
    4: ("апр", "красав", "квіт", "kwi", "apr"),
    5: ("мая", "май", "трав", "maj", "may", "mai"),
    6: ("июн", "чэрв", "черв", "cze", "jun"),
    7: ("июл", "ліп", "лип", "lip", "jul"),
    8: ("авг", "жні", "серп", "sie", "aug"),
    9: ("сен", "вер", "wrz", "sep"),
    10: ("окт", "кастр", "жовт", "paź", "paz", "oct", "okt"),
    11: ("ноя", "ліст", "листоп", "lis", "nov"),
    12: ("дек", "снеж", "груд", "gru", "dec", "dez"),
}
_MONTHS = sorted(((stem, month) for month, stems in _STEMS.items() for stem in stems), key=lambda sm: -len(sm[0]))
_TODAY = ("сегодня", "сёння", "сьогодні", "dzisiaj", "dziś", "today", "heute")
_YESTERDAY = ("вчера", "учора", "вчора", "wczoraj", "yesterday", "gestern")

_TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:.]([0-5]\d)(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?!\d)")
_WORD_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]{3,})\.?(?:\s+(\d{4}))?", re.UNICODE)
_WORD_MONTH_FIRST = re.compile(r"([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?", re.UNICODE)


def parse_local_date(text: str, now: datetime, tz: str = MINSK) -> datetime | None:
    """The moment ``text`` names, in UTC; None when it names none."""
    text = " ".join(text.split())
    if not text:
        return None
    iso = _iso(text)
    if iso is not None:
        return iso if iso.tzinfo else iso.replace(tzinfo=ZoneInfo(tz))
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    day = _day(text.lower(), today)
    if day is None:
        return None
    m = _TIME.search(_without_date(text))
    at = time(int(m.group(1)), int(m.group(2))) if m else time(0, 0)
    return datetime.combine(day, at, tzinfo=zone)


def _iso(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    for candidate in (text, text.split(" ", 1)[0]):
        try:
            return datetime.fromisoformat(candidate.replace("Z", "+00:00"))
        except ValueError:
            continue
    return None


def _day(text: str, today: date) -> date | None:
    if any(word in text for word in _TODAY):
        return today
    if any(word in text for word in _YESTERDAY):
        return today - timedelta(days=1)
    if m := _NUMERIC.search(text):
        year = int(m.group(3))
        return _date(year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)))
    for m in _WORD_DAY_FIRST.finditer(text):
        month = _month(m.group(2))
        if month:
            return _with_year(m.group(3), month, int(m.group(1)), today)
    for m in _WORD_MONTH_FIRST.finditer(text):
        month = _month(m.group(1))
        if month:
            return _with_year(m.group(3), month, int(m.group(2)), today)
    return None


def _month(word: str) -> int | None:
    word = word.lower()
    return next((month for stem, month in _MONTHS if word.startswith(stem)), None)


def _with_year(year: str | None, month: int, day: int, today: date) -> date | None:
    if year:
        return _date(int(year), month, day)
    guess = _date(today.year, month, day)
    if guess is not None and guess > today + timedelta(days=1):  # "31 снежня" read in January
        guess = _date(today.year - 1, month, day)
    return guess


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _without_date(text: str) -> str:
    """The text with a numeric date removed, so that "13.12.2025" is not read as a time."""
    return _NUMERIC.sub(" ", text)
