"""/settings reads true in every combination: delivery mode × digest on/off × quiet hours set or not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.i18n import Catalogs
from bot.telegram.chat_settings import describe_settings, settings_keyboard
from storage.chats import BOTH, DIGEST, INSTANT, Chat

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
QUIET = "23:00-08:00"

# mode, digest on, quiet hours: the Delivery line, the Digest line, the Quiet hours line, a digest button, a warning
CASES = [
    (INSTANT, True, None, "instant alerts", "none in instant mode", "none", None, False),
    (INSTANT, False, None, "instant alerts", "none in instant mode", "none", None, False),
    (INSTANT, True, QUIET, "instant alerts", "none in instant mode", "23:00–08:00: alerts wait", None, False),
    (INSTANT, False, QUIET, "instant alerts", "none in instant mode", "23:00–08:00: alerts wait", None, False),
    (DIGEST, True, None, "daily digest", "at 20:00 Europe/Minsk", "none", "Digest off", False),
    (DIGEST, False, None, "nothing: no instant alerts", "off", "none", "Digest on", True),
    (DIGEST, True, QUIET, "daily digest", "at 20:00", "23:00–08:00 (they hold instant alerts", "Digest off", False),
    (DIGEST, False, QUIET, "nothing", "off", "23:00–08:00 (they hold instant alerts", "Digest on", True),
    (BOTH, True, None, "instant alerts and a daily digest", "at 20:00", "none", "Digest off", False),
    (BOTH, False, None, "instant alerts (the daily digest is off)", "off", "none", "Digest on", False),
    (
        BOTH,
        True,
        QUIET,
        "instant alerts and a daily digest",
        "at 20:00",
        "23:00–08:00: alerts wait",
        "Digest off",
        False,
    ),
    (
        BOTH,
        False,
        QUIET,
        "instant alerts (the daily digest is off)",
        "off",
        "23:00–08:00: alerts wait",
        "Digest on",
        False,
    ),
]


def chat(mode: str, digest_on: bool, quiet: str | None) -> Chat:
    return Chat(1, "private", "en", True, mode, "20:00", "Europe/Minsk", digest_on, True, False, quiet)


@pytest.mark.parametrize(("mode", "digest_on", "quiet", "delivery", "digest", "hours", "button", "warns"), CASES)
def test_settings_read_true_in_every_combination(
    mode: str,
    digest_on: bool,
    quiet: str | None,
    delivery: str,
    digest: str,
    hours: str,
    button: str | None,
    warns: bool,
) -> None:
    c = chat(mode, digest_on, quiet)
    t = Catalogs().get("en")
    lines = describe_settings(c, t, NOW).split("\n")
    said = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in lines if ":" in line}
    assert said["Delivery"].startswith(delivery)
    assert said["Digest"].startswith(digest)
    assert said["Quiet hours"].startswith(hours)  # shown whether set or not
    if not c.digest:  # no digest is coming: nothing above or below promises one
        assert "and a daily digest" not in said["Delivery"] and "next:" not in said["Digest"]
    if not c.instant:
        assert "instant alerts" not in said["Delivery"].replace("no instant alerts", "")
    assert any("receives nothing" in line for line in lines) is warns
    labels = [b.text for row in settings_keyboard(c, t).inline_keyboard for b in row]
    assert [label for label in labels if label.startswith("Digest o")] == ([button] if button else [])


@pytest.mark.parametrize("language", ["ru", "be", "uk"])
def test_every_combination_is_translated(language: str) -> None:
    english, t = Catalogs().get("en"), Catalogs().get(language)
    for mode, digest_on, quiet, *_ in CASES:
        c = chat(mode, digest_on, quiet)
        shown, source = describe_settings(c, t, NOW), describe_settings(c, english, NOW)
        assert shown.count("\n") == source.count("\n")
        assert not [w for w in ("Delivery", "Digest:", "Quiet hours", "instant alerts", "is off") if w in shown]
