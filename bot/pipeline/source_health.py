"""How a source is doing, in one word with a reason and a "since". Pure.

- **new**: not polled yet;
- **failing**: its last poll failed (HTTP status, network error, timeout, too large, an
  anti-bot page, a malformed document);
- **empty**: it answers, but lists nothing where it listed items;
- **quiet**: it works, but nothing new has come for much longer than usual: 5 times the
  median gap between its latest items, and at least a day (learned from its own history,
  once it has 5 gaps to learn from);
- **mirror**: it works, through one of its mirrors;
- **ok**: it works.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from statistics import median
from urllib.parse import urlsplit

from storage.feeds import FeedState

EMPTY = "the source lists no items"  # how the failure of a source that turned empty starts
QUIET_FACTOR = 5
QUIET_AT_LEAST = timedelta(days=1)
LEARN_FROM = 5  # gaps between items needed before "quiet" means anything


class Health(StrEnum):
    NEW = "new"
    OK = "ok"
    MIRROR = "mirror"
    QUIET = "quiet"
    EMPTY = "empty"
    FAILING = "failing"


@dataclass(frozen=True, slots=True)
class SourceHealth:
    state: Health
    reason: str | None = None  # failing/empty: the error; quiet: how long; mirror: the mirror's host
    since: datetime | None = None
    usual: timedelta | None = None  # quiet: the usual gap between items


def source_health(state: FeedState, urls: tuple[str, ...], item_times: list[datetime], now: datetime) -> SourceHealth:
    """``item_times``: when the source's latest items appeared, newest first."""
    if state.last_attempt_at is None:
        return SourceHealth(Health.NEW)
    if state.failures:
        empty = (state.last_error or "").startswith(EMPTY)
        return SourceHealth(Health.EMPTY if empty else Health.FAILING, state.last_error, state.failing_since)
    usual = usual_gap(item_times)
    if usual is not None and now - item_times[0] > max(QUIET_AT_LEAST, QUIET_FACTOR * usual):
        return SourceHealth(Health.QUIET, None, item_times[0], usual)
    if 0 < state.mirror < len(urls):
        return SourceHealth(Health.MIRROR, urlsplit(urls[state.mirror]).netloc, None)
    return SourceHealth(Health.OK)


def source_state(state: FeedState) -> str:
    """The source's state as last reviewed (``paused`` while the operator holds it): metrics and ``/admin``."""
    if state.paused_at is not None:
        return "paused"
    return state.announced or Health.NEW


def states_of(feeds: list[FeedState], configured: set[str]) -> Counter[str]:
    """How many configured sources are in each state (``source_state``); a source dropped from feeds.yaml is not."""
    return Counter(source_state(f) for f in feeds if f.name in configured)


def usual_gap(item_times: list[datetime]) -> timedelta | None:
    """The median gap between the latest items (newest first), once there are enough to tell."""
    times = sorted(set(item_times), reverse=True)
    gaps = [(a - b).total_seconds() for a, b in pairwise(times)]
    return timedelta(seconds=median(gaps)) if len(gaps) >= LEARN_FROM else None


def announcement(before: str | None, now: SourceHealth) -> str | None:
    """What to tell the operator when a source's health changes from ``before``; None when nothing is worth saying.

    A source first seen working is not news; first seen failing is.
    """
    if before == now.state or now.state is Health.NEW:
        return None
    if now.state is Health.OK:
        return None if before is None else "back: working again"
    if now.state is Health.MIRROR:
        return f"moved to a mirror: {now.reason}" if before != Health.MIRROR else None
    if now.state is Health.QUIET:
        return "quiet: nothing new for a while"
    if now.state is Health.EMPTY:
        return f"empty: {now.reason}"
    return f"down: {now.reason}"
