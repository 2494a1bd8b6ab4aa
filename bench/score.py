"""Score ``releasewatch match --json`` against a labelled corpus: who is mentioned, and what happened.

Run: .venv/bin/python bench/score.py                                   (tests/events/unseen.tsv)
     .venv/bin/python bench/score.py --corpus FILE.tsv --watches W.tsv [--cmd "releasewatch match"] [--errors]
     .venv/bin/python bench/score.py ... --min-precision 0.98 --min-recall 0.97   (exit 1 below a bar)

The corpus and its watches are TSV files in UTF-8 (docs/matching.md, "Scoring", describes them):

    watches: key<TAB>name as a user would type it
    corpus:  id<TAB>language<TAB>people<TAB>item event<TAB>text

``people`` is ``-`` (nobody watched is mentioned), ``key,key`` (these watches must match), or
``key=event,key=event`` (they must match, and each person's own event is scored too). The item event is
one of release, sentence, detention, other. Lines that are empty or start with ``#`` are skipped.

The matcher is run once, as a separate process, with ``--watches FILE --json`` and every text on its
standard input, one per line; it must print one JSON object per line, in order (docs/matching.md,
"The JSON answer"). Any command that keeps that contract can be scored.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ("release", "sentence", "detention", "other")
DEFAULT_CMD = f"{shlex.quote(sys.executable)} -m bot match"


@dataclass(frozen=True, slots=True)
class Line:
    """One labelled text of the corpus."""

    id: str
    language: str
    people: frozenset[str]  # the watch keys the text must match
    person_events: dict[str, str]  # where labelled: key -> that person's event
    event: str  # the item's event
    text: str


@dataclass
class Tally:
    """Mentions and events counted over the corpus (or over one language)."""

    hit: int = 0
    false_alarm: int = 0
    missed: int = 0
    events: Counter[tuple[str, str]] = field(default_factory=Counter)  # (expected, got) for items
    person_events: Counter[tuple[str, str]] = field(default_factory=Counter)  # (expected, got) for people found


class CorpusError(Exception):
    """A corpus or watches file that does not follow the format; the message names the file and line."""


def load_watches(path: Path) -> dict[str, str]:
    """``key<TAB>name`` lines: the watches the matcher is given."""
    watches: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, tab, name = line.partition("\t")
        if not tab or not key.strip() or not name.strip():
            raise CorpusError(f"{path}:{n}: expected key<TAB>name")
        watches[key.strip()] = name.strip()
    return watches


def load_corpus(path: Path, keys: set[str]) -> list[Line]:
    """The labelled lines; every key they name must be a watch."""
    lines: list[Line] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 5:
            raise CorpusError(f"{path}:{n}: expected 5 columns separated by tabs, found {len(parts)}")
        rid, language, people, event, text = parts
        labels: dict[str, str | None] = {}
        for label in [] if people.strip() == "-" else people.split(","):
            key, eq, person_event = (s.strip() for s in label.partition("="))
            if key:
                labels[key] = person_event if eq else None
        for key, label_event in labels.items():
            if key not in keys:
                raise CorpusError(f"{path}:{n}: “{key}” is not in the watches file")
            if label_event is not None and label_event not in EVENTS:
                raise CorpusError(f"{path}:{n}: unknown event “{label_event}” for {key}")
        if event not in EVENTS:
            raise CorpusError(f"{path}:{n}: unknown event “{event}” (expected {', '.join(EVENTS)})")
        person_events = {k: e for k, e in labels.items() if e is not None}
        lines.append(Line(rid, language, frozenset(labels), person_events, event, text))
    return lines


def run_matcher(cmd: str, watches: Path, texts: list[str]) -> list[dict[str, object]]:
    """The matcher's answers, one per text (texts are sent one per line, so a line break becomes a space)."""
    proc = subprocess.run(
        [*shlex.split(cmd), "--watches", str(watches), "--json"],
        input="".join(" ".join(t.splitlines()) + "\n" for t in texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        raise CorpusError(f"the matcher exited with {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    answers = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if len(answers) != len(texts):
        raise CorpusError(f"the matcher answered {len(answers)} lines for {len(texts)} texts")
    return answers


def score(lines: list[Line], answers: list[dict[str, object]]) -> tuple[Tally, dict[str, Tally], list[str]]:
    """Totals, totals per language, and one line per text the matcher got wrong."""
    total, by_language, errors = Tally(), dict[str, Tally](), list[str]()
    for line, answer in zip(lines, answers, strict=True):
        matches = answer.get("matches")
        assert isinstance(matches, list)
        got_events = {str(m["watch"]): str(m.get("event", "other")) for m in matches}
        got = set(got_events)
        item_event = str(answer.get("event", "other"))
        for tally in (total, by_language.setdefault(line.language, Tally())):
            tally.hit += len(got & line.people)
            tally.false_alarm += len(got - line.people)
            tally.missed += len(line.people - got)
            tally.events[(line.event, item_event)] += 1
            for key, expected in line.person_events.items():
                if key in got:
                    tally.person_events[(expected, got_events[key])] += 1
        wrong_people = [f"{k}: {e} not {got_events[k]}" for k, e in line.person_events.items() if k in got_events
                        and got_events[k] != e]  # fmt: skip
        if got != line.people or item_event != line.event or wrong_people:
            said = [f"false alarm {sorted(got - line.people)}"] if got - line.people else []
            said += [f"missed {sorted(line.people - got)}"] if line.people - got else []
            said += [f"event {line.event} not {item_event}"] if item_event != line.event else []
            said += wrong_people
            errors.append(f"{line.id} [{line.language}] {'; '.join(said)}: {line.text[:160]}")
    return total, by_language, errors


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def release_figures(events: Counter[tuple[str, str]]) -> tuple[float, float]:
    """Precision and recall of ``release``, the label whose false positives hurt most."""
    hit = events[("release", "release")]
    said = sum(v for (_, got), v in events.items() if got == "release")
    true = sum(v for (expected, _), v in events.items() if expected == "release")
    return _ratio(hit, said), _ratio(hit, true)


def summary(name: str, tally: Tally) -> str:
    """One line of figures."""
    precision = _ratio(tally.hit, tally.hit + tally.false_alarm)
    recall = _ratio(tally.hit, tally.hit + tally.missed)
    accuracy = _ratio(sum(v for (e, g), v in tally.events.items() if e == g), sum(tally.events.values()))
    rel_p, rel_r = release_figures(tally.events)
    text = (
        f"{name:>6}: texts={sum(tally.events.values())} names P={precision:.3f} R={recall:.3f} "
        f"(fp={tally.false_alarm} fn={tally.missed})  item events acc={accuracy:.3f} release P={rel_p:.3f} "
        f"R={rel_r:.3f}"
    )
    if tally.person_events:
        right = sum(v for (e, g), v in tally.person_events.items() if e == g)
        p_p, p_r = release_figures(tally.person_events)
        text += (
            f"  person events acc={_ratio(right, sum(tally.person_events.values())):.3f} "
            f"release P={p_p:.3f} R={p_r:.3f}"
        )
    return text


def main(argv: list[str] | None = None) -> int:
    """Score the matcher; exit 1 below a bar, 2 on a bad file or a broken matcher."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests/events/unseen.tsv")
    parser.add_argument("--watches", type=Path, default=ROOT / "tests/events/watches.tsv")
    parser.add_argument("--cmd", default=DEFAULT_CMD, help="the matcher (default: this checkout's releasewatch match)")
    parser.add_argument("--errors", action="store_true", help="list every text the matcher got wrong")
    parser.add_argument("--min-precision", type=float, default=0.0, help="bar for names' precision")
    parser.add_argument("--min-recall", type=float, default=0.0, help="bar for names' recall")
    args = parser.parse_args(argv)
    try:
        watches = load_watches(args.watches)
        lines = load_corpus(args.corpus, set(watches))
        answers = run_matcher(args.cmd, args.watches.resolve(), [line.text for line in lines])
    except (CorpusError, OSError, ValueError) as e:
        print(f"bench/score.py: {e}", file=sys.stderr)
        return 2
    total, by_language, errors = score(lines, answers)
    if args.errors:
        print("\n".join(errors) or "no errors")
    for language, tally in sorted(by_language.items()):
        print(summary(language, tally))
    print(summary("all", total))
    precision = _ratio(total.hit, total.hit + total.false_alarm)
    recall = _ratio(total.hit, total.hit + total.missed)
    return 0 if precision >= args.min_precision and recall >= args.min_recall else 1


if __name__ == "__main__":
    sys.exit(main())
