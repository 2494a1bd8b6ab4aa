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
