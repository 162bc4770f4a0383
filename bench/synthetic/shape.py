"""What the synthetic rows look like: regions, threats, counts, damage, windows and citations,
shaped like the real record and drawn from one seeded random generator."""

import bisect
import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from incidents.models import DamageType, Incident, Region, ThreatType

SYNTHETIC_SOURCE = "SYNTHETIC TEST DATA (generate_incidents)"
SUMMARY_PREFIX = "[SYNTHETIC]"
# A place name no other summary here uses; RARE_COUNT synthetic summaries mention it.
RARE_WORD = "Zheleznogorsk"
RARE_COUNT = 6
YEARS = 4
CHUNK = 50_000
SQLITE_BATCH = 5_000
URL_BASE = "https://statements.example/synthetic"

# Relative frequency by ISO code (or slug, for the water areas); every other region gets
# OTHER_REGION_WEIGHT. Border and often-targeted regions dominate, as in the real record.
REGION_WEIGHTS = {
    "RU-BEL": 30,
    "RU-KRS": 24,
    "RU-BRY": 24,
    "RU-MOW": 10,
    "RU-MOS": 8,
    "RU-KDA": 12,
    "RU-ROS": 10,
    "RU-VOR": 10,
    "UA-43": 12,  # Crimea
    "black-sea": 10,
    "UA-40": 4,  # Sevastopol
    "sea-of-azov": 3,
    "RU-ORL": 5,
    "RU-KLU": 5,
    "RU-TUL": 4,
    "RU-LIP": 4,
    "RU-SMO": 4,
    "RU-TAM": 3,
    "RU-RYA": 3,
    "RU-TVE": 3,
    "RU-VGG": 3,
    "RU-LEN": 2,
    "RU-SAR": 2,
    "RU-AST": 1,
    "RU-NIZ": 1,
    "RU-TA": 1,
    "RU-PSK": 1,
    "RU-BA": 0.5,
    "RU-NGR": 0.5,
    "RU-YAR": 0.5,
    "RU-VLA": 0.5,
    "RU-IVA": 0.5,
    "RU-PNZ": 0.5,
    "RU-STA": 0.5,
    "RU-AD": 0.5,
    "RU-SPE": 0.5,
    "RU-KGD": 0.3,
    "RU-KL": 0.3,
    "RU-CE": 0.3,
    "RU-DA": 0.3,
}
OTHER_REGION_WEIGHT = 0.05
WATER_SLUGS = {"black-sea", "sea-of-azov"}

# slug -> (relative frequency, one, several as summaries write them, typical intercepted count)
THREATS = {
    "uav": (70, "UAV", "UAVs", 6.0),
    "fpv-drone": (8, "FPV drone", "FPV drones", 2.0),
    "cruise-missile": (3, "cruise missile", "cruise missiles", 2.0),
    "ballistic-missile": (2, "ballistic missile", "ballistic missiles", 1.5),
    "guided-aerial-bomb": (2, "guided aerial bomb", "guided aerial bombs", 1.5),
    "mlrs-rocket": (5, "MLRS rocket", "MLRS rockets", 4.0),
    "high-speed-air-target": (2, "high-speed air target", "high-speed air targets", 1.5),
    "uncrewed-surface-vessel": (2, "uncrewed surface vessel", "uncrewed surface vessels", 2.0),
    "unknown": (3, "air target", "air targets", 2.0),
}
NONE_REPORTED = "none-reported"
# How often an incident reports 0, 1, 2 or 3 kinds of damage.
DAMAGE_COUNT_WEIGHTS = (35, 40, 18, 7)
DAMAGE_PHRASES = {
    "residential": "windows of several houses were broken",
    "public-building": "the facade of a school was damaged",
    "infrastructure": "a power line and a road were damaged",
    "energy": "a substation was hit and power went out in part of a district",
    "fire": "debris started a fire that was put out",
    "vehicles": "several cars were damaged",
    "industrial": "a warehouse on an industrial site was damaged",
    "air-travel-disruption": "flights at the regional airport were suspended",
}

REPORTED, NOT_REPORTED, WITHHELD = "reported", "not_reported", "withheld"

# Column order of the incident values `generate` yields (the id comes from the database).
INCIDENT_COLUMNS = (
    "date",
    "window_start",
    "window_end",
    "region_id",
    "threat_type_id",
    "intercepted",
    "intercepted_status",
    "damage_description",
    "killed",
    "killed_status",
    "injured",
    "injured_status",
    "summary",
    "editor_notes",
    "status",
    "verification",
    "retraction_reason",
    "published_at",
    "is_synthetic",
    "created_at",
    "updated_at",
)
# Most statements only an official source makes; some are corroborated, a few disputed.
VERIFICATION = (("official_claim", 0.85), ("corroborated", 0.97), ("disputed", 1.0))
# Timestamps are generated as whole minutes since Clock.base (cheap to make and to format).
TIMESTAMPS = tuple(
    n
    for n, name in enumerate(INCIDENT_COLUMNS)
    if name in {"window_start", "window_end", "published_at", "created_at", "updated_at"}
)
CITATION_COLUMNS = ("url", "quote", "published_at", "claimed_intercepted")


