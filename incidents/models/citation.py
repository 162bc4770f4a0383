"""Who claimed what: the statements an incident cites, and the public notes on it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from incidents.choices import (
    CorrectionKind,
    Reporting,
)
from incidents.models.incident import (
    FigureFields,
    Incident,
    count_constraints,
)
from incidents.models.reference import Source
from incidents.models.statement import Statement
from incidents.querysets import CorrectionQuerySet

# The (number, state) figures of the model (see incidents.models.incident.count_constraints).
CLAIM_COUNTS = ("claimed_intercepted",)


class Citation(FigureFields, models.Model):
    """A claim: a statement supports an incident, with the clause quoted and the figure claimed.

    The source and URL are the statement's (the services keep them equal: a citation's source
    and URL find its statement); they stay here because the incident's form, its filters and
    the export lists read them.
    """

    COUNTS = CLAIM_COUNTS

    statement = models.ForeignKey(
        Statement,
        on_delete=models.PROTECT,
        # Never null (migration 0028 linked the last ones; the services and the synthetic
        # loader link every citation they write); blank, as the services set it.
        blank=True,
        related_name="claims",
        help_text=_(
            "The statement that makes this claim (the one of this source and URL); set by the "
            "record, never typed."
        ),
        verbose_name=_("statement"),
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="citations",
        help_text=_("The incident this statement supports."),
        verbose_name=_("incident"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        help_text=_("Who made the statement."),
        verbose_name=_("source"),
    )
    url = models.URLField(
        _("statement URL"), max_length=1000, help_text=_("Link to the statement itself.")
    )
    archive_url = models.URLField(
        _("archive URL"),
        max_length=1000,
        blank=True,
        help_text=_("Link to an archived copy (e.g. the Wayback Machine or archive.today)."),
    )
    quote = models.TextField(
        blank=True,
        help_text=_(
            "The relevant words of the statement, quoted exactly; empty only where none was "
            "recorded (e.g. an imported row), which the incident's page then says."
        ),
        verbose_name=_("quote"),
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the source published the statement."),
        verbose_name=_("published at"),
    )
    claimed_intercepted = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "The intercepted count this source claimed, where sources disagree "
            "(e.g. 40 according to the governor, 38 according to the ministry)."
        ),
        verbose_name=_("claimed intercepted"),
    )
    claimed_intercepted_status = models.CharField(
        _("claimed intercepted count"),
        max_length=20,
        choices=Reporting,
        default=Reporting.NOT_REPORTED,
        db_default=Reporting.NOT_REPORTED,
        help_text=_(
            "Whether this source gave the intercepted figure for this incident, did not, or "
            "withheld it."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["published_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "url"], name="citation_url_unique_per_incident"
            ),
            *count_constraints(CLAIM_COUNTS, prefix="citation"),
        ]

    def __str__(self):
        return f"{self.source} — {self.url}"


class Correction(models.Model):
    """A dated public note on an incident: a correction of its figures, or its retraction."""

    Kind = CorrectionKind

    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="corrections",
        help_text=_("The incident this note is about."),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=Kind,
        help_text=_("A correction of figures, or a retraction."),
    )
    note = models.TextField(
        verbose_name=_("note"),
        help_text=_("What changed and why, for readers, e.g. 'the governor revised the count'."),
    )
    changes = models.TextField(
        verbose_name=_("changes"),
        blank=True,
        help_text=_("The changed figures, old and new, as recorded by the admin."),
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"),
        default=timezone.now,
        help_text=_("When the correction was made."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Editor who made the correction (not shown publicly)."),
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="correction_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values), name="correction_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(note=""), name="correction_has_note"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.created_at:%Y-%m-%d}: {self.incident}"

    def get_absolute_url(self):
        return f"{self.incident.get_absolute_url()}#correction-{self.pk}"
