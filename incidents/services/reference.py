"""Writes to the reference lists (regions, sources, threat and damage types), and the
announcement of rows loaded around the ORM."""

from django.db import transaction

from incidents import rollups
from incidents.services.core import (
    Command,
    NotAllowed,
    Refused,
    announce,
    require,
)


@transaction.atomic
def save_reference(*, by, obj):
    """Save a region, source, threat or damage type (their names appear on every page)."""
    opts = obj._meta
    action = "add" if obj._state.adding else "change"
    require(by, f"{opts.app_label}.{action}_{opts.model_name}", f"{action} a {opts.verbose_name}")
    obj.save()
    announce()
    return obj


@transaction.atomic
def delete_reference(*, by, obj):
    """Delete a region, source, threat or damage type nothing refers to: a damage type would
    otherwise silently leave the incidents that name it (the others are protected)."""
    opts = obj._meta
    require(by, f"{opts.app_label}.delete_{opts.model_name}", f"delete a {opts.verbose_name}")
    for relation in opts.related_objects:
        if not relation.hidden and getattr(obj, relation.get_accessor_name()).exists():
            raise Refused(
                f"“{obj}” is named by {relation.related_model._meta.verbose_name_plural} "
                "readers see: rename it instead, or take it off them first."
            )
    obj.delete()
    announce()


def bulk_loaded(*, by):
    """Say that rows were loaded around the ORM (COPY, a restored backup)."""
    if not isinstance(by, Command):
        raise NotAllowed("Only a command on the server loads rows in bulk.")
    with transaction.atomic():
        # Bulk loads go around the rollups' triggers (COPY as replica, a restored dump).
        rollups.rebuild()
        announce()


# Imports ---------------------------------------------------------------------------------------
