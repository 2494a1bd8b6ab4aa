"""The database: its interface, migrations, transactions, time encoding; SQLite here, PostgreSQL in ``postgres``.

**Who writes, and how.** Every write of a process goes through one writer, inside
``async with db.transaction() as tx:``; the transaction holds the process's write lock
from its ``BEGIN`` to its ``COMMIT``/``ROLLBACK``, so two coroutines never share or
interleave a transaction and a failing job never rolls back a handler's write. Storage
functions follow one rule that their signature shows:

- a function that takes ``tx: Tx`` runs inside the caller's transaction (it is one part of
  a larger write, e.g. ``insert_items`` with ``record_success``);
- a function that takes ``db: Database`` and writes opens, and owns, its transaction
  (e.g. ``deactivate_chat``);
- a function that only reads takes ``db: Reader``: a ``Database`` reads through another
  connection, which sees committed data only and never waits for the writer (SQLite's WAL,
  PostgreSQL's MVCC), while a ``Tx`` reads through the writer and sees its own writes.

**Two dialects, one SQL.** Queries are written once, with ``?`` placeholders, in the SQL
both SQLite and PostgreSQL accept (``INSERT ... ON CONFLICT DO NOTHING``, ``RETURNING``);
the few differences go through ``id_list``/``text_list`` (a list as one parameter).
Timestamps are ISO 8601 text in UTC and flags are integers in both, so rows read the same.

Migrations are the numbered ``migrations/NNNN_*.sql`` files, applied in order, each in one
transaction; a ``NNNN_*.postgresql.sql`` beside one replaces it on PostgreSQL, where the
dialects differ. SQLite tracks the version in ``PRAGMA user_version``, PostgreSQL in a
``schema_version`` table under an advisory lock (two processes starting at once migrate
once). A database newer than the code is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
from collections.abc import AsyncIterator, Coroutine, Iterable, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiosqlite

Params = Sequence[Any]
SQLITE, POSTGRESQL = "sqlite", "postgresql"
# secure_delete: a row /stop erases is overwritten with zeros, not left readable in a free page
_PRAGMAS = (
    "journal_mode = WAL", "busy_timeout = 5000", "foreign_keys = ON", "synchronous = NORMAL", "secure_delete = ON"
)  # fmt: skip


class Row(Protocol):
    """A result row: by column name or position (``sqlite3.Row``, or ``postgres.PgRow``)."""

    def __getitem__(self, key: str | int) -> Any: ...

    def keys(self) -> list[str]: ...


class DatabaseError(Exception):
    """The database cannot be used (too new, unreadable, unreachable)."""


class DatabaseUnavailable(DatabaseError):
    """The connection to the database was lost or cannot be made now: the transaction (or read) it interrupted was
    rolled back, nothing of it is stored. The database reconnects by itself; the caller tries its work again later
    (a poll at its next turn, a message at its next pick, a command when the user sends it again)."""


class Reader(Protocol):
    """What read-only storage functions need: a ``Database`` or a ``Tx``."""

    dialect: str

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any: ...


def id_list(r: Reader, ids: Iterable[int]) -> tuple[str, str]:
    """``col IN {sql}`` with one parameter holding a list of ids (any length)."""
    values = json.dumps(list(ids))
    if r.dialect == POSTGRESQL:
        return "(SELECT json_array_elements_text(?::json)::bigint)", values
    return "(SELECT value FROM json_each(?))", values


def text_list(r: Reader, texts: Iterable[str]) -> tuple[str, str]:
    """``col IN {sql}`` with one parameter holding a list of strings."""
    values = json.dumps(list(texts))
    if r.dialect == POSTGRESQL:
        return "(SELECT json_array_elements_text(?::json))", values
    return "(SELECT value FROM json_each(?))", values


class Tx(Protocol):
    """One write transaction. Only ``Database.transaction`` makes one."""

    dialect: str

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any: ...

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; the number of rows it changed."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """Run a statement once per row; the number of rows changed in all."""
        ...

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run an INSERT into a table with an ``id``; the new row's id."""
        ...


class Database(Protocol):
    """Reads (committed data) and write transactions, whichever the dialect."""

    dialect: str

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any: ...

    def transaction(self) -> contextlib.AbstractAsyncContextManager[Tx]: ...

    @property
    def writing(self) -> bool:
        """Is a write transaction of this process running (or waiting)?"""
        ...

    @property
    def down_since(self) -> datetime | None:
        """Since when the database has been unreachable (None: it is up, as far as the last call knew)."""
        ...

    async def own(self) -> None:
        """Make this process the one that runs the bot on this database, for as long as it is open. SQLite: one
        process per file (a second one is refused with ``DatabaseError``); PostgreSQL: nothing, processes share."""
        ...

    async def scrub(self) -> None:
        """Leave no copy of erased rows behind in the database's files (after ``/stop``)."""
        ...

    async def close(self) -> None: ...


async def open_database(target: str | Path) -> Database:
    """A ``postgresql://`` URL, or the path of a SQLite file (created readable by its owner only)."""
    if is_postgres(target):
        from storage.postgres import PostgresDatabase

        return await PostgresDatabase.open(str(target))
    return await SqliteDatabase.open(target)


