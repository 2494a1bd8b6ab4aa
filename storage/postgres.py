"""PostgreSQL, for operators who outgrow one machine: the same storage functions, through psycopg.

Statements are the same text as on SQLite; ``?`` placeholders become psycopg's ``%s``.
Writes of one process go through one writer connection behind a lock, as on SQLite, so the
code above behaves the same on both; reads use a small pool and see committed data.
Several processes may share the database: what must happen once between them is settled
by the database itself (unique keys, ``FOR UPDATE SKIP LOCKED``, leases with an expiry, an
advisory lock around migrations).

**When the server goes away** (restarted, unreachable): the call that finds the connection
lost fails with ``DatabaseUnavailable`` — its transaction is rolled back by the server, nothing
of it is stored — and its caller tries that work again later. The writer is reopened by the
next transaction, at once after a loss and then with a capped, jittered backoff while the
server refuses; until then calls fail at once instead of queuing behind a dead connection.
A read that meets a stale pooled connection is tried once more on a fresh one. The log
says one WARNING when the database goes and one INFO when it is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
import psycopg_pool
from psycopg.rows import RowMaker
from psycopg_pool import AsyncConnectionPool

from storage.db import (
    POSTGRESQL,
    DatabaseError,
    DatabaseUnavailable,
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

log = logging.getLogger(__name__)
MIGRATION_LOCK = 0x72656C77  # "relw": the advisory lock two starting processes take before migrating
READERS = 4
CONNECT_TIMEOUT = 5  # seconds to open a connection: a server that takes longer counts as down
READ_WAIT = 5.0  # seconds a read waits for a pooled connection
PROBE_WAIT = 1.0  # ... while the database is down: a read then only asks whether it is back
RETRY_FIRST, RETRY_MAX = 0.5, 5.0  # seconds between tries while the server refuses (doubling, with jitter)
T = TypeVar("T")


def lost(e: BaseException) -> bool:
    """Does this error mean the connection is gone or cannot be made (rather than a refused statement)?"""
    if isinstance(e, psycopg.InterfaceError):
        return True
    if not isinstance(e, psycopg.OperationalError):
        return False
    state = e.sqlstate
    # no state: the client lost the socket; 08: connection exceptions; 57P01-03: the server shuts down or starts
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")


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
    def __init__(self, conn: psycopg.AsyncConnection[Any], on_lost: Callable[[BaseException], None]) -> None:
        self._conn = conn
        self._on_lost = on_lost

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        try:
            yield self._conn
        except psycopg.Error as e:
            if lost(e):
                self._on_lost(e)
                raise DatabaseUnavailable(first_line(e)) from None
            raise

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._connection() as conn, conn.cursor() as cur:
            await cur.execute(placeholders(sql), _params(params))
            return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        async with self._connection() as conn, conn.cursor() as cur:
            await cur.executemany(placeholders(sql), [_params(r) for r in rows])
            return cur.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        async with self._connection() as conn, conn.cursor() as cur:
            await cur.execute(placeholders(sql) + " RETURNING id", _params(params))
            row = await cur.fetchone()
            assert row is not None
            return int(row[0])


class PostgresDatabase(OneWriter, _PgReads):
    def __init__(self, url: str, writer: psycopg.AsyncConnection[Any], readers: AsyncConnectionPool) -> None:
        self._url = url
        self._writer = writer
        self._readers = readers
        self._lock = asyncio.Lock()
        self._down_since: datetime | None = None
        self._retry_at = 0.0  # monotonic: when the writer may be reopened
        self._failed_tries = 0
        self._writer_lost = False  # reopen it before the next transaction

    @classmethod
    async def open(cls, url: str) -> PostgresDatabase:
        try:
            writer = await _connect(url)
        except psycopg.Error as e:
            raise DatabaseError(f"cannot connect to PostgreSQL at {database_name(url)}: {first_line(e)}") from None
        try:
            await _migrate(writer)
            readers = AsyncConnectionPool(
                url, min_size=1, max_size=READERS, open=False, timeout=READ_WAIT,
                kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            )  # fmt: skip
            await readers.open(wait=True, timeout=30)
        except BaseException:
            await writer.close()
            raise
        return cls(url, writer, readers)

    @property
    def down_since(self) -> datetime | None:
        return self._down_since

    async def own(self) -> None:
        """Processes share a PostgreSQL database (``bot.cluster``): nothing to take."""

    async def scrub(self) -> None:
        """Deleted rows stay in their pages until VACUUM reclaims them; VACUUM cannot run in a transaction, and
        autovacuum does it soon after. Left to the server."""

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        self._fail_fast()
        async with self._readers.connection(PROBE_WAIT if self._down_since else READ_WAIT) as conn:
            yield conn

    async def _read(self, run: Callable[[], Awaitable[T]]) -> T:
        """A read, tried once more when it met a connection the server had dropped (after the pool replaced every
        stale one)."""
        for attempt in (1, 2):
            try:
                result = await run()
            except psycopg.Error as e:
                if not lost(e):
                    raise
                if attempt == 2 or isinstance(e, psycopg_pool.PoolTimeout):
                    self._lost(e, writer=False, tried=True)
                    raise DatabaseUnavailable(first_line(e)) from None
                with contextlib.suppress(psycopg.Error):  # the server restarted: every idle connection is stale
                    await self._readers.check()
                continue
            if self._down_since is not None and not self._stale:
                self._back()
            return result
        raise AssertionError("unreachable")

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._read(lambda: _PgReads.fetchall(self, sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        return await self._read(lambda: _PgReads.fetchone(self, sql, params))

    # -- the writer --------------------------------------------------------------------

    async def _on_writer(self, sql: str) -> None:
        if sql == self.BEGIN:
            await self._reopen()
        try:
            await self._writer.execute(sql.encode())
        except psycopg.Error as e:
            if lost(e):
                self._lost(e)
                raise DatabaseUnavailable(first_line(e)) from None
            raise
        if sql == self.BEGIN and self._down_since is not None:
            self._back()

    async def _end(self, verb: str) -> None:
        if verb == "ROLLBACK" and self._stale:
            return  # the server rolls back what a lost connection left open
        await super()._end(verb)

    def _in_transaction(self) -> bool:
        if self._stale:
            return False
        return self._writer.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def _tx(self) -> Tx:
        return PgTx(self._writer, self._lost)

    @property
    def _stale(self) -> bool:
        return self._writer_lost or self._writer.closed

    async def _reopen(self) -> None:
        """Reopen the writer if it was lost (not before its backoff), or raise ``DatabaseUnavailable``."""
        if not self._stale:
            return
        self._fail_fast()
        with contextlib.suppress(psycopg.Error, OSError):
            await self._writer.close()
        try:
            self._writer = await _connect(self._url)
        except psycopg.Error as e:
            self._lost(e, tried=True)
            raise DatabaseUnavailable(first_line(e)) from None
        self._writer_lost = False

    def _fail_fast(self) -> None:
        """While the server is down and it is not yet time to try again, fail at once (nobody waits on a timeout)."""
        if self._down_since is not None and time.monotonic() < self._retry_at:
            raise DatabaseUnavailable(f"down since {self._down_since:%H:%M:%S} UTC")

    def _lost(self, e: BaseException, writer: bool = True, tried: bool = False) -> None:
        """A connection went (the writer's, unless ``writer`` is False). Just lost: the next call may try again at
        once; a try to reach it that failed (``tried``): the next waits, longer each time, with jitter."""
        self._writer_lost = self._writer_lost or writer or self._writer.closed
        if tried:
            self._failed_tries += 1
            wait = min(RETRY_MAX, RETRY_FIRST * 2 ** min(self._failed_tries, 8)) * (0.75 + 0.5 * random.random())
            self._retry_at = time.monotonic() + wait
        if self._down_since is None:
            self._down_since = datetime.now(UTC)
            log.warning("the database %s is unreachable (%s): retrying", database_name(self._url), first_line(e))

    def _back(self) -> None:
        gone = (datetime.now(UTC) - self._down_since).total_seconds() if self._down_since else 0.0
        log.info("the database %s is back after %.0f s", database_name(self._url), gone)
        self._down_since = None
        self._failed_tries = 0

    async def _close_connections(self) -> None:
        await self._readers.close()
        await self._writer.close()


async def _connect(url: str) -> psycopg.AsyncConnection[Any]:
    return await psycopg.AsyncConnection.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)


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
