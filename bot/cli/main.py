"""The ``releasewatch`` command line: run, scan, check-config, match (``explain``); backup, export, import,
healthcheck (``maintenance``)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot import logs
from bot.cli import explain, maintenance
from bot.config import ConfigError, load_config
from bot.settings import Settings

TOKEN_HELP = (
    "releasewatch: TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram "
    "(send /newbot), then run: TELEGRAM_BOT_TOKEN=<token> releasewatch run"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="releasewatch", description="Telegram alerts about political prisoners.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (long polling) and the feed scheduler")
    run.add_argument("--config", help="feeds file (default: $RELEASEWATCH_CONFIG or ./feeds.yaml)")
    run.add_argument("--db", help=maintenance.DB_HELP)
    run.add_argument("--http", metavar="HOST:PORT", help="serve /healthz and /metrics ($RELEASEWATCH_HTTP; off)")
    scan = sub.add_parser("scan", help="poll every feed once and print items that mention the names")
    scan.add_argument("--config", help="feeds file (default: $RELEASEWATCH_CONFIG or ./feeds.yaml)")
    scan.add_argument("--watch", action="append", required=True, metavar="NAME", help="a name (repeatable)")
    check = sub.add_parser("check-config", help="validate the feeds file")
    check.add_argument("--config", help="feeds file (default: $RELEASEWATCH_CONFIG or ./feeds.yaml)")
    explain.add_arguments(sub.add_parser("match", help="match names in texts (the contract: docs/matching.md)"))
    maintenance.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "match":
        return explain.run(args)
    if args.command in maintenance.COMMANDS:  # they need no feeds file
        try:
            settings = Settings.from_env(db=getattr(args, "db", None), http=getattr(args, "http", None))
        except ConfigError as e:
            print(_settings_error(e), file=sys.stderr)
            return 1
        return maintenance.run(args, settings)
    try:
        settings = Settings.from_env(args.config, getattr(args, "db", None), getattr(args, "http", None))
    except ConfigError as e:
        print(_settings_error(e), file=sys.stderr)
        return 1
    try:
        config = load_config(settings.config_path)
    except ConfigError as e:
        print(e, file=sys.stderr)
        return 1
    if args.command == "check-config":
        print(f"{settings.config_path}: OK, {len(config.feeds)} sources")
        return 0
    if args.command == "scan":
        from bot.cli.scan import scan

        return asyncio.run(scan(config, args.watch))
    if not settings.token:
        print(TOKEN_HELP, file=sys.stderr)
        return 2
    logs.configure(settings.token, settings.log_level, settings.log_json)
    from bot.app import run

    return run(settings, config)


def _settings_error(e: ConfigError) -> str:
    """A bad flag or variable, with the program's name first: ``releasewatch: --http: “x” is not HOST:PORT``."""
    return "\n".join(f"releasewatch: {e.path}: {problem}" for problem in e.problems)


if __name__ == "__main__":
    sys.exit(main())
