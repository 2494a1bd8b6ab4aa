""" "Not this person": does an item name the namesake the chat set apart? Pure.

An exclusion is what a chat said sets its person apart from a namesake: another given name
("Eduard") or a word ("poet"). An item mentions it when each of its words appears in the
item, compared by a spelling-independent stem that allows case endings and either script:
"Eduard" finds "Эдуарда", "poet" finds "poets" and "паэт".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.matching.phonemes import clean, phonemes, skeleton

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
ENDING = 3  # letters a case ending may add


def stem(word: str) -> str:
    readings = phonemes(clean(word))
    return skeleton(readings[0]) if readings else ""


def mentions_any(text: str, exclusions: Sequence[str]) -> bool:
    """Does ``text`` name any of ``exclusions`` (each one or more words, all of which must appear)?"""
    if not exclusions:
        return False
    words = {stem(w) for w in _WORD.findall(text)}
    return any(_mentions(words, exclusion) for exclusion in exclusions)


def _mentions(words: set[str], exclusion: str) -> bool:
    keys = [k for k in (stem(w) for w in _WORD.findall(exclusion)) if k]
    return bool(keys) and all(any(_same(key, w) for w in words) for key in keys)


def _same(key: str, word: str) -> bool:
    if len(key) < 3:
        return word == key
    return word.startswith(key) and len(word) - len(key) <= ENDING
