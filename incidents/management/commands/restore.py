"""Replace the database's contents with a backup (see docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents import services
from incidents.backup import restore


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
        # Everything may have changed: pages cached before are never served again.
        services.bulk_loaded(by=services.Command("restore"))
        self.stdout.write(self.style.SUCCESS(f"Restored {file}"))
