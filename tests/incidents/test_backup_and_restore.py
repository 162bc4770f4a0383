"""`manage.py backup` and `restore` round-trip a database with its history."""

import pytest
from django.core.management import call_command

from incidents.models import Correction, Incident
from incidents.services import retract
from tests.factories import IncidentFactory, UserFactory

# Committed rows: pg_dump (another process) sees only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    return {
        "incidents": sorted(Incident.objects.values_list("id", "intercepted", "status")),
        "history": Incident.history.count(),
        "corrections": list(Correction.objects.values_list("incident_id", "kind", "note")),
    }


def test_backup_then_restore_brings_everything_back(seeded, tmp_path):
    chief = UserFactory(username="chief", group="Chief editors")
    incidents = [IncidentFactory(intercepted=i) for i in range(5)]
    incidents[0].intercepted = 99
    incidents[0].save()
    retract(incidents=Incident.objects.filter(pk=incidents[1].pk), by=chief, reason="Duplicate.")
    before = snapshot()
    assert before["history"] > len(incidents)  # the edit and the retraction are kept

    path = tmp_path / "backup.bin"
    call_command("backup", "--output", str(path))
    assert path.stat().st_size > 0

    # Lose data, then restore it.
    Incident.objects.filter(pk__in=[i.pk for i in incidents[:3]]).delete()
    Incident.history.all().delete()
    assert snapshot() != before

    call_command("restore", str(path), "--yes")
    assert snapshot() == before
