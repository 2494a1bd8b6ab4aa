"""The invariant "a watch matches its own spelling": the names, the texts they must be found in, the check.

Shared by ``tests/test_names_invariant.py`` (which needs it to hold) and ``bench/names.py`` (which prints it
per country). The names are in ``sample.tsv`` (frequent names of 30 countries from names-dataset, see its
header) and ``generated.tsv`` (countries the dataset lacks: Belarus, Ukraine, Latvia).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.matching import InvalidWatch, Lexicon, Matcher

HERE = Path(__file__).resolve().parent
FILES = (HERE / "sample.tsv", HERE / "generated.tsv")


@dataclass(frozen=True, slots=True)
class Name:
    country: str
    gender: str  # M or F, of the given name
    given: str
    surname: str

    @property
    def cyrillic(self) -> bool:
        return bool(re.search("[а-яёіїєґў]", (self.given + self.surname).lower()))


@dataclass(frozen=True, slots=True)
class Outcome:
    name: Name
    holds: bool
    refused: str  # the reason /watch gives for refusing "Given Surname" ("" if it is taken)
    failed: tuple[str, ...]  # what was not found, for a look


def load(files: tuple[Path, ...] = FILES) -> list[Name]:
    out = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                country, gender, given, surname = line.split("\t")
                out.append(Name(country, gender, given, surname))
    return out


def texts(name: Name) -> dict[str, list[str]]:
    """Watch as typed → sentences it must be found in (running text, mid-sentence, case forms)."""
    full = f"{name.given} {name.surname}"
    if name.cyrillic:
        out = {
            full: [f"Друзья {full} сообщили, что его освободили в четверг."],
            name.surname: [f"Адвокат сказал, что {name.surname} освобождён."],
        }
        gen_given, gen_surname = (
            _russian_genitive(name.given, name.gender),
            _russian_genitive(name.surname, name.gender),
        )
        out[full].append(f"Суд вынес приговор для {gen_given} {gen_surname} в Минске.")
        out[name.surname].append(f"Родные {gen_surname} ждут новостей.")
        return out
    out = {
        full: [f"Friends of {full} said he was released on Thursday.", f"Am Donnerstag kam {full} frei."],
        name.surname: [f"Friends said that {name.surname} was released on Thursday."],
    }
    if name.country == "PL":
        out[full].append(f"Sąd skazał wczoraj {_polish_genitive(name.given, name.gender)} "
                         f"{_polish_genitive(name.surname, name.gender)} na trzy lata.")  # fmt: skip
    return out


def check_all(lexicon: Lexicon, names: list[Name]) -> list[Outcome]:
    """Each name watched as typed and alone, in one matcher (as in production), against its texts."""
    watches: dict[str, str] = {}
    refused: dict[str, str] = {}
    plans: list[tuple[Name, dict[str, list[str]]]] = []
    for n, name in enumerate(names):
        plan = texts(name)
        plans.append((name, plan))
        for v, typed in enumerate(plan):
            key = f"{n}:{v}"
            try:
                lexicon.parse(typed)
                watches[key] = typed
            except InvalidWatch as e:
                refused[key] = e.reason.value if e.anyway or v == 1 else f"{e.reason.value} (no way out)"
    matcher = Matcher.compile(watches, lexicon)
    out = []
    for n, (name, plan) in enumerate(plans):
        failed = []
        for v, (typed, sentences) in enumerate(plan.items()):
            key = f"{n}:{v}"
            if key in refused:
                continue
            failed += [f"{typed!r} in {s!r}" for s in sentences if key not in matcher.find(s).watches]
        why = refused.get(f"{n}:0", "")
        alone_ok = f"{n}:1" not in refused or "no way out" not in refused[f"{n}:1"]
        out.append(Outcome(name, holds=not failed and not why and alone_ok, refused=why, failed=tuple(failed)))
    return out


_RU_M = (("ский", "ского"), ("цкий", "цкого"), ("ой", "ого"), ("ый", "ого"), ("ий", "ия"), ("ь", "я"), ("й", "я"),
         ("а", "ы"), ("я", "и"))  # fmt: skip
_RU_F = (("ская", "ской"), ("цкая", "цкой"), ("ова", "овой"), ("ева", "евой"), ("ёва", "ёвой"), ("ина", "иной"),
         ("ая", "ой"), ("ия", "ии"), ("я", "и"), ("а", "ы"))  # fmt: skip


_BE_M = (("скі", "скага"), ("цкі", "цкага"), ("ый", "ыя"), ("ій", "ія"), ("ей", "ея"), ("ь", "я"), ("а", "ы"))
_BE_F = (("ская", "скай"), ("цкая", "цкай"), ("ава", "авай"), ("ова", "овай"), ("ына", "ынай"), ("іна", "інай"),
         ("ая", "ай"), ("ія", "іі"), ("а", "ы"))  # fmt: skip


def _russian_genitive(word: str, gender: str) -> str:
    """Genitive of a Russian or Belarusian name, by its ending (enough for a table of frequent names)."""
    lower = word.lower()
    belarusian = bool(re.search("[іў]", lower))
    for end, new in (_BE_F if gender == "F" else _BE_M) if belarusian else (_RU_F if gender == "F" else _RU_M):
        if lower.endswith(end):
            out = word[: len(word) - len(end)] + new
            return re.sub("(?<=[кгхжшчщ])ы$", "и", out)
    if gender == "F" or lower[-1:] in "оеиуюэых":
        return word  # Бабарико, Шевченко; a woman's surname in a consonant
    return word + "а"


def _polish_genitive(word: str, gender: str) -> str:
    lower = word.lower()
    if lower.endswith(("ski", "cki", "dzki")):
        return word[:-1] + "iego"
    if lower.endswith(("ska", "cka", "dzka")):
        return word[:-1] + "iej"
    if lower.endswith("a"):
        return word[:-1] + ("i" if lower[-2:-1] in "kgl" else "y")
    if gender == "F" or lower[-1:] in "aeiouyąęó":
        return word
    if lower.endswith("eł"):
        return word[:-2] + "ła"
    if lower.endswith("ek") and len(word) > 4:
        return word[:-2] + "ka"
    return word + "a"
