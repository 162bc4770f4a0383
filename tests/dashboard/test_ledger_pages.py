"""The statements' public pages: a statement with its claims and what it adds up to, the
incident page with every source side by side, the claims compared (with the FilterSet and its
CSV), one night, and the coverage API. Constant queries whatever the data."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils.translation import override

from incidents.models import Incident
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    StatementFactory,
    region,
)
from tests.ledger_night import NIGHT, TWO_REGIONS_DAY

pytestmark = pytest.mark.django_db

CLAIMS = reverse("dashboard:claims")


def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


def test_a_statement_page_shows_its_text_claims_and_reconciliation(client, night):
    m1 = night["m1"]
    m1.text = "Перехвачены и уничтожены 30 украинских беспилотных летательных аппаратов."
    m1.language = "ru"
    m1.save()
    html = page(client, reverse("dashboard:statement-detail", args=[m1.pk]))
    assert "30 claimed: 26 itemised over 3 regions, 4 not itemised" in html
    assert 'lang="ru"' in html and "Перехвачены и уничтожены 30" in html
    for claim in m1.claims.filter(incident__status="published"):
        assert reverse("dashboard:incident-detail", args=[claim.incident_id]) in html
    draft = m1.claims.get(incident__status="draft").incident
    assert reverse("dashboard:incident-detail", args=[draft.pk]) not in html
    assert "overlaps another statement" in html  # M2's window overlaps M1's


def test_a_statement_that_supports_no_published_incident_is_not_public(client):
    citation = CitationFactory(incident=IncidentFactory(status=Incident.Status.DRAFT, cited=False))
    url = reverse("dashboard:statement-detail", args=[citation.statement_id])
    assert client.get(url).status_code == 404


def test_the_incident_page_shows_every_source_side_by_side_with_the_gap(client, night):
    tver = Incident.objects.get(region__iso_code="RU-TVE", citations__source__kind="ministry")
    html = page(client, tver.get_absolute_url())
    assert "Governor of Tver Oblast" in html and "Ministry of Defence" in html
    assert "The sources differ by 3." in html


def test_claims_compared_lists_disagreements_and_unbalanced_totals(client, night):
    html = page(client, CLAIMS)
    assert "Tver Oblast" in html and "Governor of Tver Oblast" in html
    assert "30 claimed: 26 itemised over 3 regions, 4 not itemised" in html
    assert "Smolensk Oblast · " not in html  # the sources agree there
    # The same FilterSet: another region has no disagreement.
    html = page(client, CLAIMS, {"region": "smolensk-oblast"})
    assert "Governor of Tver Oblast" not in html
    response = client.get(CLAIMS, {"date_from": "2026-13-01"})
    assert response.status_code == 400


def test_claims_compared_as_csv(client, night):
    response = client.get(reverse("dashboard:claims-csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted((r["source"], r["claimed_intercepted"], r["difference"]) for r in rows) == [
        ("Governor of Tver Oblast", "12", "3"),
        ("Ministry of Defence", "9", "3"),
    ]
    assert {r["region_iso"] for r in rows} == {"RU-TVE"}
    assert client.get(reverse("dashboard:claims-csv"), {"region": "nowhere"}).status_code == 400


def test_the_night_view(client, night):
    html = page(client, reverse("dashboard:night", args=[NIGHT.isoformat()]))
    assert "30 claimed: 26 itemised over 3 regions, 4 not itemised" in html
    # 40 claimed by the ministry, 23 by the governors of 2 of the 5 regions it named: no
    # difference between sums over different regions (Tver's 9 against 12 is shown apart).
    assert "(2 of 5 regions)" in html
    assert "a difference of" not in html
    assert "overlapping windows" in html
    assert "Governor of Smolensk Oblast" in html
    csv_link = f"{reverse('dashboard:claims-csv')}?date_from=2026-03-02&amp;date_to=2026-03-02"
    assert csv_link in html
    assert client.get(reverse("dashboard:night", args=["2026-02-30"])).status_code == 400
    empty = page(client, reverse("dashboard:night", args=["2026-01-01"]))
    assert "gap in the record" in empty


def test_coverage_in_the_api(client, night):
    data = client.get(
        reverse("dashboard:api-coverage"), {"date_from": "2026-02-28", "date_to": "2026-03-02"}
    ).json()
    assert data["sources"] == [
        {
            "source": "Ministry of Defence",
            "kind": "ministry",
            "days": 3,
            "days_with_statement": 2,  # 1 March: a total-only statement, public as it is
            "days_without_statement": ["2026-02-28"],
        }
    ]
    bad = client.get(reverse("dashboard:api-coverage"), {"date_from": "yesterday"})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        lambda n: reverse("dashboard:statement-detail", args=[n["m1"].pk]),
        lambda n: reverse("dashboard:claims"),
        lambda n: reverse("dashboard:claims-csv"),
        lambda n: reverse("dashboard:night", args=[NIGHT.isoformat()]),
        lambda n: Incident.objects.get(
            region__iso_code="RU-TVE", citations__source__kind="ministry"
        ).get_absolute_url(),
    ],
)
def test_the_pages_take_constant_queries(client, night, url, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    address = url(night)
    with CaptureQueriesContext(connection) as before:
        assert client.get(address).status_code == 200
    mod = night["mod"]
    for n in range(6):
        statement = StatementFactory(source=mod, url=f"https://t.me/mod/more{n}", date=NIGHT)
        for iso in ("RU-TVE", "RU-ORL"):
            CitationFactory(
                incident=IncidentFactory(date=NIGHT, region=region(iso), cited=False),
                source=mod,
                url=statement.url,
                claimed_intercepted=n + 20,
            )
    cache.clear()
    with django_assert_max_num_queries(len(before)):
        assert client.get(address).status_code == 200


def test_one_governor_of_two_regions_is_said_in_the_plural_of_the_regions(client, two_regions):
    # "1 of 2 regions", not "1 of 2 region": the noun agrees with the regions named.
    two_regions("RU-KRS", 10)
    day = TWO_REGIONS_DAY
    html = page(client, reverse("dashboard:night", args=[day.isoformat()]))
    assert "(1 of 2 regions)" in html and "a difference of" not in html
    with override("ru"):
        russian = page(client, reverse("dashboard:night", args=[day.isoformat()]))
    assert "(1 из 2 регионов)" in russian
    assert "Ночь на 1 апреля 2026" in russian  # the month in the genitive, as dates are said
