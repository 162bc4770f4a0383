"""manage.py generate_incidents: plausible, valid, flagged, reproducible, removable."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

import bench.synthetic as synthetic
from bench.synthetic.shape import RARE_COUNT, RARE_WORD, SUMMARY_PREFIX, SYNTHETIC_SOURCE
from bench.synthetic_rows import formatted_in_a_process
from incidents.choices import Reporting
from incidents.models import Citation, Incident, Source, Statement
from tests.factories import IncidentFactory, damage

pytestmark = pytest.mark.django_db

END = "2026-11-01"


def generate(count, seed=1, *args):
    err = io.StringIO()
    call_command(
        "generate_incidents",
        f"--count={count}",
        f"--seed={seed}",
        f"--end-date={END}",
        *args,
        stdout=io.StringIO(),
        stderr=err,
    )
    return err.getvalue()


def snapshot(incidents):
    """Everything generated about `incidents`, in id order, without the database's ids."""
    rows = []
    for incident in incidents.order_by("id").prefetch_related("damage_types", "citations"):
        rows.append(
            (
                incident.date,
                incident.window_start,
                incident.window_end,
                incident.region.slug,
                incident.threat_type.slug,
                *(getattr(incident, count) for count in Incident.COUNTS),
                *(getattr(incident, f"{count}_status") for count in Incident.COUNTS),
                incident.damage_description,
                incident.summary,
                incident.published_at,
                incident.created_at,
                incident.updated_at,
                sorted(d.slug for d in incident.damage_types.all()),
                sorted(
                    (c.url, c.quote, c.published_at, c.claimed_intercepted, c.source.name)
                    for c in incident.citations.all()
                ),
            )
        )
    return rows


def test_generates_published_synthetic_incidents_that_satisfy_the_model():
    output = generate(300, seed=3)
    assert "300/300" in output  # the progress bar, on stderr

    incidents = Incident.objects.all()
    assert incidents.count() == 300
    assert incidents.filter(status="published", is_synthetic=True).count() == 300
    assert not incidents.filter(published_at__isnull=True).exists()
    assert all(s.startswith(SUMMARY_PREFIX) for s in incidents.values_list("summary", flat=True))

    source = Source.objects.get(name=SYNTHETIC_SOURCE)
    assert source.kind == Source.Kind.OTHER
    citations = incidents.annotate(n=Count("citations")).values_list("n", flat=True)
    assert set(citations) <= {1, 2} and 1 in set(citations)
    assert set(Citation.objects.values_list("source", flat=True)) == {source.pk}
    # Each claim is its own statement's (source and URL), counting on the incident's date.
    assert Statement.objects.count() == Citation.objects.count()
    for claim in Citation.objects.select_related("statement", "incident")[::7]:
        made = claim.statement
        assert (made.source_id, made.url, made.date) == (source.pk, claim.url, claim.incident.date)
        assert made.published_at == claim.published_at

    for incident in incidents.order_by("id")[::15]:
        incident.full_clean()
        assert 0 <= incident.damage_types.count() <= 3
        slugs = set(incident.damage_types.values_list("slug", flat=True))
        assert "none-reported" not in slugs or slugs == {"none-reported"}
        for citation in incident.citations.all():
            citation.full_clean()
        if incident.window_start and incident.window_end:
            assert incident.window_start <= incident.window_end
        assert incident.created_at <= incident.updated_at

    # The three states of every count all occur, each with or without its number as it must.
    for count in Incident.COUNTS:
        states = set(incidents.values_list(f"{count}_status", flat=True))
        assert states == set(Reporting.values), count
        assert not incidents.filter(**{f"{count}_status": "reported", count: None}).exists()
        assert (
            not incidents.exclude(**{f"{count}_status": "reported"})
            .filter(**{f"{count}__isnull": False})
            .exists()
        )

    # Mostly UAVs, mostly border regions, dates over four years ending on the end date.
    threats = incidents.values("threat_type__slug").annotate(n=Count("id")).order_by("-n")
    assert threats[0]["threat_type__slug"] == "uav"
    border = {"RU-BEL", "RU-KRS", "RU-BRY"}
    assert incidents.filter(region__iso_code__in=border).count() > 300 * 0.25
    dates = incidents.order_by("date").values_list("date", flat=True)
    assert str(dates.last()) <= END and (dates.last() - dates.first()).days > 365 * 2
    assert incidents.filter(summary__contains=RARE_WORD).count() == RARE_COUNT


