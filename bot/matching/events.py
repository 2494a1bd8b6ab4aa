"""What happened: release > sentence > detention > other (SPEC, "Event of an item" and "of a person").

Triggers are verb forms, participles, set phrases and nouns in Russian, Belarusian (Cyrillic
and Łacinka), Ukrainian, Polish, German and English. Each trigger says where its person
usually stands (``Trigger.looks``): a verb or a state looks back for its subject or its
fronted object ("Игоря Лосика освободили", "Znak is free again"); a noun looks ahead for the
person it governs ("the release of X", "освобождение X"); a German separable verb holds its
person inside ("ließen X frei"). A noun is a trigger only with a fact beside it (announced,
confirmed, welcomed, after): "uwolnienie X jest priorytetem" is a wish, not news.

A trigger is void when its clause turns it into a wish, demand, hope, refusal, petition,
condition, future or denial ("must be released", "требуют освобождения", "не вызвалілі",
"hofft freizukommen"); a sentence is void when a prosecutor only asked for it or a verdict
is still to come; a detention when the charges were dropped. A *stay* ("remains in a
colony", "остаётся в колонии", "bleibt in Haft") marks its person as still held: not a release.

``classify_event(text)`` is the item's label; ``bot.matching.scope`` decides each person's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.matching.text import IGNORABLE, mask_markup


class Event(StrEnum):
    RELEASE = "release"
    SENTENCE = "sentence"
    DETENTION = "detention"
    OTHER = "other"


PRIORITY = (Event.RELEASE, Event.SENTENCE, Event.DETENTION)
BACK, AHEAD, INSIDE = "back", "ahead", "inside"  # where a trigger's person stands
STAY = "stay"  # not an event: the marker of someone still held

_NUM = (
    r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"од(?:ин|на|ного|ному)|дв(?:а|е|ух|ум)|тр(?:и|ех|ёх|ем)|четыр\w*|чатыр\w*|чотир\w*|пят\w*|пяц\w*|п'ят\w*|"
    r"шест\w*|шасц\w*|шіст\w*|сем\w*|сям\w*|сім\w*|восем\w*|восьм\w*|вас[ье]м\w*|вісім\w*|девят\w*|дзевяц\w*|"
    r"дев'ят\w*|десят\w*|дзесяц\w*|\w+надцат\w*|\w+наццат\w*|\w+надцят\w*|двадцат\w*|дваццац\w*|"
    r"jeden|jedna|dwa|dwie|trzy|cztery|pięć|sześć|siedem|osiem|dziewięć|dziesięć|\w+naście|dwadzieścia|"
    r"ein\w*|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|\w+zehn|zwanzig)"
)
_YEARS = (
    r"(?:years?|months?|год(?:а|ам|у)?|лет|гад(?:оў|ы|а)?|рок(?:и|ів|у)?|рік|місяц\w*|месяц\w*|месяц\w*|"
    r"hadoŭ|hady|lat(?:a)?|miesi\w+|jahre?n?|monate?n?)"
)
_PRISON = (
    r"(?:колони\w*|колоні\w*|заключени\w*|лишени\w+ свободы|тюрьм\w*|калоні\w*|зняволен\w*|пазбаўлен\w+ волі|турм\w*|"
    r"ув'язнен\w*|позбавлен\w+ волі|в'язниц\w*|więzienia|kolonii|pozbawienia wolności|łagru|kałonii|"
    r"źniavoleńnia|pazbaŭleńnia|haft|gefängnis|straflager|lagerhaft|freiheitsentzug|in prison|in jail|"
    r"in (?:a )?(?:penal |high-security |strict-regime )?colony|behind bars)"
)


@dataclass(frozen=True, slots=True)
class Trigger:
    event: Event | str  # an Event, or STAY
    looks: str  # BACK, AHEAD or INSIDE
    pattern: str
    needs_fact: bool = False  # a noun: counts only with a fact beside it in its clause


def _t(event: Event | str, looks: str, *patterns: str, fact: bool = False) -> list[Trigger]:
    return [Trigger(event, looks, p, fact) for p in patterns]


R, S, D = Event.RELEASE, Event.SENTENCE, Event.DETENTION
TRIGGERS: list[Trigger] = [
    # -- release --------------------------------------------------------------------------------------
    *_t(R, BACK,
        # English
        r"released", r"freed", r"frees", r"pardons", r"pardoned", r"walk(?:s|ed)? free", r"(?:was|were) set free",
        r"(?:is|are|was|were|now|and|again)(?: \w+ly| now| again| already)? free\b(?!\s+(?:speech|press|media|elections?))",
        r"free again",
        r"returns? home", r"returned home", r"left (?:the )?(?:colony|prison|jail)", r"out of (?:prison|jail)",
        r"signs? (?:a )?pardon",
        # Russian
        r"освобожд[её]н(?:а|о|ы|н\w*)?", r"освободил\w*", r"на свобод[еуы]", r"помилова(?:л|ла|ли|н|на|ны|нн\w*)\b",
        r"покину?л\w* (?:\w+ )?(?:колони|тюрьм|сизо)\w*", r"(?:вы(?:шел|шла|шли)|освобожд\w+) из (?:\w+ )?(?:колони|тюрьм|сизо)\w*",
        r"из (?:\w+ )?(?:колонии|тюрьмы|сизо) вы(?:шел|шла|шли)", r"верну?л\w*(?:сь|ся)? домой", r"отпусти?л\w*",
        r"выпусти?л\w* (?:\w+ ){0,3}(?:из|на) (?:\w+ )?(?:колони|тюрьм|сизо|свобод|вол)\w*",
        # Belarusian (Cyrillic, both orthographies) and Łacinka
        r"вызвален(?:ы|а|ая|ыя|ых|ае|ага)?", r"вызвал(?:іл\w*|іў)", r"на вол[іюя]\b", r"на свабод[зуы]\w*",
        r"памілава(?:ў|ла|лі|н\w*)", r"пакіну?(?:ў|ла|лі) калон\w*", r"выйш(?:аў|ла|лі) з (?:\w+ )?(?:калоні|турм)\w*",
        r"вярну?(?:ўся|лася|ліся) (?:дадому|дамоў)",
        r"выпусці\w* (?:\w+ ){0,3}(?:з|на) (?:\w+ )?(?:калоні|турм|свабод|вол)\w*",
        r"vyzvalen(?:y|a|aja|yja|ych)?", r"vyzval(?:il\w*|iŭ)", r"na vol[iu]\b", r"na svabod\w*",
        r"pamiłava(?:ŭ|ła|li|n\w*)", r"pakin(?:uŭ|uła|uli) kałon\w*",
        # Ukrainian
        r"звільнен(?:ий|а|о|і|их|ого|ому|им)?", r"звільнил\w*", r"звільнив", r"помилува(?:в|ла|ли|н\w*)",
        r"вийш(?:ов|ла|ли) (?:на волю|на свободу|з колоні\w*)", r"на свобод[іу]\b", r"на вол[ію]\b",
        r"випусти?л\w* (?:\w+ ){0,3}(?:з|на) (?:\w+ )?(?:колоні|в'язниц|свобод|вол)\w*",
        # Polish
        r"uwoln(?:iony|iona|ione|ieni|ił|iła|iło|ili|iono)\b", r"na wolno(?:ść|ści)", r"\bwoln(?:y|a|i)\b",
        r"ułaskawi(?:ony|ona|eni|ł|ła|li)\b", r"ułaskawion\w*", r"opuści(?:ł|ła|li) (?:więzienie|koloni|areszt|zakład)\w*",
        r"wyszedł na wolność", r"zwolnion\w*", r"odzyska(?:ł|ła|li) wolność",
        r"wysz(?:edł|ła|li) z (?:\w+ )?(?:kolonii|więzienia|aresztu|łagru|zakładu)",
        # German
        r"freigelassen\w*", r"freigekommen", r"begnadigt\w*", r"entlassen", r"\b(?:ist|sind|und|wieder) frei\b",
        r"(?:wieder )?in freiheit", r"kommt frei", r"kam(?:en)? (?:\w+ ){0,4}frei\b",
    ),
    *_t(R, INSIDE, r"(?:lässt|ließ|ließen|lassen) .{1,60}? frei\b"),
    *_t(R, AHEAD,  # nouns and set phrases that name the person after them
        r"welcom\w* (?:the )?releases?", r"(?:after|since|following|upon) (?:his|her|their|the) release",
        r"(?:announc\w*|confirm\w*|report\w*|welcom\w*) (?:the )?(?:release|pardon(?:ing)?|freeing) of",
        r"указ\w* о помиловании", r"(?:после|сообщил\w* об|подтверд\w*) (?:\w+ )?освобождени\w*",
        r"(?:пасля|пасьля|паведамі\w* пра|пацвердз\w*) (?:\w+ )?вызвален\w*", r"указ\w* аб памілаванні",
        r"указ\w* про помилування", r"(?:після|повідоми\w* про|підтверди\w*) (?:\w+ )?звільнен\w*",
        r"(?:po|potwierdzi\w*|poinformowa\w* o|ogłosi\w*) (?:\w+ )?uwolnieni\w*",
        r"(?:nach (?:der|seiner|ihrer)|bestätig\w* die|begrüß\w* die|meldet\w* die) freilassung",
    ),
    *_t(R, AHEAD,
        r"освобождени\w*", r"помиловани\w*", r"вызваленн?\w*", r"памілаванн?\w*", r"звільнення", r"помилуванн\w*",
        r"uwolnieni\w*", r"ułaskawieni\w*", r"freilassung", r"begnadigung", r"release of", r"pardon(?: of)?",
        r"vyzvaleńn\w*",
        fact=True,
    ),
    # -- sentence ------------------------------------------------------------------------------------
    *_t(S, BACK,
        r"sentenced", r"sentences", r"convicted", r"convicts(?= (?:\w+ ){1,4}(?:of|for)\b)", r"found guilty",
        r"jail(?:s|ed) \w+(?: \w+)? for (?:\d+|\w+) (?:years?|months?)", r"jail(?:s|ed) for (?:\d+|\w+) (?:years?|months?)",
        rf"(?:gets?|got|handed|given|received|receives?) (?:a )?{_NUM}[- ](?:more )?(?:years?|months?)",
        r"(?:term|sentence) (?:was )?extended", r"extended (?:his|her|their) (?:term|sentence)",
        r"(?:sentence|verdict|conviction) (?:\w+ ){0,2}(?:upheld|confirmed)", r"upheld (?:his|her|their|the) (?:sentence|verdict)",
        r"пригов(?:ор\b|орил\w*|ор[её]н\w*)", r"осужд(?:[её]н|[её]на|[её]ны)\b", r"осудил\w*",
        rf"(?:дали|добавили|дадалі|далі|додали|призначи\w*|назначи\w*|прызначы\w*|получил\w*|атрымал\w*|отримал\w*|"
        rf"дастал\w*) "
        rf"(?:ещё |яшчэ |ще )?{_NUM} (?:\w+ )?{_YEARS}",
        r"к сроку", r"да тэрміну", r"до терміну", r"продлили срок (?:заключения|наказания)",
        rf"{_NUM} {_YEARS} (?:\w+ )?{_PRISON}", r"лишения свободы",
        r"прысуд\w*", r"асудз(?:іў|ілі|іла)\w*", r"асуджан\w*", r"павялічылі тэрмін", r"asudzi\w*", r"prysudzi\w*",
        rf"atrymal\w* {_NUM} {_YEARS}",
        r"засуд(?:или|ив|ила|жен\w*)", r"вирок\w*",
        r"skaza(?:ny|na|no|ni|ł|ła|li)\b", r"wyrok\w*", rf"dosta(?:ł|ła|li) {_NUM} {_YEARS}",
        r"verurteilt\w*", r"zu \w+ jahren", rf"(?:erhielt|erhält|bekam|bekommt) {_NUM} (?:jahre?n?|monate?n?)",
        r"urteil (?:\w+ ){0,3}bestätigt",
    ),
    # -- detention --------------------------------------------------------------------------------------
    *_t(D, BACK,
        r"detained", r"detains?", r"arrested", r"searched", r"charged with", r"(?:faces?|new) charges",
        r"in custody", r"wanted list", r"taken into custody", r"abduct\w*", r"kidnapp\w*",
        r"(?:criminal )?case (?:\w+ ){0,3}(?:opened|launched|initiated|brought) against",
        r"(?:opened|launched|initiated) a (?:criminal )?case",
        r"задерж(?:ан\w*|али|ал|ала|ивают)\b", r"арестова\w*", r"обыск\w*", r"под страж\w*", r"в розыск",
        r"предъявил\w* обвинени\w*", r"обвиня\w*", r"обвинувач\w*", r"похи(?:тили|щен\w*)",
        r"возбу(?:ждено|дили|дил\w*) (?:\w+ )?(?:уголовное )?дело", r"завели (?:\w+ )?(?:уголовное )?дело",
        r"затрыма(?:лі|ны|ная|ныя|ў|ла|ць)\w*", r"арыштава\w*", r"вобшук\w*", r"пад варту", r"[уў] вышук",
        r"абвінавач\w*", r"zatrymal\w*", r"zatrymany\w*", r"aryštava\w*", r"vobšuk\w*", r"выкрал\w*", r"выкрадзен\w*",
        r"(?:завял\w*|завед\w*|узбудзіл\w*|узбуджан\w*) (?:\w+ )?(?:крымінальн\w+ )?справ\w*",
        r"затрима(?:ли|ний|на|но|ння)\w*", r"заарешт\w*", r"обшук\w*", r"під варту", r"у розшук", r"викрал\w*",
        r"викраден\w*", r"(?:порушил\w*|порушен\w*|відкрил\w*) (?:\w+ )?(?:кримінальн\w+ )?(?:справ\w+|провадженн\w+)",
        r"zatrzyma(?:ny|na|no|ni|li|ł|ła)\b", r"aresztowa\w*", r"przeszuka\w*", r"rewizj\w*", r"list gończy",
        r"zarzut\w*", r"do aresztu", r"porwa(?:ny|na|li|ł)\w*",
        r"festgenommen", r"verhaftet", r"festnahme", r"durchsuch\w*", r"in haft genommen", r"angeklagt",
        r"zur fahndung", r"untersuchungshaft", r"u-haft", r"anklage (?:\w+ )?erhoben", r"entführt",
    ),
    *_t(D, INSIDE, r"(?:nahm|nahmen|nimmt|nehmen) .{1,60}? fest\b"),
    *_t(D, AHEAD, r"(?:after|since|following) (?:the |his |her )?(?:arrest|detention) of"),
    # -- still held: not a release ------------------------------------------------------------------------
    *_t(STAY, BACK,
        r"remains? (?:\w+ ){0,2}(?:in|behind) (?:a |the )?\w*", r"still (?:in|behind) (?:prison|jail|bars|custody|a colony)",
        r"is still (?:in prison|jailed|imprisoned|held|behind bars)",
        r"оста[её]тся (?:\w+ )?(?:в|за)\b", r"остаются (?:\w+ )?(?:в|за)\b", r"(?:по-прежнему|всё ещё|все еще) (?:в|за)\b",
        r"застаецца", r"застаюцца", r"(?:па-ранейшаму|дагэтуль) (?:у|ў|за)\b", r"zastajecca", r"zastajucca",
        r"залишається", r"залишаються", r"досі (?:у|в|за)\b",
        r"(?:nadal|wciąż) (?:przebywa|jest|pozostaje|siedzi)", r"pozostaje w", r"przebywa w (?:koloni|więzieni|areszcie)",
        r"bleib(?:t|en) (?:\w+ ){0,2}in haft", r"(?:noch immer|weiterhin) in haft",
    ),
]  # fmt: skip

# Words that make a trigger a wish, demand, expectation, condition, refusal or denial.
_VOID = re.compile(
    r"\b(?:must|should|will|would|could|may|might|demand\w*|calls?|called|urg\w*|expect\w*|hop(?:e|es|ed|ing)|until|if|unless|"
    r"not|never|without|after all|want\w*|asks?|asked|seek\w*|refus\w*|petition\w*|"
    r"требу\w*|потребова\w*|призыва\w*|просил\w*|попросил\w*|может|могут|мог|могла|могли|должн\w*|ожида\w*|не|ни|"
    r"чтобы|если|пока|надеет\w*|наде\w*|отказ\w*|прошени\w*|ходатайств\w*|"
    r"патрабу\w*|заклікал\w*|закліка\w*|можа|могуць|павін\w*|чака\w*|калі|спадзяе\w*|адмов\w*|прашэнн\w*|"
    r"pavin\w*|patrabu\w*|moža\w*|nie|"
    r"вимага\w*|заклика\w*|може|можуть|повин\w*|очіку\w*|якщо|сподіва\w*|відмов\w*|"
    r"żąda\w*|domaga\w*|apeluj\w*|wzywa\w*|może|mogą|mógł|mogła|musi\w*|powin\w*|oczekuj\w*|jeśli|nadziej\w*|"
    r"odmów\w*|prośb\w*|zostać|"
    r"forder\w*|fordert|muss|müssen|soll\w*|könnt\w*|kann|können|erwart\w*|nicht|kein\w*|wenn|falls|hofft\w*|"
    r"verweiger\w*|gnadengesuch\w*)\b"
)
# What voids a trigger of one kind wherever it stands in the clause.
_VOID_IN_CLAUSE = {
    Event.SENTENCE: re.compile(
        r"\b(?:prosecutor\w*|requested|sought|asked for|faces?|facing|грозит\w*|пагражае\w*|загрожує|grozi\w*|"
        r"droh(?:t|en)|прокурор\w*|запросил\w*|попросил\w*|пракурор\w*|запытал\w*|"
        r"запыта\w*|попрос\w*|prokurator\w*|zażąda\w*|staatsanwalt\w*|огласят|агалосяць|оголосять|будет оглаш\w*|"
        r"verkündet werden|zostanie ogłoszony|is expected|is due|will be announced|expected next|"
        r"soll \w+ (?:\w+ )*verkündet)\b"
    ),
    Event.DETENTION: re.compile(
        r"\b(?:dropped|сняли|снят\w*|знялі|зняли|знято|umorzon\w*|wycofan\w*|eingestellt|fallen gelassen)\b"
    ),
}
# Beside a noun trigger, what makes it a fact rather than a wish.
_FACT = re.compile(
    r"\b(?:announc\w*|confirm\w*|report\w*|welcom\w*|hail\w*|celebrat\w*|after|following|since|took place|"
    r"подтверд\w*|сообщ\w*|объяв\w*|приветств\w*|состоял\w*|после|пацвердз\w*|паведамі\w*|абвясці\w*|віта\w*|"
    r"адбыл\w*|пасля|пасьля|підтверд\w*|повідом\w*|оголоси\w*|привіта\w*|відбул\w*|після|"
    r"potwierdzi\w*|poinformowa\w*|ogłosi\w*|po|powita\w*|przyję\w*|z radością|z zadowoleniem|"
    r"bestätig\w*|meldet\w*|verkündet\b|begrüß\w*|nach)\b"
)
_STRESS = re.compile(r"[\u0300-\u036f" + IGNORABLE + "]")
_SLOW = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f" + IGNORABLE + "]")


def _compile(trigger: Trigger) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + trigger.pattern + r")(?!\w)")


COMPILED = [(t, _compile(t)) for t in TRIGGERS]
# Where any trigger starts: one scan instead of one per trigger (14x less time); each
# trigger is then tried only at those few places.
_ANY_START = re.compile(r"(?<!\w)(?=(?:" + "|".join(t.pattern for t in TRIGGERS) + r")(?!\w))")


@dataclass(frozen=True, slots=True)
class Found:
    """A trigger found in plain text, at ``start:end``."""

    trigger: Trigger
    start: int
    end: int


def normalise_for_events(text: str) -> str:
    """Lower-case plain text with markup, stress marks and invisible characters removed."""
    return normalise_with_offsets(text)[0]


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Like ``normalise_for_events``, with the offset in ``text`` of every character of the result."""
    masked = mask_markup(text)
    if not _SLOW.search(masked) and unicodedata.is_normalized("NFC", masked):  # most text: nothing to compose
        plain = masked.lower().replace("’", "'")
        if len(plain) == len(masked):
            return plain, list(range(len(masked)))
    out: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(masked):
        j = i + 1
        while j < len(masked) and unicodedata.combining(masked[j]):
            j += 1  # a letter with its combining marks: compose, then drop the stress marks left
        cluster = _STRESS.sub("", unicodedata.normalize("NFC", masked[i:j])).lower().replace("’", "'")
        out.append(cluster)
        where.extend([i] * len(cluster))
        i = j
    return "".join(out), where


