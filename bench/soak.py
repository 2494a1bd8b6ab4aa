"""A soak run of the real ``releasewatch run`` process under load, with faulty feeds and Telegram's limits.

Run: .venv/bin/python bench/soak.py [--minutes 10]

The bot runs as a separate process against a fake Bot API (Telegram's limits: 30 messages a
second, 20 a minute per group, one a second per private chat; 50 ms per answer) and a
feed server with two healthy feeds next to a hung one, a slow-loris one, one with broken
items, a gzip bomb and a malformed document. Meanwhile:

- 1,000 users each send ``/watch Maria Kolesnikova``; a group watches Losik; one user Znak;
- a healthy feed lists 60 stories about Losik at once (the group's backlog: three minutes);
- a poll later the other lists one about Znak (the private alert behind the group backlog);
- later one about Kolesnikova: 1,000 alerts at once (the broadcast);
- one user sends /watch, /watchlist, /unwatch and /status every few seconds all along.

At the end (SIGTERM) it prints: commands answered correctly, alerts expected/delivered/
repeated, the private alert's delay after its poll, messages a second during the broadcast,
429s, the longest gap between two polls of a healthy feed, the exit status and the log's
ERROR lines and tracebacks.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the fakes live with the tests

from tests.fakes import FakeTelegram, FeedServer, Flood, Route, Server, rss

USERS = range(100_000, 101_000)
GROUP, ADMIN, ZNAK_USER, BUSY_USER = -100_200, 42, 777, 555


class Feed:
    """A healthy feed that lists more at chosen polls, and remembers when it was polled."""

    def __init__(self, name: str, extra: dict[int, list[dict[str, str]]]) -> None:
        self.name, self.extra = name, extra
        self.polls: list[float] = []

    def body(self, hit: int) -> bytes:
        self.polls.append(time.monotonic())
        items = [{"title": f"{self.name}: weather {n}", "link": f"https://e.org/{self.name}/w{n}"} for n in range(hit)]
        for at, added in self.extra.items():
            if hit >= at:
                items = added + items
        return rss(items[:200])


def bomb() -> bytes:
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(pack.compress(b"\0" * (1 << 20)) for _ in range(1024)) + pack.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    losik = [{"title": f"Ігар Лосік: паведамленне {n}", "link": f"https://e.org/losik/{n}"} for n in range(60)]
    znak = [{"title": "Максім Знак выйшаў на волю", "link": "https://e.org/znak"}]
    kolesnikova = [{"title": "Марыю Калеснікаву вызвалілі", "link": "https://e.org/kolesnikova"}]
    one = Feed("one", {3: losik})
    two = Feed("two", {4: znak, 8: kolesnikova})
    broken = Feed(  # from its second poll: items that cannot be read as they are
        "broken",
        {
            2: [
                {"title": "Максім Знак: новы тэрмін", "link": "http://example.org:99999/x"},
                {"title": "Максім Знак " + "вельмі доўгі загаловак " * 5000, "link": "https://e.org/l"},
                {"title": "", "description": ""},
            ]
        },
    )
    hung = threading.Event()
    feeds = FeedServer()
    feeds.routes.update(
        {
            "/one.xml": Route(b"", body_for=one.body),
            "/two.xml": Route(b"", body_for=two.body),
            "/hung.xml": Route(rss(znak), hold=hung),
            "/loris.xml": Route(rss([{"title": "Slow " * 40, "link": "https://e.org/s"}]), trickle=0.5),
            "/broken.xml": Route(b"", body_for=broken.body),
            "/bomb.xml": Route(bomb(), headers={"Content-Encoding": "gzip"}),
            "/malformed.xml": Route(b'<?xml version="1.0"?><rss version="2.0"><channel><item><title'),
        }
    )
    telegram = FakeTelegram(flood=Flood(), latency=0.05)
    telegram.admins[GROUP] = {ADMIN}
    with Server(telegram) as tg, Server(feeds) as fs, tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "feeds.yaml"
        config.write_text(
            "defaults: {interval: 30s}\nfeeds:\n"
            + "".join(
                f"  - {{name: {name}, url: '{fs.url}/{name}.xml'}}\n"
                for name in ("one", "two", "hung", "loris", "broken", "bomb", "malformed")
            )
        )
        log_path = Path(folder) / "bot.log"
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_API_BASE_URL": f"{tg.url}/bot"}
        with log_path.open("w") as log:
            bot = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--config", str(config), "--db", f"{folder}/soak.sqlite3"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                report = drive(telegram, one, two, args.minutes * 60)
            finally:
                bot.send_signal(signal.SIGTERM)
                stopping = time.monotonic()
                bot.wait(60)
                report["SIGTERM to exit"] = f"{time.monotonic() - stopping:.1f} s, status {bot.returncode}"
                hung.set()
        text = log_path.read_text()
    errors = [line for line in text.splitlines() if " ERROR " in line]
    report["log"] = f"{len(text.splitlines())} lines, {len(errors)} ERROR, {text.count('Traceback')} tracebacks"
    for key, value in report.items():
        print(f"{key}: {value}")
    for line in errors[:10]:
        print("  ", line[:200])


def drive(telegram: FakeTelegram, one: Feed, two: Feed, seconds: float) -> dict[str, str]:
    started = time.monotonic()
    deadline = started + seconds
    while not telegram.commands:
        time.sleep(0.1)
    for user in USERS:
        telegram.user_says(user, "/watch Maria Kolesnikova", user_id=user)
    telegram.user_says(GROUP, "/watch Losik", user_id=ADMIN, chat_type="supergroup")
    telegram.user_says(GROUP, "/mode instant", user_id=ADMIN, chat_type="supergroup")
    telegram.user_says(ZNAK_USER, "/watch Znak")
    commands = Counter[str]()
    script = [("/watch Statkevich", "Watching <b>Statkevich</b>"), ("/watchlist", "Statkevich"),
              ("/unwatch Statkevich", "No longer watching"), ("/status", "7 configured")]  # fmt: skip
    step = 0
    while time.monotonic() < deadline:
        text, expected = script[step % len(script)]
        step += 1
        before = len(telegram.messages_to(BUSY_USER))
        telegram.user_says(BUSY_USER, text)
        try:
            replies = telegram.wait_for_messages(BUSY_USER, before + 1, timeout=30)
            commands["right" if expected in replies[-1] else "wrong"] += 1
        except AssertionError:
            commands["unanswered"] += 1
        time.sleep(max(0.0, min(3.0, deadline - time.monotonic())))
    time.sleep(5)  # what is in flight lands

    def alerts(chat: int) -> list[str]:
        return [m for m in telegram.messages_to(chat) if m.startswith("🔔")]

    watch_replies = sum(1 for u in USERS if any("Watching" in m for m in telegram.messages_to(u)))
    kolesnikova = [alerts(u) for u in USERS]
    broadcast = [m for m in telegram.sent if m["text"].startswith("🔔") and "Калеснікаву" in m["text"]]
    times = [m["at"] for m in telegram.sent]
    first, last = (broadcast[0]["at"], broadcast[-1]["at"]) if broadcast else (0.0, 0.0)
    during = sum(1 for t in times if first <= t <= last)
    znak_alerts = alerts(ZNAK_USER)
    znak_poll = two.polls[3] if len(two.polls) > 3 else None
    znak_sent = next((m["at"] for m in telegram.sent if m["chat_id"] == ZNAK_USER and "волю" in m["text"]), None)
    group = alerts(GROUP)
    gaps = [b - a for feed in (one, two) for a, b in zip(feed.polls, feed.polls[1:], strict=False)]
    return {
        "run": f"{(time.monotonic() - started) / 60:.1f} min, {len(telegram.sent)} messages sent",
        "commands": f"{commands['right']} answered right, {commands['wrong']} wrong, "
        f"{commands['unanswered']} unanswered; {watch_replies} of {len(USERS)} /watch replies",
        "Kolesnikova (1,000 chats × 1)": f"{sum(len(a) == 1 for a in kolesnikova)} chats got it once, "
        f"{sum(len(a) > 1 for a in kolesnikova)} more than once, {sum(not a for a in kolesnikova)} never",
        "broadcast rate": f"{len(broadcast)} alerts in {last - first:.1f} s = "
        f"{len(broadcast) / max(last - first, 1e-9):.1f} alerts/s; "
        f"{during / max(last - first, 1e-9):.1f} messages/s of every kind",
        "group backlog (60 Losik alerts)": f"{len(group)} delivered, {len(group) - len(set(group))} repeated",
        "private behind the group (Znak)": (
            f"{znak_sent - znak_poll:.1f} s after its poll; {len(znak_alerts)} alerts (3 expected: 2 of them "
            "from the feed with broken items)" if znak_poll and znak_sent else f"not delivered ({len(znak_alerts)})"
        ),
        "429s answered": str(telegram.flood_errors),
        "healthy feeds": f"{len(one.polls) + len(two.polls)} polls, longest gap {max(gaps, default=0):.1f} s "
        "(interval 30 s ± 10%, looked at every 5 s)",
    }  # fmt: skip


if __name__ == "__main__":
    main()
