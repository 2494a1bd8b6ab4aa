"""The real-news event corpus (tests/events/real/*.tsv) is well formed.

Each line: ``id lang split url labels text``, tab-separated; ``labels`` is ``Name=event`` pairs joined by
``;``. The split is fixed by the page's URL (md5 mod 3 == 0 is held out), so a page never straddles the
two. Nothing here measures the matcher: bench/events.py does, and shows the held-out part only in aggregate.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parent / "events" / "real"
LANGS = {"en", "pl", "de", "lt", "ru", "be", "uk"}
EVENTS = {"release", "sentence", "detention", "other"}
MIN_LINES = 60
FILES = sorted(REAL.glob("*.tsv"))


def split_of(url: str) -> str:
    return "held" if int(hashlib.md5(url.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def rows(path: Path) -> list[tuple[int, list[str]]]:
    return [
        (number, line.split("\t"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]


def test_corpus_present() -> None:
    assert FILES, f"no corpus files in {REAL}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_parses(path: Path) -> None:
    problems: list[str] = []
    for number, cols in rows(path):
        where = f"{path.name}:{number}"
        if len(cols) != 6:
            problems.append(f"{where}: {len(cols)} columns, not 6")
            continue
        rid, lang, split, url, labels, text = cols
        if lang not in LANGS:
            problems.append(f"{where}: unknown lang {lang!r}")
        if path.stem in LANGS and lang != path.stem:
            problems.append(f"{where}: lang {lang!r} in {path.name}")
        if not rid.startswith(f"{lang}-"):
            problems.append(f"{where}: id {rid!r} does not start with {lang}-")
        if not url.startswith(("http://", "https://")):
            problems.append(f"{where}: url {url!r}")
        if split != split_of(url):
            problems.append(f"{where}: split {split!r}, the md5 rule says {split_of(url)!r}")
        if not text.strip():
            problems.append(f"{where}: empty text")
        pairs = [p for p in labels.split(";")]
        if not pairs or any(not p.strip() for p in pairs):
            problems.append(f"{where}: empty label in {labels!r}")
        for pair in pairs:
            name, eq, event = pair.partition("=")
            if not eq or not name.strip() or name != name.strip():
                problems.append(f"{where}: label {pair!r} is not Name=event")
            elif event not in EVENTS:
                problems.append(f"{where}: unknown event {event!r}")
        names = [p.partition("=")[0] for p in pairs]
        if len(names) != len(set(names)):
            problems.append(f"{where}: a name labelled twice")
    assert not problems, "\n".join(problems)


def test_ids_unique() -> None:
    ids = Counter(cols[0] for path in FILES for _, cols in rows(path))
    twice = sorted(rid for rid, n in ids.items() if n > 1)
    assert not twice, f"ids used more than once: {twice}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_minimum_lines(path: Path) -> None:
    n = len(rows(path))
    assert n >= MIN_LINES, f"{path.name}: {n} lines, at least {MIN_LINES} expected"
