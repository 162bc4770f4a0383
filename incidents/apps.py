"""The record: models, reads (querysets), writes (services), the editors' admin, imports."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")

    def ready(self):
        from incidents.sqlite import install_functions

        connection_created.connect(install_functions, dispatch_uid="incidents.sqlite_functions")
