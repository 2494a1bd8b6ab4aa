"""False alarms at scale: 5,000 real surnames watched, news that is not about them.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/precision.py [--watches 5000]

Watches are the most common surnames of Russia, Poland and Lithuania from the
``names-dataset`` package (Belarus and Ukraine have none there), a fifth of them typed in
Latin, the way users type names. Surnames of the people the texts are about (the
development watches) are left out, so a match is a false alarm unless the text really
names someone with that surname: the script prints the matched words for a look.

Texts: the development corpus, the event sentences of tests/events/ and every item of the
real feed samples in shared/feeds/samples. Prints matches per 1,000 texts and the words
that matched most, next to the same texts with only the development watches.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

from bot.matching import Lexicon, Matcher
from bot.matching.phonemes import clean, phonemes, skeleton, to_latin
from bot.pipeline.parse import NotAFeed, parse_feed

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def texts() -> list[str]:
    out = []
    for path in (SHARED / "names/dev.tsv", ROOT / "tests/events/unseen.tsv", ROOT / "tests/events/heldout.tsv"):
        out += [line.split("\t")[4] for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    for path in sorted((SHARED / "feeds/samples").glob("*.xml")):
        try:
            out += [f"{i.title}\n{i.summary}" for i in parse_feed(path.read_bytes()).items]
        except NotAFeed:
            continue
    return out


def surnames(count: int, avoid: set[str], rng: random.Random) -> list[str]:
    from names_dataset import NameDataset  # a bench-only dependency: 2 GB of memory while it loads

    data = NameDataset()
    share = {"RU": 0.5, "PL": 0.4, "LT": 0.1}
    out: list[str] = []
    for country, part in share.items():
        top = data.get_top_names(n=int(count * part * 1.3), country_alpha2=country, use_first_names=False)
        names = [n for n in top.get(country, []) if n.isalpha() and _key(n) not in avoid]
        out += names[: int(count * part)]
    return [to_latin(phonemes(clean(n))[0]).capitalize() if rng.random() < 0.2 and not n.isascii() else n for n in out]


def _key(name: str) -> str:
    readings = phonemes(clean(name))
    return skeleton(readings[0])[:6] if readings else ""


def run(matcher: Matcher, corpus: list[str]) -> tuple[int, Counter[str], float]:
    surfaces: Counter[str] = Counter()
    started = time.perf_counter()
    matched = 0
    for text in corpus:
        found = matcher.find(text).mentions
        matched += len({m.watch for m in found})
        surfaces.update(m.surface for m in found)
    return matched, surfaces, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--watches", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    lexicon = Lexicon()
    dev = [line.split("\t")[1] for line in (SHARED / "names/watches.tsv").read_text().splitlines() if line[:1] != "#"]
    avoid = {_key(w.split()[-1]) for w in dev} | {_key(w.split()[0]) for w in dev}
    corpus = texts()
    watched: dict[str, str] = {}
    for name in surnames(args.watches, avoid, random.Random(args.seed)):
        try:
            lexicon.parse(name)
        except ValueError:
            continue
        watched[f"w{len(watched)}"] = name
    matcher = Matcher.compile(watched, lexicon)
    matched, surfaces, seconds = run(matcher, corpus)
    print(f"{len(watched)} watched surnames, {len(corpus)} texts ({seconds:.1f} s)")
    print(f"false alarms: {matched} watch matches = {1000 * matched / len(corpus):.1f} per 1,000 texts")
    print("matched words: " + ", ".join(f"{w} ×{n}" for w, n in surfaces.most_common(40)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
