"""A correction tells readers what changed, in their words: the dated note on the incident's
page lists each changed figure as "label: old → new" (a choice by its label, a region by its
name, a missing figure as "empty"), the damage types by name, and each citation added, removed
or whose claims changed; a refused save names the same changes. Nothing else is listed.

The expected words are written here, apart from incidents/changes.py, which composes them.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from incidents import services
from incidents.choices import Reporting, Status, Verification
from incidents.models import Citation, Correction, Incident
from tests.factories import (
    CitationFactory,
    IncidentFactory,
    SourceFactory,
    change_form,
    change_url,
    damage,
    region,
    threat,
)

pytestmark = pytest.mark.django_db

NOTE = "The source revised its statement."


def page_lists(client, incident):
    """The changes the incident's public page lists under its one dated note."""
    page = client.get(incident.get_absolute_url()).content.decode()
    listed = re.findall(rf"{re.escape(escape(NOTE))} <span class=\"muted\">\((.*?)\)</span>", page)
    assert len(listed) == 1, page
    return listed[0]


def saved(chief, incident, **values):
    """`incident` saved by a chief editor with `values` (fields of the incident, or
    damage_types / citations), with the note."""
    relations = {key: values.pop(key) for key in ("damage_types", "citations") if key in values}
    stored = Incident.objects.get(pk=incident.pk)
    for name, value in values.items():
        setattr(stored, name, value)
    services.save_incident(by=chief, incident=stored, correction_note=NOTE, **relations)
    return stored


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"date": dt.date(2026, 3, 2)}, "date: 2026-03-01 → 2026-03-02"),
        ({"region": "RU-MOW"}, "region: Kaluga Oblast → Moscow"),
        ({"threat_type": "cruise-missile"}, "threat type: UAV → Cruise missile"),
        ({"intercepted": 40}, "reported intercepted: 38 → 40"),
        (
            {"intercepted": None, "intercepted_status": Reporting.WITHHELD},
            "reported intercepted: 38 → empty; intercepted count: Reported → Withheld by the "
            "source",
        ),
        (
            {"killed": 0, "killed_status": Reporting.REPORTED},
            "reported killed: empty → 0; killed count: Not reported → Reported",
        ),
        (
            {"injured": 3, "injured_status": Reporting.REPORTED},
            "reported injured: empty → 3; injured count: Not reported → Reported",
        ),
        ({"verification": Verification.DISPUTED}, "verification: Official claim → Disputed"),
        (
            {"date": dt.date(2026, 2, 28), "intercepted": 39, "verification": "corroborated"},
            "date: 2026-03-01 → 2026-02-28; reported intercepted: 38 → 39; "
            "verification: Official claim → Corroborated",
        ),
    ],
    # Ids of ASCII words only: mutmut's runner cannot select a test by an id with an escaped
    # character ("\u2192") and counted its mutants as killed (docs/mutation.md).
    ids=lambda value: "-".join(value) if isinstance(value, dict) else "listed",
)
def test_each_figure_changed_is_listed_in_a_readers_words(client, chief, values, words):
    incident = IncidentFactory(intercepted=38)
    values = dict(values)
    if "region" in values:
        values["region"] = region(values["region"])
    if "threat_type" in values:
        values["threat_type"] = threat(values["threat_type"])
    saved(chief, incident, **values)
    assert page_lists(client, incident) == words
    assert Correction.objects.get().changes == words


