"""``releasewatch backup``: a consistent copy of the live SQLite database, while the bot runs.

SQLite's online backup API copies every page inside one read transaction, so the copy is
the database as it was at one moment, whatever the bot writes meanwhile (WAL: the bot's
writes do not wait for it either). The copy is written next to the target and renamed into
place only once complete and checked, readable by its owner only, in rollback-journal mode
so that it is one self-contained file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


class BackupError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Copied:
    path: Path
    size: int
    chats: int
    watches: int


def backup(source: Path, target: Path) -> Copied:
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if target.exists():
        raise BackupError(f"{target} exists: choose a new file name (a backup never overwrites)")
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
