"""Feed bytes → items. No I/O: feedparser only ever sees bytes here.

One bad item never fails its feed: an item that cannot be read is skipped, and what can be
repaired is (an unusable link is dropped, an absurd date forgotten, an endless title
shortened); ``ParsedFeed.skipped`` says why, for the log.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

from storage.items import NewItem

_TAG = re.compile(r"<(?:/?[A-Za-z][^<>]*|!--.*?--)>", re.S)
_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d)\b[^>]*>", re.I)
_SPACE = re.compile(r"[ \t\u00a0]+")
_LINES = re.compile(r"\s*\n\s*")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|yclid|mc_cid|mc_eid|wt_mc|ref|ref_src|from|_openstat)$", re.I)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
SUMMARY_LIMIT = 2000
TITLE_LIMIT = 500
LINK_LIMIT = 2048
GUID_LIMIT = 1000
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_FUTURE = timedelta(days=2)  # a date further ahead than this is a feed's mistake
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")


class NotAFeed(Exception):
    """The body is not a feed (an HTML page, an empty or unreadable document)."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    items: list[NewItem]
    warning: str | None  # feedparser's bozo reason when it still got entries
    skipped: tuple[str, ...] = ()  # why items were left out


def parse_feed(body: bytes, content_type: str | None = None, now: datetime | None = None) -> ParsedFeed:
    """Parse a fetched body into items; raise NotAFeed with the reason for a bad one.

    ``now`` lets dates in the future be recognised as mistakes.
    """
    if not body.strip():
        raise NotAFeed("empty response")
    headers = {"content-type": content_type} if content_type else {}
    parsed: Any = feedparser.parse(body, response_headers=headers, resolve_relative_uris=True, sanitize_html=False)
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    problem = _bozo(parsed)
    if not entries:
        if _HTML_START.match(body[:2048]) or (content_type or "").startswith("text/html"):
            raise NotAFeed("got an HTML page instead of a feed (blocked by an anti-bot wall?)")
        if not version:
            raise NotAFeed(f"not a feed: {problem}" if problem else "not a feed")
        if len(body) < 200 and not problem:
            raise NotAFeed(f"feed document is almost empty ({len(body)} bytes)")
    items: list[NewItem] = []
    skipped: list[str] = []
    for number, entry in enumerate(entries, 1):
        try:
            item = _item(entry, now)
        except Exception as e:  # one unreadable item costs only itself
            skipped.append(f"item {number}: {type(e).__name__}: {str(e)[:200]}")
            continue
        if item is None:
            skipped.append(f"item {number}: no title and no text")
        else:
            items.append(item)
    if not items and problem and not problem.startswith(_HARMLESS_BOZO):
        raise NotAFeed(f"malformed document: {problem}")
    return ParsedFeed(items=items, warning=problem, skipped=tuple(skipped))


def _bozo(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}"[:300] if exc else "malformed feed"


def _item(entry: Any, now: datetime | None) -> NewItem | None:
    title = plain_text(str(entry.get("title") or ""))
    summary = plain_text(_summary_html(entry))[:SUMMARY_LIMIT]
    if not title and not summary:
        return None
    link = usable_link(str(entry.get("link") or ""))
    canonical = canonical_link(link) if link else None
    guid = str(entry.get("id") or canonical or _content_hash(title, summary))
    if len(guid) > GUID_LIMIT:  # keep long ids distinct rather than cut them into collisions
        guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
    return NewItem(
        guid=guid,
        link=link,
        canonical_link=canonical,
        title=shorten(title, TITLE_LIMIT) or shorten(summary, 120),
        summary=summary,
        published_at=_published(entry, now),
    )


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def usable_link(url: str) -> str | None:
    """The link if a reader can open it: http(s), a host, a valid port, not absurdly long."""
    url = url.strip()
    if not url or len(url) > LINK_LIMIT:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port such as 99999
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _summary_html(entry: Any) -> str:
    if entry.get("summary"):
        return str(entry["summary"])
    content = entry.get("content") or []
    return str(content[0].get("value", "")) if content else ""


def plain_text(markup: str) -> str:
    """HTML → text: tags removed, entities decoded, whitespace collapsed."""
    text = _SCRIPT.sub(" ", markup)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    text = _SPACE.sub(" ", text)
    return _LINES.sub("\n", text).strip()


def canonical_link(url: str) -> str | None:
    """The link without tracking parameters or fragment, with a lower-case host; None if unusable."""
    if usable_link(url) is None:
        return None
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def _content_hash(title: str, summary: str) -> str:
    return "sha256:" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()


def _published(entry: Any, now: datetime | None) -> datetime | None:
    """The item's date, unless it is absurd (before 1990, or days ahead of ``now``)."""
    for key in ("published_parsed", "updated_parsed"):
        value = dict.get(entry, key)  # entry.get would map a missing key to the other, with a warning
        if value:
            try:
                when = datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, TypeError, OSError):
                continue
            if when >= _EARLIEST and (now is None or when <= now + _FUTURE):
                return when
    return None
