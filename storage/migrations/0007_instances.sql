-- Several bot processes on one database (PostgreSQL): which are alive, which one polls a source, since when a
-- message is being sent (a claim a dead process left is released after a while).

CREATE TABLE instances (
    id TEXT PRIMARY KEY,                 -- random, new at each start
    started_at TEXT NOT NULL,
    seen_at TEXT NOT NULL                -- its heartbeat
);

ALTER TABLE feeds ADD COLUMN lease_owner TEXT;  -- the instance polling it now
ALTER TABLE feeds ADD COLUMN lease_until TEXT;  -- after this, another instance may take it over

ALTER TABLE outbox ADD COLUMN claimed_at TEXT;  -- when it went 'sending'