def is_postgres(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def database_name(target: str | Path) -> str:
    """The database for messages: a file's path, or a server and database without the password."""
    if not is_postgres(target):
        return str(target)
    parts = urlsplit(str(target))
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path}"


def first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def migrations(dialect: str = SQLITE) -> list[tuple[int, str]]:
    """(version, SQL) for every migration shipped with the code, in order, as ``dialect`` runs them."""
    folder = resources.files("storage") / "migrations"
    chosen: dict[int, tuple[bool, str]] = {}
    for entry in folder.iterdir():
        name = entry.name
        if not name.endswith(".sql") or name.endswith(".sqlite.sql"):
            continue
        special = name.endswith(".postgresql.sql")
        if special and dialect != POSTGRESQL:
            continue
        version = int(name.split("_", 1)[0])
        if special or version not in chosen:
            chosen[version] = (special, entry.read_text(encoding="utf-8"))
    return sorted((version, sql) for version, (_, sql) in chosen.items())


def statements(sql: str) -> list[str]:
    """Split a migration into statements; ``--`` comments go first (they may contain ``;``)."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def newer_than_code(current: int, latest: int) -> DatabaseError:
    return DatabaseError(
        f"the database is at schema version {current}, newer than this releasewatch ({latest}): upgrade it"
    )


# -- SQLite -----------------------------------------------------------------------------------


class _SqliteReads:
    _conn: aiosqlite.Connection
    dialect = SQLITE

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, params))  # type: ignore[arg-type]

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)  # type: ignore[arg-type]

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class SqliteTx(_SqliteReads):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._conn.execute(sql, params) as cur:
            return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        async with self._conn.executemany(sql, rows) as cur:
            return cur.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        async with self._conn.execute(sql, params) as cur:
            assert cur.lastrowid is not None
            return cur.lastrowid


class OneWriter:
    """A process's one writer: the lock held from BEGIN to COMMIT/ROLLBACK, and ends that always happen."""

    BEGIN = "BEGIN"
    _lock: asyncio.Lock

    async def _on_writer(self, sql: str) -> None:
        raise NotImplementedError

    def _tx(self) -> Tx:
        raise NotImplementedError

    def _in_transaction(self) -> bool:
        raise NotImplementedError

    async def _close_connections(self) -> None:
        raise NotImplementedError

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """A write transaction; it holds the write lock until it commits or rolls back."""
        async with self._lock:
            await self._on_writer(self.BEGIN)
            try:
                yield self._tx()
            except BaseException:
                await to_the_end(self._end("ROLLBACK"))
                raise
            await to_the_end(self._end("COMMIT"))

    async def _end(self, verb: str) -> None:
        try:
            await self._on_writer(verb)
        except BaseException:  # e.g. the disk is full: leave no transaction open
            if self._in_transaction():
                await self._on_writer("ROLLBACK")
            raise

    @property
    def writing(self) -> bool:
        return self._lock.locked()

    async def close(self) -> None:
        async with self._lock:
            await self._close_connections()


class SqliteDatabase(OneWriter, _SqliteReads):
    """A writer connection behind a lock, and a reader connection (see the module docstring)."""

    BEGIN = "BEGIN IMMEDIATE"
    down_since = None  # a file does not go away

    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: str = "") -> None:
        self._writer = writer
        self._conn = reader
        self._lock = asyncio.Lock()
        self._path = path
        self._owner: int | None = None  # the lock file's descriptor while this process runs the bot

    @classmethod
    async def open(cls, path: str | Path) -> SqliteDatabase:
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
        return cls(writer, reader, path)

    async def own(self) -> None:
        """An exclusive ``flock`` on ``FILE.lock``, held until close. The kernel drops it when the process dies, so a
        process killed by -9 leaves no owner behind, and the next one knows it is alone (nothing to wait for)."""
        if self._owner is not None:
            return
        lock = f"{self._path}.lock"
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise DatabaseError(
                f"another releasewatch (pid {holder}) is running on it: one process per SQLite file "
                "(several processes need PostgreSQL)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._owner = fd

    async def scrub(self) -> None:
        """Erased rows are zeroed in the main file (``secure_delete``); the WAL still holds the pages as they were
        before: copy it into the file and truncate it."""
        async with self._lock:
            await self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def _on_writer(self, sql: str) -> None:
        await self._writer.execute(sql)

    def _tx(self) -> Tx:
        return SqliteTx(self._writer)

    def _in_transaction(self) -> bool:
        return self._writer.in_transaction

    async def _close_connections(self) -> None:
        await self._conn.close()
        await self._writer.close()
        if self._owner is not None:
            os.close(self._owner)  # the lock goes with it
            self._owner = None


async def to_the_end(step: Coroutine[Any, Any, None]) -> None:
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
    known = migrations(SQLITE)
    latest = known[-1][0] if known else 0
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    current = int(row[0]) if row else 0
    if current > latest:
        raise newer_than_code(current, latest)
    for version, sql in known:
        if version <= current:
            continue
        await conn.execute("BEGIN")
        try:
            for statement in statements(sql):
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


def to_db(when: datetime | None) -> str | None:
    """UTC ISO 8601 with seconds: sorts as text."""
    if when is None:
        return None
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_db(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
