"""Events, per item and per person: accuracy and release precision/recall by language.

Run: .venv/bin/python bench/events.py [--errors]

Three sets: ``tests/events/unseen.tsv`` (sentences written for the classes of errors seen on
real news before the rules were changed: each person's event and the item's),
``tests/events/heldout.tsv`` (more, written after, to see how the rules do on phrasings they
were not tuned on) and the development corpus ``shared/names/dev.tsv`` (item events only). A person's event is
scored where it is labelled; "release" is scored on its own, since a false release is the
worst error the bot can make.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.matching import Lexicon, Matcher

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "unseen": (ROOT / "tests/events/unseen.tsv", ROOT / "tests/events/watches.tsv"),
    "held out": (ROOT / "tests/events/heldout.tsv", ROOT / "tests/events/watches.tsv"),
    "dev": (ROOT.parent / "shared/names/dev.tsv", ROOT.parent / "shared/names/watches.tsv"),
}


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    release: list[int] = field(default_factory=lambda: [0, 0, 0])  # true positives, false positives, false negatives

    def add(self, expected: str, got: str) -> None:
        self.total += 1
        self.right += expected == got
        self.release[0] += expected == got == "release"
        self.release[1] += got == "release" != expected
        self.release[2] += expected == "release" != got

    def __str__(self) -> str:
        tp, fp, fn = self.release
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        accuracy = self.right / max(self.total, 1)
        return f"accuracy {accuracy:.3f} ({self.total:3d})  release P {p:.3f} R {r:.3f} F1 {f1:.3f}"


def read(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong event")
    args = parser.parse_args()
    lexicon = Lexicon()
    for name, (corpus, watches) in SETS.items():
        if not corpus.exists():
            print(f"{name}: {corpus} not found", file=sys.stderr)
            continue
        matcher = Matcher.compile({k: v for k, v in read(watches)}, lexicon)
        items: dict[str, Tally] = defaultdict(Tally)
        people: dict[str, Tally] = defaultdict(Tally)
        for row in read(corpus):
            rid, lang, expected, event, text = row
            result = matcher.find(text)
            items[lang].add(event, result.event.value)
            items["all"].add(event, result.event.value)
            if args.errors and event != result.event.value:
                print(f"  {rid} item: expected {event}, got {result.event.value}: {text[:120]}")
            if "=" not in expected:
                continue
            got = {key: ev.value for key, ev in result.person_events.items()}
            for pair in expected.split(","):
                key, want = pair.strip().split("=")
                have = got.get(key, "missed")
                people[lang].add(want, have)
                people["all"].add(want, have)
                if args.errors and want != have:
                    print(f"  {rid} {key}: expected {want}, got {have}: {text[:120]}")
        print(f"{name}:")
        for lang in sorted(items, key=lambda k: (k == "all", k)):
            line = f"  {lang:8} items   {items[lang]}"
            if lang in people:
                line += f"\n  {'':8} people  {people[lang]}"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
