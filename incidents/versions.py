"""The record's data version: read by the page cache, changed by every write.

Writes through the ORM (admin, services, import) change it by signal, inside their own
transaction, so a reader sees the new token exactly when it sees the new data; bulk loads that
bypass the ORM (COPY in generate_incidents, restore) call `bump_data_version()` themselves.
Cache invalidation is the one cross-cutting job that signals do best: every writer is covered
without each remembering to do it.
"""

import time
import uuid

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

VERSION_ID = 1


# Each process remembers the token this long before asking the database again, so a busy
# page costs no query at all. A write in this process forgets it at once; other processes see
# the new version within this time.
MEMO_SECONDS = 0.2
_memo = (None, 0.0)  # (token, monotonic time it was read)


def data_version() -> str:
    global _memo
    token, read_at = _memo
    now = time.monotonic()
    if token is not None and now - read_at < MEMO_SECONDS:
        return token
    from incidents.models import DataVersion

    # One primary-key lookup, without building a queryset.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token FROM {DataVersion._meta.db_table} WHERE id = %s", [VERSION_ID]
        )
        row = cursor.fetchone()
    token = row[0] if row else bump_data_version()
    _memo = (token, now)
    return token


def forget_data_version():
    global _memo
    _memo = (None, 0.0)


def bump_data_version() -> str:
    from incidents.models import DataVersion

    forget_data_version()
    token = uuid.uuid4().hex
    values = {"token": token, "changed_at": timezone.now()}
    if not DataVersion.objects.filter(pk=VERSION_ID).update(**values):
        DataVersion.objects.create(pk=VERSION_ID, **values)
    return token


def _bump(**kwargs):
    bump_data_version()


def watch_record_models():
    from incidents.models import (
        Citation,
        Correction,
        DamageType,
        Incident,
        Region,
        Source,
        ThreatType,
    )

    for model in (Incident, Citation, Correction, Region, Source, ThreatType, DamageType):
        uid = f"data-version-{model.__name__}"
        post_save.connect(_bump, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _bump,
        sender=Incident.damage_types.through,
        dispatch_uid="data-version-damage",
    )
