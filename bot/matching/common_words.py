"""Is a surname also an ordinary word (Znak = "sign", Moroz = "frost", Zhuk = "beetle")?

Such surnames only match when written with a capital letter inside a sentence, or
next to a given name (SPEC rule 5). The Russian and Ukrainian dictionaries of
pymorphy3 decide: a word the dictionary knows with a reading that is not a name,
surname, patronymic or place is a common word. Belarusian and Latin spellings are
checked through their Russian-style Cyrillic rendering, with akanye undone.

A word of a text is asked a looser question, ``ordinary``: is it, as written, a word of
the language rather than a name? Cyrillic words ask the dictionaries (any known form,
not only the lemma); Latin words ask the word frequencies of English, German, Polish
and Lithuanian (``wordfreq``), which carry no parts of speech, so the matcher only
uses the answer to doubt a word that is *spelled differently* from the watched surname.
"""

from __future__ import annotations

import itertools
import re
from functools import cached_property

from bot.matching.phonemes import is_cyrillic, phonemes, to_cyrillic

_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init", "Poss"})  # Poss: Михайлов, Петров
_CONTENT = frozenset({"NOUN", "ADJF", "ADJS", "VERB", "INFN", "ADVB", "PRTF", "PRTS"})
_FREQUENT = 3.0  # Zipf: once per million words (Zeit 6.0, Kamera 4.8, Tesla 3.9)
_LATIN_LANGUAGES = ("en", "de", "pl", "lt")
# German capitalises nouns, English headlines every word: in these a capital says nothing.
# Higher, as the lists count names too (Nowak 3.2 in German, Novak 3.4 in English).
_TITLE_WORD = 3.5
_CAPITALISING = ("en", "de")
_UKRAINIAN_LETTERS = re.compile("[ієїґ'’]")
_BELARUSIAN = re.compile("[іў'’]|дз|ц[еяіюёь]|(?<=[^аеёиоуыэюяіў])э")  # letters only Belarusian spells so
# The Lithuanian list counts surnames as words: one of that shape is no ordinary Lithuanian word.
_LITHUANIAN_SURNAME = re.compile(r"(?:ien[eė]|ait[eė]|yt[eė]|[uū]t[eė]|ausk(?:as|is)|evičius|avičius|[uū]nas|onis)$")


class CommonWords:
    """Callable: ``common(cleaned_word) -> bool``. Loads dictionaries on first use."""

    @cached_property
    def _analyzers(self) -> list[object]:
        import pymorphy3  # heavy import, only when a watch is compiled

        return [pymorphy3.MorphAnalyzer(lang="ru"), pymorphy3.MorphAnalyzer(lang="uk")]

    def __call__(self, cleaned: str) -> bool:
        return any(self._known_common(w) for w in _cyrillic_candidates(cleaned))

    def load(self) -> None:
        """Load the dictionaries and word lists now (0.5 s: call it off the event loop)."""
        import wordfreq

        self._analyzers  # noqa: B018 -- the cached property loads the dictionaries
        for lang in _LATIN_LANGUAGES:
            wordfreq.get_frequency_dict(lang, wordlist="small")  # the "small" list ends at Zipf 3

    def title_word(self, cleaned: str) -> bool:
        """A frequent English or German word (Zeit, Woche, Play, Shops), capitalised or not."""
        if any(is_cyrillic(c) for c in cleaned):
            return False
        import wordfreq

        return any(wordfreq.zipf_frequency(cleaned, la, wordlist="small") >= _TITLE_WORD for la in _CAPITALISING)

    def ordinary(self, cleaned: str) -> bool:
        """A text word that is, in some form, a word of the language (сотовой, Может, Zeit, Peace)."""
        if not any(is_cyrillic(c) for c in cleaned):
            import wordfreq  # loads its word lists on first use

            languages = _LATIN_LANGUAGES if not _LITHUANIAN_SURNAME.search(cleaned) else _LATIN_LANGUAGES[:-1]
            return any(wordfreq.zipf_frequency(cleaned, la, wordlist="small") >= _FREQUENT for la in languages)
        word = cleaned.replace("ў", "в").replace("і", "и")  # no akanye guesses: Тихановской ≠ тихоновской
        for analyzer in self._analyzers:
            if analyzer.word_is_known(word, strict=True):  # type: ignore[attr-defined]
                parses = analyzer.parse(word)  # type: ignore[attr-defined]
                if any(p.is_known and not p.tag.grammemes & _PROPER and not _possessive(p) for p in parses):
                    return True
                if not _UKRAINIAN_LETTERS.search(word):
                    return False  # Russian spelling, only a name to the Russian dictionary (Михайлову)
        return False

    def belarusian_common(self, cleaned: str) -> bool:
        """A Belarusian word that, in Russian spelling, is an ordinary word as it stands (Мароз, Вецер, Сняг,
        Дзядок): there is no Belarusian dictionary here, and a capital at the start of a sentence says
        nothing. Words the dictionaries know as written are not asked (Карней is not корней)."""
        if not _BELARUSIAN.search(cleaned):
            return False  # (a Russian-looking word is the dictionaries' to judge: Тихановский is no тихоновский)
        plain = cleaned.replace("ў", "в").replace("і", "и")
        if any(a.word_is_known(plain, strict=True) for a in self._analyzers):  # type: ignore[attr-defined]
            return False
        if self._known_common_form(_russian_spelling(cleaned)):
            return True  # дз, ц, я: a Belarusian letter, any form of the Russian word (Дзядок = дедок)
        return any(self._known_common(w) for w in _cyrillic_candidates(cleaned) if w != plain)  # akanye: lemmas

    def _known_common_form(self, word: str) -> bool:
        """Some form of a Russian content word that is no name (the Russian dictionary only)."""
        analyzer = self._analyzers[0]
        if not analyzer.word_is_known(word, strict=True):  # type: ignore[attr-defined]
            return False
        return any(
            p.is_known and p.tag.POS in _CONTENT and not p.tag.grammemes & _PROPER
            for p in analyzer.parse(word)  # type: ignore[attr-defined]
        )

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


def _possessive(parse: object) -> bool:
    """A possessive adjective of a name (Ukrainian "Михайлову" = Mykhailo's, untagged as such): a surname."""
    tag = parse.tag  # type: ignore[attr-defined]
    lemma: str = parse.normal_form  # type: ignore[attr-defined]
    return bool(tag.POS == "ADJF" and lemma.endswith(("ов", "ів", "ев", "єв", "ин", "їн", "ова", "ева", "іна", "ина")))


def _russian_spelling(word: str) -> str:
    """A Belarusian word in Russian spelling, short of akanye: дз → д, ц → т and я → е where Russian has
    them (Дзядок = дедок, Вецер = ветер, Сняг = снег), э → е, ў → в, і → и."""
    word = word.replace("ў", "в").replace("і", "и").replace("э", "е").replace("дз", "д")
    word = re.sub("ц(?=[еияюёь])", "т", word)
    return re.sub("(?<=[бвгдзклмнпрстфх])я", "е", word)


def _cyrillic_candidates(cleaned: str) -> list[str]:
    words = [cleaned] if any(is_cyrillic(c) for c in cleaned) else [to_cyrillic(p) for p in phonemes(cleaned)]
    words = [w.replace("ў", "в").replace("і", "и") for w in words] + [_russian_spelling(w) for w in words]
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
