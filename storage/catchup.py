"""Reading what is new in a table while other processes write to it: every committed row is seen.

Ids are handed out when a row is inserted, but transactions commit in another order. A
reader that remembers the highest id it has read ("id > last") misses, on PostgreSQL, a row
with a lower id whose transaction commits after that read: a watch that never fired, found
by a test with two processes (issue 16). How each dialect reads "new" correctly:

- **SQLite**: one process writes the file (``Database.own``) and its transactions are
  serialised (``BEGIN IMMEDIATE``), so ids commit in order and ``id > last`` is exact.
- **PostgreSQL**: each row records the transaction that inserted it (``txid``, a ``xid8``
  defaulting to ``pg_current_xact_id()``). Before each pass the reader takes the oldest
  transaction still running (``pg_snapshot_xmin``): every older one has committed or rolled
  back, so its rows are visible from then on, and the next pass needs only the rows of
  transactions from that one on. A pass re-reads the rows written since the oldest open
  transaction began (a few, normally); the reader skips those it has by id.

Chosen over ``LISTEN/NOTIFY``, which needs a listening connection per process and still a
reconcile after every reconnect (a notification sent meanwhile is lost), and over a change
log, which costs a second write per row. A transaction left open for hours makes passes
re-read everything since it began: PostgreSQL's ``idle_in_transaction_session_timeout`` is
the cure for such a client.
"""

from __future__ import annotations

from storage.db import SQLITE, Params, Reader, Row

FIRST = "0"  # no transaction is older: the first pass reads every row


class Catchup:
    """Where one reader stands in one table: call ``batch`` until it returns fewer rows than asked, then again
    later for what is new since."""

    def __init__(self, table: str, columns: str, condition: str = "1 = 1") -> None:
        self.sql = f"SELECT {columns} FROM {table} WHERE {condition} AND id > ?"
        self.after = 0  # this pass has read every row up to this id
        self.horizon = FIRST  # PostgreSQL: this pass reads the rows of transactions from this one on
        self._next: str | None = None  # ... and the next pass those from this one on

    async def batch(self, db: Reader, params: Params, limit: int) -> list[Row]:
        """The next rows (by id) that may be new; fewer than ``limit`` ends the pass. A row may come again on
        PostgreSQL (its transaction was still open at an earlier pass): skip what you have by id."""
        if db.dialect == SQLITE:
            rows = await db.fetchall(f"{self.sql} ORDER BY id LIMIT ?", (*params, self.after, limit))
        else:
            if self._next is None:  # a pass begins: what it cannot miss is decided now, before it reads
                self._next = await db.fetchval("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
            rows = await db.fetchall(
                f"{self.sql} AND txid >= ?::xid8 ORDER BY id LIMIT ?", (*params, self.after, self.horizon, limit)
            )
        if rows:
            self.after = int(rows[-1]["id"])
        if len(rows) < limit and db.dialect != SQLITE:
            assert self._next is not None
            self.horizon, self._next, self.after = self._next, None, 0
        return rows
