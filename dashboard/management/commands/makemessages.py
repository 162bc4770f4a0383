"""Django's makemessages with this project's sources: the app code and templates, not the
virtualenv, tests, benchmarks or generated files; no source locations (smaller diffs when two
people change strings). `make messages` and tests/test_translations.py both run it."""

from django.core.management.commands import makemessages

IGNORED = [
    ".venv",
    "tests",
    "bench",
    "var",
    "staticfiles",
    "static",
    "build",
    "test-output",
    "node_modules",
]


class Command(makemessages.Command):
    # The other names modules give gettext and gettext_lazy (`_t`, `_lazy`: dashboard/charts.py).
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_t", "--keyword=_lazy"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        options["no_location"] = True
        options["no_obsolete"] = True
        return super().handle(*args, **options)
