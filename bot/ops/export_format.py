"""The export format: chats, their settings and watchlists as JSON. Pure.

The same document moves a bot between hosts or between SQLite and PostgreSQL
(``releasewatch export``/``import``) and is what a chat gets from ``/export``. Watches are
stored by name as typed; importing works out each name's identity again, so a file from an
older version still lands on the current matching rules.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.delivery.quiet import parse_quiet
from storage.transfer import SETTINGS, ChatRecord, WatchRecord

FORMAT = "releasewatch-export"
VERSION = 1
_KINDS = {"private", "group", "supergroup", "channel"}
_MODES = {None, "instant", "digest", "both"}
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class TransferError(ValueError):
    """The file is not an export this version can read; the message says where."""


def dump(chats: list[ChatRecord], now: datetime) -> str:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "chats": [
            {
                "id": c.id,
                "kind": c.kind,
                "language": c.language,
                **c.settings,
                "watches": [{"name": w.name, "exclusions": list(w.exclusions)} for w in c.watches],
            }
            for c in chats
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def load(text: str) -> list[ChatRecord]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise TransferError(f"not JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise TransferError(f'not a releasewatch export (expected "format": "{FORMAT}")')
    if doc.get("version") != VERSION:
        raise TransferError(f"export version {doc.get('version')!r}: this releasewatch reads version {VERSION}")
    chats = doc.get("chats")
    if not isinstance(chats, list):
        raise TransferError('"chats" must be a list')
    return [_chat(c, n) for n, c in enumerate(chats)]


def _chat(c: Any, n: int) -> ChatRecord:
    where = f"chats[{n}]"
    if not isinstance(c, dict):
        raise TransferError(f"{where}: expected an object")
    chat_id, kind, language = c.get("id"), c.get("kind"), c.get("language")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise TransferError(f"{where}.id: expected a chat id (a number)")
    if kind not in _KINDS:
        raise TransferError(f"{where}.kind: expected one of {', '.join(sorted(_KINDS))}")
    if language is not None and not isinstance(language, str):
        raise TransferError(f"{where}.language: expected a language code or null")
    settings = {k: c[k] for k in SETTINGS if k in c}
    settings.setdefault("quiet", None)  # added after version 1 began: optional
    missing = [k for k in SETTINGS if k not in settings]
    if missing:
        raise TransferError(f"{where}: missing {', '.join(missing)}")
    if settings["mode"] not in _MODES:
        raise TransferError(f"{where}.mode: expected instant, digest, both or null")
    if not isinstance(settings["digest_time"], str) or not _TIME.match(settings["digest_time"]):
        raise TransferError(f"{where}.digest_time: expected HH:MM")
    try:
        ZoneInfo(str(settings["digest_tz"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise TransferError(f"{where}.digest_tz: unknown time zone {settings['digest_tz']!r}") from None
    quiet = settings["quiet"]
    if quiet is not None and (not isinstance(quiet, str) or parse_quiet(quiet) != quiet):
        raise TransferError(f"{where}.quiet: expected HH:MM-HH:MM or null")
    for flag in ("digest_on", "digest_quiet", "releases_only"):
        if not isinstance(settings[flag], bool):
            raise TransferError(f"{where}.{flag}: expected true or false")
    watches = c.get("watches", [])
    if not isinstance(watches, list):
        raise TransferError(f"{where}.watches: expected a list")
    records = tuple(_watch(w, f"{where}.watches[{i}]") for i, w in enumerate(watches))
    return ChatRecord(chat_id, kind, language, settings, records)


def _watch(w: Any, where: str) -> WatchRecord:
    if not isinstance(w, dict) or not isinstance(w.get("name"), str) or not w["name"].strip():
        raise TransferError(f'{where}: expected an object with a "name"')
    exclusions = w.get("exclusions", [])
    if not isinstance(exclusions, list) or not all(isinstance(x, str) for x in exclusions):
        raise TransferError(f"{where}.exclusions: expected a list of words")
    return WatchRecord(w["name"], tuple(exclusions))
