"""Write a dated, immutable release of the whole data package (dashboard/releases.py).

manage.py release [--site-url https://incidents.example.org] [--directory var/releases]
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dashboard import releases, snapshots


class Command(BaseCommand):
    help = "Write the data package of the current data version as a dated, read-only release."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="Public address (https://host) for the links in the files (default SITE_URL).",
        )
        parser.add_argument(
            "--directory",
            default=settings.RELEASE_DIR,
            help="Where releases are kept (default RELEASE_DIR).",
        )

    def handle(self, *args, site_url, directory, **options):
        if not site_url:
            raise CommandError("Give --site-url https://host, or set SITE_URL.")
        try:
            path = releases.release(snapshots.Site(site_url.rstrip("/")), directory)
        except releases.Exists as exists:
            raise CommandError(f"{exists} exists already; a release is never changed.") from None
        self.stdout.write(self.style.SUCCESS(f"Released {path} (check: sha256sum -c SHA256SUMS)"))
