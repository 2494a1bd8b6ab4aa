"""A public Telegram channel's web preview (``https://t.me/s/CHANNEL``) → items. Pure.

The page lists the newest ~20 posts, oldest first, each a ``div.tgme_widget_message`` whose
``data-post`` is ``channel/id``; ``a.tme_messages_more[data-before]`` leads to older ones.
Each post with something to read becomes an item: guid and link ``https://t.me/CHANNEL/ID``,
the text (line breaks kept, a link's address kept after its words), the first line as the
title, the date from ``<time datetime>``. A link preview's title and description are added
to the text; captions of photos and videos are the post's text. Service messages ("channel
photo updated") and posts with nothing to read (a photo without a caption) are left out.
An edited post is listed with its new text and the same guid.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bot.pipeline.parse import SUMMARY_LIMIT, NotAFeed, ParsedFeed, shorten
from storage.items import NewItem

TITLE = 200
_AHEAD = timedelta(days=2)  # a date further ahead than this is a mistake


def parse_channel(body: bytes, now: datetime | None = None) -> tuple[ParsedFeed, int | None]:
    """The page's items, and the id to ask ``?before=`` for older posts (None on the oldest page)."""
    tree = LexborHTMLParser(body)
    posts = tree.css("div.tgme_widget_message[data-post]")
    if not posts:
        if tree.css_first(".tgme_channel_history, .tgme_channel_info") is not None:
            return ParsedFeed(items=[], warning=None), None  # a channel with nothing posted yet
        if tree.css_first(".tgme_page, .tgme_page_title") is not None:
            raise NotAFeed("the channel has no public preview (it is private, or Telegram hides it)")
        raise NotAFeed("not a Telegram channel page (blocked by an anti-bot wall?)")
    items: list[NewItem] = []
    skipped: list[str] = []
    for post in posts:
        try:
            item = _post(post, now)
        except (ValueError, KeyError) as e:
            skipped.append(f"post {post.attributes.get('data-post')}: {type(e).__name__}: {e}")
            continue
        if item is not None:
            items.append(item)
    more = tree.css_first("a.tme_messages_more[data-before]")
    before = (more.attributes.get("data-before") or "") if more is not None else ""
    return ParsedFeed(items=items, warning=None, skipped=tuple(skipped)), int(before) if before.isdigit() else None


def _post(post: LexborNode, now: datetime | None) -> NewItem | None:
    if "service_message" in (post.attributes.get("class") or ""):
        return None
    channel, _, number = (post.attributes.get("data-post") or "").rpartition("/")
    if not channel or not number.isdigit():
        raise ValueError("data-post is not channel/id")
    link = f"https://t.me/{channel}/{number}"
    # the post's own text sits in its bubble; a quoted reply's text is deeper, in the quote
    node = post.css_first(".tgme_widget_message_bubble > .tgme_widget_message_text")
    text = _text(node) if node is not None else ""
    preview = _preview(post)
    summary = "\n".join(part for part in (text, preview) if part)[:SUMMARY_LIMIT]
    if not summary:
        return None  # a photo or a sticker without words: nothing to read or match
    first_line = summary.split("\n", 1)[0]
    return NewItem(
        guid=link,
        link=link,
        canonical_link=link,
        title=shorten(first_line, TITLE),
        summary=summary,
        published_at=_date(post, now),
    )


def _text(node: LexborNode) -> str:
    """The post's words: line breaks kept, each link's address after its words."""
    node = LexborHTMLParser(node.html or "").body or node  # a copy: the page's tree stays as it was
    for br in node.css("br"):
        br.replace_with("\n")
    for a in node.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        words = a.text(deep=True)
        if href.startswith(("http://", "https://")) and href not in words and not words.startswith(("#", "@")):
            a.replace_with(f"{words} ({href})")
    lines = (" ".join(line.split()) for line in node.text(deep=True).split("\n"))
    return "\n".join(line for line in lines if line)


def _preview(post: LexborNode) -> str:
    box = post.css_first("a.tgme_widget_message_link_preview")
    if box is None:
        return ""
    parts = [box.css_first(f".link_preview_{part}") for part in ("site_name", "title", "description")]
    return "\n".join(" ".join(p.text(deep=True).split()) for p in parts if p is not None and p.text(deep=True).strip())


def _date(post: LexborNode, now: datetime | None) -> datetime | None:
    stamp = post.css_first("a.tgme_widget_message_date time[datetime]") or post.css_first("time[datetime]")
    if stamp is None:
        return None
    try:
        when = datetime.fromisoformat((stamp.attributes.get("datetime") or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None or (now is not None and when > now.replace(microsecond=0) + _AHEAD):
        return None
    return when
