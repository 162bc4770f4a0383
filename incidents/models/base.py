"""What every editorial record carries: when it was made and changed, and by whom."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audited(models.Model):
    """Created and last changed: when and by which editor (kept when the editor's account goes)."""

    created_at = models.DateTimeField(
        auto_now_add=True, help_text=_("When the record was created."), verbose_name=_("created at")
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        help_text=_("When the record was last changed."),
        verbose_name=_("updated at"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Editor who created the record."),
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Editor who last changed the record."),
        verbose_name=_("updated by"),
    )

    class Meta:
        abstract = True
