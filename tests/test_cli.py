"""The command line's own promises: exit codes and messages that say what happened and why."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_scan_fails_when_every_source_failed_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    config = tmp_path / "feeds.yaml"
    config.write_text(
        f"feeds:\n  - name: A\n    url: http://127.0.0.1:{port}/a.xml\n"
        f"  - name: B\n    url: http://127.0.0.1:{port}/b.xml\n    blocks_bots: true\n",
        encoding="utf-8",
    )
    assert main(["scan", "--config", str(config), "--watch", "Maria Kolesnikova"]) == 1
    err = capsys.readouterr().err
    assert "every source failed (2 of 2)" in err
    assert err.count("network error: ConnectError (127.0.0.1: ") == 2  # the error's own words follow its class
    assert "matching items" not in err
    assert "! B: network error" in err and err.count("known to block bots") == 1


def test_check_config_reports_duplicates_of_an_entry_with_another_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "feeds:\n"
        "  - name: A\n    url: https://e.org/a.xml\n    interval: 1s\n"  # too short, and A is repeated below
        "  - name: A\n    url: https://e.org/b.xml\n"
        "  - name: C\n    url: https://E.org/a.xml/\n    language: xx\n",  # A's address again, and a bad language
        encoding="utf-8",
    )
    assert main(["check-config", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "4:15: interval 1s is below the minimum" in err
    assert "5:5: duplicate feed name “A” (first at 2:5)" in err
    assert "7:5: duplicate feed URL https://E.org/a.xml/ (first at 2:5)" in err
    assert "9:15: unknown language" in err


@pytest.mark.parametrize(
    ("argv", "env", "says"),
    [
        (["healthcheck", "--http", "nonsense"], {}, "releasewatch: --http: “nonsense” is not HOST:PORT"),
        (["healthcheck"], {"RELEASEWATCH_HTTP": "nonsense"}, "releasewatch: RELEASEWATCH_HTTP: “nonsense” is not"),
        (["run", "--http", "nonsense"], {}, "releasewatch: --http: “nonsense” is not HOST:PORT"),
        (["check-config"], {"RELEASEWATCH_OPERATOR_CHAT": "me"}, "releasewatch: RELEASEWATCH_OPERATOR_CHAT: “me”"),
    ],
)
def test_a_bad_setting_names_the_flag_or_variable_after_the_program(
    argv: list[str], env: dict[str, str], says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("RELEASEWATCH_HTTP", "RELEASEWATCH_OPERATOR_CHAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(says) and err.count("\n") == 1


def test_match_takes_one_text_per_argument(capsys: pytest.CaptureFixture[str]) -> None:
    texts = ["Maria Kolesnikova was released", "Andrei Kolesnikov detained"]
    assert main(["match", "--watch", "Maria Kolesnikova", "--json", *texts]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [len(a["matches"]) for a in answers] == [1, 0]
    assert answers[0]["matches"][0]["event"] == "release"
    assert main(["match", "--watch", "Maria Kolesnikova", *texts]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("text: ")] == [f"text: {t}" for t in texts]


def test_match_json_reads_lines_on_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Maria Kolesnikova was released\nnothing here\n"))
    assert main(["match", "--watch", "Maria Kolesnikova", "--json"]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [len(a["matches"]) for a in answers] == [1, 0]


def test_the_shipped_scorer_scores_match_json_against_a_corpus(tmp_path: Path) -> None:
    watches, corpus = tmp_path / "watches.tsv", tmp_path / "corpus.tsv"
    watches.write_text("# key<TAB>name\nkolesnikova\tMaria Kolesnikova\nbabaryka\tViktar Babaryka\n", encoding="utf-8")
    corpus.write_text(
        "# id lang people event text\n"
        "a\ten\tkolesnikova=release,babaryka=other\trelease\tKolesnikova was pardoned; Babaryka stays in prison.\n"
        "b\tru\t-\tother\tАндрей Колесников выступил с речью.\n"
        "c\ten\tbabaryka\tsentence\tEduard Babaryka was sentenced to eight years.\n",  # wrong on purpose: Eduard
        encoding="utf-8",
    )
    scorer = Path(__file__).resolve().parent.parent / "bench/score.py"
    argv = [sys.executable, str(scorer), "--corpus", str(corpus), "--watches", str(watches), "--errors"]
    result = subprocess.run([*argv, "--min-recall", "0.9"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "c [en] missed ['babaryka']" in result.stdout
    assert "all: texts=3 names P=1.000 R=0.667 (fp=0 fn=1)" in result.stdout
    assert "person events acc=1.000" in result.stdout
    corpus.write_text("a\ten\tnobody\tother\tText\n", encoding="utf-8")
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "“nobody” is not in the watches file" in result.stderr
