"""``releasewatch match``: the matcher on the command line (its contract, and ``--json``: docs/matching.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.matching import InvalidWatch, Lexicon, Matcher


def add_arguments(p: argparse.ArgumentParser) -> None:
    """``match``'s options; the parser's description points at the contract."""
    p.description = (
        "Say which watched names each text mentions, and what happened to them. What counts as a mention, "
        "the events and the --json answer are described in docs/matching.md; bench/score.py scores the "
        "answers against a labelled corpus."
    )
    p.add_argument("--watches", type=Path, help="TSV file: key<TAB>name as typed")
    p.add_argument("--watch", action="append", default=[], metavar="NAME", help="a watched name (repeatable)")
    p.add_argument("--json", action="store_true", help="one JSON object per input line")
    p.add_argument("text", nargs="*", help="texts to match, one per argument (default: lines on standard input)")


def run(args: argparse.Namespace) -> int:
    watches: dict[str, str] = {}
    if args.watches:
        for n, line in enumerate(args.watches.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            key, sep, name = line.partition("\t")
            if not sep:
                print(f"{args.watches}:{n}: expected key<TAB>name", file=sys.stderr)
                return 2
            watches[key.strip()] = name.strip()
    for name in args.watch:
        watches[name] = name
    if not watches:
        print("releasewatch match: give --watches FILE or --watch NAME", file=sys.stderr)
        return 2
    lexicon = Lexicon()
    try:
        matcher = Matcher.compile(watches, lexicon)
    except InvalidWatch as e:
        print(f"releasewatch match: {e}", file=sys.stderr)
        return 2
    texts = args.text or (line.rstrip("\n") for line in sys.stdin)  # each argument is a text of its own
    for text in texts:
        if args.json:
            result = matcher.find(text)
            out = {
                "matches": [
                    {
                        "watch": m.watch,
                        "surface": m.surface,
                        "start": m.start,
                        "end": m.end,
                        "event": result.person_events.get(m.watch, result.event).value,
                        "how_sure": result.how_sure(m.watch),
                        "doubts": list(result.doubts.get(m.watch, ())),
                    }
                    for m in result.mentions
                ],
                "event": result.event.value,
            }
            print(json.dumps(out, ensure_ascii=False), flush=False)
        else:
            _print_explanation(matcher, lexicon, text)
    sys.stdout.flush()
    return 0


def _print_explanation(matcher: Matcher, lexicon: Lexicon, text: str) -> None:
    result, notes = matcher.explain(text)
    print(f"text: {text}")
    for key, spec in matcher.watches():
        verdict = "MATCH" if key in result.watches else "no match"
        print(f"  {key}: {verdict}  (watch forms: {', '.join(lexicon.forms(spec))})")
    for line in notes:
        print(f"    - {line}")
    if not notes:
        print("    - no word of the text can be any watched surname")
    print(f"  event: {result.event.value}")
