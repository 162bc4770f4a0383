"""'Follow this view': the Atom feed of a filter's query string lists exactly the events of the
incidents that filter selects (new, corrected, retracted), and refuses a filter it cannot read."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident
from incidents.services import retract
from tests.factories import IncidentFactory as Published
from tests.factories import region, threat

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(client, query=""):
    response = client.get(reverse("dashboard:feed") + query)
    assert response.status_code == 200, response.content
    feed = ET.fromstring(response.content)
    return sorted(entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry"))


@pytest.fixture
def events(chief):
    belgorod, kursk = region("RU-BEL"), region("RU-KRS")

    def IncidentFactory(**fields):
        return Published(published_at=timezone.now(), **fields)

    kept = IncidentFactory(region=belgorod, threat_type=threat("uav"))
    other_threat = IncidentFactory(region=belgorod, threat_type=threat("cruise-missile"))
    elsewhere = IncidentFactory(region=kursk, threat_type=threat("uav"))
    gone = IncidentFactory(region=belgorod, threat_type=threat("uav"))
    gone_elsewhere = IncidentFactory(region=kursk, threat_type=threat("uav"))
    for incident in (gone, gone_elsewhere):
        retract(incidents=Incident.objects.filter(pk=incident.pk), by=chief, reason="Wrong.")
    return kept, other_threat, elsewhere, gone, gone_elsewhere


def test_a_followed_view_lists_exactly_its_incidents_events(client, events):
    kept, other_threat, elsewhere, gone, gone_elsewhere = events
    followed = titles(client, "?region=belgorod-oblast&threat=uav")
    # A retracted incident's publication is no longer an event; its retraction is.
    assert followed == sorted([f"New: {kept}", f"Retracted: {gone}"])
    # Unfiltered, the feed holds every event, the other view's among them.
    everything = titles(client)
    assert f"New: {elsewhere}" in everything and f"Retracted: {gone_elsewhere}" in everything
    assert f"New: {other_threat}" in everything


def test_the_feed_follows_the_same_filter_as_the_table(client, events):
    kept, *_ = events
    table = client.get(reverse("dashboard:incident-list") + "?region=belgorod-oblast&threat=uav")
    assert reverse("dashboard:feed") + "?region=belgorod-oblast" in table.content.decode()
    assert f"New: {kept}" in titles(client, "?threat=uav&region=belgorod-oblast")


def test_a_filter_the_feed_cannot_read_is_refused(client, events):
    response = client.get(reverse("dashboard:feed") + "?region=atlantis&date_from=yesterday")
    assert response.status_code == 400
    assert "region" in response.content.decode() and "date_from" in response.content.decode()
