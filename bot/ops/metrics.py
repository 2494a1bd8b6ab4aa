"""Prometheus metrics: counters the pipeline and the sender bump as things happen, gauges read at each scrape.

Each ``Metrics`` has its own registry (not prometheus-client's global one), so two bots in
one process (the tests) count apart. Labels are source names and message kinds (``alert``, ``digest``,
... from the sender; ``reply`` for what handlers send, counted by ``bot.delivery.gate``): never a chat, a
watched name or a text.

Counters carry no ``*_created`` twin (a timestamp per label set that doubles the scrape and that nobody
graphs): it is switched off for the process when this module is imported, before any counter exists.
"""

from __future__ import annotations

from collections import Counter as Tally

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest

from storage.ops import Counts

disable_created_metrics()  # a process-wide switch of prometheus-client (also PROMETHEUS_DISABLE_CREATED_SERIES)

_POLL_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60)
_SEND_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30)


class Metrics:
    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.polls = Counter("releasewatch_polls", "Polls by source and outcome (ok, unchanged, failed)",
                             ["source", "outcome"], registry=r)  # fmt: skip
        self.poll_seconds = Histogram("releasewatch_poll_seconds", "Time to fetch and read a source", ["source"],
                                      buckets=_POLL_BUCKETS, registry=r)  # fmt: skip
        self.items = Counter("releasewatch_items_stored", "New items stored, by source", ["source"], registry=r)
        self.matches = Counter("releasewatch_matches", "Items that mention a chat's watch (one per item and chat)",
                               ["source"], registry=r)  # fmt: skip
        self.queued = Counter("releasewatch_alerts_queued", "Alerts queued for chats", ["source"], registry=r)
        self.sent = Counter("releasewatch_messages_sent", "Messages delivered, by kind", ["kind"], registry=r)
        self.failed = Counter("releasewatch_messages_failed", "Messages given up, by kind", ["kind"], registry=r)
        self.flood_waits = Counter("releasewatch_telegram_429", "Flood-control answers (429) from Telegram", registry=r)
        self.send_seconds = Histogram("releasewatch_send_seconds", "Bot API call time of one delivery",
                                      buckets=_SEND_BUCKETS, registry=r)  # fmt: skip
        self.errors = Counter("releasewatch_unexpected_errors", "Unexpected errors, by where", ["where"], registry=r)
        self.loop_lag = Gauge("releasewatch_event_loop_lag_seconds", "Longest event-loop stall in the last window",
                              registry=r)  # fmt: skip
        self.sources = Gauge("releasewatch_sources", "Configured sources by state", ["state"], registry=r)
        self.chats = Gauge("releasewatch_chats", "Active chats", registry=r)
        self.watches = Gauge("releasewatch_watches", "Watches of active chats", registry=r)
        self.pending = Gauge("releasewatch_outbox_pending", "Messages waiting to be sent", registry=r)
        self.oldest_alert = Gauge("releasewatch_oldest_pending_alert_seconds",
                                  "Age of the oldest alert waiting to be sent (0: none)", registry=r)  # fmt: skip

    def refresh(self, counts: Counts, states: Tally[str], oldest_alert_age: float, loop_lag: float) -> None:
        """Set the gauges from what the database says now."""
        self.chats.set(counts.chats)
        self.watches.set(counts.watches)
        self.pending.set(counts.pending)
        self.oldest_alert.set(oldest_alert_age)
        self.loop_lag.set(loop_lag)
        self.sources.clear()
        for state, n in states.items():
            self.sources.labels(state).set(n)

    def render(self) -> bytes:
        return generate_latest(self.registry)
