"""Turn raw item text into words with offsets into the original string.

HTML tags and entities are masked *in place* (same length), so every word's
``start``/``end`` still index the text the caller passed in, and a surface is exactly
what the reader saw. Context (sentence start, hashtag, initial) is computed only for
the few words the matcher asks about.
"""

from __future__ import annotations

import html
import re

# Characters that may sit inside a word without being part of it.
IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SOFT = "\u00ad"  # filler used to keep offsets when an entity decodes to a letter

_TAG = re.compile(r"<[^<>]{0,500}>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LETTER = r"[^\W\d_]"
_INNER = rf"(?:{_LETTER}|[\u0300-\u036f{IGNORABLE}])"
# A word: letters with stress marks / invisible characters inside, and internal
# apostrophes (Дар'я, ув'язнення, O'Brien), but not an English possessive 's.
_WORD = re.compile(rf"(?:{_LETTER}|[{IGNORABLE}]+{_LETTER}){_INNER}*(?:['’ʼ`´](?!s(?!\w)){_LETTER}{_INNER}*)*")
_OPENING_QUOTES = "«„“\"'‘‹"
_GERMAN_ARTICLES = frozenset((
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "sein", "seine",
    "seinen", "seinem", "seiner", "ihr", "ihre", "ihren", "ihrem", "ihrer", "dieser", "diese", "diesen", "diesem",
))  # fmt: skip
_SENTENCE_END = re.compile(r"(?:[.!?…:]|\n)\W*$")


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
    if char in IGNORABLE:  # &shy; inside a word: the word stays whole
        return _SOFT * len(raw)
    if char.isalpha():
        return char + _SOFT * (len(raw) - 1)
    if char.isspace() or not char.isprintable():
        return " " * len(raw)
    return char + " " * (len(raw) - 1)


class Words:
    """The words of a text: ``texts[i]`` spans ``starts[i]:ends[i]`` of the original (with entities decoded)."""

    __slots__ = ("ends", "masked", "starts", "texts")

    def __init__(self, text: str) -> None:
        self.masked = mask_markup(text)
        spans = [m.span() for m in _WORD.finditer(self.masked)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.texts = [self.masked[s:e] for s, e in spans]

    def __len__(self) -> int:
        return len(self.texts)

    def gap(self, i: int, j: int) -> str:
        """The masked characters between word ``i`` and word ``j`` (i < j)."""
        return self.masked[self.ends[i] : self.starts[j]]

    def before(self, i: int) -> str:
        return self.masked[self.ends[i - 1] if i else 0 : self.starts[i]]

    def initial(self, i: int) -> bool:
        """A single capital letter followed by a dot: "M." / "В."."""
        word = self.texts[i].strip(IGNORABLE)
        end = self.ends[i]
        return len(word) == 1 and word.isupper() and self.masked[end : end + 1] == "."

    def sentence_start(self, i: int) -> bool:
        """Only punctuation since the start of the text or the end of a sentence."""
        if i == 0:
            return True
        return bool(_SENTENCE_END.search(self.before(i))) and not self.initial(i - 1)

    def hashtag(self, i: int) -> bool:
        return self.before(i).endswith("#")

    def quoted(self, i: int) -> bool:
        """Right after an opening quotation mark: «Радио Свобода», "Play with Docker"."""
        tail = self.before(i)[-1:]
        return tail != "" and tail in _OPENING_QUOTES

    def in_capitalised_run(self, i: int) -> bool:
        """Joined by a space to a word capitalised inside its sentence: "Радыё Свабода",
        "iPad Pro", a headline in title case. Capitals there say nothing about this word
        (while in "Адвокат Знак" only the sentence start is). A German noun after its article is
        no run: "der Fall Krieger", "den Anwalt Snak" name a person in apposition."""
        if i == 0 or self.sentence_start(i) or self.gap(i - 1, i) != " ":
            return False
        previous = self.texts[i - 1]
        if i >= 2 and self.texts[i - 2].lower() in _GERMAN_ARTICLES and self.gap(i - 2, i - 1) == " ":
            return False
        return any(ch.isupper() for ch in previous[1:]) or (previous[:1].isupper() and not self.sentence_start(i - 1))
