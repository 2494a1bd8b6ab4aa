"""Matcher throughput and memory at 10 to 5,000 watches, next to a naive per-watch regex loop.

Run: .venv/bin/python bench/match.py [--texts N] [--seed S]

Watches are generated Slavic names (given name + surname of every kind, both genders,
Latin and Cyrillic); texts are ~1.5 KB of news-like sentences that mention some watched
and some unwatched people in oblique cases. "warm" is the steady state (the per-word
cache holds the news vocabulary); "cold" clears the cache before every text, the worst
case. Both are measured in the same run as the naive matcher: compare the ratios.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import resource
import time

from bot.matching import Lexicon, Matcher
from bot.matching.events import Reading
from bot.matching.scope import person_events

GIVEN_M = ["Viktar", "Siarhei", "Ihar", "Andrei", "Dzmitry", "Aleksandr", "Maksim", "Pavel", "Mikalai", "Ales"]
GIVEN_F = ["Maria", "Volha", "Palina", "Ksenia", "Darya", "Marfa", "Iryna", "Natallia", "Sviatlana", "Anna"]
GIVEN_M_CYR = ["Виктор", "Сергей", "Игорь", "Андрей", "Дмитрий", "Александр", "Максим", "Павел", "Николай", "Алесь"]
GIVEN_F_CYR = ["Мария", "Ольга", "Полина", "Ксения", "Дарья", "Марфа", "Ирина", "Наталья", "Светлана", "Анна"]
ONSETS = ["b", "v", "h", "d", "z", "k", "l", "m", "n", "p", "r", "s", "t", "f", "ch", "sh", "kr", "pr", "st", "sk"]
VOWELS = ["a", "o", "e", "i", "u"]
CYR = str.maketrans({"a": "а", "o": "о", "e": "е", "i": "и", "u": "у", "b": "б", "v": "в", "h": "г", "d": "д",
                     "z": "з", "k": "к", "l": "л", "m": "м", "n": "н", "p": "п", "r": "р", "s": "с", "t": "т",
                     "f": "ф"})  # fmt: skip
FILLER = (
    "The court in Minsk heard the case on Tuesday, rights defenders say. "
    "Суд в Минске рассмотрел дело во вторник, сообщают правозащитники. "
    "Праваабаронцы кажуць, што суд адбыўся ў закрытым рэжыме. "
    "Sąd w Mińsku rozpatrzył sprawę we wtorek, podają obrońcy praw człowieka. "
    "Das Gericht in Minsk verhandelte den Fall am Dienstag. "
)


def stem(rng: random.Random) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 3)))


def surname(rng: random.Random, female: bool) -> str:
    base = stem(rng)
    kind = rng.randrange(5)
    if kind == 0:
        return base + ("ova" if female else "ov")
    if kind == 1:
        return base + ("skaya" if female else "ski")
    if kind == 2:
        return base + ("ina" if female else "in")
    return base + rng.choice(["enka", "uk", "ich", "ik", "ets"])


def to_cyrillic(word: str) -> str:
    return word.replace("ch", "ч").replace("sh", "ш").replace("ya", "я").replace("ski", "ский").translate(CYR)


def watches(n: int, rng: random.Random) -> dict[str, str]:
    out: dict[str, str] = {}
    while len(out) < n:
        female = rng.random() < 0.5
        name = surname(rng, female)
        if rng.random() < 0.5:
            given = rng.choice(GIVEN_F if female else GIVEN_M)
            out[f"w{len(out)}"] = f"{given} {name.capitalize()}"
        else:
            given = rng.choice(GIVEN_F_CYR if female else GIVEN_M_CYR)
            out[f"w{len(out)}"] = f"{given} {to_cyrillic(name).capitalize()}"
    return out


def texts(count: int, watched: list[str], rng: random.Random) -> list[str]:
    out = []
    for _ in range(count):
        parts: list[str] = []
        while sum(map(len, parts)) < 1500:
            parts.append(FILLER[rng.randrange(0, 200) :][:180])
            person = rng.choice(watched).split()[-1] if rng.random() < 0.3 else surname(rng, rng.random() < 0.5)
            person = person if rng.random() < 0.5 else to_cyrillic(person.lower())
            parts.append(f" {person.capitalize()}{rng.choice(['', 'ой', 'а', 'u', 'ego', 'ym'])} ")
        out.append("".join(parts)[:1500])
    return out


class NaiveMatcher:
    """What a per-watch regular-expression filter does: one stem pattern per watch, tried in turn."""

    def __init__(self, watched: dict[str, str]) -> None:
        self.patterns = [
            (key, re.compile(r"(?<!\w)" + re.escape(name.split()[-1][:-2]) + r"\w{0,4}(?!\w)", re.I))
            for key, name in watched.items()
        ]

    def find(self, text: str) -> list[str]:
        return [key for key, p in self.patterns if p.search(text)]


def rate(fn, items: list[str], cold_clear=None) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for t in items:
        if cold_clear:
            cold_clear()
        fn(t)
    return (time.perf_counter() - start) / len(items)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--texts", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lexicon = Lexicon()
    lexicon.parse("Warmup Kolesnikova")  # load dictionaries before timing compiles
    print(
        f"{'watches':>8} {'compile s':>10} {'warm items/s':>13} {'warm µs':>9} {'cold µs':>9} "
        f"{'naive items/s':>14} {'naive µs':>10}"
    )
    per_item = {}
    for n in (10, 100, 1000, 5000):
        watched = watches(n, rng)
        sample = texts(args.texts, list(watched.values()), rng)
        gc.collect()
        t0 = time.perf_counter()
        matcher = Matcher.compile(watched, lexicon)
        compile_s = time.perf_counter() - t0
        rate(matcher.find, sample)  # fill the word cache: steady state
        warm = rate(matcher.find, sample)
        cold = rate(matcher.find, sample[: max(20, args.texts // 10)], cold_clear=matcher._words.clear)
        naive_items = sample[: max(10, args.texts // (1 + n // 50))]
        naive = rate(NaiveMatcher(watched).find, naive_items)
        per_item[n] = warm
        found = {t: [(m.watch, m.start, m.end) for m in matcher.find(t).mentions] for t in sample}
        print(
            f"{n:>8} {compile_s:>10.3f} {1 / warm:>13.0f} {warm * 1e6:>9.0f} {cold * 1e6:>9.0f} "
            f"{1 / naive:>14.0f} {naive * 1e6:>10.0f}"
        )
    # Of the warm time at the largest watchlist, what the events cost: reading the triggers, and each person's event.
    reading_us = rate(Reading.of, sample) * 1e6
    readings = {t: Reading.of(t) for t in sample}
    people_us = rate(lambda t: person_events(t, found[t], reading=readings[t]), sample) * 1e6
    print(f"of which events at {n} watches: trigger reading {reading_us:.0f} µs, per-person events {people_us:.0f} µs")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"time per item at 5000 / at 10 watches (warm): {per_item[5000] / per_item[10]:.2f}")
    print(f"peak memory of the whole process (RSS, incl. the pymorphy3 dictionaries): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
