"""Seed the vocabularies editors start from: regions, threat types, damage types.

Regions: every ISO 3166-2:RU subdivision as pycountry lists it (codes, ISO romanisation, type),
with the English names newsrooms use and the Russian names, which pycountry translates for only a
few subdivisions. The migration refuses to run if pycountry and the table below disagree, so the
seed can never silently miss a subdivision. Then the areas statements name that ISO lists
elsewhere: Crimea and Sevastopol under their ISO 3166-2:UA codes, and two water areas.
"""

import pycountry
from django.db import migrations
from django.utils.text import slugify

# ISO 3166-2:RU code -> (English name as newsrooms write it, Russian name)
RU_NAMES = {
    "RU-AD": ("Republic of Adygea", "Республика Адыгея"),
    "RU-AL": ("Altai Republic", "Республика Алтай"),
    "RU-ALT": ("Altai Krai", "Алтайский край"),
    "RU-AMU": ("Amur Oblast", "Амурская область"),
    "RU-ARK": ("Arkhangelsk Oblast", "Архангельская область"),
    "RU-AST": ("Astrakhan Oblast", "Астраханская область"),
    "RU-BA": ("Republic of Bashkortostan", "Республика Башкортостан"),
    "RU-BEL": ("Belgorod Oblast", "Белгородская область"),
    "RU-BRY": ("Bryansk Oblast", "Брянская область"),
    "RU-BU": ("Republic of Buryatia", "Республика Бурятия"),
    "RU-CE": ("Chechen Republic", "Чеченская Республика"),
    "RU-CHE": ("Chelyabinsk Oblast", "Челябинская область"),
    "RU-CHU": ("Chukotka Autonomous Okrug", "Чукотский автономный округ"),
    "RU-CU": ("Chuvash Republic", "Чувашская Республика"),
    "RU-DA": ("Republic of Dagestan", "Республика Дагестан"),
    "RU-IN": ("Republic of Ingushetia", "Республика Ингушетия"),
    "RU-IRK": ("Irkutsk Oblast", "Иркутская область"),
    "RU-IVA": ("Ivanovo Oblast", "Ивановская область"),
    "RU-KAM": ("Kamchatka Krai", "Камчатский край"),
    "RU-KB": ("Kabardino-Balkarian Republic", "Кабардино-Балкарская Республика"),
    "RU-KC": ("Karachay-Cherkess Republic", "Карачаево-Черкесская Республика"),
    "RU-KDA": ("Krasnodar Krai", "Краснодарский край"),
    "RU-KEM": ("Kemerovo Oblast", "Кемеровская область"),
    "RU-KGD": ("Kaliningrad Oblast", "Калининградская область"),
    "RU-KGN": ("Kurgan Oblast", "Курганская область"),
    "RU-KHA": ("Khabarovsk Krai", "Хабаровский край"),
    "RU-KHM": ("Khanty-Mansi Autonomous Okrug", "Ханты-Мансийский автономный округ — Югра"),
    "RU-KIR": ("Kirov Oblast", "Кировская область"),
    "RU-KK": ("Republic of Khakassia", "Республика Хакасия"),
    "RU-KL": ("Republic of Kalmykia", "Республика Калмыкия"),
    "RU-KLU": ("Kaluga Oblast", "Калужская область"),
    "RU-KO": ("Komi Republic", "Республика Коми"),
    "RU-KOS": ("Kostroma Oblast", "Костромская область"),
    "RU-KR": ("Republic of Karelia", "Республика Карелия"),
    "RU-KRS": ("Kursk Oblast", "Курская область"),
    "RU-KYA": ("Krasnoyarsk Krai", "Красноярский край"),
    "RU-LEN": ("Leningrad Oblast", "Ленинградская область"),
    "RU-LIP": ("Lipetsk Oblast", "Липецкая область"),
    "RU-MAG": ("Magadan Oblast", "Магаданская область"),
    "RU-ME": ("Mari El Republic", "Республика Марий Эл"),
    "RU-MO": ("Republic of Mordovia", "Республика Мордовия"),
    "RU-MOS": ("Moscow Oblast", "Московская область"),
    "RU-MOW": ("Moscow", "Москва"),
    "RU-MUR": ("Murmansk Oblast", "Мурманская область"),
    "RU-NEN": ("Nenets Autonomous Okrug", "Ненецкий автономный округ"),
    "RU-NGR": ("Novgorod Oblast", "Новгородская область"),
    "RU-NIZ": ("Nizhny Novgorod Oblast", "Нижегородская область"),
    "RU-NVS": ("Novosibirsk Oblast", "Новосибирская область"),
    "RU-OMS": ("Omsk Oblast", "Омская область"),
    "RU-ORE": ("Orenburg Oblast", "Оренбургская область"),
    "RU-ORL": ("Oryol Oblast", "Орловская область"),
    "RU-PER": ("Perm Krai", "Пермский край"),
    "RU-PNZ": ("Penza Oblast", "Пензенская область"),
    "RU-PRI": ("Primorsky Krai", "Приморский край"),
    "RU-PSK": ("Pskov Oblast", "Псковская область"),
    "RU-ROS": ("Rostov Oblast", "Ростовская область"),
    "RU-RYA": ("Ryazan Oblast", "Рязанская область"),
    "RU-SA": ("Sakha Republic (Yakutia)", "Республика Саха (Якутия)"),
    "RU-SAK": ("Sakhalin Oblast", "Сахалинская область"),
    "RU-SAM": ("Samara Oblast", "Самарская область"),
    "RU-SAR": ("Saratov Oblast", "Саратовская область"),
    "RU-SE": ("Republic of North Ossetia–Alania", "Республика Северная Осетия — Алания"),
    "RU-SMO": ("Smolensk Oblast", "Смоленская область"),
    "RU-SPE": ("Saint Petersburg", "Санкт-Петербург"),
    "RU-STA": ("Stavropol Krai", "Ставропольский край"),
    "RU-SVE": ("Sverdlovsk Oblast", "Свердловская область"),
    "RU-TA": ("Republic of Tatarstan", "Республика Татарстан"),
    "RU-TAM": ("Tambov Oblast", "Тамбовская область"),
    "RU-TOM": ("Tomsk Oblast", "Томская область"),
    "RU-TUL": ("Tula Oblast", "Тульская область"),
    "RU-TVE": ("Tver Oblast", "Тверская область"),
    "RU-TY": ("Tuva Republic", "Республика Тыва"),
    "RU-TYU": ("Tyumen Oblast", "Тюменская область"),
    "RU-UD": ("Udmurt Republic", "Удмуртская Республика"),
    "RU-ULY": ("Ulyanovsk Oblast", "Ульяновская область"),
    "RU-VGG": ("Volgograd Oblast", "Волгоградская область"),
    "RU-VLA": ("Vladimir Oblast", "Владимирская область"),
    "RU-VLG": ("Vologda Oblast", "Вологодская область"),
    "RU-VOR": ("Voronezh Oblast", "Воронежская область"),
    "RU-YAN": ("Yamalo-Nenets Autonomous Okrug", "Ямало-Ненецкий автономный округ"),
    "RU-YAR": ("Yaroslavl Oblast", "Ярославская область"),
    "RU-YEV": ("Jewish Autonomous Oblast", "Еврейская автономная область"),
    "RU-ZAB": ("Zabaykalsky Krai", "Забайкальский край"),
}

