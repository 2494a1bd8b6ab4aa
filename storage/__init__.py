"""Persistence: schema, migrations and every SQL query of releasewatch.

One module per table family (``feeds``, ``items``, ``watches``, ``chats``, ``outbox``,
``digests``); ``db`` owns the connections. The rule for transactions, which every
function's signature shows:

- ``f(tx: Tx, ...)`` runs inside the caller's transaction: it is part of a larger write
  that must happen whole or not at all (a feed's items, its alerts and its poll state);
- ``f(db: Database, ...)`` that writes opens and owns its transaction;
- ``f(db: Reader, ...)`` only reads: from a ``Database`` it sees committed data and never
  waits for a write; from a ``Tx`` it sees that transaction's own writes.

Every write goes through the one writer connection, one transaction at a time (a lock held
from ``BEGIN`` to ``COMMIT``): two jobs never share a transaction, and a handler's write
is never rolled back by a job's failure. Nothing outside this package imports aiosqlite.
"""