def test_same_seed_same_rows_whatever_the_chunk_size():
    generate(250, seed=7)
    first = snapshot(Incident.objects.all())
    call_command("generate_incidents", delete=True, stdout=io.StringIO())
    generate(250, 7, "--chunk-size=60")
    assert snapshot(Incident.objects.all()) == first
    call_command("generate_incidents", delete=True, stdout=io.StringIO())
    generate(250, seed=8)
    assert snapshot(Incident.objects.all()) != first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY loads are PostgreSQL's")
def test_a_large_load_makes_the_same_rows_in_a_process_of_their_own(monkeypatch):
    generate(250, seed=7)  # rows made in this process
    here = snapshot(Incident.objects.all())
    call_command("generate_incidents", delete=True, stdout=io.StringIO())
    monkeypatch.setattr(synthetic, "REBUILD_INDEXES_FROM", 200)  # "large": made in another
    generate(250, 7, "--chunk-size=60")
    assert snapshot(Incident.objects.all()) == here


def test_the_rows_process_failing_fails_the_load_with_its_traceback():
    end = dt.date.fromisoformat(END)
    with pytest.raises(RuntimeError, match=r"(?s)The rows' process failed.*AttributeError"):
        list(formatted_in_a_process(1, 10, None, end, 5))  # no vocabulary to draw from


def test_delete_removes_exactly_the_synthetic_rows():
    real = IncidentFactory(damage_types=damage("fire"))
    real_citation = real.citations.get()
    generate(120, seed=2)
    assert Incident.objects.count() == 121

    call_command("generate_incidents", delete=True, stdout=io.StringIO())

    assert list(Incident.objects.all()) == [real]
    assert list(Citation.objects.all()) == [real_citation]
    assert list(Statement.objects.all()) == [real_citation.statement]
    assert list(real.damage_types.values_list("slug", flat=True)) == ["fire"]
    assert Incident.damage_types.through.objects.count() == 1
    assert not Source.objects.filter(name=SYNTHETIC_SOURCE).exists()
    assert Source.objects.filter(pk=real_citation.source_id).exists()
    real.refresh_from_db()
    assert real.summary.startswith("Air defence") and not real.is_synthetic


def test_loads_one_after_another_and_editors_after_them_take_ids_nobody_holds():
    """The loader reserves each chunk's ids in one step (PostgreSQL): the sequences must stand
    past them, for the next chunk, the next load and the next incident an editor enters."""
    generate(130, 3, "--chunk-size=50")
    generate(70, 4, "--chunk-size=50")
    assert Incident.objects.count() == 200
    assert Statement.objects.count() == Citation.objects.count()
    entered = IncidentFactory()
    assert entered.pk > max(Incident.objects.exclude(pk=entered.pk).values_list("pk", flat=True))
    assert entered.citations.get().statement_id > max(
        Statement.objects.exclude(pk=entered.citations.get().statement_id).values_list(
            "pk", flat=True
        )
    )


def test_public_pages_work_with_generated_data(client):
    generate(200, seed=4)
    assert client.get("/en/").status_code == 200
    assert client.get("/en/incidents/?cursor=last").status_code == 200
    found = client.get(f"/en/incidents/?q={RARE_WORD}")
    assert found.status_code == 200
    assert found.content.decode().count(RARE_WORD) >= RARE_COUNT
    incident = Incident.objects.order_by("id").first()
    assert client.get(incident.get_absolute_url()).status_code == 200
    assert client.get("/charts/daily.json?region=belgorod-oblast").status_code == 200


def test_needs_a_count_or_delete():
    with pytest.raises(CommandError):
        call_command("generate_incidents", stdout=io.StringIO())


@pytest.mark.postgres
def test_a_large_load_builds_every_index_again(monkeypatch, client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the indexes are dropped and built again on PostgreSQL only")

    def indexes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
                "('incidents_incident', 'incidents_citation', 'incidents_incident_damage_types')"
            )
            return dict(cursor.fetchall())

    before = indexes()
    assert {
        "incident_pub_region_daily_idx",
        "incident_date_idx",
    } <= set(before)
    monkeypatch.setattr(synthetic, "REBUILD_INDEXES_FROM", 50)
    generate(60, seed=5)
    assert indexes() == before
    found = client.get(f"/en/incidents/?q={RARE_WORD}")
    assert found.content.decode().count(RARE_WORD) >= RARE_COUNT
