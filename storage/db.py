"""The database connection: pragmas, migrations, transactions, time encoding.

Migrations are the numbered ``migrations/NNNN_*.sql`` files, applied in order, each in
one transaction, tracked in ``PRAGMA user_version``. A database newer than the code
is refused. Every write goes through this one connection.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import aiosqlite


class DatabaseError(Exception):
    """The database cannot be used (too new, unreadable)."""


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) for every migration shipped with the code, in order."""
    folder = resources.files("storage") / "migrations"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(out)


class Database:
    """One aiosqlite connection; ``async with db.transaction():`` groups writes."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        path = str(path)
        if path != ":memory:":
            _create_private(path)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for pragma in ("journal_mode = WAL", "busy_timeout = 5000", "foreign_keys = ON", "synchronous = NORMAL"):
            await conn.execute(f"PRAGMA {pragma}")
        db = cls(conn)
        try:
            await db.migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def migrate(self) -> None:
        known = migrations()
        latest = known[-1][0] if known else 0
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        current = int(row[0]) if row else 0
        if current > latest:
            raise DatabaseError(
                f"the database is at schema version {current}, newer than this releasewatch ({latest}): upgrade it"
            )
        for version, sql in known:
            if version <= current:
                continue
            await self.conn.execute("BEGIN")
            try:
                for statement in _statements(sql):
                    await self.conn.execute(statement)
                await self.conn.execute(f"PRAGMA user_version = {version}")
                await self.conn.execute("COMMIT")
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        await self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            await self.conn.execute("ROLLBACK")
            raise
        await self.conn.execute("COMMIT")

    async def close(self) -> None:
        await self.conn.close()


def _create_private(path: str) -> None:
    """Create the file readable by its owner only: watchlists are sensitive."""
    if not os.path.exists(path):
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; ``--`` comments go first (they may contain ``;``)."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def to_db(when: datetime | None) -> str | None:
    """UTC ISO 8601 with seconds: sorts as text."""
    if when is None:
        return None
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_db(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
