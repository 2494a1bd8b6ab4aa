"""How the bot logs: one line per event, the token never written, expected network trouble without tracebacks."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from telegram.error import InvalidToken, NetworkError, RetryAfter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# httpx logs request URLs, and Bot API URLs contain the token; the others are chatty at INFO.
QUIET = ("httpx", "httpcore", "apscheduler", "telegram.ext.Updater")


class Redacting(logging.Formatter):
    """Formats a record, traceback included, then blanks out the token wherever it appears."""

    def __init__(self, secret: str | None) -> None:
        super().__init__(FORMAT)
        self.secret = secret

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        return text.replace(self.secret, "<token>") if self.secret else text


class JsonLines(Redacting):
    """One JSON object per line (``RELEASEWATCH_LOG_FORMAT=json``): time, level, logger, message, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return self.redact(json.dumps(entry, ensure_ascii=False))


class ExpectedTrouble(logging.Filter):
    """Telegram's own retry loops log a failed request with a traceback at ERROR.

    At start-up ``bot.app.run`` explains the failure in one line itself, so those records go;
    later (Telegram unreachable for a while) they become one WARNING line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not record.name.startswith("telegram") or not isinstance(error, NetworkError | RetryAfter | InvalidToken):
            return True
        message = record.getMessage()
        if "Bootstrap" in message or isinstance(error, InvalidToken):
            return False
        record.msg, record.args = "%s (%s: %s)", (message, type(error).__name__, error)
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def configure(token: str | None, level: int | str = logging.INFO, json_lines: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines(token) if json_lines else Redacting(token))
    handler.addFilter(ExpectedTrouble())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    # the pool warns at every failed connection attempt; storage.postgres says once that the database went away
    logging.getLogger("psycopg.pool").setLevel(logging.ERROR)
