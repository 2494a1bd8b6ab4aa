"""The ``releasewatch`` command line: one module per family of commands, ``main`` reads the arguments."""

from bot.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
