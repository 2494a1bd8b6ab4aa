"""How many commands a user may send: a burst is fine, a flood gets one polite answer, then silence. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

BURST = 10  # commands a user may send at once
EVERY = 1.0  # seconds to earn one more: nobody types faster for long


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # the first command over the limit: say so, once
    DROP = "drop"  # ignore it quietly


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float
    warned: bool = False


class CommandThrottle:
    """A token bucket per user (``now`` on any one clock)."""

    def __init__(self, burst: int = BURST, every: float = EVERY) -> None:
        self.burst = burst
        self.every = every
        self._users: dict[int, _Bucket] = {}

    def check(self, user_id: int, now: float) -> Verdict:
        bucket = self._users.get(user_id)
        if bucket is None:
            if len(self._users) >= 10_000:
                self._forget_idle(now)
            bucket = self._users[user_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) / self.every)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.warned = False
            return Verdict.ALLOW
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        """Users whose bucket has filled up again are like new ones: forget them."""
        full = self.burst * self.every
        self._users = {u: b for u, b in self._users.items() if now - b.at < full}
