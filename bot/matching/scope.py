"""Whose event it is: each watched person's event, from the clause that names them. Pure.

"Ihar Losik was freed, while Maksim Znak remains in a colony" is a release for Losik and
nothing for Znak; "Among the 52 pardoned were X and Y" is a release for both. So:

1. The text is cut into sentences, and each sentence into clauses: at ``;``, colons,
   dashes and brackets, and before a contrast (while, but, а, але, однак, natomiast,
   podczas gdy, aber, während, jedoch; Polish/Łacinka "a" before a capital).
2. Names in a clause joined only by commas and "and" (и, і, та, i, oraz, und, ды) are
   one group: what happens to one happens to all.
3. Each trigger goes to one group of its clause: a verb or state to the nearest group
   before it (its subject, or a fronted object), else the nearest after; a noun to the
   nearest group after it ("the release of X"), else before; a German separable verb
   ("ließen X frei") to the group inside it.
4. A clause with triggers and no name continues the clause before it ("задержали в 2021
   году, а через год приговорили"); a sentence that starts with a pronoun and names
   nobody continues the one before ("Znak was released. He arrived in Vilnius").
5. A person's event is the highest of their triggers; being still held ("remains in a
   colony") in their own clause rules out a release.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.matching.events import AHEAD, INSIDE, PRIORITY, STAY, Event, Found, Reading

_SENTENCE_END = re.compile(r"[.!?…]+[\"»”)]*\s+|\n\s*")
_CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s+|\s+[—–]\s+|\s*[()]\s*|"
    r",?\s+(?=(?:while|whereas|whilst|but|however|а|но|однако|тогда как|але|аднак|тады як|проте|однак|тоді як|"
    r"натомість|natomiast|ale|lecz|jednak|zaś|podczas gdy|aber|während|jedoch)\s)"
)
_LATIN_A = re.compile(r",\s+(?=a\s)")  # Polish and Łacinka "a": a contrast when a name follows
_JOINED = re.compile(r"^[\s,]*(?:and|&|as well as|и|і|ды|та|й|i|oraz|und|а также|а таксама)?[\s,]*$")
_PRONOUN = re.compile(r"^(?:he|she|they|он|она|они|ён|яна|яны|він|вона|вони|on|ona|oni|jon|jana|er|sie)\b")


@dataclass
class _Group:
    """Names standing together in one clause."""

    start: int
    end: int
    keys: set[str] = field(default_factory=set)
    events: set[Event | str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)  # what decided, for explanations


def person_events(
    text: str,
    mentions: Sequence[tuple[str, int, int]],
    notes: dict[str, list[str]] | None = None,
    reading: Reading | None = None,
) -> dict[str, Event]:
    """Each watch key's event, from its mentions (key, start, end) in ``text``.

    ``notes``, when given, gets by key the words that decided ("release: “вызвалілі”").
    """
    if not mentions:
        return {}
    reading = reading or Reading.of(text)
    plain, where = reading.plain, reading.where
    spans = sorted((bisect_left(where, s), bisect_left(where, e), key) for key, s, e in mentions)
    events: dict[str, Event] = {}
    previous: list[_Group] = []
    for s_start, s_end in _pieces(plain, text, where, 0, len(plain), _SENTENCE_END):
        groups = _sentence(reading, text, s_start, s_end, spans, previous)
        for group in groups:
            event = _resolve(group.events)
            for key in group.keys:
                events[key] = max(events.get(key, Event.OTHER), event, key=_rank)
                if notes is not None:
                    notes.setdefault(key, []).extend(group.words)
        previous = groups or previous
    return {key: events.get(key, Event.OTHER) for _, _, key in spans}


def _sentence(
    reading: Reading,
    text: str,
    start: int,
    end: int,
    spans: list[tuple[int, int, str]],
    previous: list[_Group],
) -> list[_Group]:
    plain, where = reading.plain, reading.where
    clauses = [
        (a, b, _groups(plain, text, where, [s for s in spans if a <= s[0] < b]))
        for a, b in _clauses(plain, text, where, start, end)
    ]
    everyone = [g for _, _, groups in clauses for g in groups]
    last: list[_Group] = []
    if not everyone and _PRONOUN.match(plain[start:end].lstrip()) and previous:
        last = previous[-1:]  # "He arrived in Vilnius": the last one named before
    waiting: set[Event | str] = set()  # a clause before any name: "Among the pardoned — X and Y"
    for a, b, groups in clauses:
        found = reading.within(a, b)
        if groups:
            for f in found:
                _attach(f, groups, plain)
            for group in groups if waiting else ():
                group.events |= waiting
                group.words.append(f"{'/'.join(sorted(map(str, waiting)))}: from the clause before the names")
            waiting = set()
            last = groups[-1:]
        elif last:  # no name: it goes on about whom the clause before was about
            for f in found:
                if f.trigger.event != STAY:
                    last[0].events.add(f.trigger.event)
                    last[0].words.append(f"{f.trigger.event}: “{plain[f.start : f.end]}”, said of them before")
        else:
            waiting |= {f.trigger.event for f in found if f.trigger.event != STAY}
    return everyone


def _clauses(plain: str, text: str, where: list[int], start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m for m in _CLAUSE_BREAK.finditer(plain, start, end) if m.end() > m.start()]
    cuts += [m for m in _LATIN_A.finditer(plain, start, end) if _capital_after(text, where, plain, m.end() + 2)]
    out, at = [], start
    for m in sorted(cuts, key=lambda m: m.start()):
        if m.start() > at:
            out.append((at, m.start()))
        at = max(at, m.end())
    if at < end:
        out.append((at, end))
    return out


def _pieces(
    plain: str, text: str, where: list[int], start: int, end: int, pattern: re.Pattern[str]
) -> list[tuple[int, int]]:
    out, at = [], start
    for m in pattern.finditer(plain, start, end):
        if m.end() < end and not _capital_after(text, where, plain, m.end()) and not plain[m.end()].isdigit():
            continue  # "г. Минск", "St. Petersburg": not the end of a sentence
        out.append((at, m.start() + 1))
        at = m.end()
    out.append((at, end))
    return [(a, b) for a, b in out if b > a]


def _capital_after(text: str, where: list[int], plain: str, index: int) -> bool:
    return index < len(plain) and text[where[index]].isupper()


def _groups(plain: str, text: str, where: list[int], spans: list[tuple[int, int, str]]) -> list[_Group]:
    groups: list[_Group] = []
    for start, end, key in spans:
        if groups and (start < groups[-1].end or _joined(plain, text, where, groups[-1].end, start)):
            groups[-1].end = max(groups[-1].end, end)
            groups[-1].keys.add(key)
        else:
            groups.append(_Group(start, end, {key}))
    return groups


def _joined(plain: str, text: str, where: list[int], start: int, end: int) -> bool:
    """Are two names joined only by commas, "and" and given names ("Statkevich and Ales Bialiatski")?"""
    between = plain[start:end]
    words = [(m.group(), m.start()) for m in re.finditer(r"\w+", between)]
    kept = " ".join(w for w, at in words if not text[where[start + at]].isupper())  # given names are capitalised
    return bool(_JOINED.match(kept)) and len(words) <= 3


def _attach(found: Found, groups: list[_Group], plain: str) -> None:
    looks = found.trigger.looks
    inside = [g for g in groups if g.start >= found.start and g.end <= found.end]
    before = [g for g in groups if g.end <= found.start]
    after = [g for g in groups if g.start >= found.end]
    if looks == INSIDE and inside:
        chosen = inside
    elif looks == AHEAD:
        chosen = after[:1] or before[-1:] or inside
    else:
        chosen = before[-1:] or after[:1] or inside
    for group in chosen:
        group.events.add(found.trigger.event)
        what = "still held" if found.trigger.event == STAY else found.trigger.event
        group.words.append(f"{what}: “{plain[found.start : found.end]}”")


def _resolve(events: set[Event | str]) -> Event:
    held = STAY in events
    for event in PRIORITY:
        if event in events and not (held and event is Event.RELEASE):
            return event
    return Event.OTHER


def _rank(event: Event) -> int:
    return len(PRIORITY) - PRIORITY.index(event) if event in PRIORITY else 0
