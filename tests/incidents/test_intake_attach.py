"""Two sources, one incident: through the real admin intake, a claim on a night, region and
threat the record already holds is proposed as a claim on that incident (the editor may record
it apart), so the incident's page shows both sources' figures side by side and the claims
compared page lists the disagreement once. On an incident readers have seen, the new claim is a
public change: a chief editor's, with a dated note."""

import pytest
from django.test import Client
from django.urls import reverse

from incidents import services
from incidents.choices import Reporting, Status
from incidents.models import Citation, Correction, Incident, Statement
from tests.conftest import MODEL_BACKEND
from tests.factories import SourceFactory, region
from tests.incidents.test_intake import confirm, form_fields, read

pytestmark = pytest.mark.django_db

MINISTRY_POST = (
    "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 18 украинских "
    "беспилотных летательных аппаратов самолетного типа: 11 – над территорией Брянской "
    "области и 7 – над территорией Смоленской области."
)
GOVERNOR_POST = (
    "Над Брянской областью ночью силами ПВО уничтожены 14 беспилотников. Пострадавших нет."
)


@pytest.fixture
def sources(db):
    return (
        SourceFactory(name="Ministry of Defence of Russia", kind="ministry"),
        SourceFactory(name="Governor of Bryansk Oblast", kind="regional_authority"),
    )


def paste(source, text, url, when="2026-10-28T07:30"):
    return {
        "text": text,
        "language": "",
        "source": source.pk,
        "new_source_name": "",
        "new_source_kind": "",
        "url": url,
        "archive_url": "",
        "published_at": when,
        "read": "Read",
    }


def enter(client, source, text, url, when="2026-10-28T07:30", **changes):
    response, fields = read(client, paste(source, text, url, when))
    fields.update(changes)
    return response, confirm(client, fields)


def ministry_first(client, sources):
    _, done = enter(client, sources[0], MINISTRY_POST, "https://t.me/mod_russia/1")
    assert done.status_code == 302, done.content.decode()[:3000]
    return Incident.objects.get(region__iso_code="RU-BRY")


def bryansk_claims(incident):
    return sorted(
        incident.citations.values_list("source__kind", "claimed_intercepted", "quote"),
    )


def test_a_second_source_is_proposed_as_a_claim_on_the_recorded_incident(editor_client, sources):
    bryansk = ministry_first(editor_client, sources)
    response, fields = read(
        editor_client, paste(sources[1], GOVERNOR_POST, "https://t.me/gov32/1", "2026-10-28T08:05")
    )
    page = response.content.decode()
    assert f"add to incident #{bryansk.pk} (draft, 11 intercepted)" in page
    assert fields["drafts-0-attach_to"] == str(bryansk.pk)  # attaching is the default
    assert Statement.objects.count() == 1  # reading writes nothing

    done = confirm(editor_client, fields)
    assert done.status_code == 302, done.content.decode()[:3000]
    assert Incident.objects.filter(region__iso_code="RU-BRY").count() == 1
    bryansk.refresh_from_db()
    assert bryansk_claims(bryansk) == [
        ("ministry", 11, "11 – над территорией Брянской области"),
        (
            "regional_authority",
            14,
            "Над Брянской областью ночью силами ПВО уничтожены 14 беспилотников",
        ),
    ]
    # The incident keeps the figure it had; what it did not report, the new claim fills.
    assert (bryansk.intercepted, bryansk.status) == (11, Status.DRAFT)
    assert (bryansk.killed, bryansk.killed_status) == (0, Reporting.REPORTED)
    governor = Statement.objects.get(source=sources[1])
    assert governor.claims.get().incident == bryansk
    page = editor_client.get(done["Location"], follow=True).content.decode()
    assert "1 claim was added to an incident already recorded." in page


def test_the_editor_may_record_the_claim_as_a_new_incident(editor_client, sources):
    ministry_first(editor_client, sources)
    _, done = enter(
        editor_client,
        sources[1],
        GOVERNOR_POST,
        "https://t.me/gov32/1",
        **{"drafts-0-attach_to": ""},
    )
    assert done.status_code == 302
    assert Incident.objects.filter(region__iso_code="RU-BRY").count() == 2


