"""``releasewatch backup``: a consistent copy of the live SQLite database, while the bot runs.

SQLite's online backup API copies every page inside one read transaction, so the copy is
the database as it was at one moment, whatever the bot writes meanwhile (WAL: the bot's
writes do not wait for it either). The copy is written next to the target and renamed into
place only once complete and checked, readable by its owner only, in rollback-journal mode
so that it is one self-contained file.

Without a file name (no path, or a folder) the copy gets a dated name of its own that no other
file has (``backup_path``), so a backup run from cron never fails for a name; a file named
explicitly is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


class BackupError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Copied:
    path: Path
    size: int
    chats: int
    watches: int


def backup_path(database: Path, given: Path | None, now: datetime) -> Path:
    """Where a backup goes: ``given`` if it names a file; else, in ``given`` (a folder) or beside the database, a
    name with the date and time (``releasewatch-2026-12-08T0105Z.sqlite3``) that no file has yet."""
    if given is not None and not given.is_dir():
        return given
    folder = given if given is not None else database.parent
    stem = f"{database.stem}-{now:%Y-%m-%dT%H%MZ}"
    target, n = folder / f"{stem}.sqlite3", 1
    while target.exists() or target.with_name(target.name + ".part").exists():
        n += 1
        target = folder / f"{stem}-{n}.sqlite3"
    return target


def backup(source: Path, target: Path) -> Copied:
    """Copy the live database ``source`` to ``target``, a file that must not exist yet."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if target.exists():
        raise BackupError(
            f"{target} exists and a backup never overwrites: give a new file name, or a folder (or nothing) "
            "for a dated name"
        )
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    os.close(os.open(part, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(part)) as dst:
            src.execute("PRAGMA busy_timeout = 10000")
            if src.execute("PRAGMA user_version").fetchone()[0] == 0:
                raise BackupError(f"{source} is not a releasewatch database")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"the copy failed its integrity check: {verdict}")
            chats = dst.execute("SELECT COUNT(*) FROM chats WHERE active = 1").fetchone()[0]
            watches = dst.execute("SELECT COUNT(*) FROM watches").fetchone()[0]
        os.replace(part, target)
    except sqlite3.Error as e:
        raise BackupError(f"cannot copy {source}: {e}") from None
    finally:
        part.unlink(missing_ok=True)
    return Copied(target, target.stat().st_size, chats, watches)
