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


FIRST_AGAIN = timedelta(minutes=30)  # while a mirror works, how often the first address is tried again


def address_order(count: int, current: int, first_tried_at: datetime | None, now: datetime) -> list[int]:
    """Which of a source's addresses to try, in order (0 is its url, then its mirrors).

    The one that answered last goes first, then the others in the configured order. While
    a mirror is in use, the first address is tried before it every FIRST_AGAIN, so the
    source returns to it once it works again.
    """
    current = current if 0 <= current < count else 0
    order = [current, *(i for i in range(count) if i != current)]
    if current and (first_tried_at is None or now - first_tried_at >= FIRST_AGAIN):
        order = [0, *(i for i in order if i != 0)]
    return order
