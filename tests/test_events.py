"""Events per item and per person, as tables: the sentences of tests/events/ (see bench/events.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.matching import Lexicon, Matcher
from bot.matching.exclusions import mentions_any
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


async def test_not_this_person_sets_a_namesake_apart(harness: Harness) -> None:
    chat = 8101
    await harness.say(chat, "/watch Babariko")
    await harness.poll_and_send()
    harness.feeds.routes["/news.xml"] = Route(rss([{"title": "Эдуарда Бабарико задержали", "link": "https://e.org/1"}]))
    await harness.poll_and_send()
    (alert,) = [m for m in harness.telegram.sent if m["chat_id"] == chat and m["text"].startswith("🔔")]
    markup = alert["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    (button,) = [b for row in markup["inline_keyboard"] for b in row]
    assert button["text"] == "🚫 Not this person"
    harness.telegram.press_button(chat, chat, button["callback_data"], chat_type="private")
    (question,) = (await harness.wait_messages(chat, 3))[2:]
    assert "What sets <b>Babariko</b> apart" in question
    assert "“Эдуард” will no longer count" in await harness.say(chat, "Эдуард")
    assert "not with: Эдуард" in await harness.say(chat, "/watchlist")
    harness.feeds.routes["/news.xml"] = Route(
        rss(
            [
                {"title": "Эдуарда Бабарико освободили", "link": "https://e.org/2"},  # the namesake: nothing
                {"title": "Виктора Бабарико перевели в другую колонию", "link": "https://e.org/3"},
            ]
        )
    )
    await harness.poll_and_send()
    alerts = [m for m in harness.telegram.messages_to(chat) if m.startswith("🔔")]
    assert len(alerts) == 2 and "Виктора" in alerts[1]
    assert "no longer excludes news about Babariko" in await harness.say(chat, "/unexclude Эдуард")
    assert "not with" not in await harness.say(chat, "/watchlist")


@pytest.mark.parametrize(
    ("text", "exclusions", "excluded"),
    [
        ("Эдуарда Бабарико перевели", ["Eduard"], True),  # any script, any case
        ("Виктора Бабарико перевели", ["Eduard"], False),
        ("The poet Kolesnikova read her verses", ["poet"], True),
        ("Паэтку Калеснікаву ўзнагародзілі", ["poet"], True),
        ("A poem by Kolesnikova was read aloud", ["poet"], False),  # another word (forms of it would count)
        ("Andrei Kolesnikov, the hockey coach", ["hockey coach"], True),  # every word of it
        ("Andrei Kolesnikov, the coach", ["hockey coach"], False),
        ("Anything", [], False),
    ],
)
def test_what_sets_a_namesake_apart(text: str, exclusions: list[str], excluded: bool) -> None:
    assert mentions_any(text, exclusions) is excluded
