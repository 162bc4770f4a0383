"""The full data package validates with Frictionless, and holds only what is public."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Incident
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    StatementTotalFactory,
    region,
)

pytestmark = pytest.mark.django_db

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


@pytest.fixture
def rows():
    kaluga = IncidentFactory(region=region("RU-KLU"), summary='=HYPERLINK("x")', cited=False)
    governor = CitationFactory(
        incident=kaluga,
        source=SourceFactory(name="Губернатор"),
        quote="Сбиты 40 БПЛА",
        claimed_intercepted=40,
    )
    StatementTotalFactory(
        statement=governor.statement, intercepted=None, intercepted_status="withheld"
    )
    CitationFactory(incident=kaluga, source=SourceFactory(name="MoD", kind="ministry"))
    IncidentFactory(region=region("UA-43"), intercepted=None)
    IncidentFactory(region=region("RU-BEL"), status=Incident.Status.DRAFT, summary="draft")
    return kaluga


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_frictionless_validates_a_real_export(rows, tmp_path):
    call_command("export_datapackage", tmp_path)
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(tmp_path / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    assert result.returncode == 0

    incidents, citations = read(tmp_path / "incidents.csv"), read(tmp_path / "citations.csv")
    assert len(incidents) == 2  # no draft
    assert len(citations) == 3
    assert {c["source"] for c in citations} >= {"Губернатор", "MoD"}
    assert len(read(tmp_path / "regions.csv")) == 89
    # Statements of published incidents only (the draft's is not public), their totals, and a
    # claim per citation with its figure and state.
    statements = read(tmp_path / "statements.csv")
    assert len(statements) == 3
    claims = read(tmp_path / "claims.csv")
    assert len(claims) == 3 and {c["statement_id"] for c in claims} <= {s["id"] for s in statements}
    governor = next(c for c in claims if c["quote"] == "Сбиты 40 БПЛА")
    assert (governor["claimed_intercepted"], governor["claimed_intercepted_status"]) == (
        "40",
        "reported",
    )
    totals = read(tmp_path / "statement-totals.csv")
    assert [(t["threat_type"], t["intercepted"], t["intercepted_status"]) for t in totals] == [
        ("uav", "", "withheld")
    ]


def test_a_broken_file_fails_validation(rows, tmp_path):
    """The check can fail: a citation pointing at an incident that is not there."""
    call_command("export_datapackage", tmp_path)
    with open(tmp_path / "citations.csv", "a", encoding="utf-8") as f:
        f.write("999999,424242,x,media,https://example.org/,,q,,\n")
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(tmp_path / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert not json.loads(result.stdout)["valid"]


def test_package_is_served_over_http(client, rows):
    descriptor = client.get(reverse("dashboard:datapackage")).json()
    assert [r["path"] for r in descriptor["resources"]] == [
        "incidents.csv",
        "citations.csv",
        "regions.csv",
        "statements.csv",
        "statement-totals.csv",
        "claims.csv",
    ]
    fields = {f["name"] for f in descriptor["resources"][0]["schema"]["fields"]}
    assert {"id", "date", "region", "intercepted", "intercepted_status"} <= fields
    for resource in descriptor["resources"]:
        response = client.get(reverse("dashboard:datapackage-table", args=[resource["name"]]))
        assert response.status_code == 200 and response.streaming
    assert client.get("/data/secrets.csv").status_code == 404
