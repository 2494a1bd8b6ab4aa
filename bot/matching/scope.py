"""Whose event it is: each watched person's event, from the clause that names them. Pure.

"Ihar Losik was freed, while Maksim Znak remains in a colony" is a release for Losik and
nothing for Znak; "Among the 52 pardoned were X, the philosopher Y, who had been given 15
years, and Z" is a release for all three. So, per sentence (the shapes are in
``bot.matching.clauses``):

1. The sentence is cut into segments at ``;`` and before a contrast. Names said to be a source,
   the possessor of a relative or team, an exception, or not among those concerned take nothing
   from their clause; nor do names inside a background clause (a relative clause or participle
   phrase about a name). What such a clause says is the person's *past*: it counts when nothing
   else is said of them ("X, who was jailed in July, …"), a release only in a participle phrase.
2. Names with no event word between them form one *block*: a list, appositions, relative
   clauses and all ("N were freed, among them A, B and C"). What is said of a block is said of
   each name in it.
3. Each event word goes to blocks of its segment, never over a complementizer ("X said that …")
   nor out of an island ("о том, что …,"): a verb to the block before it (its subject or a
   fronted object) unless a subject pronoun stands between, and to the block after it (its
   object, or the subject of an inverted clause) when it is close, the verb takes objects, and no
   new clause ("…, and his wife …"), group of others ("freed prisoners told X") or verb of its own
   stands between; a noun or an attributive participle to the block after it, else back only for
   a membership or a possessive ("X was among the freed", "after her release X"); a German
   separable verb to the block inside it; a word before a colon or a dash to the list after it. A
   participle that only qualifies a name ("skazany dziennikarz X") is no event.
4. A segment with names and no event word takes the segment before it when it only leaves the
   verb out ("A got 14 years, and B 12"; "…, as was B"; "…; в их числе X"). A segment or a
   sentence with event words and no name goes on about the last block named, unless it names
   others ("but 50 others were freed").
5. A person's event is the highest of their events. Being still held (or detained again) anywhere
   in the item rules out a release; so does a question ("Poczobut na wolności?").

``person_readings`` also says, for a person whose event is not a release, which release words
stood in their sentences and why they were not theirs (a demand, a schedule, a negation, or
somebody else's): what an alert must say in plain words instead of "released".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from bot.matching import attachment as A
from bot.matching import clauses as C
from bot.matching.events import PRIORITY, STAY, Event, Found, Reading
from bot.matching.triggers import NUM

_LIST_GAP = 10  # words between two names of one list ("A, the philosopher of Minsk B")
_NUMBER = re.compile(rf"(?<!\w){NUM}(?!\w)")


@dataclass(frozen=True, slots=True)
class PersonReading:
    """One watched person's event, and why a release is *not* said of them when release words stand in their
    sentences: the demand, schedule, negation or condition that voided them, or that it is somebody else's."""

    event: Event
    doubts: tuple[str, ...] = ()

    @property
    def release_in_doubt(self) -> bool:
        """Release words are there, but not asserted of this person: the alert must not say "released"."""
        return self.event is not Event.RELEASE and bool(self.doubts)


def person_events(
    text: str,
    mentions: Sequence[tuple[str, int, int]],
    notes: dict[str, list[str]] | None = None,
    reading: Reading | None = None,
) -> dict[str, Event]:
    """Each watch key's event, from its mentions (key, start, end) in ``text``.

    ``notes``, when given, gets by key the words that decided ("release: “вызвалілі”") and, for a
    person whose event is not a release, the release words that were not theirs and why.
    """
    readings = person_readings(text, mentions, notes, reading)
    return {key: r.event for key, r in readings.items()}


