"""The shape of a sentence, as far as whose event it is needs it. Pure, over lower-cased plain text.

- **Segments**: a sentence is cut at ``;`` and before a contrast (while, but, а, але, однак,
  natomiast, podczas gdy, aber, während, jedoch, ...; Polish and Łacinka "a" before a capital or a
  date). What happens in one segment is not said of the people of another.
- **Background**: a relative clause or a participle phrase set off by commas right after a name
  ("X, who had been given 15 years, was freed"; "Hanna P., 2022 zu drei Jahren verurteilt, wurde
  verlegt") tells the person's past, not the news: its event words count for nobody, and the
  names inside it take nothing from the main clause.
- **Barriers**: a complementizer (that, что, што, що, że, dass) parts a speaker from what is
  said; "о том, что …," is an island of its own.
- **Roles** that take no event of their clause: a source ("according to X", "по словам X",
  "X zufolge", "— said X"), a possessor of a relative or a team ("the wife of X", "жонка X",
  "штаб X", "Ehefrau des X"; but "his wife X" is X), an exception ("except X", "за исключением
  X") and a person said not to be among them ("X не оказалось среди", "X fehlt").

The patterns of these words are module constants; ``sentences``, ``segments``, ``background``,
``role`` and ``attribute`` apply them to a text (``bot.matching.scope`` puts them together).
"""

from __future__ import annotations

import re

from bot.matching.events import Found
from bot.matching.triggers import Event

