"""feeds.yaml → poll → parse → dedupe → match → outbox. One module per stage."""
