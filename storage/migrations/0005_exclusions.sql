-- "Not this person": words that set a chat's watched person apart from a namesake (another given name,
-- "poet"); news that names the watch together with one of them does not count for that chat.
ALTER TABLE watches ADD COLUMN exclusions TEXT NOT NULL DEFAULT '[]';
