"""Deployment settings and secrets from the environment (flags win), read once into a frozen object.

Each variable is checked when read; a bad one stops the bot with its name and why.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import DEFAULT_CONFIG, ConfigError, parse_interval

DEFAULT_DB = "releasewatch.sqlite3"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_LOG_FORMATS = ("text", "json")


@dataclass(frozen=True, slots=True)
class Settings:
    """Deployment settings from the environment (flags win). A bad value raises ConfigError whose ``path`` names
    the variable or the flag it came from."""

    token: str | None
    api_base_url: str | None
    config_path: Path
    database: str  # a SQLite file's path, or a postgresql:// URL
    operator_chat: int | None = None  # told about sources' health and unexpected errors; may use /admin
    http: tuple[str, int] | None = None  # /healthz and /metrics: off unless set
    log_level: str = "INFO"
    log_json: bool = False
    takeover: timedelta = timedelta(seconds=60)  # several processes: when a silent one's work is taken over
    webhook_url: str | None = None  # updates through a webhook at this public URL instead of long polling
    webhook_listen: tuple[str, int] = ("0.0.0.0", 8443)  # where this process takes the webhook's requests
    webhook_secret: str | None = None  # Telegram's secret_token; by default derived from the bot token
    max_watches: int = 50  # names one chat may watch

    @classmethod
    def from_env(cls, config: str | None = None, db: str | None = None, http: str | None = None) -> Settings:
        env = os.environ
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            api_base_url=env.get("TELEGRAM_API_BASE_URL") or None,
            config_path=Path(config or env.get("RELEASEWATCH_CONFIG") or DEFAULT_CONFIG),
            database=db or env.get("RELEASEWATCH_DB") or DEFAULT_DB,
            operator_chat=_chat_id(env.get("RELEASEWATCH_OPERATOR_CHAT")),
            http=_address(http, "--http") if http else _address(env.get("RELEASEWATCH_HTTP"), "RELEASEWATCH_HTTP"),
            log_level=_choice("RELEASEWATCH_LOG_LEVEL", env.get("RELEASEWATCH_LOG_LEVEL"), _LOG_LEVELS, "INFO"),
            log_json=_choice("RELEASEWATCH_LOG_FORMAT", env.get("RELEASEWATCH_LOG_FORMAT"), _LOG_FORMATS, "text")
            == "json",
            takeover=_takeover(env.get("RELEASEWATCH_TAKEOVER")),
            webhook_url=_webhook_url(env.get("RELEASEWATCH_WEBHOOK_URL")),
            webhook_listen=_address(env.get("RELEASEWATCH_WEBHOOK_LISTEN"), "RELEASEWATCH_WEBHOOK_LISTEN")
            or ("0.0.0.0", 8443),
            webhook_secret=_secret(env.get("RELEASEWATCH_WEBHOOK_SECRET")),
            max_watches=_count("RELEASEWATCH_MAX_WATCHES", env.get("RELEASEWATCH_MAX_WATCHES"), 50, 1000),
        )


def _chat_id(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.lstrip("-").isdigit():
        raise ConfigError("RELEASEWATCH_OPERATOR_CHAT", [f"“{value}” is not a chat id (a number, e.g. 12345678)"])
    return int(value)


def _address(value: str | None, name: str) -> tuple[str, int] | None:
    if not (value or "").strip():
        return None
    host, sep, port = (value or "").strip().rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise ConfigError(name, [f"“{value}” is not HOST:PORT, e.g. 127.0.0.1:8080"])
    return host.strip("[]") or "127.0.0.1", int(port)


def _webhook_url(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("RELEASEWATCH_WEBHOOK_URL", [f"“{value}” is not a URL, e.g. https://bot.example.org/tg"])
    return value


def _secret(value: str | None) -> str | None:
    value = (value or "").strip()
    if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
        raise ConfigError("RELEASEWATCH_WEBHOOK_SECRET", ["use 1 to 256 of A-Z, a-z, 0-9, _ and -"])
    return value or None


def webhook_secret(settings: Settings) -> str:
    """What Telegram sends with each webhook request: the configured one, else derived from the token, so that
    every instance of one bot agrees on it without more configuration."""
    if settings.webhook_secret:
        return settings.webhook_secret
    assert settings.token
    return hmac.new(settings.token.encode(), b"releasewatch webhook", hashlib.sha256).hexdigest()[:48]


def _count(name: str, value: str | None, default: int, most: int) -> int:
    value = (value or "").strip()
    if not value:
        return default
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise ConfigError(name, [f"“{value}” is not a number from 1 to {most}"])
    return int(value)


def _takeover(value: str | None) -> timedelta:
    if not (value or "").strip():
        return timedelta(seconds=60)
    try:
        takeover = parse_interval((value or "").strip())
    except ValueError as e:
        raise ConfigError("RELEASEWATCH_TAKEOVER", [str(e)]) from None
    if takeover < timedelta(seconds=2):
        raise ConfigError("RELEASEWATCH_TAKEOVER", ["must be at least 2s"])
    return takeover


def _choice(name: str, value: str | None, allowed: tuple[str, ...], default: str) -> str:
    value = (value or "").strip()
    if not value:
        return default
    if value.lower() not in allowed and value.upper() not in allowed:
        raise ConfigError(name, [f"“{value}” is not one of {', '.join(allowed)}"])
    return value.upper() if value.upper() in allowed else value.lower()
