"""Russian: the words of official statements, in dictionary form (forms are generated)."""

# Cardinal numbers by dictionary form; "двадцать одного" is read as 20 + 1.
NUMBERS = {
    "ноль": 0,
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
    "тысяча": 1000,
    # collective numerals ("ранены двое")
    "двое": 2,
    "трое": 3,
    "четверо": 4,
    "пятеро": 5,
    "шестеро": 6,
    "семеро": 7,
    "оба": 2,
}
# Words that stand for "one" before a noun (English "a"); none in Russian.
ONE = ()
# Before a number: the figure is not exact, so it is not a reported number.
APPROX = ("более", "свыше", "около", "не менее", "порядка", "почти", "примерно", "больше")
# A count without a number: the figure is not reported.
UNCOUNTED = ("несколько", "десяток", "ряд", "группа")
# Before a region.
OVER = ("над", "в", "во", "на")
# A place after these is where a drone was heading, not where it was claimed.
TOWARD = (
    "в сторону",
    "в направлении",
    "лететь на",
    "лететь в",
    "направляться на",
    "направляться в",
    "следовать на",
    "следовать в",
    "на подлёт к",
)
# The region already named, referred back to ("над регионом", "над территорией области").
ANAPHORA = ("регион", "область", "край", "республика")
AREA = ("территория", "акватория", "небо", "воздушное пространство")
# Between items of a list, and what opens an itemised list.
AND = ("и", ",", ";", "а также", "а", ")")
INCLUDING = (":", "(", "в том числе", "из них", "из которых", "из их числа")
# The part of a count the rest of the sentence speaks of ("37 ..., 22 of which were shot down").
PART_OF = ("из которых", "из них")
# "по три": the same figure for each region named.
EACH = ("по",)
FILLER = ()
# Words before a threat phrase that do not change it ("7 украинских беспилотников").
DEBRIS = ("обломок", "фрагмент")
# Between a type-less threat word and the name that makes it precise ("ракеты комплекса HIMARS").
LINKS = ("комплекс", "система", "тип")
MODIFIERS = ("украинский", "вражеский", "ударный", "иностранный", "очередной")
# The claim is an interception; or an attack (whose count is not an interception figure).
INTERCEPTED = (
    "перехватить",
    "уничтожить",
    "сбить",
    "подавить",
    "нейтрализовать",
    "отразить",
    "уничтожение",
    "перехват",
    "сбитый",
    "обезвредить",
    "ликвидировать",
    "пресечь",
    "приземлить",
)
ATTACK = (
    "атака",
    "атаковать",
    "удар",
    "ударить",
    "упасть",
    "падение",
    "сдетонировать",
    "попадание",
    "сбросить",
    "сброс",
    "налёт",
    "прилёт",
)
# Region nouns that a coordinated list shares ("Брянской и Курской областях").
# A region's adjective alone names it in a list ("над Брянской – 5, над Курской – 3").
LONE_ADJECTIVES = True
NOT_PLACES = ("российский", "украинский", "приграничный", "черноморский")
REGION_HEADS = ("область", "край", "округ", "республика", "море")
# Of those, the ones a district shares ("Шебекинский округ"): no unknown region before them.
SUBREGION_HEADS = ("округ",)

# Casualties. "Пострадавших нет" is killed and injured both 0, reported.
NO_CASUALTIES = {
    "пострадавший нет": ("killed", "injured"),
    "нет пострадавший": ("killed", "injured"),
    "без пострадавший": ("killed", "injured"),
    "жертва и пострадавший нет": ("killed", "injured"),
    "без жертва и пострадавший": ("killed", "injured"),
    "жертва нет": ("killed",),
    "без жертва": ("killed",),
    "погибший нет": ("killed",),
    "нет погибший": ("killed",),
    "без погибший": ("killed",),
    "раненый нет": ("injured",),
    "нет раненый": ("injured",),
    "никто не пострадать": ("killed", "injured"),
    "люди не пострадать": ("killed", "injured"),
    "жители не пострадать": ("killed", "injured"),
    "мирные жители не пострадать": ("killed", "injured"),
    "никто не погибнуть": ("killed",),
    "обойтись без пострадавший": ("killed", "injured"),
}
KILLED = ("погибнуть", "погибший", "убить", "гибель", "смертельный", "скончаться")
INJURED = (
    "ранить",
    "ранение",
    "ранен",
    "раненый",
    "пострадать",
    "пострадавший",
    "травма",
    "травмировать",
    "госпитализировать",
)
# Words for the hurt that count the dead among them: "пострадали трое, один погиб" is one
# killed and two injured.
INJURED_INCLUDES_KILLED = ("пострадать", "пострадавший")
# A casualty named by a singular person is one ("ранен мужчина").
PERSONS = (
    "мирный житель",
    "человек",
    "мужчина",
    "женщина",
    "ребёнок",
    "житель",
    "жительница",
    "водитель",
    "подросток",
    "пенсионер",
    "пенсионерка",
    "девушка",
    "юноша",
    "мальчик",
    "девочка",
    "военнослужащий",
    "сотрудник",
    "рабочий",
)

# When. Relative phrases: days before the post's own date (Moscow time).
RELATIVE = {
    "прошедшая ночь": 0,
    "минувшая ночь": 0,
    "эта ночь": 0,
    "сегодня ночью": 0,
    "ночью": 0,
    "ночь": 0,
    "сегодня утром": 0,
    "утром": 0,
    "сегодня": 0,
    "прошедшие сутки": 0,
    "минувшие сутки": 0,
    "последние сутки": 0,
    "прошедший день": 0,
    "минувший день": 0,
    "в течение дня": 0,
    "днём": 0,
    "вчера": -1,
    "вчера вечером": -1,
    "накануне": -1,
    "накануне вечером": -1,
    "прошлая ночь": 0,
}
# "с 20.00 до 23.00 мск"
WINDOW_FROM = ("с",)
WINDOW_TO = ("до",)
MOSCOW_TIME = ("мск", "по московскому времени", "московское время")
# "с 14 до 18 часов": hours without minutes
HOURS = ("час",)
# "с 23:00 в субботу до 07:00 в воскресенье"
WEEKDAYS = tuple(
    f"{on}{day}"
    for on in ("в ", "во ", "")
    for day in ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
)
# "в ночь на 3 мая", "в ночь с 2 на 3 мая": the night ending on that date.
NIGHT_OF = ("в ночь на", "в ночь с")
NIGHT_TO = ("на",)
MONTHS = {
    "январь": 1,
    "февраль": 2,
    "март": 3,
    "апрель": 4,
    "май": 5,
    "июнь": 6,
    "июль": 7,
    "август": 8,
    "сентябрь": 9,
    "октябрь": 10,
    "ноябрь": 11,
    "декабрь": 12,
}

# A source correcting its own earlier figure.
REVISION = (
    "уточнённые данные",
    "уточнённая информация",
    "уточнение",
    "как сообщаться ранее",
    "ранее сообщаться",
)
# The figure after these is the one being corrected ("семь БПЛА, а не пять").
PREVIOUS = ("а не",)
# The source says it will not give the figure.
WITHHELD = ("не разглашаться", "не раскрываться", "не называться")
# A capitalised unknown word right after these is a place the vocabulary does not know.
UNKNOWN_AFTER = ("над",)
