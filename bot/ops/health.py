"""Is the bot healthy? Pure: a snapshot in, a verdict and its JSON body out (``GET /healthz``).

Unhealthy means an operator should look now:

- the event loop stalled for more than ``LOOP_LIMIT`` seconds in the last minute (every chat waits);
- the database refuses a write, or cannot be reached;
- no source has been polled successfully for ``poll_deadline`` (the bot is blind), once it has
  run that long;
- an alert has waited ``STUCK_AFTER`` without a single try (the sender is stuck). Alerts
  retried after errors, or held back by flood control, do not count: those are Telegram's
  answers for one chat, not the bot failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.ops import Counts

LOOP_LIMIT = 5.0
STUCK_AFTER = timedelta(minutes=15)
POLL_DEADLINE_AT_LEAST = timedelta(minutes=30)


def poll_deadline(intervals: list[timedelta]) -> timedelta:
    """How long without any successful poll is too long: three rounds of the slowest source, at least 30 minutes."""
    return max([POLL_DEADLINE_AT_LEAST, *(3 * i for i in intervals)])


@dataclass(frozen=True, slots=True)
class Probe:
    now: datetime
    started_at: datetime
    loop_lag: float  # seconds, the worst of the last minute
    db_error: str | None  # None: the heartbeat write went through
    counts: Counts | None  # None when the database could not be read
    poll_deadline: timedelta
    db_down_since: datetime | None = None  # the database has been unreachable since then


def assess(p: Probe) -> tuple[bool, dict[str, Any]]:
    reasons: list[str] = []
    if p.loop_lag > LOOP_LIMIT:
        reasons.append(f"the event loop stalled for {p.loop_lag:.1f} s")
    if p.db_down_since is not None:
        reasons.append(f"the database has been unreachable since {p.db_down_since.isoformat()}")
    elif p.db_error is not None:
        reasons.append(f"the database refuses writes: {p.db_error}")
    c = p.counts
    last_success = c.last_success if c else None
    quiet_for = p.now - (last_success or p.started_at)
    if p.now - p.started_at >= p.poll_deadline and quiet_for >= p.poll_deadline:
        reasons.append(f"no source polled successfully for {_duration(quiet_for)}")
    if c and c.oldest_untried_alert and p.now - c.oldest_untried_alert >= STUCK_AFTER:
        reasons.append(f"an alert has waited {_duration(p.now - c.oldest_untried_alert)} without being tried")
    oldest = c.oldest_pending_alert if c else None
    body: dict[str, Any] = {
        "status": "failing" if reasons else "ok",
        "reasons": reasons,
        "event_loop_lag_seconds": round(p.loop_lag, 3),
        "database": _database(p),
        "last_successful_poll": last_success.isoformat() if last_success else None,
        "outbox_pending": c.pending if c else None,
        "oldest_pending_alert_seconds": round((p.now - oldest).total_seconds()) if oldest else None,
        "uptime_seconds": round((p.now - p.started_at).total_seconds()),
    }
    return not reasons, body


def _database(p: Probe) -> str:
    if p.db_down_since is not None:
        return f"down since {p.db_down_since.isoformat()}"
    return "writable" if p.db_error is None else "failing"


def _duration(d: timedelta) -> str:
    minutes = int(d.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours < 48 else f"{hours // 24} days"
