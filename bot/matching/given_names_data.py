"""Common East Slavic, Polish and Lithuanian given names, grouped across languages.

One line per name: gender, then the nominative in the spellings news uses (English,
Belarusian official and Łacinka, Polish, German; Russian, Belarusian, Ukrainian
Cyrillic), diminutives that stand in for the full name in news, and a few irregular
oblique stems (Павла, Pawła, Льва). Spellings that only differ in ways the skeleton
absorbs (o/a, kh/h, w/v, ia/ya) need not all be listed. Distractors matter as much as
watched names: a mention "Eduard Babariko" must be recognised as *named*.
"""

GIVEN_NAMES = """
M Jacek Яцек Jacka
M Wojciech Wojtek Войцех Vojtsekh
M Janusz Януш Yanush
M Mariusz Марюш Mariush
M Łukasz Lukasz Лукаш Lukash
M Bartosz Бартош Bartosh
M Rafał Rafal Raphael Рафал Рафаэль
M Kamil Камиль Каміль
M Mindaugas Миндаугас Міндаўгас
M Algirdas Альгирдас Альгердас Alhierd Альгерд
M Darius Дариус Дарюс
M Žydrūnas Zydrunas Жидрунас
M Saulius Саулюс Саулиус
M Arvydas Арвидас Arvidas
F Magdalena Магдалена Magda Магда
F Joanna Иоанна Іаанна Йоанна
F Danuta Данута
F Beata Беата
F Monika Моника Моніка
F Dorota Дорота
F Jadwiga Ядвига Ядвіга Jadviga
F Wanda Ванда Vanda
F Teresa Тереза Тэрэза
F Vaiva Вайва
F Rūta Ruta Рута
F Aistė Aiste Айсте
F Eglė Egle Эгле
F Gintarė Gintare Гинтаре
F Laura Лаура
F Ieva Иева Іева
F Inga Инга Інга
M Aleksandr Alexander Aleksander Alexandr Aliaksandr Alaksandr Alyaksandr Oleksandr Ales Aleś Alies Алесь Александр Аляксандр Олександр Олесь Sasha Саша Sania Саня Aleksandar
M Aleksei Alexei Aleksey Alexey Aliaksei Alaksiej Aleksiej Oleksii Oleksiy Alexej Aljaksej Алексей Аляксей Олексій Lesha Лёша
M Anatoly Anatolii Anatol Anatoli Anatolij Anatoliy Анатолий Анатоль Анатолій Tolia Толя
M Andrei Andrey Andrej Andrzej Andriej Andrii Andriy Andrew André Andrija Andrius Андрей Андрэй Андрій Анджей
M Anton Antoni Antoine Antony Антон
M Arkady Arkadii Arkadz Arkadiusz Аркадий Аркадзь Аркадій
M Artem Artyom Artiom Arciom Artsiom Артём Арцём Artur Артур
M Arseni Arseny Arsen Арсений Арсеній Арсен
M Boris Barys Borys Борис Барыс
M Bogdan Bahdan Bohdan Богдан Багдан
M Vadim Vadzim Wadim Vadym Вадим Вадзім
M Valentin Valiantsin Walancin Valentyn Валентин Валянцін
M Valery Valeri Valeriy Valer Valeryj Walery Валерий Валерый Валерій
M Vasily Vasili Vasil Vasyl Wasyl Wasilij Vasilii Василий Васіль Василь Vasia Вася
M Viktor Viktar Wiktar Wiktor Victor Віктар Виктор Віктор Vitya Витя
M Vitaly Vitali Vitaliy Vital Witalij Vitalij Віталь Виталий Віталій
M Vitold Witold Vitaut Vitautas Вітаўт Витольд Вітольд
M Vladimir Uladzimir Uladzimier Wladimir Włodzimierz Volodymyr Vladzimir Владимир Уладзімір Уладзімер Володимир Vova Вова Volodia Володя
M Vladislav Uladzislau Władysław Vladyslav Vladzislav Vladislaw Владислав Уладзіслаў Vlad Влад
M Vyacheslav Viachaslau Wiaczesław Viacheslav Wjatscheslaw Вячеслав Вячаслаў В'ячеслав Slava Слава
M Vsevolod Usevalad Всеволод Усевалад
M Gennady Hienadz Genadz Gennadii Henadz Hennadiy Henadzi Геннадий Генадзь Геннадій
M Georgy Georgi Heorhi Jerzy Georg George Georgii Heorhiy Георгий Георгій
M Yahor Egor Yegor Jahor Yehor Егор Ягор Єгор
M Gleb Hleb Hlieb Hlib Глеб Гліб
M Grigory Ryhor Hryhory Hryhoriy Grzegorz Grigorij Григорий Рыгор Григорій Grisha Гриша
M Daniil Danila Danil Daniel Daniił Danylo Даниил Данила Даниэль Данііл Данило
M Denis Dzianis Denys Дзяніс Денис
M Dmitry Dmitri Dmitrij Dmitriy Dzmitry Dzmitryj Dźmitry Dźmitryj Dzmitrij Dmytro Dymitr Dmitrii Дмитрий Дзмітрый Дмитро Dima Дима Зміцер Zmicier Zmitser
M Evgeny Evgeni Yevgeny Yauhen Jauhien Jewgeni Eugeniusz Yevhen Yevheniy Evgenii Eugene Евгений Яўген Євген Zhenya Женя
M Eduard Eduardas Edward Eduardo Эдуард Едуард Edik Эдик
M Efim Yefim Jafim Ефим Яфім Юхим
M Zakhar Zachar Zachary Захар
M Ivan Iwan Jan Іван Иван Yan Ян Vania Ваня Ioann Ivanas Jonas
M Igor Ihar Ihor Igar Ігар Игорь Ігор
M Ignat Ihnat Ignacy Игнат Ігнат
M Ilya Ilia Ilja Illia Eliasz Ілля Илья
M Iosif Josif Józef Joseph Yosef Osip Josyp Иосиф Восіп Йосип Осип
M Kazimir Kazimierz Казимир Казімір
M Kirill Kiryl Kirył Kyrylo Cyryl Кирилл Кірыл Кирило
M Konstantin Kanstantsin Kanstancin Konstanty Kostiantyn Konstantyn Константин Канстанцін Костянтин Kostia Костя
M Lavrenty Laurenty Лаврентий
M Leonid Leanid Lieanid Леонид Леанід Леонід Lonya Лёня
M Lev Leu Lew Leŭ Лев Леў Lva Льва Lvu Льву Lvom Львом Lwa Lwem
M Makar Макар
M Maksim Maxim Maksym Maxym Maksimas Максим Максім Maks Макс
M Marat Марат
M Mark Marek Marak Марк Марак
M Marian Maryan Marjan Марьян Марыян
M Matvei Matsvei Macviej Mateusz Matthew Matviy Матвей Мацвей Матвій
M Mieczysław Miachaslau Мечислав Мечыслаў
M Mikhail Michail Michał Mikhailo Mykhailo Mikhal Mikhas Michael Михаил Міхаіл Міхал Михайло Міхась Misha Миша
M Nazar Назар
M Nikita Mikita Mykyta Никита Мікіта Микита
M Nikolai Nikolay Mikalai Mikałaj Mikalaj Mikola Mykola Mikołaj Nikolaj Nicolas Николай Мікалай Мікола Микола Kolya Коля
M Oleg Aleh Alieh Oleh Олег Алег
M Oskar Oscar Оскар
M Pavel Pavlo Paval Pavieł Paweł Paul Павел Павал Павло Pasha Паша Pavla Павла Pawła Pavlu Павлу Pawłowi Pavlom Павлом Pawłem
M Petr Piotr Pyotr Petro Piatro Peter Пётр Петр Пятро Петро Petia Петя
M Platon Платон
M Rodion Radzion Родион Радзівон Радзіён
M Roman Raman Роман Раман
M Romuald Ramuald Ramualdas Рамуальд Ромуальд
M Rostislav Rastsislau Rostyslav Ростислав Расціслаў
M Ruslan Руслан
M Rustam Рустам
M Ryszard Richard Рышард Ричард
M Savva Sava Савва Сава
M Semyon Siamion Semen Szymon Simon Семён Семен Сямён
M Sergei Sergey Sergej Siarhei Siarhiej Siarhej Serhii Serhiy Sergiusz Serge Sergio Сергей Сяргей Сергій Seryozha Серёжа
M Stanislav Stanislau Stanisław Станислав Станіслаў Stas Стас
M Stepan Stsiapan Scapan Stefan Szczepan Степан Сцяпан
M Svyatoslav Sviataslau Святослав Святаслаў
M Tadeusz Tadeush Tadevush Тадэвуш Тадеуш
M Taras Тарас
M Timofei Tsimafei Cimafiej Tymofii Tymoteusz Тимофей Цімафей Тимофій
M Timur Тимур Цімур
M Tomasz Tomas Thomas Foma Tamash Фома Тамаш
M Trofim Trafim Трофим Трафім
M Fedor Fyodor Fiodar Fedir Fiodor Teodor Фёдор Федор Фёдар Федір
M Filipp Filip Pilip Філіп Филипп Пилип
M Herman German Harman Герман
M Yuri Yury Jurij Juryj Yuriy Yurii Jurek Iouri Юрий Юры Юрій Yuras Юрась
M Yakov Yakau Jakub Jakaŭ Jakov Yakiv Jacob Jakob Яков Якаў Яків
M Yaroslav Jarosław Yaraslau Jaraslau Ярослав Яраслаў
M Zianon Zenon Зянон Зенон
M Adam Адам
M Emil Эмиль Эміль
M Nazar Назар
M Bronisław Bronislav Браніслаў Бронислав
M Zbigniew Збигнев
M Krzysztof Кшиштоф
M Gediminas Giedymin
M Veniamin Beniamin Benjamin Вениамин
M Gavriil Havryla Gabriel Гавриил Гаўрыла
M Eldar Эльдар
F Aleksandra Alexandra Aliaksandra Alaksandra Alyaksandra Oleksandra Александра Аляксандра Олександра
F Alena Alyona Alona Aliona Ałena Helena Elena Yelena Jelena Olena Алёна Алена Елена Олена Lena Лена
F Alesia Alesya Alesja Olesya Olesia Алеся Олеся
F Alina Аліна Алина
F Alla Алла
F Anastasia Anastasiya Anastasija Nastassia Nastasia Nastazja Anastassija Анастасия Анастасія Настасся Nastya Настя Nasta Наста
F Angelina Angelika Anzhalika Anżelika Ангелина Анжаліка Анжелика
F Anna Hanna Ganna Ганна Анна Ania Аня Anya Anka Hanka
F Antonina Antanina Антонина Антаніна
F Agata Агата
F Agnieszka Agnes Агнешка
F Barbara Varvara Варвара
F Valentina Valiantsina Walancina Valentyna Валентина Валянціна Valya Валя
F Valeria Valeryia Walerija Валерия Валерыя Валерія
F Vasilisa Vasilina Василиса Васіліна
F Vera Viera Wiera Vira Wera Вера Віра
F Veronika Veranika Weronika Вероника Вераніка Вероніка
F Victoria Viktoria Viktoryia Wiktoria Viktoriya Виктория Вікторыя Вікторія Vika Вика
F Violetta Wioletta Віялета Виолетта
F Galina Halina Galyna Halyna Галина Галіна Galia Галя
F Daria Darya Daryia Darja Dariya Daryja Dasha Daryna Дарья Дар'я Дарія Даша
F Diana Dziyana Дыяна Діана Диана
F Dina Dzina Дина Дзіна
F Ekaterina Katsiaryna Kaciaryna Katarzyna Kateryna Katerina Jekaterina Catherine Екатерина Кацярына Катерина Katia Катя Katya
F Elizaveta Elizabeth Elżbieta Alizaveta Єлизавета Елизавета Лізавета Liza Лиза Ліза
F Elina Эліна Элина
F Emma Эмма
F Eva Ewa Ева Єва
F Evgenia Yauheniya Yauhenia Jauhienija Eugenia Yevgenia Евгения Яўгенія Євгенія
F Zhanna Żanna Жанна
F Zinaida Зинаида Зінаіда
F Zlata Злата
F Zoya Zoia Зоя
F Inna Ina Іна Инна
F Irina Iryna Irena Ірына Ирина Ірина Ira Ира
F Karina Карина Карына
F Kira Кира Кіра
F Kristina Krystsina Krystyna Christina Кристина Крысціна Христина
F Ksenia Ksenija Kseniya Ksenya Kseniia Ksienija Xenia Ксения Ксенія Ксеня
F Larisa Larysa Лариса Ларыса
F Lidia Lidziya Lidija Lydia Лидия Лідзія Лідія
F Lilia Liliya Lilija Лилия Лілія
F Lina Ліна Лина
F Liudmila Lyudmila Liudmyla Ludmila Ludmiła Людмила Людміла Lyuda Люда
F Lyubov Liubou Liubov Luba Lubow Любовь Любоў Любов
F Lesia Lesya Леся
F Margarita Marharyta Małgorzata Маргарита Маргарыта Rita Рита
F Maria Maryia Maryja Marija Mariya Marya Мария Марыя Марія Masha Маша Marusia Mary Marie
F Mariana Maryana Марьяна Марыяна
F Marina Maryna Марина Марына
F Marfa Марфа
F Marta Martha Марта
F Milana Мілана Милана
F Nadezhda Nadzeya Nadzieja Nadiia Nadiya Nadia Nadya Надежда Надзея Надія Надя
F Natalia Natallia Nataliya Natalya Natalja Natalla Наталья Наталля Наталія Наташа Natasha
F Nelly Nelli Нэлі Нелли
F Nina Ніна Нина
F Oksana Oxana Aksana Оксана Аксана
F Olga Volha Wolha Olha Ольга Вольга Olya Оля
F Palina Polina Paulina Полина Паліна Поліна
F Raisa Раиса Раіса
F Regina Рэгіна Регина
F Svetlana Sviatlana Swiatłana Svitlana Swetlana Світлана Святлана Светлана Sveta Света
F Sofia Sophia Sofya Sofiya Zofia Софья Софія Соф'я Sonia Соня
F Stanislava Stanisława Станислава Станіслава
F Tamara Тамара
F Tatiana Tatsiana Taciana Tatyana Tetiana Tetyana Tatjana Татьяна Таццяна Тетяна Tania Таня
F Ulyana Uliana Ulijana Ульяна Уляна
F Yulia Yuliya Julia Julija Yulija Iuliia Юлия Юлія Yulya Юля
F Yana Jana Яна
F Yaroslava Jarosława Ярослава Яраслава
""".strip()
