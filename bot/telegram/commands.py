"""Pure parsing of command arguments."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[,;\n]+")


def split_names(argument: str) -> list[str]:
    """``/watch A, B`` or one name per line → ["A", "B"] (blank entries dropped)."""
    return [" ".join(n.split()) for n in _SEPARATORS.split(argument) if n.strip()]


def command_argument(text: str) -> str:
    """Everything after ``/command`` or ``/command@bot``, newlines kept."""
    parts = text.split(maxsplit=1)
    if not parts or not parts[0].startswith("/"):
        return text.strip()
    return parts[1].strip() if len(parts) > 1 else ""
