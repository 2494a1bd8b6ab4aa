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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.matching import clauses as C
from bot.matching.events import AHEAD, INSIDE, PRIORITY, STAY, Event, Found, Reading
from bot.matching.triggers import NUM

_LIST_GAP = 10  # words between two names of one list ("A, the philosopher of Minsk B")
_OBJECT_GAP = 4  # words between a verb and its object ("the colony released another opposition leader, X")
_SUBJECT_GAP = 9  # … and its subject after it ("На свободу вышел и руководитель центра «Весна», лауреат X")
_GAPPED = re.compile(rf"\s*(?:[—–-]\s*)?(?:по |each |je |po )?{NUM}(?!\w)")
_NEXT_WORD = re.compile(r" [a-zа-яёіўєїґąćęłńóśźżäöüß]")  # a lower-case word right after
_NUMBER = re.compile(rf"(?<!\w){NUM}(?!\w)")


@dataclass
class _Block:
    """Names standing together in one segment."""

    start: int
    end: int
    keys: set[str] = field(default_factory=set)
    events: set[Event | str] = field(default_factory=set)
    past: set[Event] = field(default_factory=set)  # said in a clause about their past: counts if nothing else is
    words: list[str] = field(default_factory=list)  # what decided, for explanations


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
    previous: list[_Block] = []
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
    reading: Reading, text: str, start: int, end: int, spans: list[tuple[int, int, str]], previous: list[_Block]
) -> list[_Block]:
    plain = reading.plain
    everyone: list[_Block] = []
    last: list[_Block] = []
    if not spans and previous and C.PRONOUN.match(plain[start:end].lstrip()):
        last = previous[-1:]  # "He arrived in Vilnius": the last one named before
    before: list[_Block] = []  # the blocks of the segment before
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
                if f.trigger.event in (Event.SENTENCE, Event.DETENTION) and _again(plain, f):
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
) -> list[_Block]:
    plain = reading.plain
    relative, phrases = C.background(reading.plain, reading.where, text, start, end, spans, found)
    background = relative + phrases
    islands = [(m.start(), m.end()) for m in C.ISLAND.finditer(plain, start, end)]
    barriers = [m.start() for m in C.COMPLEMENT.finditer(plain, start, end)]
    barriers += [m.start() for m in C.SPEECH.finditer(plain, start, end)]
    main = [f for f in found if not C.inside(f.start, background) and not C.attribute(plain, f, spans)]
    people = [s for s in spans if not C.inside(s[0], background) and not C.role(plain, start, end, s)]
    blocks: list[_Block] = []
    for s0, s1, key in people:
        last = blocks[-1] if blocks else None
        if (
            last is not None
            and not any(f.start < s0 and f.end > last.end for f in main)  # no event word between, or across
            and not any(last.end <= c < s0 for c in barriers)
            and C.island(s0, islands) == C.island(last.start, islands)
            and (
                C.LIST_MARK.search(plain, last.end, s0)
                or (_words(plain, last.end, s0, background) <= _LIST_GAP and not _kin_apart(plain, last.end, s0))
            )
        ):
            last.end = max(last.end, s1)
            last.keys.add(key)
        else:
            blocks.append(_Block(s0, s1, {key}))
    extra: list[_Block] = []  # names that take nothing from their clause, but a relative clause about them
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
            owner = _Block(antecedent[0], antecedent[1], {antecedent[2]})  # "the campaign of X, who was jailed"
            extra.append(owner)
        if owner is not None:
            owner.past.add(f.trigger.event)  # type: ignore[arg-type]
            owner.words.append(f"{f.trigger.event}: “{plain[f.start : f.end]}”, in a clause about their past")

    def capital(at: int) -> bool:
        return C.capital_after(text, reading.where, plain, at)

    for f in main:
        again = f.trigger.event in (Event.SENTENCE, Event.DETENTION) and _again(plain, f)
        for block in _targets(plain, f, blocks, main, barriers, islands, background, capital):
            block.events.add(f.trigger.event)
            if again:
                block.events.add(STAY)  # "freed in 2024, arrested again last month": not free now
            what = "still held" if f.trigger.event == STAY else f.trigger.event
            block.words.append(f"{what}: “{plain[f.start : f.end]}”")
    return blocks + extra


