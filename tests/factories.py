import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from incidents.choices import Reporting
from incidents.models import (
    Citation,
    DamageType,
    Incident,
    Region,
    Source,
    Statement,
    StatementTotal,
    ThreatType,
)
from incidents.signals import record_changed


class Announced(factory.django.DjangoModelFactory):
    """Test data written as the write services would announce it: cached pages go stale."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            record_changed.send(sender=type(instance))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class SourceFactory(Announced):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Governor of region {n}")
    kind = Source.Kind.REGIONAL_AUTHORITY
    url = factory.Sequence(lambda n: f"https://t.me/governor{n}")


def region(iso_code="RU-KLU"):
    return Region.objects.get(iso_code=iso_code)


def threat(slug="uav"):
    return ThreatType.objects.get(slug=slug)


def damage(*slugs):
    return list(DamageType.objects.filter(slug__in=slugs))


class IncidentFactory(Announced):
    """A published incident with one citation, as the public sees them."""

    class Meta:
        model = Incident
        skip_postgeneration_save = True

    date = dt.date(2026, 3, 1)
    region = factory.LazyFunction(region)
    threat_type = factory.LazyFunction(threat)
    intercepted = 10
    intercepted_status = factory.LazyAttribute(
        lambda o: Reporting.NOT_REPORTED if o.intercepted is None else Reporting.REPORTED
    )
    killed = None
    killed_status = factory.LazyAttribute(
        lambda o: Reporting.NOT_REPORTED if o.killed is None else Reporting.REPORTED
    )
    injured = None
    injured_status = factory.LazyAttribute(
        lambda o: Reporting.NOT_REPORTED if o.injured is None else Reporting.REPORTED
    )
    summary = factory.Sequence(lambda n: f"Air defence destroyed drones, statement {n}.")
    status = Incident.Status.PUBLISHED

    @factory.post_generation
    def damage_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.damage_types.set(extracted)

    @factory.post_generation
    def cited(self, create, extracted, **kwargs):
        # extracted: False for no citation; a Source to cite a specific one.
        if create and extracted is not False:
            CitationFactory(incident=self, **({"source": extracted} if extracted else {}))


class StatementFactory(Announced):
    """A statement; the same source and URL give the same statement."""

    class Meta:
        model = Statement
        django_get_or_create = ("source", "url")

    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://t.me/ministry/{n}")
    date = dt.date(2026, 3, 1)


class StatementTotalFactory(Announced):
    class Meta:
        model = StatementTotal

    statement = factory.SubFactory(StatementFactory)
    threat_type = factory.LazyFunction(lambda: threat())
    intercepted = 26
    intercepted_status = factory.LazyAttribute(
        lambda o: Reporting.NOT_REPORTED if o.intercepted is None else Reporting.REPORTED
    )


class CitationFactory(Announced):
    class Meta:
        model = Citation

    incident = factory.SubFactory(IncidentFactory, cited=False)
    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://t.me/governor/{n}")
    statement = factory.SubFactory(
        StatementFactory,
        source=factory.SelfAttribute("..source"),
        url=factory.SelfAttribute("..url"),
        date=factory.SelfAttribute("..incident.date"),
    )
    quote = "Air defence destroyed the drones over the region."
    claimed_intercepted = None
    claimed_intercepted_status = factory.LazyAttribute(
        lambda o: Reporting.NOT_REPORTED if o.claimed_intercepted is None else Reporting.REPORTED
    )


# What the admin's forms post ------------------------------------------------------------------


def change_url(incident):
    from django.urls import reverse

    return reverse("admin:incidents_incident_change", args=[incident.pk])


def incident_form(citations=(), **overrides):
    """POST data for the incident add/change form with its citations inline."""
    data = {
        "date": "2026-03-01",
        "window_start_0": "",
        "window_start_1": "",
        "window_end_0": "",
        "window_end_1": "",
        "region": region("RU-KLU").pk,
        "threat_type": threat("uav").pk,
        "intercepted": "40",
        "intercepted_status": Reporting.NOT_REPORTED,
        "damage_types": [d.pk for d in damage("none-reported")],
        "damage_description": "",
        "killed": "0",
        "killed_status": Reporting.REPORTED,
        "injured": "",
        "injured_status": Reporting.NOT_REPORTED,
        "summary": "Air defence destroyed 40 UAVs over Kaluga Oblast overnight.",
        "editor_notes": "",
        "citations-TOTAL_FORMS": str(len(citations)),
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "verification": "official_claim",
    }
    for i, citation in enumerate(citations):
        for key, value in citation.items():
            data[f"citations-{i}-{key}"] = value
    data.update(overrides)
    return data


def citation_form(source, url, quote="Last night air defence destroyed 40 UAVs.", claimed=""):
    return {
        "source": source.pk,
        "url": url,
        "archive_url": "",
        "quote": quote,
        "published_at_0": "2026-03-01",
        "published_at_1": "07:30:00",
        "claimed_intercepted": claimed,
    }


def change_form(incident, **overrides):
    """The change form's data for an incident with its one citation, as a browser would post."""
    citation = incident.citations.get()
    data = incident_form(
        date=incident.date.isoformat(),
        region=incident.region_id,
        threat_type=incident.threat_type_id,
        intercepted="" if incident.intercepted is None else str(incident.intercepted),
        intercepted_status=incident.intercepted_status,
        killed="",
        killed_status=Reporting.NOT_REPORTED,
        injured="",
        injured_status=Reporting.NOT_REPORTED,
        damage_types=[],
        summary=incident.summary,
        status=incident.status,
        verification=incident.verification,
        loaded_version=Incident.objects.get(pk=incident.pk).updated_at.isoformat(),
    )
    data.update(
        {
            "citations-TOTAL_FORMS": "1",
            "citations-INITIAL_FORMS": "1",
            "citations-0-id": citation.pk,
            "citations-0-incident": incident.pk,
            "citations-0-source": citation.source_id,
            "citations-0-url": citation.url,
            "citations-0-archive_url": "",
            "citations-0-quote": citation.quote,
            "citations-0-published_at_0": "",
            "citations-0-published_at_1": "",
            "citations-0-claimed_intercepted": "",
        }
    )
    data.update(overrides)
    return data


# Spreadsheets, hostile ones included ------------------------------------------------------------

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def xlsx_bytes(rows=(), *, sheet_xml=None):
    """An XLSX file with `rows` (lists of cells), or with its sheet's XML replaced by
    `sheet_xml` (to build files no spreadsheet program would write)."""
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    plain = io.BytesIO()
    book.save(plain)
    if sheet_xml is None:
        return plain.getvalue()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(
                item.filename, sheet_xml if item.filename.endswith("sheet1.xml") else data
            )
    return out.getvalue()
