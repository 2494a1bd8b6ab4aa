"""Feed bytes → items. No I/O: feedparser only ever sees bytes here."""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
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


class NotAFeed(Exception):
    """The body is not a feed (an HTML page, an empty or unreadable document)."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    items: list[NewItem]
    warning: str | None  # feedparser's bozo reason when it still got entries


def parse_feed(body: bytes, content_type: str | None = None) -> ParsedFeed:
    """Parse a fetched body into items; raise NotAFeed with the reason for a bad one."""
    if not body.strip():
        raise NotAFeed("empty response")
    headers = {"content-type": content_type} if content_type else {}
    parsed: Any = feedparser.parse(body, response_headers=headers, resolve_relative_uris=True, sanitize_html=False)
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries:
        if _HTML_START.match(body[:2048]) or (content_type or "").startswith("text/html"):
            raise NotAFeed("got an HTML page instead of a feed (blocked by an anti-bot wall?)")
        if not version:
            reason = parsed.get("bozo_exception")
            raise NotAFeed(f"not a feed: {reason}" if reason else "not a feed")
        if len(body) < 200:
            raise NotAFeed(f"feed document is almost empty ({len(body)} bytes)")
    items = [item for entry in entries if (item := _item(entry)) is not None]
    warning = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        warning = f"{type(exc).__name__}: {exc}" if exc else "malformed feed"
    return ParsedFeed(items=items, warning=warning)


def _item(entry: Any) -> NewItem | None:
    title = plain_text(entry.get("title") or "")
    summary = plain_text(_summary_html(entry))[:SUMMARY_LIMIT]
    link = entry.get("link") or None
    if link and not urlsplit(link).scheme.startswith("http"):
        link = None
    if not title and not summary:
        return None
    canonical = canonical_link(link) if link else None
    guid = entry.get("id") or canonical or _content_hash(title, summary)
    return NewItem(
        guid=str(guid)[:1000],
        link=link,
        canonical_link=canonical,
        title=title or summary[:120],
        summary=summary,
        published_at=_published(entry),
    )


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


def canonical_link(url: str) -> str:
    """The link without tracking parameters or fragment, with a lower-case host."""
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


def _published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError):
                continue
    return None
