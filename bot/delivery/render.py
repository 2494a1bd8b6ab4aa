"""Messages in Telegram HTML. Everything from a feed is escaped; every message fits.

Telegram refuses a message whose text, once the HTML is parsed, is longer than 4,096
UTF-16 code units. ``visible_length`` measures that; the builders shorten the feed's text
(never the markup) until a message fits, and ``pack_lines`` splits long replies.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

from bot.i18n import Text
from bot.matching import Event
from bot.pipeline.parse import shorten

SNIPPET = 220
MAX_MESSAGE = 4096  # UTF-16 code units of the visible text
TITLE = 300
NAMES = 10  # names shown in an alert's head; the rest are counted
_TAG = re.compile(r"<[^<>]*>")
# (title characters, snippet characters, names shown): tried in turn until the alert fits
_ALERT_SIZES = ((TITLE, SNIPPET, NAMES), (150, 100, 5), (80, 0, 2), (40, 0, 1))


def visible_length(markup: str) -> int:
    """The length Telegram counts: the text without tags, entities decoded, in UTF-16 code units."""
    return len(html.unescape(_TAG.sub("", markup)).encode("utf-16-le")) // 2


def pack_lines(lines: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Join lines into as few messages as fit; a line too long by itself loses its markup and its end."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        length = visible_length(line)
        if length > limit:
            line = html.escape(shorten(html.unescape(_TAG.sub("", line)), limit // 2))
            length = visible_length(line)
        if current and size + 1 + length > limit:
            messages.append("\n".join(current))
            current, size = [], 0
        size += length + (1 if current else 0)
        current.append(line)
    if current:
        messages.append("\n".join(current))
    return messages


def event_badge(t: Text, event: str) -> str:
    """🟢 release, ⚖️ sentence, 🔴 detention in the chat's language; nothing for other news (``event``: an
    ``Event``, or its value as stored)."""
    if event == Event.RELEASE:
        return "🟢 " + t.gettext("release")
    if event == Event.SENTENCE:
        return "⚖️ " + t.gettext("sentence")
    if event == Event.DETENTION:
        return "🔴 " + t.gettext("detention")
    return ""


def render_alert(
    t: Text,
    tz: str,
    *,
    names: list[str],
    surfaces: list[str],
    event: str,  # an Event (or its value)
    title: str,
    link: str | None,
    summary: str,
    source: str,
    when: datetime,
    updated: bool = False,
    also: list[tuple[str, str | None]] | tuple[()] = (),
    events: list[str] | None = None,
) -> str:
    """One alert: who, what happened, the linked title, a snippet with the name in bold, source and time."""
    message = ""
    for title_size, snippet_size, shown in _ALERT_SIZES:
        if events and len(events) == len(names) and len(set(events)) > 1:  # each person's own news
            who = "; ".join(
                f"<b>{html.escape(n)}</b>" + (f" · {b}" if (b := event_badge(t, e)) else "")
                for n, e in zip(names[:shown], events[:shown], strict=False)
            )
            badge = ""
        else:
            who = ", ".join(f"<b>{html.escape(n)}</b>" for n in names[:shown])
            badge = event_badge(t, event)
        if len(names) > shown:
            who += f" +{len(names) - shown}"
        head = f"🔔 {who}" + (f" · {badge}" if badge else "")
        if updated:  # an edited post or article now names them
            head += " · ✏️ " + html.escape(t.gettext("updated"))
        title_html = html.escape(shorten(title, title_size)) or "(untitled)"
        if link:
            title_html = f'<a href="{html.escape(link, quote=True)}">{title_html}</a>'
        lines = [head, title_html]
        snippet = make_snippet(summary, surfaces, snippet_size) if snippet_size else ""
        if snippet:
            lines.append(snippet)
        lines.append(f"<i>{html.escape(shorten(source, 100))} · {html.escape(t.datetime(when, tz))}</i>")
        if also:  # the same news from other sources: listed, not sent again
            links = [_source_link(name, link) for name, link in also[: shown + 2]]
            lines.append("➕ " + html.escape(t.gettext("also reported by")) + ": " + ", ".join(links))
        message = "\n".join(lines)
        if visible_length(message) <= MAX_MESSAGE:
            break
    return message


def _source_link(name: str, link: str | None) -> str:
    label = html.escape(shorten(name, 60))
    return f'<a href="{html.escape(link, quote=True)}">{label}</a>' if link else label


def make_snippet(text: str, surfaces: list[str], width: int = SNIPPET) -> str:
    """A window of ``text`` around the first mention, escaped, with every mention in bold."""
    text = " ".join(text.split())
    if not text:
        return ""
    pattern = re.compile("|".join(re.escape(s) for s in sorted(set(surfaces), key=len, reverse=True) if s))
    first = pattern.search(text) if surfaces else None
    start = 0 if first is None else max(0, first.start() - width // 3)
    end = min(len(text), start + width)
    if start > 0:  # do not cut a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (first.start() if first else end) else start
    window = text[start:end]
    out = []
    pos = 0
    for m in pattern.finditer(window) if surfaces else ():
        out.append(html.escape(window[pos : m.start()]))
        out.append(f"<b>{html.escape(m.group())}</b>")
        pos = m.end()
    out.append(html.escape(window[pos:]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")
