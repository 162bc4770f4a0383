"""Regions and water areas that statements name: the record's region list as plain data.

Codes, slugs, English and Russian names and kinds equal the rows seeded by
incidents/migrations/0002_seed_vocabularies.py (a test holds them equal against a migrated
database). ``code`` is the ISO 3166-2 code, empty for the seas. Aliases are the other names
statements use; every name is written once, in the nominative, and its other forms are generated
(incidents.intake.morphology), never typed. Issue 23 adds Ukrainian names beside these.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    slug: str
    name_en: str
    name_ru: str
    kind: str

    @property
    def key(self):
        """How the parser and its JSON name a region: the ISO code, or the slug where none."""
        return self.code or self.slug


REGIONS = (
    Region("RU-AD", "republic-of-adygea", "Republic of Adygea", "Республика Адыгея", "republic"),
    Region("RU-AL", "altai-republic", "Altai Republic", "Республика Алтай", "republic"),
    Region("RU-ALT", "altai-krai", "Altai Krai", "Алтайский край", "krai"),
    Region("RU-AMU", "amur-oblast", "Amur Oblast", "Амурская область", "oblast"),
    Region("RU-ARK", "arkhangelsk-oblast", "Arkhangelsk Oblast", "Архангельская область", "oblast"),
    Region("RU-AST", "astrakhan-oblast", "Astrakhan Oblast", "Астраханская область", "oblast"),
    Region(
        "RU-BA",
        "republic-of-bashkortostan",
        "Republic of Bashkortostan",
        "Республика Башкортостан",
        "republic",
    ),
    Region("RU-BEL", "belgorod-oblast", "Belgorod Oblast", "Белгородская область", "oblast"),
    Region("RU-BRY", "bryansk-oblast", "Bryansk Oblast", "Брянская область", "oblast"),
    Region(
        "RU-BU", "republic-of-buryatia", "Republic of Buryatia", "Республика Бурятия", "republic"
    ),
    Region("RU-CE", "chechen-republic", "Chechen Republic", "Чеченская Республика", "republic"),
    Region("RU-CHE", "chelyabinsk-oblast", "Chelyabinsk Oblast", "Челябинская область", "oblast"),
    Region(
        "RU-CHU",
        "chukotka-autonomous-okrug",
        "Chukotka Autonomous Okrug",
        "Чукотский автономный округ",
        "autonomous_okrug",
    ),
    Region("RU-CU", "chuvash-republic", "Chuvash Republic", "Чувашская Республика", "republic"),
    Region(
        "RU-DA", "republic-of-dagestan", "Republic of Dagestan", "Республика Дагестан", "republic"
    ),
    Region(
        "RU-IN",
        "republic-of-ingushetia",
        "Republic of Ingushetia",
        "Республика Ингушетия",
        "republic",
    ),
    Region("RU-IRK", "irkutsk-oblast", "Irkutsk Oblast", "Иркутская область", "oblast"),
    Region("RU-IVA", "ivanovo-oblast", "Ivanovo Oblast", "Ивановская область", "oblast"),
    Region("RU-KAM", "kamchatka-krai", "Kamchatka Krai", "Камчатский край", "krai"),
    Region(
        "RU-KB",
        "kabardino-balkarian-republic",
        "Kabardino-Balkarian Republic",
        "Кабардино-Балкарская Республика",
        "republic",
    ),
    Region(
        "RU-KC",
        "karachay-cherkess-republic",
        "Karachay-Cherkess Republic",
        "Карачаево-Черкесская Республика",
        "republic",
    ),
    Region("RU-KDA", "krasnodar-krai", "Krasnodar Krai", "Краснодарский край", "krai"),
    Region("RU-KEM", "kemerovo-oblast", "Kemerovo Oblast", "Кемеровская область", "oblast"),
    Region(
        "RU-KGD", "kaliningrad-oblast", "Kaliningrad Oblast", "Калининградская область", "oblast"
    ),
    Region("RU-KGN", "kurgan-oblast", "Kurgan Oblast", "Курганская область", "oblast"),
    Region("RU-KHA", "khabarovsk-krai", "Khabarovsk Krai", "Хабаровский край", "krai"),
    Region(
        "RU-KHM",
        "khanty-mansi-autonomous-okrug",
        "Khanty-Mansi Autonomous Okrug",
        "Ханты-Мансийский автономный округ — Югра",
        "autonomous_okrug",
    ),
    Region("RU-KIR", "kirov-oblast", "Kirov Oblast", "Кировская область", "oblast"),
    Region(
        "RU-KK", "republic-of-khakassia", "Republic of Khakassia", "Республика Хакасия", "republic"
    ),
    Region(
        "RU-KL", "republic-of-kalmykia", "Republic of Kalmykia", "Республика Калмыкия", "republic"
    ),
    Region("RU-KLU", "kaluga-oblast", "Kaluga Oblast", "Калужская область", "oblast"),
    Region("RU-KO", "komi-republic", "Komi Republic", "Республика Коми", "republic"),
    Region("RU-KOS", "kostroma-oblast", "Kostroma Oblast", "Костромская область", "oblast"),
    Region("RU-KR", "republic-of-karelia", "Republic of Karelia", "Республика Карелия", "republic"),
    Region("RU-KRS", "kursk-oblast", "Kursk Oblast", "Курская область", "oblast"),
    Region("RU-KYA", "krasnoyarsk-krai", "Krasnoyarsk Krai", "Красноярский край", "krai"),
    Region("RU-LEN", "leningrad-oblast", "Leningrad Oblast", "Ленинградская область", "oblast"),
    Region("RU-LIP", "lipetsk-oblast", "Lipetsk Oblast", "Липецкая область", "oblast"),
    Region("RU-MAG", "magadan-oblast", "Magadan Oblast", "Магаданская область", "oblast"),
    Region("RU-ME", "mari-el-republic", "Mari El Republic", "Республика Марий Эл", "republic"),
    Region(
        "RU-MO", "republic-of-mordovia", "Republic of Mordovia", "Республика Мордовия", "republic"
    ),
    Region("RU-MOS", "moscow-oblast", "Moscow Oblast", "Московская область", "oblast"),
    Region("RU-MOW", "moscow", "Moscow", "Москва", "federal_city"),
    Region("RU-MUR", "murmansk-oblast", "Murmansk Oblast", "Мурманская область", "oblast"),
    Region(
        "RU-NEN",
        "nenets-autonomous-okrug",
        "Nenets Autonomous Okrug",
        "Ненецкий автономный округ",
        "autonomous_okrug",
    ),
    Region("RU-NGR", "novgorod-oblast", "Novgorod Oblast", "Новгородская область", "oblast"),
    Region(
        "RU-NIZ",
        "nizhny-novgorod-oblast",
        "Nizhny Novgorod Oblast",
        "Нижегородская область",
        "oblast",
    ),
    Region("RU-NVS", "novosibirsk-oblast", "Novosibirsk Oblast", "Новосибирская область", "oblast"),
    Region("RU-OMS", "omsk-oblast", "Omsk Oblast", "Омская область", "oblast"),
    Region("RU-ORE", "orenburg-oblast", "Orenburg Oblast", "Оренбургская область", "oblast"),
    Region("RU-ORL", "oryol-oblast", "Oryol Oblast", "Орловская область", "oblast"),
    Region("RU-PER", "perm-krai", "Perm Krai", "Пермский край", "krai"),
    Region("RU-PNZ", "penza-oblast", "Penza Oblast", "Пензенская область", "oblast"),
    Region("RU-PRI", "primorsky-krai", "Primorsky Krai", "Приморский край", "krai"),
    Region("RU-PSK", "pskov-oblast", "Pskov Oblast", "Псковская область", "oblast"),
    Region("RU-ROS", "rostov-oblast", "Rostov Oblast", "Ростовская область", "oblast"),
    Region("RU-RYA", "ryazan-oblast", "Ryazan Oblast", "Рязанская область", "oblast"),
    Region(
        "RU-SA",
        "sakha-republic-yakutia",
        "Sakha Republic (Yakutia)",
        "Республика Саха (Якутия)",
        "republic",
    ),
    Region("RU-SAK", "sakhalin-oblast", "Sakhalin Oblast", "Сахалинская область", "oblast"),
    Region("RU-SAM", "samara-oblast", "Samara Oblast", "Самарская область", "oblast"),
    Region("RU-SAR", "saratov-oblast", "Saratov Oblast", "Саратовская область", "oblast"),
    Region(
        "RU-SE",
        "republic-of-north-ossetia-alania",
        "Republic of North Ossetia–Alania",
        "Республика Северная Осетия — Алания",
        "republic",
    ),
    Region("RU-SMO", "smolensk-oblast", "Smolensk Oblast", "Смоленская область", "oblast"),
    Region("RU-SPE", "saint-petersburg", "Saint Petersburg", "Санкт-Петербург", "federal_city"),
    Region("RU-STA", "stavropol-krai", "Stavropol Krai", "Ставропольский край", "krai"),
    Region("RU-SVE", "sverdlovsk-oblast", "Sverdlovsk Oblast", "Свердловская область", "oblast"),
    Region(
        "RU-TA",
        "republic-of-tatarstan",
        "Republic of Tatarstan",
        "Республика Татарстан",
        "republic",
    ),
    Region("RU-TAM", "tambov-oblast", "Tambov Oblast", "Тамбовская область", "oblast"),
    Region("RU-TOM", "tomsk-oblast", "Tomsk Oblast", "Томская область", "oblast"),
    Region("RU-TUL", "tula-oblast", "Tula Oblast", "Тульская область", "oblast"),
    Region("RU-TVE", "tver-oblast", "Tver Oblast", "Тверская область", "oblast"),
    Region("RU-TY", "tuva-republic", "Tuva Republic", "Республика Тыва", "republic"),
    Region("RU-TYU", "tyumen-oblast", "Tyumen Oblast", "Тюменская область", "oblast"),
    Region("RU-UD", "udmurt-republic", "Udmurt Republic", "Удмуртская Республика", "republic"),
    Region("RU-ULY", "ulyanovsk-oblast", "Ulyanovsk Oblast", "Ульяновская область", "oblast"),
    Region("RU-VGG", "volgograd-oblast", "Volgograd Oblast", "Волгоградская область", "oblast"),
    Region("RU-VLA", "vladimir-oblast", "Vladimir Oblast", "Владимирская область", "oblast"),
    Region("RU-VLG", "vologda-oblast", "Vologda Oblast", "Вологодская область", "oblast"),
    Region("RU-VOR", "voronezh-oblast", "Voronezh Oblast", "Воронежская область", "oblast"),
    Region(
        "RU-YAN",
        "yamalo-nenets-autonomous-okrug",
        "Yamalo-Nenets Autonomous Okrug",
        "Ямало-Ненецкий автономный округ",
        "autonomous_okrug",
    ),
    Region("RU-YAR", "yaroslavl-oblast", "Yaroslavl Oblast", "Ярославская область", "oblast"),
    Region(
        "RU-YEV",
        "jewish-autonomous-oblast",
        "Jewish Autonomous Oblast",
        "Еврейская автономная область",
        "autonomous_oblast",
    ),
    Region("RU-ZAB", "zabaykalsky-krai", "Zabaykalsky Krai", "Забайкальский край", "krai"),
    Region("UA-43", "crimea", "Crimea", "Крым", "republic"),
    Region("UA-40", "sevastopol", "Sevastopol", "Севастополь", "city"),
    Region("", "black-sea", "Black Sea", "Чёрное море", "water_area"),
    Region("", "sea-of-azov", "Sea of Azov", "Азовское море", "water_area"),
    Region("", "caspian-sea", "Caspian Sea", "Каспийское море", "water_area"),
    Region("", "baltic-sea", "Baltic Sea", "Балтийское море", "water_area"),
)

# Other names in the nominative, by slug. Russian: forms are generated. English: the generic
# patterns of incidents/intake/languages/en.py ("Kursk region", "Republic of X", ...) come on top.
ALIASES_RU = {
    "republic-of-adygea": ("Адыгея",),
    "altai-republic": ("Горный Алтай",),
    "republic-of-bashkortostan": ("Башкортостан", "Башкирия"),
    "republic-of-buryatia": ("Бурятия",),
    "chechen-republic": ("Чечня",),
    "chukotka-autonomous-okrug": ("Чукотка",),
    "chuvash-republic": ("Чувашия",),
    "republic-of-dagestan": ("Дагестан",),
    "republic-of-ingushetia": ("Ингушетия",),
    "kabardino-balkarian-republic": ("Кабардино-Балкария",),
    "karachay-cherkess-republic": ("Карачаево-Черкесия",),
    "krasnodar-krai": ("Кубань",),
    "khanty-mansi-autonomous-okrug": ("Югра", "ХМАО"),
    "republic-of-khakassia": ("Хакасия",),
    "republic-of-kalmykia": ("Калмыкия",),
    "komi-republic": ("Коми",),
    "republic-of-karelia": ("Карелия",),
    "mari-el-republic": ("Марий Эл",),
    "republic-of-mordovia": ("Мордовия",),
    "moscow-oblast": ("Подмосковье",),
    "sakha-republic-yakutia": ("Якутия", "Республика Саха"),
    "republic-of-north-ossetia-alania": ("Северная Осетия", "Северная Осетия — Алания"),
    "saint-petersburg": ("Петербург",),
    "republic-of-tatarstan": ("Татарстан",),
    "tuva-republic": ("Тыва", "Тува", "Республика Тува"),
    "udmurt-republic": ("Удмуртия",),
    "yamalo-nenets-autonomous-okrug": ("Ямал", "ЯНАО"),
    "jewish-autonomous-oblast": ("ЕАО",),
    "primorsky-krai": ("Приморье",),
    "crimea": ("Республика Крым", "Крымский полуостров"),
    "caspian-sea": ("Каспий",),
    "baltic-sea": ("Балтика",),
}

ALIASES_EN = {
    "chechen-republic": ("Chechnya",),
    "chuvash-republic": ("Chuvashia",),
    "kabardino-balkarian-republic": ("Kabardino-Balkaria",),
    "karachay-cherkess-republic": ("Karachay-Cherkessia",),
    "khanty-mansi-autonomous-okrug": ("Khanty-Mansiysk region", "Yugra"),
    "komi-republic": ("Komi",),
    "mari-el-republic": ("Mari El",),
    "oryol-oblast": ("Orel region", "Orel Oblast"),
    "republic-of-bashkortostan": ("Bashkiria",),
    "republic-of-north-ossetia-alania": ("North Ossetia",),
    "sakha-republic-yakutia": ("Yakutia", "Sakha Republic", "Republic of Sakha"),
    "saint-petersburg": ("St Petersburg", "St. Petersburg", "Petersburg"),
    "tuva-republic": ("Tuva", "Tyva"),
    "udmurt-republic": ("Udmurtia",),
    "yamalo-nenets-autonomous-okrug": ("Yamal",),
    "crimea": ("Republic of Crimea", "the Crimean peninsula"),
    "sea-of-azov": ("Azov Sea",),
}

# Cities statements name instead of their region ("над Белгородом", "an attack on Kursk"), by
# region slug: the incident's region is the one the city lies in. A bare English "Kursk" may mean
# the city or the region; both readings give the same region, so it names Kursk Oblast.
CITIES_RU = {
    "belgorod-oblast": ("Белгород", "Шебекино", "Валуйки"),
    "kursk-oblast": ("Курск", "Курчатов", "Рыльск", "Суджа"),
    "bryansk-oblast": ("Брянск", "Клинцы"),
    "voronezh-oblast": ("Воронеж", "Россошь", "Лиски"),
    "oryol-oblast": ("Орёл",),
    "tula-oblast": ("Тула", "Новомосковск"),
    "kaluga-oblast": ("Калуга",),
    "smolensk-oblast": ("Смоленск",),
    "lipetsk-oblast": ("Липецк",),
    "ryazan-oblast": ("Рязань",),
    "tambov-oblast": ("Тамбов",),
    "rostov-oblast": ("Ростов-на-Дону", "Таганрог", "Новочеркасск", "Каменск-Шахтинский"),
    "krasnodar-krai": ("Краснодар", "Новороссийск", "Туапсе", "Сочи", "Армавир", "Ейск"),
    "stavropol-krai": ("Ставрополь",),
    "pskov-oblast": ("Псков",),
    "tver-oblast": ("Тверь",),
    "yaroslavl-oblast": ("Ярославль",),
    "nizhny-novgorod-oblast": ("Нижний Новгород", "Кстово"),
    "republic-of-tatarstan": ("Казань", "Елабуга"),
    "republic-of-bashkortostan": ("Уфа",),
    "saratov-oblast": ("Саратов", "Энгельс"),
    "volgograd-oblast": ("Волгоград",),
    "penza-oblast": ("Пенза",),
    "samara-oblast": ("Самара", "Сызрань"),
    "chuvash-republic": ("Чебоксары",),
    "leningrad-oblast": ("Кириши", "Усть-Луга"),
    "crimea": ("Симферополь", "Феодосия", "Евпатория", "Керчь", "Джанкой"),
    "republic-of-dagestan": ("Махачкала",),
}

CITIES_EN = {
    "belgorod-oblast": ("Belgorod", "Shebekino", "Valuyki"),
    "kursk-oblast": ("Kursk", "Kurchatov", "Rylsk", "Sudzha"),
    "bryansk-oblast": ("Bryansk", "Klintsy"),
    "voronezh-oblast": ("Voronezh", "Rossosh", "Liski"),
    "oryol-oblast": ("Oryol", "Orel"),
    "tula-oblast": ("Tula", "Novomoskovsk"),
    "kaluga-oblast": ("Kaluga",),
    "smolensk-oblast": ("Smolensk",),
    "lipetsk-oblast": ("Lipetsk",),
    "ryazan-oblast": ("Ryazan",),
    "tambov-oblast": ("Tambov",),
    "rostov-oblast": (
        "Rostov-on-Don",
        "Rostov",
        "Taganrog",
        "Novocherkassk",
        "Kamensk-Shakhtinsky",
    ),
    "krasnodar-krai": ("Krasnodar", "Novorossiysk", "Tuapse", "Sochi", "Armavir", "Yeysk"),
    "stavropol-krai": ("Stavropol",),
    "pskov-oblast": ("Pskov",),
    "tver-oblast": ("Tver",),
    "yaroslavl-oblast": ("Yaroslavl",),
    "nizhny-novgorod-oblast": ("Nizhny Novgorod", "Kstovo"),
    "republic-of-tatarstan": ("Kazan", "Yelabuga", "Alabuga"),
    "republic-of-bashkortostan": ("Ufa",),
    "saratov-oblast": ("Saratov", "Engels"),
    "volgograd-oblast": ("Volgograd",),
    "penza-oblast": ("Penza",),
    "samara-oblast": ("Samara", "Syzran"),
    "chuvash-republic": ("Cheboksary",),
    "leningrad-oblast": ("Kirishi", "Ust-Luga"),
    "crimea": ("Simferopol", "Feodosia", "Yevpatoria", "Kerch", "Dzhankoi"),
    "republic-of-dagestan": ("Makhachkala",),
}

# Districts named after their region ("Брянский район" of "Брянская область") are generated
# from the region's name, one word per district noun (DISTRICT_HEADS_RU, in the nominative):
# "над Брянским районом" names Bryansk Oblast. A district of that name that also lies in another
# region ("Курский район": Kursk Oblast and Stavropol Krai; Moscow's own districts "Тверской",
# "Рязанский") names no region alone: only with its region ("Курским районом Курской
# области"); alone the sentence is reported, not read.
DISTRICT_HEADS_RU = ("район", "муниципальный округ", "городской округ")
DISTRICT_HEADS_EN = ("district",)
DISTRICTS_ELSEWHERE = frozenset(
    {
        "moscow-oblast",  # Moskovsky districts in St Petersburg, Kazan, Nizhny Novgorod...
        "leningrad-oblast",  # Leningradsky district: Krasnodar Krai, Kaliningrad
        "kursk-oblast",  # Kursky district: Stavropol Krai
        "smolensk-oblast",  # Smolensky district: Altai Krai
        "oryol-oblast",  # Orlovsky district: Rostov Oblast
        "tambov-oblast",  # Tambovsky district: Amur Oblast
        "ivanovo-oblast",  # Ivanovsky district: Amur Oblast
        "ryazan-oblast",  # Ryazansky district: Moscow
        "yaroslavl-oblast",  # Yaroslavsky district: Moscow
        "tver-oblast",  # Tverskoy district: Moscow
        "nizhny-novgorod-oblast",  # Nizhegorodsky district: Moscow
        "kirov-oblast",  # Kirovsky districts in many cities
        "sverdlovsk-oblast",  # Sverdlovsky districts: Oryol Oblast, Perm, Irkutsk
        "rostov-oblast",  # Rostovsky district: Yaroslavl Oblast
        "stavropol-krai",  # Stavropolsky district: Samara Oblast
        "primorsky-krai",  # Primorsky districts: St Petersburg, Arkhangelsk Oblast
        "altai-krai",  # Altaisky district: Khakassia
        "amur-oblast",  # Amursky district: Khabarovsk Krai
        "arkhangelsk-oblast",  # Arkhangelsky district: Bashkortostan
        "volgograd-oblast",  # Volgogradsky: Moscow
    }
)

# Place names that may mean more than one region: never read as either ("Московский регион":
# the city of Moscow, Moscow Oblast, or both). A sentence naming one is reported, not read.
AMBIGUOUS_RU = ("Московский регион", "столичный регион", "Московская агломерация")

BY_SLUG = {region.slug: region for region in REGIONS}
BY_KEY = {region.key: region for region in REGIONS}
