"""Spelling-independent keys for words written in any Cyrillic or Latin orthography.

Two stages:

1. ``phonemes(word)``: one internal Latin spelling per reading of the word. Cyrillic
   maps letter by letter; Latin goes through the digraphs of English, Polish, German,
   Czech-style Łacinka and the Belarusian official romanisation. Latin ``ch`` (English
   ч, Polish/German х) and ``z`` (German ц) are ambiguous, so a word may have several
   readings.
2. ``skeleton(phonemes)``: letter classes that absorb what the romanisations and the
   three East Slavic languages disagree on: akanye (о/а/е), і/и/ы, г/х/h, ц/т, дз/д,
   з/с, ж/ш, в/ў, iotation (я/ia/ja), doubled letters.

Endings are parsed on phonemes (where vowels still differ); stems are compared by
skeleton.
"""

from __future__ import annotations

import re
import unicodedata

from bot.matching.text import IGNORABLE

VOWELS = frozenset("aeiouyąę")

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "o", "є": "e",
    "ж": "ž", "з": "z", "и": "i", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "w", "ф": "f",
    "х": "x", "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja", "'": "", "’": "", "ʼ": "", "`": "", "´": "",
}  # fmt: skip

# Latin graphemes, longest first. None marks an ambiguous grapheme (see _AMBIGUOUS).
_LATIN = {
    "schtsch": "šč", "shch": "šč", "szcz": "šč", "šč": "šč", "tsch": "č", "dsch": "dž",
    "dzh": "dž", "dž": "dž", "dż": "dž", "dź": "dz", "dz": "dz", "sch": "š", "zh": "ž",
    "sh": "š", "sz": "š", "cz": "č", "rz": "ž", "kh": "x", "ts": "c", "tz": "c",
    "ch": None, "z": None,
    "a": "a", "ą": "ą", "á": "a", "ä": "e", "b": "b", "c": "c", "ć": "c", "č": "č", "d": "d",
    "e": "e", "ę": "ę", "é": "e", "è": "e", "ě": "e", "ë": "o", "f": "f", "g": "g", "h": "g",
    "i": "i", "í": "i", "ï": "i", "j": "j", "k": "k", "l": "l", "ł": "l", "ĺ": "l", "m": "m",
    "n": "n", "ń": "n", "ñ": "n", "o": "o", "ó": "o", "ö": "o", "p": "p", "q": "k", "r": "r",
    "ř": "ž", "s": "s", "ś": "s", "š": "š", "ß": "s", "t": "t", "u": "u", "ú": "u", "ů": "u",
    "ü": "u", "ū": "u", "ŭ": "w", "v": "v", "w": "v", "x": "ks", "y": "y", "ý": "y", "ź": "z",
    "ż": "ž", "ž": "ž", "'": "", "’": "", "ʼ": "", "`": "", "´": "",
    "ė": "e", "ā": "a", "ē": "e", "ī": "i", "į": "i", "ų": "u", "ķ": "k", "ļ": "l", "ņ": "n", "ģ": "g",
}  # fmt: skip
_AMBIGUOUS: dict[str, tuple[str, ...]] = {"ch": ("č", "x"), "z": ("z", "c")}
_LATIN_RE = re.compile("|".join(sorted(map(re.escape, _LATIN), key=len, reverse=True)) + "|.", re.S)

# Latin letters that look like Cyrillic ones, for words that mix scripts.
_LOOKALIKE_TO_CYR = str.maketrans("aceopxyikmtbhABCEHKMOPTXIY", "асеорхуікмтьнАВСЕНКМОРТХІУ")
_LOOKALIKE_TO_LAT = str.maketrans("асеорхуікмтнѕјАВСЕНКМОРТХІЅЈ", "aceopxyikmthsjABCEHKMOPTXISJ")

_SKELETON = str.maketrans(
    {"o": "a", "e": "a", "ę": "a", "ą": "a", "y": "i", "j": None, "w": "v", "x": "g", "h": "g",
     "c": "t", "z": "s", "ž": "š"}
)  # fmt: skip
_IOTATION = re.compile(r"[iyj]+(?=[aeiouyąę])")
_DOUBLES = re.compile(r"(.)\1+")
_DROP = str.maketrans("", "", IGNORABLE)
_STRESS = re.compile("[\u0300\u0301]")


_VOWEL_E_CYR = re.compile("[аеёиоуыэюяіїєў][еє]")
_VOWEL_E = re.compile("(?<=[aeiouy])e")
_CASE_AFTER_U = frozenset({"a", "e", "u", "y", "i", "em", "ovi", "om", "ie", "jem", "je"})
_IKAVISM = re.compile(r"(?<=[^aeiouyj])i(?=[^aeiouyj])")
_UKRAINIAN = re.compile(r"[иїєґ]|(?:ого|ому|ій|им)$")  # not Belarusian (Лосіка stays Лосік)


