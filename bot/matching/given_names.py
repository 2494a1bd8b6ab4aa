"""Recognise given names, initials and patronymics in any language and case."""

from __future__ import annotations

from dataclasses import dataclass

from bot.matching.given_names_data import GIVEN_NAMES
from bot.matching.morphology import BOTH, GIVEN_ENDINGS_CONS, GIVEN_ENDINGS_VOWEL, PATRONYMIC, F, M
from bot.matching.phonemes import clean, is_cyrillic, phonemes, skeleton, spelling


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
        self._finals: dict[int, set[str]] = {}  # how the group's listed forms end (see _final)
        self._cyrillic: dict[str, set[int]] = {}  # listed Cyrillic forms, by _cyrillic_key
        self._starts: dict[int, set[str]] = {}  # how they start (see first_sound)
        self._spellings: dict[int, set[str]] = {}  # the listed forms through ``spelling``
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
                if any(is_cyrillic(ch) for ch in form):
                    self._cyrillic.setdefault(_cyrillic_key(clean(form)), set()).add(group.id)
                for p in phonemes(clean(form)):
                    self._nominative.setdefault(skeleton(p), set()).add(group.id)
                    self._finals.setdefault(group.id, set()).add(_final(p))
                    self._starts.setdefault(group.id, set()).add(first_sound(p))
                    self._spellings.setdefault(group.id, set()).add(spelling(p))
                    for declined in declensions(p):
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
        """Like ``lookup``, for a name as typed in a watch (nominative, no case endings). The word must
        also start and end like one of the group's forms: the skeleton alone makes Mario Maria, Rico Rita
        and Celia Tolia; a Cyrillic one must be a listed form (Гена is not Ганна)."""
        if len(cleaned) <= 2 and cleaned not in self._short:
            return frozenset()
        if any(is_cyrillic(ch) for ch in cleaned):  # Cyrillic spelling is exact: Гена is not Ганна
            return frozenset(self._cyrillic.get(_cyrillic_key(cleaned), ()))
        return frozenset(
            g
            for p in phonemes(cleaned)
            for g in self._nominative.get(skeleton(p), ())
            if _final(p) in self._finals.get(g, ()) and first_sound(p) in self._starts.get(g, ())
        )

    def listed(self, cleaned: str) -> bool:
        """Written as one of the listed forms (up to spelling): "Maria", "Мария"; not Jones (for Jonas)."""
        spelled = {spelling(p) for p in phonemes(cleaned)}
        return any(spelled & self._spellings.get(g, set()) for g in self.lookup_nominative(cleaned))

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


def _cyrillic_key(cleaned: str) -> str:
    """A Cyrillic given name as written, up to ё/е and the Ukrainian/Belarusian і/и."""
    return cleaned.replace("ё", "е").replace("і", "и").replace("ї", "и")


def first_sound(p: str) -> str:
    """The first sound, up to romanisation (Celia is not Tolia, though their skeletons meet)."""
    first = p[:1]
    return {"h": "g", "x": "g", "w": "v", "y": "i", "j": "i", "o": "a", "e": "a"}.get(first, first)


def _final(p: str) -> str:
    """How a nominative ends, as far as gender goes: -a (Maria), -e (Marie), -o/-u (Mario), -i/-y/-j (Giorgi,
    Dmitrij), another consonant (Ales)."""
    last = p[-1:]
    if last in ("a", "ą"):
        return "a"
    if last in ("e", "ę", "ė"):
        return "e"  # Marie is not Mario
    if last in ("o", "u"):
        return "o"
    if last in ("i", "y", "j"):
        return "i"
    return "c"


def declensions(p: str) -> list[str]:
    """A given name (phonemes) in every case: first declension for -a/-o names, second for the rest."""
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
