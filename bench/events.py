"""Events, per item and per person: accuracy and release precision/recall by language.

Run: .venv/bin/python bench/events.py [--errors] [--json]

Three sets: ``tests/events/unseen.tsv`` (sentences written for the classes of errors seen on
real news before the rules were changed: each person's event and the item's),
``tests/events/heldout.tsv`` (more, written after, to see how the rules do on phrasings they
were not tuned on) and the development corpus ``shared/names/dev.tsv`` (item events only). A person's event is
scored where it is labelled; "release" is scored on its own, since a false release is the
worst error the bot can make.

Then the real-news corpus, ``tests/events/real/*.tsv`` (paraphrased lines of published news, names as
published, labelled per person; ``id lang split url labels text``). One matcher watches every distinct
labelled name (the key is the name itself); a labelled person the matcher does not find counts as
"missed". Figures per language and in all, for the ``dev`` and ``held`` splits separately. The held-out
split is shown only in aggregate, never a line, even with ``--errors``: nobody tuning the rules should
read it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.matching import InvalidWatch, Lexicon, Matcher

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "unseen": (ROOT / "tests/events/unseen.tsv", ROOT / "tests/events/watches.tsv"),
    "held out": (ROOT / "tests/events/heldout.tsv", ROOT / "tests/events/watches.tsv"),
    "dev": (ROOT.parent / "shared/names/dev.tsv", ROOT.parent / "shared/names/watches.tsv"),
}
REAL = ROOT / "tests/events/real"
FRESH = ROOT / "tests/events/real2"  # a second held-out set, from pages the first never used: aggregates only
REAL_SPLITS = ("dev", "held")
EVENTS = ("release", "sentence", "detention", "other")


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

    def figures(self) -> dict[str, float | int]:
        tp, fp, fn = self.release
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "n": self.total,
            "accuracy": round(self.right / max(self.total, 1), 4),
            "release_p": round(p, 4),
            "release_r": round(r, 4),
            "release_f1": round(f1, 4),
            "false_releases": fp,
        }

    def __str__(self) -> str:
        f = self.figures()
        return (
            f"accuracy {f['accuracy']:.3f} ({self.total:3d})  "
            f"release P {f['release_p']:.3f} R {f['release_r']:.3f} F1 {f['release_f1']:.3f}"
        )


@dataclass
class RealTally(Tally):
    """Per person on real news: events, and whether the person was found at all."""

    found: int = 0

    def add(self, expected: str, got: str) -> None:
        super().add(expected, got)
        self.found += got != "missed"

    def figures(self) -> dict[str, float | int]:
        f = super().figures()
        f["names_recall"] = round(self.found / max(self.total, 1), 4)
        f["missed"] = self.total - self.found
        return f

    def __str__(self) -> str:
        f = self.figures()
        return (
            f"{super().__str__()}  false releases {f['false_releases']:2d}  "
            f"names R {f['names_recall']:.3f} (missed {f['missed']})"
        )


def read(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]


@dataclass(frozen=True)
class RealLine:
    rid: str
    lang: str
    split: str
    url: str
    labels: tuple[tuple[str, str], ...]  # (name as a user would type it, event)
    text: str


def read_real(directory: Path = REAL) -> tuple[list[RealLine], list[str]]:
    """Every well-formed line of ``directory/*.tsv``, and a note per line that is not."""
    lines: list[RealLine] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.tsv")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cols = raw.split("\t")
            if len(cols) != 6:
                problems.append(f"{path.name}:{number}: {len(cols)} columns")
                continue
            rid, lang, split, url, labels, text = cols
            pairs = tuple(tuple(p.strip().split("=", 1)) for p in labels.split(";") if p.strip())
            if split not in REAL_SPLITS or any(len(p) != 2 or p[1] not in EVENTS for p in pairs):
                problems.append(f"{path.name}:{number}: bad split or label")
                continue
            lines.append(RealLine(rid, lang, split, url, pairs, text))  # type: ignore[arg-type]
    return lines, problems


def run_real(
    lexicon: Lexicon, errors: bool, directory: Path = REAL
) -> tuple[dict[str, dict[str, dict[str, float | int]]], list[str]]:
    """Per-person figures on the real corpus: {split: {lang or "all": figures}}, and notes to print."""
    lines, notes = read_real(directory)
    names = sorted({name for line in lines for name, _ in line.labels})
    watches: dict[str, str] = {}
    for name in names:
        try:
            lexicon.parse(name)
        except InvalidWatch as e:
            notes.append(f"not watchable, counted as missed: {name!r} ({e})")
            continue
        watches[name] = name
    matcher = Matcher.compile(watches, lexicon)
    tallies: dict[str, dict[str, RealTally]] = {split: defaultdict(RealTally) for split in REAL_SPLITS}
    for line in lines:
        result = matcher.find(line.text)
        got = {key: ev.value for key, ev in result.person_events.items()}
        for name, want in line.labels:
            have = got.get(name, "missed")
            tallies[line.split][line.lang].add(want, have)
            tallies[line.split]["all"].add(want, have)
            if errors and line.split == "dev" and want != have:  # never a held-out line
                notes.append(f"  {line.rid} {name}: expected {want}, got {have}: {line.text[:120]}")
    figures = {
        split: {lang: t.figures() for lang, t in sorted(by_lang.items(), key=lambda kv: (kv[0] == "all", kv[0]))}
        for split, by_lang in tallies.items()
    }
    return figures, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong event (never a held-out real line)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead")
    args = parser.parse_args()
    lexicon = Lexicon()
    report: dict[str, object] = {}
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
            if args.errors and not args.json and event != result.event.value:
                print(f"  {rid} item: expected {event}, got {result.event.value}: {text[:120]}")
            if "=" not in expected:
                continue
            got = {key: ev.value for key, ev in result.person_events.items()}
            for pair in expected.split(","):
                key, want = pair.strip().split("=")
                have = got.get(key, "missed")
                people[lang].add(want, have)
                people["all"].add(want, have)
                if args.errors and not args.json and want != have:
                    print(f"  {rid} {key}: expected {want}, got {have}: {text[:120]}")
        report[name] = {
            "items": {lang: t.figures() for lang, t in items.items()},
            "people": {lang: t.figures() for lang, t in people.items()},
        }
        if args.json:
            continue
        print(f"{name}:")
        for lang in sorted(items, key=lambda k: (k == "all", k)):
            line = f"  {lang:8} items   {items[lang]}"
            if lang in people:
                line += f"\n  {'':8} people  {people[lang]}"
            print(line)
    real, notes = run_real(lexicon, args.errors and not args.json)
    if FRESH.exists():
        fresh, _ = run_real(lexicon, False, FRESH)  # its notes could name a held-out line's people: not shown
        real["fresh held"] = fresh["held"]
    report["real"] = real
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    for note in notes:
        print(note)
    for split, by_lang in real.items():
        print(f"real news, {split} (per person):")
        for lang, f in by_lang.items():
            print(
                f"  {lang:4} accuracy {f['accuracy']:.3f} ({f['n']:3d})  "
                f"release P {f['release_p']:.3f} R {f['release_r']:.3f} F1 {f['release_f1']:.3f}  "
                f"false releases {f['false_releases']:2d}  names R {f['names_recall']:.3f} (missed {f['missed']})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
