"""Places and organisations that news about Belarusian political prisoners names.

Whitespace-separated nominatives. The matcher compares places by the same skeleton as
surnames, so one spelling covers its declensions and the romanisations the skeleton
absorbs (Hrodna = Гродна = Grodno; Babruisk = Бобруйск); a name that changes its stem
between languages (Warszawa, Warsaw, Warschau) is listed in each. Russian and
Ukrainian Cyrillic forms not listed here are recognised by the pymorphy3 dictionaries.

Kept to the region, the capitals news cites and the rights groups and media that sign
most of it: a surname that is also a listed name only matches next to a given name, so
a wider list would cost real mentions.
"""

ORGANISATIONS = """
Viasna Вясна Wiasna Весна Svaboda Свабода Свобода Swoboda Belsat Белсат Biełsat Zerkalo Зеркало
Люстэрка Euroradio Еўрарадыё Евронарадио Charter Хартыя Хартия
Dissidentby Politzek Libereco Memorial Мемориал Мемарыял Meduza Медуза Mediazona Медиазона
Dozhd Дождь Reuters Рейтер Interfax Интерфакс Hramada Грамада
"""

PLACES = """
Belarus Bielarus Białoruś Weißrussland Belarussland Беларусь Белоруссия Беларуси
Polska Poland Polen Польша Польшча Lietuva Lithuania Litwa Litauen Литва
Latvija Latvia Łotwa Lettland Латвия Латвія Ukraina Ukraine Україна Украина Украіна
Rossija Russia Rosja Russland Россия Расія Deutschland Germany Niemcy Германия Германія
Europa Europe Европа Еўропа Estonia Estland Эстония Czechia Czechy Tschechien Чехия
Slovakia Słowacja Moldova Mołdawia Молдова

Minsk Miensk Mińsk Менск Мінск Brest Brześć Берасце Hrodna Grodno Гродна Гродно
Homel Homiel Gomel Гомель Homla Mahiliou Mahiloŭ Mogilev Mohylew Магілёў Могилёв
Vitsebsk Viciebsk Vitebsk Witebsk Віцебск Витебск
Babruisk Babrujsk Bobrujsk Baranavichy Baranavičy Baranowicze
Pinsk Mazyr Mozyr Mozyrz Lida Orsha Vorša Orsza Polatsk Polack Połock Polotsk
Navapolatsk Navapolack Novopolotsk Salihorsk Soligorsk Maladzechna Molodechno Mołodeczno
Slutsk Słuck Zhlobin Žlobin Svetlahorsk Svietlahorsk Rechytsa Rečyca Rechitsa
Zhodzina Žodzina Zhodino Vaukavysk Vawkavysk Volkovysk Wołkowysk
Smarhon Smarhoń Smorgon Smorgonie Asipovichy Asipovičy Osipovichi Krychau Kryčaŭ Krichev
Dzyarzhynsk Dziaržynsk Luninets Luniniec Stolin Kalinkavichy
Vileyka Vilejka Wilejka Stoubtsy Stoŭbcy Stolbtsy Nyasvizh Niasviž Nieśwież Nesvizh
Hlybokaye Hlybokaje Głębokie Glubokoye Horki Gorki Shklou Škloŭ Shklov Ivatsevichy
Ivacevičy Ivatsevichi Navahrudak Navahrudak Nowogródek Novogrudok Pruzhany Pružany
Pastavy Postawy Postavy Lepel Lyepyel Dokshytsy Dokšycy Mstsislau Mscislaŭ Mstislavl
Klimavichy Klimavičy Klimovichi Kirausk Kiraŭsk Zhytkavichy
Zhitkovichi Khoiniki Chojniki Narovlia Naroŭlia Brahin
Lelchytsy Lieĺčycy Kalinkovichi Rechyca Chachersk Čačersk
Ashmyany Ašmiany Oszmiana Ostrovets Astraviec Ostrowiec Myadzel Miadziel Naroch Narač
Dzyarzhynsk Valozhyn Valožyn Wołożyn Kletsk Klieck Kleck Lyakhavichy Liachavičy
Hantsavichy Hancavičy Drahichyn Drahičyn Malaryta Kamianiets
Kamieniec Zhabinka Žabinka Biaroza Bereza Byaroza Ivye Iŭje Iwie
Shchuchyn Ščučyn Szczuczyn Vawkavysk Zelva Zelwa Svislach Svislač Świsłocz
Masty Mosty Dyatlava Dziatlava Zdzięcioł Karelichy Karelicy Karelicze Korelichi
Braslau Braslaŭ Brasław Sharkaushchyna Šarkaŭščyna Verkhnyadzvinsk Vierchniadzvinsk
Haradok Gorodok Gródek Liozna Liozna Syanno Sianno Tałaczyn Talachyn Tałačyn Dubrouna
Chashniki Čašniki Beshankovichy Biešankovičy Ushachy Ušačy Rasony Kalodzishchy
Zaslauye Zaslaŭje Zaslavl Fanipal Dzerzhinsk Kurapaty Akrestsina Akreścina Akrestina Valadarka
Volodarka Pishchalauski Piščałaŭski Amerikanka Amierykanka

Vilnius Vilnia Wilno Вильнюс Вільня Вільнюс Kaunas Kowno Kaunasas Klaipėda Klaipeda
Riga Ryga Рига Рыга Tallinn Таллин Warszawa Warsaw Warschau Варшава Białystok Bialystok
Kraków Krakow Cracow Krakau Gdańsk Gdansk Danzig Wrocław Wroclaw Breslau Poznań Poznan
Łódź Lodz Lublin Люблін Szczecin Katowice Rzeszów Olsztyn Bielsk Hajnówka Kuźnica
Kuznica Terespol Sławatycze Sokółka Suwałki Augustów Przemyśl Berlin Берлин Берлін
München Munich Frankfurt Hamburg Köln Wien Vienna Вена Praha Prague Prag Прага
Brussel Brussels Brüssel Брюссель Bruksela Strasbourg Strasburg Straßburg Genf Geneva Genewa
Женева Oslo Stockholm Sztokholm Helsinki London Londyn Лондон Paris Paryż Париж
Washington Waszyngton Вашингтон Budapest Bukarest Bucharest Istanbul
Kyiv Kiev Kijów Kiew Киев Київ Kyjiv Lviv Lwów Lemberg Львов Львів Kharkiv Charków
Kharkov Odesa Odessa Dnipro Zhytomyr Rivne Lutsk Łuck Chernihiv Czernihów Mariupol
Moskva Moscow Moskwa Moskau Москва Масква Peterburg Petersburg Petersburga Smolensk
Smoleńsk Pskov Kaliningrad Królewiec Bryansk Kursk Novosibirsk Kazan Sochi Krasnodar
"""
