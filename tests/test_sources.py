"""Sources as they really are: Telegram channels, pages without feeds, mirrors, proxies, headers, edits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from bot.config import Config, ConfigError, FeedConfig, PageSelectors, parse_config
from bot.pipeline.channel_preview import parse_channel
from bot.pipeline.dates import parse_local_date
from bot.pipeline.schedule import address_order
from bot.pipeline.source_health import EMPTY, Health, SourceHealth, announcement, source_health
from bot.pipeline.stories import report as story_report
from bot.pipeline.stories import same_story
from storage import feeds as feeds_db
from storage.feeds import FeedState
from tests.conftest import Harness
from tests.fakes import Proxy, Route, rss

FIXTURES = Path(__file__).parent / "fixtures"
CHANNEL = (FIXTURES / "telegram_channel.html").read_text(encoding="utf-8")
NOW = datetime(2025, 12, 14, 8, 0, tzinfo=UTC)
CHAT = 1001


def channel_page(*posts: tuple[int, str], more: int | None = None, edited: frozenset[int] = frozenset()) -> bytes:
    """A preview page with the real page's structure and these (id, text) posts, oldest first."""
    head, _, rest = CHANNEL.partition('<section class="tgme_channel_history js-message_history">')
    tail = rest[rest.index("</section>") :]
    more_link = (
        f'<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/viasna96?before={more}" '
        f'class="tme_messages_more js-messages_more" data-before="{more}"></a></div>'
        if more
        else ""
    )
    blocks = "".join(
        f'<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message '
        f'text_not_supported_wrap js-widget_message" data-post="viasna96/{n}"><div class="tgme_widget_message_bubble">'
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>'
        f'<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short '
        f'js-message_info"><span class="tgme_widget_message_meta">{"edited&nbsp;" if n in edited else ""}'
        f'<a class="tgme_widget_message_date" href="https://t.me/viasna96/{n}">'
        f'<time datetime="2025-12-13T1{n % 10}:00:00+00:00" class="time">1{n % 10}:00</time></a></span>'
        f"</div></div></div></div></div>"
        for n, text in posts
    )
    return (head + '<section class="tgme_channel_history js-message_history">' + more_link + blocks + tail).encode()


# -- pure pieces ----------------------------------------------------------------------------------


def test_the_channel_fixture_reads_like_the_real_page() -> None:
    parsed, before = parse_channel(CHANNEL.encode(), NOW)
    assert before == 20551
    by_id = {i.guid.rsplit("/", 1)[1]: i for i in parsed.items}
    assert sorted(by_id) == ["20552", "20553", "20555", "20556", "20557"]  # no service message, no bare photo
    first = by_id["20552"]
    assert first.link == "https://t.me/viasna96/20552" and first.title == "🟢 Марыю Калеснікаву вызвалілі"
    assert "на нашым сайце (https://spring96.org/be/news/121000)" in first.summary  # links kept
    assert first.published_at == datetime(2025, 12, 13, 10, 15, 3, tzinfo=UTC)
    assert by_id["20553"].title.startswith("Віктара Бабарыку")  # a photo's caption is the post's text
    assert "Калеснікаву" not in by_id["20556"].summary  # a quoted reply is not the post
    assert "Палітвязні: спіс на 13 снежня" in by_id["20557"].summary  # the link preview is read


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (b"<html><body><div class='tgme_page'><div class='tgme_page_title'>Viasna</div></div></body></html>",
         "no public preview"),
        (b"<html><body>Checking your browser</body></html>", "not a Telegram channel page"),
    ],
)  # fmt: skip
def test_pages_that_are_not_a_channel_preview_fail_with_a_reason(page: bytes, reason: str) -> None:
    from bot.pipeline.parse import NotAFeed

    with pytest.raises(NotAFeed, match=reason):
        parse_channel(page, NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 снежня 2025", "2025-12-13T00:00:00+03:00"),
        ("13 декабря 2025 г., 10:15", "2025-12-13T10:15:00+03:00"),
        ("13 грудня", "2025-12-13T00:00:00+03:00"),
        ("13 grudnia 2025", "2025-12-13T00:00:00+03:00"),
        ("13. Dezember 2025 14:30", "2025-12-13T14:30:00+03:00"),
        ("December 13, 2025", "2025-12-13T00:00:00+03:00"),
        ("13.12.2025 10:15", "2025-12-13T10:15:00+03:00"),
        ("13.12.25", "2025-12-13T00:00:00+03:00"),
        ("2025-12-13T10:15:00+01:00", "2025-12-13T10:15:00+01:00"),
        ("сёння, 10:15", "2025-12-14T10:15:00+03:00"),
        ("вчера в 23:40", "2025-12-13T23:40:00+03:00"),
        ("31 снежня", "2024-12-31T00:00:00+03:00"),  # without a year: the latest such date, not one to come
        ("2 лютага 2026", "2026-02-02T00:00:00+03:00"),
        ("нічога", None),
        ("30 лютага 2025", None),
    ],
)
def test_local_dates(text: str, expected: str | None) -> None:
    when = parse_local_date(text, NOW)
    assert (when.isoformat() if when else None) == expected


