"""How the press writes foreign names in the other script: extra readings of a Latin word.

``phonemes`` reads a Latin word by the Slavic romanisations (Polish, Łacinka, the Belarusian official
one, English-style transliteration of Russian). A name from another language reaches Russian,
Belarusian and Ukrainian Cyrillic by the conventions of *its* language, so a Latin word also gets the
readings the Cyrillic press gives it, written in the same internal Latin as ``phonemes`` of the Cyrillic
form. Watch and text both ask, so the Cyrillic form meets the Latin one in either direction, with the
Slavic case endings parsed as usual ("Rico Krieger" = "Рико Кригера"; "Кригер" = "Krieger").

- Japanese, Hepburn → Polivanov (only for a word made of Japanese syllables): shi → си, chi → ти,
  tsu → цу, ji → дзи, z → дз, sh/ch/j + a/u/o → ся/тя/дзя, h → х, n before b/m/p → м, ou/oo → о.
- German: ie → и, ei/ai/ey → ай, eu/äu → ой, ü → ю, ö → ё, ä → э, v → ф, z/tz → ц, s before a vowel
  → з, sch → ш, sp/st at the start → шп/шт, ch → х, ck → к, h after a vowel is silent, th → т, ph → ф.
- English: th → т, ph → ф, ck → к, c → к (с before e/i/y), j → дж, ee/ea → и, oo → у, h after a vowel
  is silent.
- Baltic and Georgian (and Italian, Spanish...): letter for letter, diphthongs kept (Paulauskas =
  Паулаускас, not Belarusian ў; Mikheil = Михеил), Lithuanian/Latvian diacritics dropped.
- Georgian: j → дж, q → к, kh → х (Burjanadze → Бурджанадзе), for words with Georgian endings.
- Polish: ó → у, ą/ę → он/ен (Wałęsa = Валенса), ch → х.

``press_form`` picks the one reading a Latin name most likely has in Cyrillic, for display.
"""

from __future__ import annotations

import re

from bot.matching.phonemes import is_cyrillic, phonemes


class _Rules:
    """Graphemes to replace, longest first; other letters stay."""

    def __init__(self, rules: tuple[tuple[str, str], ...]) -> None:
        self.table = dict(rules)
        keys = sorted(self.table, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, keys)))

    def apply(self, word: str) -> str:
        return self.pattern.sub(lambda m: self.table[m.group()], word)


# -- Japanese ---------------------------------------------------------------------------------------
_MORA = re.compile(r"(?:(?:sh|ch|ts|[kgnhbpmr]y|[kgsztdnhbpmrwfj]|y)?(?:[aeiouāēīōū])|n(?![aeiouy])|[kstp](?=[kstpc]))")
_JAPANESE = re.compile(rf"^(?!.*(?:ee|ea|ie))(?:{_MORA.pattern})+$")  # (Shaheen, Beatrice are not Japanese)
_JAPANESE_RULES = _Rules((
    ("shi", "si"), ("sha", "sja"), ("shu", "sju"), ("sho", "sjo"), ("she", "sje"),
    ("chi", "ti"), ("cha", "tja"), ("chu", "tju"), ("cho", "tjo"), ("che", "tje"),
    ("tsu", "cu"), ("ji", "dzi"), ("ja", "dzja"), ("ju", "dzju"), ("jo", "dzjo"), ("je", "dze"),
    ("za", "dza"), ("zu", "dzu"), ("ze", "dze"), ("zo", "dzo"), ("zi", "dzi"),
    ("ou", "o"), ("oo", "o"), ("uu", "u"), ("ō", "o"), ("ū", "u"), ("ā", "a"), ("ē", "e"), ("ī", "i"),
    ("nb", "mb"), ("nm", "mm"), ("np", "mp"),
    ("y", "j"), ("w", "v"), ("h", "x"),
))  # fmt: skip


def japanese(word: str) -> str | None:
    """Hepburn → Polivanov, for a word made of Japanese syllables (Nakanishi → наканиси)."""
    if not _JAPANESE.match(word):
        return None
    return _JAPANESE_RULES.apply(word)


_POLIVANOV = re.compile(r"^(?:(?:dz|[kgsztdnxbpmrvfc]|[kgnxbpmrst]?j)?[aeiou]|n(?![aeiou])|[kstp](?=[kstpc]))+$")
_HEPBURN_RULES = _Rules((
    ("si", "shi"), ("sja", "sha"), ("sju", "shu"), ("sjo", "sho"), ("ti", "chi"), ("tja", "cha"), ("tju", "chu"),
    ("tjo", "cho"), ("cu", "tsu"), ("dzi", "ji"), ("dzja", "ja"), ("dzju", "ju"), ("dzjo", "jo"), ("dz", "z"),
    ("x", "h"), ("j", "y"), ("v", "w"),
))  # fmt: skip


