"""What happened: release > sentence > detention > other (SPEC, "Event of an item" and "of a person").

The words are in ``bot.matching.triggers`` (what each trigger says and where its person stands),
the frames that void them in ``bot.matching.frames`` (demand, hope, schedule, purpose, negation,
...). This module reads a text once: plain lower-case text with offsets into the original, every
trigger that stands, and every one a frame voided (with the words that voided it).

``classify_event(text)`` is the item's label; ``bot.matching.scope`` decides each person's.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.matching.frames import blocker, clause_around
from bot.matching.text import IGNORABLE, mask_markup
from bot.matching.triggers import AHEAD, BACK, INSIDE, PRIORITY, STAY, TRIGGERS, Event, Trigger

__all__ = [
    "AHEAD",
    "BACK",
    "INSIDE",
    "PRIORITY",
    "STAY",
    "Event",
    "Found",
    "Reading",
    "Trigger",
    "classify_event",
    "clause_around",
    "find_triggers",
    "label",
    "normalise_for_events",
]

_STRESS = re.compile(r"[\u0300-\u036f" + IGNORABLE + "]")
_SLOW = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f" + IGNORABLE + "]")


def _compile(trigger: Trigger) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + trigger.pattern + r")(?!\w)")


COMPILED = [(t, _compile(t)) for t in TRIGGERS]
_ALL = range(len(COMPILED))


def _tried() -> dict[str, list[int]]:
    """By first character, the numbers of the triggers that may begin with it."""
    out: dict[str, list[int]] = {}
    for number, t in enumerate(TRIGGERS):
        for c in {b[0] for b in _prefixes(t.pattern) or () if b}:
            out.setdefault(c, []).append(number)
    return out


_PREFIX = 3  # characters of a trigger's start looked up before any pattern is tried


def _prefixes(pattern: str, n: int = _PREFIX) -> set[str] | None:
    """Every way a match of ``pattern`` can begin, up to ``n`` characters (None: not known)."""
    try:  # the standard library's own parser of regular expressions
        k = importlib.import_module("re._constants")
        parser = importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - another Python: try every pattern everywhere
        return None

    def sequence(items: list[tuple[object, object]], room: int) -> set[str]:
        results = {""}
        for op, av in items:
            grown: set[str] = set()
            for r in results:
                options = one(op, av, room - len(r)) if len(r) < room else None
                grown.update({r + o for o in options} if options is not None else {r})  # unknown: stop there
            results = grown
        return results

    def one(op: object, av: object, room: int) -> set[str] | None:
        if op in (k.AT, k.ASSERT, k.ASSERT_NOT):
            return {""}
        if op is k.LITERAL:
            return {chr(av).lower()}  # type: ignore[arg-type]
        if op is k.IN:
            chars: set[str] = set()
            for o, v in av:  # type: ignore[attr-defined]
                if o is k.LITERAL:
                    chars.add(chr(v))
                elif o is k.CATEGORY and v is k.CATEGORY_DIGIT:
                    chars.update("0123456789")
                else:
                    return None
            return chars
        if op is k.SUBPATTERN:
            return sequence(list(av[-1]), room)  # type: ignore[index]
        if op is k.BRANCH:
            return {p for branch in av[1] for p in sequence(list(branch), room)}  # type: ignore[index]
        if op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT):
            low: int = av[0]  # type: ignore[index]
            high: int = av[1]  # type: ignore[index]
            body: list[tuple[object, object]] = list(av[2])  # type: ignore[index]
            found, current = ({""} if low == 0 else set()), {""}
            for times in range(1, min(high, room) + 1):
                current = {x + y for x in current if len(x) < room for y in sequence(body, room - len(x))}
                found |= {x for x in current if times >= low or len(x) >= room}
            return found
        return None

    try:
        return sequence(list(parser.parse(pattern)), n)
    except Exception:
        return None


def _by_first_char(triggers: list[Trigger]) -> tuple[dict[str, re.Pattern[str]], frozenset[str] | None]:
    """One alternation of trigger patterns per first character, and the beginnings of any trigger
    (None when some trigger may begin anyhow)."""
    buckets: dict[str, list[str]] = {}
    starts: set[str] | None = set()
    for t in triggers:
        begins = _prefixes(t.pattern)
        if begins is None or "" in begins or starts is None:
            starts = None
        else:
            starts |= begins
        for c in {b[0] for b in begins or () if b} if begins and "" not in begins else ():
            buckets.setdefault(c, []).append(t.pattern)
    if starts is not None and any(len(b) < _PREFIX for b in starts):
        starts = None  # a trigger shorter than the prefix: look it up the slow way
    if starts is None:  # some trigger may begin with anything: one alternation of all, everywhere
        every = re.compile("(?:" + "|".join(t.pattern for t in triggers) + r")(?!\w)")
        return {"": every}, None
    return {c: re.compile("(?:" + "|".join(ps) + r")(?!\w)") for c, ps in buckets.items()}, frozenset(starts)


# Where any trigger starts: each start of a word whose first characters begin some trigger, where
# only the patterns that begin with its letter are tried (one scan instead of one per trigger).
_STARTING, _BEGINNINGS = _by_first_char(TRIGGERS)
_CANDIDATE = re.compile(r"(?<!\w)\S")  # not inside a word
# … with its first characters (all beginnings are _PREFIX long: every trigger is longer than that)
_CANDIDATE_BEGINNING = re.compile(rf"(?<!\w)(?=(\S.{{0,{_PREFIX - 1}}}))", re.S)
_TRIED = _tried()


@dataclass(frozen=True, slots=True)
class Found:
    """A trigger found in plain text, at ``start:end``; ``blocked`` names the words that voided it."""

    trigger: Trigger
    start: int
    end: int
    blocked: str = ""


def normalise_for_events(text: str) -> str:
    """Lower-case plain text with markup, stress marks and invisible characters removed."""
    return normalise_with_offsets(text)[0]


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Like ``normalise_for_events``, with the offset in ``text`` of every character of the result."""
    masked = mask_markup(text)
    if not _SLOW.search(masked) and unicodedata.is_normalized("NFC", masked):  # most text: nothing to compose
        plain = masked.lower().replace("’", "'")
        if len(plain) == len(masked):
            return plain, list(range(len(masked)))
    out: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(masked):
        j = i + 1
        while j < len(masked) and unicodedata.combining(masked[j]):
            j += 1  # a letter with its combining marks: compose, then drop the stress marks left
        cluster = _STRESS.sub("", unicodedata.normalize("NFC", masked[i:j])).lower().replace("’", "'")
        out.append(cluster)
        where.extend([i] * len(cluster))
        i = j
    return "".join(out), where


