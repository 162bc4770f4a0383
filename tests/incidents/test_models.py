"""The record's invariants hold in the database itself, whatever writes to it."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from incidents.choices import Reporting
from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory, region, threat

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(incident, **changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(**changes)


def test_database_rejects_negative_counts():
    incident = IncidentFactory(killed=0, injured=0)
    for count in Incident.COUNTS:
        assert_rejected_by_database(incident, **{count: -1})


def test_database_rejects_an_unknown_status():
    assert_rejected_by_database(IncidentFactory(), status="deleted")


def test_database_rejects_a_window_that_ends_before_it_starts():
    start = timezone.now() - dt.timedelta(hours=2)
    assert_rejected_by_database(
        IncidentFactory(), window_start=start, window_end=start - dt.timedelta(minutes=1)
    )


def test_database_keeps_not_reported_apart_from_zero():
    incident = IncidentFactory(intercepted=5)
    # A number while the state says "not reported" (or "withheld") is a contradiction...
    assert_rejected_by_database(incident, intercepted_status=Reporting.NOT_REPORTED)
    assert_rejected_by_database(incident, intercepted_status=Reporting.WITHHELD)
    # ...and so is "reported" without a number.
    assert_rejected_by_database(incident, intercepted=None)
    Incident.objects.filter(pk=incident.pk).update(
        intercepted=None, intercepted_status=Reporting.WITHHELD
    )
    incident.refresh_from_db()
    assert incident.intercepted is None
    assert incident.intercepted_status == Reporting.WITHHELD


def test_database_requires_a_reason_for_a_retraction():
    assert_rejected_by_database(IncidentFactory(), status="retracted", retraction_reason="")


def test_database_rejects_the_same_statement_twice_on_one_incident():
    citation = CitationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CitationFactory(incident=citation.incident, url=citation.url)


def test_model_validation_explains_each_mistake_in_plain_words():
    incident = Incident(
        date=timezone.localdate() + dt.timedelta(days=1),
        window_start=timezone.now(),
        window_end=timezone.now() - dt.timedelta(hours=1),
        region=region(),
        threat_type=threat(),
        intercepted=None,
        intercepted_status=Reporting.REPORTED,
        killed=3,
        killed_status=Reporting.NOT_REPORTED,
        summary="x",
        status=Incident.Status.RETRACTED,
    )
    with pytest.raises(ValidationError) as caught:
        incident.full_clean()
    errors = caught.value.message_dict
    assert "future" in errors["date"][0]
    assert "ends before it starts" in errors["window_end"][0]
    assert "Enter the reported intercepted figure" in errors["intercepted"][0]
    assert "marked 'not reported'" in errors["killed"][0]
    assert "reason" in errors["retraction_reason"][0]


def test_urls_are_stable_and_named():
    incident = IncidentFactory()
    assert incident.get_absolute_url() == f"/en/incidents/{incident.pk}/"
    assert region("RU-KLU").get_absolute_url() == "/en/regions/kaluga-oblast/"


# The record's own models; the history tables simple-history generates are the editors' only.
RECORD_MODELS = [
    model
    for model in apps.get_app_config("incidents").get_models()
    if not model.__name__.startswith("Historical")
]


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_every_field_has_help_text_for_the_codebook(model):
    missing = [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created and not field.help_text
    ]
    assert missing == []


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_every_model_has_its_own_str(model):
    assert model.__str__ is not models.Model.__str__
