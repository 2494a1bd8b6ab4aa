"""PostgreSQL, for operators who outgrow one machine: the same storage functions, through psycopg.

Statements are the same text as on SQLite; ``?`` placeholders become psycopg's ``%s``.
Writes of one process go through one writer connection behind a lock, as on SQLite, so the
code above behaves the same on both; reads use a small pool and see committed data.
Several processes may share the database: what must happen once between them is settled
by the database itself (unique keys, ``FOR UPDATE SKIP LOCKED``, leases with an expiry, an
advisory lock around migrations).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

import psycopg
from psycopg.rows import RowMaker
from psycopg_pool import AsyncConnectionPool

from storage.db import (
    POSTGRESQL,
    DatabaseError,
    OneWriter,
    Params,
    Row,
    Tx,
    database_name,
    first_line,
    migrations,
    newer_than_code,
    statements,
)

MIGRATION_LOCK = 0x72656C77  # "relw": the advisory lock two starting processes take before migrating
READERS = 4


class PgRow(tuple):  # type: ignore[type-arg]
    """A row by column name or position, like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)


def _rows(cursor: psycopg.AsyncCursor[Any]) -> RowMaker[PgRow]:
    names = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: PgRow(values, names)


@functools.lru_cache(maxsize=1024)
def placeholders(sql: str) -> str:
    """``?`` → ``%s`` outside string literals; a literal ``%`` → ``%%``."""
    out: list[str] = []
    quoted = False
    for ch in sql:
        if ch == "'":
            quoted = not quoted
        if ch == "%":
            out.append("%%")
        elif ch == "?" and not quoted:
            out.append("%s")
        else:
            out.append(ch)
    return "".join(out)


def _params(params: Params) -> list[Any]:
    """Flags are integers in both dialects; PostgreSQL will not take a bool for an integer."""
    return [int(p) if isinstance(p, bool) else p for p in params]


class _PgReads:
    dialect = POSTGRESQL

    def _connection(self) -> contextlib.AbstractAsyncContextManager[psycopg.AsyncConnection[Any]]:
        raise NotImplementedError

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._connection() as conn, conn.cursor(row_factory=_rows) as cur:
            await cur.execute(placeholders(sql), _params(params))
            return list(await cur.fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._connection() as conn, conn.cursor(row_factory=_rows) as cur:
            await cur.execute(placeholders(sql), _params(params))
            return await cur.fetchone()

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class PgTx(_PgReads):
    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self._conn = conn

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        yield self._conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._conn.cursor() as cur:
            await cur.execute(placeholders(sql), _params(params))
            return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        async with self._conn.cursor() as cur:
            await cur.executemany(placeholders(sql), [_params(r) for r in rows])
            return cur.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        async with self._conn.cursor() as cur:
            await cur.execute(placeholders(sql) + " RETURNING id", _params(params))
            row = await cur.fetchone()
            assert row is not None
            return int(row[0])


class PostgresDatabase(OneWriter, _PgReads):
    def __init__(self, writer: psycopg.AsyncConnection[Any], readers: AsyncConnectionPool) -> None:
        self._writer = writer
        self._readers = readers
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, url: str) -> PostgresDatabase:
        try:
            writer = await psycopg.AsyncConnection.connect(url, autocommit=True)
        except psycopg.Error as e:
            raise DatabaseError(f"cannot connect to PostgreSQL at {database_name(url)}: {first_line(e)}") from None
        try:
            await _migrate(writer)
            readers = AsyncConnectionPool(url, min_size=1, max_size=READERS, kwargs={"autocommit": True}, open=False)
            await readers.open(wait=True, timeout=30)
        except BaseException:
            await writer.close()
            raise
        return cls(writer, readers)

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        async with self._readers.connection() as conn:
            yield conn

    async def _on_writer(self, sql: str) -> None:
        await self._writer.execute(sql.encode())

    def _tx(self) -> Tx:
        return PgTx(self._writer)

    def _in_transaction(self) -> bool:
        return self._writer.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    async def _close_connections(self) -> None:
        await self._readers.close()
        await self._writer.close()


async def _migrate(conn: psycopg.AsyncConnection[Any]) -> None:
    """Apply what is missing, all in one transaction under an advisory lock: a second process waits, then finds
    nothing to do."""
    known = migrations(POSTGRESQL)
    latest = known[-1][0] if known else 0
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        cur = await conn.execute("SELECT MAX(version) FROM schema_version")
        row = await cur.fetchone()
        current = int(row[0]) if row and row[0] is not None else 0
        if current > latest:
            raise newer_than_code(current, latest)
        for version, sql in known:
            if version <= current:
                continue
            for statement in statements(sql):
                await conn.execute(statement.encode())  # DDL, no parameters: run as written
            await conn.execute("DELETE FROM schema_version")
            await conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
