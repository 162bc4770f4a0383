"""The parser against a table of statements in the official phrasing of each kind, each with
its full expected proposal (every key of the CLI's JSON). Like dateparser's tests: a table of
(input, expected); the engine is not told which kind a statement is.

Figures: a number means reported; NR means not reported. Totals follow the documented rule
(docs/statement-parser.md): the stated total; else the one region's figure when the statement
gives one; else the threat named with its total not reported.
"""

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from incidents.intake import parse

NR = None
MORNING = "2026-05-02T07:30:00+03:00"


@dataclass
class Case:
    id: str
    language: str
    text: str
    totals: list
    incidents: list
    date: str | None = "2026-05-02"
    published_at: str = MORNING
    window: tuple = (None, None)
    unused: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def expected(self):
        readable = bool(self.totals or self.incidents)
        out = {
            "date": self.date if readable else None,
            "window_start": self.window[0],
            "window_end": self.window[1],
            "totals": [
                {
                    "threat": t,
                    "intercepted": n,
                    "state": "reported" if n is not None else "not_reported",
                }
                for t, n in self.totals
            ],
            "incidents": self.incidents,
            "unreadable": not readable,
            "unused": self.unused if readable else list(self.unused) or [self.text],
        }
        out.update(self.extra)
        return out


def I(region, threat, n, damage=(), killed=None, injured=None):  # noqa: E743
    return {
        "region_iso": region,
        "threat": threat,
        "intercepted": n,
        "intercepted_state": "reported" if n is not None else "not_reported",
        "damage": list(damage),
        "killed": killed,
        "injured": injured,
    }


W = "+03:00"

