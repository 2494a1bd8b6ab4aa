"""Running it for real: /healthz and /metrics from a running bot, errors to the operator, /admin, backups, export."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from telegram import Update
from telegram.error import NetworkError
from telegram.ext import CommandHandler, ContextTypes

from bot.cli import main
from bot.config import ConfigError
from bot.i18n import LANGUAGES
from bot.logs import JsonLines
from bot.ops.alarm import AlarmLimit, Fault
from bot.ops.backup import BackupError, backup
from bot.ops.export_format import TransferError, dump, load
from bot.ops.health import Probe, assess, poll_deadline
from bot.ops.lag import LoopLag
from bot.settings import Settings, webhook_secret
from storage.db import open_database
from storage.ops import Counts
from storage.transfer import chat_records
from tests.conftest import Harness
from tests.fakes import FakeTelegram, FeedServer, Route, Server, rss

CHAT = 501
OPERATOR = 900
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
NEWS = [
    {"title": "Old story", "link": "https://example.org/old", "guid": "old"},
    {"title": "Марыю Калеснікаву вызвалілі", "link": "https://example.org/k", "guid": "k1"},
]


# -- pure: the health verdict, the alarm's limit, the loop-lag window, the export format ---------------


def counts(**kw: object) -> Counts:
    base: dict[str, object] = dict(
        chats=3, watches=5, pending=0, failed_day=0, oldest_pending_alert=None, oldest_untried_alert=None,
        last_success=NOW - timedelta(minutes=5),
    )  # fmt: skip
    return Counts(**{**base, **kw})  # type: ignore[arg-type]


DAY_OLD = NOW - timedelta(days=1)
DEADLINE = timedelta(minutes=30)


@pytest.mark.parametrize(
    ("probe", "reason"),
    [
        (Probe(NOW, DAY_OLD, 0.01, None, counts(), DEADLINE), None),
        (Probe(NOW, DAY_OLD, 7.5, None, counts(), DEADLINE), "the event loop stalled for 7.5 s"),
        (Probe(NOW, DAY_OLD, 0.0, "OperationalError: disk full", counts(), DEADLINE), "refuses writes"),
        (Probe(NOW, DAY_OLD, 0.0, "x", None, DEADLINE), "no source polled successfully for 24 h 0 min"),
        (Probe(NOW, DAY_OLD, 0.0, None, counts(last_success=NOW - timedelta(hours=2)), DEADLINE), "for 2 h 0 min"),
        # starting: no poll yet, but it has not run as long as the deadline
        (Probe(NOW, NOW - timedelta(minutes=10), 0.0, None, counts(last_success=None), DEADLINE), None),
        # it was down for days and has just started: not blind yet
        (Probe(NOW, NOW - timedelta(minutes=1), 0.0, None, counts(last_success=NOW - timedelta(days=3)), DEADLINE),
         None),
        (Probe(NOW, DAY_OLD, 0.0, None, counts(oldest_untried_alert=NOW - timedelta(minutes=20)), DEADLINE),
         "an alert has waited 20 min without being tried"),
        # alerts being retried after Telegram errors are old but not stuck
        (Probe(NOW, DAY_OLD, 0.0, None, counts(oldest_pending_alert=NOW - timedelta(hours=3)), DEADLINE), None),
        # the database went away: said once, with since when (not "refuses writes" as well)
        (Probe(NOW, DAY_OLD, 0.0, "down", None, DEADLINE, NOW - timedelta(minutes=2)),
         "the database has been unreachable since 2026-"),
    ],
)  # fmt: skip
def test_health_verdict(probe: Probe, reason: str | None) -> None:
    ok, body = assess(probe)
    assert ok is (reason is None)
    assert body["status"] == ("ok" if reason is None else "failing")
    if reason is not None:
        assert any(reason in r for r in body["reasons"]), body["reasons"]
    json.dumps(body)  # it is what /healthz sends
    if probe.db_down_since is not None:
        assert body["database"] == f"down since {probe.db_down_since.isoformat()}"
        assert not any("refuses" in r for r in body["reasons"])


def test_poll_deadline_is_three_rounds_of_the_slowest_source() -> None:
    assert poll_deadline([]) == timedelta(minutes=30)
    assert poll_deadline([timedelta(minutes=5)]) == timedelta(minutes=30)
    assert poll_deadline([timedelta(minutes=5), timedelta(hours=1)]) == timedelta(hours=3)


def test_alarm_limit_tells_once_per_kind_then_counts_what_it_held_back() -> None:
    limit = AlarmLimit(every=timedelta(minutes=15), per_hour=3)
    a, b = Fault("bot.x.f", "ValueError", "x.py:1"), Fault("bot.y.g", "KeyError", "y.py:2")
    assert limit.allow(a, NOW) == 0
    assert limit.allow(a, NOW + timedelta(minutes=1)) is None
    assert limit.allow(a, NOW + timedelta(minutes=2)) is None
    assert limit.allow(b, NOW + timedelta(minutes=3)) == 0  # another kind goes at once
    assert limit.allow(a, NOW + timedelta(minutes=16)) == 2  # "and 2 more like it"
    c = Fault("bot.z.h", "OSError", "z.py:3")
    assert limit.allow(c, NOW + timedelta(minutes=17)) is None  # 3 in the hour: the cap
    assert limit.allow(c, NOW + timedelta(minutes=61)) == 1


def test_fault_names_the_line_but_never_the_message_and_skips_expected_trouble() -> None:
    def record(error: BaseException) -> logging.LogRecord:
        try:
            raise error
        except BaseException:
            return logging.getLogger("bot.somewhere").makeRecord(
                "bot.somewhere", logging.ERROR, __file__, 1, "failed", (), sys.exc_info(), func="handler"
            )

    fault = Fault.of(record(ValueError("Марыя Калеснікава")))
    assert fault is not None and fault.kind == "ValueError" and fault.where == "bot.somewhere.handler"
    assert fault.line.startswith("test_ops.py:") and "Калеснікава" not in repr(fault)
    assert Fault.of(record(NetworkError("unreachable"))) is None


def test_loop_lag_reports_the_worst_stall_in_its_window() -> None:
    lag = LoopLag(window=60)
    lag.record(0.0, 0.002)
    lag.record(10.0, 2.5)
    lag.record(20.0, -0.001)  # woke early: no lag
    assert lag.worst() == 2.5
    lag.record(75.0, 0.01)  # the 2.5 s stall is more than a minute old
    assert lag.worst() == 0.01


def test_export_format_round_trips_and_explains_bad_files() -> None:
    from storage.transfer import ChatRecord, WatchRecord

    settings: dict[str, object] = {"mode": None, "digest_time": "20:00", "digest_tz": "Europe/Minsk", "digest_on": True,
                "digest_quiet": True, "releases_only": False, "quiet": "23:00-08:00"}  # fmt: skip
    records = [ChatRecord(-100, "supergroup", "be", settings, (WatchRecord("Maria Kolesnikova", ("певица",)),))]
    assert load(dump(records, NOW)) == records
    doc = json.loads(dump(records, NOW))
    for change, says in (
        ({"format": "other"}, "not a releasewatch export"),
        ({"version": 9}, "export version 9"),
        ({"chats": {}}, '"chats" must be a list'),
    ):
        with pytest.raises(TransferError, match=says):
            load(json.dumps({**doc, **change}))
    bad_chats: tuple[tuple[dict[str, object], str], ...] = (
        ({"digest_tz": "Mars/Olympus"}, "chats\\[0\\].digest_tz: unknown time zone"),
        ({"digest_time": "25:00"}, "chats\\[0\\].digest_time: expected HH:MM"),
        ({"kind": "forum"}, "chats\\[0\\].kind"),
        ({"watches": [{"name": ""}]}, "chats\\[0\\].watches\\[0\\]"),
    )
    for bad, says in bad_chats:
        with pytest.raises(TransferError, match=says):
            load(json.dumps({**doc, "chats": [{**doc["chats"][0], **bad}]}))
    with pytest.raises(TransferError, match="not JSON"):
        load("{")


def test_operator_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELEASEWATCH_HTTP", ":9100")
    monkeypatch.setenv("RELEASEWATCH_LOG_LEVEL", "debug")
    monkeypatch.setenv("RELEASEWATCH_LOG_FORMAT", "JSON")
    s = Settings.from_env()
    assert (s.http, s.log_level, s.log_json) == (("127.0.0.1", 9100), "DEBUG", True)
    assert Settings.from_env(http="[::1]:8080").http == ("::1", 8080)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:ABC")
    monkeypatch.setenv("RELEASEWATCH_WEBHOOK_URL", "https://bot.example.org/tg")
    monkeypatch.setenv("RELEASEWATCH_TAKEOVER", "30s")
    s = Settings.from_env()
    assert s.webhook_url == "https://bot.example.org/tg" and s.webhook_listen == ("0.0.0.0", 8443)
    assert s.takeover == timedelta(seconds=30)
    assert webhook_secret(s) == webhook_secret(Settings.from_env())  # every instance derives the same one
    assert "123:ABC" not in webhook_secret(s) and len(webhook_secret(s)) == 48
    monkeypatch.setenv("RELEASEWATCH_WEBHOOK_SECRET", "chosen_by-me")
    assert webhook_secret(Settings.from_env()) == "chosen_by-me"
    for name, value in (
        ("RELEASEWATCH_HTTP", "8080x"),
        ("RELEASEWATCH_LOG_LEVEL", "loud"),
        ("RELEASEWATCH_WEBHOOK_URL", "bot.example.org"),
        ("RELEASEWATCH_WEBHOOK_LISTEN", "everywhere"),
        ("RELEASEWATCH_WEBHOOK_SECRET", "not allowed!"),
        ("RELEASEWATCH_TAKEOVER", "1s"),
    ):
        monkeypatch.setenv(name, value)
        with pytest.raises(ConfigError, match=name):
            Settings.from_env()
        monkeypatch.delenv(name)


def test_json_log_lines_keep_the_token_out() -> None:
    formatter = JsonLines("123:SECRET")
    record = logging.getLogger("bot.x").makeRecord("bot.x", logging.WARNING, __file__, 1, "url %s", ("/bot123:SECRET",),
                                                   None)  # fmt: skip
    entry = json.loads(formatter.format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "bot.x" and entry["message"] == "url /bot<token>"


# -- a running bot -----------------------------------------------------------------------------------------


async def get(h: Harness, path: str) -> httpx.Response:
    assert h.services is not None and h.services.ops.server is not None
    async with httpx.AsyncClient() as client:
        return await client.get(f"http://127.0.0.1:{h.services.ops.server.port}{path}", timeout=10)


def metric(text: str, name: str) -> float:
    """The value of one sample line of the Prometheus text format, e.g. ``releasewatch_chats``."""
    values = [float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.split(" ", 1)[0] == name]
    assert len(values) == 1, (name, [line for line in text.splitlines() if name in line])
    return values[0]


async def test_healthz_and_metrics_answer_from_a_running_bot(make_harness) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(http=True)
    await h.say(CHAT, "/watch Maria Kolesnikova")
    health = await get(h, "/healthz")
    assert health.status_code == 200 and health.headers["content-type"].startswith("application/json")
    body = health.json()
    assert body["status"] == "ok" and body["database"] == "writable" and body["last_successful_poll"] is None

    await h.poll_and_send()
    h.feeds.routes["/news.xml"] = Route(rss(NEWS))
    await h.poll_and_send()
    await h.wait_messages(CHAT, 2)
    body = (await get(h, "/healthz")).json()
    assert body["last_successful_poll"] is not None and body["outbox_pending"] == 0
    assert body["oldest_pending_alert_seconds"] is None

    text = (await get(h, "/metrics")).text
    assert metric(text, 'releasewatch_polls_total{outcome="ok",source="Viasna"}') == 2
    assert metric(text, 'releasewatch_items_stored_total{source="Viasna"}') == 2
    assert metric(text, 'releasewatch_matches_total{source="Viasna"}') == 1
    assert metric(text, 'releasewatch_messages_sent_total{kind="alert"}') == 1
    assert metric(text, 'releasewatch_sources{state="ok"}') == 2
    assert metric(text, "releasewatch_chats") == 1 and metric(text, "releasewatch_watches") == 1
    assert metric(text, "releasewatch_outbox_pending") == 0
    assert metric(text, "releasewatch_send_seconds_count") == 1
    assert 'releasewatch_poll_seconds_bucket{le="+Inf",source="Zerkalo"} 2.0' in text
    assert "Kolesnikova" not in text and f'"{CHAT}"' not in text  # no watched name, no chat in the labels
    assert (await get(h, "/nothing")).status_code == 404


async def test_metrics_count_replies_as_their_own_kind_without_created_twins(make_harness) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(http=True)
    assert h.services is not None
    if h.services.gate.metrics is None:  # bot.app hands the gate the bot's metrics (see the report of issue 19)
        h.services.gate.metrics = h.services.ops.metrics
    await h.say(CHAT, "/watch Maria Kolesnikova")
    await h.say(CHAT, "/watchlist")
    for _ in range(100):  # the fake Bot API has the reply before the gate has counted its answer
        text = (await get(h, "/metrics")).text
        if metric(text, 'releasewatch_messages_sent_total{kind="reply"}') == 2:
            break
        await asyncio.sleep(0.05)
    assert metric(text, 'releasewatch_messages_sent_total{kind="reply"}') == 2
    assert "_created" not in text
    assert not [line for line in text.splitlines() if line.startswith("releasewatch_messages_sent_total ")]


async def test_healthz_503_when_writes_wait_and_shows_a_stalled_loop(make_harness) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(http=True)
    assert h.services is not None
    ops = h.services.ops
    ops.write_timeout = 0.2
    async with h.services.db.transaction():  # a stray writer holds the database
        answer = await get(h, "/healthz")
    assert answer.status_code == 503
    assert answer.json()["reasons"] == ["the database refuses writes: a write waited more than 0.2 s"]
    assert (await get(h, "/healthz")).status_code == 200  # the writer let go

    await ops.lag.stop()
    ops.lag = LoopLag(period=0.02)
    ops.lag.start()
    await asyncio.sleep(0.05)
    time.sleep(0.3)  # noqa: ASYNC251 - a handler that blocks the loop, on purpose
    await asyncio.sleep(0.05)
    body = (await get(h, "/healthz")).json()
    assert body["event_loop_lag_seconds"] >= 0.2  # seen; unhealthy only past 5 s (see test_health_verdict)


async def test_unexpected_errors_reach_the_operator_once_without_texts(make_harness) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(operator=OPERATOR, http=True)

    async def broken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise ValueError("Марыя Калеснікава")  # a bug whose message quotes a watched name

    h.app.add_handler(CommandHandler("boom", broken))
    await h.say(CHAT, "/lang be")
    for _ in (1, 2):
        reply = await h.say(CHAT, "/boom Калеснікава")
        assert reply == "У нас нешта пайшло не так. Паспрабуйце яшчэ раз."  # in the chat's language
        assert h.services is not None
        await h.services.sender.settled()
    (notice,) = h.telegram.messages_to(OPERATOR)  # the second error is held back
    assert "Unexpected error" in notice and "ValueError" in notice and "tests.test_ops" not in notice
    assert "Калеснікава" not in notice and "boom" not in notice
    text = (await get(h, "/metrics")).text
    assert metric(text, 'releasewatch_unexpected_errors_total{where="bot.telegram.handlers.on_error"}') == 2


async def test_admin_shows_counts_and_pauses_a_source(make_harness) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(operator=OPERATOR)
    assert "Only the bot's operator" in await h.say(CHAT, "/admin")
    await h.say(CHAT, "/watch Maria Kolesnikova")
    h.run_scheduler(feed_tick=0.05)
    route = h.feeds.routes["/news.xml"]
    while route.hits == 0:  # noqa: ASYNC110 - counted by the feed server's thread
        await asyncio.sleep(0.01)
    overview = await h.say(OPERATOR, "/admin")
    assert "Chats: 2 · watches: 1" in overview and "Queue: 0 waiting" in overview  # the operator's chat counts too
    assert "No source is called “Nowhere”" in await h.say(OPERATOR, "/admin pause Nowhere")
    assert "viasna is paused" in (await h.say(OPERATOR, "/admin pause viasna")).lower()
    assert "Paused: Viasna" in await h.say(OPERATOR, "/admin")
    hits = route.hits
    h.clock.advance(minutes=30)  # due many times over
    await asyncio.sleep(0.3)
    assert route.hits == hits and h.feeds.routes["/other.xml"].hits > 1
    assert "polled again" in await h.say(OPERATOR, "/admin resume Viasna")
    while route.hits == hits:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    assert "Usage" in await h.say(OPERATOR, "/admin frobnicate")


# -- backups and moving data --------------------------------------------------------------------------


@pytest.mark.sqlite_only
async def test_backup_copies_the_live_database_and_the_copy_restores(make_harness, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness()
    await h.say(CHAT, "/watch Maria Kolesnikova")
    h.run_scheduler(feed_tick=0.02)  # polls and writes while the backup runs
    live = Path(h.settings.database)
    copies = [await asyncio.to_thread(backup, live, tmp_path / f"copy{n}.sqlite3") for n in range(5)]
    assert all(c.chats == 1 and c.watches == 1 for c in copies)
    assert os.stat(copies[0].path).st_mode & 0o077 == 0
    with pytest.raises(BackupError, match="exists"):
        backup(live, copies[0].path)
    await h.stop()

    # restoring: the copy in the database's place, and the bot starts from it
    os.replace(copies[-1].path, h.settings.database)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{h.settings.database}{suffix}")
    restored: Harness = await make_harness()
    assert "Maria Kolesnikova" in await restored.say(CHAT, "/watchlist")


@pytest.mark.sqlite_only
async def test_backup_without_a_file_name_picks_a_dated_one_every_time(make_harness, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness()
    await h.say(CHAT, "/watch Maria Kolesnikova")
    await h.stop()
    db = ["--db", str(h.settings.database)]
    folder = tmp_path / "backups"
    folder.mkdir()
    for argv in (["backup", *db], ["backup", *db], ["backup", str(folder), *db], ["backup", str(folder), *db]):
        assert await asyncio.to_thread(main, argv) == 0  # the second run of a cron line, too
    made = [Path(line.split(":")[0]) for line in capsys.readouterr().out.splitlines()]
    assert len(set(made)) == 4 and all(p.is_file() and p.suffix == ".sqlite3" for p in made)
    assert [p.parent for p in made] == [Path(h.settings.database).parent] * 2 + [folder] * 2
    assert re.fullmatch(r"releasewatch-\d{4}-\d\d-\d\dT\d{4}Z(-2)?\.sqlite3", made[1].name), made[1].name
    assert await asyncio.to_thread(main, ["backup", str(made[0]), *db]) == 1  # a file named: never overwritten
    assert "exists and a backup never overwrites" in capsys.readouterr().err


async def test_export_and_import_move_chats_between_databases(make_harness, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness()
    await h.say(CHAT, "/watch Maria Kolesnikova, Ales Bialiatski")
    await h.say(CHAT, "/digest 08:30")
    await h.stop()
    exported = tmp_path / "chats.json"
    assert await asyncio.to_thread(main, ["export", "--db", str(h.settings.database), "-o", str(exported)]) == 0
    assert os.stat(exported).st_mode & 0o077 == 0
    target = tmp_path / "other.sqlite3"
    assert await asyncio.to_thread(main, ["import", str(exported), "--db", str(target)]) == 0
    assert "1 chats, 2 watches added\n" in capsys.readouterr().out
    assert await asyncio.to_thread(main, ["import", str(exported), "--db", str(target)]) == 0  # twice: nothing doubles
    assert "1 chats, 0 watches added, 2 skipped: the chat already watched that person" in capsys.readouterr().out
    before, after = await open_database(h.settings.database), await open_database(target)
    try:
        assert await chat_records(after) == await chat_records(before)
        (chat,) = await chat_records(after)
        assert chat.settings["digest_time"] == "08:30" and len(chat.watches) == 2
    finally:
        await before.close()
        await after.close()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "releasewatch-export", "version": 1, "chats": [{"id": "x"}]}', encoding="utf-8")
    assert await asyncio.to_thread(main, ["import", str(bad), "--db", str(target)]) == 1


# -- what the container runs: `releasewatch run` with the endpoint on, and its HEALTHCHECK command ----------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_container_start_and_healthcheck_commands(tmp_path: Path) -> None:
    telegram, feeds = FakeTelegram(), FeedServer()
    feeds.routes["/f.xml"] = Route(rss([{"title": "Hello", "link": "https://e.org/h"}]))
    with Server(telegram) as tg, Server(feeds) as fs:
        (tmp_path / "feeds.yaml").write_text(f"feeds:\n  - name: Fixture\n    url: {fs.url}/f.xml\n", encoding="utf-8")
        address = f"127.0.0.1:{free_port()}"
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": f"{tg.url}/bot",
            "RELEASEWATCH_CONFIG": str(tmp_path / "feeds.yaml"),
            "RELEASEWATCH_DB": str(tmp_path / "data" / "releasewatch.sqlite3"),
            "RELEASEWATCH_HTTP": address,
            "RELEASEWATCH_LOG_FORMAT": "json",
        }
        (tmp_path / "data").mkdir()
        check = [sys.executable, "-m", "bot", "healthcheck"]
        assert subprocess.run(check, env=env, capture_output=True, timeout=30).returncode == 1  # not running yet
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                result = subprocess.run(check, env=env, capture_output=True, text=True, timeout=30)
                if result.returncode == 0:
                    break
                time.sleep(0.2)
            assert result.returncode == 0, result.stderr
            assert result.stdout.startswith("healthy")
            scraped = httpx.get(f"http://{address}/metrics", timeout=10).text
            assert "releasewatch_outbox_pending" in scraped
        finally:
            proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, out
        lines = [json.loads(line) for line in out.splitlines()]  # every log line is JSON
        assert any(e["message"] == "releasewatch stopped" for e in lines)
        assert telegram.token not in out


ROOT = Path(__file__).resolve().parent.parent


def test_the_image_runs_commands_the_cli_has_and_ships_the_data_files(tmp_path: Path) -> None:
    from bot.cli import build_parser

    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    commands = [json.loads(line.split("CMD", 1)[1]) for line in dockerfile.splitlines() if "CMD [" in line]
    assert [c[0] for c in commands] == ["releasewatch", "releasewatch"]
    assert {build_parser().parse_args(c[1:]).command for c in commands} == {"healthcheck", "run"}
    settings = (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")
    env = {word.split("=")[0] for word in dockerfile.split() if word.startswith("RELEASEWATCH_")}
    assert env and all(f'"{name}"' in settings for name in env), env  # each variable is one the bot reads
    # the image's build stage: only what its COPY lines bring, built by its own `pip wheel` line (offline here)
    context = tmp_path / "context"
    build_stage = dockerfile.split(" AS build", 1)[1].split("\nFROM ", 1)[0]
    build_stage = "\n".join(line for line in build_stage.splitlines() if not line.startswith("#"))
    for line in build_stage.splitlines():
        if line.startswith("COPY ") and "--from" not in line:
            *sources, target = line.split()[1:]
            for source in sources:
                into = context / target / (Path(source).name if target.endswith("/") else "")
                copy = shutil.copytree if (ROOT / source).is_dir() else shutil.copy
                into.parent.mkdir(parents=True, exist_ok=True)
                copy(ROOT / source, into)
    (wheel_line,) = [w for w in build_stage.replace("\\\n", " ").split("&&") if "pip wheel " in w]
    flags = [w for w in wheel_line.split() if w.startswith("--")]
    assert {"--no-deps", "--no-build-isolation"} <= set(flags), wheel_line  # built as below
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", str(context),
         "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    (wheel,) = tmp_path.glob("releasewatch-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    needed = [p.relative_to(ROOT).as_posix() for folder in ("bot", "storage") for p in (ROOT / folder).rglob("*")
              if p.suffix in (".py", ".sql", ".po") and "__pycache__" not in p.parts]  # fmt: skip
    assert needed and not [f for f in needed if f not in packed]
    catalogues = [f"bot/locale/{lang}/LC_MESSAGES/messages.mo" for lang in LANGUAGES if lang != "en"]
    assert not [f for f in catalogues if f not in packed]  # compiled when built, not at each start


def test_compose_reads_settings_inside_the_container_and_starts_postgres_first() -> None:
    import yaml

    files = {name: (ROOT / "deploy" / name).read_text(encoding="utf-8") for name in ("compose.yaml",
             "compose.postgres.yaml")}  # fmt: skip
    for name, text in files.items():  # nothing is expanded from the caller's shell (an unset password is "")
        assert "$" not in "".join(line.split("#", 1)[0] for line in text.splitlines()), name
    main_file, postgres = (yaml.safe_load(text) for text in files.values())
    bot = main_file["services"]["releasewatch"]
    assert bot["env_file"] == "releasewatch.env" and "environment" not in bot
    assert postgres["services"]["releasewatch"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    database = postgres["services"]["postgres"]
    assert database["env_file"] == "postgres.env" and "POSTGRES_PASSWORD" not in database["environment"]
    assert database["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]


def test_the_example_env_file_has_every_variable_with_its_default() -> None:
    example = (ROOT / "deploy" / "releasewatch.env.example").read_text(encoding="utf-8")
    lines = {line.lstrip("#").split("=", 1)[0]: line.split("=", 1)[1] for line in example.splitlines()
             if "=" in line and line.lstrip("#").split("=", 1)[0].isupper()}  # fmt: skip
    read = set(re.findall(r'env\.get\("([A-Z_]+)"\)', (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")))
    assert read and read == set(lines), read ^ set(lines)
    defaults = Settings(token=None, api_base_url=None, config_path=Path("feeds.yaml"), database="x")
    assert lines["RELEASEWATCH_MAX_WATCHES"] == str(defaults.max_watches)
    assert lines["RELEASEWATCH_LOG_LEVEL"] == defaults.log_level
    assert lines["RELEASEWATCH_WEBHOOK_LISTEN"] == "{}:{}".format(*defaults.webhook_listen)
    assert lines["RELEASEWATCH_TAKEOVER"] == f"{defaults.takeover.seconds}s"


async def test_a_failing_job_is_logged_and_told_to_the_operator(make_harness, caplog) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(operator=OPERATOR)
    assert h.services is not None

    async def broken() -> int:  # the fault: a job's work raises
        raise RuntimeError("a bug in pruning")

    assert await h.services.job(broken()) is None  # the error stays in the job: the scheduler's next run goes on
    (notice,) = await h.wait_messages(OPERATOR, 1)
    assert "RuntimeError" in notice and "bot.app.job" in notice and "a bug in pruning" not in notice
    assert any(r.getMessage().startswith("job ") and r.exc_info for r in caplog.records)
