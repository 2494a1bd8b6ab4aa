"""Turn raw item text into word tokens with offsets into the original string.

HTML tags and entities are masked *in place* (same length), so every token's
``start``/``end`` still index the text the caller passed in, and ``surface`` is
exactly what the reader saw.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Characters that may sit inside a word without being part of it.
IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SOFT = "\u00ad"  # filler used to keep offsets when an entity decodes to a letter

_TAG = re.compile(r"<[^<>]{0,500}>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LETTER = r"[^\W\d_]"
_INNER = rf"(?:{_LETTER}|[\u0300-\u036f{IGNORABLE}])"
# A word: letters with stress marks / invisible characters inside, and internal
# apostrophes (Дар'я, ув'язнення, O'Brien).
_WORD = re.compile(rf"{_LETTER}{_INNER}*(?:['’ʼ`´]{_LETTER}{_INNER}*)*|[{IGNORABLE}]+{_LETTER}{_INNER}*")
_SENTENCE_END = re.compile(r"(?:[.!?…:]|\n)\W*$")
_INITIAL = re.compile(r"^\s*\.")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the text; ``index`` is its position in the token list."""

    index: int
    start: int
    end: int
    text: str  # the original characters, invisible ones included
    sentence_start: bool  # nothing but punctuation since the last sentence end
    hashtag: bool
    initial: bool  # a single capital letter followed by a dot: "M." / "В."


def mask_markup(text: str) -> str:
    """Replace tags with spaces and entities with their character, keeping every offset."""
    if "<" in text:
        text = _TAG.sub(lambda m: " " * len(m.group()), text)
    if "&" in text:
        text = _ENTITY.sub(_entity_in_place, text)
    return text


def _entity_in_place(m: re.Match[str]) -> str:
    raw = m.group()
    char = html.unescape(raw)
    if char == raw or len(char) != 1:
        return " " * len(raw)
    if char.isalpha():
        return char + _SOFT * (len(raw) - 1)
    if char in "'’ʼ":
        return char + " " * (len(raw) - 1)
    if char.isspace() or not char.isprintable():
        return " " * len(raw)
    return char + " " * (len(raw) - 1)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` (raw, possibly HTML) into word tokens with original offsets."""
    masked = mask_markup(text)
    tokens: list[Token] = []
    prev_end = 0
    for m in _WORD.finditer(masked):
        start, end = m.span()
        gap = masked[prev_end:start]
        word = m.group()
        initial = (
            len(word.strip(IGNORABLE)) == 1 and word.strip(IGNORABLE).isupper() and bool(_INITIAL.match(masked, end))
        )
        tokens.append(
            Token(
                index=len(tokens),
                start=start,
                end=end,
                text=text[start:end],
                sentence_start=not tokens or (bool(_SENTENCE_END.search(gap)) and not _after_initial(tokens)),
                hashtag=gap.endswith("#"),
                initial=initial,
            )
        )
        prev_end = end
    return tokens


def _after_initial(tokens: list[Token]) -> bool:
    """A dot after an initial ("M. Kolesnikova") does not end a sentence."""
    return tokens[-1].initial


def gap_between(text: str, a: Token, b: Token) -> str:
    """The masked characters between two tokens (punctuation, spaces)."""
    return mask_markup(text[a.end : b.start])