def test_a_retracted_incident_or_another_night_is_not_offered(chief_client, sources):
    bryansk = ministry_first(chief_client, sources)
    services.publish(by=services.Command("test"), incidents=Incident.objects.all())
    services.retract(
        by=services.Command("test"),
        incidents=Incident.objects.filter(pk=bryansk.pk),
        reason="Wrong region.",
    )
    response, fields = read(chief_client, paste(sources[1], GOVERNOR_POST, "https://t.me/gov32/1"))
    assert f"incident #{bryansk.pk}" not in response.content.decode()
    assert fields["drafts-0-attach_to"] == ""
    response, fields = read(
        chief_client,
        paste(sources[1], GOVERNOR_POST, "https://t.me/gov32/2", "2026-10-29T08:05"),
    )
    assert fields["drafts-0-attach_to"] == ""


def test_an_attachment_that_does_not_fit_writes_nothing(editor_client, sources):
    bryansk = ministry_first(editor_client, sources)
    counts = (Statement.objects.count(), Citation.objects.count(), Incident.objects.count())
    _, fields = read(editor_client, paste(sources[1], GOVERNOR_POST, "https://t.me/gov32/1"))
    # The editor moves the draft to another region, or the statement to another night, and
    # leaves the attachment: refused, with a form error, nothing written.
    for change, message in (
        ({"drafts-0-region": str(region("RU-KRS").pk)}, "is for another region or threat"),
        ({"when-date": "2026-10-27"}, "counts on 2026-10-28, not on the statement"),
        ({"drafts-0-attach_to": "99999999"}, "Select a valid choice."),
    ):
        response = confirm(editor_client, {**fields, **change})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert (
            Statement.objects.count(),
            Citation.objects.count(),
            Incident.objects.count(),
        ) == counts
    assert bryansk.citations.count() == 1


def test_a_claim_on_a_published_incident_is_a_chiefs_public_correction(sources, editor, chief):
    editor_client, chief_client = Client(), Client()
    editor_client.force_login(editor, backend=MODEL_BACKEND)
    chief_client.force_login(chief, backend=MODEL_BACKEND)
    bryansk = ministry_first(chief_client, sources)
    services.publish(by=chief, incidents=Incident.objects.all())
    before = Citation.objects.count()

    # An editor may stage it, but what readers have seen is a chief editor's to change.
    _, fields = read(editor_client, paste(sources[1], GOVERNOR_POST, "https://t.me/gov32/1"))
    assert fields["drafts-0-attach_to"] == str(bryansk.pk)
    response = confirm(editor_client, {**fields, "when-correction_note": "Governor's figure."})
    assert response.status_code == 200
    assert "changed by a chief editor only" in response.content.decode()
    assert (Statement.objects.count(), Citation.objects.count()) == (1, before)

    _, fields = read(chief_client, paste(sources[1], GOVERNOR_POST, "https://t.me/gov32/1"))
    response = confirm(chief_client, fields)  # no note: refused, the note field says why
    page = response.content.decode()
    assert response.status_code == 200 and "Add a correction note" in page
    assert "citation added: Governor of Bryansk Oblast" in page
    assert (Statement.objects.count(), Citation.objects.count()) == (1, before)

    note = "The governor reported 14, the ministry 11."
    response = confirm(chief_client, {**form_fields(page), "when-correction_note": note})
    assert response.status_code == 302, response.content.decode()[:3000]
    correction = Correction.objects.get(incident=bryansk)
    assert correction.note == note
    assert "citation added: Governor of Bryansk Oblast (https://t.me/gov32/1)" in (
        correction.changes
    )
    assert "reported killed: empty → 0" in correction.changes  # 0 where nothing was

    # Readers see both sources on the one incident, with the gap, and the dated note; the
    # claims compared page lists the disagreement on that incident once.
    page = chief_client.get(bryansk.get_absolute_url()).content.decode()
    assert "Governor of Bryansk Oblast" in page and "Ministry of Defence of Russia" in page
    assert "The sources differ by 3." in page
    assert note in page
    compared = chief_client.get(reverse("dashboard:claims")).content.decode()
    assert compared.count(bryansk.get_absolute_url()) == 1