CONTRAST = re.compile(
    r"\s*;\s+|,?\s+(?=(?:while|whereas|whilst|but|although|though|"
    r"а(?! также| таксама| потом| затем)|но|тогда как|хотя|зато|але|тады як|хоць|хаця|затое|"
    r"тоді як|хоча|зате|ale|lecz|podczas gdy|choć|chociaż|"
    r"aber|während|obwohl|sondern|ali|adnak|mimo że|mimo iż|pomimo że|despite|trotz|несмотря на то|"
    r"нягледзячы на тое|незважаючи на те)\s)"
    # adverbs of contrast start a clause only after a comma ("…; uwolniono natomiast X" is one clause)
    r"|,\s+(?=(?:however|yet|однако|аднак|проте|однак|натомість|natomiast|jednak|zaś|jedoch|dagegen|doch|dennoch)\s)"
)
# Polish and Łacinka ", a": a new clause ("X skazano, a jego kolegów uwolniono"), but not "…, a także" (and also)
LATIN_A = re.compile(r",\s+(?=a\s(?!(?:także|też|również|potem|następnie|później|taksama|potym|paśla|pasla)\b))")
# … when the word after "a" is Polish or Łacinka (English ", a leading face of …" is an apposition)
LATIN_A_NEXT = re.compile(
    r"(?:jego|jej|ich|jaho|jaje|w|we|z|ze|na|do|po|od|u|ŭ|wtedy|teraz|ciapier|dziś|dzisiaj|wczoraj|już|užo|nadal|"
    r"wciąż|inni|inne|pozostali|reszta|kolejn\w*|sam|sama|jeszcze|jašče|tamu|siońnia|jak|kali|kiedy|gdy)\b"
)
RELATIVE = re.compile(
    r",\s+(?:(?:[a-zа-яіўёєїґ]+\s+){0,2}(?:who|whom|whose|which|"
    r"котор\w+|как(?:ой|ая|ое|ие|ого|ую|им|их|ому|ими)|"
    r"як(?:і|ая|ое|ія|ога|ой|ую|ім|імі|іх|ому|ий|а|е|ого|ої|ій|им|ими|их)|котр\w+|каторы\w*|"
    r"jak(?:i|aja|oje|ija|oha|oj|omu|im|imi|ich|uju|aja)|katory\w*|"
    r"któr\w+|welche\w*|dessen|deren|denen)|(?:der|die|das|den|dem))\b"
)
WHOSE = re.compile(r"\b(?:whose|dessen|deren|чей|чья|чьё|чьи|чыя|чый|чий|чия|чиє|czyj\w*)\b")
COMPLEMENT = re.compile(
    r"(?:,\s+|\s)(?:that|что|што|що|że|iż|dass|što|ŝto)\b"
    r"|,\s+(?:как|калі|коли|когда|kiedy|gdy|als|when|where|где|дзе|де|gdzie|wo|because|потому что|бо|bo|weil|da)\b"
)
ISLAND = re.compile(r"\b(?:том|тое|те|tym|davon|darüber|fact),\s+(?:что|што|що|że|dass|što|that)\b[^,]*")
COLON = re.compile(r":\s|\s[—–]\s")
COORDINATION = re.compile(r",\s+(?:and|и|і|i|й|та|ды|oraz|und|а также|а таксама|as well as)\s")
# A verb that takes its person as an object after it ("the colony released X"); not "X was released", "X walked free"
TRANSITIVE = re.compile(
    r"(?:освободил\w*|отпусти?л\w*|выпусти?л\w*|помиловал\w*|вызвалі(?:лі|ў|ла)|адпусці\w*|выпус[ьц]ці\w*|"
    r"памілава(?:ў|лі|ла)|vyzvali\w*|vypu\w*|adpu\w*|pamiłava(?:ŭ|li|ła)|звільни(?:ли|в|ла)|відпусти\w*|випусти\w*|"
    r"помилува(?:в|ли|ла)|uwolni(?:ł|ła|li)|wypuści\w*|zwolni(?:ł|ła|li)|ułaskawi(?:ł|ła|li)|released|freed|frees|"
    r"pardon(?:ed|s)|let .*|begnadigte\w*|entließ\w*|lie(?:ß|ss)\w* .*|(?:agreed|decided|moved) to free|"
    r"(?:решил\w*|вырашы\w*|вирішив\w*|вирішила|postanowi\w*|beschloss\w*|decided) .*)$"
)
# A finite verb before the event word of a comma-phrase: the phrase is a clause of its own, not an apposition
PREDICATE = re.compile(
    r"\b(?:was|were|is|are|has|have|had|will|wurde|wurden|ist|sind|hat|haben|zosta(?:ł|ła|li|ło|ły)|jest|są|"
    r"был|была|были|было|быў|былі|був|була|були|було|byŭ|była|byli|получил\w*|atrymaŭ|атрымаў|отримав|got|received)\b"
)
# A participle in the form of an adjective (ru, be, uk, pl, de): it may only qualify the name after it
ATTRIBUTIVE = re.compile(
    r"\w+(?:нн(?:ый|ая|ое|ые|ого|ой|ому|ую|ым|ых|ыми)|[ая]н(?:ая|ае|ыя|ага|ай|ую|ым|ых)|[еа]н(?:ий|ого|ої|ому|у|им|их)|"
    r"(?:n|on)(?:y|a|e|ego|ej|emu|ą|i|ych|ym)|(?:t|en)(?:e|en|em|er|es))"
)
# A finite past verb (ru, be, uk, pl and Łacinka): "вызвалілі", "vyzvalili", "uwolnili", "звільнили"
FINITE = re.compile(r"\w+(?:ли|лі|ла|ло|ил|ів|ив|ав|ў|li|ła|ło|ł|ŭ)\b")
AUXILIARY_AFTER = re.compile(
    r"\s+(?:zosta(?:ł|ła|li|ło|ły)|был|была|были|было|быў|была|былі|був|була|були|було|wurde|wurden|was|were|is|are)\b"
)
GERMAN_PARTICIPLE = re.compile(r"\w+(?:te|ten|tem|ter|tes)")
DETERMINER = re.compile(r"\b(?:der|die|das|den|dem|des|eine?[nmrs]?)(?:\s+\S+){0,3}\s+$")
AUXILIARY = re.compile(
    r"\b(?:was|were|is|are|been|be|being|get|gets|got|wurde|wurden|worden|zosta(?:ł|ła|li|ło|ły)|jest|są|"
    r"быў|была|былі|был|были|було|був|була|були|byŭ|była|byli)\s+(?:\w+\s+){0,2}$"
)
# Others, as a group: "freed prisoners told X", "освобождённые политзаключённые"
MEMBERSHIP = re.compile(r"(?:among|one of|среди|в числе|сярод|у ліку|серед|у числі|wśród|w gronie|unter|zu den)\b")
PEOPLE = re.compile(
    r"\b(?:prisoners|people|detainees|others|activists|journalists|политзаключ[её]нн(?:ые|ых|ым|ыми)|"
    r"заключ[её]нн(?:ые|ых|ым|ыми)|узник(?:и|ов|ам|ами)|людей|палітвязн(?:і|яў|ям|ямі)|вязн(?:і|яў|ям|ямі)|людзей|"
    r"палітзняволен(?:ыя|ых|ым|ымі)|політв'язн(?:і|ів|ям|ями)|в'язн(?:і|ів|ям|ями)|ув'язнен(?:і|их|им|ими)|"
    r"palitviaźn(?:i|iaŭ|iam|iami)|więźn(?:iowie|iów|iom|iami)|osób|ludzi|osadzon(?:ych|ym|ymi)|gefangenen?|"
    r"häftlinge|menschen|personen|oppositionellen)\b"
)
AND = re.compile(r"\b(?:and|и|і|i|й|та|ды|oraz|und|a)\b")
ALSO = re.compile(
    r"\b(?:also|too|as well|so (?:is|was|were|are|did)|as (?:is|was|were|did)|likewise|тоже|также|таксама|"
    r"гэтак жа|теж|також|taksama|też|również|także|auch|ebenfalls|ebenso)\b"
)
_SPEECH = (
    r"(?:said|says|told|wrote|noted|stressed|sagte|sagt|erklärte|schrieb|betonte|kaža|kazała|kazaŭ|"
    r"сказал\w*|заявил\w*|написал\w*|отметил\w*|рассказал\w*|сообщил\w*|кажа|сказаў|сказала|заявіў|заявіла|"
    r"напісаў|напісала|адзначыў|адзначыла|расказаў|расказала|сказав|заявив|написав|розповів|розповіла|"
    r"відреагува\w*|повідоми\w*|паведамі\w*|mówi|powiedział\w*|napisał\w*|stwierdził\w*|podkreślił\w*)"
)
SPEECH = re.compile(r"\b" + _SPEECH + r"\b")
SOURCE_BEFORE = re.compile(
    r"(?:according to|in the words of|по словам|со слов|по данным|по мнению|на думку|на мнение|паводле|"
    r"па словах|па дадзеных|за словами|за даними|за інформацією|zdaniem|według|wg|laut|nach angaben)"
    r"(?:\s+[^\s,.;:]+){0,3}\s+$"
    r"|\b(?:published|named|written|reported|announced|listed|said|told|quoted) by\s+(?:[^\s,.;:]+\s+){0,3}$"
)
SPEAKER_BEFORE = re.compile(r"[,—–«»\"“”]\s*(?:[—–]\s*)?" + _SPEECH + r"(?:\s+[^\s,.;:]+){0,3}\s+$")
CLAUSE_END = re.compile(r"^\s*(?:[.,;:!?»”\"()]|$)")
SOURCE_AFTER = re.compile(r"^\s*(?:zufolge|says|said|told)\b")
_KIN = (
    r"(?:(?:wife|husband|widow|mother|father|son|daughter|brother|sister|campaign|team|staff|"
    r"ehefrau|ehemann|frau|mann|witwe|mutter|vater|sohn|tochter|stab|relatives|family|angehörige\w*)\s+(?:of|des|der|von)|"
    r"родн\w+|родственни\w+|сваяк\w*|родзіч\w*|родич\w*|krewn\w+|rodzin\w+|"
    r"жена|жены|жене|женой|жену|муж|мужа|мужу|маму|супруг\w*|вдов\w*|мать|матери|отец|отца|сын|сына|дочь|дочери|брат\w*|"
    r"сестр\w*|штаб\w*|соратни\w*|"
    r"жонк\w*|маці|бацьк\w*|дачк\w*|сястр\w*|паплечні\w*|падтрымк\w*|поддержк\w*|підтримк\w*|poparci\w*|"
    r"wsparci\w*|unterstützung|"
    r"žonk\w*|muž\w*|maci|baćk\w*|štab\w*|"
    r"дружин\w*|чоловік\w*|мати|матір|батьк\w*|доньк\w*|дочк\w*|сестр\w*|соратни\w*|"
    r"żon[aiyę]|mąż|męża|matk\w*|ojc\w*|córk\w*|siostr\w*|sztab\w*)"
)
_KIN_WORDS = (
    r"(?:wife|husband|widow|mother|father|son|daughter|brother|sister|ehefrau|ehemann|frau|mann|witwe|mutter|vater|"
    r"sohn|tochter|" + _KIN[3:]
)
KIN = re.compile(r"\b" + _KIN_WORDS + r"\b")
POSSESSOR_BEFORE = re.compile(
    r"(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bwith )(?<!\bего )(?<!\bеё )(?<!\bее )(?<!\bяго )(?<!\bяе )"
    r"(?<!\bйого )(?<!\bїї )(?<!\bjego )(?<!\bjej )(?<!\bjaho )(?<!\bjaje )(?<!\bсвоей )(?<!\bсвоим )"
    r"(?<! с )(?<! з )(?<! z )(?<!\bmit )(?<!\bseiner )(?<!\bihrem )(?<!\bihrer )(?<!\bseinem )(?<!\bsein )(?<!\bihr )"
    r"\b" + _KIN + r"(?:\s+(?:of|des|der|von|the))?(?:\s+[^\s,.;:]+){0,4}\s+$"
)
POSSESSOR_AFTER = re.compile(r"^(?:'s|’s)\s+(?:\w+\s+)?" + _KIN_WORDS + r"\b")
EXCEPT_BEFORE = re.compile(
    r"(?:except(?: for)?|excluding|with the exception of|за исключением|за выключэннем|за выключэньнем|"
    r"za vykliučeńniem|за винятком|z wyjątkiem|mit ausnahme|ausgenommen)(?:\s+[^\s,.;:]+){0,3}\s+$"
    r"|(?:\bнет|\bняма|\bнямa|\bнемає|nie ma|nie było|не было|не значыцца|не значиться)(?:\s+[^\s,.;:]+){0,2}\s+$"
    r"|\b(?:bez|without|без|бяз|ohne)(?:\s+[^\s,.;:]+){0,2}\s+$"
    r"|\b(?:unlike|in contrast to|w przeciwieństwie do|inaczej niż|в отличие от|у адрозненне ад|на адрозненне ад|"
    r"на відміну від|anders als|im gegensatz zu)(?:\s+[^\s,.;:]+){0,3}\s+$"
    r"|\b(?:zabrak\w*|не хватило|не хапіла|забракло|missing (?:was|were)|fehlte\w*)(?:\s+[^\s,.;:]+){0,2}\s+$"
)
NOT_AMONG_AFTER = re.compile(
    r"^(?:,?\s+[^\s.;:]+){0,8}?,?\s+(?:nie ma|nie było|нет|няма|немає|не было|не было|fehlt\w*)\b|"
    r"^(?:\s+[^\s,.;:]+){0,4}?\s+(?:не было|не оказалось|не аказалася|не аказаўся|не аказалася|nie akaza\w*|"
    r"не потрапи\w*|не попал\w*|(?:was|were) not (?:among|on)|(?:wasn't|weren't) (?:among|on)|fehlt\w*|"
    r"nie było|nie znalaz\w*|не знайшл\w*|не значы\w*|nie zosta\w* (?:uwolnion|zwolnion|wypuszczon)\w*)"
)
SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|он|она|они|ён|яна|яны|він|вона|вони|jon|jana|jany|ona|oni|er)\b")
GERMAN_ARTICLE = re.compile(r",\s+(?:der|die|das|den|dem)$")  # an article when a noun (a capital) follows
BESIDES = re.compile(r"\b(?:neben|besides?|apart from|кроме|акрамя|апрача|окрім|крім|oprócz|poza|obok)\s+$")
LIST_MARK = re.compile(
    r"\b(?:among (?:them|whom|those)|including|in particular|such as|namely|darunter|unter ihnen|unter anderem|"
    r"u\.a\.|в (?:том|их) числе|среди (?:них|которых)|в частности|у тым ліку|сярод (?:іх|якіх)|у (?:тым|іх) ліку|"
    r"u tym liku|siarod ich|у тому числі|серед (?:них|яких)|зокрема|m\.in\.|między innymi|w tym|"
    r"wśród nich|wśród których|"
    r"w grupie|в группе|у групе|у групі|in a group of|in einer gruppe|as part of a group|"
    r"together with|along with|includ(?:ed|es|ing)|umfasst\w*|включ\w*|уключ\w*|znaleźli się|"
    r"вместе с|разам з|разом з|wraz z|razem z|gemeinsam mit|zusammen mit)"
)
PRONOUN = re.compile(
    r"^(?:he|she|they|он|она|они|его|её|ее|их|ён|яна|яны|яго|яе|іх|він|вона|вони|його|її|їх|on|ona|oni|jego|jej|"
    r"jon|jana|jany|jaho|jaje|er|sie|ihn|ihm|both|оба|обе|абодва|абедзве|обидва|обидві|obaj|obie|beide)\b"
)
OTHERS = re.compile(
    r"(?<![\d.])(?!(?:19|20)\d\d\b)\d+|\b(?:others?|another|rest|другие|других|остальн\w*|іншыя|іншых|астатні\w*|інші|інших|inni|innych|"
    r"pozostali|andere\w*|weitere\w*|übrigen)\b"
)
POSSESSIVE = re.compile(
    r"\b(?:his|her|their|его|её|ее|их|своего|своей|своё|свое|яго|яе|іх|свайго|сваёй|сваё|його|її|їх|свого|своєї|своє|"
    r"jego|jej|ich|swoje\w*|swojego|swoim|sein\w*|ihr\w*)\b"
)
# A noun a participle may qualify: "her freed husband", "the released journalist", "вызвалены журналіст"
NOUN = re.compile(
    _KIN_WORDS + r"|(?:journalist|activist|politician|blogger|lawyer|leader|dissident|poet|musician|"
    r"candidate|laureate|opposition|журналист|активист|политик|блогер|адвокат|лидер|оппозиционер|поэт|журналіст|"
    r"актывіст|палітык|блогер|адвакат|лідар|апазіцыянер|паэт|журналіст|активіст|політик|адвокат|лідер|опозиціонер|"
    r"dziennikar|działacz|aktywist|polityk|bloger|adwokat|lider|opozycjonist|poet|journalist|aktivist|politiker|"
    r"anwalt|anwältin|oppositionell|dichter|bloggerin|colleague|koleg|коллег|калег|колег|kolleg|товарищ|таварыш|"
    r"сябр|друз|friend|przyjaci|freund)\w*"
)
POSSESSIVE_BEFORE = re.compile(POSSESSIVE.pattern + r"\s+(?:\S+\s+)?$")
NOTHING_AFTER = re.compile(r"\s*(?:[,.;:!?)»”\"]|$|(?:и|і|i|й|and|und|та|ды|oraz|а|a)\s)")
DETERMINER_EN = re.compile(r"\b(?:the|a|an|her|his|their|its|this|these|those|our)\s+$")
PREPOSITION = re.compile(
    r"\s+(?:z|ze|w|we|na|do|po|od|o|za|przez|from|in|on|at|by|after|for|of|to|with|з|са|у|ў|на|да|ад|пасля|праз|за|"
    r"из|с|со|в|во|к|после|от|по|за|від|після|через|aus|von|nach|am|im|mit|vor|wegen|zu)\s"
)
AGAIN = re.compile(
    r"\b(?:again|re-?arrested|re-?detained|once more|снова|вновь|опять|повторно|зноў|ізноў|ізнoў|знову|ще раз|"
    r"ponownie|znowu|znów|ponowny|erneut|wieder|abermals)\b"
)
PERSONAL = re.compile(
    r"\b(?:he|she|him|her|он|она|его|её|ее|ему|ей|ён|яна|яго|яе|яму|ёй|він|вона|його|її|йому|їй|on|ona|jego|jej|"
    r"go|mu|jon|jana|jaho|jaje|jamu|er|ihn|ihm)\b"
)

