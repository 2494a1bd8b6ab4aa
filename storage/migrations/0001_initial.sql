-- Chats that talked to the bot. Nothing about their members is stored.
CREATE TABLE chats (
    id INTEGER PRIMARY KEY,              -- Telegram chat id
    kind TEXT NOT NULL,                  -- private | group | supergroup | channel
    language TEXT,
    active INTEGER NOT NULL DEFAULT 1,   -- 0 once the bot was blocked or removed
    created_at TEXT NOT NULL
);

CREATE TABLE watches (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    name TEXT NOT NULL,                  -- as the user typed it
    identity TEXT NOT NULL,              -- equal for two spellings of one person
    created_at TEXT NOT NULL,
    UNIQUE (chat_id, identity)
);

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    primed INTEGER NOT NULL DEFAULT 0,   -- 1 after the first successful poll
    failures INTEGER NOT NULL DEFAULT 0, -- consecutive
    last_error TEXT,
    failing_since TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT,
    next_poll_at TEXT
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    link TEXT,
    canonical_link TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    published_at TEXT,
    seen_at TEXT NOT NULL,
    story_id INTEGER NOT NULL,           -- id of the first item of the same story
    event TEXT,
    UNIQUE (feed_id, guid)
);
CREATE INDEX items_canonical ON items (canonical_link);
CREATE INDEX items_story ON items (story_id);
CREATE INDEX items_seen ON items (seen_at);

-- One row per message to send; unique per (chat, story, kind) so nothing goes twice.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    story_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                  -- alert
    payload TEXT NOT NULL,               -- JSON: the watches and surfaces that matched
    status TEXT NOT NULL DEFAULT 'pending', -- pending | sending | sent | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT,
    UNIQUE (chat_id, story_id, kind)
);
CREATE INDEX outbox_due ON outbox (status, not_before);
