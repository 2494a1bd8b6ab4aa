"""Parse a watch as a user typed it into what the matcher looks for."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.matching.given_names import GivenNames
from bot.matching.morphology import BOTH, Kind, classify_surname, fleeting_bases
from bot.matching.phonemes import clean, is_cyrillic, phonemes, skeleton, spelling, to_cyrillic, to_latin

MAX_WATCH_LENGTH = 80
_SPLIT = re.compile(r"[\s,]+")
_PART_SPLIT = re.compile(r"\s*[-‐‑‒–—]\s*")
_NAME_CHARS = re.compile(r"^[^\W\d_][\w'’ʼ.\u00ad\u0300-\u036f\u200b-\u200d-‐‑‒–—]*$")


def N_(template: str) -> str:
    """Mark a message for extraction; the Telegram side translates it."""
    return template


class InvalidWatch(ValueError):
    """A watch that cannot be matched. ``template`` (English, translatable) and ``params`` make the message."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))


@dataclass(frozen=True, slots=True)
class SurnamePart:
    kind: Kind
    gender: int
    keys: frozenset[str]  # skeletons of the base in every reading
    nominative: str  # phonemes of the surname as typed, for display
    strict: bool  # a common word or very short: needs a capital or a given name
    typed: str
    stems: frozenset[str] = frozenset()  # ``spelling`` of the base in every reading

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

    @property
    def gender(self) -> int:
        gender = BOTH
        for part in self.parts:
            gender &= part.gender
        return gender or BOTH

    @property
    def pattern(self) -> tuple[object, ...]:
        """Equal for two watches that match exactly the same mentions (however they were typed)."""
        parts = tuple((p.kind, p.gender, p.keys, p.strict) for p in self.parts)
        return (self.given, self.given_initials, parts)

    @property
    def identity(self) -> str:
        surname = "-".join(f"{p.kind.value}:{min(p.keys)}:{p.gender}" for p in self.parts)
        return f"{surname}|{','.join(map(str, sorted(self.given)))}"


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


def parse_watch(typed: str, given_names: GivenNames, is_common_word: Callable[[str], bool]) -> WatchSpec:
    """Read "Maria Kolesnikova", "Бабарико Виктор Дмитриевич", "Sharenda-Panasiuk"."""
    text = " ".join(typed.split())
    if not text:
        raise InvalidWatch(N_("the name is empty"))
    if len(text) > MAX_WATCH_LENGTH:
        raise InvalidWatch(N_("the name is longer than {max} characters"), max=MAX_WATCH_LENGTH)
    words = [w for w in _SPLIT.split(text.replace(".", ". ")) if w]
    if len(words) > 5:
        raise InvalidWatch(N_("too many words: type a surname, optionally with a given name"))
    for w in words:
        if not _NAME_CHARS.match(w):
            raise InvalidWatch(N_("“{word}” does not look like part of a name"), word=w)
    if len(words) == 1 and given_names.lookup_nominative(clean(words[0])):
        raise InvalidWatch(N_("“{word}” is a given name: add the surname"), word=words[0])
    if len(words) == 1 and given_names.patronymic_only(clean(words[0])):
        raise InvalidWatch(N_("“{word}” is a patronymic: add the surname"), word=words[0])
    given: set[int] = set()
    initials: set[str] = set()
    surname_words: list[str] = []
    for i, word in enumerate(words):
        c = clean(word.rstrip("."))
        if word.endswith(".") and len(c) == 1:
            initials.add(c.upper())
            continue
        groups = given_names.lookup_nominative(c)
        last = i == len(words) - 1
        if given_names.is_patronymic(c) and (surname_words or not last):
            continue
        if groups and not given and (surname_words or not last):
            given |= groups
            continue
        surname_words.append(word)
    if not surname_words:
        raise InvalidWatch(N_("add a surname: a given name alone would match too many people"))
    raw_parts = [p for w in surname_words for p in _PART_SPLIT.split(w) if p]
    if len(raw_parts) > 2:
        raise InvalidWatch(N_("a surname has at most two parts (e.g. Sharenda-Panasiuk)"))
    parts = tuple(_surname_part(p, is_common_word) for p in raw_parts)
    for g in given:
        initials |= given_names.groups[g].initials
    return WatchSpec(typed=text, given=frozenset(given), given_initials=frozenset(initials), parts=parts)


def _surname_part(word: str, is_common_word: Callable[[str], bool]) -> SurnamePart:
    c = clean(word)
    keys: set[str] = set()
    kinds: list[tuple[Kind, str, int]] = [classify_surname(p) for p in phonemes(c)]
    kind, _, gender = kinds[0]
    stems: set[str] = set()
    for k, b, _ in kinds:
        if k is kind:
            keys.update(skeleton(x) for x in fleeting_bases(b))
            stems.update(spelling(x) for x in fleeting_bases(b))
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
    )


def display_forms(spec: WatchSpec, given_names: GivenNames) -> list[str]:
    """The name as typed and in the other script (Latin or Cyrillic), for /watch replies."""
    cyrillic_typed = any(is_cyrillic(ch) for ch in spec.typed)
    render = to_latin if cyrillic_typed else to_cyrillic
    surname = "-".join(render(_display(part.nominative, cyrillic_typed)).capitalize() for part in spec.parts)
    if spec.given:
        group = given_names.groups[min(spec.given)]
        other = [f for f in group.forms if any(is_cyrillic(ch) for ch in f) != cyrillic_typed]
        surname = f"{(other or list(group.forms))[0]} {surname}"
    return list(dict.fromkeys([spec.typed, surname]))


def _display(nominative: str, cyrillic_typed: bool) -> str:
    """Latin -sky/-ski is Cyrillic -ский (not -скы) when the other script is shown."""
    return nominative if cyrillic_typed else re.sub(r"(?<=[sc]k)(?:yj|ij|y|i)$", "ij", nominative)


__all__ = ["InvalidWatch", "SurnamePart", "WatchSpec", "display_forms", "parse_watch", "same_person", "wider"]
