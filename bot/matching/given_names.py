"""Recognise given names, initials and patronymics in any language and case."""

from __future__ import annotations

from dataclasses import dataclass

from bot.matching.given_names_data import GIVEN_NAMES
from bot.matching.morphology import BOTH, GIVEN_ENDINGS_CONS, GIVEN_ENDINGS_VOWEL, PATRONYMIC, F, M
from bot.matching.phonemes import clean, phonemes, skeleton


@dataclass(frozen=True, slots=True)
class GivenName:
    """A name group: the same name across languages and spellings."""

    id: int
    gender: int
    forms: tuple[str, ...]  # as listed, for display
    initials: frozenset[str]  # capital first letters in every script


class GivenNames:
    """Lookup from any written form (any case) to the name groups it can be."""

    def __init__(self, table: str = GIVEN_NAMES) -> None:
        self.groups: list[GivenName] = []
        self._by_skeleton: dict[str, set[int]] = {}
        self._short: set[str] = set()  # two-letter names (Ян, Jan): others that short are words
        self._nominative: dict[str, set[int]] = {}  # listed forms only, for watches as typed
        for line in table.splitlines():
            gender_code, *forms = line.split()
            group = GivenName(
                id=len(self.groups),
                gender=M if gender_code == "M" else F,
                forms=tuple(forms),
                initials=frozenset(_initials(forms)),
            )
            self.groups.append(group)
            for form in forms:
                if len(clean(form)) <= 2:
                    self._short.add(clean(form))
                for p in phonemes(clean(form)):
                    self._nominative.setdefault(skeleton(p), set()).add(group.id)
                    for declined in _declensions(p):
                        self._by_skeleton.setdefault(skeleton(declined), set()).add(group.id)

    def lookup(self, cleaned: str) -> frozenset[int]:
        """Group ids a cleaned word can be (empty when it is no known given name)."""
        if len(cleaned) <= 2 and cleaned not in self._short:
            return frozenset()
        found: set[int] = set()
        for p in phonemes(cleaned):
            found |= self._by_skeleton.get(skeleton(p), set())
        return frozenset(found)

    def lookup_nominative(self, cleaned: str) -> frozenset[int]:
        """Like ``lookup``, for a name as typed in a watch (nominative, no case endings)."""
        if len(cleaned) <= 2 and cleaned not in self._short:
            return frozenset()
        return frozenset(g for p in phonemes(cleaned) for g in self._nominative.get(skeleton(p), ()))

    def gender(self, ids: frozenset[int]) -> int:
        """The gender the groups agree on, or BOTH."""
        genders = {self.groups[i].gender for i in ids}
        return genders.pop() if len(genders) == 1 else BOTH

    def is_patronymic(self, cleaned: str) -> bool:
        """Дмитриевич, Viktorovna, Dzmitryevich: a given name plus a patronymic suffix."""
        return bool(self._patronymic_suffixes(cleaned))

    def patronymic_only(self, cleaned: str) -> bool:
        """Aleksandrovna, Дмитриевна: a feminine patronymic, which no surname looks like (while
        Stefanovich and Петрович are surnames as well as patronymics)."""
        suffixes = self._patronymic_suffixes(cleaned)
        return bool(suffixes) and "ič" not in suffixes

    def _patronymic_suffixes(self, cleaned: str) -> set[str]:
        out = set()
        for p in phonemes(cleaned):
            m = PATRONYMIC.match(p)
            if m and len(m.group("stem")) >= 2:
                stem = m.group("stem")
                if any(self._by_skeleton.get(skeleton(s)) for s in (stem, stem + "j", stem + "ij", stem + "a")):
                    out.add(m.group("suffix"))
        return out


def _declensions(p: str) -> list[str]:
    if p.endswith(("a", "o")):
        stem = p[:-1]
        return [p] + [stem + e for e in GIVEN_ENDINGS_VOWEL.split()]
    forms = [p] + [p + e for e in GIVEN_ENDINGS_CONS.split() if e != "0"]
    if p[-2:] in ("el", "ek", "ec") and len(p) >= 4:  # Павел → Павла, Marek → Marka
        forms += [p[:-2] + p[-1] + e for e in GIVEN_ENDINGS_CONS.split() if e != "0"]
    return forms


def _initials(forms: list[str]) -> set[str]:
    out = set()
    for form in forms:
        first = form[0].upper()
        out.add(first)
        if form[:2].lower() in ("dz", "dź") and len(form) > 2:  # Dzmitry is D.
            out.add("D")
    return out
