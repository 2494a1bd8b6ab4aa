"""outbox → Telegram: render messages, send them within Telegram limits."""