def test_a_draft_readers_saw_published_again_lists_its_status(client, chief):
    incident = IncidentFactory(
        intercepted=38, status=Status.DRAFT, published_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    saved(chief, incident, status=Status.PUBLISHED, intercepted=39)
    assert page_lists(client, incident) == (
        "status: draft → published; reported intercepted: 38 → 39"
    )


@pytest.mark.parametrize("given_as", ["ids", "rows"])
def test_damage_types_changed_are_listed_by_name_in_order(client, chief, given_as):
    incident = IncidentFactory(damage_types=damage("residential"))
    new = damage("fire", "energy")
    saved(chief, incident, damage_types=[d.pk for d in new] if given_as == "ids" else new)
    assert page_lists(client, incident) == (
        "damage types: Residential → Energy / power outage, Fire"
    )


def test_damage_types_all_removed_read_none(client, chief):
    incident = IncidentFactory(damage_types=damage("fire", "residential"))
    saved(chief, incident, damage_types=[])
    assert page_lists(client, incident) == "damage types: Fire, Residential → none"


def test_damage_types_given_again_unchanged_list_nothing(chief):
    incident = IncidentFactory(damage_types=damage("fire"))
    stored = Incident.objects.get(pk=incident.pk)
    stored.summary = "Clearer words."
    services.save_incident(by=chief, incident=stored, damage_types=damage("fire"))
    assert not Correction.objects.exists()
    assert list(incident.damage_types.values_list("slug", flat=True)) == ["fire"]


def queries_of(save, table):
    """The SQL queries `save()` makes that read or write `table` (its name in the SQL)."""
    with CaptureQueriesContext(connection) as captured:
        save()
    return sum(table in query["sql"] for query in captured.captured_queries)


def test_damage_types_given_as_rows_are_named_from_the_rows(chief):
    """The names a correction lists are read with the rows at hand: the stored damage types
    with the incident, the new ones from the rows given; only ids cost a query for names."""

    def damage_queries(given_as):
        incident = IncidentFactory(damage_types=damage("residential"))
        new = damage("fire", "energy")
        given = [d.pk for d in new] if given_as == "ids" else new
        return queries_of(lambda: saved(chief, incident, damage_types=given), "damagetype")

    assert damage_queries("rows") == damage_queries("ids") - 1
    listed = [correction.changes for correction in Correction.objects.all()]
    assert listed == ["damage types: Residential → Energy / power outage, Fire"] * 2


def test_the_refusal_without_a_note_names_the_same_changes(chief):
    incident = IncidentFactory(intercepted=38, damage_types=damage("fire"))
    stored = Incident.objects.get(pk=incident.pk)
    stored.intercepted, stored.verification = 40, Verification.DISPUTED
    with pytest.raises(services.Refused) as refusal:
        services.save_incident(by=chief, incident=stored, damage_types=damage("residential"))
    assert refusal.value.changes == [
        "reported intercepted: 38 → 40",
        "verification: Official claim → Disputed",
        "damage types: Fire → Residential",
    ]
    assert str(incident) in str(refusal.value) and "Add a correction note" in str(refusal.value)


# Citations ------------------------------------------------------------------------------------


def test_a_citations_changed_claims_are_listed_by_their_labels(client, chief):
    incident = IncidentFactory(cited=False)
    citation = CitationFactory(
        incident=incident, source=SourceFactory(name="Governor of Kaluga"), quote="38 drones."
    )
    citation.quote, citation.url = "40 drones.", "https://t.me/governor/2"
    citation.claimed_intercepted, citation.claimed_intercepted_status = 40, Reporting.REPORTED
    saved(chief, incident, citations=services.CitationEdits(changed=[citation]))
    assert page_lists(client, incident) == (
        "citation of Governor of Kaluga: statement URL, quote, claimed intercepted, "
        "claimed intercepted count changed"
    )


def test_a_citation_moved_to_another_source_is_listed(client, chief):
    incident = IncidentFactory(cited=False)
    citation = CitationFactory(incident=incident, source=SourceFactory(name="Governor"))
    citation.source = SourceFactory(name="Ministry of Defence")
    saved(chief, incident, citations=services.CitationEdits(changed=[citation]))
    assert page_lists(client, incident) == "citation of Ministry of Defence: source changed"


def test_a_citations_archive_link_is_no_claim(chief):
    incident = IncidentFactory()
    citation = incident.citations.get()
    citation.archive_url = "https://archive.org/web/1"
    saved(chief, incident, citations=services.CitationEdits(changed=[citation]))
    assert not Correction.objects.exists()
    assert Citation.objects.get().archive_url == "https://archive.org/web/1"


def test_citations_added_and_removed_are_listed_by_source_and_link(client, chief):
    incident = IncidentFactory(cited=False)
    first = CitationFactory(
        incident=incident, source=SourceFactory(name="A"), url="https://t.me/a/1"
    )
    second = CitationFactory(
        incident=incident, source=SourceFactory(name="B"), url="https://t.me/b/1"
    )
    added = [
        Citation(source=SourceFactory(name=name), url=f"https://t.me/{name}/9", quote="40.")
        for name in ("C", "D")
    ]
    edits = services.CitationEdits(added=added, deleted=[second, first])
    saved(chief, incident, citations=edits)
    assert page_lists(client, incident) == (
        "citation removed: A (https://t.me/a/1); citation removed: B (https://t.me/b/1); "
        "citation added: C (https://t.me/C/9); citation added: D (https://t.me/D/9)"
    )
    assert sorted(incident.citations.values_list("url", flat=True)) == [
        "https://t.me/C/9",
        "https://t.me/D/9",
    ]


def test_removed_citations_are_named_without_a_query_each(chief):
    """The sources of the removed citations listed are read with the stored citations, in one
    query whatever their number."""

    def source_queries(removed):
        incident = IncidentFactory(cited=False)
        cited = [CitationFactory(incident=incident) for _ in range(3)]
        edits = services.CitationEdits(deleted=cited[:removed])
        return queries_of(
            lambda: saved(chief, incident, citations=edits), 'FROM "incidents_source"'
        )

    one, two = source_queries(1), source_queries(2)
    assert two == one
    removed = [c.changes.count("citation removed") for c in Correction.objects.order_by("pk")]
    assert removed == [1, 2]


def test_the_incident_forms_citation_edits_are_listed(client, chief_client):
    """The admin's inline citations: the first deleted, one changed and one added, in one
    save."""
    incident = IncidentFactory(intercepted=38)
    gone = incident.citations.get()
    data = change_form(incident, correction_note=NOTE, **{"citations-0-DELETE": "on"})
    kept = CitationFactory(incident=incident, source=SourceFactory(name="Kept"), quote="38.")
    new_source = SourceFactory(name="New")
    rows = {"citations-TOTAL_FORMS": "3", "citations-INITIAL_FORMS": "2"}
    for n, values in (
        (1, {"id": kept.pk, "source": kept.source_id, "url": kept.url, "quote": "40."}),
        (2, {"id": "", "source": new_source.pk, "url": "https://t.me/new/1", "quote": "41."}),
    ):
        values.update(
            incident=incident.pk,
            archive_url="",
            published_at_0="",
            published_at_1="",
            claimed_intercepted="",
        )
        rows.update({f"citations-{n}-{name}": value for name, value in values.items()})
    response = chief_client.post(change_url(incident), {**data, **rows})
    assert response.status_code == 302, response.content.decode()
    assert page_lists(client, incident) == (
        f"citation removed: {gone.source} ({gone.url}); citation of Kept: quote changed; "
        "citation added: New (https://t.me/new/1)"
    )


def test_a_new_incident_and_a_draft_readers_never_saw_get_no_note(chief):
    incident = Incident(
        date=dt.date(2026, 3, 1),
        region=region(),
        threat_type=threat(),
        intercepted=5,
        intercepted_status=Reporting.REPORTED,
        summary="Five drones.",
        status=Status.DRAFT,
    )
    services.save_incident(by=chief, incident=incident, damage_types=damage("fire"))
    incident.intercepted = 6
    services.save_incident(by=chief, incident=incident)
    assert not Correction.objects.exists()
    assert Incident.objects.get().intercepted == 6


def test_the_corrections_page_shows_the_same_words(client, chief):
    incident = IncidentFactory(intercepted=38)
    saved(chief, incident, intercepted=40)
    listing = client.get(reverse("dashboard:corrections")).content.decode()
    assert "(reported intercepted: 38 → 40)" in listing
