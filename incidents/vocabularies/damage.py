"""What was damaged, in the words statements use: slug -> phrases in Russian and English.

Slugs equal the DamageType rows seeded by migration 0002. A phrase is a few words in order, each
in its dictionary form (Russian forms are generated), that may stand a few words apart in the
sentence ("выбиты окна" and "окна ... выбиты" both hold "окно"). "none-reported" is the source
saying there was none; the parser drops it when the same statement reports damage.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Damage:
    slug: str
    name_en: str
    ru: tuple = ()
    en: tuple = ()


DAMAGE = (
    Damage(
        "none-reported",
        "None reported",
        ru=(
            "разрушение нет",
            "нет разрушение",
            "без разрушение",
            "повреждение нет",
            "нет повреждение",
            "без повреждение",
            "ущерб нет",
            "без ущерб",
            "не пострадать объект",
        ),
        en=(
            "no damage",
            "no property damage",
            "without damage",
            "no destruction",
            "not cause damage",
            "no buildings damaged",
        ),
    ),
    Damage(
        "residential",
        "Residential",
        ru=(
            "окно",
            "остекление",
            "стекло",
            "жилой дом",
            "частный дом",
            "многоквартирный дом",
            "домовладение",
            "квартира",
            "балкон",
            "фасад",
            "кровля",
            "крыша",
        ),
        en=(
            "window",
            "windowpane",
            "window pane",
            "home",
            "house",
            "apartment",
            "flat",
            "residential building",
            "facade",
            "roof",
            "balcony",
        ),
    ),
    Damage(
        "public-building",
        "Public building",
        ru=(
            "административное здание",
            "здание администрации",
            "школа",
            "детский сад",
            "больница",
            "поликлиника",
            "социальный объект",
        ),
        en=(
            "administrative building",
            "school",
            "kindergarten",
            "hospital",
            "clinic",
            "public building",
        ),
    ),
    Damage(
        "infrastructure",
        "Infrastructure",
        ru=(
            "автодорога",
            "железная дорога",
            "мост",
            "линия связи",
            "газопровод",
            "водопровод",
            "инфраструктура",
        ),
        en=("road", "railway", "railroad", "bridge", "gas pipeline", "infrastructure"),
    ),
    Damage(
        "energy",
        "Energy / power outage",
        ru=(
            "ЛЭП",
            "линия электропередачи",
            "подстанция",
            "электроподстанция",
            "электроснабжение",
            "энергоснабжение",
            "электроэнергия",
            "энергообъект",
            "нефтебаза",
            "обесточить",
            "без свет",
            "без электричество",
            "топливно-энергетический",
        ),
        en=(
            "power line",
            "power supply",
            "power outage",
            "power cut",
            "blackout",
            "substation",
            "electricity",
            "power plant",
            "fuel depot",
            "oil depot",
        ),
    ),
    Damage(
        "fire",
        "Fire",
        ru=("пожар", "возгорание", "загорание", "загореться", "горение"),
        en=("fire", "blaze", "caught fire", "burning"),
    ),
    Damage(
        "vehicles",
        "Vehicles",
        ru=(
            "автомобиль",
            "легковой автомобиль",
            "грузовик",
            "автобус",
            "транспортное средство",
            "машина",
        ),
        en=("car", "vehicle", "truck", "lorry", "bus"),
    ),
    Damage(
        "industrial",
        "Industrial",
        ru=(
            "предприятие",
            "промышленное предприятие",
            "завод",
            "склад",
            "НПЗ",
            "нефтеперерабатывающий завод",
            "промзона",
        ),
        en=("factory", "plant", "refinery", "warehouse", "industrial", "enterprise"),
    ),
    Damage(
        "air-travel-disruption",
        "Air-travel disruption",
        ru=(
            "аэропорт ограничение",
            "ограничение аэропорт",
            "аэропорт закрыть",
            "рейс задержать",
            "задержка рейс",
            "рейс перенаправить",
            "запасной аэродром",
            "ковёр",
        ),
        en=(
            "airport closed",
            "airports closed",
            "airport closing",
            "airports closing",
            "airport restrictions",
            "flights diverted",
            "flights being diverted",
            "flight diverted",
            "flights delayed",
            "flights suspended",
            "airspace closed",
        ),
    ),
    Damage(
        "other",
        "Other",
        ru=(),
        en=(),
    ),
)

BY_SLUG = {damage.slug: damage for damage in DAMAGE}
