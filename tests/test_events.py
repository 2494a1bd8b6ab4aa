"""Events per item and per person, as tables: the sentences of tests/events/ (see bench/events.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.matching import Lexicon, Matcher
from tests.conftest import Harness
from tests.fakes import Route, rss

HERE = Path(__file__).parent / "events"


def rows(name: str) -> list[tuple[str, str, dict[str, str], str, str]]:
    out = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rid, lang, people, event, text = line.split("\t")
            out.append((rid, lang, dict(p.split("=") for p in people.split(",")), event, text))
    return out


@pytest.fixture(scope="module")
def matcher(lexicon: Lexicon) -> Matcher:
    watches = (HERE / "watches.tsv").read_text(encoding="utf-8").splitlines()
    return Matcher.compile(dict(w.split("\t") for w in watches if w and not w.startswith("#")), lexicon)


CASES = rows("unseen.tsv") + rows("heldout.tsv")


@pytest.mark.parametrize(("rid", "lang", "people", "event", "text"), CASES, ids=[c[0] for c in CASES])
def test_each_persons_event(
    matcher: Matcher, rid: str, lang: str, people: dict[str, str], event: str, text: str
) -> None:
    result = matcher.find(text)
    assert result.event.value == event
    assert {key: e.value for key, e in result.person_events.items()} == people


async def test_a_mixed_item_alerts_each_chat_with_its_own_persons_event(harness: Harness) -> None:
    hers, his, both = 8001, 8002, 8003
    await harness.say(hers, "/watch Maria Kolesnikova")
    await harness.say(hers, "/filter releases")
    await harness.say(his, "/watch Viktar Babaryka")
    await harness.say(his, "/filter releases")
    await harness.say(both, "/watch Maria Kolesnikova, Viktar Babaryka")
    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(
        rss(
            [{"title": "Марыю Калеснікаву вызвалілі, а Віктар Бабарыка застаецца ў калоніі", "link": "https://e.org/1"}]
        )
    )
    await harness.poll_and_send()

    def alerts(chat: int) -> list[str]:
        return [m for m in harness.telegram.messages_to(chat) if m.startswith("🔔")]

    (to_her,) = alerts(hers)
    assert "<b>Maria Kolesnikova</b> · 🟢 release" in to_her
    assert alerts(his) == []  # "releases only", and it is no release of his
    (to_both,) = alerts(both)
    assert "<b>Maria Kolesnikova</b> · 🟢 release; <b>Viktar Babaryka</b>" in to_both
