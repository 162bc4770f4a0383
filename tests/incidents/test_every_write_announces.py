"""Every write to the record announces itself once (incidents.signals.record_changed), so no
cached page outlives it: each write service of incidents.services, enumerated from its
exports, makes a real write here and is heard exactly once."""

import datetime as dt
import inspect

import pytest

from incidents import importer, services
from incidents.choices import Status
from incidents.models import DamageType, Incident, Statement
from incidents.signals import record_changed
from tests.factories import IncidentFactory, SourceFactory, StatementFactory, region, threat

pytestmark = pytest.mark.django_db

COMMAND = services.Command("a test")
# Exported callables that write nothing readers see: a permission question, and the staging
# of an import between its preview and its commit (a private table).
NOT_WRITES = {"may_change", "stage_import", "statement_seen"}


def selected(incident):
    return Incident.objects.filter(pk=incident.pk)


def save_incident(chief):
    incident = IncidentFactory(status=Status.DRAFT)
    yield
    incident.intercepted = 3
    services.save_incident(by=chief, incident=incident)


def restore_revision(chief):
    incident = IncidentFactory(status=Status.DRAFT, intercepted=1)
    incident.intercepted = 2
    services.save_incident(by=chief, incident=incident)
    revision = incident.history.earliest("history_date")
    yield
    services.restore_revision(by=chief, revision=revision)


def delete_drafts(chief):
    draft = IncidentFactory(status=Status.DRAFT)
    yield
    services.delete_drafts(by=chief, incidents=selected(draft))


def save_citation(chief):
    citation = IncidentFactory(status=Status.DRAFT).citations.get()
    yield
    citation.quote = "Other words."
    services.save_citation(by=chief, citation=citation)


def delete_citation(chief):
    citation = IncidentFactory(status=Status.DRAFT).citations.get()
    yield
    services.delete_citation(by=chief, citation=citation)


def publish(chief):
    draft = IncidentFactory(status=Status.DRAFT)
    yield
    services.publish(by=chief, incidents=selected(draft))


def retract(chief):
    published = IncidentFactory()
    yield
    services.retract(by=chief, incidents=selected(published), reason="Wrong night.")


def republish(chief):
    published = IncidentFactory()
    services.retract(by=chief, incidents=selected(published), reason="Wrong night.")
    yield
    services.republish(by=chief, incidents=selected(published), reason="Right night after all.")


def commit_import(chief):
    SourceFactory(name="Governor")
    row = {
        "date": "2026-03-01",
        "region": "Kaluga Oblast",
        "threat_type": "uav",
        "summary": "Drones.",
        "sources": "Governor",
        "source_urls": "https://t.me/g/1",
    }
    pending = services.stage_import(by=chief, filename="f.csv", preview=importer.preview([row]))
    yield
    services.commit_import(by=chief, pending_id=pending.pk)


def save_reference(chief):
    yield
    services.save_reference(by=chief, obj=SourceFactory.build(name="A new ministry"))


def delete_reference(chief):
    damage = DamageType.objects.create(slug="debris", name="Debris", position=99)
    yield
    services.delete_reference(by=COMMAND, obj=damage)


def save_statement(chief):
    statement = StatementFactory()
    yield
    statement.text = "Перехвачены и уничтожены 26 БПЛА."
    services.save_statement(by=chief, statement=statement)


def delete_statement(chief):
    statement = StatementFactory()
    yield
    services.delete_statement(by=chief, statement=statement)


def enter_statement(chief):
    source = SourceFactory(name="Ministry")
    yield
    services.enter_statement(
        by=chief,
        statement=Statement(source=source, url="https://t.me/m/1", date=dt.date(2026, 3, 1)),
        drafts=[
            services.DraftClaim(region=region(iso), threat_type=threat(), quote=iso)
            for iso in ("RU-KLU", "RU-TUL")
        ],
    )


def bulk_loaded(chief):
    yield
    services.bulk_loaded(by=COMMAND)


WRITES = [
    save_incident,
    restore_revision,
    delete_drafts,
    save_citation,
    delete_citation,
    publish,
    retract,
    republish,
    commit_import,
    save_reference,
    delete_reference,
    save_statement,
    delete_statement,
    enter_statement,
    bulk_loaded,
]


def test_every_exported_write_service_is_here():
    exported = {
        name
        for name in services.__all__
        if inspect.isfunction(getattr(services, name)) and name not in NOT_WRITES
    }
    assert exported == {write.__name__ for write in WRITES}


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_a_write_is_announced_once(write, chief):
    heard = []

    def listen(**kwargs):
        heard.append(kwargs)

    steps = write(chief)
    next(steps)  # the set-up, announced by the factories
    record_changed.connect(listen, dispatch_uid="announced-once")
    try:
        next(steps, None)  # the write
    finally:
        record_changed.disconnect(dispatch_uid="announced-once")
    assert len(heard) == 1
