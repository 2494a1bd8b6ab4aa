"""Pure parsing of what a command or a button press says."""

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


def button_fields(data: str | None, prefix: str, count: int) -> list[str] | None:
    """The ``count`` non-empty fields of a button's data ``prefix:A:B…`` (the last may hold colons), or None when
    the data is not such a button's: a malformed or foreign press."""
    head, _, rest = (data or "").partition(":")
    fields = rest.split(":", count - 1)
    return fields if head == prefix and len(fields) == count and all(fields) else None


def row_id(field: str) -> int | None:
    """A database id written in a button's data, or None (``"12"`` → 12; ``"x"``, ``"-1"``, ``"²"`` → None)."""
    return int(field) if field.isascii() and field.isdigit() else None
