"""The words that say what happened: trigger patterns per language, and what each one is.

Triggers are verb forms, participles, set phrases and nouns in Russian, Belarusian (Cyrillic
in both orthographies, and Łacinka), Ukrainian, Polish, German and English, written as stems
over lower-cased plain text (``bot.matching.events`` normalises it). Each says where its person
usually stands (``Trigger.looks``): a verb or a state looks back for its subject or a fronted
object, and on to an object after it ("Игоря Лосика освободили", "the colony released X"); a
noun or an attributive participle looks ahead for the people it governs ("the release of X",
"среди вышедших на свободу — X"); a German separable verb holds its person inside ("ließen X
frei"). A noun is a trigger only with a fact beside it (``needs_fact``): "uwolnienie X jest
priorytetem" is a wish, not news.

A *stay* ("remains in a colony", "отбывает срок", "bleibt in Haft") is not an event: it marks
its person as still held, which rules a release out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Event(StrEnum):
    RELEASE = "release"
    SENTENCE = "sentence"
    DETENTION = "detention"
    OTHER = "other"


PRIORITY = (Event.RELEASE, Event.SENTENCE, Event.DETENTION)  # the highest first
BACK, AHEAD, INSIDE = "back", "ahead", "inside"  # where a trigger's person stands
STAY = "stay"  # not an event: the marker of someone still held


@dataclass(frozen=True, slots=True)
class Trigger:
    event: Event | str  # an Event, or STAY
    looks: str  # BACK, AHEAD or INSIDE
    pattern: str
    needs_fact: bool = False  # a noun: counts only with a fact beside it in its clause


def _t(event: Event | str, looks: str, *patterns: str, fact: bool = False) -> list[Trigger]:
    return [Trigger(event, looks, p, fact) for p in patterns]


NUM = (
    r"(?:\d+(?:[.,]\d+)?(?: ?1/2| ½)?|\d+ 1/2|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|twenty|a half|"
    r"од(?:ин|на|ного|ному|ну)|дв(?:а|е|ух|ум|ое|ума)|тр(?:и|ех|ёх|ем|ое)|четыр\w*|чатыр\w*|чотир\w*|пят\w*|пяц\w*|"
    r"п'ят\w*|шест\w*|шасц\w*|шіст\w*|сем\w*|сям\w*|сім\w*|восем\w*|восьм\w*|вас[ье]м\w*|вісім\w*|девят\w*|"
    r"дзевяц\w*|дев'ят\w*|десят\w*|дзесяц\w*|двадцат\w*|дваццац\w*|"
    r"(?:один|две|три|четыр|пят|шест|сем|восем|девят)надцат\w*|"
    r"(?:адзін|два|тры|чатыр|пят|шас|сям|васям|дзевят)наццац\w*|"
    r"(?:один|два|три|чотир|п'ят|шіст|сім|вісім|дев'ят)надцят\w*|"
    r"полтор\w*|полутор\w*|паўтар\w*|півтор\w*|półtor\w*|adzin|dva|try|čatyry|piać|šeść|siem|dziesiać|"
    r"jeden|jedna|jednego|dwa|dwie|dwóch|trzy|trzech|cztery|czterech|pięć|pięciu|sześć|sześciu|siedem|siedmiu|"
    r"osiem|ośmiu|dziewięć|dziewięciu|dziesięć|dziesięciu|dwadzieścia|"
    r"(?:jedena|dwana|trzyna|czterna|piętna|szesna|siedemna|osiemna|dziewiętna)(?:ście|stu)|"
    r"ein\w*|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|(?:drei|vier|fünf|sech|sieb|acht|neun)zehn|"
    r"zwanzig)"
)
TERM = (  # the units of a sentence, arrest included
    r"(?:years?|months?|days?|год(?:а|ам|у)?|лет|гад(?:оў|ы|а)?|рок(?:и|ів|у)?|рік|місяц\w*|месяц\w*|мес[ея]ц\w*|"
    r"сут(?:ок|ки|кам|ак|камі|ками)|дзён|дн(?:ей|ів|і)|hadoŭ|hady|hoda|sutak|sutkami|lat(?:a)?|roku|miesi\w+|"
    r"dni|dób|dniami|dobami|jahre?n?|monate?n?|tage?n?|діб|доби|днів|дні|сутак|суткі)"
)
PRISON = (
    r"(?:колони\w*|колоні\w*|заключени\w*|лишени\w+ свободы|ограничени\w+ свободы|тюрьм\w*|калоні\w*|зняволен\w*|"
    r"зьняволен\w*|пазбаўлен\w+ волі|абмежаван\w+ волі|турм\w*|ув'язнен\w*|позбавлен\w+ волі|обмежен\w+ волі|"
    r"в'язниц\w*|арест\w*|арышт\w*|арешт\w*|aresztu|więzienia|kolonii|łagru|pozbawienia wolności|"
    r"ograniczenia wolności|kałonii|aryštu|źniavoleńnia|pazbaŭleńnia|abmiežavańnia|haft|gefängnis|straflager|"
    r"lagerhaft|arbeitslager|freiheitsentzug|in prison|in jail|of (?:administrative )?arrest|"
    r"in (?:a )?(?:penal |high-security |strict-regime )?colony|behind bars)"
)
_GAVE = (  # giving or receiving a term
    r"(?:дали|дал|дала|добавили|дадалі|далі(?! (?:\w+ )?(?:відбува|перебува|утримува|сиді))|"
    r"додали|дав|назначи\w*|призначи\w*|прызначы\w*|присуди\w*|"
    r"получил\w*|атрымал\w*|атрымаў|отримал\w*|отримав|дастал\w*|даў|atrymaŭ|atrymała|atrymali|dali|"
    r"dosta(?:ł|ła|li)|otrzyma(?:ł|ła|li)|usłysza(?:ł|ła|li)|wymierzy\w*|"
    r"got|gets|get|received|receives|given|handed|gave|hands|jailed for|sent down for|"
    r"erhielt\w*|erhält|bekam\w*|bekommt|verhängt\w*)"
)
# The words between "got" and its term, never a duration ("получил письмо впервые за два года")
_SKIP = r"(?:(?!за |for |over |in |within |впервые |через |праз |after |nach |po |przez |seit |since )\w+ )"
_HALF = r"(?: з паловай| с половиной| з половиною| з половиной| i pół| and a half| einhalb)?"
_OUT = (  # places one is let out of
    r"(?:учреждени\w*|установ\w*|zakład\w*|колони\w*|тюрьм\w*|сизо|изолятор\w*|заключени\w*|калоні\w*|турм\w*|сізо|ізалятар\w*|зняволен\w*|"
    r"колоні\w*|в'язниц\w*|ізолятор\w*|kałon\w*|turm\w*|siza|izalatar\w*|akreścin\w*|акрэсцін\w*|акрестин\w*|"
    r"więzieni\w*|koloni\w*|aresztu|areszt|łagru|zakładu|rāuс|раўс|рувд|рувс|рууc|custody|prison|jail|colony|"
    r"за крат\w*|з-за крат\w*|z-za krat\w*|zza krat|из-за решётки|з-під варти|из-под стражи|з-пад варты)"
)

# "выпусціла кнігу", "випустили альбом": a book, not a person
_NOT_MEDIA = (
    r"(?! (?:\w+ )?(?:кніг|альбом|зборнік|фільм|кліп|песн|часопіс|нумар|газет|книг|збірк|пісн|журнал|диск|"
    r"knih|zbornik|albom|fiĺm|kli|заяв|зварот|відэа|обращени|видео|ролик|звернен|відео)\w*)"
)

_NOT_MEDIA_EN = (  # "released a statement": words, not a person
    r"(?! (?:\w+ ){0,3}(?:statements?|videos?|album|books?|songs?|reports?|films?|letters?|photos?|names|list|footage|"
    r"recordings?|documentary|data|details|information|figures|a new)\b)"
)

_NOT_MEDIA_PL = r"(?! (?:\w+ )?(?:książk|płyt|album|film|teledysk|singl|oświadczen|komunikat|raport)\w*)"

R, S, D = Event.RELEASE, Event.SENTENCE, Event.DETENTION
TRIGGERS: list[Trigger] = [
    # -- release --------------------------------------------------------------------------------------
    *_t(R, BACK,
        # English
        r"released" + _NOT_MEDIA_EN, r"freed", r"frees", r"pardons", r"pardoned", r"walk(?:s|ed)? free",
        r"walk(?:s|ed)? out(?! of (?:the )?(?:court|hearing|meeting|talks|studio|interview))",
        r"(?:was|were) set free",
        r"(?:is|are|was|were|now|and|again)(?: \w+ly| now| again| already)? free\b"
        r"(?!\s+(?:speech|press|media|elections?|to|of|from|trade|belarus))",
        r"free again", r"let (?:\w+ ){0,3}go\b(?! of)",
        r"let (?:\w+ ){0,3}out(?: of (?:prison|jail|custody|the colony))?",
        r"regained (?:his|her|their) (?:freedom|liberty)", r"(?:got|won) (?:his|her|their) freedom",
        r"returns? home", r"returned home", r"(?:is|are|was|were) back home",
        r"left (?:the )?(?:colony|prison|jail)", r"out of (?:prison|jail)",
        r"(?:among|one of) (?:the |those )?(?:\w+ ){0,2}(?:freed|released|pardoned|let go)",
        r"signs? (?:a )?pardon",
        # amnesty, reflexive "got free", handed over abroad, reunited: every language
        r"amnestied", r"амнистирова(?:н\w*|ли)", r"амністыява(?:н\w*|лі)", r"амністова(?:н\w*|ли)",
        r"amnestionowan\w*", r"amnestiert\w*", r"(?:granted|receives?|received) (?:\w+ )?(?:clemency|amnesty)",
        r"освободил(?:ся|ась|ись)", r"звільни(?:вся|лася|лися)", r"вызваліў?(?:ся|лася|ліся)",
        r"(?:handed over|transferred) to (?:lithuania|ukraine|poland)", r"reunited with (?:his|her|their) famil\w+",
        r"передан\w* (?:\w+ ){0,2}(?:литв|украин|польш)\w*", r"перададзен\w* (?:\w+ ){0,2}(?:літв|украін|польшч)\w*",
        r"передан\w* (?:\w+ ){0,2}(?:литв|україн|польщ)\w*", r"przekazan\w* (?:\w+ ){0,2}(?:litw|ukrain|polsc)\w*",
        r"(?:an )?(?:litauen|die ukraine|polen) übergeben",
        r"(?:решил\w*|вырашы\w*|вирішив\w*|вирішила|postanowi\w*|beschloss\w*|decided) (?:\w+ )?"
        r"(?:помиловать|освободить|памілаваць|вызваліць|помилувати|звільнити|ułaskawić|uwolnić|zu begnadigen|"
        r"freizulassen|to pardon|to free|to release)",
        r"granted (?:a )?pardon",
        r"among (?:those|the \w+) (?:freed|released|pardoned|let go)",
        # Russian
        r"освобожд[её]н(?:а|о|ы|н\w*)?", r"освободил\w*", r"освобождают",
        r"(?<!право )(?<!права )на свобод[еуы](?! (?:слова|собраний|совести|передвижения|выражения))", r"на вол[юе]",
        r"помилова(?:л|ла|ли|н|на|ны|нн\w*)\b", r"отпусти?л\w*", r"отпущен\w*",
        r"покину?л\w* (?:\w+ ){0,2}" + _OUT, r"(?:вы(?:шел|шла|шли)|освобожд\w+) из (?:\w+ ){0,2}" + _OUT,
        r"из (?:\w+ ){0,2}(?:колонии|тюрьмы|сизо) вы(?:шел|шла|шли)", r"верну?л\w*(?:сь|ся)? домой",
        r"выпусти?л\w* (?:\w+ ){0,6}(?:из|на) (?:\w+ )?(?:колони|тюрьм|сизо|свобод|вол|изолятор)\w*",
        r"(?:из|с) (?:\w+ ){0,3}" + _OUT + r" выпусти?л\w*", r"выпущен\w*" + _NOT_MEDIA,
        r"выпусти(?:ли|л|ла)" + _NOT_MEDIA, r"(?:agreed|decided|moved) to free",
        r"подписал\w* (?:\w+ )?помиловани\w*",
        # Belarusian (Cyrillic, both orthographies) and Łacinka
        r"вызвален(?:ы|а|ая|ыя|ых|ае|ага|ую|ыя)?", r"вызвал(?:іл\w*|іў)", r"на вол[іюя]\b",
        r"(?<!права )на свабод[зуы]\w*(?! (?:слова|сходаў|сумлення))",
        r"памілава(?:ў|ла|лі|н\w*)", r"пакіну?(?:ў|ла|лі) (?:\w+ ){0,2}" + _OUT, r"адпус[ьц]?ц(?:ілі|іў|іла)\w*",
        r"адпушчан\w*", r"выйш(?:аў|ла|лі) з (?:\w+ ){0,2}" + _OUT, r"вярну?(?:ўся|лася|ліся) (?:дадому|дамоў)",
        r"выпус(?:ці|ьці)(?:лі|ў|ла|ўшы)" + _NOT_MEDIA, r"выпушчан\w*",
        r"vyzvalen(?:y|a|aja|yja|ych|uju)?", r"vyzval(?:il\w*|iŭ)", r"na vol[iu]\b", r"na svabod\w*",
        r"pamiłava(?:ŭ|ła|li|n\w*)", r"pakin(?:uŭ|uła|uli) (?:\w+ ){0,2}" + _OUT,
        r"vypu(?:śc|sc|šc)(?:ili|iŭ|iła)" + _NOT_MEDIA,
        r"adpu(?:śc|sc|šc)(?:ili|iŭ|iła)", r"vyjš(?:aŭ|ła|li) (?:z|ź) (?:\w+ ){0,2}" + _OUT,
        # Ukrainian
        r"звільнен(?:ий|а|о|і|их|ого|ому|им|у)?", r"звільнил\w*", r"звільнив", r"помилува(?:в|ла|ли|н\w*)",
        r"вийш(?:ов|ла|ли) (?:на волю|на свободу|з (?:\w+ ){0,2}" + _OUT + ")",
        r"(?<!право )(?<!права )на свобод[іу]\b(?! (?:слова|зібрань|совісті|пересування))", r"на вол[ію]\b",
        r"поверну(?:вся|лася|лися) додому", r"wróci(?:ł|ła|li) do domu",
        r"випусти?л\w*" + _NOT_MEDIA, r"випустив", r"випущен\w*" + _NOT_MEDIA, r"відпусти?л\w*", r"відпустив",
        r"відпущен\w*",
        # Polish
        r"uwoln(?:iony|iona|ione|ieni|ił|iła|iło|ili|iono|ionych)\b", r"na wolno(?:ść|ści)",
        r"(?:jest|są|był|była|byli|już|znów|znowu|wreszcie) woln(?:y|a|i)\b", r"woln(?:y|a|i)(?=\s*(?:[!.,:;—–]|$))",
        r"ułaskawi(?:ony|ona|eni|ł|ła|li)\b", r"ułaskawion\w*", r"opuści(?:ł|ła|li) (?:\w+ ){0,2}" + _OUT,
        r"wyszedł na wolność", r"zwolnion\w*", r"zwolni(?:ł|ła|li|ono)\b", r"odzyska(?:ł|ła|li) wolność",
        r"wysz(?:edł|ła|li) z (?:\w+ ){0,2}" + _OUT,
        r"wypu(?:ścił|ściła|ścili|szczon\w*|szczono|szczeni|szczeń)" + _NOT_MEDIA_PL,
        # German
        r"freigelassen\w*", r"freigekommen", r"freikam(?:en)?", r"begnadigt\w*", r"entlassen",
        r"\b(?:ist|sind|war|waren|und|wieder) (?:\w+ ){0,3}frei\b(?! erfunden| gewählt| zugänglich| verfügbar)",
        r"frei (?:ist|sind|war|waren)\b",
        r"(?:wieder )?in freiheit", r"kommt frei", r"kam(?:en)? (?:\w+ ){0,8}frei\b", r"auf freie[nm] fuß",
        r"(?:brachte|bringt|schenkte|gab)\w* (?:\w+ ){0,4}die freiheit",
    ),
    *_t(R, INSIDE, r"(?:lässt|ließ|ließen|lassen) .{1,60}? frei\b", r"(?:kommt|kam|kamen) .{1,160}? frei\b",
        r"(?:brachte|bringt|schenkte|gab)\w* .{1,120}? die freiheit", r"let .{1,60}? go\b(?! of)"),
    *_t(R, AHEAD,  # nouns, attributive participles and set phrases that name the people after them
        r"welcom\w* (?:the )?releases?", r"(?:after|since|following|upon) (?:his|her|their|the) release",
        r"(?:announc\w*|confirm\w*|report\w*|welcom\w*) (?:the )?(?:release|pardon(?:ing)?|freeing) of",
        r"(?:those|people|prisoners|detainees) (?:\w+ ){0,2}(?:freed|released|pardoned|let go)",
        r"указ\w* о помиловании", r"(?:после|сообщил\w* об|подтверд\w*) (?:\w+ )?освобождени\w*",
        r"(?:среди|в числе) (?:\w+ ){0,3}(?:вышедш\w+ на свобод\w|освобожд[её]нн\w+|помилованн\w+|отпущенн\w+)",
        r"из (?:\w+ ){0,3}(?:освобожд[её]нных|помилованных|отпущенных)",
        r"(?:пасля|пасьля|паведамі\w* пра|пацвердз\w*) (?:\w+ )?вызвален\w*", r"указ\w* аб памілаванні",
        r"(?:сярод|у ліку) (?:\w+ ){0,3}(?:вызвален\w+|памілаван\w+|вышаўш\w+ на волю)",
        r"з (?:\w+ ){0,3}(?:вызваленых|памілаваных)",
        r"указ\w* про помилування", r"(?:після|повідоми\w* про|підтверди\w*) (?:\w+ )?звільнен\w*",
        r"(?:серед|у числі) (?:\w+ ){0,3}(?:звільнен\w+|помилуван\w+|випущен\w+)",
        r"з (?:\w+ ){0,3}(?:звільнених|помилуваних|випущених)",
        r"(?:po|potwierdzi\w*|poinformowa\w* o|ogłosi\w*) (?:\w+ )?uwolnieni\w*",
        r"(?:wśród|w gronie) (?:\w+ ){0,3}(?:uwolnion\w+|ułaskawion\w+|zwolnion\w+|wypuszczon\w+)",
        r"(?:nach (?:der|seiner|ihrer)|bestätig\w* die|begrüß\w* die|meldet\w* die) freilassung",
        r"(?:unter|zu) den (?:\w+ )?(?:freigelassenen|begnadigten|entlassenen)",
    ),
    *_t(R, AHEAD,
        r"освобождени\w*", r"помиловани\w*", r"вызваленн?\w*", r"вызваленьн\w*", r"памілаванн?\w*", r"памілаваньн\w*",
        r"звільнення", r"помилуванн\w*", r"uwolnieni\w*", r"ułaskawieni\w*", r"freilassung", r"begnadigung",
        r"release of", r"(?:his|her|their) release", r"pardon(?: of)?", r"vyzvaleńn\w*", r"pamiłavańn\w*",
        r"выход\w* на свобод\w*", r"выхад\w* на (?:волю|свабоду)", r"(?:вихід|виходу|виходом) на (?:волю|свободу)",
        r"wyjści\w* na wolność",
        fact=True,
    ),
    # -- sentence ------------------------------------------------------------------------------------
    *_t(S, BACK,
        r"sentenced", r"sentences", r"convicted", r"convicts(?= (?:\w+ ){1,4}(?:of|for)\b)", r"found guilty",
        r"found (?:\w+ ){1,8}guilty", r"jail(?:s|ed) \w+(?: \w+)? for (?:\d+|\w+) (?:years?|months?)",
        rf"{_GAVE} {_SKIP}{{0,8}}?(?:a |another |(?:a )?further |(?:a )?total of )?{NUM}"
        rf"(?:[- ](?:and a half|more|further))?[- ](?:more )?{TERM}",
        rf"{_GAVE} {_SKIP}{{0,6}}?(?:a |an )?{NUM}[- ]{TERM}[- ](?:terms?|sentences?)",
        rf"(?:jailed for|was given|were given|got|received|handed) {NUM}\b", rf"(?:added|adds) (?:\w+ ){{0,2}}{TERM}",
        r"(?:term|sentence) (?:was )?extended", r"extended (?:his|her|their) (?:term|sentence)",
        r"(?:sentence|verdict|conviction|term) (?:\w+ ){0,3}(?:upheld|confirmed|left in force)",
        r"(?:upheld|confirmed|left in force) (?:[\w-]+ ){0,4}(?:sentence|verdict|conviction|term)\w*",
        r"(?:dismissed|rejected|turned down) (?:\w+ ){0,2}appeals?",
        r"пригов(?:ор\b|оры\b|орил\w*|ор[её]н\w*)", r"осужд(?:[её]н|[её]на|[её]ны)\b", r"осудил\w*",
        rf"{_GAVE} (?:по |ещё |яшчэ |ще |jeszcze |weitere |je )?{NUM}{_HALF} (?:\w+ )?{TERM}",
        rf"{_GAVE} {_SKIP}{{1,8}}?(?:по |ещё |яшчэ |ще |jeszcze |weitere |je )?{NUM}{_HALF} (?:\w+ )?{TERM}",
        r"(?:дадалі|добавили|додали|added|doda(?:ł|ła|li|no)|prodlili|продлили) (?:\w+ ){0,3}"
        r"(?:тэрмін|срок|термін|term|wyrok)\w*"
        r"(?! (?:\w+ )?(?:пребывания|знаходжання|перебування|в пкт|у пкт|ў пкт|в шизо))",
        r"(?:административн\w+|адміністрацыйн\w+|адміністративн\w+|administrative) (?:арест|арышт|арешт|arrest)\w*",
        r"(?:о|а)штрафова\w*", r"аштрафава\w*", r"оштрафува\w*", r"ukara\w* grzywn\w*", r"geldstrafe\w*",
        r"позбавленн\w* волі", r"пазбаўленн\w* волі", r"pozbawieni\w* wolności", r"(?:haft|freiheits|lager)strafe\w*",
        r"(?:kar\w*) (?:\w+ ){0,2}(?:lat|więzienia|pozbawienia)", r"(?:prison|jail) (?:term|sentence)",
        rf"(?:sentence|term) of {NUM}[- ]{TERM}", r"ordered to serve",
        r"(?:получил|атрымал|атрымаў|отримал|отримав)\w* (?:\w+ )?(?:срок|тэрмін|термін|строк)\b",
        r"(?:назначи|прызначы|призначи)\w* (?:\w+ ){0,2}(?:наказани|пакаранн|покаранн)\w*",
        r"kar\w* (?:\w+ )?więzienia", r"urteil gegen",
        r"к сроку", r"да тэрміну", r"до терміну", r"продлили срок (?:заключения|наказания)",
        rf"{NUM} {TERM} (?:\w+ )?{PRISON}", r"лишени\w* свободы", r"ограничени\w* свободы", r"«?химии»?",
        r"признал\w* (?:[\w-]+ ){0,6}виновн\w*", r"оставил\w* (?:\w+ ){0,4}в силе",
        r"отклонил\w* (?:\w+ ){0,2}(?:апелляц|жалоб)\w*",
        r"прыгавар(?:ыў|ыла|ылі|аны|аная|аныя|ан)\w*", r"pryhavar(?:yŭ|yła|yli|any|anaja)\w*", r"прысуд\w*",
        r"асудз(?:іў|ілі|іла)\w*", r"асуджан\w*", r"павялічылі тэрмін", r"asudzi\w*", r"prysud\w*",
        r"прызна\w* (?:[\w-]+ ){0,6}вінават\w*", r"пакін\w* (?:\w+ ){0,4}[уў] сіле",
        r"адхіл\w* (?:\w+ ){0,2}апеляцы\w*",
        r"пакара(?:лі|ў|ла)", r"pakara(?:li|ŭ|ła)", r"pakinu\w* (?:\w+ ){0,4}[uŭ] sile",
        r"pakinu\w* (?:\w+ ){0,4}[uŭ] siłe",
        r"adchili\w* (?:\w+ ){0,2}apielacy\w*", r"«?хіміі»?",
        r"засуд(?:или|ив|ила|жен\w*)", r"вирок\w*", r"визна\w* (?:[\w-]+ ){0,6}винн\w*",
        r"залиши\w* (?:\w+ ){0,4}в силі",
        r"відхили\w* (?:\w+ ){0,2}апеляці\w*", r"покара(?:ли|в|ла)",
        r"skaza(?:ny|na|no|ni|ł|ła|li)\b", r"wyrok\w*", r"uzna\w* (?:[\w-]+ ){0,6}winn\w*",
        r"ukara(?:ł|ła|li|no|ny|na)\b",
        r"utrzyma\w* (?:\w+ ){0,3}(?:wyrok|w mocy)", r"oddali\w* (?:\w+ ){0,2}apelacj\w*",
        r"(?:oddal|odrzuc)\w* (?:\w+ ){0,2}(?:apelacj|skarg)\w*",
        r"apelacj\w* (?:\w+ )?(?:odrzucon|oddalon)\w*", r"wyrok\w* (?:\w+ ){0,3}(?:bez zmian|w mocy)",
        r"doda(?:ł|ła|li|no) (?:\w+ ){0,3}(?:lat|rok)\w*",
        r"verurteilt\w*", r"zu \w+ jahren", r"urteil (?:\w+ ){0,3}bestätigt", r"schuldig gesprochen", r"für schuldig",
        r"bestätigt\w* (?:\w+ ){0,3}(?:urteil|haftstrafe|strafe)",
    ),
    # -- detention --------------------------------------------------------------------------------------
    *_t(D, BACK,
        r"detained", r"detains?", r"arrested", r"charged with", r"(?:faces?|new) charges?", r"picked up",
        r"in custody", r"wanted list", r"taken into custody", r"abduct\w*", r"kidnapp\w*",
        r"(?:was|were|is|are|been|be|and|later|then|had) jailed\b(?! for)",
        r"(?:criminal )?(?:case|charges?) (?:\w+ ){0,3}(?:opened|launched|initiated|brought) against",
        r"(?:opened|launched|initiated) a (?:criminal )?case", r"charges (?:\w+ ){0,2}(?:brought|filed)",
        r"(?:prolonged|extended) (?:\w+ ){0,2}(?:pre-?trial )?detention",
        r"(?:kept|held) (?:\w+ ){0,4}in (?:pre-?trial )?detention",
        r"задерж(?:ан\w*|али|ал|ала|ивают)\b", r"арестова\w*", r"под страж\w*", r"в розыск", r"схвати\w*",
        r"предъявил\w* (?:\w+ )?обвинени\w*", r"выдвину\w* (?:\w+ ){0,2}обвинени\w*",
        r"обвиня(?:ют|ется|ются|ет)", r"обвинил\w*", r"обвин[её]н\w*",
        r"обвинувач(?:ують|ується|ений|ена|ені|ено)", r"обвинуватил\w*",
        r"похи(?:тили|щен\w*)", r"под арест",
        r"(?:доставил\w*|отвез\w*|увез\w*) (?:\w+ ){0,4}в (?:\w+ )?(?:рувд|ровд|руvд|сизо|изолятор)\w*",
        r"возбу(?:ждено|дили|дил\w*) (?:\w+ )?(?:уголовное )?дело", r"завели (?:\w+ )?(?:уголовное )?дело",
        r"затрыма(?:лі|ны|ная|ныя|ў|ла|ць)\w*", r"арыштава\w*", r"пад варту", r"[уў] вышук", r"схапіл\w*",
        r"абвінавач(?:ваюць|ваецца|ылі|ыў|ыла|аны|аная|аныя)\b", r"абвінавацілі", r"zatrymal\w*",
        r"(?:прад'яві\w*|высунул\w*|нов\w+) (?:\w+ )?абвінавачанн?\w*",
        r"(?:нов\w+) (?:\w+ )?(?:обвинени\w*|звинувачен\w*)",
        r"(?:висунул\w*|пред'явил\w*|висунуто) (?:\w+ ){0,2}(?:обвинувачен\w*|звинувачен\w*)",
        r"(?:now\w+|kolejn\w+) zarzut\w*", r"neue\w* anklage",
        r"zatrymany\w*", r"aryštava\w*", r"выкрал\w*", r"выкрадзен\w*",
        r"(?:завял\w*|завед\w*|узбудзіл\w*|узбуджан\w*) (?:\w+ )?(?:крымінальн\w+ )?справ\w*",
        r"апынул\w* (?:\w+ ){0,2}(?:[уў] )?(?:раўс|руус|сізо|ізалятар\w*|акрэсцін\w*)",
        r"(?:[уў]|в) (?:\w+ )?(?:раўс|руус|рувд|ровд|сіза|сизо|ізалятар\w*|изолятор\w*|акрэсцін\w*|акрестин\w*) "
        r"(?:апынул|оказал|опинил)\w*",
        r"затрима(?:ли|ний|на|но|ння|в)\w*", r"заарешт\w*", r"під варту", r"у розшук", r"викрал\w*", r"схопил\w*",
        r"викраден\w*",
        r"(?:порушил\w*|порушен\w*|відкрил\w*) (?:\w+ )?(?:кримінальн\w+ )?(?:справ\w+|провадженн\w+)",
        r"висунул\w* (?:\w+ ){0,2}звинувачен\w*", r"повезл\w* (?:\w+ ){0,2}до (?:\w+ )?(?:рувс|сізо|ізолятор\w*)",
        r"помести\w* (?:\w+ ){0,2}в (?:\w+ )?(?:сизо|ивс|изолятор|акрестин|цип)\w*",
        r"з[ьъ]?мяс[ьц]?ці\w* (?:\w+ ){0,2}[уў] (?:\w+ )?(?:сіза|ізалятар|ічу|цып|акрэсцін)\w*",
        r"zmiaśc\w* (?:\w+ ){0,2}[uŭ] (?:\w+ )?(?:siza|izalatar|akreścin)\w*",
        r"помісти\w* (?:\w+ ){0,2}(?:в|до|у) (?:\w+ )?(?:сізо|ізолятор)\w*", r"повідоми\w* (?:\w+ ){0,2}про підозру",
        r"osadzon\w* w (?:\w+ )?areszcie", r"taken away by (?:\w+ )?(?:police|security|kgb|officers|men)",
        r"locked up",
        r"(?:доставлен|доставил|даставіл|даставілі|доставил)\w* (?:\w+ ){0,2}(?:в|у|ў|до) (?:\w+ )?"
        r"(?:рувд|ровд|руус|сизо|сіза|сізо|отдел|аддзел|відділ|изолятор|ізалятар|ізолятор|рувс)\w*",
        r"під варт\w*", r"(?:przewiezion|zabran)\w* (?:\w+ ){0,2}(?:na komisariat|do aresztu|do izolatki)",
        r"in gewahrsam", r"inhaftiert",
        r"placed in (?:[\w-]+ )?(?:detention|custody)",
        r"remanded in custody", r"(?:seized|grabbed) by", r"zatrzyma(?:ny|na|no|ni|li|ł|ła)\b", r"aresztowa\w*",
        r"list gończy", r"zarzut\w*", r"do aresztu",
        r"porwa(?:ny|na|li|ł)\w*", r"oskarż\w*",
        r"festgenommen\w*", r"verhaftet", r"festnahme", r"in haft genommen", r"angeklagt", r"verschlepp\w*",
        r"zur fahndung", r"untersuchungshaft", r"u-haft", r"anklage (?:\w+ )?erhoben", r"entführt", r"vorgeworfen",
        r"abgeführt",
    ),
    *_t(D, INSIDE, r"(?:nahm|nahmen|nimmt|nehmen) .{1,120}? fest\b", r"führt\w* .{1,80}? ab\b"),
    *_t(D, AHEAD, r"(?:after|since|following) (?:the |his |her )?(?:arrest|detention) of",
        r"(?:after|since|following) (?:his|her|their) (?:arrest|detention)",
        r"(?:после|с момента) (?:\w+ )?(?:ареста|задержания)",
        r"(?:пасля|пасьля) (?:\w+ )?(?:арышту|затрыманн?я|затрыманьня)",
        r"(?:після|з моменту) (?:\w+ )?(?:арешту|затримання)", r"po (?:\w+ )?(?:aresztowaniu|zatrzymaniu)",
        r"(?:nach|seit) (?:seiner|ihrer|der) (?:festnahme|verhaftung)",
        r"(?:среди|в числе) (?:\w+ ){0,2}задержанн\w+", r"(?:сярод|у ліку) (?:\w+ ){0,2}затрыман\w+",
        r"(?:серед|у числі) (?:\w+ ){0,2}затриман\w+", r"wśród (?:\w+ ){0,3}zatrzyman\w+",
        r"unter den (?:\w+ )?festgenommenen", r"(?:those|people) (?:\w+ )?(?:detained|arrested)"),
    # -- still held: not a release ------------------------------------------------------------------------
    *_t(STAY, BACK,
        r"remain(?:s|ed)? (?:\w+ ){0,2}(?:in|behind) (?:a |the )?\w*",
        r"(?:остал(?:ся|ась|ись)|заста(?:ўся|лася|ліся)|залиши(?:вся|лася|лися)|pozosta(?:ł|ła|li)|blieb\w*) "
        r"(?:\w+ )?"
        r"(?:в|за|у|ў|w|in) (?:\w+ )?(?:колони|тюрьм|сизо|заключени|калоні|турм|сізо|зняволен|колоні|в'язниц|ув'язнен|"
        r"więzieni|koloni|areszcie|haft|gefängnis|straflager|за решёткой|за кратамі|за ґратами)\w*",
        r"still (?:in|behind) (?:prison|jail|bars|custody|a colony)",
        r"(?:is|are) still (?:in prison|jailed|imprisoned|held|behind bars)", r"stayed (?:in|behind) \w+",
        r"оста[её]тся (?:\w+ )?(?:в|за)\b", r"остаются (?:\w+ )?(?:в|за)\b",
        r"(?:по-прежнему|всё ещё|все еще) (?:в|за)\b",
        r"отбыва\w* (?:\w+ )?(?:срок|наказание)", r"сидит в", r"сидят в",
        r"застаецца", r"застаюцца", r"(?:па-ранейшаму|дагэтуль) (?:у|ў|за)\b", r"zastajecca", r"zastajucca",
        r"адбывае (?:\w+ )?(?:тэрмін|пакаранне)",
        r"залишається", r"залишаються", r"досі (?:у|в|за)\b", r"відбуває", r"відбувають",
        r"(?:nadal|wciąż) (?:przebywa|jest|pozostaje|siedzi)", r"pozostaje w",
        r"przebywa w (?:koloni|więzieni|areszcie)",
        r"pozostaj\w* (?:w|za) (?:\w+ )?(?:koloni|więzieni|areszcie|kratami)\w*",
        r"hinter gittern",
        r"siedzi w", r"odsiaduje",
        r"bleib(?:t|en) (?:\w+ ){0,2}in (?:haft|gefangenschaft)", r"(?:noch immer|weiterhin) in haft",
        r"sitz(?:t|en) (?:\w+ )?weiter", r"sitz(?:t|en) (?:\w+ ){0,4}in (?:\w+)?haft",
    ),
]  # fmt: skip
