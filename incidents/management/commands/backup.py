"""Write a consistent backup of the database (see docs/operations.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from incidents.backup import backup


class Command(BaseCommand):
    help = "Back up the database: pg_dump (custom format) on PostgreSQL, a snapshot on SQLite."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="File to write (default: var/backups/).")

    def handle(self, output, **options):
        if output is None:
            suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"airdefense-{stamp}.{suffix}"
        path = backup(output)
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path}"))
