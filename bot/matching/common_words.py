"""Is a surname also an ordinary word (Znak = "sign", Moroz = "frost", Zhuk = "beetle")?

Such surnames only match when written with a capital letter inside a sentence, or
next to a given name (SPEC rule 5). The Russian and Ukrainian dictionaries of
pymorphy3 decide: a word the dictionary knows with a reading that is not a name,
surname, patronymic or place is a common word. Belarusian and Latin spellings are
checked through their Russian-style Cyrillic rendering, with akanye undone.
"""

from __future__ import annotations

import itertools
from functools import cached_property

from bot.matching.phonemes import is_cyrillic, phonemes, to_cyrillic

_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init"})
_CONTENT = frozenset({"NOUN", "ADJF", "ADJS", "VERB", "INFN", "ADVB", "PRTF", "PRTS"})


class CommonWords:
    """Callable: ``common(cleaned_word) -> bool``. Loads dictionaries on first use."""

    @cached_property
    def _analyzers(self) -> list[object]:
        import pymorphy3  # heavy import, only when a watch is compiled

        return [pymorphy3.MorphAnalyzer(lang="ru"), pymorphy3.MorphAnalyzer(lang="uk")]

    def __call__(self, cleaned: str) -> bool:
        return any(self._known_common(w) for w in _cyrillic_candidates(cleaned))

    def _known_common(self, word: str) -> bool:
        for analyzer in self._analyzers:
            if not analyzer.word_is_known(word, strict=True):  # type: ignore[attr-defined]
                continue  # most surnames: a cheap dictionary miss, no full parse
            for parse in analyzer.parse(word):  # type: ignore[attr-defined]
                grammemes = parse.tag.grammemes
                if (
                    parse.is_known
                    and parse.normal_form == word
                    and parse.tag.POS in _CONTENT
                    and not grammemes & _PROPER
                ):
                    return True
        return False


def _cyrillic_candidates(cleaned: str) -> list[str]:
    words = [cleaned] if any(is_cyrillic(c) for c in cleaned) else [to_cyrillic(p) for p in phonemes(cleaned)]
    words = [w.replace("ў", "в").replace("і", "и") for w in words]
    out: list[str] = []
    for w in words:
        positions = [i for i, ch in enumerate(w) if ch == "а"][:3]
        for mask in itertools.product((False, True), repeat=len(positions)):
            chars = list(w)
            for pos, flip in zip(positions, mask, strict=True):
                if flip:
                    chars[pos] = "о"
            out.append("".join(chars))
    return list(dict.fromkeys(out))
