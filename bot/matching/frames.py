"""When event words do not assert an event: the frames that void a trigger. Pure.

A trigger is void when its clause makes it something other than a fact that happened:

- **negation** right before it ("не вызвалілі", тарашкевіца "ня вызвалілі", Łacinka "nia",
  "nie wyszedł", "never walked out", "nicht freigelassen");
- a **frame** earlier in its clause (back to the last comma, at most a dozen words): a demand or
  call ("calls for", "требуют", "патрабуюць", "domaga się", "fordert"), a hope or wish ("hopes",
  "хачу, каб", "liczyli, że", "hofft"), a petition or plea ("прашэньне", "просить о"), an offer
  ("предлагал"), an effort ("starania, by", "dafür einsetzen"), a purpose ("каб", "чтобы",
  "żeby", "damit"), a schedule or future ("is due to", "предстояло", "miał wyjść", "sollte"), a
  modal or counterfactual ("could", "hätte ... können", "мог бы"), a condition ("if", "калі")
  or a refusal ("refused", "адмовіўся");
- for a sentence, a prosecutor's request, a verdict still to come, or a duration of imprisonment
  rather than a penalty ("after five years behind bars", "nach fünf Jahren Haft"); for a
  detention, charges dropped;
- for a noun ("release of", "uwolnienie"), no fact beside it (announced, confirmed, after).

``blocker`` names the words that voided a trigger, for explanations.
"""

from __future__ import annotations

import re

from bot.matching.triggers import AHEAD, Event, Trigger

