"""Tables for reading feeds: decompression under a cap, links and items repaired or skipped, bad documents."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime

import pytest

from bot.pipeline.parse import NotAFeed, canonical_link, parse_feed, shorten, usable_link
from bot.pipeline.poll import _BadEncoding, _Decoder, _TooLarge
from tests.fakes import rss

BODY = b"<rss>" + b"x" * 100_000 + b"</rss>"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("", BODY),
        ("identity", BODY),
        ("gzip", gzip.compress(BODY)),
        ("x-gzip", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", zlib.compress(BODY)[2:-4]),  # raw deflate, as some servers send it
        ("gzip", gzip.compress(BODY[:50_000]) + gzip.compress(BODY[50_000:]) + b"\0\0"),  # two members, padding
    ],
)
def test_decoder_undoes_what_servers_send_in_any_chunking(encoding: str, data: bytes) -> None:
    for size in (1, 7, 1000, len(data)):
        decoder = _Decoder(encoding, 1 << 20)
        out = b"".join(decoder.feed(data[i : i + size]) for i in range(0, len(data), size)) + decoder.finish()
        assert out == BODY


def test_decoder_stops_a_bomb_at_the_cap() -> None:
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join(pack.compress(b"\0" * (1 << 20)) for _ in range(64)) + pack.flush()
    decoder = _Decoder("gzip", 5 << 20)
    produced = 0
    with pytest.raises(_TooLarge):
        for i in range(0, len(bomb), 65536):
            produced += len(decoder.feed(bomb[i : i + 65536]))
    assert produced <= 5 << 20


@pytest.mark.parametrize("encoding", ["br", "gzip, br", "compress"])
def test_decoder_refuses_what_it_cannot_undo(encoding: str) -> None:
    with pytest.raises(_BadEncoding):
        _Decoder(encoding, 100)


@pytest.mark.parametrize(
    ("url", "usable"),
    [
        ("https://e.org/a", "https://e.org/a"),
        (" http://e.org/a ", "http://e.org/a"),
        ("http://example.org:99999/x", None),  # a port that cannot be
        ("http://[::1/x", None),  # a broken IPv6 address
        ("javascript:alert(1)", None),
        ("https:///nohost", None),
        ("https://e.org/" + "a" * 3000, None),
        ("", None),
    ],
)
def test_usable_link(url: str, usable: str | None) -> None:
    assert usable_link(url) == usable
    if usable is None and url.strip():
        assert canonical_link(url) is None  # never raises


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        ("short", 10, "short"),
        ("one two three four", 12, "one two…"),
        ("abcdefghijklmnop", 8, "abcdefg…"),
    ],
)
def test_shorten_at_a_word(text: str, limit: int, short: str) -> None:
    assert shorten(text, limit) == short and len(short) <= limit


def test_items_are_repaired_or_skipped_one_by_one() -> None:
    parsed = parse_feed(
        rss(
            [
                {"title": "Bad port", "link": "http://example.org:99999/x"},
                {"title": "Long " * 30_000, "link": "https://e.org/long"},
                {"title": "Future", "link": "https://e.org/f", "pubDate": "Sat, 01 Jan 2039 00:00:00 GMT"},
                {"title": "Ancient", "link": "https://e.org/a", "pubDate": "Mon, 01 Jan 1900 00:00:00 GMT"},
                {"title": "Fine", "link": "https://e.org/ok", "pubDate": "Tue, 24 Nov 2026 10:00:00 GMT"},
                {"title": "", "description": ""},
            ]
        ),
        now=NOW,
    )
    by_title = {i.title[:8]: i for i in parsed.items}
    assert by_title["Bad port"].link is None and by_title["Bad port"].guid.startswith("sha256:")
    assert len(by_title["Long Lon"].title) <= 500
    assert by_title["Future"].published_at is None and by_title["Ancient"].published_at is None
    assert by_title["Fine"].published_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert parsed.skipped == ("item 6: no title and no text",)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title', "malformed document"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 300, "not a feed"),
    ],
)
def test_bad_documents_are_failures_with_a_reason(body: bytes, reason: str) -> None:
    with pytest.raises(NotAFeed, match=reason):
        parse_feed(body)


# -- sources known to block bots: marked in feeds.yaml, told once, their failing no news --------------------


def test_blocks_bots_is_a_flag_of_a_source() -> None:
    from bot.config import ConfigError, parse_config

    text = "feeds:\n  - name: A\n    url: https://e.org/a\n    blocks_bots: true\n  - name: B\n    url: https://e.org/b\n"
    a, b = parse_config(text).feeds
    assert a.blocks_bots and not b.blocks_bots
    with pytest.raises(ConfigError, match="4:18: `blocks_bots` must be true or false"):
        parse_config(text.replace("blocks_bots: true", "blocks_bots: maybe"))


def test_the_shipped_feeds_mark_the_viasna_feeds_as_blocking_bots() -> None:
    from pathlib import Path

    from bot.config import load_config

    feeds = load_config(Path(__file__).resolve().parent.parent / "feeds.yaml").feeds
    assert {f.name for f in feeds if f.blocks_bots} == {"Viasna (EN)", "Viasna (RU)", "Viasna (BE)"}


async def test_sources_known_to_block_bots_are_told_once_and_not_announced_as_down(
    make_harness, fakes, feed_url
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from bot.config import Config, FeedConfig
    from tests.fakes import Route

    _, feeds = fakes
    operator = 777
    for path in ("/x.xml", "/y.xml"):
        feeds.routes[path] = Route(b"Forbidden", status=403)
    feeds.routes["/z.xml"] = Route(rss([{"title": "Old", "link": "https://e.org/old"}]))
    ten = timedelta(minutes=10)
    config = Config(
        feeds=(
            FeedConfig("Blocked X", f"{feed_url}/x.xml", ten, blocks_bots=True),
            FeedConfig("Blocked Y", f"{feed_url}/y.xml", ten, blocks_bots=True),
            FeedConfig("Open", f"{feed_url}/z.xml", ten),
        )
    )
    h = await make_harness(config, operator=operator)
    for _ in range(4):
        await h.poll_and_send(minutes=400)
    (notice,) = await h.wait_messages(operator, 1)  # one notice for both, and no "down"
    assert "Known to block bots" in notice and "Blocked X, Blocked Y" in notice
    sources = await h.say(1001, "/sources")
    assert "🔴 Blocked X" in sources and "HTTP 403" in sources  # still shown as failing
    await h.stop()

    h = await make_harness(config, operator=operator, clock=h.clock)  # a restart says nothing again
    feeds.routes["/x.xml"] = Route(rss([{"title": "Free", "link": "https://e.org/free"}]))
    await h.poll_and_send(minutes=400)
    told = await h.wait_messages(operator, 2)
    assert told[1:] == ["📡 <b>Blocked X</b>: back: working again"]  # news: it works now