def _targets(
    plain: str,
    f: Found,
    blocks: list[_Block],
    main: list[Found],
    barriers: list[int],
    islands: list[tuple[int, int]],
    background: list[tuple[int, int]],
    capital: Callable[[int], bool],
) -> list[_Block]:
    home = C.island(f.start, islands)
    reach = [
        b
        for b in blocks
        if C.island(b.start, islands) == home
        and not any(min(b.start, f.start) <= c < max(b.end, f.start) for c in barriers)
    ]
    inside = [b for b in reach if b.start >= f.start and b.end <= f.end]
    before = [b for b in reach if b.end <= f.start]
    after = [b for b in reach if b.start >= f.end]
    looks = f.trigger.looks
    if looks == INSIDE and inside:
        besides = [b for b in before if C.BESIDES.search(plain, max(0, b.start - 20), b.start)]
        return besides[-1:] + inside  # "Neben X kamen auch Y und Z frei"
    nxt = after[0] if after else None
    if nxt is not None and C.COLON.search(plain, f.end, nxt.start):
        return [nxt]  # "…, pardoned: A, B and C" / "Среди вышедших — A"
    prev = before[-1:]
    if prev and (C.SUBJECT_PRONOUN.search(plain, prev[0].end, f.start) or _new_subject(plain, prev[0].end, f.start)):
        prev = []  # "…, как 22 мая он помиловал …", "…, and the wife was let go": the verb has a subject of its own
    qualifies = C.PEOPLE.match(plain, f.end + 1) or C.NOUN.match(plain, f.end + 1) or _qualifier(plain, f)
    if qualifies and not C.MEMBERSHIP.match(plain, f.start):
        prev = []  # "X met the freed prisoners", "X greeted her freed husband": said of them, not of X
    if looks == AHEAD:
        if nxt is not None and _reaches(plain, f, nxt, background, False, capital):
            return [nxt]
        # "X was among the freed", "X, after her release, said": back only for a membership or a possessive
        owned = C.POSSESSIVE.search(plain, f.start, f.end) or C.POSSESSIVE_BEFORE.search(
            plain, max(0, f.start - 30), f.start
        )
        bare = C.NOTHING_AFTER.match(plain, f.end)  # "после освобождения и …": no one else's
        return prev if C.MEMBERSHIP.match(plain, f.start) or owned or bare else []
    if f.trigger.event == STAY:
        return prev or ([nxt] if nxt is not None else [])
    chosen = list(prev)
    transitive = (
        not prev
        or f.trigger.event is not Event.RELEASE
        or (C.TRANSITIVE.match(plain, f.start, f.end) and not C.AUXILIARY.search(plain, 0, f.start))
    )
    if (
        nxt is not None
        and (transitive or C.LIST_MARK.search(plain, f.end, nxt.start) or C.ALSO.search(plain, f.end, nxt.start))
        and _reaches(plain, f, nxt, background, bool(before), capital)
        and _object(plain, f, nxt, blocks, main)
    ):
        chosen.append(nxt)
    return chosen + inside  # "gave X 11 years": the one inside the words too


def _new_subject(plain: str, start: int, end: int) -> bool:
    """After ", and" between a name and a verb, does a subject of its own stand before the verb?"""
    joins = list(C.COORDINATION.finditer(plain, start, end))
    if not joins:
        return False
    words = [w for w in C.TOKEN.findall(plain, joins[-1].end(), end) if not C.LIGHT.fullmatch(w)]
    if words and C.PERSONAL.fullmatch(words[-1]):
        return False  # "…, и сразу после приговора его отпустили": him, the one named
    return bool(words)  # "and later released": no; "and the wife was": yes