@pytest.mark.parametrize(
    ("count", "current", "tried_ago", "order"),
    [
        (1, 0, None, [0]),
        (3, 0, None, [0, 1, 2]),
        (3, 2, 5, [2, 0, 1]),  # on a mirror: it goes first ...
        (3, 2, 31, [0, 2, 1]),  # ... but every 30 minutes the first address is tried again first
        (3, 2, None, [0, 2, 1]),
        (2, 5, None, [0, 1]),  # a mirror that was removed from the configuration
    ],
)
def test_address_order(count: int, current: int, tried_ago: int | None, order: list[int]) -> None:
    tried = NOW - timedelta(minutes=tried_ago) if tried_ago is not None else None
    assert address_order(count, current, tried, NOW) == order


def test_source_keys_in_feeds_yaml() -> None:
    config = parse_config(
        "feeds:\n"
        "  - {name: Viasna channel, telegram: '@viasna96', language: be}\n"
        "  - {name: Viasna news, url: 'https://spring96.org/be/news',\n"
        "     html: {item: .news-item, link: '.news-title a', date: .news-date}}\n"
        "  - {name: Charter 97, url: 'https://charter97.org/ru/rss/', mirrors: ['https://charter97.link/ru/rss/'],\n"
        "     proxy: 'socks5://127.0.0.1:1080', user_agent: 'Mozilla/5.0 (X11; Linux x86_64)'}\n"
    )
    channel, page, feed = config.feeds
    assert (channel.kind, channel.channel, channel.url) == ("telegram", "viasna96", "https://t.me/s/viasna96")
    assert page.kind == "html" and page.page == PageSelectors(".news-item", ".news-title a", None, ".news-date")
    assert feed.urls == ("https://charter97.org/ru/rss/", "https://charter97.link/ru/rss/")
    assert feed.proxy == "socks5://127.0.0.1:1080" and feed.user_agent.startswith("Mozilla")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("feeds:\n  - {name: a, telegram: 'no'}\n", "2:25: `telegram` must be a public channel's username"),
        ("feeds:\n  - {name: a, telegram: viasna96, html: {item: x}}\n", "a source is either `telegram` or `html`"),
        ("feeds:\n  - {name: a, url: 'https://x.org', html: {link: a}}\n", "`html` needs `item`"),
        ("feeds:\n  - {name: a, url: 'https://x.org', html: {item: '[['}}\n", "`html.item` is not a CSS selector"),
        ("feeds:\n  - {name: a, url: 'https://x.org', mirrors: [ftp://y]}\n", "bad URL “ftp://y”"),
        ("feeds:\n  - {name: a, url: 'https://x.org', proxy: 'socks4://h:1'}\n", "bad proxy"),
        ("feeds:\n  - {name: a, url: 'https://x.org/r'}\n  - {name: b, url: 'https://y.org', mirrors: ['https://x.org/r/']}\n",
         "duplicate feed URL"),
    ],
)  # fmt: skip
def test_source_problems_have_positions(text: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        parse_config(text)


# -- through the running bot ----------------------------------------------------------------------


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


async def test_a_telegram_channel_alerts_once_per_post_and_once_more_when_an_edit_names_someone(
    make_harness, fakes, feed_url
) -> None:  # type: ignore[no-untyped-def]
    _, feeds = fakes
    feeds.routes["/s/viasna96"] = Route(CHANNEL.encode(), content_type="text/html; charset=utf-8")
    channel = FeedConfig("Viasna", f"{feed_url}/s/viasna96", minutes(10), "be", kind="telegram", channel="viasna96")
    h: Harness = await make_harness(Config(feeds=(channel,)))
    await h.say(CHAT, "/watch Kolesnikova, Znak, Babariko")
    await h.poll_and_send()  # the channel's current posts are history
    assert not [m for m in h.telegram.messages_to(CHAT) if m.startswith("🔔")]
    feeds.routes["/s/viasna96"] = Route(
        channel_page((20560, "Максіма Знака вызвалілі сёння раніцай."), (20561, "Іншая навіна без імёнаў.")),
        content_type="text/html",
    )
    await h.poll_and_send()
    (alert,) = [m for m in h.telegram.messages_to(CHAT) if m.startswith("🔔")]
    assert "<b>Znak</b>" in alert and 'href="https://t.me/viasna96/20560"' in alert and "Viasna" in alert
    await h.poll_and_send()  # listed again, unchanged: nothing
    feeds.routes["/s/viasna96"] = Route(
        channel_page(
            (20560, "Максіма Знака вызвалілі сёння раніцай."),
            (20561, "Іншая навіна: Віктара Бабарыку таксама вызвалілі."),
            edited=frozenset({20561}),
        ),
        content_type="text/html",
    )
    await h.poll_and_send()
    alerts = [m for m in h.telegram.messages_to(CHAT) if m.startswith("🔔")]
    assert len(alerts) == 2 and "<b>Babariko</b>" in alerts[1] and "✏️ updated" in alerts[1]
    await h.poll_and_send()
    assert len([m for m in h.telegram.messages_to(CHAT) if m.startswith("🔔")]) == 2


async def test_a_busy_channel_is_read_back_to_the_last_post_seen(make_harness, fakes, feed_url) -> None:  # type: ignore[no-untyped-def]
    _, feeds = fakes
    feeds.routes["/s/viasna96"] = Route(channel_page((100, "Першы пост")), content_type="text/html")
    channel = FeedConfig("Viasna", f"{feed_url}/s/viasna96", minutes(10), kind="telegram", channel="viasna96")
    h: Harness = await make_harness(Config(feeds=(channel,)))
    await h.say(CHAT, "/watch Losik")
    await h.poll_and_send()
    feeds.routes["/s/viasna96"] = Route(
        channel_page(*((n, f"Пост {n}") for n in range(121, 141)), more=121), content_type="text/html"
    )
    feeds.routes["/s/viasna96?before=121"] = Route(
        channel_page(
            (100, "Першы пост"), (101, "Ігара Лосіка вызвалілі"), *((n, f"Пост {n}") for n in range(102, 121))
        ),
        content_type="text/html",
    )
    await h.poll_and_send()
    assert feeds.routes["/s/viasna96?before=121"].hits == 1
    assert [m for m in h.telegram.messages_to(CHAT) if m.startswith("🔔") and "t.me/viasna96/101" in m]


async def test_news_pages_without_feeds_in_belarusian_and_russian(make_harness, fakes, feed_url) -> None:  # type: ignore[no-untyped-def]
    _, feeds = fakes
    feeds.routes["/be/news"] = Route(b"<html><body><article class='news-item'><h3 class='news-title'>"
                                     b"<a href='/be/news/1'>Old</a></h3></article></body></html>",
                                     content_type="text/html; charset=utf-8")  # fmt: skip
    feeds.routes["/ru/news/"] = Route(b"<html><body><ul class='items'><li><a class='t' href='/ru/news/1/'>Old</a>"
                                      b"</li></ul></body></html>", content_type="text/html")  # fmt: skip
    be = FeedConfig("Viasna news", f"{feed_url}/be/news", minutes(10), "be", kind="html",
                    page=PageSelectors(".news-item", ".news-title a", None, ".news-date"))  # fmt: skip
    ru = FeedConfig("Zerkalo news", f"{feed_url}/ru/news/", minutes(10), "ru", kind="html",
                    page=PageSelectors("ul.items li", "a.t", None, "i"))  # fmt: skip
    h: Harness = await make_harness(Config(feeds=(be, ru)))
    assert h.services is not None
    await h.say(CHAT, "/watch Kolesnikova, Znak, Babariko")
    await h.say(CHAT, "/tz Europe/Minsk")
    await h.poll_and_send()
    feeds.routes["/be/news"] = Route((FIXTURES / "news_list_be.html").read_bytes(), content_type="text/html")
    feeds.routes["/ru/news/"] = Route((FIXTURES / "news_list_ru.html").read_bytes(), content_type="text/html")
    await h.poll_and_send()
    alerts = [m for m in h.telegram.messages_to(CHAT) if m.startswith("🔔")]
    assert any("Калеснікаву" in a and f'href="{feed_url}/be/news/121050"' in a for a in alerts)
    assert any("Бабарико" in a and "13 Dec 2025, 18:40" in a for a in alerts)  # the page's own date, local time
    assert any("Знака" in a for a in alerts)


async def test_a_blocked_first_address_falls_back_to_a_mirror_and_returns(make_harness, fakes, feed_url) -> None:  # type: ignore[no-untyped-def]
    _, feeds = fakes
    story = {"title": "Old", "link": f"{feed_url}/news/old"}
    feeds.routes["/primary.xml"] = Route(rss([story]))
    feeds.routes["/mirror.xml"] = Route(rss([story]))
    feed = FeedConfig(
        "Charter",
        f"{feed_url}/primary.xml",
        minutes(10),
        "ru",
        mirrors=(f"{feed_url.replace('127.0.0.1', 'localhost')}/mirror.xml",),
    )
    h: Harness = await make_harness(Config(feeds=(feed,)))
    assert h.services is not None
    await h.say(CHAT, "/watch Losik")
    await h.poll_and_send()
    feeds.routes["/primary.xml"] = Route(b"<!DOCTYPE html><html><body>Blocked</body></html>", status=403)
    mirrored = f"{feed_url.replace('127.0.0.1', 'localhost')}/news/1"  # the mirror's own host in its links
    feeds.routes["/mirror.xml"] = Route(rss([story, {"title": "Ігар Лосік на волі", "link": mirrored}]))
    await h.poll_and_send()
    (state,) = await feeds_db.all_feeds(h.services.db)
    assert state.mirror == 1 and state.failures == 0
    (alert,) = [m for m in h.telegram.messages_to(CHAT) if m.startswith("🔔")]
    assert f'href="{feed_url}/news/1"' in alert  # one story whichever address carried it
    feeds.routes["/primary.xml"] = Route(rss([story, {"title": "Ігар Лосік на волі", "link": f"{feed_url}/news/1"}]))
    await h.poll_and_send(minutes=31)  # the first address is tried again, and works
    (state,) = await feeds_db.all_feeds(h.services.db)
    assert state.mirror == 0
    assert len([m for m in h.telegram.messages_to(CHAT) if m.startswith("🔔")]) == 1


async def test_a_source_goes_through_its_own_proxy_with_its_own_user_agent(make_harness, fakes, feed_url) -> None:  # type: ignore[no-untyped-def]
    _, feeds = fakes
    feeds.routes["/proxied.xml"] = Route(rss([{"title": "Old", "link": "https://e.org/o"}]))
    feeds.routes["/direct.xml"] = Route(rss([{"title": "Old", "link": "https://e.org/d"}]))
    with Proxy() as proxy:
        proxied = FeedConfig("Blocked site", f"{feed_url}/proxied.xml", minutes(10), proxy=proxy.url,
                             user_agent="Mozilla/5.0 (releasewatch test)")  # fmt: skip
        direct = FeedConfig("Open site", f"{feed_url}/direct.xml", minutes(10))
        h: Harness = await make_harness(Config(feeds=(proxied, direct)))
        report = await h.poll_and_send()
    assert report.failed == 0
    assert proxy.relayed == [f"{feed_url}/proxied.xml"]  # only the source that asked for it
    assert feeds.routes["/proxied.xml"].seen_headers[-1]["user-agent"] == "Mozilla/5.0 (releasewatch test)"
    assert feeds.routes["/direct.xml"].seen_headers[-1]["user-agent"].startswith("releasewatch/")


# -- health -------------------------------------------------------------------------------------------


def state(**changes: object) -> FeedState:
    polled = {"last_attempt_at": NOW, "last_success_at": NOW}
    return replace(feeds_db.unpolled("S", "https://a.org/rss"), **{**polled, **changes})  # type: ignore[arg-type]


HOURLY = [NOW - timedelta(hours=n) for n in range(1, 8)]


@pytest.mark.parametrize(
    ("feed", "times", "now", "health"),
    [
        (feeds_db.unpolled("S", "u"), [], NOW, Health.NEW),
        (state(), HOURLY, NOW, Health.OK),
        (state(failures=2, last_error="HTTP 403", failing_since=NOW), HOURLY, NOW, Health.FAILING),
        (state(failures=1, last_error=f"{EMPTY} (it listed 20 before)"), HOURLY, NOW, Health.EMPTY),
        (state(mirror=1), HOURLY, NOW, Health.MIRROR),
        (state(), HOURLY, NOW + timedelta(hours=23), Health.OK),  # hourly, but a day is the least for "quiet"
        (state(), HOURLY, NOW + timedelta(hours=25), Health.QUIET),
        (state(), [NOW - timedelta(days=n) for n in range(1, 8)], NOW + timedelta(days=4), Health.OK),  # daily
        (state(), [NOW - timedelta(days=n) for n in range(1, 8)], NOW + timedelta(days=5), Health.QUIET),
        (state(), HOURLY[:4], NOW + timedelta(days=30), Health.OK),  # too little history to tell
    ],
)
def test_source_health(feed: FeedState, times: list[datetime], now: datetime, health: Health) -> None:
    urls = ("https://a.org/rss", "https://b.org/rss")
    assert source_health(feed, urls, times, now).state is health


@pytest.mark.parametrize(
    ("before", "after", "says"),
    [
        (None, Health.OK, None),  # first seen working: not news
        (None, Health.FAILING, "down: HTTP 403"),
        (Health.OK, Health.FAILING, "down: HTTP 403"),
        (Health.FAILING, Health.FAILING, None),  # still down: said once
        (Health.FAILING, Health.OK, "back: working again"),
        (Health.OK, Health.MIRROR, "moved to a mirror: b.org"),
        (Health.OK, Health.QUIET, "quiet: nothing new for a while"),
    ],
)
def test_what_the_operator_is_told(before: str | None, after: Health, says: str | None) -> None:
    reason = {Health.FAILING: "HTTP 403", Health.MIRROR: "b.org"}.get(after)
    assert announcement(before, SourceHealth(after, reason)) == says


async def test_the_operator_hears_of_each_change_once_and_users_read_health_in_words(
    make_harness, fakes, feed_url
) -> None:  # type: ignore[no-untyped-def]
    telegram, feeds = fakes
    operator = 777
    feeds.routes["/a.xml"] = Route(rss([{"title": f"Story {n}", "link": f"https://e.org/{n}"} for n in range(3)]))
    feeds.routes["/b.xml"] = Route(rss([{"title": "Old", "link": "https://e.org/old"}]))
    a = FeedConfig("Viasna", f"{feed_url}/a.xml", minutes(10), "be")
    b = FeedConfig("Charter", f"{feed_url}/b.xml", minutes(10), "ru", mirrors=(f"{feed_url}/b-mirror.xml",))
    h: Harness = await make_harness(Config(feeds=(a, b)), operator=operator)
    await h.poll_and_send()
    assert telegram.messages_to(operator) == []  # working from the start: nothing to say
    feeds.routes["/a.xml"] = Route(b"oops", status=502)
    for _ in range(3):
        await h.poll_and_send(minutes=400)  # three failed polls ...
    feeds.routes["/b.xml"] = Route(b"", status=403)
    feeds.routes["/b-mirror.xml"] = Route(rss([{"title": "Old", "link": "https://e.org/old"}]))
    await h.poll_and_send(minutes=400)
    sources = await h.say(CHAT, "/sources")
    assert "🔴 Viasna [be] — failing since" in sources and "HTTP 502" in sources
    assert "🔵 Charter [ru] — working, through a mirror (127.0.0.1:" in sources
    assert "🟢 working · 🔵 through a mirror · 🟡 quiet · 🟠 empty · 🔴 failing" in sources  # the legend
    feeds.routes["/a.xml"] = Route(rss([{"title": f"Story {n}", "link": f"https://e.org/{n}"} for n in range(3)]))
    await h.poll_and_send(minutes=400)
    told = telegram.messages_to(operator)
    assert told == [
        "📡 <b>Viasna</b>: down: HTTP 502",  # ... one message
        "📡 <b>Charter</b>: moved to a mirror: " + feed_url.removeprefix("http://"),
        "📡 <b>Viasna</b>: back: working again",
    ]


# -- one story, many sources ------------------------------------------------------------------------


AT = datetime(2025, 12, 13, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("Kolesnikova", "release", 0, "Марыю Калеснікаву вызвалілі"),
         ("Kolesnikova", "release", 2, "Марию Колесникову освободили, сообщает Зеркало"), True),  # be and ru
        (("Kolesnikova", "release", 0, "Марыю Калеснікаву вызвалілі 13.12.2025"),
         ("Kolesnikova", "release", 1, "Maria Kolesnikova released on 13 December"), True),  # dates are not counts
        (("Kolesnikova", "release", 0, "Марыю Калеснікаву вызвалілі"),
         ("Kolesnikova", "release", 7, "Марию Колесникову освободили"), False),  # too far apart
        (("Kolesnikova", "release", 0, "Марыю Калеснікаву вызвалілі"),
         ("Babariko", "release", 0, "Віктара Бабарыку вызвалілі"), False),  # someone else
        (("Babariko", "sentence", 0, "Бабарыку асудзілі на 8 гадоў"),
         ("Babariko", "sentence", 0, "Бабарико приговорили к 3 годам"), False),  # two sentences
        (("Babariko", "sentence", 0, "Бабарыку асудзілі на 8 гадоў"),
         ("Babariko", "release", 0, "Бабарыку вызвалілі"), False),  # another event
        (("Babariko", "other", 0, "Віктара Бабарыку перавялі ў калонію ў Наваполацку"),
         ("Babariko", "other", 1, "Виктора Бабарико перевели в колонию в Новополоцке"), True),  # a reprint
        (("Babariko", "other", 0, "Віктара Бабарыку перавялі ў калонію ў Наваполацку"),
         ("Babariko", "other", 1, "Сын Бабарыкі выступіў на канферэнцыі ў Варшаве"), False),  # other news
    ],
)  # fmt: skip
def test_when_two_reports_are_one_story(a: tuple[str, str, int, str], b: tuple[str, str, int, str], same: bool) -> None:
    first = story_report(1, (a[0],), a[1], AT + timedelta(hours=a[2]), a[3])
    second = story_report(2, (b[0],), b[1], AT + timedelta(hours=b[2]), b[3])
    assert same_story(first, second) is same and same_story(second, first) is same


