"""Fetch a feed's bytes over HTTP. Never parses; never raises for a bad feed.

Every fetch has an overall deadline (connect, headers and the whole body), so a server that
trickles one byte a second costs only its own feed. The body is decompressed here, from the
raw stream, so the size cap applies to what decompression produces as it produces it: a
small gzip bomb never grows past the cap in memory.
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass

import httpx

MAX_BODY = 5 * 1024 * 1024
DEADLINE = 60.0  # seconds for the whole fetch
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "releasewatch/0.1 (+https://github.com/releasewatch/releasewatch; Telegram alert bot for news feeds)"
_TOO_LARGE = f"feed larger than {MAX_BODY // 1024 // 1024} MB"


@dataclass(frozen=True, slots=True)
class Fetched:
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None


@dataclass(frozen=True, slots=True)
class NotModified:
    pass


@dataclass(frozen=True, slots=True)
class FetchFailed:
    reason: str


FetchResult = Fetched | NotModified | FetchFailed


def make_client(transport: httpx.AsyncBaseTransport | None = None, proxy: str | None = None) -> httpx.AsyncClient:
    """An HTTP client for sources: timeouts, redirects, a descriptive User-Agent, maybe a proxy."""
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        follow_redirects=True,
        max_redirects=5,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
            "Accept-Encoding": "gzip, deflate",  # what _Decoder undoes
        },
        transport=transport,
        proxy=proxy,
    )


class Clients:
    """One HTTP client per proxy (and one without), made when first needed, closed together."""

    def __init__(self, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.transport = transport
        self._clients: dict[str | None, httpx.AsyncClient] = {}

    def get(self, proxy: str | None = None) -> httpx.AsyncClient:
        if proxy not in self._clients:
            self._clients[proxy] = make_client(None if proxy else self.transport, proxy)
        return self._clients[proxy]

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    etag: str | None,
    last_modified: str | None,
    *,
    deadline: float = DEADLINE,
    max_body: int = MAX_BODY,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """GET with conditional headers, within ``deadline`` seconds; the decoded body is capped at ``max_body``."""
    headers = dict(headers or {})
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(deadline):
            return await _get(client, url, headers, max_body)
    except TimeoutError:
        return FetchFailed(f"timed out: no complete answer within {deadline:g} s")
    except httpx.TimeoutException:
        return FetchFailed("timed out")
    except httpx.TooManyRedirects:
        return FetchFailed("too many redirects")
    except httpx.HTTPError as e:
        return FetchFailed(f"network error: {type(e).__name__}")


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, str], max_body: int) -> FetchResult:
    async with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304:
            return NotModified()
        if response.status_code != 200:
            return FetchFailed(f"HTTP {response.status_code}")
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_body:
            return FetchFailed(_TOO_LARGE)
        try:
            decoder = _Decoder(response.headers.get("Content-Encoding", ""), max_body)
            chunks = [part async for chunk in response.aiter_raw() if (part := decoder.feed(chunk))]
            chunks.append(decoder.finish())
        except _TooLarge:
            return FetchFailed(_TOO_LARGE)
        except (_BadEncoding, zlib.error) as e:
            return FetchFailed(f"malformed compressed body: {e}")
        return Fetched(
            body=b"".join(chunks),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            content_type=response.headers.get("Content-Type"),
        )


class _TooLarge(Exception):
    pass


class _BadEncoding(Exception):
    pass


class _Decoder:
    """Undo gzip or deflate incrementally, never producing more than ``limit`` bytes in all."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise _BadEncoding(f"unsupported content encoding {content_encoding!r}")
        self.coding = codings[0] if codings else ""
        self.room = limit
        self._z: zlib._Decompress | None = None
        self._ended = False  # a gzip member ended: only another member may follow
        self._pending = b""

    def feed(self, data: bytes) -> bytes:
        if not self.coding:
            return self._take(data)
        data, self._pending = self._pending + data, b""
        out: list[bytes] = []
        while data:
            if len(data) < 2 and (self._ended or self._z is None):
                self._pending = data  # two bytes tell a new gzip member, or zlib from raw deflate
                break
            if self._ended:
                if not data.startswith(b"\x1f\x8b"):
                    break  # trailing padding after the last member: ignored, as browsers do
                self._ended, self._z = False, None
            z = self._inflater(data)
            piece = z.decompress(data, self.room + 1)  # one byte more than allowed proves it too large
            out.append(self._take(piece))
            data = z.unconsumed_tail
            if z.eof:
                self._ended = True
                data = z.unused_data + data
        return b"".join(out)

    def finish(self) -> bytes:
        return self._take(self._z.flush()) if self._z is not None and not self._ended else b""

    def _inflater(self, first: bytes) -> zlib._Decompress:
        if self._z is None:
            if self.coding != "deflate":
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            elif len(first) >= 2 and first[0] & 0x0F == 8 and ((first[0] << 8) | first[1]) % 31 == 0:
                self._z = zlib.decompressobj(zlib.MAX_WBITS)
            else:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send it
        return self._z

    def _take(self, data: bytes) -> bytes:
        if len(data) > self.room:
            raise _TooLarge
        self.room -= len(data)
        return data
