"""Write the public record as a Frictionless data package into a folder."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from dashboard.datapackage import TABLES, descriptor, table_rows
from dashboard.exports import csv_chunks


class Command(BaseCommand):
    help = "Write datapackage.json, incidents.csv, citations.csv and regions.csv into a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Public address of the site, for the incident URLs in the files.",
        )

    def handle(self, folder, base_url, **options):
        folder.mkdir(parents=True, exist_ok=True)
        base_url = base_url.rstrip("/")
        for name, table in TABLES.items():
            with open(folder / f"{name}.csv", "wb") as out:
                for chunk in csv_chunks(
                    table_rows(name), base_url=f"{base_url}/incidents/", table=table
                ):
                    out.write(chunk)
        package = descriptor(codebook_url=f"{base_url}/about/data/")
        (folder / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False))
        self.stdout.write(self.style.SUCCESS(f"Wrote the data package to {folder}"))
