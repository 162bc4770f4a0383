"""Write the public record as a Frictionless data package into a folder (the snapshot writer's
files, without a release's date, checksums or read-only guard: `manage.py release` for those)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from dashboard import snapshots


class Command(BaseCommand):
    help = "Write datapackage.json and every table of the data package (CSV) into a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Public address of the site, for the incident URLs in the files.",
        )

    def handle(self, folder, base_url, **options):
        folder.mkdir(parents=True, exist_ok=True)
        files = snapshots.package(lambda stamp: stamp.version)
        snapshots.write(folder, files, site=snapshots.Site(base_url.rstrip("/")), compress=False)
        self.stdout.write(self.style.SUCCESS(f"Wrote the data package to {folder}"))
