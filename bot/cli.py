"""The ``releasewatch`` command line: run, scan, check-config, match."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot import logs, match_cli
from bot.config import ConfigError, Settings, load_config

TOKEN_HELP = (
    "releasewatch: TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram "
    "(send /newbot), then run: TELEGRAM_BOT_TOKEN=<token> releasewatch run"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="releasewatch", description="Telegram alerts about political prisoners.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (long polling) and the feed scheduler")
    run.add_argument("--config", help="feeds file (default: $RELEASEWATCH_CONFIG or ./feeds.yaml)")
    run.add_argument("--db", help="database file (default: $RELEASEWATCH_DB or ./releasewatch.sqlite3)")
    scan = sub.add_parser("scan", help="poll every feed once and print items that mention the names")
    scan.add_argument("--config", help="feeds file (default: $RELEASEWATCH_CONFIG or ./feeds.yaml)")
    scan.add_argument("--watch", action="append", required=True, metavar="NAME", help="a name (repeatable)")
    check = sub.add_parser("check-config", help="validate the feeds file")
    check.add_argument("--config", help="feeds file (default: $RELEASEWATCH_CONFIG or ./feeds.yaml)")
    match_cli.add_arguments(sub.add_parser("match", help="match names in texts (see shared/names/SPEC.md)"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "match":
        return match_cli.run(args)
    try:
        settings = Settings.from_env(config=args.config, db=getattr(args, "db", None))
        config = load_config(settings.config_path)
    except ConfigError as e:
        print(e, file=sys.stderr)
        return 1
    if args.command == "check-config":
        print(f"{settings.config_path}: OK, {len(config.feeds)} sources")
        return 0
    if args.command == "scan":
        from bot.scan import scan

        return asyncio.run(scan(config, args.watch))
    if not settings.token:
        print(TOKEN_HELP, file=sys.stderr)
        return 2
    logs.configure(settings.token)
    from bot.app import run

    return run(settings, config)


if __name__ == "__main__":
    sys.exit(main())
