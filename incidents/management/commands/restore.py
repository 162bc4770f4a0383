"""Replace the database's contents with a backup (see docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.backup import restore
from incidents.versions import bump_data_version


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, replacing everything in the database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, file, yes, **options):
        if not file.exists():
            raise CommandError(f"No backup at {file}.")
        if not yes and input(f"Replace the whole database with {file}? [y/N] ").lower() != "y":
            raise CommandError("Nothing restored.")
        restore(file)
        # Cached pages are keyed by the version: a new one means none cached before is served.
        bump_data_version()
        self.stdout.write(self.style.SUCCESS(f"Restored {file}"))
