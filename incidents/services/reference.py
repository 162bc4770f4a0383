"""Writes to the reference lists (regions, sources, threat and damage types), and the
announcement of rows loaded around the ORM."""

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from incidents import rebuilding
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
    what = gettext_lazy("add this") if action == "add" else gettext_lazy("change this")
    require(by, f"{opts.app_label}.{action}_{opts.model_name}", what)
    obj.save()
    announce()
    return obj


@transaction.atomic
def delete_reference(*, by, obj):
    """Delete a region, source, threat or damage type nothing refers to: a damage type would
    otherwise silently leave the incidents that name it (the others are protected)."""
    opts = obj._meta
    require(by, f"{opts.app_label}.delete_{opts.model_name}", gettext_lazy("delete this"))
    for relation in opts.related_objects:
        if not relation.hidden and getattr(obj, relation.get_accessor_name()).exists():
            raise Refused(
                gettext(
                    "“%(name)s” is named by %(records)s readers see: rename it instead, or take "
                    "it off them first."
                )
                % {"name": obj, "records": relation.related_model._meta.verbose_name_plural}
            )
    obj.delete()
    announce()


def bulk_loaded(*, by):
    """Say that rows were loaded around the ORM (COPY, a restored backup)."""
    if not isinstance(by, Command):
        raise NotAllowed(gettext("Only a command on the server loads rows in bulk."))
    # Bulk loads go around the rollups' triggers (COPY as replica, a restored dump). Not in one
    # transaction of ours: outside the caller's, the rebuild's parts run side by side, each in
    # its own (rebuilding.rebuild); the record's change is announced once they are all in.
    rebuilding.rebuild()
    with transaction.atomic():
        announce()


# Imports ---------------------------------------------------------------------------------------
