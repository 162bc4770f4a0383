from django.apps import AppConfig
from django.db.backends.signals import connection_created


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self):
        from incidents.sqlite import install_unicode_like
        from incidents.versions import watch_record_models

        connection_created.connect(install_unicode_like, dispatch_uid="incidents.unicode_like")
        watch_record_models()
