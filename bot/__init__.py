"""releasewatch: Telegram alerts when a political prisoner is released, sentenced or detained."""
