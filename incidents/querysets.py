"""Read logic for incidents: one method per use, so views never build queries by hand."""

from django.db import models


class IncidentQuerySet(models.QuerySet):
    def published(self):
        """The only rows the public ever sees: drafts and retractions never leave the admin."""
        return self.filter(status="published")

    def for_table(self):
        """What a list of incidents shows, fetched in one query."""
        return self.select_related("region", "threat_type")

    def for_detail(self):
        """One incident with everything its public page shows."""
        return self.select_related("region", "threat_type").prefetch_related(
            "damage_types",
            models.Prefetch(
                "citations",
                queryset=self.model.citations.rel.related_model.objects.select_related("source"),
            ),
        )
