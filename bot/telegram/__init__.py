"""Telegram side: commands, their replies, permissions."""
