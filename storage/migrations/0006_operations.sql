-- Operations: a source the operator paused, and the row the health check writes to prove the database takes writes.

ALTER TABLE feeds ADD COLUMN paused_at TEXT;  -- /admin pause: not polled until /admin resume

CREATE TABLE heartbeat (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL
);
