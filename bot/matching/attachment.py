"""Which names an event word is said of, within one segment of a sentence. Pure.

A verb reaches the block of names before it (its subject or a fronted object) unless a subject of
its own stands between ("…, как он помиловал …", "…, and the wife was let go"), and the block after
it (its object, or the subject of an inverted clause) when that is close, the verb takes objects,
and no new clause, group of others ("freed prisoners told X") or verb of its own stands between. A
noun or an attributive participle reaches the block after it, and back only for a membership or a
possessive ("X was among the freed", "after her release X"). A German separable verb reaches the
block inside it; a word before a colon or a dash, the list after it. ``bot.matching.scope`` cuts
sentences into segments and blocks and calls ``targets`` for every event word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.matching import clauses as C
from bot.matching.events import AHEAD, INSIDE, STAY, Event, Found, Reading
from bot.matching.triggers import NUM

_OBJECT_GAP = 4  # words between a verb and its object ("the colony released another opposition leader, X")
_SUBJECT_GAP = 9  # … and its subject after it ("На свободу вышел и руководитель центра «Весна», лауреат X")
_GAPPED = re.compile(rf"\s*(?:[—–-]\s*)?(?:по |each |je |po )?{NUM}(?!\w)")
_COUNT = re.compile(rf"(?<!\w){NUM}(?!\w)")
_NEXT_WORD = re.compile(r" [a-zа-яёіўєїґąćęłńóśźżäöüß]")  # a lower-case word right after


@dataclass
class Block:
    """Names standing together in one segment."""

    start: int
    end: int
    keys: set[str] = field(default_factory=set)
    events: set[Event | str] = field(default_factory=set)
    past: set[Event] = field(default_factory=set)  # said in a clause about their past: counts if nothing else is
    words: list[str] = field(default_factory=list)  # what decided, for explanations


def targets(
    plain: str,
    f: Found,
    blocks: list[Block],
    main: list[Found],
    barriers: list[int],
    islands: list[tuple[int, int]],
    background: list[tuple[int, int]],
    capital: Callable[[int], bool],
) -> list[Block]:
    """The blocks an event word is said of (see the module's docstring)."""
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


def proper_name(reading: Reading, text: str, f: Found) -> bool:
    """Is the word of freedom a name ("на Свабодзе" is Radio Svaboda, "Wolna Europa" a broadcaster)?"""
    if f.trigger.event is not Event.RELEASE:
        return False
    m = C.FREEDOM.search(reading.plain, f.start, f.end)
    return m is not None and m.start() > 0 and C.capital_after(text, reading.where, reading.plain, m.start())


def again(plain: str, f: Found) -> bool:
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
    block: Block,
    background: list[tuple[int, int]],
    subject: bool,
    capital: Callable[[int], bool],
) -> bool:
    """Is the block close after the word, with no new clause between? With a subject before the word,
    only its object or a list reaches ("X is free and back with his wife Y": not Y)."""
    gap = plain[f.end : block.start]
    if C.ALSO.search(gap) or C.LIST_MARK.search(gap):
        return True  # "N were freed, among them the Nobel laureate X"; "…, as was X"
    if C.OTHER_WORDS.search(gap) and not C.MEMBERSHIP.match(plain, f.start):
        return False  # "Po uwolnieniu innych więźniów X …": the others' release
    group = list(C.PEOPLE.finditer(gap))
    if group and not C.MEMBERSHIP.match(plain, f.start) and _COUNT.search(gap, 0, group[-1].start()):
        return False  # "Po uwolnieniu 52 więźniów X …": a count of others, then a new subject
    if group and (f.trigger.looks != AHEAD or not C.MEMBERSHIP.match(plain, f.start)):
        rest = [m for m in C.TOKEN.finditer(plain, f.end + group[-1].end(), block.start) if not capital(m.start())]
        if rest:
            return False  # "Freed prisoners told X …": others, not X (but "freed prisoners A, B and C" are A, B and C)
    if C.COORDINATION.search(gap) and not C.ALSO.search(plain[f.end : block.end + 40]):
        # "…, and his wife X took his place": a new clause; but "gave A 11 years, and B 10" leaves the verb out
        return f.trigger.event is Event.SENTENCE and _GAPPED.match(plain, block.end) is not None
    return words(plain, f.end, block.start, background) <= (_OBJECT_GAP if subject else _SUBJECT_GAP)


def kin_apart(plain: str, start: int, end: int) -> bool:
    """ "X saw his wife Y": a relative of the one before, not the next of a list (", the mother Y" is)."""
    gap = plain[start:end]
    return bool(C.KIN.search(gap)) and "," not in gap and not C.AND.search(gap)


def words(plain: str, start: int, end: int, background: list[tuple[int, int]]) -> int:
    """Words between two places, leaving out background clauses."""
    return sum(1 for m in C.TOKEN.finditer(plain, start, end) if not C.inside(m.start(), background))


def _object(plain: str, f: Found, block: Block, blocks: list[Block], main: list[Found]) -> bool:
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
