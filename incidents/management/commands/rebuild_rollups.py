"""Recompute the daily rollups from the incidents (PostgreSQL keeps them exact by itself; this
is for after surgery on the database, and what bulk loads run)."""

from django.core.management.base import BaseCommand

from incidents import rebuilding, rollups, services


class Command(BaseCommand):
    help = "Recompute the daily rollups of published incidents from scratch."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only compare them with the incidents."
        )

    def handle(self, *args, check, **options):
        if not rollups.available():
            self.stdout.write("This database keeps no rollups (figures read the incidents).")
            return
        if check:
            differing = rebuilding.differences()
            for name, _, _ in differing:
                self.stderr.write(f"{name} differs from the incidents.")
            self.stdout.write("Exact." if not differing else "Run without --check to rebuild.")
            if differing:
                raise SystemExit(1)
            return
        services.bulk_loaded(by=services.Command("rebuild_rollups"))
        self.stdout.write("Rebuilt.")
