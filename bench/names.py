"""The invariant "a watch matches its own spelling", over thousands of real names from many countries.

Run: .venv/bin/python bench/names.py            (the share that holds, per country, on tests/names/*.tsv)
     .venv/bin/python bench/names.py --extract  (rewrite tests/names/sample.tsv from ``names-dataset``,
                                                 the bench's optional extra: pip install -e '.[bench]')

Each name is watched as typed ("Given Surname", and the surname alone) and must be found in running
text: mid-sentence as typed, and in the case forms its language declines it in (Russian, Belarusian,
Ukrainian, Polish). A name the matcher refuses at /watch time (``Lexicon.parse`` raises InvalidWatch,
with the reason and the way out) is counted apart: refused, not silently dead. What the invariant
needs is in ``tests/test_names_invariant.py``; this script prints it by country.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.names.invariant import Outcome, check_all, load  # noqa: E402

SAMPLE = ROOT / "tests/names/sample.tsv"
COUNTRIES = ("JP", "DE", "AT", "CH", "GE", "LT", "EE", "PL", "CZ", "GB", "IE", "US", "IT", "ES", "FR", "PT", "DK",
             "NO", "SE", "FI", "NL", "RU", "KZ", "MD", "HU", "TR", "GR", "RS", "BG", "IL")  # fmt: skip
PER_COUNTRY = 200


def extract(seed: int = 1) -> int:
    """Pair frequent first names and surnames of each country (at random: no real person's record)."""
    from names_dataset import NameDataset  # optional: 3 GB of memory while it loads

    data = NameDataset()
    rng = random.Random(seed)
    lines = [
        "# country\tgender\tgiven\tsurname -- frequent names of each country from names-dataset 3.3",
        "# (github.com/philipperemy/name-dataset, code under the Apache 2.0 licence; names counted from public",
        "# profiles). First names and surnames are paired at random, so no line is a real person's record.",
    ]
    for country in COUNTRIES:
        surnames = _clean(data.get_top_names(n=600, country_alpha2=country, use_first_names=False).get(country, []))
        firsts = data.get_top_names(n=300, country_alpha2=country).get(country, {})
        by_gender = {g: _clean(firsts.get(g, [])) for g in ("M", "F")}
        rng.shuffle(surnames)
        taken = 0
        for surname in surnames:
            gender = "F" if _feminine(surname) else rng.choice("MF")
            same_script = [n for n in by_gender[gender] if _cyrillic(n) == _cyrillic(surname)]
            if not same_script or surname.lower() in {n.lower() for n in same_script}:
                continue
            lines.append(f"{country}\t{gender}\t{rng.choice(same_script)}\t{surname}")
            taken += 1
            if taken == PER_COUNTRY:
                break
    SAMPLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 3} names from {len(COUNTRIES)} countries written to {SAMPLE.relative_to(ROOT)}")
    return 0


def _clean(names: list[str]) -> list[str]:
    """Names only: letters (one hyphen allowed), at least three, not all capitals."""
    out = []
    for n in names:
        n = n.strip()
        if len(n) >= 3 and n.replace("-", "").isalpha() and n.count("-") <= 1 and not n.isupper() and n[0].isupper():
            out.append(n)
    return list(dict.fromkeys(out))


def _cyrillic(name: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in name)


def _feminine(surname: str) -> bool:
    return surname.lower().endswith(("ova", "eva", "ina", "aya", "ska", "cka", "ová", "ová", "ова", "ева", "ина",
                                     "ая", "ienė", "ytė", "aitė", "ūtė", "ská", "cká"))  # fmt: skip


def report() -> int:
    from bot.matching import Lexicon

    started = time.perf_counter()
    names = load()
    outcomes = check_all(Lexicon(), names)
    by_country: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_country[outcome.name.country].append(outcome)
    print(f"{len(outcomes)} names from {len(by_country)} countries ({time.perf_counter() - started:.0f} s)")
    print("country  names  holds  refused  silent   (holds: found as typed, alone, and in its case forms)")
    for country, rows in sorted(by_country.items()):
        holds = sum(o.holds for o in rows)
        refused = sum(bool(o.refused) for o in rows)
        print(f"  {country:5} {len(rows):6} {holds / len(rows):6.3f} {refused:8} {len(rows) - holds - refused:7}")
    total = sum(o.holds for o in outcomes)
    refusals = [o for o in outcomes if o.refused]
    silent = [o for o in outcomes if not o.holds and not o.refused]
    print(f"  all   {len(outcomes):6} {total / len(outcomes):6.3f} {len(refusals):8} {len(silent):7}")
    listed = ", ".join(f"{o.name.given} {o.name.surname} ({o.refused})" for o in refusals[:40])
    print(f"refused (with the reason given at /watch): {listed}")
    for o in silent[:60]:
        print(f"  silent {o.name.country} {o.name.given} {o.name.surname}: {o.failed}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--extract", action="store_true", help="rewrite tests/names/sample.tsv from names-dataset")
    args = parser.parse_args()
    return extract() if args.extract else report()


if __name__ == "__main__":
    sys.exit(main())