@dataclass
class Vocabulary:
    """The rows generated incidents point at, looked up once, in a stable order."""

    region_ids: list[int]
    region_names: list[str]
    region_cumulative: list[float]
    water: list[bool]
    threat_ids: list[int]
    threat_slugs: list[str]
    threat_cumulative: list[float]
    # For 0, 1, 2 and 3 kinds of damage: every (damage type ids, description) combination.
    damage_combinations: list[list[tuple[tuple[int, ...], str]]]
    none_reported: tuple[int, ...] | None
    kursk: int | None  # index into region_ids, for the rare-word incidents


def load_vocabulary():
    regions = sorted(
        Region.objects.values_list("id", "name", "iso_code", "slug"), key=lambda r: r[3]
    )
    threats = dict(ThreatType.objects.values_list("slug", "id"))
    damages = dict(DamageType.objects.values_list("slug", "id"))
    threat_slugs = [slug for slug in THREATS if slug in threats]
    if not regions or not threat_slugs:
        raise LookupError("No regions or threat types: run `manage.py migrate` first.")
    weights = [REGION_WEIGHTS.get(iso or slug, OTHER_REGION_WEIGHT) for _, _, iso, slug in regions]
    kinds = sorted(slug for slug in damages if slug != NONE_REPORTED)
    combinations = [
        [
            (
                tuple(damages[slug] for slug in combination),
                describe_damage(combination),
            )
            for combination in itertools.combinations(kinds, size)
        ]
        for size in range(4)
    ]
    iso_codes = [iso for _, _, iso, _ in regions]
    return Vocabulary(
        region_ids=[r[0] for r in regions],
        region_names=[r[1] for r in regions],
        region_cumulative=list(itertools.accumulate(weights)),
        water=[slug in WATER_SLUGS for _, _, _, slug in regions],
        threat_ids=[threats[slug] for slug in threat_slugs],
        threat_slugs=threat_slugs,
        threat_cumulative=list(itertools.accumulate(THREATS[s][0] for s in threat_slugs)),
        damage_combinations=combinations,
        none_reported=(damages[NONE_REPORTED],) if NONE_REPORTED in damages else None,
        kursk=iso_codes.index("RU-KRS") if "RU-KRS" in iso_codes else None,
    )


def describe_damage(slugs):
    phrases = [DAMAGE_PHRASES.get(slug, f"{slug.replace('-', ' ')} damage") for slug in slugs]
    return ("; ".join(phrases).capitalize() + ".") if phrases else ""


def daily_counts(rng, days, count):
    """How many incidents fall on each day: growth over the years, a weekly rhythm, noise.

    Exactly `count` in total (largest remainders). Incidents are made day by day, so ids
    follow dates, as they do when editors enter statements as they come.
    """
    weekly = [1.0, 1.05, 1.1, 1.0, 1.15, 0.9, 0.8]
    weights = []
    for n, day in enumerate(days):
        t = n / max(len(days) - 1, 1)
        surge = 3.0 if rng.random() < 0.01 else 1.0
        noise = math.exp(rng.gauss(0, 0.35))
        weights.append((0.1 + t**1.5) * weekly[day.weekday()] * noise * surge)
    total = sum(weights)
    exact = [count * w / total for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(days)), key=lambda n: counts[n] - exact[n])
    for n in by_remainder[: count - sum(counts)]:
        counts[n] += 1
    return counts


class Clock:
    """Timestamps as whole minutes since `base` (UTC), turned into text or datetimes."""

    def __init__(self, first_day, days):
        # Two days of margin: a reporting window starts the evening before, and local midnight
        # is the previous day in UTC east of Greenwich.
        self.base = dt.datetime.combine(first_day - dt.timedelta(days=2), dt.time(), dt.UTC)
        self.day_texts = [
            (first_day + dt.timedelta(days=n - 2)).isoformat() for n in range(days + 5)
        ]
        self.times = [f"{h:02d}:{m:02d}:00+00" for h in range(24) for m in range(60)]

    def minutes(self, moment):
        return int((moment - self.base).total_seconds()) // 60

    def text(self, minutes):
        day, minute = divmod(minutes, 1440)
        return f"{self.day_texts[day]} {self.times[minute]}"

    def datetime(self, minutes):
        return self.base + dt.timedelta(minutes=minutes)


def generate(seed, count, vocabulary, end):
    """(clock, rows): rows yields (incident values, damage type ids, citations) in date order.

    Incident values follow INCIDENT_COLUMNS, citations CITATION_COLUMNS; timestamps are
    minutes for `clock` (see TIMESTAMPS). Every row satisfies the model's constraints.
    """
    rng = random.Random(seed)
    start = end - dt.timedelta(days=round(365.25 * YEARS) - 1)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    per_day = daily_counts(rng, days, count)
    clock = Clock(start, len(days))
    return clock, _rows(rng, seed, count, vocabulary, days, per_day, clock)