def find_triggers(plain: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Every trigger in ``plain[start:end]`` (positions in ``plain``), voided ones left out."""
    end = len(plain) if end is None else end
    starts = [m.start() for m in _ANY_START.finditer(plain, start, end)]
    found: list[Found] = []
    for trigger, pattern in COMPILED:
        after = start  # as finditer would: a trigger's matches do not overlap
        for at in starts:
            m = pattern.match(plain, at, end) if at >= after else None
            if m is not None:
                after = m.end()
                if not voided(plain, trigger, m.start(), m.end()):
                    found.append(Found(trigger, m.start(), m.end()))
    return found


def voided(plain: str, trigger: Trigger, start: int, end: int) -> bool:
    """Does the trigger's clause make it a wish, a demand, a request, a refusal or a denial?"""
    before, after = clause_around(plain, start, end)
    words = before.split()[-5:]
    if trigger.event != STAY and _VOID.search(" ".join(words)):
        return True
    clause_void = _VOID_IN_CLAUSE.get(trigger.event) if isinstance(trigger.event, Event) else None
    if clause_void is not None and clause_void.search(before + " " + after):
        return True
    return trigger.needs_fact and not _FACT.search(before + " " + after)


_CLAUSE_START = re.compile(r"[.!?;:«»\"“”„()—–]|,\s")


def clause_around(plain: str, start: int, end: int) -> tuple[str, str]:
    """The words of the trigger's clause before it (at most 80 characters) and after it."""
    before = _CLAUSE_START.split(plain[max(0, start - 80) : start])[-1]
    after = _CLAUSE_START.split(plain[end : end + 80])[0]
    return before, after


def classify_event(text: str) -> Event:
    """The item's event label: the highest-priority trigger anywhere in it."""
    return label(find_triggers(normalise_for_events(text)))


def label(found: Iterable[Found]) -> Event:
    """The highest-priority event among triggers found."""
    events = {f.trigger.event for f in found}
    return next((event for event in PRIORITY if event in events), Event.OTHER)


@dataclass(frozen=True, slots=True)
class Reading:
    """A text read once for events: the plain text, offsets into the original, every trigger."""

    plain: str
    where: list[int]
    found: list[Found]

    @classmethod
    def of(cls, text: str) -> Reading:
        plain, where = normalise_with_offsets(text)
        return cls(plain, where, find_triggers(plain))

    def within(self, start: int, end: int) -> list[Found]:
        return [f for f in self.found if start <= f.start and f.end <= end]