async def test_one_release_in_three_languages_is_one_alert_edited_twice_and_one_digest_line(
    make_harness, fakes, feed_url
) -> None:  # type: ignore[no-untyped-def]
    telegram, feeds = fakes
    feeds.routes["/s/viasna96"] = Route(channel_page((1, "Старое")), content_type="text/html")
    feeds.routes["/zerkalo.xml"] = Route(rss([{"title": "Старое", "link": "https://news.zerkalo.io/1"}]))
    feeds.routes["/svaboda.xml"] = Route(rss([{"title": "Old", "link": "https://www.rferl.org/1"}]))
    config = Config(
        feeds=(
            FeedConfig("Viasna", f"{feed_url}/s/viasna96", minutes(10), "be", kind="telegram", channel="viasna96"),
            FeedConfig("Zerkalo", f"{feed_url}/zerkalo.xml", minutes(10), "ru"),
            FeedConfig("Svaboda", f"{feed_url}/svaboda.xml", minutes(10), "en"),
        )
    )
    h: Harness = await make_harness(config)
    group = -100700
    telegram.admins[group] = {7}
    await h.say(CHAT, "/watch Maria Kolesnikova")
    await h.say(group, "/watch Kolesnikova", user_id=7, chat_type="supergroup")  # a group: a daily digest
    await h.say(group, "/tz Europe/Minsk", user_id=7, chat_type="supergroup")
    await h.poll_and_send()
    feeds.routes["/s/viasna96"] = Route(channel_page((1, "Старое"), (2, "Марыю Калеснікаву вызвалілі!")),
                                        content_type="text/html")  # fmt: skip
    await h.poll_and_send()
    feeds.routes["/zerkalo.xml"] = Route(rss([{"title": "Марию Колесникову освободили",
                                               "link": "https://news.zerkalo.io/2"}]))  # fmt: skip
    await h.poll_and_send()
    feeds.routes["/svaboda.xml"] = Route(rss([{"title": "Maria Kolesnikova released from prison",
                                               "link": "https://www.rferl.org/2"}]))  # fmt: skip
    await h.poll_and_send()
    (alert,) = [m for m in telegram.messages_to(CHAT) if m.startswith("🔔")]  # one message ...
    assert len([e for e in telegram.edits if e["chat_id"] == CHAT]) == 2  # ... edited twice
    assert 'href="https://t.me/viasna96/2"' in alert
    assert "also reported by" in alert
    assert ">Zerkalo</a>" in alert and ">Svaboda</a>" in alert
    h.clock.now = datetime(2026, 11, 24, 17, 1, tzinfo=UTC)  # the group's digest, 20:00 in Minsk
    await h.digests()
    (digest,) = [m for m in telegram.messages_to(group) if m.startswith("📰")]
    assert digest.count("🟢") == 1  # one line for the story ...
    assert ">Viasna</a>" in digest and ">Zerkalo</a>" in digest and ">Svaboda</a>" in digest  # ... with its sources