def hepburn(p: str) -> str | None:
    """Polivanov phonemes → Hepburn, for showing a Japanese name typed in Cyrillic (Наканиси → Nakanishi)."""
    if not _POLIVANOV.match(p):
        return None
    return _HEPBURN_RULES.apply(p)


# -- German -----------------------------------------------------------------------------------------
_GERMAN_RULES = _Rules((
    ("tsch", "č"), ("sch", "š"), ("chs", "ks"), ("ch", "x"), ("ck", "k"), ("tz", "c"), ("th", "t"),
    ("ph", "f"), ("qu", "kv"), ("ie", "i"), ("ei", "aj"), ("ey", "aj"), ("ai", "aj"), ("ay", "aj"),
    ("eu", "oj"), ("äu", "oj"), ("ä", "e"), ("ö", "jo"), ("ü", "ju"), ("ß", "s"), ("z", "c"),
    ("v", "f"), ("w", "v"), ("j", "j"), ("y", "i"), ("x", "ks"), ("c", "k"),
))  # fmt: skip
_GERMAN_MARKS = re.compile(r"sch|ei|ey|eu|äu|tz|ck|ß|[äöü]|ie|^s[tp]|mann$|[aeiou]h|^[vz]|er$")


def german(word: str) -> str | None:
    """German spelling → Russian press transcription (Krieger → кригер, Schneider → шнайдер)."""
    if not _GERMAN_MARKS.search(word):
        return None
    w = re.sub(r"(?<=[aeiouäöü])h(?![aeiouäöü])", "", word)  # Lehmann → Леман
    w = re.sub(r"^s(?=[tp])", "š", w)  # Steinmeier → Штайнмайер
    w = re.sub(r"^s(?=[aeiouäöü])", "\x01", w)  # Seidel → Зайдель (z itself is ц)
    w = re.sub(r"^h", "x", w)
    return _GERMAN_RULES.apply(w).replace("\x01", "z")


