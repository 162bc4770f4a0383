"""Load the records of the example report (shared/examples) as published incidents.

Idempotent on any database: each record is found by its citation's URL (the demo's statements
are cited nowhere else), so running it twice, or after generate_incidents, leaves the same rows;
a record already as it should be is not written again. The report gives no date ("last night"),
so the records are dated DEMO_DATE; the citations link to the speakers' official sites because
the report does not link the statements themselves. Writes go through the services, as a
command named in each revision.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction

from incidents import services
from incidents.choices import COUNTS, Reporting, Status
from incidents.models import Citation, DamageType, Incident, Region, Source, ThreatType

BY = services.Command("load_demo")

DEMO_DATE = dt.date(2026, 11, 1)
MOSCOW = ZoneInfo("Europe/Moscow")
OVERNIGHT = (
    dt.datetime.combine(DEMO_DATE - dt.timedelta(days=1), dt.time(20), MOSCOW),
    dt.datetime.combine(DEMO_DATE, dt.time(7), MOSCOW),
)
REPORTED_AT = dt.datetime.combine(DEMO_DATE, dt.time(7, 30), MOSCOW)


def reported(number):
    return {"number": number, "status": Reporting.REPORTED}


NOT_REPORTED = {"number": None, "status": Reporting.NOT_REPORTED}

SOURCES = {
    "kaluga": ("Governor of Kaluga Oblast", "regional_authority", "https://admoblkaluga.ru/"),
    "moscow": ("Mayor of Moscow", "regional_authority", "https://www.mos.ru/"),
    "voronezh": ("Governor of Voronezh Oblast", "regional_authority", "https://www.govvrn.ru/"),
    "belgorod": ("Belgorod Oblast authorities", "regional_authority", "https://belregion.ru/"),
}

RECORDS = [
    {
        "region": "RU-KLU",
        "threat": "uav",
        "intercepted": reported(40),
        "killed": reported(0),
        "injured": reported(0),
        "damage": ["none-reported"],
        "damage_description": "",
        "window": OVERNIGHT,
        "summary": (
            "The governor of Kaluga Oblast said air defence destroyed 40 UAVs over the region "
            "overnight; no casualties or damage were reported."
        ),
        "source": "kaluga",
        "quote": "Last night, PAD forces destroyed 40 UAVs over the territory of Kaluga region.",
        "claimed": 40,
    },
    {
        "region": "RU-MOW",
        "threat": "uav",
        "intercepted": reported(32),
        "killed": NOT_REPORTED,
        "injured": NOT_REPORTED,
        "damage": ["air-travel-disruption"],
        "damage_description": (
            "Moscow's airports closed temporarily; flights were diverted to Saint Petersburg, "
            "Nizhny Novgorod and Kazan."
        ),
        "window": OVERNIGHT,
        "summary": (
            "According to preliminary reports, air defence shot down 32 drones heading for "
            "Moscow; airports closed temporarily and flights were diverted."
        ),
        "source": "moscow",
        "quote": (
            "Moscow's air defenses shot down 32 drones that had been en route to the capital, "
            "according to preliminary reports."
        ),
        "claimed": 32,
    },
    {
        "region": "RU-VOR",
        "threat": "high-speed-air-target",
        "intercepted": reported(1),
        "killed": reported(0),
        "injured": reported(0),
        "damage": ["residential", "public-building", "fire", "energy"],
        "damage_description": (
            "Window panes and facades of several multi-family homes shattered; a fire in an "
            "administrative building; power supply interruptions."
        ),
        "window": (None, None),
        "summary": (
            "The governor of Voronezh Oblast said a high-speed air target was shot down early in "
            "the morning; homes and an administrative building were damaged, power was cut; "
            "no injuries were reported."
        ),
        "source": "voronezh",
        "quote": (
            "Window panes and facades of several multi-family homes were reported to be "
            "shattered, and a fire broke out in an administrative building. Power supply "
            "interruptions were also recorded, though no injuries were reported."
        ),
        "claimed": 1,
    },
    {
        "region": "RU-BEL",
        # The report says nothing of an interception, so the count stays "not reported", not 0.
        "threat": "fpv-drone",
        "intercepted": NOT_REPORTED,
        "killed": reported(0),
        "injured": reported(0),
        "damage": ["other"],
        "damage_description": "An FPV drone was used in an apparent attempt to target a resident.",
        "window": (None, None),
        "summary": (
            "Regional officials reported an FPV drone attack apparently aimed at a resident of "
            "Belgorod Oblast; no casualties were reported."
        ),
        "source": "belgorod",
        "quote": (
            "An FPV (First-Person View) drone was used in an apparent attempt to target a "
            "resident. The Belgorod incident, though not resulting in casualties, raised concerns."
        ),
        "claimed": None,
    },
]


def _source(key):
    name, kind, url = SOURCES[key]
    source = Source.objects.filter(name=name).first() or Source(name=name)
    if (source.kind, source.url) != (kind, url) or source._state.adding:
        source.kind, source.url = kind, url
        services.save_reference(by=BY, obj=source)
    return source


def _load(record):
    """Create or bring back one demo record: "Loaded", "Unchanged", or "Retracted" (a record
    an editor retracted stays as readers saw it)."""
    source = _source(record["source"])
    citation = Citation.objects.filter(url=source.url).select_related("incident").first()
    incident = citation.incident if citation else Incident(date=DEMO_DATE, published_at=REPORTED_AT)
    if incident.status == Status.RETRACTED:
        return "Retracted"
    citation = citation or Citation(url=source.url)
    values = {
        "region": Region.objects.get(iso_code=record["region"]),
        "threat_type": ThreatType.objects.get(slug=record["threat"]),
        **{count: record[count]["number"] for count in COUNTS},
        **{f"{count}_status": record[count]["status"] for count in COUNTS},
        "window_start": record["window"][0],
        "window_end": record["window"][1],
        "damage_description": record["damage_description"],
        "summary": record["summary"],
        "status": Status.PUBLISHED,
        "editor_notes": "Demo record from the example report in shared/examples.",
    }
    quoted = {
        "source": source,
        "quote": record["quote"],
        "published_at": REPORTED_AT,
        "claimed_intercepted": record["claimed"],
    }
    damage = list(DamageType.objects.filter(slug__in=record["damage"]))
    unchanged = (
        not incident._state.adding
        and all(getattr(incident, name) == value for name, value in values.items())
        and all(getattr(citation, name) == value for name, value in quoted.items())
        and set(incident.damage_types.all()) == set(damage)
    )
    if unchanged:
        return "Unchanged"
    for name, value in {**values, **quoted}.items():
        setattr(citation if name in quoted else incident, name, value)
    edits = services.CitationEdits()
    (edits.added if citation._state.adding else edits.changed).append(citation)
    services.save_incident(
        by=BY,
        incident=incident,
        damage_types=damage,
        citations=edits,
        correction_note="The demo record was brought back to the example report.",
        reason="Demo record from the example report",
    )
    return "Loaded"


class Command(BaseCommand):
    help = "Load the example report's records as published incidents (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        for record in RECORDS:
            self.stdout.write(f"{_load(record)}: {record['summary'][:60]}…")