SENTENCE_END = re.compile(r"[.!?…]+[\"»”)]*\s+|\n\s*")
WORD = re.compile(r"\w+")
TOKEN = re.compile(r"[^\s,.;:!?()«»\"“”„—–]+")
PUNCT = re.compile(r"[,.;:!?()«»\"“”„—–]")
COMMA = re.compile(r",\s+")
ABBREVIATIONS = frozenset(  # "m.in. Maryja", "u.a. Ales", "prof. X": not the end of a sentence
    {"m.in", "u.a", "z.b", "ul", "ул", "вул", "пр", "праф", "проф", "prof", "dr", "gen", "ген", "św", "ks", "im", "ім"}
    | {"им", "св", "st", "mr", "mrs", "ms", "jr"}
)


def segments(plain: str, where: list[int], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The segments of a sentence: cut at ";" and before a contrast."""
    cuts = [m for m in CONTRAST.finditer(plain, start, end) if m.end() > m.start()]
    cuts += [
        m
        for m in LATIN_A.finditer(plain, start, end)
        if m.end() + 2 < len(plain)
        and (
            capital_after(text, where, plain, m.end() + 2)
            or plain[m.end() + 2].isdigit()
            or LATIN_A_NEXT.match(plain, m.end() + 2)
        )
    ]
    out, at = [], start
    for m in sorted(cuts, key=lambda m: m.start()):
        if m.start() > at:
            out.append((at, m.start()))
        at = max(at, m.end())
    if at < end:
        out.append((at, end))
    return out


def attribute(plain: str, f: Found, spans: list[tuple[int, int, str]]) -> bool:
    """A participle before a name that only qualifies them ("skazany dziennikarz X", "осуждённую Софью Сапегу",
    "der verurteilte Deutsche X"): who they are, not what the news says happened."""
    if f.trigger.event not in (Event.SENTENCE, Event.DETENTION) or not ATTRIBUTIVE.fullmatch(plain, f.start, f.end):
        return False
    if (
        AUXILIARY.search(plain, max(0, f.start - 40), f.start)
        or AUXILIARY_AFTER.match(plain, f.end)
        or any(0 <= f.start - e <= 2 for _, e, _ in spans)
    ):
        return False  # "został skazany", "zatrzymany został X", "X затрыманы": said of them
    if GERMAN_PARTICIPLE.fullmatch(plain, f.start, f.end) and not DETERMINER.search(
        plain, max(0, f.start - 40), f.start
    ):
        return False  # "Richter verurteilten X": a verb, not "der verurteilte X"
    return any(
        s - f.end >= 0 and len(TOKEN.findall(plain, f.end, s)) <= 3 and not PUNCT.search(plain, f.end, s)
        for s, _, _ in spans
    )


def background(
    plain: str, where: list[int], text: str, start: int, end: int, spans: list[tuple[int, int, str]], found: list[Found]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Relative clauses, and participle phrases, set off by commas right after a name."""
    relative: list[tuple[int, int]] = []
    phrases: list[tuple[int, int]] = []
    ends = [s[1] for s in spans]
    for m in RELATIVE.finditer(plain, start, end):
        if GERMAN_ARTICLE.search(m.group()) and capital_after(text, where, plain, m.end() + 1):
            continue  # ", der Viasna-Aktivist X": an article, not a relative pronoun
        if _after_name(plain, text, where, m.start(), ends, found):
            stop = plain.find(", ", m.end(), end)
            relative.append((m.start() + 1, stop if stop != -1 else end))
    for e in ends:
        comma = COMMA.match(plain, e, end)
        if not comma:
            continue
        a = comma.end()
        stop = plain.find(", ", a, end)
        if stop == -1 and any(f.start == a for f in found):
            stop = end  # "…, засуджених за тяжкі злочини." at the end
        if stop == -1 or any(a <= s[0] < stop for s in spans):
            continue
        head = next((f for f in found if a <= f.start and f.end <= stop), None)
        first = head.end if head is not None else None
        if head is not None and FINITE.match(plain, head.start):
            continue  # "X, vyzvalili i vyvieźli …": the verb of the sentence, not a participle
        if first is not None and not inside(a, relative) and not PREDICATE.search(plain, a, first):
            phrases.append((a, stop))  # "X, 2022 zu drei Jahren verurteilt, wurde …"; not "X, …, was given 15 days"
    return relative, phrases


_NAME_PART = re.compile(r"\s+(\w[\w'’-]*)")


def _after_name(plain: str, text: str, where: list[int], comma: int, ends: list[int], found: list[Found]) -> bool:
    """Is the comma right after a name, or after a name and a short apposition ("X, 69, who")?"""
    for e in ends:
        if e <= comma and comma - e <= 60:
            while (m := _NAME_PART.match(plain, e, comma)) and capital_after(text, where, plain, m.start(1)):
                e = m.end()  # the rest of the name: "Andżelika| Borys, która"
            gap = plain[e:comma]
            words = WORD.findall(gap)
            apposition = not gap.strip() or gap.lstrip().startswith(",")  # "X, 69, who"; not "X joined the N, who"
            if apposition and not any(e <= f.start < comma for f in found) and len(words) <= 7 and gap.count(",") <= 2:
                return True
    return False


def _not_genitive(head: str, mention: str) -> bool:
    """Is the given name before the surname (or opening the mention) in a case other than the genitive?"""
    words = mention.split()
    return bool(NOT_GENITIVE.search(head) or (len(words) > 1 and NOT_GENITIVE.match(words[0] + " ")))


def role(plain: str, start: int, end: int, span: tuple[int, int, str]) -> bool:
    """Is the name a source, a possessor, an exception or said not to be among them?"""
    s0, s1, _ = span
    head = plain[max(start, s0 - 80) : s0]
    tail = plain[s1 : min(end, s1 + 60)]
    return bool(
        SOURCE_BEFORE.search(head)
        or (SPEAKER_BEFORE.search(head) and CLAUSE_END.match(tail))  # "…, — said X."
        or SOURCE_AFTER.match(tail)
        or (POSSESSOR_BEFORE.search(head) and not _not_genitive(head, plain[s0:s1]))
        or POSSESSOR_AFTER.match(tail)
        or EXCEPT_BEFORE.search(head)
        or NOT_AMONG_AFTER.match(tail)
    )


def inside(at: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``at`` inside one of the spans?"""
    return any(a <= at < b for a, b in spans)


def island(at: int, islands: list[tuple[int, int]]) -> int:
    """The number of the island ``at`` is in, or -1."""
    return next((i for i, (a, b) in enumerate(islands) if a <= at < b), -1)


def sentences(plain: str, text: str, where: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``plain[start:end]``; not after an initial, an abbreviation or a date ("13. Juli")."""
    out, at = [], start
    for m in SENTENCE_END.finditer(plain, start, end):
        if m.end() < end and not capital_after(text, where, plain, m.end()) and not plain[m.end()].isdigit():
            continue  # "г. Минск", "St. Petersburg": not the end of a sentence
        if plain[m.start()] == ".":
            word = plain[plain.rfind(" ", 0, m.start()) + 1 : m.start()].lstrip('(«"„')
            if len(word) == 1 or word in ABBREVIATIONS or (len(word) == 2 and word.isdigit()):
                continue  # "T. Klimava", "m.in. Maryja", "13. Juli": an initial, an abbreviation, a date
        out.append((at, m.start() + 1))
        at = m.end()
    out.append((at, end))
    return [(a, b) for a, b in out if b > a]


def capital_after(text: str, where: list[int], plain: str, index: int) -> bool:
    """Is the character of ``plain`` at ``index`` a capital letter in the original text?"""
    return index < len(plain) and text[where[index]].isupper()


COMITATIVE = re.compile(
    r"\b(?:together with|along with|вместе с|разам з|разом з|wraz z|razem z|gemeinsam mit|zusammen mit)(?:\s+\S+){1,4}"
)
# Words that may stand between ", and" and a verb without being its subject: auxiliaries and adverbs of time
LIGHT = re.compile(
    r"was|were|is|are|has|have|had|been|be|later|then|soon|also|again|finally|eventually|immediately|"
    r"потом|затем|позже|вскоре|сразу|затым|пасля|потім|згодом|одразу|potem|później|wkrótce|dann|später|bald|"
    r"был|была|были|быў|былі|був|була|були|zosta\w*|wurde\w*|ist|sind|hat|haben"
)
OTHER_WORDS = re.compile(
    r"\b(?:others?|another|rest|другие|других|остальн\w*|іншыя|іншых|астатні\w*|інші|інших|inni|innych|pozostali|"
    r"andere\w*|weitere\w*|übrigen)\b"
)
# A word of freedom that is a name when capitalised (not in German, where every noun is)
FREEDOM = re.compile(r"\b(?:свобод|свабод|svabod|swobod|wolno|woln|freedom|liberty)\w*")
# A given name right before the surname in a case that is not the genitive ("мать Елену Мовшук", "с мужем Александром"):
# the relative is this person, not the one they belong to
NOT_GENITIVE = re.compile(r"[а-яёіўєїґ]+(?:у|ю|ой|ей|ом|ем|ём|ою|ею)\s+$")