def _rows(rng, seed, count, v, days, per_day, clock):
    random_ = rng.random  # the hot loop below draws everything from random(), the fastest call
    expovariate = rng.expovariate
    tz = ZoneInfo(settings.TIME_ZONE)
    rare = {count * k // RARE_COUNT for k in range(RARE_COUNT)}
    region_total, threat_total = v.region_cumulative[-1], v.threat_cumulative[-1]
    last_region, last_threat = len(v.region_ids) - 1, len(v.threat_ids) - 1
    damage_cumulative = list(itertools.accumulate(DAMAGE_COUNT_WEIGHTS))
    index = 0
    for day_number, (day, on_day) in enumerate(zip(days, per_day, strict=True)):
        growth = 0.5 + 2 * day_number / max(len(days) - 1, 1)
        midnight = clock.minutes(dt.datetime.combine(day, dt.time(), tz))  # local midnight
        day_text = day.isoformat()
        for _ in range(on_day):
            region = min(bisect.bisect(v.region_cumulative, random_() * region_total), last_region)
            if index in rare and v.kursk is not None:
                region = v.kursk
            threat = min(bisect.bisect(v.threat_cumulative, random_() * threat_total), last_threat)
            _, one, several, typical = THREATS[v.threat_slugs[threat]]

            # Three-state counts: "not reported" and "withheld" carry no number, never a 0.
            x = random_()
            if x < 0.82:
                intercepted_status = REPORTED
                intercepted = 1 + int(expovariate(1 / (typical * growth)))
            else:
                intercepted_status = WITHHELD if x < 0.85 else NOT_REPORTED
                intercepted = None
            x = random_()
            if x < 0.25:
                killed_status = REPORTED
                killed = 0 if random_() < 0.85 else 1 + int(expovariate(0.7))
            else:
                killed_status = WITHHELD if x < 0.27 else NOT_REPORTED
                killed = None
            x = random_()
            if x < 0.3:
                injured_status = REPORTED
                injured = 0 if random_() < 0.7 else 1 + int(expovariate(0.4))
            else:
                injured_status = WITHHELD if x < 0.32 else NOT_REPORTED
                injured = None

            # Damage: "none reported" alone, or 0 to 3 kinds of damage.
            size = bisect.bisect(damage_cumulative, random_() * damage_cumulative[-1])
            combinations = v.damage_combinations[min(size, 3)]
            if size == 1 and v.none_reported and random_() < 0.4:
                damage, description = v.none_reported, ""
            else:
                damage, description = combinations[int(random_() * len(combinations))]

            # Reporting window: mostly overnight, ending on the morning of the date; or daytime;
            # or none given. Minutes in steps of 30, as statements round them.
            x = random_()
            if x < 0.65:
                window_start = midnight - 360 + 30 * int(random_() * 10)
                window_end = midnight + 300 + 30 * int(random_() * 6)
            elif x < 0.75:
                window_start = midnight + 480 + 30 * int(random_() * 14)
                window_end = window_start + 30 + 30 * int(random_() * 7)
            else:
                window_start = window_end = None
            reported_at = (window_end or midnight + 420) + 10 + int(random_() * 170)
            created_at = reported_at + 5 + int(random_() * 10)
            published_at = created_at + 10 + int(random_() * 230)

            region_name = v.region_names[region]
            where = f"over the {region_name}" if v.water[region] else f"over {region_name}"
            if index in rare:
                where += f", near {RARE_WORD}"
            if intercepted is not None:
                what = f"{intercepted} {one if intercepted == 1 else several}"
                claim = f"air defence destroyed {what} {where}"
            else:
                what = several
                claim = f"air defence repelled an attack by {several} {where}"
            if killed == 0 and injured == 0:
                casualties = "no casualties were reported"
            elif killed is not None and injured is not None:
                casualties = f"{killed} killed and {injured} injured were reported"
            else:
                casualties = "casualty figures were not given"
            summary = f"{SUMMARY_PREFIX} According to the statement, {claim}; {casualties}."

            quote = f"Air defence forces destroyed {what} {where}."
            citations = [(f"{URL_BASE}/{seed}/{index}/1", quote, reported_at, intercepted)]
            if random_() < 0.35:
                # A second statement, later; sometimes with a smaller claim, as sources disagree.
                claimed = intercepted
                if intercepted and random_() < 0.3:
                    claimed = intercepted - 1
                later = reported_at + 5 + int(random_() * 115)
                url = f"{URL_BASE}/{seed}/{index}/2"
                citations.append((url, quote, later, claimed))

            level = random_()
            verification = next(name for name, upto in VERIFICATION if level < upto)

            yield (
                (
                    day_text,
                    window_start,
                    window_end,
                    v.region_ids[region],
                    v.threat_ids[threat],
                    intercepted,
                    intercepted_status,
                    description,
                    killed,
                    killed_status,
                    injured,
                    injured_status,
                    summary,
                    "",  # editor_notes
                    Incident.Status.PUBLISHED.value,
                    verification,
                    "",  # retraction_reason
                    published_at,
                    True,  # is_synthetic
                    created_at,
                    published_at,  # updated_at
                ),
                damage,
                citations,
            )
            index += 1
