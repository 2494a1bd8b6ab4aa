-- Per-chat delivery settings (issue: diaspora groups).
ALTER TABLE chats ADD COLUMN mode TEXT;                 -- instant | digest | both; NULL: by chat kind
ALTER TABLE chats ADD COLUMN digest_time TEXT NOT NULL DEFAULT '20:00';
ALTER TABLE chats ADD COLUMN digest_tz TEXT NOT NULL DEFAULT 'Europe/Minsk';
ALTER TABLE chats ADD COLUMN digest_on INTEGER NOT NULL DEFAULT 1;
ALTER TABLE chats ADD COLUMN digest_quiet INTEGER NOT NULL DEFAULT 1;  -- 1: nothing when nothing happened
ALTER TABLE chats ADD COLUMN releases_only INTEGER NOT NULL DEFAULT 0;

-- What a digest chat's next digest will cover: one row per (chat, story).
CREATE TABLE digest_entries (
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    story_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    names TEXT NOT NULL,                 -- JSON list of the chat's watches the story mentions
    event TEXT NOT NULL,
    matched_at TEXT NOT NULL,
    digest_period TEXT,                  -- the digest that included it; NULL until then
    PRIMARY KEY (chat_id, story_id)
);
CREATE INDEX digest_entries_open ON digest_entries (chat_id, digest_period);

-- One row per digest produced: a period is never produced twice.
CREATE TABLE digests (
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    period TEXT NOT NULL,                -- the scheduled time it stands for (UTC)
    created_at TEXT NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (chat_id, period)
);

-- The outbox carries digests too: a row is either an alert about a story or a ready message.
CREATE TABLE outbox_v2 (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    kind TEXT NOT NULL,                  -- alert | digest
    dedupe_key TEXT NOT NULL,            -- alert:<story id> | digest:<period>:<part>
    story_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
    payload TEXT NOT NULL,               -- alert: JSON of what matched; digest: the message (HTML)
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT,
    UNIQUE (chat_id, dedupe_key)
);
INSERT INTO outbox_v2 (id, chat_id, kind, dedupe_key, story_id, payload, status, attempts, not_before, created_at,
                       sent_at, last_error)
SELECT id, chat_id, kind, kind || ':' || story_id, story_id, payload, status, attempts, not_before, created_at,
       sent_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, not_before);