def find_triggers(plain: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Every trigger in ``plain[start:end]`` (positions in ``plain``), voided ones left out."""
    return [f for f in read_triggers(plain, start, end) if not f.blocked]


def read_triggers(plain: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Every trigger in ``plain[start:end]``, voided ones with the words that voided them."""
    end = len(plain) if end is None else end
    if _BEGINNINGS is None:
        every = _STARTING[""]
        starts = [m.start() for m in _CANDIDATE.finditer(plain, start, end) if every.match(plain, m.start(), end)]
    else:
        beginnings, get = _BEGINNINGS, _STARTING.get
        starts = [
            m.start()
            for m in _CANDIDATE_BEGINNING.finditer(plain, start, end)
            if m.group(1) in beginnings
            and (pattern := get(m.group(1)[0])) is not None
            and pattern.match(plain, m.start(), end)
        ]
    found: list[Found] = []
    after = [start] * len(COMPILED)  # as finditer would: a trigger's matches do not overlap
    for at in starts:
        for number in _TRIED.get(plain[at], _ALL) if _BEGINNINGS is not None else _ALL:
            trigger, pattern = COMPILED[number]
            m = pattern.match(plain, at, end) if at >= after[number] else None
            if m is not None:
                after[number] = m.end()
                found.append(Found(trigger, m.start(), m.end(), blocker(plain, trigger, m.start(), m.end())))
    return found


def classify_event(text: str) -> Event:
    """The item's event label: the highest-priority trigger anywhere in it."""
    return label(find_triggers(normalise_for_events(text)))


def label(found: Iterable[Found]) -> Event:
    """The highest-priority event among triggers found."""
    events = {f.trigger.event for f in found}
    return next((event for event in PRIORITY if event in events), Event.OTHER)


@dataclass(frozen=True, slots=True)
class Reading:
    """A text read once for events: the plain text, offsets into the original, every trigger that
    stands (``found``) and every one a frame voided (``blocked``)."""

    plain: str
    where: list[int]
    found: list[Found]
    blocked: list[Found] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Reading:
        plain, where = normalise_with_offsets(text)
        every = read_triggers(plain)
        return cls(plain, where, [f for f in every if not f.blocked], [f for f in every if f.blocked])

    def within(self, start: int, end: int) -> list[Found]:
        return [f for f in self.found if start <= f.start and f.end <= end]
