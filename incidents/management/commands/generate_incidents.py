"""Generate (or delete) published synthetic incidents for benchmarks and load tests.

    manage.py generate_incidents --count 1000000 --seed 1
    manage.py generate_incidents --delete

A thin command: the generator is a benchmark concern and lives in bench/synthetic/, which the
production image does not carry.
"""

import argparse
import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Generate (or --delete) published synthetic incidents for benchmarks and load tests."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=0, help="How many incidents to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Remove every synthetic incident and the synthetic source (before --count).",
        )
        parser.add_argument(
            "--end-date",
            type=dt.date.fromisoformat,
            help="Last date of the four generated years (default: today).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument("--chunk-size", type=int, default=50_000, help=argparse.SUPPRESS)

    def handle(self, *args, count, seed, delete, end_date, no_progress, chunk_size, **options):
        try:
            import bench.synthetic as synthetic
        except ImportError as error:
            raise CommandError("The generator (bench/synthetic/) is not installed here.") from error
        if count < 0 or chunk_size < 1:
            raise CommandError("--count must be >= 0 and --chunk-size >= 1.")
        if not count and not delete:
            raise CommandError("Give --count N (and --seed S), or --delete.")
        started = time.monotonic()
        if delete:
            synthetic.delete(stdout=self.stdout, stderr=self.stderr)
        if not count:
            return
        progress = None if no_progress else synthetic.Progress(self.stderr, count, "incidents")
        synthetic.load(
            count=count,
            seed=seed,
            end_date=end_date,
            chunk_size=chunk_size,
            progress=progress,
            stderr=self.stderr,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(f"Generated {count:,} synthetic incidents in {elapsed:.1f}s.")
