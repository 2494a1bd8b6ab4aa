"""Erased means erased: after /stop, a watched name is nowhere in the database's files, while the bot runs or after."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Harness

CHAT = 4242
NAME = "Dashkevich"


def files_of(database: str) -> list[Path]:
    return [p for p in (Path(database), Path(f"{database}-wal")) if p.exists()]


def holds(database: str, text: str) -> bool:
    needles = {text.encode(), text.casefold().encode(), text.upper().encode()}
    return any(n in p.read_bytes() for p in files_of(database) for n in needles)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_stopped_chats_watchlist_is_not_left_in_the_sqlite_files(harness: Harness) -> None:
    database = str(harness.settings.database)
    await harness.say(CHAT, f"/watch {NAME}")
    assert holds(database, NAME)  # the check can see it: it is stored
    await harness.say(CHAT, "/stop")
    await harness.press(CHAT, "stop:yes", edit=True)
    assert not holds(database, NAME)  # neither in a freed page nor in the WAL, while the bot runs
    await harness.stop()
    assert not holds(database, NAME)
