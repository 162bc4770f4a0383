"""Seed the vocabularies editors start from: regions, threat types, damage types.

Regions: every ISO 3166-2:RU subdivision (codes, ISO romanisation, type) with the English names
newsrooms use and the Russian names, then the areas statements name that ISO lists elsewhere:
Crimea and Sevastopol under their ISO 3166-2:UA codes, and two water areas. The table is frozen
here as pycountry 26.2.16 listed it: a migration must make the same rows on a fresh database
whatever a later pycountry says (tests/incidents/test_seed_vocabularies.py compares the table
with the installed pycountry, so a change in ISO's list is noticed, and made in a new migration).
"""

from django.db import migrations
from django.utils.text import slugify

# (code, English name as newsrooms write it, Russian name, ISO name, Region.kind), in the order
# the rows are created.
REGIONS = [
    ("RU-AD", "Republic of Adygea", "Республика Адыгея", "Adygeya, Respublika", "republic"),
    ("RU-AL", "Altai Republic", "Республика Алтай", "Altay, Respublika", "republic"),
    ("RU-ALT", "Altai Krai", "Алтайский край", "Altayskiy kray", "krai"),
    ("RU-AMU", "Amur Oblast", "Амурская область", "Amurskaya oblast'", "oblast"),
    ("RU-ARK", "Arkhangelsk Oblast", "Архангельская область", "Arkhangel'skaya oblast'", "oblast"),
    ("RU-AST", "Astrakhan Oblast", "Астраханская область", "Astrakhanskaya oblast'", "oblast"),
    (
        "RU-BA",
        "Republic of Bashkortostan",
        "Республика Башкортостан",
        "Bashkortostan, Respublika",
        "republic",
    ),
    ("RU-BEL", "Belgorod Oblast", "Белгородская область", "Belgorodskaya oblast'", "oblast"),
    ("RU-BRY", "Bryansk Oblast", "Брянская область", "Bryanskaya oblast'", "oblast"),
    ("RU-BU", "Republic of Buryatia", "Республика Бурятия", "Buryatiya, Respublika", "republic"),
    ("RU-CE", "Chechen Republic", "Чеченская Республика", "Chechenskaya Respublika", "republic"),
    ("RU-CHE", "Chelyabinsk Oblast", "Челябинская область", "Chelyabinskaya oblast'", "oblast"),
    (
        "RU-CHU",
        "Chukotka Autonomous Okrug",
        "Чукотский автономный округ",
        "Chukotskiy avtonomnyy okrug",
        "autonomous_okrug",
    ),
    ("RU-CU", "Chuvash Republic", "Чувашская Республика", "Chuvashskaya Respublika", "republic"),
    ("RU-DA", "Republic of Dagestan", "Республика Дагестан", "Dagestan, Respublika", "republic"),
    (
        "RU-IN",
        "Republic of Ingushetia",
        "Республика Ингушетия",
        "Ingushetiya, Respublika",
        "republic",
    ),
    ("RU-IRK", "Irkutsk Oblast", "Иркутская область", "Irkutskaya oblast'", "oblast"),
    ("RU-IVA", "Ivanovo Oblast", "Ивановская область", "Ivanovskaya oblast'", "oblast"),
    ("RU-KAM", "Kamchatka Krai", "Камчатский край", "Kamchatskiy kray", "krai"),
    (
        "RU-KB",
        "Kabardino-Balkarian Republic",
        "Кабардино-Балкарская Республика",
        "Kabardino-Balkarskaya Respublika",
        "republic",
    ),
    (
        "RU-KC",
        "Karachay-Cherkess Republic",
        "Карачаево-Черкесская Республика",
        "Karachayevo-Cherkesskaya Respublika",
        "republic",
    ),
    ("RU-KDA", "Krasnodar Krai", "Краснодарский край", "Krasnodarskiy kray", "krai"),
    ("RU-KEM", "Kemerovo Oblast", "Кемеровская область", "Kemerovskaya oblast'", "oblast"),
    (
        "RU-KGD",
        "Kaliningrad Oblast",
        "Калининградская область",
        "Kaliningradskaya oblast'",
        "oblast",
    ),
    ("RU-KGN", "Kurgan Oblast", "Курганская область", "Kurganskaya oblast'", "oblast"),
    ("RU-KHA", "Khabarovsk Krai", "Хабаровский край", "Khabarovskiy kray", "krai"),
    (
        "RU-KHM",
        "Khanty-Mansi Autonomous Okrug",
        "Ханты-Мансийский автономный округ — Югра",
        "Khanty-Mansiyskiy avtonomnyy okrug",
        "autonomous_okrug",
    ),
    ("RU-KIR", "Kirov Oblast", "Кировская область", "Kirovskaya oblast'", "oblast"),
    ("RU-KK", "Republic of Khakassia", "Республика Хакасия", "Khakasiya, Respublika", "republic"),
    ("RU-KL", "Republic of Kalmykia", "Республика Калмыкия", "Kalmykiya, Respublika", "republic"),
    ("RU-KLU", "Kaluga Oblast", "Калужская область", "Kaluzhskaya oblast'", "oblast"),
    ("RU-KO", "Komi Republic", "Республика Коми", "Komi, Respublika", "republic"),
    ("RU-KOS", "Kostroma Oblast", "Костромская область", "Kostromskaya oblast'", "oblast"),
    ("RU-KR", "Republic of Karelia", "Республика Карелия", "Kareliya, Respublika", "republic"),
    ("RU-KRS", "Kursk Oblast", "Курская область", "Kurskaya oblast'", "oblast"),
    ("RU-KYA", "Krasnoyarsk Krai", "Красноярский край", "Krasnoyarskiy kray", "krai"),
    ("RU-LEN", "Leningrad Oblast", "Ленинградская область", "Leningradskaya oblast'", "oblast"),
    ("RU-LIP", "Lipetsk Oblast", "Липецкая область", "Lipetskaya oblast'", "oblast"),
    ("RU-MAG", "Magadan Oblast", "Магаданская область", "Magadanskaya oblast'", "oblast"),
    ("RU-ME", "Mari El Republic", "Республика Марий Эл", "Mariy El, Respublika", "republic"),
    ("RU-MO", "Republic of Mordovia", "Республика Мордовия", "Mordoviya, Respublika", "republic"),
    ("RU-MOS", "Moscow Oblast", "Московская область", "Moskovskaya oblast'", "oblast"),
    ("RU-MOW", "Moscow", "Москва", "Moskva", "federal_city"),
    ("RU-MUR", "Murmansk Oblast", "Мурманская область", "Murmanskaya oblast'", "oblast"),
    (
        "RU-NEN",
        "Nenets Autonomous Okrug",
        "Ненецкий автономный округ",
        "Nenetskiy avtonomnyy okrug",
        "autonomous_okrug",
    ),
    ("RU-NGR", "Novgorod Oblast", "Новгородская область", "Novgorodskaya oblast'", "oblast"),
    (
        "RU-NIZ",
        "Nizhny Novgorod Oblast",
        "Нижегородская область",
        "Nizhegorodskaya oblast'",
        "oblast",
    ),
    ("RU-NVS", "Novosibirsk Oblast", "Новосибирская область", "Novosibirskaya oblast'", "oblast"),
    ("RU-OMS", "Omsk Oblast", "Омская область", "Omskaya oblast'", "oblast"),
    ("RU-ORE", "Orenburg Oblast", "Оренбургская область", "Orenburgskaya oblast'", "oblast"),
    ("RU-ORL", "Oryol Oblast", "Орловская область", "Orlovskaya oblast'", "oblast"),
    ("RU-PER", "Perm Krai", "Пермский край", "Permskiy kray", "krai"),
    ("RU-PNZ", "Penza Oblast", "Пензенская область", "Penzenskaya oblast'", "oblast"),
    ("RU-PRI", "Primorsky Krai", "Приморский край", "Primorskiy kray", "krai"),
    ("RU-PSK", "Pskov Oblast", "Псковская область", "Pskovskaya oblast'", "oblast"),
    ("RU-ROS", "Rostov Oblast", "Ростовская область", "Rostovskaya oblast'", "oblast"),
    ("RU-RYA", "Ryazan Oblast", "Рязанская область", "Ryazanskaya oblast'", "oblast"),
    (
        "RU-SA",
        "Sakha Republic (Yakutia)",
        "Республика Саха (Якутия)",
        "Saha, Respublika",
        "republic",
    ),
    ("RU-SAK", "Sakhalin Oblast", "Сахалинская область", "Sakhalinskaya oblast'", "oblast"),
    ("RU-SAM", "Samara Oblast", "Самарская область", "Samarskaya oblast'", "oblast"),
    ("RU-SAR", "Saratov Oblast", "Саратовская область", "Saratovskaya oblast'", "oblast"),
    (
        "RU-SE",
        "Republic of North Ossetia–Alania",
        "Республика Северная Осетия — Алания",
        "Severnaya Osetiya, Respublika",
        "republic",
    ),
    ("RU-SMO", "Smolensk Oblast", "Смоленская область", "Smolenskaya oblast'", "oblast"),
    ("RU-SPE", "Saint Petersburg", "Санкт-Петербург", "Sankt-Peterburg", "federal_city"),
    ("RU-STA", "Stavropol Krai", "Ставропольский край", "Stavropol'skiy kray", "krai"),
    ("RU-SVE", "Sverdlovsk Oblast", "Свердловская область", "Sverdlovskaya oblast'", "oblast"),
    ("RU-TA", "Republic of Tatarstan", "Республика Татарстан", "Tatarstan, Respublika", "republic"),
    ("RU-TAM", "Tambov Oblast", "Тамбовская область", "Tambovskaya oblast'", "oblast"),
    ("RU-TOM", "Tomsk Oblast", "Томская область", "Tomskaya oblast'", "oblast"),
    ("RU-TUL", "Tula Oblast", "Тульская область", "Tul'skaya oblast'", "oblast"),
    ("RU-TVE", "Tver Oblast", "Тверская область", "Tverskaya oblast'", "oblast"),
    ("RU-TY", "Tuva Republic", "Республика Тыва", "Tyva, Respublika", "republic"),
    ("RU-TYU", "Tyumen Oblast", "Тюменская область", "Tyumenskaya oblast'", "oblast"),
    ("RU-UD", "Udmurt Republic", "Удмуртская Республика", "Udmurtskaya Respublika", "republic"),
    ("RU-ULY", "Ulyanovsk Oblast", "Ульяновская область", "Ul'yanovskaya oblast'", "oblast"),
    ("RU-VGG", "Volgograd Oblast", "Волгоградская область", "Volgogradskaya oblast'", "oblast"),
    ("RU-VLA", "Vladimir Oblast", "Владимирская область", "Vladimirskaya oblast'", "oblast"),
    ("RU-VLG", "Vologda Oblast", "Вологодская область", "Vologodskaya oblast'", "oblast"),
    ("RU-VOR", "Voronezh Oblast", "Воронежская область", "Voronezhskaya oblast'", "oblast"),
    (
        "RU-YAN",
        "Yamalo-Nenets Autonomous Okrug",
        "Ямало-Ненецкий автономный округ",
        "Yamalo-Nenetskiy avtonomnyy okrug",
        "autonomous_okrug",
    ),
    ("RU-YAR", "Yaroslavl Oblast", "Ярославская область", "Yaroslavskaya oblast'", "oblast"),
    (
        "RU-YEV",
        "Jewish Autonomous Oblast",
        "Еврейская автономная область",
        "Yevreyskaya avtonomnaya oblast'",
        "autonomous_oblast",
    ),
    ("RU-ZAB", "Zabaykalsky Krai", "Забайкальский край", "Zabaykal'skiy kray", "krai"),
    ("UA-43", "Crimea", "Крым", "Avtonomna Respublika Krym", "republic"),
    ("UA-40", "Sevastopol", "Севастополь", "Sevastopol", "city"),
    ("", "Black Sea", "Чёрное море", "", "water_area"),
    ("", "Sea of Azov", "Азовское море", "", "water_area"),
]

