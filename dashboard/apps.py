"""The public face: pages, charts, files and the API over the record. It reads incidents and
listens for their changes; incidents never import it."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Public dashboard"

    def ready(self):
        from django.core import checks

        from config.security import secret_key_check
        from dashboard.freshness import bump
        from incidents.signals import record_changed

        # Every write to the record makes every cached page stale (dashboard/freshness.py).
        record_changed.connect(bump, dispatch_uid="dashboard.freshness")
        checks.register(secret_key_check, checks.Tags.security)
