"""One night of claims for the reconciliation tests and pages: a ministry total, itemised
claims, a withheld part, two overlapping windows and two sources that disagree.

The night of 2 March 2026 (UAVs), as the record holds it:

- ministry statement M1 (20:00-07:00 MSK): 30 in total; 11 over Smolensk, 9 over Tver, 6 over
  Pskov (and 4 over Kaluga, on a draft incident: not public, so not counted);
- ministry statement M2 (06:00-10:00 MSK, overlapping M1): 10 in total; 7 over Bryansk, and the
  Kursk figure withheld;
- ministry statement M0 on 1 March: 3 cruise missiles in total, nothing itemised;
- the Smolensk governor: 11 (on the same incident as the ministry's claim);
- the Tver governor: 12 (on an incident of its own): the ministry said 9.
"""

import datetime as dt

import pytest

from incidents.models import Incident
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    StatementFactory,
    StatementTotalFactory,
    region,
    threat,
)

MSK = dt.timezone(dt.timedelta(hours=3))
NIGHT = dt.date(2026, 3, 2)


def at(day, hour):
    return dt.datetime(2026, 3, day, hour, tzinfo=MSK)


@pytest.fixture
def night():
    mod = SourceFactory(name="Ministry of Defence", kind="ministry", posts_daily=True)
    smolensk_gov = SourceFactory(name="Governor of Smolensk Oblast")
    tver_gov = SourceFactory(name="Governor of Tver Oblast")
    m1 = StatementFactory(
        source=mod,
        url="https://t.me/mod/1",
        date=NIGHT,
        window_start=at(1, 20),
        window_end=at(2, 7),
    )
    m2 = StatementFactory(
        source=mod,
        url="https://t.me/mod/2",
        date=NIGHT,
        window_start=at(2, 6),
        window_end=at(2, 10),
    )
    m0 = StatementFactory(source=mod, url="https://t.me/mod/0", date=dt.date(2026, 3, 1))
    StatementTotalFactory(statement=m1, intercepted=30)
    StatementTotalFactory(statement=m2, intercepted=10)
    StatementTotalFactory(statement=m0, threat_type=threat("cruise-missile"), intercepted=3)

    def incident(iso, **kwargs):
        return IncidentFactory(date=NIGHT, region=region(iso), cited=False, **kwargs)

    def claim(incident_, statement, number, state=None):
        return CitationFactory(
            incident=incident_,
            source=statement.source,
            url=statement.url,
            claimed_intercepted=number,
            **({"claimed_intercepted_status": state} if state else {}),
        )

    smolensk = incident("RU-SMO")
    claim(smolensk, m1, 11)
    gov_smo = StatementFactory(source=smolensk_gov, url="https://t.me/smo/1", date=NIGHT)
    claim(smolensk, gov_smo, 11)
    claim(incident("RU-TVE"), m1, 9)
    gov_tve = StatementFactory(source=tver_gov, url="https://t.me/tve/1", date=NIGHT)
    claim(incident("RU-TVE"), gov_tve, 12)
    claim(incident("RU-PSK"), m1, 6)
    claim(incident("RU-KLU", status=Incident.Status.DRAFT), m1, 4)
    claim(incident("RU-BRY"), m2, 7)
    claim(incident("RU-KRS", intercepted=None), m2, None, "withheld")
    return {"m0": m0, "m1": m1, "m2": m2, "mod": mod}


TWO_REGIONS_DAY = dt.date(2026, 4, 1)


@pytest.fixture
def two_regions():
    """A ministry's night of 20 UAVs: 12 over Bryansk, 8 over Kursk; no governor has spoken.
    `governor_says(iso, number)` adds a regional authority's claim for one of the two."""
    mod = SourceFactory(name="Ministry", kind="ministry")
    ministry = StatementFactory(source=mod, url="https://t.me/mod/9", date=TWO_REGIONS_DAY)
    StatementTotalFactory(statement=ministry, intercepted=20)
    incidents = {}
    for iso, said in (("RU-BRY", 12), ("RU-KRS", 8)):
        incidents[iso] = IncidentFactory(date=TWO_REGIONS_DAY, region=region(iso), cited=False)
        CitationFactory(
            incident=incidents[iso], source=mod, url=ministry.url, claimed_intercepted=said
        )

    def governor_says(iso, number):
        CitationFactory(
            incident=incidents[iso],
            source=SourceFactory(name=f"Governor {iso}"),
            url=f"https://t.me/governor/{iso}",
            claimed_intercepted=number,
        )

    return governor_says
