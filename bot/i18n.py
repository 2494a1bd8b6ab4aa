"""Interface languages: English, Russian, Belarusian, Ukrainian, through gettext catalogues.

The catalogues are ``bot/locale/<lang>/LC_MESSAGES/messages.po`` (extracted and updated
with ``pybabel``; see README). Building the package compiles them to ``messages.mo``
(``setup.py``); a checkout without them compiles the .po files in memory when first
needed, so it needs no build step. Feed text is never translated.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from functools import cached_property
from importlib import resources
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "ru", "be", "uk")
DEFAULT = "en"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "be": "Беларуская", "uk": "Українська"}
# Languages whose short month names are cut words rather than abbreviations (CLDR's Belarusian "сне", "сак"): their
# dates spell the month out ("8 снежня 2026").
FULL_MONTHS = frozenset({"be"})
_SHORT_MONTH = re.compile(r"(?<!M)MMM(?!M)")


# A user's language says where they are only where one time zone speaks it (Russian and English do not): elsewhere
# a new chat starts on UTC, and /settings says how to change it.
ZONES = {"be": "Europe/Minsk", "uk": "Europe/Kyiv", "pl": "Europe/Warsaw", "lt": "Europe/Vilnius"}


# Letters that mark a Cyrillic word as written in a language (``TYPICAL``), or in another one (``FOREIGN``): a name's
# forms carry no language, so its letters tell which of them a chat would write.
TYPICAL = {"be": frozenset("іў"), "uk": frozenset("іїєґ"), "ru": frozenset("ыэъё")}
FOREIGN = {"be": frozenset("ищъїєґ"), "uk": frozenset("ыэъёў"), "ru": frozenset("іўїєґ")}


def in_language_order(forms: list[str], language: str) -> list[str]:
    """A name's forms, those a chat in ``language`` would write first: its own script, with letters typical of the
    language (і/ў for Belarusian, і/ї/є for Ukrainian); then the Latin ones; then another language's Cyrillic (a
    Russian form for a Belarusian chat). English chats see Latin forms first. The order is kept within each rank."""

    def rank(form: str) -> int:
        letters = set(form.casefold())
        cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in letters)
        if language not in TYPICAL:
            return 1 if cyrillic else 0
        if not cyrillic:
            return 1
        if letters & FOREIGN[language]:
            return 2
        return 0 if language == "ru" or letters & TYPICAL[language] else 2

    return sorted(forms, key=rank)


def default_zone(telegram_code: str | None) -> str | None:
    """A new chat's time zone from its user's Telegram language, where that language tells it."""
    return ZONES.get((telegram_code or "").split("-")[0].lower())


def utc_offset(when: datetime, tz: str) -> str:
    """``UTC+3``, ``UTC-5``, ``UTC+5:30``, ``UTC``: the zone's offset at ``when``, the same in every language."""
    minutes = int((when.astimezone(ZoneInfo(tz)).utcoffset() or timedelta()).total_seconds()) // 60
    if not minutes:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def pick_language(telegram_code: str | None) -> str:
    """The interface language for a Telegram user's language code (e.g. "be", "ru-RU")."""
    code = (telegram_code or "").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT


class Text:
    """The messages of one language."""

    def __init__(self, language: str, translations: NullTranslations) -> None:
        self.language = language
        self._t = translations

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def datetime(self, when: datetime, tz: str, fmt: str = "d MMM yyyy, HH:mm", offset: bool = True) -> str:
        """A date and time in the chat's language and time zone; a time carries its UTC offset (``offset``)."""
        if self.language in FULL_MONTHS:
            fmt = _SHORT_MONTH.sub("MMMM", fmt)
        text = format_datetime(when, fmt, tzinfo=ZoneInfo(tz), locale=self.language)
        return f"{text} {utc_offset(when, tz)}" if offset and "H" in fmt else text

    def duration(self, length: timedelta) -> str:
        """ "4 hours", "2 days" in the chat's language."""
        return format_timedelta(length, locale=self.language)


class Catalogs:
    """Loads each language once."""

    @cached_property
    def _texts(self) -> dict[str, Text]:
        out = {DEFAULT: Text(DEFAULT, NullTranslations())}
        folder = resources.files("bot") / "locale"
        for language in LANGUAGES:
            if language == DEFAULT:
                continue
            messages = folder / language / "LC_MESSAGES"
            compiled = messages / "messages.mo"
            if compiled.is_file():  # built with the package
                buffer = io.BytesIO(compiled.read_bytes())
            else:  # a checkout
                with (messages / "messages.po").open("rb") as f:
                    catalog = read_po(f, locale=language)
                buffer = io.BytesIO()
                write_mo(buffer, catalog)
                buffer.seek(0)
            out[language] = Text(language, Translations(buffer))
        return out

    def get(self, language: str | None) -> Text:
        return self._texts.get(language or DEFAULT, self._texts[DEFAULT])
