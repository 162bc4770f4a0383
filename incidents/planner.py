"""Planner settings for one block of queries: the queries that know better than PostgreSQL's
defaults (a search's page, an export) say so for themselves only."""

from contextlib import contextmanager

from django.db import connections, transaction


def set_locally(cursor, settings):
    """Set each of `settings` ({name: value}) until the end of `cursor`'s transaction, in one
    statement (set_config's "local": a savepoint's rollback undoes it too)."""
    pairs = ", ".join("set_config(%s, %s, true)" for _ in settings)
    cursor.execute(f"SELECT {pairs}", _flat(settings))


@contextmanager
def planned(using, settings):
    """Queries run inside this block on database `using` are planned with `settings`, in a
    transaction of their own; nothing outside it changes. Inside a transaction already (a
    test, a service, a snapshot's one view of the record) the settings it had are set back at
    the end: a savepoint's release keeps what was set inside it until the whole transaction
    ends."""
    connection = connections[using]
    nested = connection.in_atomic_block
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            # One statement either way: what was set before is read ahead of the new values
            # (a target list is evaluated in order).
            names = ", ".join("current_setting(%s)" for _ in settings) if nested else ""
            pairs = ", ".join("set_config(%s, %s, true)" for _ in settings)
            cursor.execute(
                f"SELECT {names}{', ' if names else ''}{pairs}",
                [*(settings if nested else ()), *_flat(settings)],
            )
            row = cursor.fetchone()
            previous = dict(zip(settings, row[: len(settings)], strict=True)) if nested else {}
        yield
        if nested:  # an error rolls the savepoint back, and the settings with it
            with connection.cursor() as cursor:
                set_locally(cursor, previous)


def _flat(settings):
    return [value for item in settings.items() for value in item]
