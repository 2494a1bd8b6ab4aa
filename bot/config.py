"""``feeds.yaml``, read once into frozen objects: the domain data (which sources to poll).

Problems are reported all at once, each with its line and column. Deployment settings and
secrets (token, database, endpoints) come from the environment: ``bot.settings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from selectolax.lexbor import LexborHTMLParser, SelectolaxError

DEFAULT_CONFIG = "feeds.yaml"
MIN_INTERVAL = timedelta(seconds=30)
DEFAULT_INTERVAL = timedelta(minutes=10)
_INTERVAL = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")
_FEED_KEYS = {"name", "url", "telegram", "html", "mirrors", "proxy", "user_agent", "language", "interval", "tags",
              "blocks_bots"}  # fmt: skip
_HTML_KEYS = {"item", "link", "title", "date"}
_CHANNEL = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")  # Telegram's public usernames
_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
FEED, TELEGRAM, HTML = "feed", "telegram", "html"
_DEFAULT_KEYS = {"interval", "language"}
_LANGUAGES = {"be", "ru", "uk", "pl", "de", "en", "lt"}


class ConfigError(Exception):
    """``feeds.yaml`` is unusable; ``problems`` lists every reason with its position."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}:{p}" for p in problems))


@dataclass(frozen=True, slots=True)
class PageSelectors:
    """Where a page without a feed keeps its items: CSS selectors (``link``, ``title``, ``date`` inside ``item``)."""

    item: str
    link: str = "a"
    title: str | None = None  # default: the link's text
    date: str | None = None  # its text, or its ``datetime`` attribute


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One logical source: an RSS/Atom feed, a public Telegram channel, or a page of news without a feed."""

    name: str
    url: str  # the first address to try (a channel's preview page for ``telegram``)
    interval: timedelta
    language: str | None = None
    tags: tuple[str, ...] = ()
    kind: str = FEED  # feed | telegram | html
    channel: str | None = None  # telegram: the channel's username
    page: PageSelectors | None = None  # html
    mirrors: tuple[str, ...] = ()  # tried in order when ``url`` fails
    proxy: str | None = None  # http://, https:// or socks5:// for this source only
    user_agent: str | None = None  # instead of the bot's own
    blocks_bots: bool = False  # known to refuse bots: its failing is expected, not news for the operator

    @property
    def urls(self) -> tuple[str, ...]:
        return (self.url, *self.mirrors)


@dataclass(frozen=True, slots=True)
class Config:
    feeds: tuple[FeedConfig, ...]


def parse_interval(value: object) -> timedelta:
    """``30s``, ``5m``, ``1h``, ``1h30m``, or a number of seconds."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 30s, 5m or 1h")
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    m = _INTERVAL.match(str(value))
    if not m or not any(m.groups()):
        raise ValueError(f"“{value}” is not a duration such as 30s, 5m or 1h")
    h, mi, s = (int(g or 0) for g in m.groups())
    return timedelta(hours=h, minutes=mi, seconds=s)


def load_config(path: str | Path) -> Config:
    """Read and validate ``feeds.yaml``; raise ConfigError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(str(path), [f"1:1: cannot read the file: {e.strerror}"]) from None
    return parse_config(text, str(path))


def parse_config(text: str, path: str = "feeds.yaml") -> Config:
    """Validate the YAML text of a feeds file."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise ConfigError(path, [f"{where}: not valid YAML: {getattr(e, 'problem', e)}"]) from None
    problems: list[str] = []
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(path, ["1:1: expected a mapping with a `feeds:` list"])
    top = _mapping(root)
    for key, (knode, _) in top.items():
        if key not in ("feeds", "defaults"):
            problems.append(f"{_pos(knode)}: unknown key `{key}` (expected `feeds` or `defaults`)")
    default_interval = DEFAULT_INTERVAL
    default_language: str | None = None
    if "defaults" in top:
        dnode = top["defaults"][1]
        if not isinstance(dnode, yaml.MappingNode):
            problems.append(f"{_pos(dnode)}: `defaults` must be a mapping")
        else:
            for key, (knode, vnode) in _mapping(dnode).items():
                if key not in _DEFAULT_KEYS:
                    problems.append(f"{_pos(knode)}: unknown key `defaults.{key}`")
                elif key == "interval":
                    default_interval = _interval(vnode, problems) or default_interval
                elif key == "language":
                    default_language = _language(vnode, problems)
    if "feeds" not in top:
        problems.append("1:1: missing `feeds:` list")
        raise ConfigError(path, problems)
    fnode = top["feeds"][1]
    if not isinstance(fnode, yaml.SequenceNode):
        raise ConfigError(path, [*problems, f"{_pos(fnode)}: `feeds` must be a list"])
    feeds: list[FeedConfig] = []
    names: dict[str, str] = {}
    urls: dict[str, str] = {}
    for item in fnode.value:
        feed = _feed(item, default_interval, default_language, problems)
        name, addresses = _identity(item, feed)  # an entry with another problem is still checked for duplicates
        duplicate = False
        if name is not None and name in names:
            problems.append(f"{_pos(item)}: duplicate feed name “{name}” (first at {names[name]})")
            duplicate = True
        seen = [u for u in addresses if _normal_url(u) in urls]
        if seen:
            problems.append(f"{_pos(item)}: duplicate feed URL {seen[0]} (first at {urls[_normal_url(seen[0])]})")
            duplicate = True
        if name is not None:
            names.setdefault(name, _pos(item))
        for u in addresses:
            urls.setdefault(_normal_url(u), _pos(item))
        if feed is not None and not duplicate:
            feeds.append(feed)
    if not feeds and not problems:
        problems.append(f"{_pos(fnode)}: `feeds` is empty: list at least one feed")
    if problems:
        raise ConfigError(path, problems)
    return Config(feeds=tuple(feeds))