async def test_a_source_that_goes_quiet_says_so_and_the_operator_hears_once(make_harness, fakes, feed_url) -> None:  # type: ignore[no-untyped-def]
    telegram, feeds = fakes
    start = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # the harness's clock
    hourly = [
        {"title": f"Навіна {n}", "link": f"https://e.org/{n}", "pubDate": format_datetime(start - timedelta(hours=n))}
        for n in range(1, 9)
    ]
    feeds.routes["/hourly.xml"] = Route(rss(hourly), etag='"same"')
    h: Harness = await make_harness(
        Config(feeds=(FeedConfig("Hourly", f"{feed_url}/hourly.xml", minutes(10)),)), operator=5
    )
    await h.poll_and_send()
    await h.say(CHAT, "/tz Europe/Minsk")
    assert "🟢 Hourly — working" in await h.say(CHAT, "/sources")
    for _ in range(3):
        await h.poll_and_send(minutes=60 * 10)  # 30 hours of 304s: nothing new for much longer than usual
    sources = await h.say(CHAT, "/sources")
    assert "🟡 Hourly — quiet: nothing new since 24 Nov 2026, 14:00 UTC+3, though usually every 1 hour" in sources
    assert telegram.messages_to(5) == ["📡 <b>Hourly</b>: quiet: nothing new for a while"]
