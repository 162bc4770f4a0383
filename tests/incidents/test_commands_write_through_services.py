"""Management commands write through the services, on any database."""

import io

import pytest
from django.core.management import call_command

from incidents.models import Citation, Incident

pytestmark = pytest.mark.django_db
# One per night, region and threat the 20 demo statements claim (a governor's claim on the
# ministry's night and region is a second claim on its incident; the article only cites).
DEMO_INCIDENTS = 31


def rows():
    return (
        sorted(Incident.objects.values_list("id", "date", "region_id", "intercepted", "status")),
        sorted(Citation.objects.values_list("id", "incident_id", "url", "quote")),
    )


def test_load_demo_after_generated_incidents_succeeds_and_is_idempotent():
    """Generated rows share the demo's date, region and threat; the demo is keyed on its
    citations' URLs, so it neither crashes nor touches them."""
    from incidents.management.commands.load_demo import DEMO_DATE

    call_command(
        "generate_incidents",
        "--count",
        "3000",
        "--end-date",
        DEMO_DATE.isoformat(),
        "--no-progress",
        stdout=io.StringIO(),
    )
    generated = Incident.objects.filter(is_synthetic=True, date=DEMO_DATE)
    assert generated.exists()  # the same night as the demo, so the old keys would collide
    call_command("load_demo", stdout=io.StringIO())
    first = rows()
    history = Incident.history.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert rows() == first
    assert Incident.history.count() == history  # nothing written the second time
    assert "0 statement(s) entered, 0 incident(s) published" in out.getvalue()
    assert Incident.objects.filter(is_synthetic=False).count() == DEMO_INCIDENTS
