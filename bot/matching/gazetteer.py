"""Is a word a place of the region or one of its organisations (Vilnius, Вильнюсе, Polska,
Бабруйск, Viasna, Радыё Свабода)?

Such names are capitalised like surnames and decline like them, so a watched surname
that sounds like a town would fire on every report from that town, and one like Vesna
on every statement of Viasna. A word is compared with the list by the surname
skeletons (so every case and spelling counts), for each kind of surname it can be read
as: "Минский" the surname (adjectival) is not Minsk (a consonant stem), though it may
be read as "Минск" + i.
"""

from __future__ import annotations

from bot.matching.gazetteer_data import ORGANISATIONS, PLACES
from bot.matching.morphology import Kind, classify_surname, fleeting_bases, split_endings
from bot.matching.phonemes import clean, phonemes, skeleton


class Gazetteer:
    def __init__(self, table: str = PLACES + ORGANISATIONS) -> None:
        self._keys: set[tuple[Kind, str]] = set()
        for name in table.split():
            for p in phonemes(clean(name)):
                kind, base, _ = classify_surname(p)
                self._keys.update((kind, skeleton(b)) for b in fleeting_bases(base))
                plural = skeleton(p[:-1])
                if p[-1] in "iy" and len(plural) >= 4:  # Horki, Mosty, Niemcy (not Miory: Майер)
                    self._keys.update((k, plural) for k in (Kind.CONS, Kind.VOWEL))

    def kinds(self, cleaned: str) -> frozenset[Kind]:
        """The surname kinds under which a cleaned word reads as a listed name."""
        return frozenset(
            kind
            for p in phonemes(cleaned)
            for kind, base, _ in split_endings(p)
            if (kind, skeleton(base)) in self._keys
        )
