-- Quiet hours: a chat's instant alerts (releases excepted) wait until they end, then arrive without a sound.
-- Forum topics: a forum group's alerts and digests go to the topic where /here was sent.
-- Channels: a private chat manages a channel (/channel @name), whose alerts and digests are posted to it.

ALTER TABLE chats ADD COLUMN quiet TEXT;                          -- 'HH:MM-HH:MM' in the chat's time zone, or NULL
ALTER TABLE outbox ADD COLUMN silent INTEGER NOT NULL DEFAULT 0;  -- 1: send without a notification
ALTER TABLE chats ADD COLUMN topic INTEGER;                       -- a forum's topic (message_thread_id), or NULL
ALTER TABLE chats ADD COLUMN manages BIGINT;                      -- a private chat's commands apply to this channel