THREAT_TYPES = [
    ("uav", "UAV", "Unmanned aerial vehicle (long-range or unspecified drone)."),
    ("fpv-drone", "FPV drone", "First-person-view drone, usually short range."),
    ("cruise-missile", "Cruise missile", ""),
    ("ballistic-missile", "Ballistic missile", ""),
    ("guided-aerial-bomb", "Guided aerial bomb", ""),
    ("mlrs-rocket", "MLRS rocket", "Rocket from a multiple-launch rocket system."),
    (
        "high-speed-air-target",
        "High-speed air target (unspecified)",
        "The source's own words when it does not say whether it was a missile or a drone.",
    ),
    ("uncrewed-surface-vessel", "Uncrewed surface vessel", "Sea drone."),
    ("unknown", "Unknown", "The statement does not say what attacked."),
]

DAMAGE_TYPES = [
    ("none-reported", "None reported", "The source states there was no damage."),
    ("residential", "Residential", "Houses, flats, windows and facades of homes."),
    (
        "public-building",
        "Public building",
        "Administrative, school, hospital and similar buildings.",
    ),
    ("infrastructure", "Infrastructure", "Roads, railways, bridges, communications."),
    ("energy", "Energy / power outage", "Power plants, substations, fuel; power cuts."),
    ("fire", "Fire", ""),
    ("vehicles", "Vehicles", ""),
    ("industrial", "Industrial", "Factories, refineries, warehouses."),
    (
        "air-travel-disruption",
        "Air-travel disruption",
        "Airports closed, flights diverted or delayed.",
    ),
    ("other", "Other", "Damage that fits no other category; see the description."),
]


def seed(apps, schema_editor):
    Region = apps.get_model("incidents", "Region")
    ThreatType = apps.get_model("incidents", "ThreatType")
    DamageType = apps.get_model("incidents", "DamageType")

    Region.objects.bulk_create(
        Region(
            name=name,
            name_ru=name_ru,
            iso_name=iso_name,
            slug=slugify(name.replace("–", "-")),
            iso_code=code,
            kind=kind,
        )
        for code, name, name_ru, iso_name, kind in REGIONS
    )

    for model, rows in ((ThreatType, THREAT_TYPES), (DamageType, DAMAGE_TYPES)):
        model.objects.bulk_create(
            model(slug=slug, name=name, description=description, position=position)
            for position, (slug, name, description) in enumerate(rows)
        )


def unseed(apps, schema_editor):
    for name in ("Region", "ThreatType", "DamageType"):
        apps.get_model("incidents", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