def person_readings(
    text: str,
    mentions: Sequence[tuple[str, int, int]],
    notes: dict[str, list[str]] | None = None,
    reading: Reading | None = None,
) -> dict[str, PersonReading]:
    """Each watch key's ``PersonReading``: its event, and the doubts about a release (see ``person_events``)."""
    if not mentions:
        return {}
    reading = reading or Reading.of(text)
    plain, where = reading.plain, reading.where
    spans = sorted((bisect_left(where, s), bisect_left(where, e), key) for key, s, e in mentions)
    events: dict[str, Event] = {}
    doubts: dict[str, list[str]] = {}
    held: set[str] = set()  # said anywhere in the item to be still held
    previous: list[A.Block] = []
    for s_start, s_end in C.sentences(plain, text, where, 0, len(plain)):
        named = [s for s in spans if s_start <= s[0] < s_end]
        if not named and not (previous and C.PRONOUN.match(plain, s_start)):
            continue  # nobody in it, and not about the last one named
        blocks = _sentence(reading, text, s_start, s_end, named, previous)
        unsaid = _unsaid(reading, s_start, s_end)
        if plain[s_start:s_end].rstrip().endswith("?"):  # "Poczobut na wolności?": asked, not said
            for block in blocks:
                if Event.RELEASE in block.events or Event.RELEASE in block.past:
                    block.events.discard(Event.RELEASE)
                    block.past.discard(Event.RELEASE)
                    unsaid.append("the release is asked about, not said")
        for block in blocks:
            event = _resolve(block.events if block.events & set(PRIORITY) else block.events | block.past)
            if STAY in block.events:
                held |= block.keys
            for key in block.keys:
                events[key] = max(events.get(key, Event.OTHER), event, key=_rank)
                if notes is not None:
                    notes.setdefault(key, []).extend(block.words)
        freed = {key for b in blocks if Event.RELEASE in b.events for key in b.keys}
        for _, _, key in named:
            if key not in freed:  # release words in their sentence, not said of them
                doubts.setdefault(key, []).extend(unsaid + _others_released(reading, s_start, s_end))
        previous = blocks or previous
    for key in held & {k for k, e in events.items() if e is Event.RELEASE}:
        events[key] = Event.OTHER  # "X was pardoned; X is still in custody": not free
        doubts.setdefault(key, []).append("still held, said elsewhere in the item")
    out: dict[str, PersonReading] = {}
    for _, _, key in spans:
        event = events.get(key, Event.OTHER)
        why = tuple(dict.fromkeys(doubts.get(key, ()))) if event is not Event.RELEASE else ()
        out[key] = PersonReading(event, why)
        if notes is not None and why:
            notes.setdefault(key, []).append("no release: " + "; ".join(why))
    return out


def _unsaid(reading: Reading, start: int, end: int) -> list[str]:
    """Release words in the sentence that a frame voided, with the words that voided them."""
    plain = reading.plain
    return [
        f"“{plain[f.start : f.end]}” is not asserted (“{f.blocked}”)"
        for f in reading.blocked
        if f.trigger.event is Event.RELEASE and start <= f.start < end
    ]


def _others_released(reading: Reading, start: int, end: int) -> list[str]:
    """Release words in the sentence that are said of somebody else."""
    plain = reading.plain
    return [
        f"“{plain[f.start : f.end]}” is said of somebody else"
        for f in reading.found
        if f.trigger.event is Event.RELEASE and start <= f.start < end
    ]


def _sentence(
    reading: Reading, text: str, start: int, end: int, spans: list[tuple[int, int, str]], previous: list[A.Block]
) -> list[A.Block]:
    plain = reading.plain
    everyone: list[A.Block] = []
    last: list[A.Block] = []
    if not spans and previous and C.PRONOUN.match(plain[start:end].lstrip()):
        last = previous[-1:]  # "He arrived in Vilnius": the last one named before
    before: list[A.Block] = []  # the blocks of the segment before
    before_events: set[Event | str] = set()
    for a, b in C.segments(reading.plain, reading.where, text, start, end):
        found = reading.within(a, b)
        blocks = _segment(reading, text, a, b, [s for s in spans if a <= s[0] < b], found)
        said = {f.trigger.event for f in found if f.trigger.event != STAY}
        held = any(f.trigger.event == STAY for f in found)
        if blocks and not said and before_events:
            rest = plain[a:b]
            contrast = C.CONTRAST.match(" " + rest.lstrip()) is not None  # "…, but X also …": not the same
            if (C.ALSO.search(rest) and not contrast) or C.LIST_MARK.match(rest.lstrip()):
                gapped = before_events  # "…, as was X"; "…; в их числе X и Y"
            elif any(ch.isdigit() for ch in rest) or _has_number(rest):
                gapped = before_events & {Event.SENTENCE}
            else:
                gapped = set()
            for block in blocks:
                if gapped and not block.events:
                    block.events |= gapped
                    block.words.append(f"{'/'.join(sorted(map(str, gapped)))}: said of the clause before")
        elif not blocks and (said or held) and (last or before):
            target = (before or last)[-1]
            lead = plain[a : min(b, found[0].start)] if found else ""
            own = C.COMITATIVE.sub(" ", lead)  # "яе разам з дзясяткамі палітвязняў вызвалілі": she, with others
            others = C.OTHERS.search(own) or C.PEOPLE.search(own) or C.NOUN.search(own) or C.KIN.search(own)
            about = C.PERSONAL.search(lead)  # "але ўжо ў верасні яе вызвалілі": a pronoun for the one named
            for f in found:
                if f.trigger.event in (STAY, Event.RELEASE) and (
                    others or (len(C.TOKEN.findall(lead)) > 4 and not about)
                ):
                    continue  # "but 50 others were freed", "хотя её соратников освободили"
                target.events.add(f.trigger.event)
                if f.trigger.event in (Event.SENTENCE, Event.DETENTION) and A.again(plain, f):
                    target.events.add(STAY)  # "…, but was detained again": not free now
                target.words.append(f"{f.trigger.event}: “{plain[f.start : f.end]}”, said of them before")
        if blocks:
            before = blocks
            last = blocks[-1:]
        before_events = {e for blk in blocks for e in blk.events} | said if blocks else said
        everyone.extend(blocks)
    return everyone


