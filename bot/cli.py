"""The ``releasewatch`` command line: run, scan, check-config, match."""

from __future__ import annotations

import argparse
import sys

from bot import match_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="releasewatch", description="Telegram alerts about political prisoners.")
    sub = parser.add_subparsers(dest="command", required=True)
    match_cli.add_arguments(sub.add_parser("match", help="match names in texts (see shared/names/SPEC.md)"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "match":
        return match_cli.run(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