# -- English ----------------------------------------------------------------------------------------
_ENGLISH_RULES = _Rules((
    ("tch", "č"), ("sh", "š"), ("ch", "č"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("gh", ""),
    ("ee", "i"), ("ea", "i"), ("oo", "u"), ("ce", "se"), ("ci", "si"), ("cy", "si"), ("c", "k"),
    ("j", "dž"), ("qu", "kv"), ("x", "ks"), ("w", "v"), ("h", "x"),
))  # fmt: skip
_ENGLISH_MARKS = re.compile(r"th|ph|ck|gh|ee|ea|oo|j|c[aou]|c$|sh|[aeiou]h|^wh")


def english(word: str) -> str | None:
    """English spelling → Russian press transcription (Smith → смит, Jackson → джексон)."""
    if not _ENGLISH_MARKS.search(word):
        return None
    w = re.sub(r"(?<=[aeiou])h(?![aeiou])", "", word)  # John → Джон (not Shaheen → Шаин)
    w = re.sub(r"y$", "i", w)
    w = re.sub(r"(?<=[^aeiou])e$", "", w.replace("oa", "ou"))  # Coale → Коул
    return _ENGLISH_RULES.apply(w)


# -- letter for letter (Baltic, Georgian, Romance) -------------------------------------------------
_PLAIN = {
    "ė": "e", "ā": "a", "ē": "e", "ī": "i", "ō": "o", "ū": "u", "į": "i", "ų": "u", "ą": "a", "ę": "e",
    "ķ": "k", "ļ": "l", "ņ": "n", "ģ": "g", "ŗ": "r", "y": "i", "w": "v", "x": "ks", "q": "k",
}  # fmt: skip
_PLAIN_RULES = _Rules((
    ("kh", "x"), ("gh", "g"), ("zh", "ž"), ("sh", "š"), ("ch", "č"), ("ts", "c"), ("dž", "dž"), ("dz", "dz"),
    *_PLAIN.items(),
))  # fmt: skip


def plain(word: str) -> str | None:
    """Letter for letter, vowels kept apart (Paulauskas → паулаускас, Mikheil → михеил), i after a vowel
    before a consonant a glide (Raulušaitis → раулушайтис)."""
    return re.sub(r"(?<=[aeou])i(?![aeiou])", "j", _PLAIN_RULES.apply(word))


# -- Georgian --------------------------------------------------------------------------------------
_GEORGIAN = re.compile(r"(?:dze|shvili|svili|ia|ua|ava|ani|eli|uri)$")
_GEORGIAN_RULES = _Rules((
    ("kh", "x"), ("gh", "g"), ("zh", "ž"), ("sh", "š"), ("ch", "č"), ("ts", "c"), ("dz", "dz"), ("j", "dž"),
    ("q", "k"), ("y", "j"), ("w", "v"),
))  # fmt: skip


def georgian(word: str) -> str | None:
    """Georgian romanisation → Russian press transcription (Burjanadze → бурджанадзе), by the endings."""
    if not _GEORGIAN.search(word) or not re.search("[jq]", word):
        return None
    return _GEORGIAN_RULES.apply(word)


# -- Polish -----------------------------------------------------------------------------------------
_POLISH_RULES = _Rules((
    ("ó", "u"), ("ą", "on"), ("ę", "en"), ("ch", "x"), ("sz", "š"), ("cz", "č"), ("rz", "ž"), ("ł", "l"),
    ("w", "v"),
))  # fmt: skip


def polish(word: str) -> str | None:
    """Polish as the press writes it, without the Belarusian ў (Wałęsa → валенса, Góra → гура, Zaucha →
    зауха)."""
    if not re.search("[óąęł]|ch|sz|cz|rz|w", word):
        return None
    return _POLISH_RULES.apply(word)


def readings(cleaned: str, shortest: int = 5) -> tuple[str, ...]:
    """Readings of a cleaned Latin word by the conventions above that ``phonemes`` does not give. Words
    shorter than ``shortest`` get only the Japanese one (Koc is not "kok", Как: too short to tell)."""
    if not cleaned or any(is_cyrillic(ch) for ch in cleaned):
        return ()
    jp = japanese(cleaned)
    if len(cleaned) < shortest and not jp:
        return ()
    if _SLAVIC_MARKS.search(cleaned):  # Bialacki is not "bialaki", Kowalczyk not "kovalčik"
        candidates: tuple[str | None, ...] = (jp, plain(cleaned), polish(cleaned), georgian(cleaned))
    else:  # (a Japanese-shaped word is no German one: Takahashi is not "takahashi")
        german_reading = None if jp else german(cleaned)
        candidates = (jp, german_reading, english(cleaned), plain(cleaned), polish(cleaned), georgian(cleaned))
    if re.search(r"[^aeiou]in[sš]$", cleaned):  # Latvian -iņš without its marks: Berzins = Берзиньш
        candidates = (*candidates, (plain(cleaned) or cleaned)[:-1] + "š")
    own = set(phonemes(cleaned))
    return tuple(dict.fromkeys(r for r in candidates if r and r not in own))


_SLAVIC_MARKS = re.compile(
    r"sz|cz|rz|[łśćńżźŭ]|ov|ev|sk[iy]|ck[iy]|kh|zh|ts|ch$|ich|wicz|uk$|ko$|enk|ou|dz|c[ie]|[szc]i[aou]"
)  # (Łacinka and Polish: Viecier, Dziadok, Bialiatski)
_BALTIC_MARKS = re.compile(r"[ėāēīūįųķļņģ]|(?:[aiyu]s|ien[eė]|ait[eė]|yt[eė]|[^aeiou]š|[^aeiou]ins)$")
_GERMAN_ONLY = re.compile(r"sch|ei|eu|äu|tz|ß|[äöü]|ie|mann$|^s[tp]|[aeiou]h")
_ENGLISH_ONLY = re.compile(r"th|sh|ee|oo|ea|^j|c[aou]|c$|gh|ck")


def press_form(cleaned: str) -> str:
    """The one reading a Latin name most likely has in Cyrillic news, for display (phonemes). Japanese is
    left to the caller, who sees the whole name (Sharenda is Japanese-shaped too)."""
    default = phonemes(cleaned)[0]
    if any(is_cyrillic(ch) for ch in cleaned):
        return default
    if re.search("[ėāēīūįųķļņģ]", cleaned) or (
        _BALTIC_MARKS.search(cleaned) and not re.search("[łśćńżź]|sz|cz|rz", cleaned)
    ):
        return plain(cleaned) or default
    if _GEORGIAN.search(cleaned):
        return georgian(cleaned) or default
    if _SLAVIC_MARKS.search(cleaned):
        return default
    if _GERMAN_ONLY.search(cleaned):
        return german(cleaned) or default
    if _ENGLISH_ONLY.search(cleaned):
        return english(cleaned) or default
    return plain(cleaned) or default


__all__ = ["english", "georgian", "german", "hepburn", "japanese", "plain", "polish", "press_form", "readings"]