def _has_number(text: str) -> bool:
    return _NUMBER.search(text) is not None


def _segment(
    reading: Reading, text: str, start: int, end: int, spans: list[tuple[int, int, str]], found: list[Found]
) -> list[A.Block]:
    plain = reading.plain
    relative, phrases = C.background(reading.plain, reading.where, text, start, end, spans, found)
    background = relative + phrases
    islands = [(m.start(), m.end()) for m in C.ISLAND.finditer(plain, start, end)]
    barriers = [m.start() for m in C.COMPLEMENT.finditer(plain, start, end)]
    barriers += [m.start() for m in C.SPEECH.finditer(plain, start, end)]
    found = [f for f in found if not A.proper_name(reading, text, f)]
    main = [f for f in found if not C.inside(f.start, background) and not C.attribute(plain, f, spans)]
    people = [s for s in spans if not C.inside(s[0], background) and not C.role(plain, start, end, s)]
    blocks: list[A.Block] = []
    for s0, s1, key in people:
        last = blocks[-1] if blocks else None
        if (
            last is not None
            and not any(f.start < s0 and f.end > last.end for f in main)  # no event word between, or across
            and not any(last.end <= c < s0 for c in barriers)
            and C.island(s0, islands) == C.island(last.start, islands)
            and (
                C.LIST_MARK.search(plain, last.end, s0)
                or (A.words(plain, last.end, s0, background) <= _LIST_GAP and not A.kin_apart(plain, last.end, s0))
            )
        ):
            last.end = max(last.end, s1)
            last.keys.add(key)
        else:
            blocks.append(A.Block(s0, s1, {key}))
    extra: list[A.Block] = []  # names that take nothing from their clause, but a relative clause about them
    for f in found:  # "X, freed in June, said …", "X, who was jailed in July, …": X's past, X's unless more is said
        if f.trigger.event == STAY or not (
            C.inside(f.start, relative) or (f.trigger.event is Event.RELEASE and C.inside(f.start, phrases))
        ):
            continue
        antecedent = max((sp for sp in spans if sp[1] <= f.start), default=None, key=lambda sp: sp[1])
        if antecedent is None or C.WHOSE.search(plain, antecedent[1], f.start):
            continue
        owner = next((b for b in blocks if antecedent[2] in b.keys and b.start <= antecedent[0] < b.end), None)
        if owner is None and f.trigger.event is not Event.RELEASE and antecedent not in people:
            owner = A.Block(antecedent[0], antecedent[1], {antecedent[2]})  # "the campaign of X, who was jailed"
            extra.append(owner)
        if owner is not None:
            owner.past.add(f.trigger.event)  # type: ignore[arg-type]
            owner.words.append(f"{f.trigger.event}: “{plain[f.start : f.end]}”, in a clause about their past")

    def capital(at: int) -> bool:
        return C.capital_after(text, reading.where, plain, at)

    for f in main:
        again = f.trigger.event in (Event.SENTENCE, Event.DETENTION) and A.again(plain, f)
        for block in A.targets(plain, f, blocks, main, barriers, islands, background, capital):
            block.events.add(f.trigger.event)
            if again:
                block.events.add(STAY)  # "freed in 2024, arrested again last month": not free now
            what = "still held" if f.trigger.event == STAY else f.trigger.event
            block.words.append(f"{what}: “{plain[f.start : f.end]}”")
    return blocks + extra


def _resolve(events: set[Event | str]) -> Event:
    held = STAY in events
    for event in PRIORITY:
        if event in events and not (held and event is Event.RELEASE):
            return event
    return Event.OTHER


def _rank(event: Event) -> int:
    return len(PRIORITY) - PRIORITY.index(event) if event in PRIORITY else 0