_NEGATION = re.compile(
    r"\b(?:не|ня|ни|nie|nia|ni|not|never|no longer|nicht|kein\w*|никогда|ніколі|ніколи|nigdy|niemals|"
    r"didn't|wasn't|weren't|hasn't|haven't|hadn't|isn't|aren't|won't)\b"
)
_FRAME = re.compile(
    r"\b(?:"
    # modal, future, schedule, counterfactual; the future of a perfective verb ("выйдет на свободу")
    r"выйдет|выйдут|выйдзе|выйдуць|вийде|вийдуть|wyjdzie|wyjdą|освободят|освободит|освободится|вызваляць|вызваліць|"
    r"звільнять|звільнить|uwolnią|wypuszczą|vyjdzie|vyjduć|"
    r"must|should|will|would|could|may|might|shall|due|scheduled|supposed|meant|set to|is to|are to|was to|were to|"
    r"может|могут|мог|могла|могли|должн\w*|будет|будут|предстоит|предстояло|бы|"
    r"можа|могуць|павін\w*|будзе|будуць|мае|меў|мела|мелі|мусі\w*|"
    r"pavin\w*|moža\w*|budzie|mieŭ|mieła|"
    r"може|можуть|повин\w*|буде|будуть|мав|мала|мали|має|мусить|"
    r"może|mogą|mógł|mogła|mogli|musi\w*|powin\w*|ma|mają|miał|miała|mieli|zostanie|zostaną|zostać|będzie|"
    r"muss|müssen|soll\w*|könnt\w*|kann|können|hätte\w*|wäre\w*|wird|werden|dürfte\w*|"
    r"\w+(?:łby|łaby|łoby|liby|łyby)|"
    # demand, call, plea, petition, offer, effort
    r"demand\w*|(?:calls?|called|calling) (?:for|on)|"
    r"urg\w*|ask\w*|seek\w*|push\w* for|press\w* for|campaign\w* for|fight\w* for|fought for|struggl\w* for|"
    r"борол\w*|борьб\w*|змага\w*|барацьб\w*|боров\w*|боротьб\w*|walczy\w*|walk\w* o|kämpf\w*|einsatz für|"
    r"petition\w*|appeal\w* for|offer\w*|efforts?|"
    r"требу\w*|потребова\w*|призыва\w*|призвал\w*|просил\w*|попросил\w*|проси\w*|просьб\w*|прошени\w*|"
    r"ходатайств\w*|настаива\w*|добива\w*|предлага\w*|предложил\w*|"
    r"патрабу\w*|запатрабава\w*|заклікал\w*|закліка\w*|прасі\w*|прашу|прашэнн\w*|прашэньн\w*|дабіва\w*|прапан\w*|"
    r"patrabu\w*|zaklika\w*|"
    r"вимага\w*|заклика\w*|закликал\w*|проси\w*|прохан\w*|клопотан\w*|домага\w*|пропон\w*|"
    r"żąda\w*|domaga\w*|apeluj\w*|zaapelowa\w*|wzywa\w*|wezwa\w*|prośb\w*|prosi\w*|stara\w*|starań|zabiega\w*|"
    r"forder\w*|fordert|appelliert\w*|bitte\w*|gnadengesuch\w*|einsetzen|angebot\w*|bemüh\w*|"
    # hope, wish, expectation, purpose, condition, refusal
    r"expect\w*|hop(?:e|es|ed|ing)|want\w*|wish\w*|so that|in order|until|if|unless|without|refus\w*|declin\w*|"
    r"ожида\w*|надеет\w*|наде\w*|рассчитыва\w*|хоч\w*|хотел\w*|хотят|чтобы|если|пока|отказ\w*|"
    r"чака\w*|спадзя\w*|спадзе\w*|разліч\w*|хач\w*|хоча\w*|каб|калі|адмов\w*|"
    r"kab|kali|chaču|spadzia\w*|"
    r"очіку\w*|сподіва\w*|надія|розрахову\w*|хоче\w*|хочу|щоб|якщо|відмов\w*|"
    r"oczekuj\w*|nadziej\w*|liczy\w*|licząc|chce\w*|chcą|żeby|aby|jeśli|jeżeli|gdyby|odmów\w*|odmawia\w*|"
    r"erwart\w*|hofft\w*|hoffen|wünsch\w*|damit|wenn|falls|verweiger\w*|"
    r"whether|ob|czy|чи|ли|ці|doubt\w*|сомнева\w*|сумнява\w*|sumniava\w*|сумніва\w*|wątpi\w*|bezweifel\w*|zweifel\w*|"
    r"remains?|stays?|оста[её]тся|остаются|остава\w*|застаецца|застаюцца|залишається|залишаються|bleibt|bleiben|"
    r"pozostaje|pozostają|"
    r"czeka\w*|ждут|жд[её]т|ждать|чекають|чекає|чакае|awaiting|wait\w* for|wartet\w*|"
    r"erst|voraussichtlich|demnächst|bald|dopiero|soon|не раньше|не раней|не раніше|лишь после|only after|"
    r"after all"
    r")\b"
)
_IN_CLAUSE = {
    Event.SENTENCE: re.compile(
        r"\b(?:prosecutor\w*|requested|sought|asked for|faces?|facing|грозит\w*|пагражае\w*|загрожує|grozi\w*|"
        r"droh(?:t|en)|прокурор\w*|запросил\w*|запрашива\w*|попросил\w*|пракурор\w*|запытал\w*|гособвинени\w*|"
        r"дзяржаўн\w+ абвінаваўц\w*|запыта\w*|попрос\w*|prokurator\w*|zażąda\w*|staatsanwalt\w*|огласят|агалосяць|"
        r"оголосять|будет оглаш\w*|verkündet werden|zostanie ogłoszony|is expected|is due|will be announced|"
        r"expected next|soll \w+ (?:\w+ )*verkündet|дату|date|termin|erwartet|ожидается|чакаецца|очікується|"
        r"spodziewan\w*)\b"
    ),
    Event.DETENTION: re.compile(
        r"\b(?:dropped|сняли|снят\w*|знялі|зняли|знято|umorzon\w*|wycofan\w*|eingestellt|fallen gelassen)\b"
    ),
}
# Before a sentence word, what makes "N years" a time served, not a penalty ("after five years behind bars").
_SERVED = re.compile(
    r"\b(?:after|nach|после|пасля|пасьля|після|spent|served|serving|провел\w*|провёл\w*|правёў|правяла|правя\w*|"
    r"провів|провела|отбыв\w*|отбыл\w*|адбы\w*|відбув\w*|відбуває|odsiedzia\w*|odsiaduje|spędzi\w*|absitzt|"
    r"verbüßt|über|more than|almost|nearly|більше|больше|больш|ponad|prawie|почти|амаль|майже)\b"
)
# Beside a noun trigger, what makes it a fact rather than a wish.
_FACT = re.compile(
    r"\b(?:announc\w*|confirm\w*|report\w*|welcom\w*|hail\w*|celebrat\w*|took place|"
    r"подтверд\w*|сообщ\w*|объяв\w*|приветств\w*|состоял\w*|пацвердз\w*|паведамі\w*|абвясці\w*|віта\w*|"
    r"адбыл\w*|підтверд\w*|повідом\w*|оголоси\w*|привіта\w*|відбул\w*|подписал\w*|падпісаў\w*|"
    r"підписав\w*|podpisa\w*|unterzeichne\w*|signed|назвал\w*|назваў|назвав|своё|сваё|своє|his|her|their|"
    r"potwierdzi\w*|poinformowa\w*|ogłosi\w*|powita\w*|przyję\w*|z radością|z zadowoleniem|"
    r"bestätig\w*|meldet\w*|verkündet\b|begrüß\w*|erfolgt\w*)\b"
)
_INSIDE_PRISON = re.compile(
    r"(?:\s+\w+){0,6}?\s+(?:(?:to|under|into) house arrest|под домашн\w+ арест|пад хатн\w+ арышт|під домашн\w+ арешт|"
    r"do aresztu domowego|in den hausarrest|unter hausarrest)"
    r"|\s+(?:from|из|з|са|z|ze|aus|out of)\s+(?:\w+\s+){0,2}(?:hospital|шизо|пкт|карцер\w*|solitary|punishment|"
    r"больниц\w*|бальніц\w*|лікарн\w*|szpital\w*|krankenhaus|isolation|одиночк\w*|штрафн\w*|šizo|izolatki|karcer\w*|"
    r"ізалятар\w* (?:\w+ )?калоні\w*)"
)
# "zwolniony z pracy", "звільнили з посади", "освобождён от должности", "aus dem Dienst entlassen": a job, not a cell
_DISMISSED = re.compile(
    r"(?:\s+\w+){0,3}?\s+(?:z|ze|from|от|ад|з|зь|od|aus|of)\s+(?:\w+\s+)?(?:посад|роботи|работы|працы|пасад|должност|"
    r"обязанност|абавязк|обов'язк|служб|obowiązk|opłat|podatk|pracy|stanowisk|funkcj|posad|uczeln|redakcj|duties|post\b|position|job|"
    r"dienst|amt\b|arbeit|stelle|posten|займан|занимаем)"
)
_FIRED = re.compile(
    r"\b(?:fristlos|aus dem (?:dienst|amt|krankenhaus|spital)|z pracy|з роботи|з працы|с работы|"
    r"(?:лист|письм|ліст|пісьм|записк|запіск|letter|list)\w*(?:\s+\S+)?)\s+(?:\w+\s+)?$"
)  # before the word: a job, a hospital, or a letter "на волю" (to the outside)
# "выход на свободу", "wyjście na wolność": a noun, said only with a fact beside it (its own trigger)
_GOING_OUT = re.compile(r"\b(?:выход\w*|выхад\w*|вихід|виход\w*|wyjści\w*|wyjść|vychad\w*)\s+$")
_NOT_YET = re.compile(
    r"\s+(?:(?:яшчэ|ещё|еще|ще|jeszcze|noch|пока|пакуль|поки) )?(?:няма|нет|немає|nie ma|не было|nie było|kein\w*|"
    r"не вынес\w*|не вынесен\w*|не ўнесен\w*|не винесен\w*|not yet|noch nicht|jeszcze nie)\b"
)
_FROM = re.compile(r"\s+(?:from|з|зь|із|зі|z|ze|от|ад|aus|od|из|с)\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)")
_CUSTODY = re.compile(  # where one is held: from there a release is a release
    r"учреждени|установ|zakład|колони|тюрьм|сизо|изолятор|заключени|калоні|турм|сізо|ізалятар|зняволен|колоні|"
    r"в'язниц|ізолятор|ув'язнен|kałon|turm|siza|izalatar|akreścin|акрэсцін|акрестин|więzieni|koloni|areszt|łagr|"
    r"custody|prison|jail|colony|detention|captivity|penal|camp|lager|haft|gefängnis|полон|плен|палон|niewol|"
    r"izal|ізаляц|изоляц|izolac|isolation|центр|цэнтр|centr|zentrum|"
    r"варт|стражи|крат|krat|решёт|ґрат|ивс|іізв|цип|рувд|ровд|раўс|руус|рувс|акрест|окрестин|жодино|жодзін|"
    r"полиции|міліцыі|міліції|полиции|police|polizei|policj|комісаріат|komisariat|отдел|аддзел|відділ|"
    r"кгб|кдб|kgb|belarus|беларус|білорус|białoru|weißrussland|лукашен"
)
_STILL = re.compile(
    r"(?:\w+ )?(?:remains?|stays?|оста[её]тся|остаются|застаецца|застаюцца|залишається|залишаються|bleibt|bleiben|"
    r"pozostaje|pozostają)\b"
)
_AT_REQUEST = re.compile(
    r"\b(?:по просьбе|на просьбу|па просьбе|на просьбу|на прохання|на запит|na prośbę|at (?:the |\w+'s )?request|"
    r"auf (?:bitte|wunsch|drängen)|на запрос|after (?:\w+ ){0,3}demands?|pod naciskiem|auf druck)\b"
)
_THAT = re.compile(r"\s*(?:that|что|чтобы|што|каб|що|щоб|że|żeby|aby|dass|damit|kab|što)\b")
_WITHIN = re.compile(r"\b(?:erst|bald|demnächst|voraussichtlich|soll\w*|wird|werden|könnte\w*|dürfte\w*)\b")
_PURPOSE = re.compile(r"\s*by\b")  # Polish "…, by wyszedł": a purpose after its comma
_CLAUSE_START = re.compile(r"[.!?;:«»\"“”„()—–]|,\s")
_SOFT_START = re.compile(r"[.!?;«»\"“”„()]|,\s")  # a frame reaches over a colon or a dash, not a comma