def clean(word: str) -> str:
    """Lower-case, compose, and drop invisible characters and stress marks.

    Composing first keeps the marks that make letters (ś ć ń ą ę č š ž ŭ й ў); what
    is left uncomposed afterwards (a stress mark on a Cyrillic vowel) is dropped.
    """
    word = word.translate(_DROP)
    if any(is_cyrillic(ch) for ch in word):
        # In a Cyrillic word an acute or grave is a stress mark, even on a Latin look-alike;
        # composed first, К + acute would become Macedonian Ќ and o + acute Polish ó.
        word = _STRESS.sub("", word)
    word = unicodedata.normalize("NFC", word).lower()
    if word.isascii():
        return word
    out = "".join(ch for ch in word if not unicodedata.combining(ch))
    return _fold_homoglyphs(out)


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _fold_homoglyphs(word: str) -> str:
    cyr = sum(1 for ch in word if is_cyrillic(ch))
    if cyr == 0:
        return word
    lat = sum(1 for ch in word if ch.isascii() and ch.isalpha())
    if lat == 0:
        return word
    return word.translate(_LOOKALIKE_TO_CYR if cyr >= lat else _LOOKALIKE_TO_LAT)


def phonemes(word: str, max_readings: int = 8) -> tuple[str, ...]:
    """Every internal-Latin reading of a cleaned word (see module doc)."""
    if any(is_cyrillic(ch) for ch in word):
        p = "".join(_CYRILLIC.get(ch, ch) for ch in word)
        if "е" in word or "є" in word:  # е after a vowel is йе: Корнеем = Karnei + em
            p = _VOWEL_E.sub("je", p) if _VOWEL_E_CYR.search(word) else p
        if "і" not in word[:-1] or not _UKRAINIAN.search(word):
            return (p,)
        # Ukrainian і between consonants is often е/о in the other languages (Біляцький =
        # Беляцкий = Бяляцкі, Львів = Львов): a second reading
        return tuple(dict.fromkeys((p, _IKAVISM.sub("e", p[:-1]) + p[-1:])))
    readings = [""]
    for m in _LATIN_RE.finditer(word):
        g = m.group()
        mapped = _LATIN.get(g, g)
        if mapped is None:
            options = _AMBIGUOUS[g]
            if len(readings) * len(options) > max_readings:
                options = options[:1]
            readings = [r + o for r in readings for o in options]
        else:
            readings = [r + mapped for r in readings]
    if word.endswith("ic") and len(word) > 4:  # "Statkevic": -vich with its h dropped
        readings += [r[:-1] + "č" for r in readings if r.endswith("c")]
    return tuple(dict.fromkeys(_latin_glides(r) for r in readings))


def _latin_glides(p: str) -> str:
    """i/y next to a vowel are glides (й), and u after a vowel before a consonant is ў."""
    chars = list(p)
    n = len(chars)
    for i, ch in enumerate(chars):
        prev_vowel = i > 0 and chars[i - 1] in VOWELS
        next_vowel = i + 1 < n and chars[i + 1] in VOWELS
        if (ch in "iy" and ((next_vowel and i > 0) or (prev_vowel and not next_vowel))) or (ch == "y" and next_vowel):
            chars[i] = "j"
        elif (
            ch == "u"
            and prev_vowel
            and chars[i - 1] in "aoe"
            and (not next_vowel or (n >= 7 and p[i + 1 :] in _CASE_AFTER_U))
        ):
            # ў: before a consonant (Tsikhanouski), and before a Polish case ending (Dzianisaua)
            chars[i] = "w"
    return "".join(chars)


def skeleton(p: str) -> str:
    """Letter classes of a phoneme string (see module doc)."""
    p = p.replace("dz", "d")
    p = _IOTATION.sub("", p)
    return _DOUBLES.sub(r"\1", p.translate(_SKELETON))


# What spellings of one word disagree on, short of sounding alike: akanye о/а, ы/и, ў/в,
# iotation (я/ia/ja), г/h/х, nasal vowels, doubled letters. "Свабода" is "Swoboda"; "Zeit"
# is not "Zając" nor "Zet", though their skeletons meet.
_SPELLING = str.maketrans({"o": "a", "y": "i", "w": "v", "h": "g", "x": "g", "ą": "a", "ę": "e"})
_IOTATED = re.compile(r"(?<=[^aeiouy])[ij](?=[aeiouy])")  # Ramanauskiene = Раманаускене


def spelling(p: str) -> str:
    """A phoneme string with only spelling differences folded (see _SPELLING)."""
    return _DOUBLES.sub(r"\1", _IOTATED.sub("", p).translate(_SPELLING))


def to_cyrillic(p: str) -> str:
    """A Russian-style Cyrillic spelling of a phoneme string, for display."""
    out = p
    for a, b in (("šč", "щ"), ("ja", "я"), ("ju", "ю"), ("jo", "ё"), ("dž", "дж")):
        out = out.replace(a, b)
    out = out.replace("je", "е")  # Jelena, Andrejewa, Viecier: Елена, Андреева, Вецер
    table = str.maketrans(
        {"a": "а", "b": "б", "v": "в", "w": "в", "g": "г", "d": "д", "e": "е", "ž": "ж", "z": "з",
         "i": "и", "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
         "s": "с", "t": "т", "u": "у", "f": "ф", "x": "х", "c": "ц", "č": "ч", "š": "ш", "y": "ы",
         "ą": "он", "ę": "ен"}
    )  # fmt: skip
    return out.translate(table)


def to_latin(p: str) -> str:
    """An English-style Latin spelling of a phoneme string, for display."""
    out = p
    for a, b in (("šč", "shch"), ("ja", "ya"), ("ju", "yu"), ("jo", "yo"), ("dž", "dzh")):
        out = out.replace(a, b)
    table = str.maketrans(
        {"ž": "zh", "x": "kh", "c": "ts", "č": "ch", "š": "sh", "w": "u", "j": "y", "ą": "on", "ę": "en"}
    )
    return out.translate(table)
