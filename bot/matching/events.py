"""The event of an item: release > sentence > detention > other (SPEC, "Event of an item").

Triggers are finite verb forms, participles and set phrases in Russian, Belarusian
(Cyrillic and Łacinka), Ukrainian, Polish, German and English. Infinitives and bare
nouns ("требуют освободить", "apeluje o uwolnienie", "fordert Freilassung") are not
triggers: news uses them for what is demanded or expected, not what happened. A
trigger is also void when a modal, demand or negation word stands shortly before it
in the same clause ("must be released", "может помиловать", "pavinien vyjści na volu").
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from bot.matching.text import IGNORABLE, mask_markup


class Event(StrEnum):
    RELEASE = "release"
    SENTENCE = "sentence"
    DETENTION = "detention"
    OTHER = "other"


_RELEASE = [
    # English
    r"released", r"freed", r"frees", r"pardons?", r"pardoned", r"walk(?:s|ed)? free",
    r"(?:is|are|was|were|now|set|and) free\b(?!\s+(?:speech|press|media|elections?))",
    r"returns? home", r"returned home", r"left (?:the )?(?:colony|prison|jail)",
    r"out of (?:prison|jail)", r"welcom\w* (?:the )?releases?", r"(?:after|since) (?:his|her|their) release",
    r"signs? (?:a )?pardon",
    # Russian
    r"освобожд[её]н(?:а|о|ы|н\w*)?", r"освободил\w*", r"освободят", r"на свобод[еуы]", r"помилова(?:л|ла|ли|н|на|ны|нн\w*)\b",
    r"покину?л\w* (?:\w+ )?(?:колони|тюрьм|сизо)\w*", r"(?:вы(?:шел|шла|шли)|освобожд\w+) из (?:\w+ )?(?:колони|тюрьм|сизо)\w*", r"из (?:\w+ )?(?:колонии|тюрьмы|сизо) вы(?:шел|шла|шли)", r"указ\w* о помиловании", r"верну?л\w*(?:сь|ся)? домой", r"отпусти?л\w*",
    # Belarusian (Cyrillic, both orthographies) and Łacinka
    r"вызвален(?:ы|а|ая|ыя|ых|ае|ага)?", r"вызвал(?:іл\w*|іў)", r"(?:пасля|пасьля) вызвален\w*", r"на вол[іюя]\b",
    r"памілава(?:ў|ла|лі|н\w*)", r"пакіну?(?:ў|ла|лі) калон\w*", r"выйш(?:аў|ла|лі) з (?:\w+ )?(?:калоні|турм)\w*", r"указ\w* аб памілаванні",
    r"вярну?(?:ўся|лася|ліся) (?:дадому|дамоў)",
    r"vyzvalen(?:y|a|aja|yja|ych)?", r"vyzval(?:il\w*|iŭ)", r"na vol[iu]\b", r"pamiłava(?:ŭ|ła|li|n\w*)", r"pakin(?:uŭ|uła|uli) kałon\w*",
    # Ukrainian
    r"звільнен(?:ий|а|о|і|их|ого|ому|им)?", r"звільнил\w*", r"звільнив", r"звільнять", r"указ\w* про помилування", r"помилува(?:в|ла|ли|н\w*)", r"вийш(?:ов|ла|ли) (?:на волю|з колоні\w*)",
    # Polish
    r"uwoln(?:iony|iona|ione|ieni|ił|iła|iło|ili|iono)\b", r"na wolno(?:ść|ści)", r"\bwoln(?:y|a|i)\b",
    r"ułaskawi(?:ony|ona|eni|ł|ła|li)\b", r"opuści(?:ł|ła|li) (?:więzienie|koloni|areszt|zakład)\w*",
    r"wyszedł na wolność", r"zwolnion\w*",
    # German
    r"freigelassen\w*", r"freigekommen", r"begnadigt", r"entlassen", r"\b(?:ist|sind|und|wieder) frei\b",
    r"lässt .{1,40}? frei\b", r"kommt frei",
]  # fmt: skip

_SENTENCE = [
    r"sentenced", r"sentences", r"convicted", r"convicts(?= (?:\w+ ){1,4}(?:of|for)\b)", r"found guilty", r"jail(?:s|ed) \w+(?: \w+)? for (?:\d+|\w+) (?:years?|months?)",
    r"jail(?:s|ed) for (?:\d+|\w+) (?:years?|months?)", r"gets? (?:\d+|\w+) (?:more )?(?:years?|months?)",
    r"(?:term|sentence) (?:was )?extended", r"extended (?:his|her|their) (?:term|sentence)",
    r"пригов(?:ор\b|орил\w*|ор[её]н\w*)", r"осужд(?:[её]н|[её]на|[её]ны)\b", r"осудил\w*",
    r"(?:дали|добавили|дадалі|далі|додали|призначили|назначили|получил\w*|атрымал\w*|отримал\w*) (?:ещё |яшчэ |ще )?(?:\d+|\w+) (?:\w+ )?(?:год|года|лет|гады|гадоў|гад|рік|роки|років|месяц\w*|месяц\w*|месяц|місяц\w*)", r"к сроку", r"да тэрміну", r"до терміну", r"продлили срок (?:заключения|наказания)",
    r"лишения свободы", r"(?:\d+|\w+) (?:годам|годах|лет|года|років|роки|рік|гадоў|гады) (?:колонии|заключения|лишения|колонії|ув'язнення|позбавлення|калоніі|зняволення|пазбаўлення)",
    r"прысуд\w*", r"асудз(?:іў|ілі|іла)\w*", r"асуджан\w*", r"павялічылі тэрмін", r"asudzi\w*", r"prysudzi\w*",
    r"засуд(?:или|ив|ила|жен\w*)", r"вирок\w*",
    r"skaza(?:ny|na|no|ni|ł|ła|li)\b", r"wyrok\w*",
    r"verurteilt\w*", r"zu \w+ jahren",
]  # fmt: skip

_DETENTION = [
    r"detained", r"detains?", r"arrested", r"searched", r"charged with", r"(?:faces?|new) charges",
    r"in custody", r"wanted list", r"taken into custody",
    r"задерж(?:ан\w*|али|ал|ала|ивают)\b", r"арестова\w*", r"обыск\w*", r"под страж\w*", r"в розыск",
    r"предъявил\w* обвинени\w*", r"обвиня\w*", r"обвинувач\w*",
    r"затрыма(?:лі|ны|ная|ныя|ў|ла|ць)\w*", r"арыштава\w*", r"вобшук\w*", r"пад варту", r"[уў] вышук",
    r"абвінавач\w*", r"zatrymal\w*", r"zatrymany\w*", r"aryštava\w*", r"vobšuk\w*",
    r"затрима(?:ли|ний|на|но|ння)\w*", r"заарешт\w*", r"обшук\w*", r"під варту", r"у розшук",
    r"zatrzyma(?:ny|na|no|ni|li|ł|ła)\b", r"aresztowa\w*", r"przeszuka\w*", r"rewizj\w*", r"list gończy",
    r"zarzut\w*",
    r"festgenommen", r"verhaftet", r"festnahme", r"durchsuch\w*", r"in haft genommen", r"angeklagt",
    r"zur fahndung",
]  # fmt: skip

# Words that turn a trigger into a wish, demand, expectation or denial.
_VOID = re.compile(
    r"\b(?:must|should|will|would|could|may|might|demand\w*|calls?|urg\w*|expect\w*|hop\w*|until|if|unless|"
    r"not|never|after all|want\w*|asks?|asked|seek\w*|"
    r"требу\w*|потребова\w*|призыва\w*|просил\w*|попросил\w*|может|могут|мог|могла|могли|должн\w*|ожида\w*|не|ни|"
    r"чтобы|если|пока|"
    r"патрабу\w*|заклікал\w*|закліка\w*|можа|могуць|павін\w*|чака\w*|калі|pavin\w*|patrabu\w*|moža\w*|nie|"
    r"вимага\w*|заклика\w*|може|можуть|повин\w*|очіку\w*|якщо|"
    r"żąda\w*|domaga\w*|apeluj\w*|wzywa\w*|mogą|musi\w*|powin\w*|oczekuj\w*|jeśli|"
    r"forder\w*|fordert|muss|müssen|soll\w*|könnt\w*|kann|können|erwart\w*|nicht|kein\w*|wenn|falls)\b"
)
_CLAUSE_START = re.compile(r"[.!?;:«»\"“”„()—–]|,\s")
_STRESS = re.compile(r"[\u0300-\u036f" + IGNORABLE + "]")


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")


_CATEGORIES = [
    (Event.RELEASE, _compile(_RELEASE)),
    (Event.SENTENCE, _compile(_SENTENCE)),
    (Event.DETENTION, _compile(_DETENTION)),
]


def normalise_for_events(text: str) -> str:
    """Lower-case plain text with markup, stress marks and invisible characters removed."""
    text = unicodedata.normalize("NFC", mask_markup(text))
    return _STRESS.sub("", text).lower().replace("’", "'")


def classify_event(text: str) -> Event:
    """The item's event label, by priority."""
    plain = normalise_for_events(text)
    for event, pattern in _CATEGORIES:
        for m in pattern.finditer(plain):
            if not _voided(plain, m.start()):
                return event
    return Event.OTHER


def _voided(plain: str, start: int) -> bool:
    window = plain[max(0, start - 60) : start]
    clause = _CLAUSE_START.split(window)[-1]
    words = clause.split()[-5:]
    return bool(_VOID.search(" ".join(words)))
