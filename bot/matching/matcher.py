"""Find which watched people a text mentions (the contract is shared/names/SPEC.md).

Compile once, match many: every surname base of every watch goes into one dictionary
keyed by (kind, skeleton). A text is tokenised; each word is read as base + ending in
every way its kind allows (cached per distinct word), and each reading is one
dictionary lookup. The cost grows with the text, not with the number of watches.
Hits then pass the context checks of the SPEC: gender of the ending (rule 3), an
adjacent given name or initial (rule 4), capitalisation for surnames that are also
common words (rule 5) and double surnames (rule 6).

With thousands of watches, some watched surname sounds like almost any word, so a word
that is evidently something else only counts next to a given name: a place or an
organisation of the region, a given name, a frequent English or German word, or an
ordinary word spelled otherwise than the surname (German "Zeit" against "Zając").
Abbreviations, brands (IT, RoHS, ReactOS) and feminine patronymics are never surnames.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from bot.matching.common_words import CommonWords
from bot.matching.events import Event, Reading, label
from bot.matching.gazetteer import Gazetteer
from bot.matching.given_names import GivenNames, first_sound
from bot.matching.morphology import BOTH, F, Kind, M, split_endings
from bot.matching.phonemes import clean, is_cyrillic, phonemes, skeleton, spelling
from bot.matching.scope import person_readings
from bot.matching.text import Words
from bot.matching.transcription import readings
from bot.matching.watch import (
    ANYWAY,
    REFUSALS,
    InvalidWatch,
    Refusal,
    SurnamePart,
    WatchSpec,
    display_forms,
    parse_watch,
)

_CACHE_LIMIT = 200_000
_OTHER_ORDER = "\x00other order"  # the hidden key of a watch's other reading
_REFUSALS = (  # what the notes of ``_judge`` say, and the reason a watch is refused for
    ("frequent English or German word", Refusal.FREQUENT_WORD),
    ("place or an organisation", Refusal.PLACE),
    ("is a given name", Refusal.GIVEN_NAME),
    ("ordinary word", Refusal.COMMON_WORD),
    ("common word", Refusal.COMMON_WORD),
)
_DASHES = frozenset({"", "-", "‐", "‑", "‒", "–", "—"})
_CAMEL = re.compile(r"[a-zа-яёіїєґў][A-ZА-ЯЁІЇЄҐЎ]")  # a capital after a small letter
_LONG_SKELETON = 6  # a lower-case word this long can still be the surname ("#kolesnikova")


@dataclass(frozen=True, slots=True)
class Mention:
    watch: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    mentions: tuple[Mention, ...]
    event: Event  # the item's, by SPEC priority
    person_events: Mapping[str, Event] = field(default_factory=dict)  # each matched watch's own
    # per watch whose event is not a release although release words stand by it: why they are not its release
    doubts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def how_sure(self, watch: str) -> str:
        """"said" (an event word is this person's), "release not said" (release words are there, not asserted of
        this person: a demand, a schedule, a negation, somebody else's) or "nothing said"."""
        if watch in self.doubts:
            return "release not said"
        return "nothing said" if self.person_events.get(watch, self.event) is Event.OTHER else "said"

    @property
    def watches(self) -> frozenset[str]:
        return frozenset(m.watch for m in self.mentions)


@dataclass(slots=True)
class _Word:
    """What one distinct word can be; cached per matcher."""

    hits: list[tuple[int, int, int]]  # (watch number, surname part, gender of the ending)
    given: frozenset[int]
    given_gender: int
    patronymic: bool
    capitalised: bool
    long: bool
    # What else the word may be; worked out only for words that hit some watch.
    spellings: tuple[str, ...] = ()
    ordinary: bool = False
    title_word: bool = False
    place_kinds: frozenset[Kind] = frozenset()
    abbreviation: bool = False
    patronymic_only: bool = False
    given_nominative: bool = False  # a given name as it stands (Kalina), not only a case of one (Андреева)
    belarusian_common: bool = False  # in Russian spelling an ordinary word (Мароз, Вецер): see CommonWords


class Lexicon:
    """The language data a matcher needs; build once per process and share."""

    def __init__(self) -> None:
        self.given_names = GivenNames()
        self.common_words = CommonWords()
        self.gazetteer = Gazetteer()

    def parse(self, typed: str, anyway: bool = False, check: bool = True) -> WatchSpec:
        """Parse a watch as typed; raises InvalidWatch with a reason for the user.

        A watch must find its own spelling mid-sentence. One that would not (a surname alone that is
        also a frequent word, a place, a given name) is refused with ``reason`` and the way out: add the
        given name, or watch ``InvalidWatch.anyway`` (the name with a trailing "!", which ``anyway=True``
        also gives) to match it all the same, remembered in the name as stored. ``check=False`` skips
        that test, for names already stored (a refusal must not silently drop a watch someone has)."""
        if anyway and not typed.rstrip().endswith(ANYWAY):
            typed = typed.rstrip() + ANYWAY
        spec = parse_watch(typed, self.given_names, self.common_words)
        refusal = self._silent(spec) if check else None
        if refusal is None:
            return spec
        name = spec.typed.rstrip(ANYWAY).rstrip()
        if spec.anyway or refusal is Refusal.NEVER_FOUND:
            raise InvalidWatch(REFUSALS[Refusal.NEVER_FOUND, False], reason=Refusal.NEVER_FOUND, word=name)
        forced = parse_watch(name + ANYWAY, self.given_names, self.common_words)
        way_out = name + ANYWAY if self._silent(forced) is None else None
        template = REFUSALS[refusal, way_out is not None]
        raise InvalidWatch(template, reason=refusal, anyway=way_out, word=spec.parts[0].typed)

    def _silent(self, spec: WatchSpec) -> Refusal | None:
        """Why the watch would not find its own spelling in the middle of a sentence (None if it would)."""
        name = spec.typed.rstrip(ANYWAY).rstrip()
        cyrillic = any(is_cyrillic(ch) for ch in name)
        probe = f"Друзья {name} сказали в четверг." if cyrillic else f"Friends of {name} said on Thursday."
        notes: list[str] = []
        if Matcher(self, {"w": spec})._mentions(probe, notes):
            return None
        said = " ".join(notes)
        for words, refusal in _REFUSALS:
            if words in said:
                return refusal
        return Refusal.NEVER_FOUND

    def forms(self, spec: WatchSpec) -> list[str]:
        return display_forms(spec, self.given_names)


class Matcher:
    """A compiled set of watches, each under a key. ``add`` and ``remove`` change it in place."""

    def __init__(self, lexicon: Lexicon, specs: Mapping[str, WatchSpec]) -> None:
        self.lexicon = lexicon
        self.keys: list[str] = []
        self.specs: list[WatchSpec | None] = []  # None where a watch was removed; numbers stay stable
        self._numbers: dict[str, int] = {}
        self._free: list[int] = []
        self._index: dict[tuple[Kind, str], list[tuple[int, int]]] = {}
        self._words: dict[str, _Word] = {}
        for key, spec in specs.items():
            self.add(key, spec)

    def __len__(self) -> int:
        return sum(not k.endswith(_OTHER_ORDER) for k in self._numbers)

    def watches(self) -> list[tuple[str, WatchSpec]]:
        """(key, spec) of every compiled watch, in the order they were added."""
        return [
            (k, spec)
            for k, spec in zip(self.keys, self.specs, strict=True)
            if spec is not None and not k.endswith(_OTHER_ORDER)
        ]

    def add(self, key: str, spec: WatchSpec) -> None:
        """Compile one more watch (replacing one with the same key)."""
        if key in self._numbers:
            self.remove(key)
        if self._free:
            n = self._free.pop()
            self.keys[n], self.specs[n] = key, spec
        else:
            n = len(self.keys)
            self.keys.append(key)
            self.specs.append(spec)
        self._numbers[key] = n
        for part_no, part in enumerate(spec.parts):
            for entry in _index_keys(part):
                self._index.setdefault(entry, []).append((n, part_no))
        self._words.clear()  # cached readings of words may now hit the new watch
        if spec.alternative is not None:  # its other reading, under a hidden key (see WatchSpec.alternative)
            self.add(key + _OTHER_ORDER, spec.alternative)

    def remove(self, key: str) -> None:
        """Forget a watch (and its other reading, if it has one)."""
        if not key.endswith(_OTHER_ORDER):
            self.remove(key + _OTHER_ORDER)
        n = self._numbers.pop(key, None)
        if n is None:
            return
        spec = self.specs[n]
        assert spec is not None
        for part in spec.parts:
            for key_ in _index_keys(part):
                entries = self._index.get(key_, [])
                entries[:] = [e for e in entries if e[0] != n]
                if not entries:
                    self._index.pop(key_, None)
        self.specs[n] = None
        self._free.append(n)
        self._words.clear()

    @classmethod
    def compile(cls, watches: Mapping[str, str] | Iterable[tuple[str, str]], lexicon: Lexicon | None = None) -> Matcher:
        """Compile ``{key: name as typed}``. Raises InvalidWatch naming the bad entry."""
        lexicon = lexicon or Lexicon()
        items = watches.items() if isinstance(watches, Mapping) else watches
        specs: dict[str, WatchSpec] = {}
        for key, typed in items:
            try:
                specs[key] = lexicon.parse(typed, check=False)
            except InvalidWatch as e:
                raise InvalidWatch(
                    "{key}: " + e.template,
                    reason=e.reason,
                    anyway=e.anyway,
                    key=key,
                    **{k: v for k, v in e.params.items() if k != "anyway"},
                ) from None
        return cls(lexicon, specs)

    def find(self, text: str) -> MatchResult:
        """The watches ``text`` mentions, with spans, the item's event and each watch's own."""
        mentions = self._mentions(text, None)
        reading = Reading.of(text)  # once for the item's event and each person's
        readings = person_readings(text, [(m.watch, m.start, m.end) for m in mentions], reading=reading)
        own = {key: r.event for key, r in readings.items()}
        doubts = {key: r.doubts for key, r in readings.items() if r.release_in_doubt}
        return MatchResult(tuple(mentions), label(reading.found), own, doubts)

    def explain(self, text: str) -> tuple[MatchResult, list[str]]:
        """Like ``find``, with a line per candidate mention saying why it counts or not, and per watch
        the words that decided its event."""
        notes: list[str] = []
        mentions = self._mentions(text, notes)
        decided: dict[str, list[str]] = {}
        reading = Reading.of(text)
        readings = person_readings(text, [(m.watch, m.start, m.end) for m in mentions], decided, reading)
        own = {key: r.event for key, r in readings.items()}
        doubts = {key: r.doubts for key, r in readings.items() if r.release_in_doubt}
        for key, event in own.items():
            why = "; ".join(dict.fromkeys(decided.get(key, []))) or "no event word in its clause"
            notes.append(f"{key}: its event is {event.value} ({why})")
        return MatchResult(tuple(mentions), label(reading.found), own, doubts), notes

    # -- internals ---------------------------------------------------------------

    def _word(self, raw: str) -> _Word:
        word = self._words.get(raw)
        if word is None:
            if len(self._words) >= _CACHE_LIMIT:
                self._words.clear()
            word = self._words[raw] = self._analyse(raw)
        return word

    def _analyse(self, raw: str) -> _Word:
        c = clean(raw)
        hits: dict[tuple[int, int, int], None] = {}  # ordered and without repeats
        longest = 0
        adjective = _adjective_gender(c)
        # "Krieger" is also read кригер, "Nakanishi" наканиси: names, so capitalised words only
        foreign = readings(c) if raw.lstrip("\u00ad\u200b\u200c\u200d\u2060\ufeff")[:1].isupper() else ()
        all_readings = (*phonemes(c), *foreign)
        for p in all_readings:
            for kind, base, gender in split_endings(p):
                if kind is Kind.ADJ and gender & adjective:
                    gender &= adjective  # "Тихановский" is his, "Тихановській" hers
                skel = skeleton(base)
                longest = max(longest, len(skel))
                for n, part_no in self._index.get((kind, skel), ()):
                    hits[n, part_no, gender] = None
        stripped = raw.lstrip("\u00ad\u200b\u200c\u200d\u2060\ufeff")
        lexicon = self.lexicon
        abbreviation = (len(stripped) <= 4 and sum(ch.isupper() for ch in stripped) >= 2) or bool(
            _CAMEL.search(stripped)
        )  # IT, ЦИК, CEO; RoHS, iPad, ReactOS
        given = lexicon.given_names.lookup(c) if stripped[:1].isupper() and not abbreviation else frozenset()
        word = _Word(
            hits=list(hits),
            given=given,
            given_gender=lexicon.given_names.gender(given) if given else BOTH,
            patronymic=bool(stripped[:1].isupper()) and lexicon.given_names.is_patronymic(c),
            capitalised=stripped[:1].isupper(),
            long=longest >= _LONG_SKELETON,
        )
        if hits:
            # (a foreign reading spells a capitalised name, not a lower-case word: "miesiacy" is no Misiak)
            word.spellings = tuple(spelling(p) for p in (all_readings if word.capitalised else phonemes(c)))
            word.ordinary = lexicon.common_words.ordinary(c)
            word.title_word = word.ordinary and lexicon.common_words.title_word(c)
            word.place_kinds = lexicon.gazetteer.kinds(c)
            word.abbreviation = abbreviation
            word.patronymic_only = lexicon.given_names.patronymic_only(c)
            word.given_nominative = bool(word.given) and bool(lexicon.given_names.lookup_nominative(c))
            word.belarusian_common = lexicon.common_words.belarusian_common(c)
        return word

    def _mentions(self, text: str, notes: list[str] | None) -> list[Mention]:
        tokens = Words(text)
        cache = self._words
        words = [cache.get(t) or self._word(t) for t in tokens.texts]
        by_watch: dict[int, list[tuple[int, int, int]]] = {}
        for i, word in enumerate(words):
            if word.hits:
                for n, part_no, gender in word.hits:
                    by_watch.setdefault(n, []).append((i, part_no, gender))
        out: list[Mention] = []
        for n, hits in by_watch.items():
            out.extend(self._judge(n, hits, text, tokens, words, notes))
        out.sort(key=lambda m: (m.start, m.watch))
        return _one_per_name(text, list(dict.fromkeys(out)))

    def _judge(
        self,
        n: int,
        hits: list[tuple[int, int, int]],
        text: str,
        tokens: Words,
        words: list[_Word],
        notes: list[str] | None,
    ) -> list[Mention]:
        spec, key = self.specs[n], self.keys[n].removesuffix(_OTHER_ORDER)
        assert spec is not None
        note: Callable[[str], None] = notes.append if notes is not None else (lambda _: None)
        spans = _spans(spec, hits, tokens)
        accepted: list[Mention] = []
        bare: list[Mention] = []  # accepted without a given name beside them
        named_elsewhere = named_here = False
        for first, last, gender in spans:
            start, end = tokens.starts[first], tokens.ends[last]
            surface = text[start:end]
            context = _own_given(spec, first, last, tokens) or _given_context(first, last, tokens, words)
            if context is not None and gender & context.gender and not context.fits(spec):
                gender &= context.gender  # (the watch's own given name says nothing new: Sasha Pavlova is hers)
            if not gender & spec.gender:
                note(f"{key}: “{surface}” is {_gender_name(gender)}, the watch is {_gender_name(spec.gender)}")
                continue
            hashtag = tokens.hashtag(first)
            word = words[first]
            single = spec.parts[0] if len(spec.parts) == 1 else None  # a double surname is never in doubt
            own = single is None or single.spelled_in(word.spellings)
            doubt = _doubt(word, single, own, context is not None, spec.anyway, bool(spec.given or spec.given_other))
            if doubt:
                note(f"{key}: “{surface}” {doubt}")
                continue
            if word.belarusian_common and context is None and not hashtag and tokens.sentence_start(first):
                note(f"{key}: “{surface}” is also a Belarusian common word and starts a sentence")
                continue  # (SPEC rule 5, with no Belarusian dictionary to ask)
            strict = any(p.strict for p in spec.parts) or (word.ordinary and own)
            lower_ok = (  # "#kolesnikova" aside, a lower-case surname is rare; an adjective never is one
                word.long
                and not strict
                and single is not None
                and single.kind is not Kind.ADJ
                and single.spelled_in(word.spellings, 5)
            )
            if not (word.capitalised or hashtag or lower_ok):
                note(f"{key}: “{surface}” is written in lower case")
                continue
            if strict and context is None and not hashtag:
                if tokens.sentence_start(first) or tokens.quoted(first):
                    note(f"{key}: “{surface}” is also a common word and starts a sentence or a quotation")
                    continue
                if tokens.in_capitalised_run(first):
                    note(f"{key}: “{surface}” is also a common word and follows a capitalised word")
                    continue
            if (spec.given or spec.given_other) and context is not None and not context.fits(spec):
                note(f"{key}: “{surface}” is named “{context.surface}”, which does not fit “{spec.typed}”")
                named_elsewhere = True
                continue
            note(f"{key}: “{surface}” matches")
            mention = Mention(key, surface, start, end)
            accepted.append(mention)
            if context is None:
                bare.append(mention)
            else:
                named_here = True
        if named_elsewhere and not named_here and bare:
            # SPEC rule 4: every mention with a given name names someone else; the bare ones are theirs too
            note(f"{key}: its bare mentions are of the other person the item names")
            return [m for m in accepted if m not in bare]
        return accepted


def _one_per_name(text: str, mentions: list[Mention]) -> list[Mention]:
    """A watch read both ways (see WatchSpec.alternative) finds "Масатоси Наканиси" twice, once per word:
    one name, one mention."""
    out: list[Mention] = []
    for m in mentions:
        last = next((x for x in reversed(out) if x.watch == m.watch), None)
        if last is not None and not text[last.end : m.start].strip(" ,\u00a0"):
            continue
        out.append(m)
    return out


def _index_keys(part: SurnamePart) -> set[tuple[Kind, str]]:
    """The dictionary keys a surname part is found under: its kind and skeletons, and other readings'."""
    return {(part.kind, skel) for skel in part.keys} | set(part.other_keys)


def _doubt(
    word: _Word, part: SurnamePart | None, own: bool, named: bool, anyway: bool = False, given: bool = False
) -> str:
    """Why a word that reads as the watched surname is evidently something else ("" if it is not).
    A watch typed "match it anyway" (``anyway``) is only refused patronymics and abbreviations; one typed
    with a given name (``given``) takes its own spelling of a frequent word as a common word (rule 5:
    capitalised inside a sentence), not as something else ("the case of Krieger")."""
    if word.patronymic_only:
        return "is a patronymic"
    if word.abbreviation:
        return "is an abbreviation"
    if part is None or named or anyway:
        return ""
    if word.place_kinds and (part.kind in word.place_kinds or part.kind is not Kind.ADJ):
        return "is a place or an organisation, with no given name by it"  # (Минский the surname is not Минск + i)
    if word.given and (word.given_nominative or part.kind not in (Kind.POSS, Kind.ADJ) or not own):
        # (a surname spelled out in a case that only coincides with a given name's, Andrejewa, counts)
        return "is a given name, with no other given name by it"
    if word.title_word and not (own and given):
        return "is a frequent English or German word, with no given name by it"
    if word.ordinary and not own:
        return "is an ordinary word spelled otherwise than the surname, with no given name by it"
    return ""


def _spans(spec: WatchSpec, hits: list[tuple[int, int, int]], tokens: Words) -> list[tuple[int, int, int]]:
    """Word ranges that spell the watch's surname: one word, or both parts of a double one."""
    if len(spec.parts) == 1:
        best: dict[int, int] = {}
        for i, _, gender in hits:
            best[i] = best.get(i, 0) | gender
        return [(i, i, g) for i, g in sorted(best.items())]
    firsts: dict[int, int] = {}
    seconds: dict[int, int] = {}
    for i, part_no, gender in hits:
        target = firsts if part_no == 0 else seconds
        target[i] = target.get(i, 0) | gender
    out = []
    for i, g in sorted(firsts.items()):
        if i + 1 in seconds and tokens.gap(i, i + 1).strip() in _DASHES:
            out.append((i, i + 1, g & seconds[i + 1] or g))
    return out


@dataclass(frozen=True, slots=True)
class _Named:
    """A given name (``groups``) or an initial (``initial``) standing by a surname."""

    surface: str
    groups: frozenset[int] = frozenset()
    initial: str = ""
    gender: int = BOTH
    own: bool = False  # the watch's own given name, one the lexicon does not know (Masatoshi)

    def fits(self, spec: WatchSpec) -> bool:
        if self.own:
            return True
        if self.initial:
            return self.initial in spec.given_initials
        if not spec.given and spec.given_other:
            # a given name the lexicon does not know is told from another only by its first sound:
            # Yuras may be Youras, Давид is not Giorgi
            sound = {first_sound(p) for p in phonemes(clean(self.surface))}
            return any(sound & {first_sound(p) for p in phonemes(clean(w))} for w in spec.given_other)
        return bool(self.groups & spec.given)


def _own_given(spec: WatchSpec, first: int, last: int, tokens: Words) -> _Named | None:
    """The watch's own unknown given name right before or right after the surname, in any case and
    script ("Масатоси Наканиси" for "Masatoshi Nakanishi")."""
    if not spec.given_keys:
        return None
    for j, joined in ((first - 1, first), (last + 1, last)):
        if not 0 <= j < len(tokens) or tokens.sentence_start(max(j, joined)):
            continue
        if tokens.gap(min(j, joined), max(j, joined)).strip() not in ("", ","):
            continue
        c = clean(tokens.texts[j])
        if any(skeleton(p) in spec.given_keys for p in (*phonemes(c), *readings(c, shortest=0))):
            return _Named(surface=tokens.texts[j], own=True)
    return None


def _given_context(first: int, last: int, tokens: Words, words: list[_Word]) -> _Named | None:
    """The given name or initial right before (or else right after) a surname."""
    if first > 0 and not tokens.sentence_start(first):
        j = first - 1
        if (
            j > 0
            and words[j].patronymic
            and not tokens.initial(j)
            and _joined(tokens, j, first)
            and _joined(tokens, j - 1, j)
        ):
            j -= 1
        if tokens.initial(j) and _joined(tokens, j, j + 1, initial=True):
            if j > 0 and tokens.initial(j - 1) and _joined(tokens, j - 1, j, initial=True):
                j -= 1  # "В. Д. Бабарико": the first initial is the given name
            return _Named(surface=tokens.texts[j], initial=clean(tokens.texts[j]).upper())
        if words[j].given and _joined(tokens, j, j + 1) and not tokens.sentence_start(j + 1):
            return _Named(surface=tokens.texts[j], groups=words[j].given, gender=words[j].given_gender)
    j = last + 1
    if j < len(tokens) and not tokens.sentence_start(j) and words[j].given and tokens.gap(last, j).strip() in ("", ","):
        k = j + 1
        if (
            k >= len(tokens)
            or tokens.sentence_start(k)
            or words[k].patronymic
            or not words[k].capitalised
            or tokens.gap(j, k).strip()
        ):
            return _Named(surface=tokens.texts[j], groups=words[j].given, gender=words[j].given_gender)
    return None


def _adjective_gender(word: str) -> int:
    """What Cyrillic letters tell of an adjectival ending that phonemes no longer do."""
    if word.endswith(("ий", "ый")):
        return M  # Тихановский (ru), Тихановський (uk)
    if word.endswith("ій") and word[-3:-2] in "кц":
        return F  # Тихановській (uk dative/locative of -ська)
    return BOTH


def _joined(tokens: Words, i: int, j: int, initial: bool = False) -> bool:
    gap = tokens.gap(i, j).strip()
    return gap == "" or (initial and gap == ".")


def _gender_name(gender: int) -> str:
    return {M: "masculine", F: "feminine"}.get(gender, "either gender")