# pycountry's subdivision type -> our Region.kind
KIND_BY_ISO_TYPE = {
    "Republic": "republic",
    "Administrative region": "oblast",
    "Administrative territory": "krai",
    "Autonomous city": "federal_city",
    "Autonomous region": "autonomous_oblast",
    "Autonomous district": "autonomous_okrug",
}

# Named in statements, listed by ISO under Ukraine; their ISO 3166-2:UA codes are kept.
OTHER_AREAS = [
    ("UA-43", "Crimea", "Крым", "republic"),
    ("UA-40", "Sevastopol", "Севастополь", "city"),
    ("", "Black Sea", "Чёрное море", "water_area"),
    ("", "Sea of Azov", "Азовское море", "water_area"),
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


def ru_subdivisions():
    subdivisions = {s.code: s for s in pycountry.subdivisions.get(country_code="RU")}
    if set(subdivisions) != set(RU_NAMES):
        missing = sorted(set(subdivisions) ^ set(RU_NAMES))
        raise RuntimeError(f"pycountry and the region names table disagree on: {missing}")
    return subdivisions


def seed(apps, schema_editor):
    Region = apps.get_model("incidents", "Region")
    ThreatType = apps.get_model("incidents", "ThreatType")
    DamageType = apps.get_model("incidents", "DamageType")

    regions = []
    for code, subdivision in sorted(ru_subdivisions().items()):
        name, name_ru = RU_NAMES[code]
        regions.append(
            Region(
                name=name,
                name_ru=name_ru,
                iso_name=subdivision.name,
                slug=slugify(name.replace("–", "-")),
                iso_code=code,
                kind=KIND_BY_ISO_TYPE[subdivision.type],
            )
        )
    for code, name, name_ru, kind in OTHER_AREAS:
        iso_name = pycountry.subdivisions.get(code=code).name if code else ""
        regions.append(
            Region(
                name=name,
                name_ru=name_ru,
                iso_name=iso_name,
                slug=slugify(name),
                iso_code=code,
                kind=kind,
            )
        )
    Region.objects.bulk_create(regions)

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
