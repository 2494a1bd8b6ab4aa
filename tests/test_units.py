"""Tables for the pure pieces: config, parsing, canonical links, rendering, scheduling, rate limits."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, parse_config, parse_interval
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.render import make_snippet, render_alert
from bot.i18n import Catalogs, utc_offset
from bot.pipeline.parse import NotAFeed, canonical_link, parse_feed, plain_text
from bot.pipeline.schedule import next_poll_at
from storage.db import DatabaseError, open_database

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("feeds: []", "`feeds` is empty"),
        ("feeds:\n  - name: a\n    url: ftp://x\n", "3:10: bad URL"),
        ("feeds:\n  - name: a\n    url: https://x.org\n    colour: red\n", "4:5: unknown key `colour`"),
        (
            "feeds:\n  - {name: a, url: 'https://x.org/r'}\n  - {name: a, url: 'https://y.org/r'}\n",
            "duplicate feed name",
        ),
        (
            "feeds:\n  - {name: a, url: 'https://x.org/r'}\n  - {name: b, url: 'https://X.org/r/'}\n",
            "duplicate feed URL",
        ),
        ("feeds:\n  - {name: a, url: 'https://x.org/r', interval: 5s}\n", "below the minimum"),
        ("feeds:\n  - {name: a, url: 'https://x.org/r', interval: soon}\n", "not a duration"),
        ("feeds: [\n", "not valid YAML"),
        ("colour: red\nfeeds:\n  - {name: a, url: 'https://x.org/r'}\n", "1:1: unknown key `colour`"),
    ],
)
def test_config_problems_have_positions(text: str, problem: str) -> None:
    with pytest.raises(ConfigError) as e:
        parse_config(text)
    assert problem in str(e.value)


def test_interval_and_defaults() -> None:
    assert parse_interval("1h30m") == timedelta(minutes=90)
    config = parse_config("defaults: {interval: 1h}\nfeeds:\n  - {name: a, url: 'https://x.org/r', tags: [media]}\n")
    assert config.feeds[0].interval == timedelta(hours=1) and config.feeds[0].tags == ("media",)


def test_check_config_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = Path(__file__).parent.parent / "feeds.yaml"
    assert main(["check-config", "--config", str(shipped)]) == 0
    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds:\n  - {name: a, url: nope}\n")
    assert main(["check-config", "--config", str(bad)]) == 1
    assert "2:20: bad URL" in capsys.readouterr().err


def test_run_without_token_says_how_to_get_one(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    shipped = Path(__file__).parent.parent / "feeds.yaml"
    assert main(["run", "--config", str(shipped)]) == 2
    err = capsys.readouterr().err
    assert "@BotFather" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "count", "title_contains"),
    [
        ("09_mf_real_windows-1251_ru.xml", 50, None),
        ("10_mf_koi8r_declared_ru.xml", 2, None),
        ("12_mf_real_rss090_rdf_no_dates.xml", 60, None),
        ("13_real_habr_ru_cdata_dc_creator.xml", 20, None),
    ],
)
def test_fixture_feeds_parse(name: str, count: int, title_contains: str | None) -> None:
    body = (FIXTURES / name).read_bytes()
    if count == 0:
        with pytest.raises(NotAFeed):
            parse_feed(body)
        return
    parsed = parse_feed(body)
    assert len(parsed.items) == count
    assert all(item.guid for item in parsed.items)
    assert len({item.guid for item in parsed.items}) == count


def test_cyrillic_legacy_encodings_decode() -> None:
    koi8 = parse_feed((FIXTURES / "10_mf_koi8r_declared_ru.xml").read_bytes())
    assert any(any("а" <= ch <= "я" for ch in item.title.lower()) for item in koi8.items)
    cp1251 = parse_feed((FIXTURES / "09_mf_real_windows-1251_ru.xml").read_bytes())
    assert all("\ufffd" not in item.summary for item in cp1251.items)
    undeclared = parse_feed((FIXTURES / "01_fp_koi8r_no_encoding_decl.xml").read_bytes())
    assert undeclared.items[0].title == "Как пережить новогоднюю ночь"


def test_rdf_without_dates_or_guids_dedupes_on_link() -> None:
    items = parse_feed((FIXTURES / "12_mf_real_rss090_rdf_no_dates.xml").read_bytes()).items
    assert all(i.published_at is None for i in items)
    assert all("wt_mc" not in (i.canonical_link or "") for i in items)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"<!DOCTYPE html><html><body>Just a moment...</body></html>", "HTML page"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "almost empty"),
    ],
)
def test_not_a_feed(body: bytes, reason: str) -> None:
    with pytest.raises(NotAFeed, match=reason):
        parse_feed(body)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.Example.org/a/?utm_source=x&id=2#top", "https://example.org/a?id=2"),
        ("http://example.org/a?fbclid=1", "https://example.org/a"),
        ("https://example.org:8443/a/", "https://example.org:8443/a"),
    ],
)
def test_canonical_links(url: str, canonical: str) -> None:
    assert canonical_link(url) == canonical


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>A&nbsp;&amp;&nbsp;B</p>", "A & B"),
        ("5 < 10 &lt;i&gt;", "5 < 10 <i>"),
        ("<script>x()</script>Hi<br>there", "Hi\nthere"),
    ],
)
def test_plain_text(markup: str, text: str) -> None:
    assert plain_text(markup) == text


def test_alert_escapes_feed_text() -> None:
    html = render_alert(
        Catalogs().get("en"),
        "UTC",
        names=["<Maria>"],
        surfaces=["Kolesnikova"],
        event="release",
        title="A & <b>",
        link='https://x.org/?a=1&b="2"',
        summary="Maria Kolesnikova & friends <freed>",
        source="Src <1>",
        when=NOW,
    )
    assert "<b>&lt;Maria&gt;</b>" in html
    assert 'href="https://x.org/?a=1&amp;b=&quot;2&quot;"' in html
    assert "A &amp; &lt;b&gt;" in html
    assert "<b>Kolesnikova</b> &amp; friends &lt;freed&gt;" in html
    assert "Src &lt;1&gt; · 24 Nov 2026, 12:00" in html


def test_snippet_windows_around_the_mention() -> None:
    text = "word " * 100 + "Kolesnikova " + "tail " * 100
    snippet = make_snippet(text, ["Kolesnikova"], width=60)
    assert snippet.startswith("…") and snippet.endswith("…") and "<b>Kolesnikova</b>" in snippet


@pytest.mark.parametrize(
    ("failures", "low", "high"),
    [(0, 9, 11), (1, 18, 22), (3, 72, 88), (30, 324, 396)],  # minutes; capped at 6 h ± 10%
)
def test_next_poll_backs_off_and_caps(failures: int, low: float, high: float) -> None:
    for jitter in (0.0, 0.5, 0.999):
        delay = (next_poll_at(NOW, timedelta(minutes=10), failures, jitter) - NOW).total_seconds() / 60
        assert low <= delay <= high


@pytest.mark.parametrize(
    ("sent", "chat", "now", "ready"),
    [
        ([(-100, 0.0)] * 19, -100, 0.0, 0.0),  # a group may have 20 a minute
        ([(-100, 0.0)] * 20, -100, 0.0, 60.0),  # the 21st waits for the first to leave the window
        ([(-100, float(n)) for n in range(20)], -100, 30.0, 60.0),
        ([(5, 0.0)], 5, 0.2, 1.0),  # a private chat: one a second
        ([(5, 0.0)], 6, 0.2, 0.2),  # another chat is not held up
        ([(n, 0.0) for n in range(1, 31)], 99, 0.5, 1.0),  # the 31st message in a second waits
        ([(n, 0.0) for n in range(1, 31)], 99, 1.0, 1.0),
    ],
)
def test_rate_limits(sent: list[tuple[int, float]], chat: int, now: float, ready: float) -> None:
    limiter = RateLimiter()
    for chat_id, at in sent:
        limiter.book(chat_id, at)
    assert limiter.ready_at(chat, now) == ready


def test_rate_limits_keep_a_reserve_and_obey_telegram() -> None:
    limiter = RateLimiter()
    for n in range(29):
        limiter.book(n + 1, 0.0)
    assert limiter.global_ready_at(0.0) == 0.0  # a reply may take the 30th slot ...
    assert limiter.global_ready_at(0.0, reserve=1) == 1.0  # ... the sender, keeping one for replies, waits
    limiter.block(7, 12.5)  # a 429 with retry_after
    assert limiter.chat_ready_at(7, 2.0) == 12.5


async def test_database_is_private_and_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = await open_database(path)
    assert os.stat(path).st_mode & 0o077 == 0
    await db.close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 999")
    raw.close()
    with pytest.raises(DatabaseError, match="newer"):
        await open_database(path)


@pytest.mark.parametrize(
    ("zone", "when", "shown"),
    [
        ("Europe/Minsk", datetime(2026, 11, 24, 12, 0, tzinfo=UTC), "UTC+3"),
        ("Europe/Warsaw", datetime(2026, 11, 24, 12, 0, tzinfo=UTC), "UTC+1"),
        ("Europe/Warsaw", datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "UTC+2"),  # summer time
        ("America/New_York", datetime(2026, 11, 24, 12, 0, tzinfo=UTC), "UTC-5"),
        ("Asia/Kolkata", datetime(2026, 11, 24, 12, 0, tzinfo=UTC), "UTC+5:30"),
        ("UTC", datetime(2026, 11, 24, 12, 0, tzinfo=UTC), "UTC"),
    ],
)
def test_a_time_shown_carries_its_utc_offset(zone: str, when: datetime, shown: str) -> None:
    assert utc_offset(when, zone) == shown
    texts = Catalogs()
    assert texts.get("ru").datetime(when, zone).endswith(f" {shown}")  # with a time: the offset
    assert not texts.get("ru").datetime(when, zone, "d MMM yyyy").endswith(shown)  # a date alone: none
