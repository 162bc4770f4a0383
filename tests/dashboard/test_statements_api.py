"""/api/statements/: public statements, filtered by the incidents' FilterSet, with their totals
and their claims on published incidents only."""

import pytest
from django.urls import reverse

from incidents.models import Incident
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    StatementFactory,
    StatementTotalFactory,
    region,
)

pytestmark = pytest.mark.django_db

LIST = reverse("dashboard:api-statement-list")


@pytest.fixture
def ministry_night():
    ministry = SourceFactory(name="Ministry of Defence", kind="ministry")
    statement = StatementFactory(source=ministry, url="https://t.me/mod_russia/1", text="26 БПЛА")
    StatementTotalFactory(statement=statement, intercepted=26)
    claims = {}
    for iso, figure in (("RU-SMO", 11), ("RU-TVE", 9)):
        incident = IncidentFactory(region=region(iso), intercepted=figure, cited=False)
        claims[iso] = CitationFactory(
            incident=incident, source=ministry, url=statement.url, claimed_intercepted=figure
        )
    draft = IncidentFactory(region=region("RU-PSK"), status=Incident.Status.DRAFT, cited=False)
    CitationFactory(incident=draft, source=ministry, url=statement.url, claimed_intercepted=6)
    # A statement that supports only a draft is not public.
    CitationFactory(incident=IncidentFactory(status=Incident.Status.DRAFT, cited=False))
    return statement, claims


def test_a_statement_with_its_totals_and_published_claims(client, ministry_night):
    statement, claims = ministry_night
    data = client.get(LIST).json()
    assert [item["id"] for item in data["results"]] == [statement.pk]
    item = data["results"][0]
    assert item["source"] == "Ministry of Defence" and item["text"] == "26 БПЛА"
    assert item["totals"] == [
        {"threat_type": "uav", "intercepted": 26, "intercepted_status": "reported"}
    ]
    assert sorted((c["incident"], c["claimed_intercepted"]) for c in item["claims"]) == sorted(
        (claim.incident_id, claim.claimed_intercepted) for claim in claims.values()
    )  # the draft's claim (6 over Pskov) is not shown


def test_the_incidents_filter_selects_the_statements(client, ministry_night):
    statement, _ = ministry_night
    assert [s["id"] for s in client.get(LIST, {"region": "tver-oblast"}).json()["results"]] == [
        statement.pk
    ]
    assert client.get(LIST, {"region": "kaluga-oblast"}).json()["results"] == []
    response = client.get(LIST, {"date_from": "not a date"})
    assert response.status_code == 400 and "date_from" in response.json()


def test_the_list_takes_constant_queries(client, ministry_night, django_assert_max_num_queries):
    for n in range(5):
        CitationFactory(incident=IncidentFactory(cited=False), url=f"https://t.me/x/{n}")
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(response.json()["results"]) == 6
