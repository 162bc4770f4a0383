"""Hypothesis examples that write to the database, each on its own."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back():
    """Run one example in a savepoint rolled back after it, passed or failed: every example
    (and every replay while Hypothesis shrinks a failure) starts from the same database."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)
