-- What the bot asked someone and waits for an answer to ("Not this person": what sets them apart?), kept here and
-- not in a process's memory, so that whichever process receives the answer takes it. One question per user per
-- chat; it expires after a day (expired rows are ignored, and deleted by the next question and by pruning). The
-- user's id is the only thing stored about a member, for that day at most; erasing the chat erases its questions.

CREATE TABLE questions (
    chat_id BIGINT NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id BIGINT NOT NULL,             -- who is asked: only their answer counts
    kind TEXT NOT NULL,                  -- namesake
    watch_id BIGINT,                     -- what it is about (no foreign key: a watch removed meanwhile is told)
    asked_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX questions_expiry ON questions (expires_at);
