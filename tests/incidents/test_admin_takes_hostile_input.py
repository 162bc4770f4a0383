"""The editors' forms take hostile input too: a clear error, or a clean save, never a 500 and
never half a write."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incidents.models import Incident
from tests.examples import rolled_back

pytestmark = pytest.mark.django_db


hostile_text = st.one_of(
    st.text(max_size=300), st.sampled_from(["\x00", "=cmd|' /C calc'!A0", "9" * 400, "-1", ""])
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    date=hostile_text,
    intercepted=hostile_text,
    status=hostile_text,
    summary=hostile_text,
    url=hostile_text,
    region_id=hostile_text,
)
# Found by this test: "²" and "٣" are digits to str.isdigit(), not to int() or the database.
@example(date="", intercepted="", status="", summary="", url="", region_id="²")
@example(date="", intercepted="", status="", summary="", url="", region_id="٣")
def test_hostile_admin_input_is_refused_cleanly(
    chief_client, date, intercepted, status, summary, url, region_id
):
    from tests.factories import incident_form

    data = incident_form(
        date=date,
        intercepted=intercepted,
        intercepted_status=status,
        summary=summary,
        region=region_id,
        citations=[
            {
                "source": "1",
                "url": url,
                "quote": summary,
                "archive_url": "",
                "published_at_0": date,
                "published_at_1": "",
                "claimed_intercepted": intercepted,
            }
        ],
    )
    with rolled_back():
        response = chief_client.post(reverse("admin:incidents_incident_add"), data)
        assert response.status_code in (200, 302)
        # Refused: nothing half-written; saved: the one incident.
        assert Incident.objects.count() == (response.status_code == 302)
