"""The command line as a newcomer uses it: `run` in a real process, `scan`, `match`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from tests.fakes import FakeTelegram, FeedServer, Route, Server, rss


def write_config(path: Path, feed_url: str) -> Path:
    path.write_text(f"feeds:\n  - name: Fixture\n    url: {feed_url}\n    interval: 5m\n", encoding="utf-8")
    return path


def test_run_starts_registers_commands_answers_and_stops_cleanly(tmp_path: Path) -> None:
    telegram, feeds = FakeTelegram(), FeedServer()
    feeds.routes["/f.xml"] = Route(rss([{"title": "Hello", "link": "https://e.org/h"}]))
    with Server(telegram) as tg, Server(feeds) as fs:
        config = write_config(tmp_path / "feeds.yaml", f"{fs.url}/f.xml")
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_API_BASE_URL": f"{tg.url}/bot"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(config), "--db", str(tmp_path / "rw.sqlite3")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 30
            while not telegram.commands and time.monotonic() < deadline:
                time.sleep(0.05)
            assert {c["command"] for c in telegram.commands} >= {"watch", "status", "stop"}
            telegram.user_says(11, "/status")
            (reply,) = telegram.wait_for_messages(11, 1)
            assert "1 configured" in reply
            while feeds.routes["/f.xml"].hits == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert feeds.routes["/f.xml"].hits == 1  # the scheduler polled at start-up
        finally:
            proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, out
        assert "Traceback" not in out and " ERROR " not in out
        assert telegram.token not in out  # the token never reaches the log
        assert "releasewatch stopped" in out
        assert os.stat(tmp_path / "rw.sqlite3").st_mode & 0o077 == 0


def run_briefly(tmp_path: Path, api: str, token: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
    config = write_config(tmp_path / "feeds.yaml", "https://example.org/feed.xml")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": api}
    db = db or str(tmp_path / "rw.sqlite3")
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config), "--db", db],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_up_failures_are_one_clear_line_without_the_token(tmp_path: Path) -> None:
    telegram = FakeTelegram(reject_token=True)
    with Server(telegram) as tg:
        rejected = run_briefly(tmp_path, f"{tg.url}/bot", telegram.token)
        unreachable_port = tg.port
    unreachable = run_briefly(tmp_path, f"http://127.0.0.1:{unreachable_port}/bot", telegram.token)
    with Server(FakeTelegram()) as tg:
        no_database = run_briefly(tmp_path, f"{tg.url}/bot", telegram.token, db=str(tmp_path / "missing" / "x.db"))
    for result, says in (
        (rejected, "Telegram rejected the bot token"),
        (unreachable, f"cannot reach the Telegram Bot API at 127.0.0.1:{unreachable_port}"),
        (no_database, "cannot open the database"),
    ):
        output = (result.stdout + result.stderr).strip()
        assert result.returncode == 1, output
        assert output.splitlines() == [output.splitlines()[0]] and says in output
        assert telegram.token not in output and "Traceback" not in output


def test_scan_prints_matching_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feeds = FeedServer()
    feeds.routes["/f.xml"] = Route(
        rss(
            [
                {"title": "Марию Колесникову перевели в другую колонию", "link": "https://e.org/k"},
                {"title": "Andrei Kolesnikov detained", "link": "https://e.org/a"},
            ]
        )
    )
    with Server(feeds) as fs:
        config = write_config(tmp_path / "feeds.yaml", f"{fs.url}/f.xml")
        assert main(["scan", "--config", str(config), "--watch", "Maria Kolesnikova"]) == 0
    out = capsys.readouterr()
    assert "Марию Колесникову" in out.out and "Andrei Kolesnikov" not in out.out
    assert "1 matching items in 1 sources" in out.err


def test_match_explains_why_not(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "--watch", "Viktor Babariko", "Eduard Babariko sentenced to eight years"]) == 0
    out = capsys.readouterr().out
    assert "no match" in out and "named “Eduard”" in out and "event: sentence" in out
