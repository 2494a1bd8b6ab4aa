-- Sources as they really are (issue: Telegram channels, pages, mirrors, health).

-- Which of a source's addresses answered last (0: its url, 1…: its mirrors), and when its first
-- address was last tried while a mirror was in use (it is tried again now and then).
ALTER TABLE feeds ADD COLUMN mirror INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN first_tried_at TEXT;
-- The health last told to the operator (ok | failing | empty | quiet | mirror), so a change is told once.
ALTER TABLE feeds ADD COLUMN announced TEXT;

-- An item's text as last seen (an edited post or an RSS item updated in place changes it), and the
-- watches it was matched with (an edit that names someone new alerts once, marked "updated").
ALTER TABLE items ADD COLUMN content_hash TEXT;
ALTER TABLE items ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';

-- Telegram's id of a sent message: an alert that more sources confirm is edited, not sent again.
ALTER TABLE outbox ADD COLUMN message_id INTEGER;

-- The same news from other sources, per chat: the alert (or digest line) about ``story_id`` lists them.
CREATE TABLE also_reported (
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    story_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,  -- what the chat heard of first
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,   -- another source's report of it
    PRIMARY KEY (chat_id, story_id, item_id)
);
CREATE INDEX outbox_chat_recent ON outbox (chat_id, created_at);
