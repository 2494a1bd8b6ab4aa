"""Parse a watch as a user typed it into what the matcher looks for."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.matching import transcription
from bot.matching.given_names import GivenNames, declensions
from bot.matching.morphology import BOTH, Kind, classify_surname, fleeting_bases
from bot.matching.phonemes import clean, is_cyrillic, phonemes, skeleton, spelling, to_cyrillic, to_latin

MAX_WATCH_LENGTH = 80
_SPLIT = re.compile(r"[\s,]+")
_PART_SPLIT = re.compile(r"\s*[-‐‑‒–—]\s*")
_NAME_CHARS = re.compile(r"^[^\W\d_][\w'’ʼ.\u00ad\u0300-\u036f\u200b-\u200d-‐‑‒–—]*$")


def N_(template: str) -> str:
    """Mark a message for extraction; the Telegram side translates it."""
    return template


class Refusal(StrEnum):
    """Why a watch was refused, for a reply that offers the way out."""

    MALFORMED = "malformed"  # empty, too long, not a name, too many words or parts
    NO_SURNAME = "no_surname"  # a given name or a patronymic alone
    FREQUENT_WORD = "frequent_word"  # alone, also a frequent English or German word (Smith, Zeit)
    COMMON_WORD = "common_word"  # alone, also an ordinary word in that spelling
    PLACE = "place"  # alone, also a place or an organisation of the region
    GIVEN_NAME = "given_name"  # alone, also a given name in some case
    NEVER_FOUND = "never_found"  # not even found written as typed: a gap of the matcher


# The messages of the refusals ``Lexicon.parse`` adds, by (reason, whether "match it anyway" helps): whole
# sentences, so that each is translated as one (bot/locale).
REFUSALS: dict[tuple[Refusal, bool], str] = {
    (Refusal.FREQUENT_WORD, True): N_(
        "“{word}” is also a frequent English or German word, so alone it would rarely be found: add the given "
        "name, or watch “{anyway}” to match it anyway"
    ),
    (Refusal.FREQUENT_WORD, False): N_(
        "“{word}” is also a frequent English or German word, so alone it would rarely be found: add the given "
        "name"
    ),
    (Refusal.COMMON_WORD, True): N_(
        "“{word}” is also an ordinary word, so alone it would rarely be found: add the given name, or watch "
        "“{anyway}” to match it anyway"
    ),
    (Refusal.COMMON_WORD, False): N_(
        "“{word}” is also an ordinary word, so alone it would rarely be found: add the given name"
    ),
    (Refusal.PLACE, True): N_(
        "“{word}” is also the name of a place or an organisation, so alone it would rarely be found: add the "
        "given name, or watch “{anyway}” to match it anyway"
    ),
    (Refusal.PLACE, False): N_(
        "“{word}” is also the name of a place or an organisation, so alone it would rarely be found: add the "
        "given name"
    ),
    (Refusal.GIVEN_NAME, True): N_(
        "“{word}” is also a given name, so alone it would rarely be found: add the given name, or watch "
        "“{anyway}” to match it anyway"
    ),
    (Refusal.GIVEN_NAME, False): N_(
        "“{word}” is also a given name, so alone it would rarely be found: add the given name"
    ),
    (Refusal.NEVER_FOUND, False): N_(
        "“{word}” would not be found even written as typed; please report it"
    ),
}


class InvalidWatch(ValueError):
    """A watch that cannot be matched. ``template`` (English, translatable) and ``params`` make the message;
    ``reason`` says why, and ``anyway`` is the name to watch instead to match it all the same ("Smith!"),
    or None when that would not help."""

    def __init__(
        self, template: str, *, reason: Refusal = Refusal.MALFORMED, anyway: str | None = None, **params: object
    ) -> None:
        self.template = template
        self.params = params if anyway is None else {**params, "anyway": anyway}
        self.reason = reason
        self.anyway = anyway
        super().__init__(template.format(**self.params))


@dataclass(frozen=True, slots=True)
class SurnamePart:
    kind: Kind
    gender: int
    keys: frozenset[str]  # skeletons of the base in every reading
    nominative: str  # phonemes of the surname as typed, for display
    strict: bool  # a common word or very short: needs a capital or a given name
    typed: str
    stems: frozenset[str] = frozenset()  # ``spelling`` of the base in every reading
    other_keys: frozenset[tuple[Kind, str]] = frozenset()  # readings of another kind (Rubio: рубио, not рубj-о)

    def spelled_in(self, readings: tuple[str, ...], shortest: int = 3) -> bool:
        """Whether a word (its readings through ``spelling``) is this surname written out, in
        some case and script, rather than another word that only sounds like it. Stems
        shorter than ``shortest`` tell nothing (Maj is not Мой)."""
        return any(r.startswith(stem) for r in readings for stem in self.stems if len(stem) >= shortest)


@dataclass(frozen=True, slots=True)
class WatchSpec:
    """What one watch matches. ``identity`` is equal for two spellings of one person."""

    typed: str
    given: frozenset[int]  # given-name groups; empty when only a surname was typed
    given_initials: frozenset[str]
    parts: tuple[SurnamePart, ...]  # one, or two for a double surname
    given_other: tuple[str, ...] = ()  # given names the lexicon does not know, as typed (Masatoshi, Rico)
    given_keys: frozenset[str] = frozenset()  # their skeletons in every case, to recognise them in a text
    anyway: bool = False  # typed with a trailing "!": match even where the spelling is also a common word
    alternative: WatchSpec | None = None  # the other reading when only the order tells the surname

    @property
    def gender(self) -> int:
        gender = BOTH
        for part in self.parts:
            gender &= part.gender
        return gender or BOTH

    @property
    def pattern(self) -> tuple[object, ...]:
        """Equal for two watches that match exactly the same mentions (however they were typed)."""
        parts = tuple((p.kind, p.gender, p.keys, p.strict, p.other_keys) for p in self.parts)
        other = self.alternative.pattern if self.alternative else None
        return (self.given, self.given_initials, parts, self.given_keys, self.anyway, other)

    @property
    def identity(self) -> str:
        surname = "-".join(f"{p.kind.value}:{min(p.keys)}:{p.gender}" for p in self.parts)
        other = [f"~{min(skeleton(p) for p in phonemes(clean(w)))}" for w in self.given_other]
        return f"{surname}|{','.join([*map(str, sorted(self.given)), *sorted(other)])}"


def _halves(identity: str) -> tuple[str, frozenset[str]]:
    surname, _, given = identity.partition("|")
    return surname, frozenset(g for g in given.split(",") if g)


def same_person(a: str, b: str) -> bool:
    """Do two watches (by ``identity``) follow one person? The same surname (in any spelling and script, of one
    gender), and given names that agree: the same, or one of them without a given name ("Kolesnikova" and
    "Maria Kolesnikova")."""
    surname_a, given_a = _halves(a)
    surname_b, given_b = _halves(b)
    return surname_a == surname_b and (not given_a or not given_b or bool(given_a & given_b))


def wider(a: str, b: str) -> bool:
    """Does watch ``a`` match everyone ``b`` does and more (a surname alone, ``b`` with a given name)?"""
    return same_person(a, b) and not _halves(a)[1] and bool(_halves(b)[1])


ANYWAY = "!"  # typed after a name: match it even where its spelling is also a common word (see Lexicon.parse)


def parse_watch(typed: str, given_names: GivenNames, is_common_word: Callable[[str], bool]) -> WatchSpec:
    """Read "Maria Kolesnikova", "Бабарико Виктор Дмитриевич", "Sharenda-Panasiuk", "Masatoshi Nakanishi".

    Given names the lexicon knows, patronymics right after a given name and initials are set aside;
    of the words left, the surname is the one written with a hyphen, else the one that is no known
    given name, else the one shaped like a surname (-ov, -ski, -ich, -enko, -dze, -shvili...), else the
    last (a given name comes first in Latin script and in running text). Every other word is a given
    name, known or not; an unknown one keeps its spelling and has no gender. Words are never joined into
    a double surname unless typed with a hyphen."""
    text = " ".join(typed.split())
    anyway = text.endswith(ANYWAY)
    name = text.rstrip(ANYWAY).rstrip()
    if not name:
        raise InvalidWatch(N_("the name is empty"))
    if len(text) > MAX_WATCH_LENGTH:
        raise InvalidWatch(N_("the name is longer than {max} characters"), max=MAX_WATCH_LENGTH)
    words = [w for w in _SPLIT.split(name.replace(".", ". ")) if w]
    if len(words) > 5:
        raise InvalidWatch(N_("too many words: type a surname, optionally with a given name"))
    for w in words:
        if not _NAME_CHARS.match(w):
            raise InvalidWatch(N_("“{word}” does not look like part of a name"), word=w)
    if len(words) == 1 and given_names.listed(clean(words[0])):
        raise InvalidWatch(N_("“{word}” is a given name: add the surname"), reason=Refusal.NO_SURNAME, word=words[0])
    if len(words) == 1 and given_names.patronymic_only(clean(words[0])):
        raise InvalidWatch(N_("“{word}” is a patronymic: add the surname"), reason=Refusal.NO_SURNAME, word=words[0])
    initials: set[str] = set()
    names: list[tuple[str, frozenset[int]]] = []  # (word, known given-name groups), initials aside
    patronymics: list[str] = []
    for word in words:
        c = clean(word.rstrip("."))
        if word.endswith(".") and len(c) == 1:
            initials.add(c.upper())
            continue
        if names and names[-1][1] and given_names.is_patronymic(c):
            patronymics.append(word)  # "Виктор Дмитриевич": a patronymic follows a given name
            continue  # ("Жукович Андрей" has none, and "Андрей Жукович" may be a surname: below)
        names.append((word, given_names.lookup_nominative(c)))
    if patronymics and all(groups for _, groups in names):
        names.append((patronymics[-1], frozenset()))  # "Ihar Alinevich", "Марина Адамович": the surname
    if not names:
        raise InvalidWatch(
            N_("add a surname: a given name alone would match too many people"), reason=Refusal.NO_SURNAME
        )
    surname, other_order = _surname_word(names)
    spec = _spec(text, anyway, names, surname, initials, given_names, is_common_word)
    if other_order is not None and any(is_cyrillic(ch) for ch in text):
        # "Наканиси Масатоси" or "Масатоси Наканиси"? Cyrillic lists write the surname first, news the
        # given name: with nothing else to tell, the watch is read both ways.
        alternative = _spec(text, anyway, names, other_order, initials, given_names, is_common_word)
        spec = replace(spec, alternative=alternative)
    return spec


def _spec(
    text: str,
    anyway: bool,
    names: list[tuple[str, frozenset[int]]],
    surname: str,
    initials: set[str],
    given_names: GivenNames,
    is_common_word: Callable[[str], bool],
) -> WatchSpec:
    """The watch with ``surname`` as its surname and the other words as given names."""
    initials = set(initials)
    if given_names.patronymic_only(clean(surname)):
        raise InvalidWatch(N_("“{word}” is a patronymic: add the surname"), reason=Refusal.NO_SURNAME, word=surname)
    raw_parts = [p for p in _PART_SPLIT.split(surname) if p]
    if len(raw_parts) > 2:
        raise InvalidWatch(N_("a surname has at most two parts (e.g. Sharenda-Panasiuk)"))
    parts = tuple(_surname_part(p, is_common_word) for p in raw_parts)
    given: set[int] = set()
    other: list[str] = []
    for word, groups in names:
        if word is surname:
            continue
        if groups:
            given |= groups
        else:
            other.append(word)
    for g in given:
        initials |= given_names.groups[g].initials
    for word in other:
        initials.add(clean(word)[:1].upper())
    return WatchSpec(
        typed=text,
        given=frozenset(given),
        given_initials=frozenset(initials),
        parts=parts,
        given_other=tuple(other),
        given_keys=frozenset(k for word in other for k in given_keys(clean(word))),
        anyway=anyway,
    )


_SURNAME_SHAPE = re.compile(
    r"(?:[aoe][vw]a?|[iy]na?|[szcčšž]k(?:i|ij|y|yj|aja|a)|ič|vič|enk[oa]|[cč]?uk|juk|ak|ec|dze|švili|jan|enė|aitė|ytė)$"
)


def _surname_word(names: list[tuple[str, frozenset[int]]]) -> tuple[str, str | None]:
    """Which of the words (given names, patronymics and initials aside) is the surname; and, when only
    the order told (two unknown words of no telling shape), the other one."""
    if len(names) == 1:
        return names[0][0], None
    hyphenated = [w for w, _ in names if len(_PART_SPLIT.split(w)) > 1]
    if len(hyphenated) == 1:
        return hyphenated[0], None
    unknown = [w for w, groups in names if not groups]
    if len(unknown) == 1:
        return unknown[0], None
    pool = unknown or [w for w, _ in names]
    shaped = [w for w in pool if any(_SURNAME_SHAPE.search(p) for p in phonemes(clean(w)))]
    if len(shaped) == 1:
        return shaped[0], None
    return pool[-1], (pool[0] if len(pool) == 2 and len(names) == 2 and not shaped else None)


def given_keys(cleaned: str) -> set[str]:
    """Skeletons of a given name the lexicon does not know, in its nominative and the Slavic cases
    (Masatoshi, Масатоси, Рико, Рико's case forms), for telling a named mention of the watched person."""
    out: set[str] = set()
    readings = (*phonemes(cleaned), *transcription.readings(cleaned))
    stems = [re.sub(r"(?:a|i|u)?s$", "", p) for p in readings if re.search(r"[^aeiou](?:a|i|u)?s$", p)]
    for p in (*readings, *stems):  # Dmitrijs, Jurijs, Gitanas: Дмитрия, Юрий
        out.update(skeleton(d) for d in declensions(p))
    return out


_BALTIC_SLAVIC = re.compile(r"(?:[oe]v|in|yn|ič)s$")  # a Slavic surname with a Latvian -s


def _surname_part(word: str, is_common_word: Callable[[str], bool]) -> SurnamePart:
    c = clean(word)
    keys: set[str] = set()
    readings = (*phonemes(c), *transcription.readings(c))  # Krieger is also кригер, Nakanishi наканиси
    baltic = [p[:-1] for p in readings if _BALTIC_SLAVIC.search(p)]
    readings = (*baltic, *readings)  # Latvian Mihailovs, Lithuanian Michailovas are Михайлов
    kinds: list[tuple[Kind, str, int]] = [classify_surname(p) for p in readings]
    kind, _, gender = kinds[0]
    stems: set[str] = set()
    other: set[tuple[Kind, str]] = set()
    for k, b, _ in kinds:
        stems.update(spelling(x) for x in fleeting_bases(b))
        if k is kind:
            keys.update(skeleton(x) for x in fleeting_bases(b))
        else:
            other.update((k, skeleton(x)) for x in fleeting_bases(b))
    if len(c) < 2:
        raise InvalidWatch(N_("“{word}” is too short to be a surname"), word=word)
    strict = len(min(keys, key=len)) <= 3 or is_common_word(c)
    nominative = phonemes(c)[0]
    return SurnamePart(
        kind=kind,
        gender=gender,
        keys=frozenset(keys),
        nominative=nominative,
        strict=strict,
        typed=word,
        stems=frozenset(stems),
        other_keys=frozenset(other - {(kind, k) for k in keys}),
    )


def display_forms(spec: WatchSpec, given_names: GivenNames) -> list[str]:
    """The name as typed and in the other script (Latin or Cyrillic), for /watch replies. A known given
    name shows as the same name in the other script; an unknown one is transcribed, never replaced."""
    typed = spec.typed.rstrip(ANYWAY).rstrip()
    cyrillic_typed = any(is_cyrillic(ch) for ch in typed)
    words = [clean(w) for w in _SPLIT.split(typed) if w]
    japanese = all(
        transcription.hepburn(phonemes(w)[0]) if cyrillic_typed else transcription.japanese(w) for w in words
    )

    def render(word: str) -> str:
        if cyrillic_typed:
            p = phonemes(word)[0]
            return (transcription.hepburn(p) if japanese else None) or to_latin(p)
        return to_cyrillic((transcription.japanese(word) if japanese else None) or transcription.press_form(word))

    surname = "-".join(
        (
            render(clean(part.typed)) if cyrillic_typed else to_cyrillic(_display(render_phonemes(part, japanese)))
        ).capitalize()
        for part in spec.parts
    )
    given_words: list[str] = []
    known = _group_form(spec, given_names, cyrillic_typed) if spec.given else None
    if known is not None:
        given_words.append(known)
    elif spec.given:  # the typed given name, transcribed (no cognate stands in for it)
        shown = [w for w in _SPLIT.split(typed) if w and given_names.lookup_nominative(clean(w))]
        given_words += [render(clean(w)).capitalize() for w in shown[:1]]
    given_words += [render(clean(w)).capitalize() for w in spec.given_other]
    return list(dict.fromkeys([typed, " ".join([*given_words, surname])]))


def render_phonemes(part: SurnamePart, japanese: bool) -> str:
    """The phonemes a Latin surname most likely has in Cyrillic news."""
    c = clean(part.typed)
    return (transcription.japanese(c) if japanese else None) or transcription.press_form(c)


def _group_form(spec: WatchSpec, given_names: GivenNames, cyrillic_typed: bool) -> str | None:
    """The known given name in the other script: a form of its group written like the typed one (Elena:
    Елена, Mindaugas: Миндаугас), or None when the group only holds cognates (Jonas: not Іван)."""
    words = [clean(w) for w in _SPLIT.split(spec.typed.rstrip(ANYWAY)) if w]
    typed = [p for w in words for p in (*phonemes(w), *transcription.readings(w, shortest=0))]
    skeletons, spellings = {skeleton(p) for p in typed}, {spelling(p) for p in typed}
    for g in sorted(spec.given):
        forms = [f for f in given_names.groups[g].forms if any(is_cyrillic(ch) for ch in f) != cyrillic_typed]
        readings = {f: [p for p in phonemes(clean(f))] for f in forms}
        alike = [f for f in forms if {skeleton(p) for p in readings[f]} & skeletons]
        spelled = [f for f in alike if {spelling(p) for p in readings[f]} & spellings]
        plain = [f for f in spelled if not re.search("[іїўІЇЎ]", f)]
        if alike:  # (Latin for a Cyrillic name: the first, English-style form listed)
            return alike[0] if cyrillic_typed else (plain or spelled or alike)[0]
    return None


def _display(nominative: str) -> str:
    """Latin -sky/-ski is Cyrillic -ский (not -скы) when the other script is shown."""
    return re.sub(r"(?<=[sc]k)(?:yj|ij|y|i)$", "ij", nominative)


__all__ = [
    "ANYWAY",
    "REFUSALS",
    "InvalidWatch",
    "Refusal",
    "SurnamePart",
    "WatchSpec",
    "display_forms",
    "parse_watch",
    "same_person",
    "wider",
]
