"""Real ``releasewatch run`` processes for the tests, on a fake Bot API and a loopback feed server.

A ``Stage`` is what the processes share: the fake Telegram (with its flood limits), the feed server, a
``feeds.yaml`` and the environment. ``Stage.start`` starts one more process on it (``python -m bot run``, with the
code on ``sys.path`` — set ``PYTHONPATH`` to run another copy of it); each ``BotProcess`` is killed (SIGKILL), stopped
(SIGTERM), asked for ``/healthz`` and ``/metrics``, sent commands through its own webhook, and read back from its
log, which goes to a file (a pipe nobody reads would stop a chatty process). Leaving the stage stops every process
still running, then the servers, whatever the test did.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.fakes import FakeTelegram, FeedServer, Flood, Server

LEVEL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) ", re.MULTILINE)
TRACEBACK = "Traceback (most recent call last)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(condition: Callable[[], object], seconds: float, what: str) -> float:
    """Poll ``condition`` until it holds; the seconds it took. Fails after ``seconds`` with ``what`` it waited for."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")
        time.sleep(0.05)
    return time.monotonic() - started


def alerts(telegram: FakeTelegram) -> list[dict[str, Any]]:
    """The alerts Telegram took so far (not replies, notices or digests)."""
    with telegram._cond:
        return [m for m in telegram.sent if str(m["text"]).startswith("🔔")]


class BotProcess:
    """One ``releasewatch run``: its process, its log, and its endpoints."""

    def __init__(self, name: str, env: dict[str, str], log: Path, telegram: FakeTelegram) -> None:
        self.name, self.env, self.log, self.telegram = name, env, log, telegram
        self.webhook = env.get("RELEASEWATCH_WEBHOOK_URL")
        self.http = env.get("RELEASEWATCH_HTTP")
        with log.open("ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], env=env, stdout=out,
                                         stderr=subprocess.STDOUT)  # fmt: skip
        self.started = time.monotonic()

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    @property
    def returncode(self) -> int | None:
        return self.proc.poll()

    def kill(self) -> None:
        """SIGKILL: no goodbye; what it had claimed, leased or announced stays behind."""
        self.proc.kill()
        self.proc.wait(timeout=30)

    def terminate(self, timeout: float = 30) -> float:
        """SIGTERM, then wait for the exit: the seconds it took (killed, and a failed test, after ``timeout``)."""
        started = time.monotonic()
        if self.alive:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"{self.name} did not exit within {timeout:g} s of SIGTERM:\n{self.tail()}") from None
        return time.monotonic() - started

    def wait_exit(self, timeout: float) -> int | None:
        """Its exit status, once it exits by itself; None if it still ran after ``timeout`` (it is killed then)."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    # -- its log -------------------------------------------------------------------------

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def tail(self, chars: int = 3000) -> str:
        return f"--- {self.name} ({self.log}) ---\n" + self.output()[-chars:]

    def tracebacks(self) -> int:
        return self.output().count(TRACEBACK)

    def lines(self, *levels: str) -> list[str]:
        """Its log lines at these levels (WARNING, ERROR, …), first line of each record only."""
        return [line for line in self.output().splitlines() if (m := LEVEL.match(line)) and m.group(1) in levels]

    # -- what reaches it from outside -----------------------------------------------------------

    def says(self, chat_id: int, text: str, **kwargs: Any) -> None:
        """A user's message, posted to this process's webhook (as a load balancer would pick it)."""
        assert self.webhook, "start it with webhook=True"
        self.telegram.user_says(chat_id, text, to=self.webhook, **kwargs)

    def healthz(self) -> tuple[int, dict[str, Any]]:
        """``GET /healthz``: the status and the body."""
        assert self.http, "start it with http=True"
        try:
            with urllib.request.urlopen(f"http://{self.http}/healthz", timeout=20) as answer:
                return int(answer.status), json.loads(answer.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def messages_sent(self) -> float:
        """Messages of any kind this process delivered (its ``releasewatch_messages_sent_total``)."""
        assert self.http, "start it with http=True"
        with urllib.request.urlopen(f"http://{self.http}/metrics", timeout=20) as answer:
            text = answer.read().decode()
        found = re.findall(r"^releasewatch_messages_sent_total\{[^}]*\} ([0-9.e+]+)$", text, re.MULTILINE)
        return sum(float(n) for n in found)


class Stage:
    """A fake Bot API, a feed server, a ``feeds.yaml`` and a database: where the processes run."""

    def __init__(self, folder: Path, database: str, flood: Flood | None = None, takeover: str | None = "3s") -> None:
        self.folder, self.database = folder, database
        self.telegram, self.feeds = FakeTelegram(flood=flood), FeedServer()
        self.config = folder / "feeds.yaml"
        self.takeover = takeover
        self.processes: list[BotProcess] = []
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Stage:
        self.tg = self._stack.enter_context(Server(self.telegram))
        self.fs = self._stack.enter_context(Server(self.feeds))
        self._stack.callback(self.stop_all)  # runs before the servers go
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._stack.close()

    def write_config(self, paths: dict[str, str], interval: str = "30s") -> None:
        """``feeds.yaml`` with one source per name, at these paths of the feed server."""
        lines = [
            f"  - {{name: {name}, url: '{self.fs.url}{path}', interval: {interval}}}\n" for name, path in paths.items()
        ]
        self.config.write_text("feeds:\n" + "".join(lines), encoding="utf-8")

    def start(self, name: str, *, webhook: bool = False, http: bool = False, **extra: str) -> BotProcess:
        """One more ``releasewatch run`` on this stage."""
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.telegram.token,
            "TELEGRAM_API_BASE_URL": f"{self.tg.url}/bot",
            "RELEASEWATCH_CONFIG": str(self.config),
            "RELEASEWATCH_DB": self.database,
            "RELEASEWATCH_LOG_FORMAT": "text",
            "RELEASEWATCH_LOG_LEVEL": "INFO",
        }
        if self.takeover is not None:  # several processes: a dead one's work is taken over after this (else 60 s)
            env["RELEASEWATCH_TAKEOVER"] = self.takeover
        if webhook:
            port = free_port()
            env["RELEASEWATCH_WEBHOOK_URL"] = f"http://127.0.0.1:{port}/telegram"
            env["RELEASEWATCH_WEBHOOK_LISTEN"] = f"127.0.0.1:{port}"
        if http:
            env["RELEASEWATCH_HTTP"] = f"127.0.0.1:{free_port()}"
        env.update(extra)
        bot = BotProcess(name, env, self.folder / f"{name}.log", self.telegram)
        self.processes.append(bot)
        return bot

    def wait_ready(self, bot: BotProcess, seconds: float = 60) -> None:
        """Until the process takes updates: its webhook answers, or (long polling) it has started."""
        if bot.webhook:
            port = int(bot.webhook.rsplit(":", 1)[1].split("/")[0])

            def listening() -> bool:
                with socket.socket() as s:
                    return s.connect_ex(("127.0.0.1", port)) == 0

            wait_until(lambda: listening() or not bot.alive, seconds, f"{bot.name}'s webhook")
        else:
            wait_until(lambda: "releasewatch started" in bot.output() or not bot.alive, seconds, f"{bot.name} to start")
        assert bot.alive, bot.tail()

    def logs(self) -> str:
        return "\n".join(p.tail() for p in self.processes)

    def stop_all(self) -> None:
        """Whatever still runs: SIGTERM, and SIGKILL after 10 s."""
        for bot in self.processes:
            if bot.alive:
                bot.proc.send_signal(signal.SIGTERM)
        for bot in self.processes:
            try:
                bot.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                bot.kill()
