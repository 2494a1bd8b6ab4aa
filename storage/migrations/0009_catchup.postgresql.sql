-- Catching up with new rows (storage/catchup.py): ids are handed out at insert but transactions commit in another
-- order, so a reader asks for the rows of transactions that may have committed since it last looked.
ALTER TABLE watches ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE outbox ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX watches_txid ON watches (txid);
CREATE INDEX outbox_pending_txid ON outbox (txid) WHERE status = 'pending';
