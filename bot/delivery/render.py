"""Alert messages in Telegram HTML. Everything from a feed is escaped."""

from __future__ import annotations

import html
import re
from datetime import datetime

from bot.i18n import Text

SNIPPET = 220
MAX_MESSAGE = 4096


def event_badge(t: Text, event: str) -> str:
    """🟢 release, ⚖️ sentence, 🔴 detention in the chat's language; nothing for other news."""
    if event == "release":
        return "🟢 " + t.gettext("release")
    if event == "sentence":
        return "⚖️ " + t.gettext("sentence")
    if event == "detention":
        return "🔴 " + t.gettext("detention")
    return ""


def render_alert(
    t: Text,
    tz: str,
    *,
    names: list[str],
    surfaces: list[str],
    event: str,
    title: str,
    link: str | None,
    summary: str,
    source: str,
    when: datetime,
) -> str:
    """One alert: who, what happened, the linked title, a snippet with the name in bold, source and time."""
    who = ", ".join(f"<b>{html.escape(n)}</b>" for n in names)
    badge = event_badge(t, event)
    head = f"🔔 {who}" + (f" · {badge}" if badge else "")
    title_html = html.escape(title) or "(untitled)"
    if link:
        title_html = f'<a href="{html.escape(link, quote=True)}">{title_html}</a>'
    lines = [head, title_html]
    snippet = make_snippet(summary, surfaces)
    if snippet:
        lines.append(snippet)
    lines.append(f"<i>{html.escape(source)} · {html.escape(t.datetime(when, tz))}</i>")
    return "\n".join(lines)[:MAX_MESSAGE]


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