CASES = [
    # --- Ministry of Defence, itemised by region -------------------------------------------
    Case(
        "ru-itemised-four",
        "ru",
        "В течение прошедшей ночи дежурными средствами противовоздушной обороны перехвачены и "
        "уничтожены 27 украинских беспилотных летательных аппаратов самолетного типа: 11 – над "
        "территорией Брянской области, 7 – над территорией Смоленской области, 5 – над "
        "территорией Калужской области и 4 – над акваторией Азовского моря.",
        [("uav", 27)],
        [
            I("RU-BRY", "uav", 11),
            I("RU-SMO", "uav", 7),
            I("RU-KLU", "uav", 5),
            I("sea-of-azov", "uav", 4),
        ],
    ),
    Case(
        "ru-itemised-two",
        "ru",
        "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 7 украинских "
        "беспилотных летательных аппаратов самолетного типа: 4 – над территорией Тульской "
        "области и 3 – над территорией Калужской области.",
        [("uav", 7)],
        [I("RU-TUL", "uav", 4), I("RU-KLU", "uav", 3)],
    ),
    Case(
        "ru-itemised-crimea-sea",
        "ru",
        "В течение прошедшей ночи дежурными средствами противовоздушной обороны перехвачены и "
        "уничтожены 36 украинских беспилотных летательных аппаратов самолетного типа: 17 – над "
        "территорией Республики Крым, 12 – над акваторией Черного моря и 7 – над территорией "
        "Краснодарского края.",
        [("uav", 36)],
        [I("UA-43", "uav", 17), I("black-sea", "uav", 12), I("RU-KDA", "uav", 7)],
    ),
    Case(
        "ru-itemised-moscow-oblast",
        "ru",
        "Прошедшей ночью дежурными средствами ПВО перехвачены и уничтожены 10 украинских БПЛА: "
        "6 – над территорией Московской области, 3 – над территорией Тверской области и 1 – над "
        "территорией Ярославской области.",
        [("uav", 10)],
        [I("RU-MOS", "uav", 6), I("RU-TVE", "uav", 3), I("RU-YAR", "uav", 1)],
    ),
    Case(
        "ru-itemised-number-words",
        "ru",
        "Прошедшей ночью дежурными средствами ПВО уничтожены двадцать один украинский "
        "беспилотный летательный аппарат: девять – над территорией Белгородской области, восемь "
        "– над территорией Курской области и четыре – над территорией Орловской области.",
        [("uav", 21)],
        [I("RU-BEL", "uav", 9), I("RU-KRS", "uav", 8), I("RU-ORL", "uav", 4)],
    ),
    Case(
        "ru-itemised-republics",
        "ru",
        "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 15 "
        "украинских беспилотных летательных аппаратов: 6 – над территорией Республики "
        "Татарстан, 5 – над территорией Республики Башкортостан и 4 – над территорией Чувашской "
        "Республики.",
        [("uav", 15)],
        [I("RU-TA", "uav", 6), I("RU-BA", "uav", 5), I("RU-CU", "uav", 4)],
    ),
    Case(
        "ru-itemised-genitive-number",
        "ru",
        "Минобороны сообщило об уничтожении двадцати одного беспилотника над территорией "
        "Брянской области.",
        [("uav", 21)],
        [I("RU-BRY", "uav", 21)],
    ),
    # --- Ministry, totals only --------------------------------------------------------------
    Case(
        "ru-total-only-three-threats",
        "ru",
        "Дежурными средствами ПВО за прошедшие сутки сбиты 3 управляемые авиационные бомбы "
        "«JDAM», 2 реактивных снаряда системы залпового огня HIMARS и 64 беспилотных "
        "летательных аппарата.",
        [("guided-aerial-bomb", 3), ("mlrs-rocket", 2), ("uav", 64)],
        [],
    ),
    Case(
        "ru-total-only-bombs-rockets-uav",
        "ru",
        "За прошедшие сутки средствами противовоздушной обороны сбиты 4 управляемые авиационные "
        "бомбы, 3 реактивных снаряда РСЗО HIMARS и 112 беспилотных летательных аппаратов "
        "самолетного типа.",
        [("guided-aerial-bomb", 4), ("mlrs-rocket", 3), ("uav", 112)],
        [],
    ),
    Case(
        "ru-total-only-missiles",
        "ru",
        "Средствами противовоздушной обороны сбиты 5 управляемых авиационных бомб «Hammer» и "
        "2 оперативно-тактические ракеты ATACMS.",
        [("guided-aerial-bomb", 5), ("ballistic-missile", 2)],
        [],
    ),
    # --- Ministry, a total over a flat list of regions --------------------------------------
    Case(
        "ru-flat-three",
        "ru",
        "Сегодня утром дежурными средствами ПВО перехвачены и уничтожены 14 украинских "
        "беспилотных летательных аппаратов над территориями Тульской, Рязанской и Липецкой "
        "областей.",
        [("uav", 14)],
        [I("RU-TUL", "uav", NR), I("RU-RYA", "uav", NR), I("RU-LIP", "uav", NR)],
    ),
    Case(
        "ru-flat-two",
        "ru",
        "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 9 украинских "
        "беспилотных летательных аппаратов над территориями Брянской и Смоленской областей.",
        [("uav", 9)],
        [I("RU-BRY", "uav", NR), I("RU-SMO", "uav", NR)],
    ),
    Case(
        "ru-flat-oblasts-and-krai",
        "ru",
        "Над территорией Курской, Белгородской областей и Краснодарского края уничтожены 17 "
        "беспилотников.",
        [("uav", 17)],
        [I("RU-KRS", "uav", NR), I("RU-BEL", "uav", NR), I("RU-KDA", "uav", NR)],
    ),
    Case(
        "ru-flat-instrumental",
        "ru",
        "Над Краснодарским краем и Республикой Адыгея сбиты 6 беспилотников.",
        [("uav", 6)],
        [I("RU-KDA", "uav", NR), I("RU-AD", "uav", NR)],
    ),
    Case(
        "ru-flat-night-of",
        "ru",
        "В ночь на 3 мая над территорией Краснодарского края и над акваторией Черного моря "
        "перехвачены и уничтожены сорок украинских БПЛА.",
        [("uav", 40)],
        [I("RU-KDA", "uav", NR), I("black-sea", "uav", NR)],
        date="2026-05-03",
        published_at="2026-05-03T09:00:00+03:00",
    ),
    Case(
        "en-flat",
        "en",
        "Over the past day, air defences shot down nine drones over the Belgorod, Kursk and "
        "Voronezh regions.",
        [("uav", 9)],
        [I("RU-BEL", "uav", NR), I("RU-KRS", "uav", NR), I("RU-VOR", "uav", NR)],
    ),
    # --- Explicit windows -------------------------------------------------------------------
    Case(
        "ru-window-evening",
        "ru",
        "В период с 20.00 до 23.00 мск дежурными средствами ПВО перехвачены и уничтожены 12 "
        "украинских беспилотных летательных аппаратов самолетного типа: 5 – над территорией "
        "Белгородской области, 4 – над территорией Воронежской области и 3 – над территорией "
        "Республики Крым.",
        [("uav", 12)],
        [I("RU-BEL", "uav", 5), I("RU-VOR", "uav", 4), I("UA-43", "uav", 3)],
        published_at="2026-05-02T23:30:00+03:00",
        window=("2026-05-02T20:00:00" + W, "2026-05-02T23:00:00" + W),
    ),
    Case(
        "ru-window-afternoon",
        "ru",
        "В период с 14.00 до 18.00 мск дежурными средствами ПВО перехвачены и уничтожены 9 "
        "украинских беспилотных летательных аппаратов над территорией Курской области.",
        [("uav", 9)],
        [I("RU-KRS", "uav", 9)],
        published_at="2026-05-02T18:40:00+03:00",
        window=("2026-05-02T14:00:00" + W, "2026-05-02T18:00:00" + W),
    ),
    Case(
        "ru-window-reported-next-morning",
        "ru",
        "С 20.00 до 23.00 мск над территорией Ростовской области уничтожены 3 украинских БПЛА.",
        [("uav", 3)],
        [I("RU-ROS", "uav", 3)],
        published_at="2026-05-03T07:10:00+03:00",
        window=("2026-05-02T20:00:00" + W, "2026-05-02T23:00:00" + W),
    ),
    Case(
        "ru-window-across-midnight",
        "ru",
        "В период с 23.00 до 07.00 мск дежурными средствами ПВО перехвачены и уничтожены 18 "
        "украинских беспилотных летательных аппаратов: 10 – над территорией Брянской области "
        "и 8 – над территорией Калужской области.",
        [("uav", 18)],
        [I("RU-BRY", "uav", 10), I("RU-KLU", "uav", 8)],
        date="2026-05-03",
        published_at="2026-05-03T07:30:00+03:00",
        window=("2026-05-02T23:00:00" + W, "2026-05-03T07:00:00" + W),
    ),
    Case(
        "ru-window-across-midnight-dated",
        "ru",
        "В период с 23.00 2 мая до 07.00 3 мая мск дежурными средствами ПВО перехвачены и "
        "уничтожены 21 украинский беспилотный летательный аппарат самолетного типа над "
        "территорией Ростовской области.",
        [("uav", 21)],
        [I("RU-ROS", "uav", 21)],
        date="2026-05-03",
        published_at="2026-05-03T08:00:00+03:00",
        window=("2026-05-02T23:00:00" + W, "2026-05-03T07:00:00" + W),
    ),
    Case(
        "en-window",
        "en",
        "Between 20:00 and 23:00 Moscow time, air defence systems intercepted and destroyed 6 "
        "Ukrainian drones over the Bryansk region, the Russian Defence Ministry said.",
        [("uav", 6)],
        [I("RU-BRY", "uav", 6)],
        published_at="2026-05-02T23:55:00+03:00",
        window=("2026-05-02T20:00:00" + W, "2026-05-02T23:00:00" + W),
    ),
    # --- "по N" -------------------------------------------------------------------------------
    Case(
        "ru-po-words",
        "ru",
        "Над Курской и Орловской областями уничтожено по три беспилотника.",
        [("uav", NR)],
        [I("RU-KRS", "uav", 3), I("RU-ORL", "uav", 3)],
    ),
    Case(
        "ru-po-digits",
        "ru",
        "Ночью над Белгородской, Курской и Брянской областями дежурные средства ПВО уничтожили "
        "по 2 БПЛА.",
        [("uav", NR)],
        [I("RU-BEL", "uav", 2), I("RU-KRS", "uav", 2), I("RU-BRY", "uav", 2)],
    ),
    Case(
        "ru-ellipsis",
        "ru",
        "Над Брянской областью уничтожено пять БПЛА, над Курской – три.",
        [("uav", NR)],
        [I("RU-BRY", "uav", 5), I("RU-KRS", "uav", 3)],
    ),
    # --- Governors --------------------------------------------------------------------------
    Case(
        "ru-gov-orel",
        "ru",
        "Над Орловской областью ночью силами ПВО уничтожены два беспилотника. Пострадавших нет. "
        "В одном из частных домов выбиты окна.",
        [("uav", 2)],
        [I("RU-ORL", "uav", 2, ["residential"], 0, 0)],
    ),
    Case(
        "ru-gov-belgorod-injured",
        "ru",
        "Ночью над Белгородской областью сбиты двадцать один беспилотник. В результате атаки "
        "ранены двое мирных жителей, повреждена ЛЭП, частично нарушено электроснабжение.",
        [("uav", 21)],
        [I("RU-BEL", "uav", 21, ["energy"], None, 2)],
    ),
    Case(
        "ru-gov-moscow-airports",
        "ru",
        "Силами ПВО над Москвой сбит беспилотник, летевший на город. Пострадавших нет. В "
        "аэропортах Внуково и Домодедово введены временные ограничения.",
        [("uav", 1)],
        [I("RU-MOW", "uav", 1, ["air-travel-disruption"], 0, 0)],
        published_at="2026-05-02T03:10:00+03:00",
    ),
    Case(
        "ru-gov-spb",
        "ru",
        "Силами ПВО над Санкт-Петербургом уничтожены три БПЛА. Жертв и разрушений нет.",
        [("uav", 3)],
        [I("RU-SPE", "uav", 3, ["none-reported"], 0, None)],
    ),
    Case(
        "ru-gov-khmao-apposition",
        "ru",
        "Над Ханты-Мансийским автономным округом — Югрой уничтожен беспилотник. Пострадавших и "
        "разрушений нет.",
        [("uav", 1)],
        [I("RU-KHM", "uav", 1, ["none-reported"], 0, 0)],
    ),
    Case(
        "ru-gov-alania",
        "ru",
        "В Республике Северная Осетия — Алания сбит беспилотник. Пострадал один человек, "
        "загорелся автомобиль.",
        [("uav", 1)],
        [I("RU-SE", "uav", 1, ["fire", "vehicles"], None, 1)],
    ),
    Case(
        "ru-gov-killed-and-injured",
        "ru",
        "Над Курской областью ночью уничтожено пять беспилотников. В результате падения обломков "
        "погиб один человек, ещё трое ранены. Повреждены два частных дома и автомобиль.",
        [("uav", 5)],
        [I("RU-KRS", "uav", 5, ["residential", "vehicles"], 1, 3)],
    ),
    Case(
        "ru-gov-sevastopol",
        "ru",
        "Силами ПВО над Севастополем сбиты 4 БПЛА. Повреждено остекление в нескольких домах, "
        "пострадавших нет.",
        [("uav", 4)],
        [I("UA-40", "uav", 4, ["residential"], 0, 0)],
    ),
    Case(
        "ru-gov-voronezh-target",
        "ru",
        "Дежурными средствами ПВО сбита высокоскоростная воздушная цель над территорией "
        "Воронежской области. Пострадавших нет.",
        [("high-speed-air-target", 1)],
        [I("RU-VOR", "high-speed-air-target", 1, [], 0, 0)],
    ),
    Case(
        "ru-sea-drones",
        "ru",
        "Кроме того, над Азовским морем уничтожены 2 безэкипажных катера.",
        [("uncrewed-surface-vessel", 2)],
        [I("sea-of-azov", "uncrewed-surface-vessel", 2)],
    ),
    Case(
        "ru-gov-no-number",
        "ru",
        "Ночью над Брянской областью сбиты беспилотники. Информация о последствиях уточняется.",
        [("uav", NR)],
        [I("RU-BRY", "uav", NR)],
        unused=["Информация о последствиях уточняется."],
    ),
    Case(
        "ru-gov-approximate",
        "ru",
        "Ночью над Курской областью уничтожены более 20 беспилотников.",
        [("uav", NR)],
        [I("RU-KRS", "uav", NR)],
    ),
    Case(
        "ru-gov-yesterday",
        "ru",
        "Вчера вечером над Липецкой областью уничтожены 4 беспилотника.",
        [("uav", 4)],
        [I("RU-LIP", "uav", 4)],
        published_at="2026-05-03T10:00:00+03:00",
    ),
    Case(
        "ru-gov-yo",
        "ru",
        "Над Чёрным морем уничтожено 8 беспилотных летательных аппаратов.",
        [("uav", 8)],
        [I("black-sea", "uav", 8)],
    ),
    Case(
        "ru-gov-title",
        "ru",
        "Губернатор Курской области: над регионом уничтожены два БПЛА.",
        [("uav", 2)],
        [I("RU-KRS", "uav", 2)],
    ),
    # --- English agency retellings ----------------------------------------------------------
    Case(
        "en-itemised",
        "en",
        "Russia's Defence Ministry said air defences destroyed 18 Ukrainian drones overnight, "
        "including 12 over the Kursk region and 6 over the Tula region.",
        [("uav", 18)],
        [I("RU-KRS", "uav", 12), I("RU-TUL", "uav", 6)],
    ),
    Case(
        "en-kaluga",
        "en",
        "Last night, PAD forces destroyed 40 UAVs over the territory of Kaluga region. No "
        "casualties or damage were reported.",
        [("uav", 40)],
        [I("RU-KLU", "uav", 40, ["none-reported"], 0, 0)],
    ),
    Case(
        "en-moscow-airports",
        "en",
        "Moscow's air defences shot down 32 drones en route to the capital overnight, Mayor "
        "Sergei Sobyanin said. Moscow's airports were closed temporarily and several flights "
        "were diverted.",
        [("uav", 32)],
        [I("RU-MOW", "uav", 32, ["air-travel-disruption"])],
        published_at="2026-05-02T06:00:00+03:00",
    ),
    Case(
        "en-voronezh-damage",
        "en",
        "A high-speed air target was shot down over the Voronezh region in the early hours, "
        "Governor Alexander Gusev said. Window panes and facades of several multi-family homes "
        "were shattered, and a fire broke out in an administrative building. Power supply "
        "interruptions were recorded, though no injuries were reported.",
        [("high-speed-air-target", 1)],
        [
            I(
                "RU-VOR",
                "high-speed-air-target",
                1,
                ["residential", "public-building", "energy", "fire"],
                None,
                0,
            )
        ],
    ),
    Case(
        "en-two-regions-number-words",
        "en",
        "Air defences destroyed twelve Ukrainian drones over the Bryansk region and three over "
        "the Smolensk region overnight.",
        [("uav", NR)],
        [I("RU-BRY", "uav", 12), I("RU-SMO", "uav", 3)],
    ),
    Case(
        "en-moscow-region-and-city",
        "en",
        "Russian air defence systems intercepted twelve Ukrainian UAVs over the Moscow region "
        "and two over Moscow, the defence ministry said.",
        [("uav", NR)],
        [I("RU-MOS", "uav", 12), I("RU-MOW", "uav", 2)],
    ),
    Case(
        "en-target-no-casualties",
        "en",
        "Air defence units destroyed a high-speed air target over the Bryansk region overnight, "
        "the ministry said. No casualties or damage were reported.",
        [("high-speed-air-target", 1)],
        [I("RU-BRY", "high-speed-air-target", 1, ["none-reported"], 0, 0)],
    ),
    Case(
        "en-missiles-and-drones",
        "en",
        "The ministry said air defences shot down two Storm Shadow cruise missiles and 14 "
        "drones over the Belgorod region.",
        [("cruise-missile", 2), ("uav", 14)],
        [I("RU-BEL", "cruise-missile", 2), I("RU-BEL", "uav", 14)],
    ),
    Case(
        "en-attack-injured",
        "en",
        "The Kursk region governor said a drone attack overnight injured two people and damaged "
        "several houses; power cuts were reported.",
        [("uav", NR)],
        [I("RU-KRS", "uav", NR, ["residential", "energy"], None, 2)],
    ),
    # --- Longer official shapes -------------------------------------------------------------
    Case(
        "ru-preamble-then-region",
        "ru",
        "В ходе отражения попытки террористической атаки киевского режима с применением "
        "беспилотных летательных аппаратов самолетного типа на объекты на территории Российской "
        "Федерации дежурными средствами ПВО уничтожены 3 украинских БПЛА над территорией Курской "
        "области.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3)],
    ),
    Case(
        "ru-attempt-then-singular",
        "ru",
        "Пресечена попытка киевского режима осуществить террористическую атаку с использованием "
        "беспилотного летательного аппарата самолетного типа на объекты на территории Российской "
        "Федерации. Дежурными средствами противовоздушной обороны беспилотный летательный аппарат "
        "уничтожен над территорией Брянской области.",
        [("uav", 1)],
        [I("RU-BRY", "uav", 1)],
    ),
    Case(
        "ru-lone-adjectives",
        "ru",
        "Уничтожены 3 беспилотника над Курской областью, 2 – над Белгородской и 1 – над Брянской.",
        [("uav", NR)],
        [I("RU-KRS", "uav", 3), I("RU-BEL", "uav", 2), I("RU-BRY", "uav", 1)],
    ),
    Case(
        "ru-withheld",
        "ru",
        "Силами ПВО отражена атака БПЛА на Курскую область. Количество сбитых беспилотников не "
        "раскрывается.",
        [],
        [],
        extra={
            "totals": [{"threat": "uav", "intercepted": None, "state": "withheld"}],
            "incidents": [{**I("RU-KRS", "uav", NR), "intercepted_state": "withheld"}],
            "unreadable": False,
            "date": "2026-05-02",
            "unused": [],
        },
    ),
    Case(
        "ru-gov-rockets-killed",
        "ru",
        "Над Белгородской областью сбиты 4 ракеты РСЗО «Вампир». Погибла женщина, двое ранены. "
        "Повреждены линии электропередачи, часть города обесточена.",
        [("mlrs-rocket", 4)],
        [I("RU-BEL", "mlrs-rocket", 4, ["energy"], 1, 2)],
    ),
    Case(
        "en-three-places",
        "en",
        "The ministry said 10 drones were destroyed over the Bryansk region, five over the Kaluga "
        "region and two over Crimea.",
        [("uav", NR)],
        [I("RU-BRY", "uav", 10), I("RU-KLU", "uav", 5), I("UA-43", "uav", 2)],
    ),
    Case(
        "en-heading-for-moscow",
        "en",
        "Air defences destroyed 5 drones over the Kaluga region en route to Moscow overnight.",
        [("uav", 5)],
        [I("RU-KLU", "uav", 5)],
    ),
    Case(
        "ru-itemised-heading-for-moscow",
        "ru",
        "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 43 "
        "украинских беспилотных летательных аппарата самолетного типа: 14 – над территорией "
        "Брянской области, 11 – над территорией Курской области, 8 – над территорией "
        "Белгородской области, 6 – над территорией Орловской области и 4 – над территорией "
        "Московской области, в том числе 2 – летевших на Москву.",
        [("uav", 43)],
        [
            I("RU-BRY", "uav", 14),
            I("RU-KRS", "uav", 11),
            I("RU-BEL", "uav", 8),
            I("RU-ORL", "uav", 6),
            I("RU-MOS", "uav", 4),
        ],
    ),
    Case(
        "ru-ellipsis-next-sentence",
        "ru",
        "Над Брянской областью уничтожены три украинских беспилотника. Над Курской областью – "
        "ещё два.",
        [("uav", NR)],
        [I("RU-BRY", "uav", 3), I("RU-KRS", "uav", 2)],
    ),
    Case(
        "ru-gov-city",
        "ru",
        "Губернатор Белгородской области Вячеслав Гладков: «Над Белгородом сбиты две воздушные "
        "цели».",
        [("unknown", 2)],
        [I("RU-BEL", "unknown", 2)],
    ),
    Case(
        "en-debris-then-region-referred-back",
        "en",
        "Two people were injured when debris from a downed drone fell on a house in the Rostov "
        "region, the regional governor said. Air defences destroyed eleven drones over the "
        "region overnight.",
        [("uav", 11)],
        [I("RU-ROS", "uav", 11, ["residential"], None, 2)],
    ),
    Case(
        "en-threat-then-figure",
        "en",
        "Ukrainian drones attacked the Kursk region overnight; 8 were shot down, the governor "
        "said.",
        [("uav", 8)],
        [I("RU-KRS", "uav", 8)],
    ),
    Case(
        "ru-threat-then-figure",
        "ru",
        "Беспилотники атаковали Курскую область, восемь из них сбиты силами ПВО.",
        [("uav", 8)],
        [I("RU-KRS", "uav", 8)],
    ),
    Case(
        "ru-two-places-two-threats",
        "ru",
        "Минувшей ночью над территорией Краснодарского края уничтожены 5 беспилотников и 3 "
        "безэкипажных катера над акваторией Черного моря.",
        # each threat over one place: that place's figure is the threat's only one
        [("uav", 5), ("uncrewed-surface-vessel", 3)],
        [I("RU-KDA", "uav", 5), I("black-sea", "uncrewed-surface-vessel", 3)],
    ),
    # --- Cities in English, 12-hour windows, "N of them", debris, guided-bomb wording -------
    Case(
        "en-city-attack-casualties",
        "en",
        "A Ukrainian drone attack on Kursk killed one person and wounded three, the regional "
        "governor said.",
        [("uav", NR)],
        [I("RU-KRS", "uav", NR, [], 1, 3)],
    ),
    Case(
        "en-city-of",
        "en",
        "Two people were injured in a drone attack on the city of Belgorod, Governor Vyacheslav "
        "Gladkov said on Telegram.",
        [("uav", NR)],
        [I("RU-BEL", "uav", NR, [], None, 2)],
    ),
    Case(
        "en-cities-itemised",
        "en",
        "Air defences downed 32 drones overnight, including 12 over Bryansk, eight over Kursk "
        "and seven over Belgorod, the ministry said.",
        [("uav", 32)],
        [I("RU-BRY", "uav", 12), I("RU-KRS", "uav", 8), I("RU-BEL", "uav", 7)],
    ),
    Case(
        "en-window-twelve-hour",
        "en",
        "Between 8 pm and 11 pm Moscow time, air defences intercepted 14 drones over the Kursk "
        "region.",
        [("uav", 14)],
        [I("RU-KRS", "uav", 14)],
        published_at="2026-05-02T20:30:00+00:00",
        window=("2026-05-02T20:00:00+03:00", "2026-05-02T23:00:00+03:00"),
    ),
    Case(
        "en-of-them",
        "en",
        "The ministry said 40 drones were destroyed, 15 of them over the Kaluga region and 25 "
        "over the Moscow region.",
        [("uav", 40)],
        [I("RU-KLU", "uav", 15), I("RU-MOS", "uav", 25)],
    ),
    Case(
        "ru-gov-debris-city",
        "ru",
        "В Курске в результате падения обломков БПЛА ранены два человека.",
        [("uav", NR)],
        [I("RU-KRS", "uav", NR, [], None, 2)],
    ),
    Case(
        "ru-total-guided-bombs-short",
        "ru",
        "Над территорией Белгородской области сбиты три реактивных снаряда РСЗО «Вампир» и две "
        "управляемые авиабомбы.",
        [("mlrs-rocket", 3), ("guided-aerial-bomb", 2)],
        [I("RU-BEL", "mlrs-rocket", 3), I("RU-BEL", "guided-aerial-bomb", 2)],
    ),
    Case(
        "ru-gov-count-after-the-place",
        "ru",
        "Отражена атака беспилотников на Тульскую область. Уничтожено 6 БПЛА. В Новомосковске "
        "повреждено административное здание.",
        [("uav", 6)],
        [I("RU-TUL", "uav", 6, ["public-building"])],
    ),
    Case(
        "en-itemised-next-sentence",
        "en",
        "Russian air defences shot down 337 drones overnight, the defence ministry said. Of "
        "these, 91 were over the Moscow region.",
        [("uav", 337)],
        [I("RU-MOS", "uav", 91)],
    ),
    Case(
        "ru-itemised-next-sentence",
        "ru",
        "Прошедшей ночью уничтожены 36 БПЛА. Из них 17 – над территорией Курской области, 10 – "
        "над территорией Белгородской области.",
        [("uav", 36)],
        [I("RU-KRS", "uav", 17), I("RU-BEL", "uav", 10)],
    ),
    # --- Districts named after their region, Moscow, more seas, more weapons, casualties ----
    Case(
        "ru-district-with-region",
        "ru",
        "Над Брянским районом Брянской области уничтожен беспилотник.",
        [("uav", 1)],
        [I("RU-BRY", "uav", 1)],
    ),
    Case(
        "ru-district-alone",
        "ru",
        "Вражеский беспилотник сбит над Белгородским районом.",
        [("uav", 1)],
        [I("RU-BEL", "uav", 1)],
    ),
    Case(
        "ru-district-genitive",
        "ru",
        "Над территорией Белгородского района сбиты 2 БПЛА.",
        [("uav", 2)],
        [I("RU-BEL", "uav", 2)],
    ),
    Case(
        "ru-district-municipal",
        "ru",
        "Над территорией Белгородского муниципального округа уничтожены 3 БПЛА.",
        [("uav", 3)],
        [I("RU-BEL", "uav", 3)],
    ),
    Case(
        "ru-district-elsewhere-with-region",
        "ru",
        "Над Курским районом Курской области сбит беспилотник.",
        [("uav", 1)],
        [I("RU-KRS", "uav", 1)],
    ),
    Case(
        "ru-gov-district-in",
        "ru",
        "В Белгородском районе сбиты два БПЛА. Пострадавших нет.",
        [("uav", 2)],
        [I("RU-BEL", "uav", 2, killed=0, injured=0)],
    ),
    Case(
        "ru-itemised-district",
        "ru",
        "Уничтожены 10 БПЛА: 6 – над Брянской областью, 4 – над Белгородским районом.",
        [("uav", 10)],
        [I("RU-BRY", "uav", 6), I("RU-BEL", "uav", 4)],
    ),
    Case(
        "ru-gov-podmoskovye",
        "ru",
        "Силами ПВО над Подмосковьем сбиты три беспилотника.",
        [("uav", 3)],
        [I("RU-MOS", "uav", 3)],
    ),
    Case(
        "ru-gov-moscow-city",
        "ru",
        "Силы ПВО Минобороны сбили 4 беспилотника над Москвой.",
        [("uav", 4)],
        [I("RU-MOW", "uav", 4)],
    ),
    Case(
        "ru-flat-moscow-and-oblast",
        "ru",
        "Над Москвой и Московской областью уничтожены 12 БПЛА.",
        [("uav", 12)],
        [I("RU-MOW", "uav", NR), I("RU-MOS", "uav", NR)],
    ),
    Case(
        "ru-total-toward-moscow",  # near Moscow: the city or the oblast, so neither
        "ru",
        "На подлёте к Москве сбиты 3 беспилотника.",
        [("uav", 3)],
        [],
    ),
    Case(
        "ru-itemised-seas",
        "ru",
        "Перехвачены и уничтожены 9 БПЛА: 5 – над акваторией Каспийского моря, 3 – над "
        "акваторией Балтийского моря и 1 – над акваторией Азовского моря.",
        [("uav", 9)],
        [I("caspian-sea", "uav", 5), I("baltic-sea", "uav", 3), I("sea-of-azov", "uav", 1)],
    ),
    Case(
        "en-seas",
        "en",
        "Two drones were destroyed over the Caspian Sea and one over the Baltic Sea.",
        [("uav", NR)],  # no total stated: 3 is implied
        [I("caspian-sea", "uav", 2), I("baltic-sea", "uav", 1)],
    ),
    Case(
        "ru-total-missiles",
        "ru",
        "Дежурными средствами ПВО сбиты 4 противорадиолокационных ракеты HARM, 3 ракеты "
        "ATACMS и 2 крылатые ракеты Storm Shadow.",
        [("anti-radiation-missile", 4), ("ballistic-missile", 3), ("cruise-missile", 2)],
        [],
    ),
    Case(
        "ru-gov-neptune",
        "ru",
        "Над Брянской областью уничтожены пять ракет «Нептун».",
        [("cruise-missile", 5)],
        [I("RU-BRY", "cruise-missile", 5)],
    ),
    Case(
        "ru-gov-cruise",
        "ru",
        "Над Курской областью уничтожены 5 крылатых ракет.",
        [("cruise-missile", 5)],
        [I("RU-KRS", "cruise-missile", 5)],
    ),
    Case(
        "en-total-harm-atacms",
        "en",
        "Air defences shot down four HARM anti-radiation missiles and two ATACMS missiles.",
        [("anti-radiation-missile", 4), ("ballistic-missile", 2)],
        [],
    ),
    Case(
        "en-storm-shadow",
        "en",
        "Three Storm Shadow cruise missiles were downed over Crimea.",
        [("cruise-missile", 3)],
        [I("UA-43", "cruise-missile", 3)],
    ),
    Case(
        "ru-gov-hurt-and-dead",  # the hurt include the dead
        "ru",
        "Над Курской областью сбиты 3 БПЛА. Пострадали три человека, один погиб.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3, killed=1, injured=2)],
    ),
    Case(
        "ru-gov-hurt-of-them-dead",
        "ru",
        "Над Курской областью сбиты 3 БПЛА. Пострадали четыре человека, один из них погиб.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3, killed=1, injured=3)],
    ),
    Case(
        "ru-gov-dead-and-wounded",  # the wounded and the dead apart
        "ru",
        "Над Курской областью сбиты 3 БПЛА. Погиб один человек, ранены двое.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3, killed=1, injured=2)],
    ),
    Case(
        "ru-gov-wounded-collective",
        "ru",
        "Над Курской областью сбит беспилотник. Ранены двое мирных жителей.",
        [("uav", 1)],
        [I("RU-KRS", "uav", 1, injured=2)],
    ),
    Case(
        "ru-gov-no-dead-wounded",
        "ru",
        "Над Курской областью сбиты 3 БПЛА. Погибших нет, ранены три человека.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3, killed=0, injured=3)],
    ),
    Case(
        "ru-gov-no-dead",
        "ru",
        "Над Курской областью сбиты 3 БПЛА. Погибших нет.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3, killed=0)],
    ),
    Case(
        "ru-gov-caspian",
        "ru",
        "Над Каспием уничтожены 2 БПЛА.",
        [("uav", 2)],
        [I("caspian-sea", "uav", 2)],
    ),
    Case(
        "ru-gov-baltic",
        "ru",
        "Над Балтикой сбит беспилотник.",
        [("uav", 1)],
        [I("baltic-sea", "uav", 1)],
    ),
    Case(
        "ru-gov-podmoskovye-in",
        "ru",
        "В Подмосковье сбиты 3 беспилотника.",
        [("uav", 3)],
        [I("RU-MOS", "uav", 3)],
    ),
    Case(
        "ru-gov-city-and-district",  # one region twice: one draft
        "ru",
        "Над Белгородом и Белгородским районом сбиты 4 БПЛА.",
        [("uav", 4)],
        [I("RU-BEL", "uav", 4)],
    ),
    Case(
        "ru-gov-wounds-received",
        "ru",
        "Над Курской областью сбиты 3 БПЛА. Двое мирных жителей получили ранения.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3, injured=2)],
    ),
    Case(
        "en-gov-civilians",
        "en",
        "Three drones were shot down over the Kursk region. Two civilians were wounded, one "
        "person was killed.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3, killed=1, injured=2)],
    ),
    Case(
        "en-attack-residents",
        "en",
        "A drone attack on the Belgorod region injured three residents.",
        [("uav", NR)],
        [I("RU-BEL", "uav", NR, injured=3)],
    ),
    # --- A source revising its own figure ---------------------------------------------------
    Case(
        "ru-revision",
        "ru",
        "Уточнённые данные: всего над районами области ночью уничтожено семь БПЛА, а не пять, "
        "как сообщалось ранее.",
        [("uav", 7)],
        [],
        extra={"revision": True, "revised_from": [{"threat": "uav", "intercepted": 5}]},
    ),
    Case(
        "ru-revision-region",
        "ru",
        "Уточнение: над Брянской областью ночью сбиты 7 БПЛА, а не 5.",
        [("uav", 7)],
        [I("RU-BRY", "uav", 7)],
        extra={"revision": True, "revised_from": [{"threat": "uav", "intercepted": 5}]},
    ),
    # --- Unreadable: no claim, or nothing the parser may read without guessing --------------
    Case(
        "u-en-no-claim", "en", "Nothing in this sentence is a statement about air defence.", [], []
    ),
    Case(
        "u-ru-alert", "ru", "Сегодня утром в Курской области объявлена ракетная опасность.", [], []
    ),
    Case("u-ru-unknown-region", "ru", "Над Тмутараканской областью уничтожено 5 БПЛА.", [], []),
    Case(
        "u-ru-appeal",
        "ru",
        "Уважаемые жители! Сохраняйте спокойствие и следите за официальными сообщениями.",
        [],
        [],
        unused=[
            "Уважаемые жители!",
            "Сохраняйте спокойствие и следите за официальными сообщениями.",
        ],
    ),
    Case("u-en-airport-only", "en", "Flights were delayed at Sochi airport.", [], []),
    # --- Forms an outside probe found misread (issue 25's round) ---------------------------
    Case(
        "ru-total-thousands",
        "ru",
        "За прошедшую неделю дежурными средствами ПВО сбиты 1 275 беспилотных летательных "
        "аппаратов самолетного типа.",
        [("uav", 1275)],
        [],
    ),
    Case(
        "en-total-thousands",
        "en",
        "Russian air defence units shot down 2,140 Ukrainian drones over the past week, the "
        "ministry said.",
        [("uav", 2140)],
        [],
    ),
    Case(
        "ru-night-numeric-date",
        "ru",
        "В ночь на 14.07.2025 над территорией Курской области уничтожены 4 БПЛА.",
        [("uav", 4)],
        [I("RU-KRS", "uav", 4)],
        date="2025-07-14",
        published_at="2025-07-15T10:00:00+03:00",
    ),
    Case(
        "en-an-attack-is-not-one",
        "en",
        "A drone attack on the Bryansk region was repelled, with 9 drones shot down, the "
        "governor said.",
        [("uav", 9)],
        [I("RU-BRY", "uav", 9)],
    ),
    Case(
        "en-a-missile-attack-precise-count",
        "en",
        "A Ukrainian missile attack on Crimea was repelled, with four ATACMS missiles shot "
        "down over the peninsula.",
        [("ballistic-missile", 4)],
        [I("UA-43", "ballistic-missile", 4)],
    ),
    Case(
        "ru-gov-place-then-count",
        "ru",
        "Белгородская область вновь подверглась атаке. Силами ПВО уничтожены 3 БПЛА. "
        "Пострадавших нет.",
        [("uav", 3)],
        [I("RU-BEL", "uav", 3, [], 0, 0)],
    ),
    Case(
        "ru-gov-part-of-launched",
        "ru",
        "Над Курской областью противник выпустил 18 беспилотников, 11 из которых сбиты.",
        [("uav", 11)],
        [I("RU-KRS", "uav", 11)],
    ),
    Case(
        "en-part-of-launched",
        "en",
        "Ukraine attacked the Kursk region with 18 drones, 11 of which were shot down.",
        [("uav", 11)],
        [I("RU-KRS", "uav", 11)],
    ),
    Case(
        "ru-po-bare-item",
        "ru",
        "Перехвачены и уничтожены 8 украинских БПЛА: по два – над территориями Брянской и "
        "Курской областей, четыре – над территорией Орловской области.",
        [("uav", 8)],
        [I("RU-BRY", "uav", 2), I("RU-KRS", "uav", 2), I("RU-ORL", "uav", 4)],
    ),
    Case(
        "ru-headline-and-body",
        "ru",
        "ПВО сбила 30 беспилотников над регионами России\n\nДежурные средства ПВО перехватили "
        "и уничтожили 30 украинских беспилотных летательных аппаратов, сообщили в Минобороны.",
        [("uav", 30)],
        [],
    ),
    Case(
        "ru-window-bare-hours",
        "ru",
        "С 14 до 18 часов по московскому времени над территорией Брянской области уничтожены "
        "5 БПЛА.",
        [("uav", 5)],
        [I("RU-BRY", "uav", 5)],
        published_at="2026-05-02T18:30:00+03:00",
        window=("2026-05-02T14:00:00+03:00", "2026-05-02T18:00:00+03:00"),
    ),
    Case(
        "ru-window-to-midnight",  # counts on the day it closes, not the next
        "ru",
        "С 20.00 до 24.00 мск над территорией Курской области уничтожены 3 БПЛА.",
        [("uav", 3)],
        [I("RU-KRS", "uav", 3)],
        published_at="2026-05-03T00:20:00+03:00",
        window=("2026-05-02T20:00:00+03:00", "2026-05-03T00:00:00+03:00"),
    ),
    Case(
        "en-window-pm-moscow-time",  # no sentence ends after "11 p.m." before "Moscow time"
        "en",
        "Air defences destroyed 6 drones over the Kursk region between 9 p.m. and 11 p.m. "
        "Moscow time, and 2 over the Belgorod region.",
        [("uav", NR)],
        [I("RU-KRS", "uav", 6), I("RU-BEL", "uav", 2)],
        published_at="2026-05-02T23:30:00+03:00",
        window=("2026-05-02T21:00:00+03:00", "2026-05-02T23:00:00+03:00"),
    ),
    Case(
        "en-window-gmt-gloss",
        "en",
        "Air defences destroyed 9 drones over the Bryansk region from 7 p.m. to 10 p.m. Moscow "
        "time (1600-1900 GMT).",
        [("uav", 9)],
        [I("RU-BRY", "uav", 9)],
        published_at="2026-05-02T22:30:00+03:00",
        window=("2026-05-02T19:00:00+03:00", "2026-05-02T22:00:00+03:00"),
    ),
    Case(
        "ru-threat-linked-name",
        "ru",
        "Над Белгородской областью сбиты 4 ракеты комплекса HIMARS.",
        [("mlrs-rocket", 4)],
        [I("RU-BEL", "mlrs-rocket", 4)],
    ),
    Case(
        "ru-threat-hyphenated-plural",
        "ru",
        "Над Белгородом сбиты 5 дронов-камикадзе.",
        [("uav", 5)],
        [I("RU-BEL", "uav", 5)],
    ),
    Case(
        "ru-crimean-peninsula",
        "ru",
        "Над Крымским полуостровом уничтожены 8 украинских БПЛА.",
        [("uav", 8)],
        [I("UA-43", "uav", 8)],
    ),
    Case(
        "ru-coast-is-land",
        "ru",
        "Над Черноморским побережьем Краснодарского края сбиты 3 беспилотника.",
        [("uav", 3)],
        [I("RU-KDA", "uav", 3)],
    ),
    Case(
        "ru-gov-municipal-okrug",  # a district in passing, not an unknown region
        "ru",
        "Белгородская область. Шебекинский округ: при атаке дрона ранена женщина, повреждён "
        "частный дом.",
        [("uav", NR)],
        [I("RU-BEL", "uav", NR, ["residential"], NR, 1)],
    ),
    Case(
        "ru-gov-quadcopter-drop",
        "ru",
        "В Белгороде в результате сброса взрывного устройства с квадрокоптера повреждён "
        "автомобиль, люди не пострадали.",
        [("uav", NR)],
        [I("RU-BEL", "uav", NR, ["vehicles"], 0, 0)],
    ),
    Case(
        "en-uncrewed-boats",
        "en",
        "Russian forces destroyed three Ukrainian uncrewed boats in the Black Sea.",
        [("uncrewed-surface-vessel", 3)],
        [I("black-sea", "uncrewed-surface-vessel", 3)],
    ),
    Case(
        "en-gov-two-others",
        "en",
        "A Ukrainian drone strike on a car in the Belgorod region killed one man and wounded "
        "two others.",
        [("uav", NR)],
        [I("RU-BEL", "uav", NR, ["vehicles"], 1, 2)],
    ),
    Case(
        "ru-national-total-region-in-passing",  # Belgorod named about casualties: no claim
        "ru",
        "ПВО за ночь сбила 45 беспилотников над регионами России. В Белгородской области "
        "пострадавших нет.",
        [("uav", 45)],
        [],
        unused=["В Белгородской области пострадавших нет."],
    ),
    Case(
        "en-night-of-two-dates",  # the night of 5-6 June counts on the 6th
        "en",
        "Air defences downed 18 drones over the Kursk region on the night of June 5-6, the "
        "ministry said.",
        [("uav", 18)],
        [I("RU-KRS", "uav", 18)],
        date="2026-06-06",
        published_at="2026-06-07T09:00:00+03:00",
    ),
    Case(
        "ru-gov-place-then-two-threats",  # every threat counted is over the one place
        "ru",
        "Белгородская область подверглась атаке. Уничтожены 3 БПЛА и 2 крылатые ракеты.",
        [("uav", 3), ("cruise-missile", 2)],
        [I("RU-BEL", "uav", 3), I("RU-BEL", "cruise-missile", 2)],
    ),
    Case(
        "ru-window-weekdays",  # the days of the week beside the times: the times place it
        "ru",
        "С 23:00 в субботу до 07:00 в воскресенье над территорией Курской области уничтожены "
        "12 БПЛА.",
        [("uav", 12)],
        [I("RU-KRS", "uav", 12)],
        date="2026-05-03",
        published_at="2026-05-03T08:30:00+03:00",
        window=("2026-05-02T23:00:00+03:00", "2026-05-03T07:00:00+03:00"),
    ),
    Case(
        "en-possessive-place",  # "Crimea's Dzhankoi": the place is Crimea
        "en",
        "Air defences intercepted 9 drones over Crimea's Dzhankoi and the Sea of Azov.",
        [("uav", 9)],
        [I("UA-43", "uav", NR), I("sea-of-azov", "uav", NR)],
    ),
    Case(
        "u-ru-district-elsewhere",
        "ru",
        "Вражеский беспилотник сбит над Курским районом.",  # Kursk Oblast or Stavropol Krai
        [],
        [],
    ),
    Case("u-ru-moscow-district", "ru", "Над Тверским районом сбит беспилотник.", [], []),
    Case("u-ru-unknown-district", "ru", "Над Лискинским районом сбит беспилотник.", [], []),
    Case("u-ru-moscow-region", "ru", "Над Московским регионом уничтожены 5 БПЛА.", [], []),
    Case("u-ru-capital-region", "ru", "В столичном регионе сбиты 3 беспилотника.", [], []),
    Case("u-ru-unknown-sea", "ru", "Над акваторией Охотского моря уничтожены 2 БПЛА.", [], []),
    Case(
        "u-ru-unknown-district-list",
        "ru",
        "Над Брянским и Климовским районами сбиты 4 БПЛА.",
        [],
        [],
    ),
    Case("u-ru-city-district", "ru", "Над Шебекинским городским округом сбит беспилотник.", [], []),
    Case(
        "u-ru-list-with-unknown-place",
        "ru",
        "Перехвачены и уничтожены 12 БПЛА: 7 – над территорией Брянской области и 5 – над "
        "Тмутараканью.",
        [],
        [],
    ),
    Case(
        "u-ru-casualties-only",
        "ru",
        "Пострадавших нет, информация о разрушениях уточняется.",
        [],
        [],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_statement_reads_as_expected(case):
    published = datetime.fromisoformat(case.published_at)
    proposal = parse(
        case.text, language=case.language, published_at=published, source_kind="ministry"
    )
    assert proposal.as_json() == case.expected()


def test_the_table_has_every_kind_it_promises():
    prefixes = [c.id.split("-")[0] + "-" + c.id.split("-")[1] for c in CASES]
    assert len(CASES) >= 40
    assert sum(c.id.startswith("u-") for c in CASES) >= 5
    assert sum(c.language == "en" for c in CASES) >= 8
    assert {
        "ru-itemised",
        "ru-total",
        "ru-flat",
        "ru-window",
        "ru-po",
        "ru-gov",
        "ru-revision",
    } <= set(prefixes)
