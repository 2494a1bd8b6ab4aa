"""What Telegram's answers mean for a message, and how long to wait before trying again. Pure."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

RETRY_FOR = timedelta(hours=24)  # transient errors are retried at least this long
BACKOFF_FIRST = 3.0  # a 5xx or a network error is mostly momentary: try again soon, then less and less often
BACKOFF_MAX = 600.0

# 400 descriptions: the chat is gone for good, or the problem may go away (an admin gives rights back)
_GONE = ("chat not found", "user is deactivated", "peer_id_invalid", "bot was kicked")
_MAY_CHANGE = ("not enough rights", "have no rights", "chat_write_forbidden", "chat_restricted", "topic_closed")


class Outcome(StrEnum):
    """What a refused message means: retire its chat, try again later, or give the message up."""

    RETIRE = "retire"
    RETRY = "retry"
    FAIL = "fail"


def bad_request_outcome(description: str) -> Outcome:
    """What a 400 means for a message: retire the chat, retry later, or fail the message."""
    text = description.lower()
    if any(s in text for s in _GONE):
        return Outcome.RETIRE
    if any(s in text for s in _MAY_CHANGE):
        return Outcome.RETRY
    return Outcome.FAIL


def backoff(attempts: int, jitter: float) -> float:
    """Seconds before the next try after ``attempts`` failed tries; ``jitter`` in [0, 1)."""
    return min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** min(attempts, 16)) * (0.9 + 0.2 * jitter)


def topic_gone(description: str) -> bool:
    """A 400 saying that the forum topic a chat chose (/here) no longer exists."""
    return "thread not found" in description.lower()
