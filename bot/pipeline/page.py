"""A news list without a feed (a rights group's news page, a prisoner's page) → items. Pure.

``feeds.yaml`` names CSS selectors: ``item`` matches each entry of the list; inside it,
``link`` the element whose ``href`` is the story's address, ``title`` its headline (the
link's words by default) and ``date`` its date (a ``datetime`` attribute, or words such as
"13 снежня 2025", read by ``bot.pipeline.dates``).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urljoin

import chardet
from selectolax.lexbor import LexborHTMLParser, LexborNode

from bot.config import PageSelectors
from bot.pipeline.dates import MINSK, parse_local_date
from bot.pipeline.parse import SUMMARY_LIMIT, TITLE_LIMIT, NotAFeed, ParsedFeed, canonical_link, shorten, usable_link
from storage.items import NewItem

_AHEAD = timedelta(days=2)  # a date further ahead than this is a mistake
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)


def parse_page(
    body: bytes,
    base_url: str,
    selectors: PageSelectors,
    now: datetime,
    content_type: str | None = None,
    tz: str = MINSK,
) -> ParsedFeed:
    """The page's items; NotAFeed when nothing on it matches ``selectors.item``."""
    tree = LexborHTMLParser(decode(body, content_type))
    entries = tree.css(selectors.item)
    if not entries:
        raise NotAFeed(
            f"nothing on the page matches `{selectors.item}` (the site changed its layout, or an anti-bot page?)"
        )
    items: list[NewItem] = []
    skipped: list[str] = []
    for number, entry in enumerate(entries, 1):
        item = _entry(entry, base_url, selectors, now, tz)
        if item is None:
            skipped.append(f"item {number}: no link or no headline")
        else:
            items.append(item)
    return ParsedFeed(items=items, warning=None, skipped=tuple(skipped))


def _entry(entry: LexborNode, base: str, sel: PageSelectors, now: datetime, tz: str) -> NewItem | None:
    anchor = entry if entry.tag == "a" and sel.link == "a" else entry.css_first(sel.link)
    href = (anchor.attributes.get("href") or "").strip() if anchor is not None else ""
    link = usable_link(urljoin(base, href)) if href else None
    heading = entry.css_first(sel.title) if sel.title else anchor
    title = _words(heading) if heading is not None else ""
    if not link or not title:
        return None
    return NewItem(
        guid=canonical_link(link) or link,
        link=link,
        canonical_link=canonical_link(link),
        title=shorten(title, TITLE_LIMIT),
        summary=_words(entry)[:SUMMARY_LIMIT],
        published_at=_date(entry, sel, now, tz),
    )


def _date(entry: LexborNode, sel: PageSelectors, now: datetime, tz: str) -> datetime | None:
    node = entry.css_first(sel.date) if sel.date else None
    if node is None:
        return None
    machine = node if node.attributes.get("datetime") else node.css_first("[datetime]")
    stamp = (machine.attributes.get("datetime") if machine is not None else None) or _words(node)
    when = parse_local_date(stamp, now, tz)
    return None if when is None or when > now + _AHEAD else when


def decode(body: bytes, content_type: str | None) -> str:
    """The page's text in the charset it declares (HTTP header, then ``<meta>``), else a good guess."""
    declared = _CHARSET.search((content_type or "").encode()) or _META_CHARSET.search(body[:4096])
    for encoding in ((declared.group(1).decode("ascii", "ignore") if declared else None), "utf-8"):
        if encoding:
            try:
                return body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    guess = chardet.detect(body[:65536]).get("encoding") or "windows-1251"  # the region's usual legacy charset
    return body.decode(guess, errors="replace")


def _words(node: LexborNode) -> str:
    return " ".join(node.text(deep=True, separator=" ").split())
