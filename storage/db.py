"""The database: connections, migrations, transactions, time encoding.

**Who writes, and how.** Every write goes through one writer connection, inside
``async with db.transaction() as tx:``; the transaction holds the write lock from its
``BEGIN`` to its ``COMMIT``/``ROLLBACK``, so two coroutines never share or interleave a
transaction and a failing job never rolls back a handler's write. Storage functions follow
one rule that their signature shows:

- a function that takes ``tx: Tx`` runs inside the caller's transaction (it is one part of
  a larger write, e.g. ``insert_items`` with ``record_success``);
- a function that takes ``db: Database`` and writes opens, and owns, its transaction
  (e.g. ``deactivate_chat``);
- a function that only reads takes ``db: Reader``: a ``Database`` reads through a second
  connection, which sees committed data only and never waits for the writer (WAL), while
  a ``Tx`` reads through the writer and sees its own uncommitted writes.

Migrations are the numbered ``migrations/NNNN_*.sql`` files, applied in order, each in one
transaction, tracked in ``PRAGMA user_version``. A database newer than the code is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator, Coroutine, Iterable, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

Row = sqlite3.Row
Params = Sequence[Any]
_PRAGMAS = ("journal_mode = WAL", "busy_timeout = 5000", "foreign_keys = ON", "synchronous = NORMAL")


class DatabaseError(Exception):
    """The database cannot be used (too new, unreadable)."""


class Reader(Protocol):
    """What read-only storage functions need: a ``Database`` or a ``Tx``."""

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any: ...


class _Reads:
    _conn: aiosqlite.Connection

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Tx(_Reads):
    """One write transaction. Only ``Database.transaction`` makes one."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; the number of rows it changed."""
        async with self._conn.execute(sql, params) as cur:
            return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """Run a statement once per row; the number of rows changed in all."""
        async with self._conn.executemany(sql, rows) as cur:
            return cur.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run an INSERT; the new row's id."""
        async with self._conn.execute(sql, params) as cur:
            assert cur.lastrowid is not None
            return cur.lastrowid


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) for every migration shipped with the code, in order."""
    folder = resources.files("storage") / "migrations"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(out)


class Database(_Reads):
    """A writer connection behind a lock, and a reader connection (see the module docstring)."""

    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self._writer = writer
        self._conn = reader
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        path = str(path)
        if path == ":memory:":
            raise DatabaseError("an in-memory database cannot be shared by two connections: use a file")
        _create_private(path)
        writer = await _connect(path)
        try:
            await _migrate(writer)
            reader = await _connect(path)
        except BaseException:
            await writer.close()
            raise
        return cls(writer, reader)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """A write transaction; it holds the write lock until it commits or rolls back."""
        async with self._lock:
            await self._run("BEGIN IMMEDIATE")
            try:
                yield Tx(self._writer)
            except BaseException:
                await _to_the_end(self._run("ROLLBACK"))
                raise
            await _to_the_end(self._commit())

    async def _run(self, sql: str) -> None:
        await self._writer.execute(sql)

    async def _commit(self) -> None:
        try:
            await self._run("COMMIT")
        except BaseException:  # e.g. the disk is full: leave no transaction open
            if self._writer.in_transaction:
                await self._run("ROLLBACK")
            raise

    @property
    def writing(self) -> bool:
        """Is a write transaction running (or waiting)?"""
        return self._lock.locked()

    async def close(self) -> None:
        async with self._lock:
            await self._conn.close()
            await self._writer.close()


async def _to_the_end(step: Coroutine[Any, Any, None]) -> None:
    """Finish a COMMIT or ROLLBACK even if the caller is cancelled meanwhile (then re-raise)."""
    task = asyncio.ensure_future(step)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise


async def _connect(path: str) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    for pragma in _PRAGMAS:
        await conn.execute(f"PRAGMA {pragma}")
    return conn


async def _migrate(conn: aiosqlite.Connection) -> None:
    known = migrations()
    latest = known[-1][0] if known else 0
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    current = int(row[0]) if row else 0
    if current > latest:
        raise DatabaseError(
            f"the database is at schema version {current}, newer than this releasewatch ({latest}): upgrade it"
        )
    for version, sql in known:
        if version <= current:
            continue
        await conn.execute("BEGIN")
        try:
            for statement in _statements(sql):
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {version}")
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise


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
