"""When to poll a feed next: its interval with jitter, exponential backoff on failure."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_BACKOFF = timedelta(hours=6)
JITTER = 0.1


def next_poll_at(now: datetime, interval: timedelta, failures: int, jitter: float) -> datetime:
    """``jitter`` in [0, 1) spreads feeds apart; ``failures`` is the consecutive count.

    A failing feed waits interval × 2^failures, capped at MAX_BACKOFF (or the interval
    when that is longer). It is never given up: it keeps being retried at the cap.
    """
    base = interval * (2 ** min(failures, 16)) if failures else interval
    base = min(base, max(MAX_BACKOFF, interval))
    spread = base * JITTER * (2 * jitter - 1)
    return now + base + spread
