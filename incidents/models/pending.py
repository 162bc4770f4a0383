"""Work in progress that is not the record: an import waiting for its commit."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PendingImport(models.Model):
    """An import checked in a preview, waiting for a chief editor's go-ahead (for an hour).

    It holds the checked rows as plain values, not the file: the commit writes them without
    reading the file again.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The chief editor who previewed the file; only they can commit it.",
    )
    created_at = models.DateTimeField(default=timezone.now, help_text="When it was previewed.")
    filename = models.CharField(max_length=255, help_text="The uploaded file's name.")
    rows = models.JSONField(help_text="The checked new rows, ready to write as drafts.")
    skipped = models.PositiveIntegerField(
        default=0, help_text="Rows already in the record, which the commit skips."
    )
    has_duplicates = models.BooleanField(
        default=False, help_text="Whether some rows look like incidents already recorded."
    )

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="pending_import_created_idx")]

    def __str__(self):
        return (
            f"{self.filename} ({len(self.rows)} rows, previewed {self.created_at:%Y-%m-%d %H:%M})"
        )
