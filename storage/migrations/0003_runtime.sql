-- Items remember when their feed last listed them: pruning forgets only items that left their feed,
-- so a story still listed after the retention period is never new again.
-- Feeds: how many items the last listing had and when it was taken (a feed that turns empty is failing).
-- Upgrading, nobody knows what was listed: assume every stored item was still listed at its feed's last
-- successful poll, so nothing is pruned (and so new again) before it has been gone for the whole retention.
ALTER TABLE items ADD COLUMN last_listed_at TEXT;
ALTER TABLE feeds ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN listed_at TEXT;
UPDATE feeds SET listed_at = last_success_at,
    listed = (SELECT COUNT(*) FROM items WHERE items.feed_id = feeds.id);
UPDATE items SET last_listed_at = COALESCE((SELECT f.listed_at FROM feeds f WHERE f.id = items.feed_id), seen_at);
CREATE INDEX items_feed_listed ON items (feed_id, last_listed_at);

-- Outbox ids are never reused (AUTOINCREMENT): the sender catches up with new rows by id. New columns:
-- failing_since, since when a message keeps failing to go out (transient errors are retried for a day or more);
-- failed_at, when it was given up (counted for the operator).
CREATE TABLE outbox_v3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    kind TEXT NOT NULL,                  -- alert | digest
    dedupe_key TEXT NOT NULL,            -- alert:<story id> | digest:<period>:<part>
    story_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
    payload TEXT NOT NULL,               -- alert: JSON of what matched; digest: the message (HTML)
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | sending | sent | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT,
    failing_since TEXT,
    failed_at TEXT,
    UNIQUE (chat_id, dedupe_key)
);
INSERT INTO outbox_v3 (id, chat_id, kind, dedupe_key, story_id, payload, status, attempts, not_before, created_at,
                       sent_at, last_error)
SELECT id, chat_id, kind, dedupe_key, story_id, payload, status, attempts, not_before, created_at, sent_at, last_error
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v3 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, not_before);
CREATE INDEX outbox_sent ON outbox (status, sent_at);

-- Watch ids are never reused (AUTOINCREMENT): the matcher catches up with new watches by id.
CREATE TABLE watches_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    name TEXT NOT NULL,
    identity TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (chat_id, identity)
);
INSERT INTO watches_v2 (id, chat_id, name, identity, created_at)
SELECT id, chat_id, name, identity, created_at FROM watches;
DROP TABLE watches;
ALTER TABLE watches_v2 RENAME TO watches;