def _again(plain: str, f: Found) -> bool:
    """Is a detention or a sentence said to come again ("arrested again", "снова задержали")?"""
    near = plain[max(0, f.start - 40) : f.start].split()[-3:] + plain[f.end : f.end + 30].split()[:1]
    return C.AGAIN.search(" ".join(near)) is not None


def _qualifier(plain: str, f: Found) -> bool:
    """A participle between a determiner and its noun ("her freed friend", "вызваленага сябра"): said of the noun."""
    if " " in plain[f.start : f.end] or not _NEXT_WORD.match(plain, f.end) or C.PREPOSITION.match(plain, f.end):
        return False  # "zostali wypuszczeni z więzienia": said of the subject
    if C.AUXILIARY.search(plain, max(0, f.start - 40), f.start):
        return False
    return bool(
        C.DETERMINER_EN.search(plain, max(0, f.start - 12), f.start) or C.ATTRIBUTIVE.fullmatch(plain, f.start, f.end)
    )


def _reaches(
    plain: str,
    f: Found,
    block: _Block,
    background: list[tuple[int, int]],
    subject: bool,
    capital: Callable[[int], bool],
) -> bool:
    """Is the block close after the word, with no new clause between? With a subject before the word,
    only its object or a list reaches ("X is free and back with his wife Y": not Y)."""
    gap = plain[f.end : block.start]
    if C.ALSO.search(gap) or C.LIST_MARK.search(gap):
        return True  # "N were freed, among them the Nobel laureate X"; "…, as was X"
    group = list(C.PEOPLE.finditer(gap))
    if group and f.trigger.looks != AHEAD:
        rest = [m for m in C.TOKEN.finditer(plain, f.end + group[-1].end(), block.start) if not capital(m.start())]
        if rest:
            return False  # "Freed prisoners told X …": others, not X (but "freed prisoners A, B and C" are A, B and C)
    if C.COORDINATION.search(gap) and not C.ALSO.search(plain[f.end : block.end + 40]):
        # "…, and his wife X took his place": a new clause; but "gave A 11 years, and B 10" leaves the verb out
        return f.trigger.event is Event.SENTENCE and _GAPPED.match(plain, block.end) is not None
    return _words(plain, f.end, block.start, background) <= (_OBJECT_GAP if subject else _SUBJECT_GAP)


def _kin_apart(plain: str, start: int, end: int) -> bool:
    """ "X saw his wife Y": a relative of the one before, not the next of a list (", the mother Y" is)."""
    gap = plain[start:end]
    return bool(C.KIN.search(gap)) and "," not in gap and not C.AND.search(gap)


def _words(plain: str, start: int, end: int, background: list[tuple[int, int]]) -> int:
    """Words between two places, leaving out background clauses."""
    return sum(1 for m in C.TOKEN.finditer(plain, start, end) if not C.inside(m.start(), background))


def _object(plain: str, f: Found, block: _Block, blocks: list[_Block], main: list[Found]) -> bool:
    """Does a verb reach the block after it (its object, or the subject of an inverted clause)?"""
    if any(f.end <= g.start and g.end <= block.start and g.trigger.event != f.trigger.event for g in main):
        return False
    following = [b for b in blocks if b.start >= block.end]
    limit = following[0].start if following else len(plain)
    own = [
        g
        for g in main
        if block.end <= g.start < limit
        and g.trigger.looks != AHEAD
        and not ("," in plain[block.end : g.start] and not C.PREDICATE.search(plain, block.end, g.start))
    ]  # not a phrase of apposition: "the freed include X, 33, a journalist given 15 years"
    return not any(g.trigger.event != f.trigger.event for g in own)  # "A was freed, B was sentenced"


def _resolve(events: set[Event | str]) -> Event:
    held = STAY in events
    for event in PRIORITY:
        if event in events and not (held and event is Event.RELEASE):
            return event
    return Event.OTHER


def _rank(event: Event) -> int:
    return len(PRIORITY) - PRIORITY.index(event) if event in PRIORITY else 0
