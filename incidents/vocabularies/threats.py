"""What attacked, in the words statements use: slug -> phrases in Russian and English.

Slugs equal the ThreatType rows seeded by migration 0002. Phrases are in the nominative singular;
Russian forms are generated (every case and number), English plurals by the English rules.
Weapon names ("HIMARS", "JDAM") stand alone or after a generic phrase, which they make precise.
A phrase marked generic ("ракета", "missile") names no type: it is read as "unknown" unless a
precise phrase follows it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Threat:
    slug: str
    name_en: str
    ru: tuple = ()
    en: tuple = ()


THREATS = (
    Threat(
        "uav",
        "UAV",
        ru=(
            "беспилотный летательный аппарат",
            "беспилотный летательный аппарат самолётного типа",
            "беспилотник",
            "беспилотник самолётного типа",
            "БПЛА",
            "БЛА",
            "дрон",
            "дрон-камикадзе",
            "беспилотное воздушное судно",
            "ударный беспилотник",
            "квадрокоптер",
        ),
        en=(
            "drone",
            "UAV",
            "unmanned aerial vehicle",
            "unmanned air vehicle",
            "uncrewed aerial vehicle",
            "unmanned aircraft",
            "fixed-wing drone",
            "kamikaze drone",
            "attack drone",
            "quadcopter",
        ),
    ),
    Threat(
        "fpv-drone",
        "FPV drone",
        ru=("FPV-дрон", "FPV", "дрон FPV"),
        en=("FPV drone", "FPV-drone", "FPV"),
    ),
    Threat(
        "cruise-missile",
        "Cruise missile",
        ru=("крылатая ракета", "Storm Shadow", "SCALP", "Нептун", "Нептун-МД", "Томагавк"),
        en=("cruise missile", "Storm Shadow", "SCALP", "Neptune", "Tomahawk"),
    ),
    Threat(
        "ballistic-missile",
        "Ballistic missile",
        ru=("баллистическая ракета", "оперативно-тактическая ракета", "ATACMS", "Точка-У"),
        en=("ballistic missile", "tactical missile", "ATACMS", "Tochka-U"),
    ),
    Threat(
        "anti-radiation-missile",
        "Anti-radiation missile",
        ru=("противорадиолокационная ракета", "HARM"),
        en=("anti-radiation missile", "HARM", "HARM missile"),
    ),
    Threat(
        "guided-aerial-bomb",
        "Guided aerial bomb",
        ru=(
            "управляемая авиационная бомба",
            "управляемая авиабомба",
            "корректируемая авиационная бомба",
            "корректируемая авиабомба",
            "авиабомба",
            "УАБ",
            "КАБ",
            "JDAM",
            "Hammer",
        ),
        en=("guided aerial bomb", "guided bomb", "glide bomb", "JDAM", "Hammer"),
    ),
    Threat(
        "mlrs-rocket",
        "MLRS rocket",
        ru=(
            "реактивный снаряд",
            "реактивный снаряд РСЗО",
            "реактивный снаряд системы залпового огня",
            "снаряд РСЗО",
            "HIMARS",
            "Vampire",
            "Вампир",
            "Ольха",
            "РСЗО",
            "ракета РСЗО",
        ),
        en=("rocket", "MLRS rocket", "HIMARS", "HIMARS rocket", "Vampire rocket"),
    ),
    Threat(
        "high-speed-air-target",
        "High-speed air target",
        ru=("высокоскоростная воздушная цель", "высокоскоростная цель"),
        en=("high-speed air target", "high-speed target", "high-speed aerial target"),
    ),
    Threat(
        "uncrewed-surface-vessel",
        "Uncrewed surface vessel",
        ru=(
            "безэкипажный катер",
            "безэкипажное судно",
            "безэкипажная лодка",
            "БЭК",
            "морской дрон",
        ),
        en=(
            "uncrewed surface vessel",
            "unmanned surface vessel",
            "sea drone",
            "naval drone",
            "unmanned boat",
            "uncrewed boat",
            "uncrewed vessel",
            "unmanned vessel",
        ),
    ),
    Threat(
        "unknown",
        "Unknown",
        ru=("ракета", "воздушная цель", "воздушный объект"),
        en=("missile", "air target", "aerial target", "aerial object"),
    ),
)

# Phrases that name no type; a precise phrase right after them wins ("ракеты ATACMS").
GENERIC = frozenset({"ракета", "missile", "воздушная цель", "air target"})

BY_SLUG = {threat.slug: threat for threat in THREATS}
