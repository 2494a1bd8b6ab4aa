"""The operator's commands: ``backup``, ``export``, ``import``, ``healthcheck``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import urllib.error
import urllib.request
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings
from storage.db import DatabaseError, is_postgres, open_database

if TYPE_CHECKING:
    from storage.transfer import ChatRecord

COMMANDS = ("backup", "export", "import", "healthcheck")
DB_HELP = "SQLite file or postgresql:// URL (default: $RELEASEWATCH_DB or ./releasewatch.sqlite3)"


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = sub.add_parser("backup", help="copy the live database to PATH (safe while the bot runs)")
    backup.add_argument(
        "path", type=Path, nargs="?", help="a new file, or a folder (default: the database's) for a dated name"
    )
    backup.add_argument("--db", help=DB_HELP)
    export = sub.add_parser("export", help="write chats, settings and watchlists as JSON")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--db", help=DB_HELP)
    load = sub.add_parser("import", help="add chats, settings and watchlists from an export file")
    load.add_argument("path", type=Path)
    load.add_argument("--db", help=DB_HELP)
    health = sub.add_parser("healthcheck", help="ask a running bot's /healthz; exit 0 when healthy")
    health.add_argument("--http", metavar="HOST:PORT", help="the bot's endpoint (default: $RELEASEWATCH_HTTP)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.command == "backup":
            return _backup(settings, args.path)
        if args.command == "export":
            return _export(settings, args.output)
        if args.command == "import":
            return _import(settings, args.path)
        return _healthcheck(settings)
    except (OSError, DatabaseError) as e:
        print(f"releasewatch {args.command}: {e}", file=sys.stderr)
        return 1


def _backup(settings: Settings, path: Path | None) -> int:
    from bot.ops.backup import BackupError, backup, backup_path

    if is_postgres(settings.database):
        print("releasewatch backup: the database is PostgreSQL: back it up with pg_dump", file=sys.stderr)
        return 1
    try:
        database = Path(settings.database)
        copied = backup(database, backup_path(database, path, datetime.now(UTC)))
    except BackupError as e:
        print(f"releasewatch backup: {e}", file=sys.stderr)
        return 1
    print(f"{copied.path}: {copied.size} bytes, {copied.chats} chats, {copied.watches} watches")
    return 0


def _export(settings: Settings, output: Path | None) -> int:
    from bot.ops.export_format import dump

    if not is_postgres(settings.database) and not Path(settings.database).is_file():
        print(f"releasewatch export: no database at {settings.database}", file=sys.stderr)
        return 1
    records = asyncio.run(_read_chats(settings.database))
    text = dump(records, datetime.now(UTC))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        output.chmod(0o600)  # watchlists are sensitive
        print(f"{output}: {len(records)} chats, {sum(len(r.watches) for r in records)} watches", file=sys.stderr)
    return 0


async def _read_chats(database: str) -> list[ChatRecord]:
    from storage.transfer import chat_records

    db = await open_database(database)
    try:
        return await chat_records(db)
    finally:
        await db.close()


def _import(settings: Settings, path: Path) -> int:
    from bot.ops.export_format import TransferError, load

    try:
        records = load(path.read_text(encoding="utf-8"))
    except TransferError as e:
        print(f"releasewatch import: {path}: {e}", file=sys.stderr)
        return 1
    added, present, invalid = asyncio.run(_write_chats(settings.database, records))
    said = [f"{added} watches added"]
    if present:
        said.append(f"{present} skipped: the chat already watched that person")
    if invalid:
        said.append(f"{invalid} skipped: no longer a valid name")
    print(f"{path}: {len(records)} chats, {', '.join(said)}")
    return 0


async def _write_chats(database: str, records: list[ChatRecord]) -> tuple[int, int, int]:
    """Add the chats; (watches added, skipped as already watched, skipped as no longer valid names)."""
    from bot.matching import InvalidWatch, Lexicon
    from storage.transfer import restore_chat

    lexicon = Lexicon()
    db = await open_database(database)
    added = present = skipped = 0
    try:
        for record in records:
            kept, identities = [], []
            for watch in record.watches:
                try:
                    identities.append(lexicon.parse(watch.name, check=False).identity)  # accepted once
                    kept.append(watch)
                except InvalidWatch as e:
                    skipped += 1
                    print(f"chat {record.id}: skipped a watch: {e.template.format(**e.params)}", file=sys.stderr)
            new = await restore_chat(db, replace(record, watches=tuple(kept)), identities, datetime.now(UTC))
            added, present = added + new, present + len(kept) - new
    finally:
        await db.close()
    return added, present, skipped


def _healthcheck(settings: Settings) -> int:
    if settings.http is None:
        print("releasewatch healthcheck: set RELEASEWATCH_HTTP (or --http) to the bot's HOST:PORT", file=sys.stderr)
        return 2
    host, port = settings.http
    host = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            body = json.load(answer)
    except urllib.error.HTTPError as e:
        body = json.load(e) if e.code == 503 else {"reasons": [f"HTTP {e.code}"]}
        print("unhealthy: " + "; ".join(body.get("reasons") or ["?"]), file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"unhealthy: no answer from {url}: {e}", file=sys.stderr)
        return 1
    print(f"healthy: {body.get('outbox_pending')} messages waiting, last poll {body.get('last_successful_poll')}")
    return 0
