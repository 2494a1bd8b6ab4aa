"""Configuration, read once into frozen objects.

``feeds.yaml`` is domain data (which sources to poll); environment variables are
deployment settings and secrets (token, paths). Problems in ``feeds.yaml`` are
reported all at once, each with its line and column.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

DEFAULT_CONFIG = "feeds.yaml"
DEFAULT_DB = "releasewatch.sqlite3"
MIN_INTERVAL = timedelta(seconds=30)
DEFAULT_INTERVAL = timedelta(minutes=10)
_INTERVAL = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")
_FEED_KEYS = {"name", "url", "language", "interval", "tags"}
_DEFAULT_KEYS = {"interval", "language"}
_LANGUAGES = {"be", "ru", "uk", "pl", "de", "en", "lt"}


class ConfigError(Exception):
    """``feeds.yaml`` is unusable; ``problems`` lists every reason with its position."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}:{p}" for p in problems))


@dataclass(frozen=True, slots=True)
class FeedConfig:
    name: str
    url: str
    interval: timedelta
    language: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    feeds: tuple[FeedConfig, ...]


@dataclass(frozen=True, slots=True)
class Settings:
    """Deployment settings from the environment (flags win)."""

    token: str | None
    api_base_url: str | None
    config_path: Path
    db_path: Path

    @classmethod
    def from_env(cls, config: str | None = None, db: str | None = None) -> Settings:
        env = os.environ
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            api_base_url=env.get("TELEGRAM_API_BASE_URL") or None,
            config_path=Path(config or env.get("RELEASEWATCH_CONFIG") or DEFAULT_CONFIG),
            db_path=Path(db or env.get("RELEASEWATCH_DB") or DEFAULT_DB),
        )


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
        if feed is None:
            continue
        if feed.name in names:
            problems.append(f"{_pos(item)}: duplicate feed name “{feed.name}” (first at {names[feed.name]})")
            continue
        norm = _normal_url(feed.url)
        if norm in urls:
            problems.append(f"{_pos(item)}: duplicate feed URL {feed.url} (first at {urls[norm]})")
            continue
        names[feed.name] = urls[norm] = _pos(item)
        feeds.append(feed)
    if not feeds and not problems:
        problems.append(f"{_pos(fnode)}: `feeds` is empty: list at least one feed")
    if problems:
        raise ConfigError(path, problems)
    return Config(feeds=tuple(feeds))


def _feed(node: yaml.Node, interval: timedelta, language: str | None, problems: list[str]) -> FeedConfig | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(f"{_pos(node)}: a feed must be a mapping with `name` and `url`")
        return None
    fields = _mapping(node)
    ok = True
    for key, (knode, _) in fields.items():
        if key not in _FEED_KEYS:
            problems.append(f"{_pos(knode)}: unknown key `{key}` (expected one of {', '.join(sorted(_FEED_KEYS))})")
            ok = False
    name = _string(fields, "name", node, problems)
    url = _string(fields, "url", node, problems)
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"{_pos(fields['url'][1])}: bad URL “{url}”: expected http:// or https:// and a host")
            ok = False
    if "interval" in fields:
        interval = _interval(fields["interval"][1], problems) or interval
    if "language" in fields:
        language = _language(fields["language"][1], problems)
    tags: tuple[str, ...] = ()
    if "tags" in fields:
        tnode = fields["tags"][1]
        if isinstance(tnode, yaml.SequenceNode) and all(isinstance(t, yaml.ScalarNode) for t in tnode.value):
            tags = tuple(str(t.value) for t in tnode.value)
        else:
            problems.append(f"{_pos(tnode)}: `tags` must be a list of words")
            ok = False
    if not ok or name is None or url is None:
        return None
    return FeedConfig(name=name, url=url, interval=interval, language=language, tags=tags)


def _mapping(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    return {str(k.value): (k, v) for k, v in node.value}


def _pos(node: yaml.Node) -> str:
    return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _string(fields: dict[str, Any], key: str, parent: yaml.Node, problems: list[str]) -> str | None:
    if key not in fields:
        problems.append(f"{_pos(parent)}: feed is missing `{key}`")
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
