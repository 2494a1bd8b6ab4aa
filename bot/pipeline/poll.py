"""Fetch a feed's bytes over HTTP. Never parses; never raises for a bad feed."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

MAX_BODY = 5 * 1024 * 1024
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "releasewatch/0.1 (+https://github.com/releasewatch/releasewatch; Telegram alert bot for news feeds)"


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


def make_client(transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The one HTTP client for feeds: timeouts, redirects, gzip, a descriptive User-Agent."""
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        follow_redirects=True,
        max_redirects=5,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        },
        transport=transport,
    )


async def fetch(client: httpx.AsyncClient, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
    """GET with conditional headers; the body is capped at MAX_BODY."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return NotModified()
            if response.status_code != 200:
                return FetchFailed(f"HTTP {response.status_code}")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_BODY:
                return FetchFailed(f"feed larger than {MAX_BODY // 1024 // 1024} MB")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_BODY:
                    return FetchFailed(f"feed larger than {MAX_BODY // 1024 // 1024} MB")
                chunks.append(chunk)
            return Fetched(
                body=b"".join(chunks),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                content_type=response.headers.get("Content-Type"),
            )
    except httpx.TimeoutException:
        return FetchFailed("timed out")
    except httpx.TooManyRedirects:
        return FetchFailed("too many redirects")
    except httpx.HTTPError as e:
        return FetchFailed(f"network error: {type(e).__name__}")