def _feed(node: yaml.Node, interval: timedelta, language: str | None, problems: list[str]) -> FeedConfig | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(f"{_pos(node)}: a feed must be a mapping with `name` and `url` (or `telegram`)")
        return None
    fields = _mapping(node)
    before = len(problems)
    for key, (knode, _) in fields.items():
        if key not in _FEED_KEYS:
            problems.append(f"{_pos(knode)}: unknown key `{key}` (expected one of {', '.join(sorted(_FEED_KEYS))})")
    name = _string(fields, "name", node, problems)
    channel = _channel(fields["telegram"][1], problems) if "telegram" in fields else None
    if "telegram" in fields and "html" in fields:
        problems.append(f"{_pos(fields['html'][0])}: a source is either `telegram` or `html`, not both")
    url = None
    if "url" in fields or "telegram" not in fields:
        url = _string(fields, "url", node, problems, hint=" (or `telegram: CHANNEL`)")
        url = _url(fields["url"][1], problems) if url is not None else None
    elif channel:
        url = f"https://t.me/s/{channel}"
    page = _page(fields["html"][1], problems) if "html" in fields else None
    mirrors = tuple(_urls(fields["mirrors"][1], problems)) if "mirrors" in fields else ()
    proxy = _proxy(fields["proxy"][1], problems) if "proxy" in fields else None
    user_agent = _scalar(fields["user_agent"][1], "user_agent", problems) if "user_agent" in fields else None
    if "interval" in fields:
        interval = _interval(fields["interval"][1], problems) or interval
    if "language" in fields:
        language = _language(fields["language"][1], problems)
    blocks_bots = _flag(fields["blocks_bots"][1], "blocks_bots", problems) if "blocks_bots" in fields else False
    tags: tuple[str, ...] = ()
    if "tags" in fields:
        tnode = fields["tags"][1]
        if isinstance(tnode, yaml.SequenceNode) and all(isinstance(t, yaml.ScalarNode) for t in tnode.value):
            tags = tuple(str(t.value) for t in tnode.value)
        else:
            problems.append(f"{_pos(tnode)}: `tags` must be a list of words")
    if len(problems) > before or name is None or url is None:
        return None
    kind = TELEGRAM if channel else HTML if page else FEED
    return FeedConfig(
        name=name,
        url=url,
        interval=interval,
        language=language,
        tags=tags,
        kind=kind,
        channel=channel,
        page=page,
        mirrors=mirrors,
        proxy=proxy,
        user_agent=user_agent,
        blocks_bots=blocks_bots,
    )


def _identity(node: yaml.Node, feed: FeedConfig | None) -> tuple[str | None, tuple[str, ...]]:
    """A source's name and addresses as far as they can be read, for the duplicate check."""
    if feed is not None:
        return feed.name, feed.urls
    if not isinstance(node, yaml.MappingNode):
        return None, ()
    fields = _mapping(node)

    def scalar(key: str) -> str | None:
        vnode = fields[key][1] if key in fields else None
        value = str(vnode.value).strip() if isinstance(vnode, yaml.ScalarNode) else ""
        return value or None

    name, url, channel = scalar("name"), scalar("url"), scalar("telegram")
    addresses: list[str] = []
    if url and urlsplit(url).scheme in ("http", "https") and _valid_host(url):
        addresses.append(url)
    elif channel and (m := _CHANNEL.match(channel)):
        addresses.append(f"https://t.me/s/{m.group(1)}")
    mnode = fields["mirrors"][1] if "mirrors" in fields else None
    if isinstance(mnode, yaml.SequenceNode):
        mirrors = [m for m in mnode.value if isinstance(m, yaml.ScalarNode) and _valid_host(m.value)]
        addresses += [str(m.value).strip() for m in mirrors]
    return name, tuple(addresses)


