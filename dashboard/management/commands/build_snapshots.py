"""Write the snapshot of the current data version, if it is not there yet.

    manage.py build_snapshots [--site-url https://incidents.example.org] [--nice]

Run it from a timer (docs/operations.md) and let requests start it when they find the snapshot
stale (dashboard/snapshots.py): one builder at a time (a lock file), so it returns at once when
another is at work, and at once when the snapshot is current.
"""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from dashboard import snapshots


class Command(BaseCommand):
    help = "Write the whole-record downloads of the current data version as files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="Public address (https://host) for the links in the files (default SITE_URL).",
        )
        parser.add_argument(
            "--nice", action="store_true", help="Run at a lower CPU priority than the web."
        )

    def handle(self, *args, site_url, nice, **options):
        if not settings.SNAPSHOT_DIR:
            raise CommandError("SNAPSHOT_DIR is empty: snapshots are turned off.")
        if not site_url:
            raise CommandError("Give --site-url https://host, or set SITE_URL.")
        if nice:
            os.nice(10)
        started = time.monotonic()
        try:
            outcome = snapshots.build(snapshots.Site(site_url.rstrip("/")))
        except (OperationalError, InterfaceError) as error:  # an outage: said once, no trace
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            message = f"No snapshot built: the database cannot be read ({first_line})."
            raise CommandError(message) from None
        took = time.monotonic() - started
        self.stdout.write(
            {
                "built": f"Built the snapshot of the current data version in {took:.1f}s.",
                "current": "The snapshot of the current data version is there already.",
                "busy": "Another build is running; nothing done.",
                "moved": "The record changed while it was read; run again.",
            }[outcome]
        )
