import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from incidents.choices import Reporting
from incidents.models import Citation, Incident, Source

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(
            Incident.objects.values_list(
                "id", "region__iso_code", "threat_type__slug", "intercepted", "status"
            )
        ),
        sorted(Citation.objects.values_list("id", "incident_id", "url", "quote")),
        sorted(Source.objects.values_list("id", "name")),
    )


def test_demo_loader_enters_the_example_report_through_the_intake_once():
    call_command("load_demo", stdout=None)
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first

    published = Incident.objects.published()
    kaluga = published.get(region__iso_code="RU-KLU", date="2026-11-01")
    assert (kaluga.threat_type.slug, kaluga.intercepted, kaluga.killed, kaluga.injured) == (
        "uav",
        40,
        0,
        0,
    )
    assert list(kaluga.damage_types.values_list("slug", flat=True)) == ["none-reported"]
    # The governor's statement, and the news article that retold it (a secondary source).
    quotes = dict(kaluga.citations.values_list("source__kind", "quote"))
    assert "40 UAVs" in quotes["regional_authority"] and "40 unmanned" in quotes["media"]

    moscow = published.get(region__iso_code="RU-MOW")
    assert moscow.intercepted == 32
    assert moscow.killed_status == Reporting.NOT_REPORTED and moscow.killed is None
    assert list(moscow.damage_types.values_list("slug", flat=True)) == ["air-travel-disruption"]

    voronezh = published.get(region__iso_code="RU-VOR")
    assert voronezh.threat_type.slug == "high-speed-air-target"
    assert set(voronezh.damage_types.values_list("slug", flat=True)) == {
        "residential",
        "public-building",
        "fire",
        "energy",
    }
    assert all(incident.citations.exists() for incident in published)


def test_create_editor_makes_a_staff_account_in_the_right_group(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-enough-passphrase")
    call_command("create_editor", "olga", "--no-input")
    call_command("create_editor", "ivan", "--chief", "--no-input")
    User = get_user_model()
    olga, ivan = User.objects.get(username="olga"), User.objects.get(username="ivan")
    assert olga.is_staff and not olga.is_superuser
    assert olga.check_password("a-long-enough-passphrase")
    assert not olga.has_perm("incidents.publish_incident")
    assert ivan.has_perm("incidents.publish_incident")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_editor", "olga", "--no-input")


def test_create_editor_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", "weak", "--no-input")
    assert not get_user_model().objects.filter(username="weak").exists()