def _valid_host(url: object) -> bool:
    try:
        return bool(urlsplit(str(url).strip()).hostname)
    except ValueError:
        return False


def _url(node: yaml.Node, problems: list[str]) -> str | None:
    url = str(getattr(node, "value", "")).strip()
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port such as 99999
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(f"{_pos(node)}: bad URL “{url}”: expected http:// or https:// and a host")
        return None
    return url


def _urls(node: yaml.Node, problems: list[str]) -> list[str]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(f"{_pos(node)}: `mirrors` must be a list of URLs")
        return []
    return [u for item in node.value if (u := _url(item, problems)) is not None]


def _channel(node: yaml.Node, problems: list[str]) -> str | None:
    m = _CHANNEL.match(str(getattr(node, "value", "")).strip())
    if not isinstance(node, yaml.ScalarNode) or not m:
        problems.append(f"{_pos(node)}: `telegram` must be a public channel's username, e.g. viasna96")
        return None
    return m.group(1)


def _proxy(node: yaml.Node, problems: list[str]) -> str | None:
    value = str(getattr(node, "value", "")).strip()
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = None
    if not isinstance(node, yaml.ScalarNode) or parts.scheme not in _PROXY_SCHEMES or not parts.hostname or not port:
        problems.append(f"{_pos(node)}: bad proxy “{value}”: expected e.g. socks5://127.0.0.1:1080 or http://host:3128")
        return None
    return value


def _page(node: yaml.Node, problems: list[str]) -> PageSelectors | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(f"{_pos(node)}: `html` must be a mapping of CSS selectors: item, link, title, date")
        return None
    fields = _mapping(node)
    values: dict[str, str] = {}
    for key, (knode, vnode) in fields.items():
        if key not in _HTML_KEYS:
            problems.append(f"{_pos(knode)}: unknown key `html.{key}` (expected item, link, title, date)")
        elif (value := _scalar(vnode, f"html.{key}", problems)) is not None:
            if not _selector(value):
                problems.append(f"{_pos(vnode)}: `html.{key}` is not a CSS selector: “{value}”")
            else:
                values[key] = value
    if "item" not in fields:
        problems.append(f"{_pos(node)}: `html` needs `item`, the selector of one news item in the list")
        return None
    return PageSelectors(**values) if "item" in values else None


def _selector(value: str) -> bool:
    """Would the page parser accept this CSS selector?"""
    try:
        LexborHTMLParser("<p></p>").css(value)
    except SelectolaxError:
        return False
    return True


def _flag(node: yaml.Node, key: str, problems: list[str]) -> bool:
    value = yaml.safe_load(yaml.serialize(node)) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, bool):
        problems.append(f"{_pos(node)}: `{key}` must be true or false")
        return False
    return value


def _scalar(node: yaml.Node, key: str, problems: list[str]) -> str | None:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        problems.append(f"{_pos(node)}: `{key}` must be a non-empty string")
        return None
    return str(node.value).strip()


def _mapping(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    return {str(k.value): (k, v) for k, v in node.value}


def _pos(node: yaml.Node) -> str:
    return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _string(fields: dict[str, Any], key: str, parent: yaml.Node, problems: list[str], hint: str = "") -> str | None:
    if key not in fields:
        problems.append(f"{_pos(parent)}: feed is missing `{key}`{hint}")
        return None
    vnode = fields[key][1]
    if not isinstance(vnode, yaml.ScalarNode) or not str(vnode.value).strip():
        problems.append(f"{_pos(vnode)}: `{key}` must be a non-empty string")
        return None
    return str(vnode.value).strip()


def _interval(node: yaml.Node, problems: list[str]) -> timedelta | None:
    try:
        value = yaml.safe_load(yaml.serialize(node)) if isinstance(node, yaml.ScalarNode) else None
        interval = parse_interval(value)
    except ValueError as e:
        problems.append(f"{_pos(node)}: {e}")
        return None
    if interval < MIN_INTERVAL:
        problems.append(f"{_pos(node)}: interval {node.value} is below the minimum of 30s")
        return None
    return interval


def _language(node: yaml.Node, problems: list[str]) -> str | None:
    value = str(getattr(node, "value", "")).strip().lower()
    if value not in _LANGUAGES:
        problems.append(f"{_pos(node)}: unknown language “{value}” (expected one of {', '.join(sorted(_LANGUAGES))})")
        return None
    return value


def _normal_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.hostname}{parts.path.rstrip('/')}?{parts.query}".lower()
