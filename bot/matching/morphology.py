"""Surname and given-name morphology: which endings a base takes, in every language.

A surname is a *base* plus a case ending. Bases fall into four kinds, each with its
own endings, parsed on phonemes (see ``phonemes``):

- POSS: possessive -ov/-ev/-in (Колесников/-а, Kalesnikau, Lutskina). Marks gender.
- ADJ: adjectival -ski/-cki (Тихановский/-ая, Cichanouska). Marks gender.
- VOWEL: ends in -a/-o in the nominative (Бабарико, Babaryka, Luksha). Genderless.
- CONS: ends in a consonant or й (Znak, Poczobut, Statkevich, Karnei). Genderless.

Gender is a bit mask: an ending may fit both (Russian Колесникова is the feminine
nominative and the masculine genitive).
"""

from __future__ import annotations

import re
from enum import StrEnum

M, F = 1, 2
BOTH = M | F


class Kind(StrEnum):
    POSS = "poss"
    ADJ = "adj"
    VOWEL = "vowel"
    CONS = "cons"


def _table(spec: dict[int, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for gender, endings in spec.items():
        for e in endings.split():
            out[e if e != "0" else ""] = out.get(e if e != "0" else "", 0) | gender
    return out


# Endings after the base, by gender. "0" is the empty ending. Russian, Belarusian,
# Ukrainian, Polish and German (genitive -s); j-variants come from Latin glides.
ENDINGS: dict[Kind, dict[str, int]] = {
    Kind.POSS: _table(
        {
            M: "0 a u ym im em om e je ovi ovu i s y",
            F: "a u oj aj oji oju aju ej jej ą ij as ou y",
        }
    ),
    Kind.ADJ: _table(
        {
            M: "i ij y yj ji jij ogo ego jego aga oga omu emu jemu amu im ym jim om is ijs ys ij",
            F: "aja ja a oj aj oji oju aju uju u ą jej ej ij as ajas ą",
        }
    ),
    Kind.VOWEL: _table({BOTH: "a o i y e je u ę ą oj aj ej oju aju om am ovi ou ji ju ja s as os"}),
    Kind.CONS: _table({BOTH: "0 a u om em am e je ovi owi i y s ju ja jem jom jam ije"}),
}
MAX_ENDING = max(len(e) for table in ENDINGS.values() for e in table)

_POSS_BASE = re.compile(r"(?:[aoe][vw]|[iy]n)$")
_ADJ_BASE = re.compile(r"[szc]k$")  # -ski, -cki, -zki, -ский, -цкий (not Gruszka, Мушка: nouns in -шк-)
_CONSONANT_END = re.compile(r"[^aeiouyąę]$")
# Vowels a foreign surname may end in and keep in every case (a/o take Slavic endings: Tanaka → Танаки).
_INDECLINABLE_END = frozenset("eiuyęė")
# Slavic palatalisation before -e/-i/-y in the VOWEL and CONS kinds (Babaryce, Бабарыцы).
_SOFTENED = {"c": "k", "dz": "g", "ž": "g", "š": "x", "č": "k"}


def base_fits(kind: Kind, base: str) -> bool:
    """Whether ``base`` has the shape of a base of this kind (and is long enough)."""
    if len(base) < 2:
        return False
    if kind is Kind.POSS:
        return bool(_POSS_BASE.search(base)) and len(base) >= 4
    if kind is Kind.ADJ:
        return bool(_ADJ_BASE.search(base)) and len(base) >= 4
    return bool(_CONSONANT_END.search(base))


def split_endings(p: str) -> list[tuple[Kind, str, int]]:
    """Every (kind, base, gender) a word in phonemes can be read as."""
    out: list[tuple[Kind, str, int]] = []
    if len(p) >= 3 and (p[-1] in _INDECLINABLE_END or (p[-1] in "ao" and p[-2] in "aeiouy")):
        out.append((Kind.CONS, p, BOTH))  # Nakanishi, Beridze, Rossi, Nagao, Perea: written as typed
    if len(p) >= 7 and p.endswith(("ego", "emu")):  # Polish declines -i as an adjective: Zirakaszwilego
        stem = p[:-3]
        out.append((Kind.CONS, stem if stem.endswith("i") else stem + "i", BOTH))
    for n in range(0, min(MAX_ENDING, len(p) - 2) + 1):
        ending = p[len(p) - n :] if n else ""
        base = p[: len(p) - n]
        for kind, table in ENDINGS.items():
            gender = table.get(ending)
            if gender is None or not base_fits(kind, base):
                continue
            out.append((kind, base, gender))
            if kind in (Kind.VOWEL, Kind.CONS) and ending[:1] in ("e", "i", "y", "j"):
                for soft, hard in _SOFTENED.items():
                    if base.endswith(soft):
                        out.append((kind, base[: -len(soft)] + hard, gender))
    return out


def classify_surname(p: str) -> tuple[Kind, str, int]:
    """Read a surname as typed in the nominative: its kind, base and gender."""
    m = re.search(r"(?:[szc]k)(i|ij|y|yj|ji|jij|aja|ja|a)$", p)
    if m and len(p) - len(m.group(1)) >= 4:
        gender = F if m.group(1) in ("aja", "ja", "a") else M
        return Kind.ADJ, p[: m.start(1)], gender
    if _POSS_BASE.search(p) and len(p) >= 4:
        return Kind.POSS, p, M
    if p.endswith("a") and _POSS_BASE.search(p[:-1]) and len(p) >= 5:
        return Kind.POSS, p[:-1], F
    if len(p) >= 3 and p[-1] in "ao" and _CONSONANT_END.search(p[:-1]):
        return Kind.VOWEL, p[:-1], BOTH
    return Kind.CONS, p, BOTH


def fleeting_bases(base: str) -> list[str]:
    """Bases that lose a vowel in the oblique cases: Кравец → Кравца, Дедок → Дедка, Азаронак → Азаронка."""
    m = re.search(r"([oe])([ckl])$", base) or re.search(r"(?<=[^aeiouyj])(a)(k)$", base)
    if m and len(base) >= 4:
        return [base, base[: m.start(1)] + m.group(2)]
    return [base]


# Given names: first declension for -a/-ja names, second for consonant/й names.
GIVEN_ENDINGS_VOWEL = "a o i y e je u ę ą oj aj ej oju aju ji ju ja jej oji ij"
GIVEN_ENDINGS_CONS = "0 a u om em am e je ovi i y ju ja jem jom jam ije s as is us"  # -s: Dmitrijs, Aleksandras
PATRONYMIC = re.compile(
    r"^(?P<stem>.+?)(?:[oae]v|[ij]?ev|j)?(?P<suffix>ič|ičn|ovn|evn|avn|ivn|vn|wn)"
    r"(?:a|u|om|em|am|e|oj|aj|y|i|ju|oju|aju|ej|ą|ę|ja|je|0)?$"
)
