"""When two reports are one story, for one chat. Pure.

Viasna's channel in Belarusian, Zerkalo in Russian and Svaboda in English report the same
release within an hour, each with its own link; a chat should get one alert that lists
all three. Two reports are one story when:

1. they name the same watched person (one of the chat's watches, by the name it typed);
2. they appeared within ``WINDOW`` of each other;
3. they report the same event;
4. their numbers do not contradict: both give counts and share none ("8 years" and
   "3 years" are two sentences; dates, times and years are not counts, since sources
   write them differently); and
5. for other news, which may well be two different stories about one person on one day,
   their words largely agree: ``SIMILAR`` of their stems (in a spelling-independent form,
   so a reprint in the other script counts), leaving out the watched names themselves,
   and at least ``ENOUGH`` stems to judge by.

Words differ between languages, so for events the rule leans on person, event and time,
which news of one release shares however it is told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.matching import Event
from bot.matching.phonemes import clean, phonemes, skeleton

WINDOW = timedelta(hours=6)
SIMILAR = 0.35  # share of stems two reports of other news have in common to be one
ENOUGH = 3
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_COUNT = re.compile(r"(?<![\d.:,/])\d{1,3}(?![\d]|[.:,/]\d)")  # 8, 52; not 13.12.2025, 10:15 or 2025


@dataclass(frozen=True, slots=True)
class Report:
    """One item as a chat sees it: whom it names (the chat's watches), what happened, when, in what words."""

    story_id: int
    names: frozenset[str]
    event: str  # an Event (or its value)
    at: datetime
    stems: frozenset[str]
    numbers: frozenset[str]


def report(
    story_id: int,
    names: tuple[str, ...] | frozenset[str],
    event: str,
    at: datetime,
    text: str,
    words: Words | None = None,
) -> Report:
    """The report; ``words``: ``words(text)`` when the caller has it (one item, a report for each of 10,000 chats)."""
    found = words or Words.of(text)
    stems = found.stems - _stems(" ".join(names))
    return Report(story_id, frozenset(names), event, at, stems, found.numbers)


@dataclass(frozen=True, slots=True)
class Words:
    """What a text says, as reports compare it: its stems and its counts."""

    stems: frozenset[str]
    numbers: frozenset[str]

    @staticmethod
    def of(text: str) -> Words:
        return Words(_stems(text), frozenset(_COUNT.findall(text)))


def same_story(a: Report, b: Report) -> bool:
    if not a.names & b.names or abs(a.at - b.at) > WINDOW or a.event != b.event:
        return False
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return False
    if a.event == Event.OTHER:
        union = a.stems | b.stems
        return len(union) >= ENOUGH and len(a.stems & b.stems) / len(union) >= SIMILAR
    return True


def first_report(new: Report, earlier: list[Report]) -> Report | None:
    """The earliest of ``earlier`` that ``new`` is the same story as, if any."""
    same = [e for e in earlier if e.story_id != new.story_id and same_story(new, e)]
    return min(same, key=lambda e: (e.at, e.story_id), default=None)


def _stems(text: str) -> frozenset[str]:
    """The words' first letters in a spelling-independent form: a stem that survives case endings and scripts."""
    out = set()
    for word in _WORD.findall(text):
        readings = phonemes(clean(word))
        if readings:
            out.add(skeleton(readings[0])[:5])
    return frozenset(out)
