"""Demo statements: invented texts in the shapes of real posts, entered through the intake by
`manage.py load_demo` so a new installation shows a chart, a reconciliation and a disagreement.

Every text starts with "(ДЕМО: вымышленный текст)" or "(DEMO: invented text)" and every URL is
under https://example.org/demo/, so demo rows are told apart in the data and on the pages. The
example report's three statements (shared/examples) come last, on DEMO_DATE.

Plain data, no Django: the parser's tests read it too.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

DEMO_DATE = dt.date(2026, 11, 1)
DEMO_URL = "https://example.org/demo/"
MARK_RU = "(ДЕМО: вымышленный текст) "
MARK_EN = "(DEMO: invented text) "
MSK = dt.timezone(dt.timedelta(hours=3))


@dataclass(frozen=True)
class DemoSource:
    key: str
    name: str
    kind: str


SOURCES = (
    DemoSource("mod", "Ministry of Defence of Russia (demo)", "ministry"),
    DemoSource("bryansk", "Governor of Bryansk Oblast (demo)", "regional_authority"),
    DemoSource("kursk", "Governor of Kursk Oblast (demo)", "regional_authority"),
    DemoSource("kaluga", "Governor of Kaluga Oblast (demo)", "regional_authority"),
    DemoSource("moscow", "Mayor of Moscow (demo)", "regional_authority"),
    DemoSource("voronezh", "Governor of Voronezh Oblast (demo)", "regional_authority"),
    DemoSource("news", "News agency report (demo)", "media"),
)


@dataclass(frozen=True)
class DemoStatement:
    source: str
    published_at: dt.datetime
    language: str
    text: str

    @property
    def url(self):
        return f"{DEMO_URL}{self.source}/{self.published_at:%Y-%m-%dT%H%M}"


def _morning(day):
    return dt.datetime.combine(day, dt.time(7, 30), MSK)


# (regions in the ministry's words, figures) per morning; None: no ministry post that day.
# Oct 28: the ministry itemises 11 over Bryansk, the governor says 14 (a disagreement).
# Oct 30: the ministry's total is 30 but it itemises 26 (4 not itemised).
MINISTRY = {
    19: ("itemised", 12, (("Брянской области", 7), ("Курской области", 5))),
    20: (
        "itemised",
        9,
        (("Брянской области", 4), ("Смоленской области", 3), ("Калужской области", 2)),
    ),
    21: ("flat", 14, ("Тульской", "Рязанской", "Липецкой")),
    22: ("itemised", 18, (("Курской области", 10), ("Белгородской области", 8))),
    23: None,
    24: (
        "itemised",
        21,
        (("Брянской области", 11), ("Орловской области", 6), ("акваторией Азовского моря", 4)),
    ),
    25: ("flat", 9, ("Брянской", "Смоленской")),
    26: ("itemised", 15, (("Курской области", 9), ("Брянской области", 6))),
    27: None,
    28: (
        "itemised",
        27,
        (
            ("Брянской области", 11),
            ("Смоленской области", 7),
            ("Калужской области", 5),
            ("акваторией Азовского моря", 4),
        ),
    ),
    29: ("itemised", 7, (("Тульской области", 4), ("Калужской области", 3))),
    30: (
        "itemised",
        30,
        (("Брянской области", 12), ("Курской области", 8), ("Белгородской области", 6)),
    ),
    31: ("itemised", 16, (("Курской области", 10), ("Брянской области", 6))),
}


def _ministry_text(shape, total, parts):
    head = (
        "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены "
        f"{total} украинских беспилотных летательных аппаратов самолетного типа"
    )
    if shape == "flat":
        *first, last = parts
        return f"{MARK_RU}{head} над территориями {', '.join(first)} и {last} областей."
    items = [
        f"{n} – над {'' if where.startswith('акваторией') else 'территорией '}{where}"
        for where, n in parts
    ]
    return f"{MARK_RU}{head}: {', '.join(items[:-1])} и {items[-1]}."


GOVERNORS = (
    ("bryansk", 19, "Над Брянской областью ночью уничтожены семь беспилотников. Пострадавших нет."),
    (
        "bryansk",
        24,
        "Ночью над Брянской областью сбиты 11 БПЛА. В одном из сёл выбиты окна "
        "в частном доме, пострадавших нет.",
    ),
    (
        "bryansk",
        28,
        "Над Брянской областью ночью силами ПВО уничтожены 14 беспилотников. "
        "Повреждена ЛЭП, без света остались два села. Пострадавших нет.",
    ),
    (
        "kursk",
        22,
        "Над Курской областью ночью уничтожены 10 беспилотников. Ранены двое "
        "мирных жителей, повреждены два частных дома.",
    ),
    ("kursk", 26, "Ночью над Курской областью сбиты девять БПЛА. Пострадавших нет."),
    ("kursk", 30, "Над Курской областью ночью уничтожено восемь беспилотников. Пострадавших нет."),
)

# The example report (shared/examples): three officials' statements on DEMO_DATE, and the
# article that retold them, recorded as a secondary source.
EXAMPLE = (
    (
        "kaluga",
        dt.time(6, 10),
        "en",
        "Last night, PAD forces destroyed 40 UAVs over the territory of Kaluga region. No "
        "casualties or property damage have been reported.",
    ),
    (
        "moscow",
        dt.time(6, 40),
        "en",
        "Moscow's air defences shot down 32 drones en route to the capital, according to "
        "preliminary reports. Moscow's airports were closed temporarily and several flights were "
        "diverted.",
    ),
    (
        "voronezh",
        dt.time(7, 5),
        "en",
        "A high-speed air target was shot down over the Voronezh region in the early hours. "
        "Window panes and facades of several multi-family homes were shattered, and a fire broke "
        "out in an administrative building. Power supply interruptions were recorded, though no "
        "injuries were reported.",
    ),
)


def statements():
    """Every demo statement, oldest first."""
    out = []
    for day, post in MINISTRY.items():
        date = dt.date(2026, 10, day)
        if post is not None:
            out.append(DemoStatement("mod", _morning(date), "ru", _ministry_text(*post)))
    for source, day, text in GOVERNORS:
        posted = dt.datetime.combine(dt.date(2026, 10, day), dt.time(8, 5), MSK)
        out.append(DemoStatement(source, posted, "ru", MARK_RU + text))
    for source, time, language, text in EXAMPLE:
        posted = dt.datetime.combine(DEMO_DATE, time, MSK)
        out.append(DemoStatement(source, posted, language, MARK_EN + text))
    return sorted(out, key=lambda s: (s.published_at, s.source))


NEWS_ARTICLE_URL = f"{DEMO_URL}news/2026-11-01-kaluga-moscow-voronezh"


def news_article():
    """The example report's article (demo_news_report.txt, a copy of shared/examples), marked
    as demo text: a secondary source of the three statements it retells."""
    text = Path(__file__).with_name("demo_news_report.txt").read_text(encoding="utf-8")
    return MARK_EN + text.strip(), dt.datetime.combine(DEMO_DATE, dt.time(9, 0), MSK)