def _elsewhere(plain: str, end: int) -> re.Match[str] | None:
    """Released "from" somewhere that is not a place of custody ("звільнили з театру", "освобождён от должности")."""
    m = _FROM.match(plain, end)
    if m is None or _CUSTODY.search(m.group(1)):
        return None
    return m


def clause_around(plain: str, start: int, end: int) -> tuple[str, str]:
    """The words of the trigger's clause before it (at most 80 characters) and after it."""
    before = _CLAUSE_START.split(plain[max(0, start - 80) : start])[-1]
    after = _CLAUSE_START.split(plain[end : end + 80])[0]
    return before, after


def blocker(plain: str, trigger: Trigger, start: int, end: int) -> str:
    """The words that make the trigger something other than a fact ("" when it stands)."""
    if trigger.event == "stay":
        return ""
    before, after = clause_around(plain, start, end)
    near = " ".join(before.split()[-4:])
    m = (
        _NEGATION.search(near)
        or _NEGATION.search(plain, start, end)
        or _WITHIN.search(plain, start, end)
        or (trigger.looks != AHEAD and _GOING_OUT.search(plain, max(0, start - 20), start))
    )
    # "kam … nicht frei", "kommt erst 2031 frei": inside a German separable verb
    if m:
        return m.group()
    m = _NOT_YET.match(plain, end)  # "прысуду яшчэ няма", "the verdict is not yet in"
    if m:
        return m.group().strip()
    if trigger.event is Event.RELEASE:
        m = (
            _STILL.search(" ".join(after.split()[:7]))
            or _INSIDE_PRISON.match(plain, end)
            or _DISMISSED.match(plain, end)
            or _elsewhere(plain, end)
            or _FIRED.search(plain, max(0, start - 30), start)
        )
        if m:  # "на свободе остаётся только X": never jailed; "released from the punishment cell": still jailed
            return m.group().strip()
    chunks = _SOFT_START.split(plain[max(0, start - 200) : start])
    reach = chunks[-1]
    if _THAT.match(reach) and len(chunks) > 1:
        reach = chunks[-2] + " " + reach  # "liczy, że wyjdzie": the frame governs the clause after its comma
    reach = " ".join(reach.split()[-16:])
    reach = _AT_REQUEST.sub(" ", reach)  # "по просьбе Папы помиловал": granted, not asked
    m = _FRAME.search(reach) or _PURPOSE.match(reach)
    if m:
        return m.group().strip()
    if trigger.event is Event.SENTENCE:
        m = _SERVED.search(" ".join(before.split()[-3:]))
        if m:
            return m.group()
    clause_void = _IN_CLAUSE.get(trigger.event) if isinstance(trigger.event, Event) else None
    if clause_void is not None:
        m = clause_void.search(before + " " + after)
        if m:
            return m.group()
    if trigger.needs_fact and not _FACT.search(f"{before} {plain[start:end]} {after}"):
        return "no fact beside it"
    return ""
