"""Every page, chart and admin screen works under the Content Security Policy."""

import pytest
from django.urls import reverse

from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = [
    "/en/",
    "/en/incidents/",
    "/en/regions/",
    "/en/regions/kaluga-oblast/",
    "/en/map/",
    "/en/compare/?region=kaluga-oblast&region=moscow",
    "/embed/chart/",
    "/en/about/",
    "/en/about/data/",
    "/en/corrections/",
]


@pytest.fixture
def incident(seeded):
    return IncidentFactory()


def test_public_pages_and_admin_screens_raise_no_csp_violation(page, live_server, incident):
    UserFactory(username="chief", password="a-long-chief-password", group="Chief editors")
    for url in [*PUBLIC, incident.get_absolute_url()]:
        response = page.goto(live_server.url + url)
        assert "content-security-policy" in response.headers

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-chief-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    admin_screens = [
        reverse("admin:incidents_incident_changelist"),
        reverse("admin:incidents_incident_add"),
        reverse("admin:incidents_incident_change", args=[incident.pk]),
        reverse("admin:incidents_incident_history", args=[incident.pk]),
        reverse("admin:incidents_incident_import"),
        reverse("admin:incidents_region_changelist"),
    ]
    for url in admin_screens:
        page.goto(live_server.url + url)
    # The admin's own scripts ran: the region autocomplete widget was built.
    page.goto(live_server.url + reverse("admin:incidents_incident_add"))
    assert page.locator(".select2-container").count() >= 1
    violations = [
        p for p in page.watch.problems if "Content Security Policy" in p or "Refused" in p
    ]
    assert violations == []
    assert page.watch.problems == []
